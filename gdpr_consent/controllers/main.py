# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
import logging

from werkzeug.urls import url_encode

from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

_logger = logging.getLogger(__name__)

PREFERENCE_ACTIONS = ("grant", "withdraw", "object")


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

    def _gdpr_client(self):
        httprequest = request.httprequest
        return {
            "ip_address": httprequest.remote_addr,
            "user_agent": (httprequest.user_agent.string or "")[:255],
        }

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
        return self._gdpr_render(
            "gdpr_consent.page_invalid_link", {}, self._gdpr_lang(lang=lang), status=404
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
        consent = request.env["gdpr.consent"]._gdpr_check_double_opt_in_token(
            consent_id, token
        )
        if not consent:
            return self._gdpr_invalid(lang)
        lang = self._gdpr_lang(consent.partner_id, lang)
        values = {
            "consent": consent.with_context(lang=lang),
            "text": consent.text_id.with_context(lang=lang),
            "action_url": f"/gdpr/consent/confirm/{consent.id}/{token}",
        }
        if request.httprequest.method != "POST":
            return self._gdpr_render("gdpr_consent.page_confirm", values, lang)
        consent._gdpr_confirm_double_opt_in(**self._gdpr_client())
        return self._gdpr_render("gdpr_consent.page_confirmed", values, lang)

    # ------------------------------------------------------------------
    # Preference center
    # ------------------------------------------------------------------

    @http.route("/gdpr/preferences", type="http", auth="public", sitemap=False)
    def gdpr_preferences_generic(self, lang=None, **kwargs):
        """Target of the generic link in mailings sent without a recipient."""
        return self._gdpr_render(
            "gdpr_consent.page_preferences_generic", {}, self._gdpr_lang(lang=lang)
        )

    def _gdpr_preference_partner(self, partner_id, token):
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
            channels = []
            for channel in purpose._gdpr_consent_channels().with_context(lang=lang):
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
            done = self._gdpr_preferences_update(partner, post)
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
        }
        values = {
            "partner": partner.with_context(lang=lang),
            "rows": self._gdpr_preference_rows(partner, lang),
            "action_url": url,
            "message": messages.get(done),
            "message_type": "danger" if done == "error" else "success",
        }
        return self._gdpr_render("gdpr_consent.page_preferences", values, lang)

    def _gdpr_preferences_update(self, partner, post):
        """Apply one change of the preference center; return the message key."""
        action = post.get("action")
        if action not in PREFERENCE_ACTIONS:
            return "error"
        client = self._gdpr_client()
        env = request.env
        if action == "object":
            partner._gdpr_object_to_advertising(source="preference_center", **client)
            return "objected"
        try:
            purpose = env["gdpr.purpose"].sudo().browse(int(post.get("purpose_id")))
            channel = env["gdpr.channel"].sudo().browse(int(post.get("channel_id")))
        except (TypeError, ValueError):
            return "error"
        if (
            not purpose.exists()
            or not purpose.is_marketing
            or not channel.exists()
            or channel not in purpose._gdpr_consent_channels()
        ):
            return "error"
        Consent = env["gdpr.consent"].sudo()
        consent = Consent.search(
            [
                ("partner_id", "=", partner.id),
                ("purpose_id", "=", purpose.id),
                ("channel_id", "=", channel.id),
            ]
        )
        try:
            with env.cr.savepoint():
                if action == "withdraw":
                    if consent.state not in ("granted", "pending"):
                        return "error"
                    consent._gdpr_set_state(
                        "withdrawn", source="preference_center", **client
                    )
                    return "withdrawn"
                text = (
                    env["gdpr.consent.text"].sudo()._gdpr_get_current(purpose, channel)
                )
                if not text:
                    return "error"
                if partner.gdpr_advertising_objection:
                    partner.write(
                        {
                            "gdpr_advertising_objection": False,
                            "gdpr_objection_date": False,
                        }
                    )
                if channel.double_opt_in:
                    if not consent:
                        consent = Consent.create(
                            {
                                "partner_id": partner.id,
                                "purpose_id": purpose.id,
                                "channel_id": channel.id,
                                "state": "pending",
                                "source": "preference_center",
                                "text_id": text.id,
                                **client,
                            }
                        )
                    elif consent.state == "granted":
                        return "granted"
                    consent.action_request_double_opt_in(source="preference_center")
                    return "confirmation_sent"
                if consent:
                    consent._gdpr_set_state(
                        "granted", source="preference_center", text=text, **client
                    )
                else:
                    Consent.create(
                        {
                            "partner_id": partner.id,
                            "purpose_id": purpose.id,
                            "channel_id": channel.id,
                            "state": "granted",
                            "source": "preference_center",
                            "text_id": text.id,
                            **client,
                        }
                    )
                return "granted"
        except (UserError, ValidationError) as error:
            _logger.info("Preference center change refused: %s", error)
            return "error"
