# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo import api, fields, models

from .gdpr_erasure_suppression import SUPPRESSION_PARAM

DPO_PARAM = "gdpr_erasure.dpo_user_id"


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    gdpr_erasure_suppression = fields.Boolean(
        string="Suppression List",
        help="Keep a salted hash of erased email addresses, so that the data "
        "protection officer is warned when the address comes back.",
    )
    gdpr_dpo_user_id = fields.Many2one(
        "res.users",
        string="Data Protection Officer",
        config_parameter=DPO_PARAM,
        domain=lambda self: [
            ("groups_id", "in", self.env.ref("gdpr_segments.group_gdpr_manager").id)
        ],
        help="Receives the activities of data-subject requests and "
        "suppression matches.",
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

    @api.model
    def _gdpr_default_dpo(self):
        """The configured DPO, else the first DPO user (administrator)."""
        param = self.env["ir.config_parameter"].sudo().get_param(DPO_PARAM)
        user = self.env["res.users"].sudo().browse(int(param or 0)).exists()
        if user and user.active:
            return user
        group = self.env.ref("gdpr_segments.group_gdpr_manager")
        users = group.sudo().users.filtered(
            lambda u: u.active and not u._is_superuser()
        )
        return users[:1] or self.env.ref("base.user_admin")
