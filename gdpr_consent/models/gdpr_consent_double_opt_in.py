# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
import re
import secrets
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import consteq, email_normalize

from .gdpr_consent import gdpr_days_param, gdpr_sign

DOI_VALIDITY_PARAM = "gdpr_consent.double_opt_in_validity_days"
DOI_VALIDITY_DEFAULT = 14
# No mail bombing through the confirmation request: one per consent every
# few minutes, a few per person and day.
DOI_MIN_INTERVAL = timedelta(minutes=5)
DOI_MAX_PER_DAY = 3
# what gdpr_sign produces; anything else is refused before comparing
SIGNATURE_RE = re.compile(r"[0-9a-f]{64}")


class GdprRateLimitError(UserError):
    """Too many confirmation emails: the person is protected from mail bombs."""


class GdprConsent(models.Model):
    """Double opt-in: the person confirms an email consent with a signed,
    expiring link that only a POST with CSRF token uses (Art. 7(1) GDPR)."""

    _inherit = "gdpr.consent"

    # ------------------------------------------------------------------
    # Double opt-in
    # ------------------------------------------------------------------

    @api.model
    def _gdpr_double_opt_in_days(self):
        return gdpr_days_param(self.env, DOI_VALIDITY_PARAM, DOI_VALIDITY_DEFAULT)

    def _gdpr_double_opt_in_token(self):
        """Signed token of the pending confirmation; False when none is open.

        It covers the consent, the email address, the purpose and a nonce that
        changes with every request and is cleared on any other state change,
        so a used, withdrawn or superseded link can never be replayed.
        """
        self.ensure_one()
        consent = self.sudo()
        if not consent.doi_nonce or not consent.doi_expiry:
            return False
        return gdpr_sign(
            self.env,
            "gdpr_consent.double_opt_in",
            consent.id,
            email_normalize(consent.partner_id.email) or "",
            consent.purpose_id.code,
            consent.doi_nonce,
            fields.Datetime.to_string(consent.doi_expiry),
        )

    @api.model
    def _gdpr_check_double_opt_in_token(self, consent_id, token):
        """Return the pending consent the token opens, or an empty recordset.

        Every failure (unknown id, forged, tampered, expired, used or replayed
        token) gives the same empty result.
        """
        if not isinstance(token, str) or not SIGNATURE_RE.fullmatch(token):
            return self.browse()
        consent = self.sudo().browse(int(consent_id)).exists()
        if not consent:
            return self.browse()
        expected = consent._gdpr_double_opt_in_token()
        valid = bool(expected) and consteq(expected, token)
        if (
            not valid
            or consent.state != "pending"
            or consent.doi_expiry < fields.Datetime.now()
        ):
            return self.browse()
        return consent

    def action_request_double_opt_in(self, source="email", source_detail=None):
        """Send the confirmation email and set the consents pending."""
        self.check_access("write")
        template = self.env.ref("gdpr_consent.mail_template_gdpr_double_opt_in")
        days = self._gdpr_double_opt_in_days()
        now = fields.Datetime.now()
        for consent in self:
            text = consent._gdpr_check_can_request(now)
            consent._gdpr_set_state(
                "pending", source=source, source_detail=source_detail, text=text
            )
            consent._gdpr_write(
                {
                    "doi_nonce": secrets.token_urlsafe(24),
                    "doi_requested": now,
                    "doi_expiry": now + timedelta(days=days),
                }
            )
            # The link is the person's secret: the mail belongs to no document
            # and no user (the company sends it; deleted once sent), and the
            # consent's history records that a request was sent.
            template.sudo().send_mail(
                consent.id,
                email_layout_xmlid="mail.mail_notification_light",
                email_values={
                    "model": False,
                    "res_id": False,
                    "author_id": consent.partner_id.company_id.partner_id.id
                    or self.env.company.partner_id.id,
                },
            )
        return True

    def _gdpr_check_can_request(self, now):
        """Raise a translated error when no confirmation can be asked for;
        return the consent text to ask with."""
        self.ensure_one()
        consent = self
        Text = self.env["gdpr.consent.text"]
        partner = consent.partner_id
        if consent.state == "granted":
            raise UserError(
                self.env._(
                    "%(partner)s already granted the consent for %(purpose)s "
                    "(%(channel)s).",
                    partner=partner.display_name,
                    purpose=consent.purpose_id.display_name,
                    channel=consent.channel_id.display_name,
                )
            )
        consent._gdpr_check_address(email=True)
        consent._gdpr_check_request_rate(now)
        text = Text._gdpr_get_current(consent.purpose_id, consent.channel_id)
        if not text:
            raise UserError(
                self.env._(
                    "There is no consent text for %(purpose)s (%(channel)s): "
                    "write one before asking for consent.",
                    purpose=consent.purpose_id.display_name,
                    channel=consent.channel_id.display_name,
                )
            )
        return text

    def _gdpr_check_request_rate(self, now):
        self.ensure_one()
        consent = self.sudo()
        if consent.doi_requested and consent.doi_requested > now - DOI_MIN_INTERVAL:
            raise GdprRateLimitError(
                self.env._(
                    "A confirmation email for this consent was sent a few minutes "
                    "ago. Please wait before sending another one."
                )
            )
        sent_today = (
            self.env["gdpr.consent.event"]
            .sudo()
            .search_count(
                [
                    ("partner_id", "=", consent.partner_id.id),
                    ("new_state", "=", "pending"),
                    ("old_state", "!=", False),
                    ("date", ">", now - timedelta(days=1)),
                ]
            )
        )
        if sent_today >= DOI_MAX_PER_DAY:
            raise GdprRateLimitError(
                self.env._(
                    "%(count)s confirmation emails were sent to %(partner)s in "
                    "the last 24 hours. No further one is sent today.",
                    count=sent_today,
                    partner=consent.partner_id.display_name,
                )
            )

    def _gdpr_receipt_token(self):
        """Signed token of the page shown after the confirmation, so that it
        can be reloaded in another language; False when not confirmed."""
        self.ensure_one()
        consent = self.sudo()
        if consent.state != "granted" or not consent.date_confirmed:
            return False
        return gdpr_sign(
            self.env,
            "gdpr_consent.confirmed",
            consent.id,
            email_normalize(consent.partner_id.email) or "",
            fields.Datetime.to_string(consent.date_confirmed),
        )

    @api.model
    def _gdpr_check_receipt_token(self, consent_id, token):
        """The confirmed consent the token opens (for as long as a
        confirmation link is valid), else an empty recordset."""
        if not isinstance(token, str) or not SIGNATURE_RE.fullmatch(token):
            return self.browse()
        consent = self.sudo().browse(int(consent_id)).exists()
        expected = consent and consent._gdpr_receipt_token()
        if not expected or not consteq(expected, token):
            return self.browse()
        days = self._gdpr_double_opt_in_days()
        if consent.date_confirmed < fields.Datetime.now() - timedelta(days=days):
            return self.browse()
        return consent

    def _gdpr_confirm_double_opt_in(self):
        """The person confirmed with the link: the consent is granted with the
        evidence of this web request."""
        self.ensure_one()
        return self._gdpr_set_state(
            "granted", source="double_opt_in", text=self.text_id
        )
