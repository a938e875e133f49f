# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from collections import defaultdict

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL, format_date

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

STATE_SELECTION = [
    ("active", "Active"),
    ("ended", "Ended"),
    ("restricted", "Restricted"),
]

# Changes of these fields are logged in the partner's chatter: they decide
# why, since when and until when the data may be kept (Art. 5(2) GDPR).
LOGGED_FIELDS = (
    "purpose_id",
    "legal_basis",
    "date_start",
    "date_end",
    "origin_type",
    "origin_detail",
    "origin_date",
)


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
        STATE_SELECTION,
        string="Status",
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
        # Searching partners by purpose (segments, mailings, record rules)
        # starts from the purpose: keep that lookup an index-only scan.
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS gdpr_partner_purpose_active_purpose_idx
            ON gdpr_partner_purpose (purpose_id, partner_id)
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
        "purpose_id.retention_year_end",
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
            if base and purpose.retention_year_end:
                base = base.replace(month=12, day=31)
            assignment.retention_date = (
                base + relativedelta(months=months) if base else False
            )

    # ------------------------------------------------------------------
    # Validation: checked before anything is written, so that bad input
    # gets a clear message instead of a database error and changes nothing.
    # ------------------------------------------------------------------

    def _raise_duplicate(self, partner_id, purpose_id):
        partner = self.env["res.partner"].sudo().browse(partner_id)
        purpose = self.env["gdpr.purpose"].sudo().browse(purpose_id)
        raise ValidationError(
            self.env._(
                "%(partner)s already has an active assignment for the purpose "
                "%(purpose)s. End or restrict it before recording a new one.",
                partner=partner.display_name,
                purpose=purpose.display_name,
            )
        )

    def _check_active_pairs(self, pairs, exclude_ids=()):
        """Refuse a second active assignment for the same partner and purpose.

        Reads the database directly (no flush), so that the check runs before
        the unique index would reject the pending write.
        """
        seen = set()
        for pair in pairs:
            if pair in seen:
                self._raise_duplicate(*pair)
            seen.add(pair)
        if not pairs:
            return
        self.env.cr.execute(
            SQL(
                """
                SELECT partner_id, purpose_id FROM gdpr_partner_purpose
                 WHERE state = 'active'
                   AND (partner_id, purpose_id) IN %s
                   AND NOT (id = ANY(%s))
                 LIMIT 1
                """,
                tuple(pairs),
                list(exclude_ids),
            )
        )
        row = self.env.cr.fetchone()
        if row:
            self._raise_duplicate(*row)

    def _check_date_order(self, date_start, date_end):
        if (
            date_end
            and date_start
            and fields.Date.to_date(date_end) < fields.Date.to_date(date_start)
        ):
            raise ValidationError(
                self.env._(
                    "The end date (%(end)s) cannot be before the start date "
                    "(%(start)s).",
                    end=fields.Date.to_date(date_end),
                    start=fields.Date.to_date(date_start),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        # separation duty: no self-granted access to hidden partners
        self.env["gdpr.separation"]._check_values(vals_list)
        today = fields.Date.context_today(self)
        pairs = []
        for vals in vals_list:
            self._check_date_order(
                vals.get("date_start") or today, vals.get("date_end")
            )
            if vals.get("state", "active") == "active" and vals.get("partner_id"):
                pairs.append((vals["partner_id"], vals.get("purpose_id")))
        self._check_active_pairs([p for p in pairs if p[1]])
        assignments = super().create(vals_list)
        assignments._log_in_partner_chatter("created")
        return assignments

    def write(self, vals):
        self.env["gdpr.separation"]._check_values([vals])
        if not self.env["gdpr.dpo"]._is_dpo():
            self._check_user_write(vals)
        if {"date_start", "date_end"} & vals.keys():
            for assignment in self:
                self._check_date_order(
                    vals.get("date_start", assignment.date_start),
                    vals.get("date_end", assignment.date_end),
                )
        if {"state", "partner_id", "purpose_id"} & vals.keys():
            pairs = [
                (
                    vals.get("partner_id", assignment.partner_id.id),
                    vals.get("purpose_id", assignment.purpose_id.id),
                )
                for assignment in self
                if vals.get("state", assignment.state) == "active"
            ]
            self._check_active_pairs(pairs, exclude_ids=self.ids)
        old_states = {assignment.id: assignment.state for assignment in self}
        logged = [fname for fname in LOGGED_FIELDS if fname in vals]
        old_values = {
            assignment.id: {fname: assignment[fname] for fname in logged}
            for assignment in self
        }
        result = super().write(vals)
        entries = []
        if "state" in vals:
            entries += [
                (assignment, assignment._chatter_line(vals["state"]))
                for assignment in self
                if old_states[assignment.id] != assignment.state
            ]
        if logged:
            entries += self._change_entries(old_values)
        self._post_partner_chatter_lines(entries)
        return result

    def _check_user_write(self, vals):
        """What staff may not do, because it would stop or hasten retention:
        lift a restriction (Art. 18), set the retention date, end a purpose
        in the past or move its start back (the retention job would erase
        the contact at once). The DPO may; creating records is not
        affected."""
        today = fields.Date.context_today(self)
        if "state" in vals and any(
            a.state == "restricted" != vals["state"] for a in self
        ):
            raise AccessError(
                self.env._(
                    "Only the data protection officer can lift a restriction "
                    "of processing (Art. 18 GDPR)."
                )
            )
        date_end = fields.Date.to_date(vals.get("date_end"))
        date_start = fields.Date.to_date(vals.get("date_start"))
        if (
            "retention_date" in vals
            or (date_end and date_end < today)
            or (date_start and any(date_start < a.date_start for a in self))
        ):
            raise AccessError(
                self.env._(
                    "Only the data protection officer can set the retention "
                    "date, end a purpose in the past or move its start back: "
                    "it would bring the erasure of the contact forward."
                )
            )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for assignment in self:
            self._check_date_order(assignment.date_start, assignment.date_end)

    # ------------------------------------------------------------------
    # Chatter: every assignment and state change shows on the partner, so
    # the history of purposes stays provable (Art. 5(2) GDPR).
    # ------------------------------------------------------------------

    def _chatter_line(self, event):
        self.ensure_one()
        origin = dict(self._fields["origin_type"]._description_selection(self.env)).get(
            self.origin_type
        )
        basis = dict(self._fields["legal_basis"]._description_selection(self.env)).get(
            self.legal_basis
        )
        purpose = self.purpose_id.display_name
        if event == "created":
            text = self.env._(
                "Purpose assigned: %(purpose)s, %(basis)s, origin: %(origin)s",
                purpose=purpose,
                basis=basis,
                origin=origin or "-",
            )
            if self.origin_detail:
                text = f"{text} ({self.origin_detail})"
        elif event == "ended":
            text = self.env._("Purpose ended: %(purpose)s", purpose=purpose)
        elif event == "restricted":
            text = self.env._(
                "Processing restricted (Art. 18 GDPR): %(purpose)s", purpose=purpose
            )
        else:
            text = self.env._("Purpose reactivated: %(purpose)s", purpose=purpose)
        return text

    def _log_in_partner_chatter(self, event):
        self._post_partner_chatter_lines(
            (assignment, assignment._chatter_line(event)) for assignment in self
        )

    def _format_logged_value(self, fname, value):
        field = self._fields[fname]
        if not value:
            return self.env._("(none)")
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(value, value)
        if field.type == "date":
            return format_date(self.env, value)
        if field.type == "many2one":
            return value.sudo().display_name
        return value

    def _change_entries(self, old_values):
        """Chatter lines of the changed assignments: "Purpose assignment
        Newsletter changed: Start Date: A → B; Origin: C → D".

        :param dict old_values: {assignment id: {field name: old value}}
        """
        entries = []
        for assignment in self:
            changes = [
                self.env._(
                    "%(field)s: %(old)s → %(new)s",
                    field=self._fields[fname]._description_string(self.env),
                    old=self._format_logged_value(fname, old),
                    new=self._format_logged_value(fname, assignment[fname]),
                )
                for fname, old in old_values[assignment.id].items()
                if old != assignment[fname]
            ]
            if changes:
                text = self.env._(
                    "Purpose assignment %(purpose)s changed: %(changes)s",
                    purpose=assignment.purpose_id.display_name,
                    changes="; ".join(changes),
                )
                entries.append((assignment, text))
        return entries

    def _post_partner_chatter_lines(self, entries):
        """Log (assignment, text) lines in the partners' chatter: one message
        per partner for the whole batch, the texts escaped."""
        lines = defaultdict(list)
        for assignment, text in entries:
            lines[assignment.partner_id.id].append(text)
        if not lines:
            return
        partners = self.env["res.partner"].browse(list(lines))
        partners._message_log_batch(
            {
                partner_id: Markup("<br/>").join(texts)
                for partner_id, texts in lines.items()
            }
        )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_end(self):
        """End the purpose today: retention counted from the end starts now."""
        self.filtered(lambda a: a.state != "ended").write(
            {"state": "ended", "date_end": fields.Date.context_today(self)}
        )
        return True

    def action_restrict(self):
        """Restrict processing (Art. 18 GDPR) without deleting the data."""
        self.filtered(lambda a: a.state != "restricted").write({"state": "restricted"})
        return True

    def action_reactivate(self):
        self.filtered(lambda a: a.state != "active").write(
            {"state": "active", "date_end": False}
        )
        return True
