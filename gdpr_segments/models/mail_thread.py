# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo import api, models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    # Documents whose creation is an interaction with their partner. Models of
    # modules that are not installed are simply never created: no dependency.
    # Integrators add their models here (or override the method below).
    _gdpr_interaction_models = ("crm.lead", "sale.order", "account.move")

    @api.model
    def _gdpr_interaction_partner_field(self):
        """Name of the field holding the partner a document is about, or
        False: messages on the document then count for that partner."""
        field = self._fields.get("partner_id")
        if field and field.type == "many2one" and field.comodel_name == "res.partner":
            return "partner_id"
        return False

    def _gdpr_interaction_partner_ids(self):
        """Partners concerned by an interaction on these documents."""
        if self._name == "res.partner":
            return set(self.ids)
        fname = self._gdpr_interaction_partner_field()
        if not fname:
            return set()
        return set(self.sudo().exists()[fname].ids)

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        if self._name in self._gdpr_interaction_models:
            self.env["res.partner"]._gdpr_touch_interaction(
                records._gdpr_interaction_partner_ids()
            )
        return records
