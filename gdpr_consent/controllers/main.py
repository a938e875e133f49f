# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
import logging

from werkzeug.urls import url_encode

from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request
from odoo.tools import format_date

from ..models.gdpr_consent_double_opt_in import GdprRateLimitError

_logger = logging.getLogger(__name__)

PREFERENCE_ACTIONS = ("grant", "withdraw", "object")
MAX_ID = 2**31 - 1  # ids are PostgreSQL integers


class GdprConsentController(http.Controller):
    """Public pages: double opt-in confirmation and preference center.

    Pages opened with GET never change anything (mail scanners fetch links);
    changes happen only on POST with a CSRF token. Any invalid link gives the
    same neutral page, whatever was wrong with it.
    """

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _gdpr_languages(self):
        return request.env["res.lang"].get_installed()

    def _gdpr_lang(self, partner=None, lang=None):
        installed = dict(self._gdpr_languages())
        if lang in installed:
            return lang
        if partner and partner.lang in installed:
            return partner.lang
        return request.env["ir.http"]._get_default_lang().code

    def _gdpr_render(self, template, values, lang, status=200):
        request.update_context(lang=lang)
        values = dict(
            values,
            lang=lang,
            languages=self._gdpr_languages(),
            res_company=request.env.company.sudo(),
            html_data={"lang": lang.replace("_", "-")},
        )
        return request.render(template, values, status=status)

    def _gdpr_invalid(self, lang=None):
        # the language switch reloads the same (invalid) address
        return self._gdpr_render(
            "gdpr_consent.page_invalid_link",
            {"switch_url": request.httprequest.path},
            self._gdpr_lang(lang=lang),
            status=404,
        )

    # ------------------------------------------------------------------
    # Double opt-in
    # ------------------------------------------------------------------

    @http.route(
        "/gdpr/consent/confirm/<int:consent_id>/<string:token>",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        sitemap=False,
    )
    def gdpr_consent_confirm(self, consent_id, token, lang=None, **post):
        consent = request.env["gdpr.consent"]
        if 0 < consent_id <= MAX_ID:
            consent = consent._gdpr_check_double_opt_in_token(consent_id, token)
        if not consent:
            return self._gdpr_invalid(lang)
        lang = self._gdpr_lang(consent.partner_id, lang)
        action_url = f"/gdpr/consent/confirm/{consent.id}/{token}"
        values = {
            "consent": consent.with_context(lang=lang),
            "text": consent.text_id.with_context(lang=lang),
            "action_url": action_url,
            "switch_url": action_url,
        }
        if request.httprequest.method != "POST":
            return self._gdpr_render("gdpr_consent.page_confirm", values, lang)
        consent._gdpr_confirm_double_opt_in()
        # the link is used up: the thank-you page gets its own signed address
        receipt = (
            f"/gdpr/consent/confirmed/{consent.id}/{consent._gdpr_receipt_token()}"
        )
        return request.redirect(f"{receipt}?{url_encode({'lang': lang})}", code=303)

    @http.route(
        "/gdpr/consent/confirmed/<int:consent_id>/<string:token>",
        type="http",
        auth="public",
        methods=["GET"],
        sitemap=False,
    )
    def gdpr_consent_confirmed(self, consent_id, token, lang=None, **kwargs):
        consent = request.env["gdpr.consent"]
        if 0 < consent_id <= MAX_ID:
            consent = consent._gdpr_check_receipt_token(consent_id, token)
        if not consent:
            return self._gdpr_invalid(lang)
        lang = self._gdpr_lang(consent.partner_id, lang)
        values = {
            "consent": consent.with_context(lang=lang),
            "switch_url": f"/gdpr/consent/confirmed/{consent.id}/{token}",
        }
        return self._gdpr_render("gdpr_consent.page_confirmed", values, lang)

    # ------------------------------------------------------------------
    # Preference center
    # ------------------------------------------------------------------

    @http.route("/gdpr/preferences", type="http", auth="public", sitemap=False)
    def gdpr_preferences_generic(self, lang=None, **kwargs):
        """Target of the generic link in mailings sent without a recipient."""
        return self._gdpr_render(
            "gdpr_consent.page_preferences_generic",
            {"switch_url": "/gdpr/preferences"},
            self._gdpr_lang(lang=lang),
        )

    def _gdpr_preference_partner(self, partner_id, token):
        if not 0 < partner_id <= MAX_ID:
            return None
        partner = request.env["res.partner"].sudo().browse(partner_id).exists()
        if partner and partner._gdpr_check_preference_token(token):
            return partner
        return None

    def _gdpr_preference_rows(self, partner, lang):
        Purpose = request.env["gdpr.purpose"].sudo().with_context(lang=lang)
        Text = request.env["gdpr.consent.text"].sudo().with_context(lang=lang)
        consents = {
            (consent.purpose_id.id, consent.channel_id.id): consent
            for consent in partner.gdpr_consent_ids
        }
        env = Purpose.env
        state_labels = dict(
            env["gdpr.consent"]._fields["state"]._description_selection(env)
        )
        rows = []
        for purpose in Purpose.search([("is_marketing", "=", True)]):
            # offered: channels with a text naming them; a consent given
            # earlier can always be withdrawn, offered or not
            held = partner.gdpr_consent_ids.filtered(
                lambda c, p=purpose: (
                    c.purpose_id == p and c.state in ("granted", "pending")
                )
            ).channel_id
            shown = purpose._gdpr_offered_channels() | held
            channels = []
            for channel in shown.sorted().with_context(lang=lang):
                consent = consents.get((purpose.id, channel.id))
                state = consent.state if consent else False
                if state == "granted" and not consent.is_valid:
                    state = "expired"
                channels.append(
                    {
                        "channel": channel,
                        "consent": consent,
                        "state": state,
                        "state_label": state_labels.get(state) or env._("No consent"),
                        "text": Text._gdpr_get_current(purpose, channel),
                    }
                )
            if channels:
                rows.append({"purpose": purpose, "channels": channels})
        return rows

    @http.route(
        "/gdpr/preferences/<int:partner_id>/<string:token>",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        sitemap=False,
    )
    def gdpr_preferences(self, partner_id, token, lang=None, done=None, **post):
        partner = self._gdpr_preference_partner(partner_id, token)
        if not partner:
            return self._gdpr_invalid(lang)
        lang = self._gdpr_lang(partner, lang)
        url = f"/gdpr/preferences/{partner.id}/{token}"
        if request.httprequest.method == "POST":
            done = self._gdpr_preferences_update(partner, post, lang)
            return request.redirect(
                f"{url}?{url_encode({'lang': lang, 'done': done})}", code=303
            )
        request.update_context(lang=lang)
        messages = {
            "granted": request.env._("Thank you: your consent was recorded."),
            "confirmation_sent": request.env._(
                "We sent you an email: please confirm your consent with the "
                "link it contains."
            ),
            "withdrawn": request.env._("Your consent was withdrawn."),
            "objected": request.env._(
                "Your objection was recorded: we will not contact you for "
                "advertising any more."
            ),
            "error": request.env._(
                "Your request could not be processed. Please contact us."
            ),
            "objection_unconfirmed": request.env._(
                "Nothing was changed: please tick the box to confirm your "
                "objection to all advertising."
            ),
            "rate_limited": request.env._(
                "We already sent you a confirmation email. Please confirm it "
                "with the link it contains, or try again later."
            ),
        }
        values = {
            "partner": partner.with_context(lang=lang),
            "rows": self._gdpr_preference_rows(partner, lang),
            "action_url": url,
            "message": messages.get(done),
            "message_type": "danger"
            if done == "error"
            else "warning"
            if done in ("rate_limited", "objection_unconfirmed")
            else "success",
            "objection_date": partner.gdpr_advertising_objection
            and format_date(request.env, partner.gdpr_objection_date, lang_code=lang),
        }
        return self._gdpr_render("gdpr_consent.page_preferences", values, lang)

    def _gdpr_preferences_update(self, partner, post, lang=None):
        """Parse one change of the preference center and hand it to the
        consent services; return the message key. What the person receives
        (the confirmation email) is in ``lang``, the language of the page."""
        action = post.get("action")
        if action not in PREFERENCE_ACTIONS:
            return "error"
        env = request.env
        if action == "object":
            # an objection withdraws everything: the person ticks to confirm
            if not post.get("confirm_objection"):
                return "objection_unconfirmed"
            partner._gdpr_object_to_advertising(source="preference_center")
            return "objected"
        try:
            purpose_id = int(post.get("purpose_id"))
            channel_id = int(post.get("channel_id"))
        except (TypeError, ValueError):
            return "error"
        if not (0 < purpose_id <= MAX_ID and 0 < channel_id <= MAX_ID):
            return "error"
        purpose = env["gdpr.purpose"].sudo().browse(purpose_id)
        channel = env["gdpr.channel"].sudo().browse(channel_id)
        if (
            not purpose.exists()
            or not purpose.is_marketing
            or not channel.exists()
            or (action == "grant" and channel not in purpose._gdpr_offered_channels())
        ):
            return "error"
        try:
            with env.cr.savepoint():
                Consent = env["gdpr.consent"].with_context(gdpr_lang=lang)
                outcome = Consent._gdpr_record_consent(
                    partner,
                    purpose,
                    channel,
                    action,
                    source="preference_center",
                    lift_objection=True,
                )[channel.id]
        except GdprRateLimitError:
            return "rate_limited"
        except (UserError, ValidationError) as error:
            _logger.info("Preference center change refused: %s", error)
            return "error"
        if outcome == "unchanged":
            return "granted" if action == "grant" else "error"
        return outcome
