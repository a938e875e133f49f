# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from markupsafe import Markup

from odoo import api, models


class GdprConsent(models.Model):
    """Consents and Odoo's email and phone blacklists stay in step."""

    _inherit = "gdpr.consent"

    # ------------------------------------------------------------------
    # Blacklist synchronisation (no loops: the other side is told not to
    # call back, and only consents that actually change trigger a sync)
    # ------------------------------------------------------------------

    def _gdpr_partner_emails(self):
        return self.partner_id._gdpr_emails()

    def _gdpr_partner_numbers(self):
        return self.partner_id._gdpr_phone_numbers()

    def _gdpr_sync_blacklist_on_grant(self):
        if self.env.context.get("gdpr_consent_no_blacklist_sync"):
            return
        message = Markup("<p>%s</p>") % self.env._(
            "Consent granted again (GDPR consent)."
        )
        email_consents = self.filtered(lambda c: c.channel_id.blacklist_type == "email")
        emails = email_consents._gdpr_partner_emails()
        if emails:
            blacklisted = (
                self.env["mail.blacklist"]
                .sudo()
                .search([("email", "in", list(emails))])
            )
            for entry in blacklisted:
                entry.with_context(gdpr_consent_no_blacklist_sync=True)._remove(
                    entry.email, message=message
                )
            self.env["res.partner"].invalidate_model(["is_blacklisted"])
        phone_consents = self.filtered(lambda c: c.channel_id.blacklist_type == "phone")
        numbers = phone_consents._gdpr_partner_numbers()
        if numbers:
            blacklisted = (
                self.env["phone.blacklist"]
                .sudo()
                .search([("number", "in", list(numbers))])
            )
            if blacklisted:
                blacklisted.with_context(gdpr_consent_no_blacklist_sync=True)._remove(
                    blacklisted.mapped("number"), message=message
                )
                self.env["res.partner"].invalidate_model(["phone_blacklisted"])

    def _gdpr_sync_blacklist_on_withdraw(self):
        """Blacklist addresses that have no granted consent left on their kind
        of channel (Art. 7(3) GDPR: withdrawing must be as easy as granting)."""
        if self.env.context.get("gdpr_consent_no_blacklist_sync"):
            return
        message = Markup("<p>%s</p>") % self.env._(
            "Every consent for this channel was withdrawn (GDPR consent)."
        )
        Consent = self.sudo()
        email_consents = self.filtered(lambda c: c.channel_id.blacklist_type == "email")
        emails = email_consents._gdpr_partner_emails()
        if emails:
            still = Consent.search(
                [
                    ("state", "=", "granted"),
                    ("channel_id.blacklist_type", "=", "email"),
                    ("partner_id.email_normalized", "in", list(emails)),
                ]
            )
            remaining = emails - still._gdpr_partner_emails()
            Blacklist = (
                self.env["mail.blacklist"]
                .sudo()
                .with_context(gdpr_consent_no_blacklist_sync=True)
            )
            for email in sorted(remaining):
                Blacklist._add(email, message=message)
            self.env["res.partner"].invalidate_model(["is_blacklisted"])
        phone_consents = self.filtered(lambda c: c.channel_id.blacklist_type == "phone")
        numbers = phone_consents._gdpr_partner_numbers()
        if numbers:
            still = Consent.search(
                [
                    ("state", "=", "granted"),
                    ("channel_id.blacklist_type", "=", "phone"),
                    ("partner_id", "in", phone_consents.partner_id.ids),
                ]
            )
            remaining = numbers - still._gdpr_partner_numbers()
            if remaining:
                self.env["phone.blacklist"].sudo().with_context(
                    gdpr_consent_no_blacklist_sync=True
                )._add(sorted(remaining), message=message)
                self.env["res.partner"].invalidate_model(["phone_blacklisted"])

    @api.model
    def _gdpr_withdraw_for_blacklist(self, domain, channel_type, source="blacklist"):
        """Withdraw granted or pending consents after a blacklist addition."""
        if self.env.context.get("gdpr_consent_no_blacklist_sync"):
            return self.browse()
        consents = self.sudo().search(
            domain
            + [
                ("state", "in", ("granted", "pending")),
                ("channel_id.blacklist_type", "=", channel_type),
            ]
        )
        source = self.env.context.get("gdpr_consent_event_source") or source
        detail = self.env.context.get("gdpr_consent_event_detail")
        return consents.with_context(
            gdpr_consent_no_blacklist_sync=True
        )._gdpr_set_state("withdrawn", source=source, source_detail=detail)
