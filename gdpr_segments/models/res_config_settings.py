# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    gdpr_dpo_user_id = fields.Many2one(
        related="company_id.gdpr_dpo_user_id",
        readonly=False,
        help="Receives the activities of data-subject requests and "
        "suppression matches.",
    )
