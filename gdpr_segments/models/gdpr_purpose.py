# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo import api, fields, models
from odoo.exceptions import UserError

# Art. 6(1)(a)-(f) GDPR: the six lawful bases of processing. Integrators read
# this list instead of repeating the selection in their own models.
LEGAL_BASIS_SELECTION = [
    ("consent", "Consent (Art. 6(1)(a) GDPR)"),
    ("contract", "Contract (Art. 6(1)(b) GDPR)"),
    ("legal_obligation", "Legal obligation (Art. 6(1)(c) GDPR)"),
    ("vital_interest", "Vital interests (Art. 6(1)(d) GDPR)"),
    ("public_task", "Public task (Art. 6(1)(e) GDPR)"),
    ("legitimate_interest", "Legitimate interests (Art. 6(1)(f) GDPR)"),
]

RETENTION_FROM_SELECTION = [
    ("start", "Start of the purpose"),
    ("end", "End of the purpose"),
    ("last_interaction", "Last interaction"),
]


class GdprPurpose(models.Model):
    _name = "gdpr.purpose"
    _description = "Processing Purpose"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Stable technical code used by integrations, data files and imports.",
    )
    sequence = fields.Integer(default=10)
    description = fields.Text(
        translate=True,
        help="What the data is processed for and why the retention period was chosen.",
    )
    legal_basis = fields.Selection(
        LEGAL_BASIS_SELECTION, required=True, default="consent"
    )
    is_marketing = fields.Boolean(
        string="Marketing",
        help="Advertising purpose: using it needs a legal basis for "
        "advertising, usually consent per channel.",
    )
    retention_months = fields.Integer(
        string="Retention (months)",
        default=24,
        help="How long data kept for this purpose may be stored. "
        "0 means no fixed limit.",
    )
    retention_from = fields.Selection(
        RETENTION_FROM_SELECTION,
        string="Retention Counted From",
        required=True,
        default="end",
    )
    retention_year_end = fields.Boolean(
        string="From the End of the Calendar Year",
        help="Commercial and tax retention periods start at the end of the "
        "calendar year in which the record was made (§147(4) AO, §257(5) HGB).",
    )
    allowed_group_ids = fields.Many2many(
        "res.groups",
        "gdpr_purpose_res_groups_rel",
        "purpose_id",
        "group_id",
        string="Allowed Groups",
        help="Users of these groups may process data held for this purpose. "
        "Only users in 'Purpose-restricted access' are limited by it.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True)
    assignment_ids = fields.One2many(
        "gdpr.partner.purpose", "purpose_id", string="Assignments"
    )
    assignment_count = fields.Integer(compute="_compute_assignment_count")
    # Art. 30(1)(c)-(f) GDPR: what the record of processing says per purpose
    data_subject_category_ids = fields.Many2many(
        "gdpr.data.subject.category",
        "gdpr_purpose_data_subject_category_rel",
        "purpose_id",
        "category_id",
        string="Categories of Data Subjects",
    )
    data_category_ids = fields.Many2many(
        "gdpr.data.category",
        "gdpr_purpose_data_category_rel",
        "purpose_id",
        "category_id",
        string="Categories of Personal Data",
    )
    recipient_ids = fields.Many2many(
        "res.partner",
        "gdpr_purpose_recipient_rel",
        "purpose_id",
        "partner_id",
        string="Recipients",
        domain=[("gdpr_is_recipient", "=", True)],
        help="Recipients the data of this purpose is disclosed to. The record "
        "of processing adds the recipients of recorded disclosures.",
    )
    recipient_categories = fields.Char(
        string="Categories of Recipients",
        translate=True,
        help="e.g. carriers, tax advisors, IT service providers.",
    )
    retention_basis = fields.Char(
        translate=True,
        help="Why the data is kept this long, e.g. the law that requires it.",
    )
    ropa_issues = fields.Text(
        string="Missing in the Record of Processing",
        compute="_compute_ropa_issues",
        help="What the record of processing activities (Art. 30 GDPR) still "
        "lacks for this purpose.",
    )

    _sql_constraints = [
        ("code_unique", "unique(code)", "The purpose code must be unique."),
        (
            "retention_positive",
            "CHECK(retention_months >= 0)",
            "The retention period cannot be negative.",
        ),
    ]

    def _compute_assignment_count(self):
        counts = dict(
            self.env["gdpr.partner.purpose"]._read_group(
                [("purpose_id", "in", self.ids), ("state", "=", "active")],
                ["purpose_id"],
                ["__count"],
            )
        )
        for purpose in self:
            purpose.assignment_count = counts.get(purpose, 0)

    @api.depends(
        "data_category_ids",
        "data_subject_category_ids",
        "recipient_ids.gdpr_dpa_date",
        "recipient_ids.gdpr_transfer_mechanism",
        "retention_months",
    )
    def _compute_ropa_issues(self):
        issues = self.env["gdpr.record.processing"]._gdpr_purpose_issues(self)
        for purpose in self:
            purpose.ropa_issues = "\n".join(
                issue.message for issue in issues.get(purpose.id, [])
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_in_use(self):
        # Assignments and disclosures prove why data was processed and to
        # whom it went (Art. 5(2) GDPR): their purpose must stay.
        used = self.env["gdpr.purpose"]
        for model in ("gdpr.partner.purpose", "gdpr.disclosure"):
            [(purposes,)] = (
                self.env[model]
                .sudo()
                ._read_group(
                    [("purpose_id", "in", self.ids)], [], ["purpose_id:recordset"]
                )
            )
            used |= purposes
        if used:
            raise UserError(
                self.env._(
                    "The purpose %(purposes)s is assigned to partners and cannot "
                    "be deleted. Archive it instead, so that the history stays "
                    "provable.",
                    purposes=", ".join(used.mapped("display_name")),
                )
            )

    def action_view_assignments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "gdpr_segments.action_gdpr_partner_purpose"
        )
        action["domain"] = [("purpose_id", "=", self.id)]
        # the button counts the active assignments: the list opens on them
        action["context"] = {
            "default_purpose_id": self.id,
            "search_default_active_state": 1,
        }
        return action
