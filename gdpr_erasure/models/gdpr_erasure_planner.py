# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The erasure plan (Art. 17 GDPR): the action for every record the discovery
found (first matching rule, else the safe default), legal hold (Art. 17(3)(b))
and the restriction it implies (Art. 18), accounts and field history, and the
preview lines. Computed without writing, for a batch of partners."""

from dataclasses import replace
from datetime import date, datetime

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL, split_every

from ..erasure.plan import ErasurePlan, PlanLine
from .gdpr_erasure_discovery import BATCH


class GdprErasurePlanner(models.AbstractModel):
    _name = "gdpr.erasure.planner"
    _description = "Erasure Planner"

    @api.model
    def _gdpr_plan(self, partners, extra_emails=(), extra_names=()):
        """Compute what the erasure of ``partners`` does, without writing.

        Without partners, a person who is no contact is found by
        ``extra_emails`` (leads, mailing contacts, messages, traces) and
        mentioned as ``extra_names``. Returns an :class:`ErasurePlan`; its
        ``lines`` are the human-readable preview (model, action, count, rule,
        reason), the other fields are used by the execution. DPO only."""
        self.env["gdpr.erasure.engine"]._gdpr_check_manager()
        planner = self.sudo().with_context(active_test=False)
        return planner._gdpr_plan_compute(
            partners.sudo().with_context(active_test=False), extra_emails, extra_names
        )

    def _gdpr_plan_compute(self, partners, extra_emails, extra_names=()):
        discovery = self.env["gdpr.erasure.discovery"]
        persons = discovery._gdpr_expand_partners(partners)
        plan = ErasurePlan(
            root_ids=partners.ids,
            partner_ids=persons.ids,
            identity=discovery._gdpr_identity(persons, extra_emails),
            extra_names=[n.strip() for n in extra_names if n and n.strip()],
        )
        rules_by_model = discovery._gdpr_rules_by_model()
        if not plan.partner_ids and not plan.identity.emails:
            return plan
        self._gdpr_plan_blocking(plan, persons)
        self._gdpr_plan_duplicates(plan)
        discovery._gdpr_discover_records(plan, rules_by_model)
        self._gdpr_apply_hold_scope(plan)
        self._gdpr_plan_partner_hold(plan, persons)
        self._gdpr_plan_special(plan)
        mention_lines = self.env["gdpr.erasure.mention"]._gdpr_plan_mentions(plan)
        plan.lines = self._gdpr_plan_lines(plan, mention_lines)
        return plan

    def _gdpr_plan_blocking(self, plan, persons):
        users = (
            self.env["res.users"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "in", persons.ids)])
        )
        for user in users.filtered(lambda u: not u.share):
            plan.blocking.append(
                self.env._(
                    "%(name)s is linked to the internal user %(login)s. An employee "
                    "account cannot be erased here: archive it and link it to "
                    "another contact first.",
                    name=user.partner_id.display_name,
                    login=user.login,
                )
            )
        plan.user_ids = users.filtered("share").ids
        companies = (
            self.env["res.company"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "in", persons.ids)])
        )
        for company in companies:
            plan.blocking.append(
                self.env._(
                    "%(name)s is the contact of the company %(company)s and "
                    "cannot be erased.",
                    name=company.partner_id.display_name,
                    company=company.name,
                )
            )

    def _gdpr_plan_duplicates(self, plan):
        """Other contacts with the same email may be the same person: the
        DPO decides, they are not erased implicitly."""
        if not plan.identity.emails:
            return
        count = (
            self.env["res.partner"]
            .with_context(active_test=False, gdpr_include_restricted=True)
            .search_count(
                [
                    ("email_normalized", "in", plan.identity.emails),
                    ("id", "not in", plan.partner_ids),
                ]
            )
        )
        if count:
            plan.warnings.append(
                self.env._(
                    "Other contacts with the same email address: %(count)s. If "
                    "they are the same person, erase them as well.",
                    count=count,
                )
            )

    # ------------------------------------------------------------------
    # Classification and legal hold
    # ------------------------------------------------------------------
    def _gdpr_classify(self, discovery, rules_by_model):
        """Give every found record an action: the first rule (by sequence)
        whose domain matches, else the safe default."""
        today = fields.Date.context_today(self)
        for model, found in discovery.found.items():
            classified = discovery.records[model]
            todo = found.ids() - set(classified)
            if not todo:
                continue
            Model = self.env[model].sudo().with_context(active_test=False)
            for rule in rules_by_model.get(model, []):
                if not todo:
                    break
                domain = rule._get_domain()
                if domain:
                    matched = set()
                    for chunk in split_every(BATCH, sorted(todo)):
                        matched.update(
                            Model.search([("id", "in", list(chunk))] + domain).ids
                        )
                else:
                    matched = set(todo)
                held = set()
                if rule.legal_hold and matched:
                    held = self._gdpr_held(Model, matched, rule, today, discovery)
                for rid in matched:
                    if rid in held:
                        classified[rid] = ("hold", rule.id)
                    else:
                        classified[rid] = (rule.action, rule.id)
                todo -= matched
            for rid in todo:
                # Safe defaults: what hangs on an erased document goes with
                # it; any other record only loses its link to the person.
                if rid in found.pointer:
                    classified[rid] = ("delete", False)
                else:
                    classified[rid] = ("detach", False)

    def _gdpr_held(self, Model, ids, rule, today, discovery):
        """Records under legal retention: end of the calendar year of the
        hold date plus the retention period (§147(4) AO) not yet reached."""
        fname = rule.hold_date_field_id.name or "create_date"
        held = set()
        for chunk in split_every(BATCH, sorted(ids)):
            self.env.cr.execute(
                SQL(
                    "SELECT id, %s FROM %s WHERE id = ANY(%s)",
                    SQL.identifier(fname),
                    SQL.identifier(Model._table),
                    list(chunk),
                )
            )
            for rid, value in self.env.cr.fetchall():
                if isinstance(value, datetime):
                    value = value.date()
                start = value or today
                until = date(start.year, 12, 31) + relativedelta(
                    months=rule.retention_months
                )
                if until >= today:
                    held.add(rid)
                    discovery.record_hold[(Model._name, rid)] = until
        return held

    def _gdpr_apply_hold_scope(self, plan):
        """Messages, files and activities of records under legal hold are part
        of those records and stay with them."""
        held_docs = {
            model: ids for model, ids in plan.ids_with_action(("hold",)).items() if ids
        }
        if not held_docs:
            return
        cr = self.env.cr
        discovery = self.env["gdpr.erasure.discovery"]
        for model, table, res_col, model_col in discovery._gdpr_pointer_fields():
            records = plan.records.get(model)
            if not records:
                continue
            candidates = [rid for rid, (a, _r) in records.items() if a != "hold"]
            if not candidates:
                continue
            for doc_model, ids in held_docs.items():
                cr.execute(
                    SQL(
                        "SELECT id FROM %s WHERE id = ANY(%s) AND %s = %s "
                        "AND %s = ANY(%s)",
                        SQL.identifier(table),
                        candidates,
                        SQL.identifier(model_col),
                        doc_model,
                        SQL.identifier(res_col),
                        sorted(ids),
                    )
                )
                for (rid,) in cr.fetchall():
                    records[rid] = ("hold", records[rid][1])

    def _gdpr_plan_partner_hold(self, plan, persons):
        """A person referenced by a record under legal hold is restricted
        (Art. 18) until the end of the retention, not anonymized."""
        pids = set(plan.partner_ids)
        hold_until = plan.hold_until
        links = self.env["gdpr.erasure.discovery"]._gdpr_partner_links()
        cr = self.env.cr
        for model, records in plan.records.items():
            held = [rid for rid, (action, _r) in records.items() if action == "hold"]
            if not held:
                continue
            for link_model, _fname, kind, table, col1, _col2 in links:
                if link_model != model or kind != "m2o":
                    continue
                cr.execute(
                    SQL(
                        "SELECT id, %s FROM %s WHERE id = ANY(%s) AND %s = ANY(%s)",
                        SQL.identifier(col1),
                        SQL.identifier(table),
                        held,
                        SQL.identifier(col1),
                        sorted(pids),
                    )
                )
                for rid, pid in cr.fetchall():
                    until = plan.record_hold.get((model, rid))
                    if until is None:
                        continue
                    if pid not in hold_until or hold_until[pid] < until:
                        hold_until[pid] = until
        # The person behind a held address is restricted as well.
        for partner in persons:
            if partner.id in hold_until and partner.parent_id.id in pids:
                parent_id = partner.parent_id.id
                if hold_until.get(parent_id, date.min) < hold_until[partner.id]:
                    hold_until[parent_id] = hold_until[partner.id]

    # ------------------------------------------------------------------
    # Beyond the rules: bank accounts and field history
    # ------------------------------------------------------------------
    def _gdpr_plan_special(self, plan):
        self._gdpr_plan_bank_accounts(plan)
        self._gdpr_plan_tracking_values(plan)

    def _gdpr_plan_bank_accounts(self, plan):
        """Bank accounts of the person are deleted, except those used by
        other records (e.g. journal entries), which stay without holder."""
        cr = self.env.cr
        banks = (
            self.env["res.partner.bank"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "in", plan.partner_ids)])
        )
        kept = set()
        if banks:
            for table, column in self.env["gdpr.erasure.discovery"]._gdpr_bank_links():
                cr.execute(
                    SQL(
                        "SELECT DISTINCT %s FROM %s WHERE %s = ANY(%s)",
                        SQL.identifier(column),
                        SQL.identifier(table),
                        SQL.identifier(column),
                        banks.ids,
                    )
                )
                kept.update(row[0] for row in cr.fetchall())
        plan.bank_ids = sorted(set(banks.ids) - kept)
        plan.bank_kept_ids = sorted(kept)

    def _gdpr_plan_tracking_values(self, plan):
        """Tracking values that hold the person's name or link on documents
        that stay (the chatter of erased documents goes with them). Names
        are not unique: char values are matched on the email only."""
        cr = self.env.cr
        # One index-backed branch per column (an OR across four columns
        # would scan the whole table for every erasure).
        cr.execute(
            SQL(
                """
                WITH partner_fields AS (
                    SELECT id FROM ir_model_fields WHERE relation = 'res.partner'
                )
                SELECT v.id, m.model, m.res_id
                  FROM mail_tracking_value v
                  JOIN mail_message m ON m.id = v.mail_message_id
                 WHERE v.id IN (
                       SELECT id FROM mail_tracking_value
                        WHERE old_value_integer = ANY(%(pids)s)
                          AND field_id IN (SELECT id FROM partner_fields)
                        UNION
                       SELECT id FROM mail_tracking_value
                        WHERE new_value_integer = ANY(%(pids)s)
                          AND field_id IN (SELECT id FROM partner_fields)
                        UNION
                       SELECT id FROM mail_tracking_value
                        WHERE old_value_char LIKE %(email_like)s
                          AND old_value_char = ANY(%(values)s)
                        UNION
                       SELECT id FROM mail_tracking_value
                        WHERE new_value_char LIKE %(email_like)s
                          AND new_value_char = ANY(%(values)s))
                """,
                pids=plan.partner_ids,
                values=plan.identity.emails,
                email_like="%@%",
            )
        )
        tracking = []
        for vid, model, res_id in cr.fetchall():
            doc = plan.records.get(model, {}).get(res_id) if model else None
            if doc and doc[0] == "hold":
                continue
            tracking.append(vid)
        plan.tracking_value_ids = tracking

    # ------------------------------------------------------------------
    # Preview lines
    # ------------------------------------------------------------------
    def _gdpr_plan_lines(self, plan, mention_lines=()):
        descriptions = {
            m.model: m.name
            for m in self.env["ir.model"]
            .sudo()
            .search(
                [
                    (
                        "model",
                        "in",
                        list(plan.records)
                        + list(plan.mentions)
                        + ["res.partner", "res.users"],
                    )
                ]
            )
        }
        return (
            self._gdpr_rule_lines(plan, descriptions)
            + self._gdpr_cascade_lines(plan, descriptions)
            + self._gdpr_described(mention_lines, descriptions)
            + self._gdpr_partner_lines(plan, descriptions)
        )

    def _gdpr_rule_lines(self, plan, descriptions):
        """One line per model, action and rule of the classified records."""
        Rule = self.env["gdpr.erasure.rule"].sudo()
        default_reasons = {
            "delete": self.env._(
                "No rule: records attached to erased documents are deleted with "
                "them (safe default)."
            ),
            "detach": self.env._(
                "No rule: the link to the person is cleared, the record stays "
                "(safe default)."
            ),
        }
        lines = []
        for (model, action, rule_id), count in plan.counts():
            rule = Rule.browse(rule_id) if rule_id else Rule
            if action == "hold":
                reason = rule.reason or ""
            else:
                reason = rule.reason if rule else default_reasons.get(action, "")
            lines.append(
                PlanLine(
                    model=model,
                    model_description=descriptions.get(model, model),
                    action=action,
                    count=count,
                    rule_id=rule_id,
                    reason=reason or "",
                    via=", ".join(sorted(plan.via.get(model, ()))),
                )
            )
        return lines

    def _gdpr_described(self, lines, descriptions):
        """The lines with a count, named after their model where it is
        installed."""
        return [
            replace(
                line,
                model_description=descriptions.get(line.model, line.model_description),
            )
            for line in lines
            if line.count
        ]

    def _gdpr_cascade_lines(self, plan, descriptions):
        """Field history, bank accounts and portal accounts."""
        _ = self.env._
        lines = [
            PlanLine(
                "mail.tracking.value",
                _("Tracking values"),
                "delete",
                len(plan.tracking_value_ids),
                reason=_("Field history holding the person's name or link is deleted."),
            ),
            PlanLine(
                "res.partner.bank",
                _("Bank accounts"),
                "delete",
                len(plan.bank_ids),
                reason=_("Bank accounts of the person are deleted."),
                via="partner_id",
            ),
            PlanLine(
                "res.partner.bank",
                _("Bank accounts"),
                "hold",
                len(plan.bank_kept_ids),
                reason=_(
                    "Bank accounts used by accounting records stay, without "
                    "the holder name."
                ),
                via="partner_id",
            ),
            PlanLine(
                "res.users",
                "res.users",
                "anonymize",
                len(plan.user_ids),
                reason=_(
                    "Portal accounts are archived; login, password and name are "
                    "replaced."
                ),
                via="partner_id",
            ),
        ]
        return self._gdpr_described(lines, descriptions)

    def _gdpr_partner_lines(self, plan, descriptions):
        """The contacts themselves: anonymized, or restricted under legal
        hold (Art. 18)."""
        _ = self.env._
        lines = [
            PlanLine(
                "res.partner",
                "Contact",
                "anonymize",
                len(plan.anonymized_ids),
                reason=_(
                    "The contact and its own addresses get a neutral name; "
                    "contact data, address, image, notes, tags, website and "
                    "tax ID of individuals are removed; it is archived."
                ),
            )
        ]
        if plan.restricted_ids:
            lines.append(
                PlanLine(
                    "res.partner",
                    "Contact",
                    "restrict",
                    len(plan.restricted_ids),
                    reason=_(
                        "Legal hold until %(date)s: name and address stay for the "
                        "retained accounting records, everything else is removed; "
                        "the contact is archived and excluded from searches, "
                        "mailings and exports (Art. 18 GDPR). The final erasure is "
                        "scheduled for the end of the retention.",
                        date=plan.hold_date,
                    ),
                )
            )
        return self._gdpr_described(lines, descriptions)
