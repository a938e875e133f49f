# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    gdpr_retention_mode = fields.Selection(
        [("review", "Review by the DPO"), ("automatic", "Automatic")],
        string="Retention Erasure",
        default="review",
        required=True,
        help="Review: partners whose purposes have all ended are proposed to "
        "the DPO, who approves or postpones them. Automatic: they are erased "
        "by the daily job.",
    )
    gdpr_retention_notice_days = fields.Integer(
        string="Advance Notice (days)",
        default=14,
        help="Partners due for erasure within this period are listed as due "
        "soon and announced to the DPO.",
    )
    gdpr_erasure_log_keep_years = fields.Integer(
        string="Keep Erasure Logs (years)",
        default=10,
        help="Erasure audit logs older than this are deleted by the daily job.",
    )
    gdpr_supervisory_authority = fields.Text(
        string="Supervisory Authority",
        translate=True,
        help="Name and address of the data protection authority responsible "
        "for the company (in Germany that of the federal state), named in the "
        "answer to access requests (Art. 15(1)(f) GDPR).",
    )
    _sql_constraints = [
        (
            "gdpr_retention_notice_days_positive",
            "CHECK(gdpr_retention_notice_days >= 0)",
            "The advance notice cannot be negative.",
        ),
        (
            "gdpr_erasure_log_keep_years_positive",
            "CHECK(gdpr_erasure_log_keep_years >= 1)",
            "Erasure logs must be kept at least one year.",
        ),
    ]
