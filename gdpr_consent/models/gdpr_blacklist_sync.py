# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo import api, models


class GdprBlacklistSync(models.AbstractModel):
    """Blacklisting an address or number withdraws its consents (Art. 7(3)).

    Mixed into ``mail.blacklist`` and ``phone.blacklist``; each names the
    column it blacklists, the partner field holding the same value, and the
    channel whose consents it withdraws.
    """

    _name = "gdpr.blacklist.sync"
    _description = "Blacklist to Consent Synchronisation"
    _gdpr_value_field = None
    _gdpr_partner_field = None
    _gdpr_channel = None

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records.filtered("active")._gdpr_withdraw_consents()
        return records

    def write(self, vals):
        res = super().write(vals)
        if vals.get("active") or self._gdpr_value_field in vals:
            self.filtered("active")._gdpr_withdraw_consents()
        return res

    def _gdpr_withdraw_consents(self):
        values = [value for value in self.mapped(self._gdpr_value_field) if value]
        if not values or self.env.context.get("gdpr_consent_no_blacklist_sync"):
            return
        self.env["gdpr.consent"]._gdpr_withdraw_for_blacklist(
            [(f"partner_id.{self._gdpr_partner_field}", "in", values)],
            self._gdpr_channel,
        )
