# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo import api, fields, models

PREVIEW_FIELDS = (
    "assignments_to_end",
    "partners_to_erase",
    "proposals_to_create",
    "approved_to_execute",
    "due_soon",
    "finals_to_erase",
    "disclosures_to_purge",
    "origins_to_purge",
    "logs_to_purge",
)


class GdprRetentionPreview(models.TransientModel):
    """What the next run of the retention job would do, computed without
    writing anything, so the DPO can check before it runs."""

    _name = "gdpr.retention.preview"
    _description = "Retention Job Preview"

    date = fields.Date(default=fields.Date.context_today, readonly=True)
    mode = fields.Selection(related="company_id.gdpr_retention_mode")
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, readonly=True
    )
    assignments_to_end = fields.Integer(string="Purposes to End", readonly=True)
    partners_to_erase = fields.Integer(
        string="Partners to Erase (automatic)", readonly=True
    )
    proposals_to_create = fields.Integer(
        string="Partners to Propose (review)", readonly=True
    )
    approved_to_execute = fields.Integer(
        string="Approved Erasures to Execute", readonly=True
    )
    due_soon = fields.Integer(string="Due Within the Notice Period", readonly=True)
    finals_to_erase = fields.Integer(
        string="Final Erasures after Legal Hold", readonly=True
    )
    disclosures_to_purge = fields.Integer(readonly=True)
    origins_to_purge = fields.Integer(string="Origin Records to Purge", readonly=True)
    logs_to_purge = fields.Integer(string="Audit Logs to Purge", readonly=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        preview = self.env["gdpr.retention.run"]._retention_preview()
        values.update({name: preview.get(name, 0) for name in PREVIEW_FIELDS})
        return values

    def action_run_now(self):
        return self.env["gdpr.retention.run"].action_run_now()
