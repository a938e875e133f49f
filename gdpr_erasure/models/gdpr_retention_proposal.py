# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class GdprRetentionProposal(models.Model):
    """A partner the retention job proposes for erasure (review mode).

    The DPO approves (the next run erases) or postpones proposals in bulk;
    nothing is erased without that decision.
    """

    _name = "gdpr.retention.proposal"
    _description = "Retention Erasure Proposal"
    _order = "date_due, id"
    _rec_name = "partner_ref"

    partner_id = fields.Many2one(
        "res.partner", readonly=True, ondelete="set null", index=True
    )
    partner_ref = fields.Integer(
        string="Partner ID",
        readonly=True,
        required=True,
        help="Database id of the partner, kept after the erasure as a "
        "reference without personal data.",
    )
    company_id = fields.Many2one("res.company", readonly=True)
    date_due = fields.Date(string="Due Since", readonly=True)
    state = fields.Selection(
        [
            ("proposed", "Proposed"),
            ("approved", "Approved"),
            ("postponed", "Postponed"),
            ("done", "Done"),
            ("cancelled", "No Longer Due"),
            ("failed", "Failed"),
        ],
        default="proposed",
        required=True,
        readonly=True,
        index=True,
    )
    postponed_until = fields.Date(readonly=True)
    result = fields.Selection(
        [("erased", "Erased"), ("restricted", "Restricted (legal hold)")],
        readonly=True,
    )
    date_done = fields.Datetime(readonly=True)
    approved_by_id = fields.Many2one("res.users", readonly=True)
    purpose_names = fields.Char(
        string="Ended Purposes", compute="_compute_purpose_names"
    )

    @api.depends("partner_id")
    def _compute_purpose_names(self):
        assignments = self.env["gdpr.partner.purpose"].search(
            [("partner_id", "in", self.partner_id.ids)]
        )
        for proposal in self:
            proposal.purpose_names = ", ".join(
                assignments.filtered(
                    lambda a, p=proposal: a.partner_id == p.partner_id
                ).purpose_id.mapped("name")
            )

    def _check_open(self):
        closed = self.filtered(lambda p: p.state not in ("proposed", "postponed"))
        if closed:
            raise UserError(
                _("Only proposed or postponed erasures can be approved or postponed.")
            )

    def action_approve(self):
        """Approve in bulk: the retention job erases them at once."""
        self.env["gdpr.retention.run"]._check_dpo()
        self._check_open()
        self.sudo().write(
            {
                "state": "approved",
                "postponed_until": False,
                "approved_by_id": self.env.uid,
            }
        )
        cron = self.env.ref(
            "gdpr_erasure.ir_cron_gdpr_retention", raise_if_not_found=False
        )
        if cron:
            cron.sudo()._trigger()
        return True

    def action_postpone(self, until=None):
        """Postpone in bulk; by default by the company's notice period."""
        self.env["gdpr.retention.run"]._check_dpo()
        self._check_open()
        until = until or fields.Date.context_today(self) + timedelta(
            days=self.env.company.gdpr_retention_notice_days or 14
        )
        if fields.Date.to_date(until) <= fields.Date.context_today(self):
            raise UserError(_("Postpone to a date in the future."))
        self.sudo().write({"state": "postponed", "postponed_until": until})
        return True

    def action_preview(self):
        """Open the erasure preview of the partner (what would be erased)."""
        self.ensure_one()
        if not self.partner_id:
            raise UserError(_("This partner no longer exists."))
        return self.partner_id.action_gdpr_forget()
