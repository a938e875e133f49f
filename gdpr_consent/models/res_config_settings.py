# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    gdpr_double_opt_in_days = fields.Integer(
        string="Double Opt-in Link Validity (days)",
        config_parameter="gdpr_consent.double_opt_in_validity_days",
        default=14,
    )
    gdpr_preference_link_days = fields.Integer(
        string="Preference Center Link Validity (days)",
        config_parameter="gdpr_consent.preference_link_validity_days",
        default=365,
    )
    gdpr_default_mailing_purpose_id = fields.Many2one(
        "gdpr.purpose",
        string="Default Mailing Purpose",
        config_parameter="gdpr_consent.default_mailing_purpose_id",
        help="Purpose proposed on new mailings.",
    )
