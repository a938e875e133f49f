# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo import api, models


class MailBlacklist(models.Model):
    _inherit = "mail.blacklist"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records.filtered("active")._gdpr_withdraw_consents()
        return records

    def write(self, vals):
        res = super().write(vals)
        if vals.get("active") or "email" in vals:
            self.filtered("active")._gdpr_withdraw_consents()
        return res

    def _gdpr_withdraw_consents(self):
        """A blacklisted address has withdrawn its email consents (Art. 7(3))."""
        emails = [email for email in self.mapped("email") if email]
        if not emails or self.env.context.get("gdpr_consent_no_blacklist_sync"):
            return
        self.env["gdpr.consent"]._gdpr_withdraw_for_blacklist(
            [("partner_id.email_normalized", "in", emails)], "email"
        )
