# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .gdpr_purpose import LEGAL_BASIS_SELECTION

ORIGIN_TYPE_SELECTION = [
    ("data_subject", "From the data subject"),
    ("web_form", "Web form"),
    ("event", "Trade fair or event"),
    ("contract", "Order or contract"),
    ("inquiry", "Phone or email inquiry"),
    ("third_party", "Third party (e.g. address broker)"),
    ("public_source", "Public source"),
    ("import", "Import"),
    ("other", "Other"),
]


class GdprPartnerPurpose(models.Model):
    """Binds a partner's data to one purpose (Art. 5(1)(b) GDPR) and keeps
    where the data came from (Art. 14(2)(f), Art. 15(1)(g))."""

    _name = "gdpr.partner.purpose"
    _description = "Purpose Assignment"
    _order = "date_start desc, id desc"
    _rec_name = "purpose_id"

    partner_id = fields.Many2one(
        "res.partner", required=True, ondelete="cascade", index=True
    )
    purpose_id = fields.Many2one(
        "gdpr.purpose", required=True, ondelete="restrict", index=True
    )
    is_marketing = fields.Boolean(related="purpose_id.is_marketing", store=True)
    legal_basis = fields.Selection(
        LEGAL_BASIS_SELECTION,
        compute="_compute_legal_basis",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    state = fields.Selection(
        [("active", "Active"), ("ended", "Ended"), ("restricted", "Restricted")],
        required=True,
        default="active",
        index=True,
    )
    date_start = fields.Date(
        string="Start Date", required=True, default=fields.Date.context_today
    )
    date_end = fields.Date(string="End Date")
    origin_type = fields.Selection(
        ORIGIN_TYPE_SELECTION, string="Origin", default="data_subject", index=True
    )
    origin_detail = fields.Char(
        help="For example the web form, the fair, the broker or the file."
    )
    origin_date = fields.Date(default=fields.Date.context_today)
    retention_date = fields.Date(
        compute="_compute_retention_date",
        store=True,
        index=True,
        help="Date after which the data may no longer be kept for this purpose.",
    )
    company_id = fields.Many2one(
        related="partner_id.company_id", store=True, index=True
    )
    note = fields.Text()

    _sql_constraints = [
        (
            "date_end_after_start",
            "CHECK(date_end IS NULL OR date_end >= date_start)",
            "The end date cannot be before the start date.",
        ),
    ]

    def init(self):
        # One active assignment per partner and purpose, enforced by the
        # database so that imports and concurrent users cannot break it.
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS gdpr_partner_purpose_active_uniq
            ON gdpr_partner_purpose (partner_id, purpose_id)
            WHERE state = 'active'
            """
        )

    @api.depends("purpose_id")
    def _compute_legal_basis(self):
        for assignment in self:
            if assignment.purpose_id and not assignment.legal_basis:
                assignment.legal_basis = assignment.purpose_id.legal_basis

    @api.depends(
        "date_start",
        "date_end",
        "purpose_id.retention_months",
        "purpose_id.retention_from",
        "partner_id.gdpr_last_interaction",
    )
    def _compute_retention_date(self):
        for assignment in self:
            purpose = assignment.purpose_id
            months = purpose.retention_months
            if not months:
                assignment.retention_date = False
                continue
            if purpose.retention_from == "start":
                base = assignment.date_start
            elif purpose.retention_from == "last_interaction":
                last = assignment.partner_id.gdpr_last_interaction
                base = max(filter(None, [last and last.date(), assignment.date_start]))
            else:
                base = assignment.date_end
            assignment.retention_date = (
                base + relativedelta(months=months) if base else False
            )

    @api.constrains("state", "partner_id", "purpose_id")
    def _check_single_active(self):
        active = self.filtered(lambda a: a.state == "active")
        if not active:
            return
        groups = self._read_group(
            [
                ("state", "=", "active"),
                ("partner_id", "in", active.partner_id.ids),
                ("purpose_id", "in", active.purpose_id.ids),
            ],
            ["partner_id", "purpose_id"],
            ["__count"],
            having=[("__count", ">", 1)],
        )
        if groups:
            partner, purpose, _count = groups[0]
            raise ValidationError(
                _(
                    "%(partner)s already has an active assignment for the "
                    "purpose %(purpose)s.",
                    partner=partner.display_name,
                    purpose=purpose.display_name,
                )
            )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for assignment in self:
            if assignment.date_end and assignment.date_end < assignment.date_start:
                raise ValidationError(
                    _("The end date cannot be before the start date.")
                )

    def action_end(self):
        """End the purpose today: retention counted from the end starts now."""
        self.filtered(lambda a: a.state != "ended").write(
            {"state": "ended", "date_end": fields.Date.context_today(self)}
        )
        return True

    def action_restrict(self):
        """Restrict processing (Art. 18 GDPR) without deleting the data."""
        self.write({"state": "restricted"})
        return True

    def action_reactivate(self):
        self.write({"state": "active", "date_end": False})
        return True
