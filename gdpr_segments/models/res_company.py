# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    gdpr_dpo_user_id = fields.Many2one(
        "res.users",
        string="Data Protection Officer",
        domain=lambda self: self.env["gdpr.dpo"]._dpo_users_domain(),
        help="Receives the activities of data-subject requests, retention "
        "runs and suppression matches of this company.",
    )
