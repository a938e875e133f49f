# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    gdpr_retention_mode = fields.Selection(
        related="company_id.gdpr_retention_mode", readonly=False
    )
    gdpr_retention_notice_days = fields.Integer(
        related="company_id.gdpr_retention_notice_days", readonly=False
    )
    gdpr_erasure_log_keep_years = fields.Integer(
        related="company_id.gdpr_erasure_log_keep_years", readonly=False
    )
    gdpr_dpo_user_id = fields.Many2one(
        related="company_id.gdpr_dpo_user_id", readonly=False
    )
