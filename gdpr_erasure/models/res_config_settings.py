# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo import api, fields, models

from .gdpr_erasure_suppression import SUPPRESSION_PARAM


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    gdpr_erasure_suppression = fields.Boolean(
        string="Suppression List",
        help="Keep a salted hash of erased email addresses, so that the data "
        "protection officer is warned when the address comes back.",
    )
    gdpr_dpo_user_id = fields.Many2one(
        related="company_id.gdpr_dpo_user_id",
        readonly=False,
        help="Receives the activities of data-subject requests and "
        "suppression matches.",
    )
    gdpr_supervisory_authority = fields.Text(
        related="company_id.gdpr_supervisory_authority", readonly=False
    )
    gdpr_retention_mode = fields.Selection(
        related="company_id.gdpr_retention_mode", readonly=False
    )
    gdpr_retention_notice_days = fields.Integer(
        related="company_id.gdpr_retention_notice_days", readonly=False
    )
    gdpr_erasure_log_keep_years = fields.Integer(
        related="company_id.gdpr_erasure_log_keep_years", readonly=False
    )

    @api.model
    def get_values(self):
        res = super().get_values()
        res["gdpr_erasure_suppression"] = self.env[
            "gdpr.erasure.suppression"
        ]._gdpr_enabled()
        return res

    def set_values(self):
        res = super().set_values()
        self.env["ir.config_parameter"].sudo().set_param(
            SUPPRESSION_PARAM, "1" if self.gdpr_erasure_suppression else "0"
        )
        return res
