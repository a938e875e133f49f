# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
import re
import time as time_module

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL
from odoo.tools.safe_eval import datetime, dateutil, safe_eval, wrap_module

# Segment filters are written by the DPO and evaluated in the session of
# every user who reads a partner's segments: their context holds plain
# values only, never a record (``user.sudo()`` would run as superuser), and
# no ``time.sleep`` (one filter would stall every partner form).
SAFE_TIME = wrap_module(time_module, ["time", "strptime", "strftime"])

# Filters written before the context held plain values only: the record
# expressions that have a plain equivalent, rewritten on module update.
USER_EXPRESSIONS = (
    (re.compile(r"\buser\.company_ids(?:\.ids)?\b"), "company_ids"),
    (re.compile(r"\buser\.company_id(?:\.id)?\b"), "company_id"),
    (re.compile(r"\buser\.id\b"), "uid"),
)


class GdprSegment(models.Model):
    """Customer group (Kundengruppe): partners matching a filter whose data is
    held for at least one of the segment's purposes."""

    _name = "gdpr.segment"
    _description = "Customer Segment"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True)
    purpose_ids = fields.Many2many(
        "gdpr.purpose",
        "gdpr_segment_purpose_rel",
        "segment_id",
        "purpose_id",
        string="Purposes",
        help="A partner belongs to the segment only while it has an active "
        "assignment for one of these purposes.",
    )
    domain = fields.Char(
        string="Partner Filter",
        required=True,
        default="[]",
        help="Which partners belong to the segment, in addition to the purposes.",
    )
    member_ids = fields.Many2many(
        "res.partner",
        string="Members",
        compute="_compute_member_ids",
    )
    member_count = fields.Integer(
        string="Number of Members", compute="_compute_member_count"
    )

    def init(self):
        self._migrate_user_expressions()

    def _eval_context(self):
        """What a partner filter may use: ids, dates and date arithmetic,
        as in Odoo's saved filters. No record, no environment."""
        segments = self

        def context_today():
            # the user's date, computed only by filters that use it (it
            # reads the user's time zone)
            return fields.Date.context_today(segments)

        return {
            "uid": self.env.uid,
            "company_id": self.env.company.id,
            "company_ids": list(self.env.companies.ids),
            # a closure returning a date: the filter gets no record
            "context_today": context_today,
            "time": SAFE_TIME,
            "datetime": datetime,
            "dateutil": dateutil,
            "relativedelta": dateutil.relativedelta.relativedelta,
        }

    @api.model
    def _migrate_user_expressions(self):
        """Rewrite ``user.id``, ``user.company_id(.id)`` and
        ``user.company_ids(.ids)`` in stored filters to ``uid``,
        ``company_id`` and ``company_ids``. Other uses of ``user`` stay as
        written: such a filter selects nobody until the DPO corrects it."""
        rows = self.env.execute_query(
            SQL("SELECT id, domain FROM gdpr_segment WHERE domain ~ %s", r"\muser\.")
        )
        for segment_id, domain in rows:
            new_domain = domain
            for pattern, replacement in USER_EXPRESSIONS:
                new_domain = pattern.sub(replacement, new_domain)
            if new_domain != domain:
                self.env.cr.execute(
                    SQL(
                        "UPDATE gdpr_segment SET domain = %s WHERE id = %s",
                        new_domain,
                        segment_id,
                    )
                )
        self.invalidate_model(["domain"])

    def _get_filter_domain(self):
        """The partner filter of the segment, evaluated (without purposes)."""
        self.ensure_one()
        domain = safe_eval(self.domain or "[]", self._eval_context())
        if not isinstance(domain, list | tuple):
            raise TypeError(self.domain)
        return list(domain)

    def _get_partner_domain(self):
        """Domain on res.partner selecting the members: the filter and an
        active assignment for one of the purposes. Pure SQL when searched."""
        self.ensure_one()
        if not self.purpose_ids:
            return expression.FALSE_DOMAIN
        return expression.AND(
            [
                self._get_filter_domain(),
                [("gdpr_purpose_ids", "in", self.purpose_ids.ids)],
            ]
        )

    def _safe_partner_domain(self):
        """Members domain, or an empty selection for a deleted segment or a
        filter being edited in the form."""
        try:
            return self._get_partner_domain()
        except (ValueError, TypeError, SyntaxError, NameError, UserError):
            return expression.FALSE_DOMAIN

    @api.depends("domain", "purpose_ids")
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_member_ids(self):
        """All members; for large segments search with
        ``[("gdpr_segment_ids", "in", segment.ids)]`` instead."""
        for segment in self:
            segment.member_ids = self.env["res.partner"].search(
                segment._safe_partner_domain()
            )

    @api.depends("domain", "purpose_ids")
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_member_count(self):
        for segment in self:
            segment.member_count = self.env["res.partner"].search_count(
                segment._safe_partner_domain()
            )

    def _check_domain_value(self, domain_text, name=None):
        """Refuse a partner filter that is not a valid domain on partners,
        before anything is written. The message never repeats the error: it
        could hold whatever the expression managed to read."""
        try:
            domain = safe_eval(domain_text or "[]", self._eval_context())
            if not isinstance(domain, list | tuple):
                raise TypeError(domain_text)
            with self.env.cr.savepoint(flush=False):
                self.env["res.partner"].sudo().search_count(list(domain), limit=1)
        except Exception as error:
            raise ValidationError(
                self.env._(
                    "The partner filter of the segment %(segment)s is not a valid "
                    "domain on contacts. Write a list of conditions such as "
                    '[("country_id.code", "=", "DE")]; besides field '
                    "names and values it may use uid, company_id, company_ids, "
                    "context_today(), datetime, relativedelta and time.",
                    segment=name or self.display_name or "",
                )
            ) from error

    def _check_has_purposes(self, name=None):
        raise ValidationError(
            self.env._(
                "The segment %(segment)s needs at least one purpose: its members "
                "are the partners whose data is held for it.",
                segment=name or self.display_name or "",
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_domain_value(vals.get("domain", "[]"), vals.get("name"))
            if not vals.get("purpose_ids"):
                self._check_has_purposes(vals.get("name"))
        segments = super().create(vals_list)
        if any(not segment.purpose_ids for segment in segments):
            self._check_has_purposes(
                segments.filtered(lambda s: not s.purpose_ids)[:1].name
            )
        return segments

    def write(self, vals):
        if "domain" in vals:
            for segment in self:
                segment._check_domain_value(vals["domain"])
        result = super().write(vals)
        if "purpose_ids" in vals:
            for segment in self:
                if not segment.purpose_ids:
                    segment._check_has_purposes()
        return result

    def action_view_members(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Members of %(segment)s", segment=self.display_name),
            "res_model": "res.partner",
            "view_mode": "list,kanban,form",
            "domain": [("gdpr_segment_ids", "in", self.ids)],
            "context": {"create": False},
        }
