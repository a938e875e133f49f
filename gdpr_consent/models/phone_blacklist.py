# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo import api, models


class PhoneBlacklist(models.Model):
    _inherit = "phone.blacklist"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records.filtered("active")._gdpr_withdraw_consents()
        return records

    def write(self, vals):
        res = super().write(vals)
        if vals.get("active") or "number" in vals:
            self.filtered("active")._gdpr_withdraw_consents()
        return res

    def _gdpr_withdraw_consents(self):
        """A blacklisted number has withdrawn its phone and SMS consents."""
        numbers = [number for number in self.mapped("number") if number]
        if not numbers or self.env.context.get("gdpr_consent_no_blacklist_sync"):
            return
        self.env["gdpr.consent"]._gdpr_withdraw_for_blacklist(
            [("partner_id.phone_sanitized", "in", numbers)], "phone"
        )
