# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The right-to-be-forgotten cascade (Art. 17 GDPR), set-based.

Discovery works on the registry, not on a fixed list of modules: every stored
many2one / many2many to res.partner, every generic document pointer
(``res_model``/``res_id``), and the text columns named by the erasure rules
(email, phone, free text). One plan is computed for a batch of partners; its
execution runs one SQL statement per model and action, inside one savepoint.
"""

import json
import logging
import os
import re
from collections import defaultdict
from datetime import date, datetime

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, email_normalize_all, split_every

from .gdpr_erasure_index import email_sql, phone_sql

_logger = logging.getLogger(__name__)

# Models the cascade handles itself (users, bank accounts, companies) or
# must never touch (technical identifiers of data files).
SPECIAL_MODELS = {"res.users", "res.partner.bank", "res.company"}
POINTER_EXCLUDED = {"ir.model.data"}
BATCH = 20000
# res.partner fields that are technical or recomputed: not cleared
PARTNER_KEEP = {
    "name",
    "lang",
    "tz",
    "type",
    "complete_name",
    "display_name",
    "email_normalized",
    "phone_sanitized",
    "commercial_company_name",
}
# kept for the retained accounting records (invoice recipient, §14 UStG)
PARTNER_HOLD_KEEP = {
    "street",
    "street2",
    "zip",
    "city",
    "vat",
    "company_registry",
    "company_name",
    "ref",
}


def _like_escape(value):
    return re.sub(r"([\\%_])", r"\\\1", value)


class GdprErasureEngine(models.AbstractModel):
    _name = "gdpr.erasure.engine"
    _description = "Erasure Engine"

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------
    @api.model
    def _gdpr_check_manager(self):
        """Erasure and its preview are for the DPO only."""
        self.env["gdpr.dpo"]._check_dpo(
            self.env._(
                "Only the data protection officer may preview or execute the "
                "erasure of a person."
            )
        )

    # ------------------------------------------------------------------
    # Registry introspection (cached per registry)
    # ------------------------------------------------------------------
    def _gdpr_table_models(self):
        for name in self.env.registry:
            model = self.env[name]
            if model._abstract or model._transient or not model._auto:
                continue
            yield name, model

    @tools.ormcache()
    def _gdpr_partner_links(self):
        """Stored many2one / many2many fields pointing to res.partner:
        (model, field, kind, table, column1, column2)."""
        links = []
        seen = set()
        for name, model in self._gdpr_table_models():
            if name in SPECIAL_MODELS:
                continue
            for field in model._fields.values():
                if (
                    not field.store
                    or field.inherited
                    or field.comodel_name != "res.partner"
                    or getattr(field, "company_dependent", False)
                ):
                    continue
                if field.type == "many2one":
                    links.append(
                        (name, field.name, "m2o", model._table, field.name, None)
                    )
                elif field.type == "many2many":
                    key = (field.relation, field.column1, field.column2)
                    if key in seen:
                        continue
                    seen.add(key)
                    links.append(
                        (
                            name,
                            field.name,
                            "m2m",
                            field.relation,
                            field.column1,
                            field.column2,
                        )
                    )
        return tuple(links)

    @tools.ormcache()
    def _gdpr_pointer_fields(self):
        """Generic document pointers: (model, table, res_id column, model
        column), e.g. messages, activities, attachments, followers."""
        result = []
        for name, model in self._gdpr_table_models():
            if name in POINTER_EXCLUDED:
                continue
            for field in model._fields.values():
                if field.type != "many2one_reference" or not field.store:
                    continue
                if field.inherited:
                    continue
                model_field = model._fields.get(field.model_field)
                if not model_field or not model_field.store:
                    continue
                result.append((name, model._table, field.name, model_field.name))
        return tuple(result)

    def _gdpr_rules_by_model(self):
        rules = (
            self.env["gdpr.erasure.rule"]
            .sudo()
            .search([("active", "=", True)], order="model, sequence, id")
        )
        by_model = defaultdict(list)
        for rule in rules:
            if rule.model in self.env.registry:
                by_model[rule.model].append(rule)
        return by_model

    # ------------------------------------------------------------------
    # Who is the person
    # ------------------------------------------------------------------
    @api.model
    def _gdpr_expand_partners(self, partners):
        """The partners plus their own addresses (invoice, delivery, other),
        recursively; other persons of the same company are not included."""
        if not partners:
            return partners
        self.env["res.partner"].flush_model(["parent_id", "type"])
        self.env.cr.execute(
            SQL(
                """
                WITH RECURSIVE tree(id) AS (
                    SELECT id FROM res_partner WHERE id = ANY(%s)
                    UNION
                    SELECT p.id FROM res_partner p
                    JOIN tree t ON p.parent_id = t.id
                    WHERE p.type != 'contact'
                )
                SELECT id FROM tree
                """,
                partners.ids,
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        return self.env["res.partner"].with_context(active_test=False).browse(ids)

    @api.model
    def _gdpr_identity(self, partners, extra_emails=()):
        """Emails, phone numbers and names that identify the person."""
        emails, phones, names = set(), set(), set()
        for partner in partners.with_context(active_test=False).sudo():
            for value in (partner.email, partner.email_normalized):
                emails.update(email_normalize_all(value or ""))
            for number in (partner.phone, partner.mobile):
                digits = re.sub(r"\D", "", number or "")
                if len(digits) >= 6:
                    phones.add(digits[-9:])
            if partner.name and len(partner.name.strip()) >= 3:
                names.add(partner.name.strip())
        for email in extra_emails:
            emails.update(email_normalize_all(email or ""))
        return {
            "emails": sorted(emails),
            "phones": sorted(phones),
            "names": sorted(names),
        }

    # ------------------------------------------------------------------
    # Plan
    # ------------------------------------------------------------------
    @api.model
    def _gdpr_plan(self, partners, extra_emails=()):
        """Compute what the erasure of ``partners`` does, without writing.

        Returns a dict; ``lines`` is the human-readable preview (model,
        action, count, rule, reason), the other keys are used by the
        execution."""
        self._gdpr_check_manager()
        engine = self.sudo().with_context(active_test=False)
        return engine._gdpr_plan_compute(
            partners.sudo().with_context(active_test=False), extra_emails
        )

    def _gdpr_plan_compute(self, partners, extra_emails):
        persons = self._gdpr_expand_partners(partners)
        pids = persons.ids
        identity = self._gdpr_identity(persons, extra_emails)
        rules_by_model = self._gdpr_rules_by_model()

        plan = {
            "root_ids": partners.ids,
            "partner_ids": pids,
            "identity": identity,
            "blocking": [],
            "warnings": [],
            "records": defaultdict(dict),  # model -> id -> (action, rule_id)
            "via": defaultdict(set),
            "hold_until": {},  # partner id -> date
            "record_hold": {},  # (model, id) -> date
            "user_ids": [],
            "bank_ids": [],
            "bank_kept_ids": [],
            "tracking_value_ids": [],
            "lines": [],
        }
        if not pids:
            return plan
        self._gdpr_plan_blocking(plan, persons)
        self._gdpr_plan_duplicates(plan, identity)

        found = defaultdict(lambda: {"link": set(), "pointer": set()})
        self._gdpr_find_links(pids, found, plan)
        self._gdpr_find_matches(identity, rules_by_model, found, plan)

        docs_done = defaultdict(set)
        docs_todo = {"res.partner": set(pids)}
        for _i in range(10):
            self._gdpr_classify(found, rules_by_model, plan)
            for model, records in plan["records"].items():
                erased = {
                    rid
                    for rid, (action, _rule) in records.items()
                    if action in ("delete", "anonymize")
                }
                docs_todo.setdefault(model, set()).update(erased)
            docs_todo = {
                m: ids - docs_done[m]
                for m, ids in docs_todo.items()
                if ids - docs_done[m]
            }
            if not docs_todo:
                break
            self._gdpr_find_pointers(docs_todo, found, plan)
            self._gdpr_find_children(docs_todo, found, plan)
            for model, ids in docs_todo.items():
                docs_done[model] |= ids
            docs_todo = {}
        self._gdpr_classify(found, rules_by_model, plan)
        self._gdpr_apply_hold_scope(plan)
        self._gdpr_plan_partner_hold(plan, persons)
        self._gdpr_plan_special(plan, persons)
        plan["lines"] = self._gdpr_plan_lines(plan, rules_by_model)
        return plan

    def _gdpr_plan_blocking(self, plan, persons):
        users = (
            self.env["res.users"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "in", persons.ids)])
        )
        for user in users.filtered(lambda u: not u.share):
            plan["blocking"].append(
                self.env._(
                    "%(name)s is linked to the internal user %(login)s. An employee "
                    "account cannot be erased here: archive it and link it to "
                    "another contact first.",
                    name=user.partner_id.display_name,
                    login=user.login,
                )
            )
        plan["user_ids"] = users.filtered("share").ids
        companies = (
            self.env["res.company"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "in", persons.ids)])
        )
        for company in companies:
            plan["blocking"].append(
                self.env._(
                    "%(name)s is the contact of the company %(company)s and "
                    "cannot be erased.",
                    name=company.partner_id.display_name,
                    company=company.name,
                )
            )

    def _gdpr_plan_duplicates(self, plan, identity):
        """Other contacts with the same email may be the same person: the
        DPO decides, they are not erased implicitly."""
        if not identity["emails"]:
            return
        count = (
            self.env["res.partner"]
            .with_context(active_test=False, gdpr_include_restricted=True)
            .search_count(
                [
                    ("email_normalized", "in", identity["emails"]),
                    ("id", "not in", plan["partner_ids"]),
                ]
            )
        )
        if count:
            plan["warnings"].append(
                self.env._(
                    "Other contacts with the same email address: %(count)s. If "
                    "they are the same person, erase them as well.",
                    count=count,
                )
            )

    def _gdpr_add_found(self, found, plan, model, ids, kind, via):
        if not ids:
            return
        found[model][kind].update(ids)
        plan["via"][model].add(via)

    def _gdpr_find_links(self, pids, found, plan):
        cr = self.env.cr
        self.env.flush_all()
        for model, fname, kind, table, col1, col2 in self._gdpr_partner_links():
            if kind == "m2o":
                query = SQL(
                    "SELECT id FROM %s WHERE %s = ANY(%s)",
                    SQL.identifier(table),
                    SQL.identifier(col1),
                    pids,
                )
            else:
                query = SQL(
                    "SELECT DISTINCT %s FROM %s WHERE %s = ANY(%s)",
                    SQL.identifier(col1),
                    SQL.identifier(table),
                    SQL.identifier(col2),
                    pids,
                )
            cr.execute(query)
            ids = {row[0] for row in cr.fetchall()}
            if model == "res.partner":
                ids -= set(pids)
            self._gdpr_add_found(found, plan, model, ids, "link", fname)

    def _gdpr_email_condition(self, fname, emails):
        if fname.endswith("normalized"):
            expr = SQL.identifier(fname)
        else:
            expr = email_sql(fname)
        return SQL("%s = ANY(%s)", expr, emails)

    def _gdpr_find_matches(self, identity, rules_by_model, found, plan):
        """Records that carry the email or phone without a partner link."""
        cr = self.env.cr
        emails = identity["emails"]
        phones = identity["phones"]
        patterns = [f"%{_like_escape(e)}%" for e in emails]
        name_patterns = []
        for name in identity["names"]:
            name_patterns.append(f"%{_like_escape(name)}%")
            escaped = json.dumps(name)[1:-1]
            if escaped != name:
                name_patterns.append(f"%{_like_escape(escaped)}%")
        for model, rules in rules_by_model.items():
            table = self.env[model]._table
            for rule in rules:
                conditions = []
                for field in rule.email_field_ids:
                    if emails:
                        conditions.append(
                            (field.name, self._gdpr_email_condition(field.name, emails))
                        )
                for field in rule.phone_field_ids:
                    if phones:
                        expr = phone_sql(field.name)
                        conditions.append(
                            (field.name, SQL("%s = ANY(%s)", expr, phones))
                        )
                for field in rule.text_field_ids:
                    text_patterns = patterns + (
                        name_patterns if rule.match_name else []
                    )
                    if text_patterns:
                        conditions.append(
                            (
                                field.name,
                                SQL(
                                    "%s::text ILIKE ANY(%s)",
                                    SQL.identifier(field.name),
                                    text_patterns,
                                ),
                            )
                        )
                for fname, condition in conditions:
                    cr.execute(
                        SQL(
                            "SELECT id FROM %s WHERE %s",
                            SQL.identifier(table),
                            condition,
                        )
                    )
                    ids = {row[0] for row in cr.fetchall()}
                    self._gdpr_add_found(found, plan, model, ids, "link", fname)

    def _gdpr_find_pointers(self, docs, found, plan):
        cr = self.env.cr
        for model, table, res_col, model_col in self._gdpr_pointer_fields():
            for doc_model, ids in docs.items():
                if not ids:
                    continue
                for chunk in split_every(BATCH, sorted(ids)):
                    cr.execute(
                        SQL(
                            "SELECT id FROM %s WHERE %s = %s AND %s = ANY(%s)",
                            SQL.identifier(table),
                            SQL.identifier(model_col),
                            doc_model,
                            SQL.identifier(res_col),
                            list(chunk),
                        )
                    )
                    rows = {row[0] for row in cr.fetchall()}
                    if model == doc_model:
                        rows -= set(chunk)
                    self._gdpr_add_found(
                        found, plan, model, rows, "pointer", f"{res_col}:{doc_model}"
                    )

    @tools.ormcache()
    def _gdpr_child_links(self):
        """Many2one fields whose records cannot outlive their parent
        (ondelete cascade or restrict): model -> ((child, table, column),)."""
        result = defaultdict(list)
        for name, model in self._gdpr_table_models():
            for field in model._fields.values():
                if (
                    field.type == "many2one"
                    and field.store
                    and not field.inherited
                    and field.ondelete in ("cascade", "restrict")
                    and field.comodel_name != "res.partner"
                    and not getattr(field, "company_dependent", False)
                ):
                    result[field.comodel_name].append((name, model._table, field.name))
        return {k: tuple(v) for k, v in result.items()}

    def _gdpr_find_children(self, docs, found, plan):
        """Records that belong to deleted records (order lines, consent
        history, tracking values...) go with them, also where the database
        would refuse the deletion (ondelete restrict)."""
        cr = self.env.cr
        children = self._gdpr_child_links()
        for doc_model, ids in docs.items():
            deleted = [
                rid
                for rid in ids
                if plan["records"].get(doc_model, {}).get(rid, ("",))[0] == "delete"
            ]
            if not deleted:
                continue
            for model, table, column in children.get(doc_model, ()):
                for chunk in split_every(BATCH, sorted(deleted)):
                    cr.execute(
                        SQL(
                            "SELECT id FROM %s WHERE %s = ANY(%s)",
                            SQL.identifier(table),
                            SQL.identifier(column),
                            list(chunk),
                        )
                    )
                    rows = {row[0] for row in cr.fetchall()}
                    self._gdpr_add_found(
                        found, plan, model, rows, "pointer", f"{column}:{doc_model}"
                    )

    def _gdpr_classify(self, found, rules_by_model, plan):
        """Give every found record an action: the first rule (by sequence)
        whose domain matches, else the safe default."""
        today = fields.Date.context_today(self)
        for model, kinds in found.items():
            classified = plan["records"][model]
            todo = (kinds["link"] | kinds["pointer"]) - set(classified)
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
                    held = self._gdpr_held(Model, matched, rule, today, plan)
                for rid in matched:
                    if rid in held:
                        classified[rid] = ("hold", rule.id)
                    else:
                        classified[rid] = (rule.action, rule.id)
                todo -= matched
            for rid in todo:
                # Safe defaults: what hangs on an erased document goes with
                # it; any other record only loses its link to the person.
                if rid in kinds["pointer"]:
                    classified[rid] = ("delete", False)
                else:
                    classified[rid] = ("detach", False)

    def _gdpr_held(self, Model, ids, rule, today, plan):
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
                    plan["record_hold"][(Model._name, rid)] = until
        return held

    def _gdpr_apply_hold_scope(self, plan):
        """Messages, files and activities of records under legal hold are part
        of those records and stay with them."""
        held_docs = defaultdict(set)
        for model, records in plan["records"].items():
            for rid, (action, _rule) in records.items():
                if action == "hold":
                    held_docs[model].add(rid)
        if not held_docs:
            return
        cr = self.env.cr
        for model, table, res_col, model_col in self._gdpr_pointer_fields():
            records = plan["records"].get(model)
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
        pids = set(plan["partner_ids"])
        hold_until = plan["hold_until"]
        links = self._gdpr_partner_links()
        cr = self.env.cr
        for model, records in plan["records"].items():
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
                    until = plan["record_hold"].get((model, rid))
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

    def _gdpr_plan_special(self, plan, persons):
        cr = self.env.cr
        pids = plan["partner_ids"]
        banks = (
            self.env["res.partner.bank"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "in", pids)])
        )
        kept = set()
        if banks:
            for name, model in self._gdpr_table_models():
                for field in model._fields.values():
                    if (
                        field.type == "many2one"
                        and field.store
                        and not field.inherited
                        and field.comodel_name == "res.partner.bank"
                        and name != "res.partner.bank"
                    ):
                        cr.execute(
                            SQL(
                                "SELECT DISTINCT %s FROM %s WHERE %s = ANY(%s)",
                                SQL.identifier(field.name),
                                SQL.identifier(model._table),
                                SQL.identifier(field.name),
                                banks.ids,
                            )
                        )
                        kept.update(row[0] for row in cr.fetchall())
        plan["bank_ids"] = sorted(set(banks.ids) - kept)
        plan["bank_kept_ids"] = sorted(kept)
        # Tracking values that hold the person's name or link on documents
        # that stay (the chatter of erased documents goes with them).
        # Names are not unique: char values are matched on the email only.
        values = plan["identity"]["emails"]
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
                pids=pids,
                values=values,
                email_like="%@%",
            )
        )
        records = plan["records"]
        tracking = []
        for vid, model, res_id in cr.fetchall():
            doc = records.get(model, {}).get(res_id) if model else None
            if doc and doc[0] == "hold":
                continue
            tracking.append(vid)
        plan["tracking_value_ids"] = tracking

    def _gdpr_plan_lines(self, plan, rules_by_model):
        Rule = self.env["gdpr.erasure.rule"].sudo()
        descriptions = {
            m.model: m.name
            for m in self.env["ir.model"]
            .sudo()
            .search(
                [("model", "in", list(plan["records"]) + ["res.partner", "res.users"])]
            )
        }
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
        counts = defaultdict(int)
        for model, records in plan["records"].items():
            for action, rule_id in records.values():
                counts[(model, action, rule_id)] += 1
        for (model, action, rule_id), count in sorted(
            counts.items(), key=lambda item: (item[0][0], item[0][1], item[0][2] or 0)
        ):
            rule = Rule.browse(rule_id) if rule_id else Rule
            if action == "hold":
                reason = rule.reason or ""
            else:
                reason = rule.reason if rule else default_reasons.get(action, "")
            lines.append(
                {
                    "model": model,
                    "model_description": descriptions.get(model, model),
                    "action": action,
                    "count": count,
                    "rule_id": rule_id,
                    "reason": reason or "",
                    "via": ", ".join(sorted(plan["via"].get(model, ()))),
                }
            )

        def special(model, description, action, count, reason, via=""):
            """A line for what the cascade does beyond the rules."""
            if count:
                lines.append(
                    {
                        "model": model,
                        "model_description": descriptions.get(model, description),
                        "action": action,
                        "count": count,
                        "rule_id": False,
                        "reason": reason,
                        "via": via,
                    }
                )

        _ = self.env._
        special(
            "mail.tracking.value",
            _("Tracking values"),
            "delete",
            len(plan["tracking_value_ids"]),
            _("Field history holding the person's name or link is deleted."),
        )
        special(
            "res.partner.bank",
            _("Bank accounts"),
            "delete",
            len(plan["bank_ids"]),
            _("Bank accounts of the person are deleted."),
            "partner_id",
        )
        special(
            "res.partner.bank",
            _("Bank accounts"),
            "hold",
            len(plan["bank_kept_ids"]),
            _(
                "Bank accounts used by accounting records stay, without "
                "the holder name."
            ),
            "partner_id",
        )
        special(
            "res.users",
            "res.users",
            "anonymize",
            len(plan["user_ids"]),
            _("Portal accounts are archived; login, password and name are replaced."),
            "partner_id",
        )
        restricted = set(plan["hold_until"])
        special(
            "res.partner",
            "Contact",
            "anonymize",
            len(set(plan["partner_ids"]) - restricted),
            _(
                "The contact and its own addresses get a neutral name; "
                "contact data, address, image, notes, tags, website and "
                "tax ID of individuals are removed; it is archived."
            ),
        )
        if restricted:
            special(
                "res.partner",
                "Contact",
                "restrict",
                len(restricted),
                _(
                    "Legal hold until %(date)s: name and address stay for the "
                    "retained accounting records, everything else is removed; "
                    "the contact is archived and excluded from searches, "
                    "mailings and exports (Art. 18 GDPR). The final erasure is "
                    "scheduled for the end of the retention.",
                    date=max(plan["hold_until"].values()),
                ),
            )
        return lines

    # ------------------------------------------------------------------
    # Execution
    # ------------------------------------------------------------------
    @api.model
    def _gdpr_execute(self, partners, request=None, trigger="manual", extra_emails=()):
        """Erase ``partners`` in one savepoint: everything or nothing."""
        self._gdpr_check_manager()
        if request:
            extra_emails = tuple(extra_emails) + (
                (request.email,) if request.email else ()
            )
        plan = self._gdpr_plan(partners, extra_emails=extra_emails)
        if plan["blocking"]:
            raise UserError("\n".join(plan["blocking"]))
        engine = self.sudo().with_context(
            active_test=False, tracking_disable=True, mail_notrack=True
        )
        log_model = self.env["gdpr.erasure.log"].sudo()
        hashes = sorted(
            {log_model._gdpr_hash_email(e) for e in plan["identity"]["emails"]}
            - {False}
        )
        try:
            with self.env.cr.savepoint():
                fnames = engine._gdpr_run(plan)
                log = engine._gdpr_create_log(plan, hashes, request, trigger, fnames)
                self.env["gdpr.erasure.suppression"]._gdpr_add(hashes, log=log)
                self.env.flush_all()
        except (UserError, AccessError):
            self.env.invalidate_all()
            raise
        except Exception as exc:
            self.env.invalidate_all()
            _logger.exception("Erasure failed, rolled back")
            raise UserError(
                self.env._(
                    "The erasure failed and nothing was changed: %(error)s",
                    error=exc,
                )
            ) from exc
        self.env.invalidate_all()
        if fnames:
            self.env.cr.postcommit.add(self._gdpr_postcommit_unlink_files(fnames))
        return log

    def _gdpr_run(self, plan):
        cr = self.env.cr
        self.env.flush_all()
        records = plan["records"]
        by_action = defaultdict(lambda: defaultdict(set))
        for model, recs in records.items():
            for rid, (action, _rule) in recs.items():
                by_action[action][model].add(rid)
        deletes = by_action["delete"]
        fnames = self._gdpr_prepare_deletes(deletes)
        # 1. portal users (before the partner is archived)
        self._gdpr_anonymize_users(plan["user_ids"])
        # 2. tracking values on documents that stay
        if plan["tracking_value_ids"]:
            cr.execute(
                SQL(
                    "DELETE FROM mail_tracking_value WHERE id = ANY(%s)",
                    plan["tracking_value_ids"],
                )
            )
        # 3. deletes, referencing models first
        for model in self._gdpr_delete_order(deletes):
            table = self.env[model]._table
            for chunk in split_every(BATCH, sorted(deletes[model])):
                cr.execute(
                    SQL(
                        "DELETE FROM %s WHERE id = ANY(%s)",
                        SQL.identifier(table),
                        list(chunk),
                    )
                )
        # 4. anonymize and detach
        rules = self.env["gdpr.erasure.rule"].sudo()
        for model, recs in records.items():
            anon = defaultdict(set)
            for rid, (action, rule_id) in recs.items():
                if action == "anonymize":
                    anon[rule_id].add(rid)
            for rule_id, ids in anon.items():
                self._gdpr_anonymize_fields(model, ids, rules.browse(rule_id).field_ids)
        pids = plan["partner_ids"]
        for model in set(by_action["detach"]) | set(by_action["anonymize"]):
            ids = by_action["detach"][model] | by_action["anonymize"][model]
            self._gdpr_detach(model, ids, pids)
        self.env.invalidate_all()
        # 5. bank accounts and the partners themselves
        if plan["bank_ids"]:
            cr.execute(
                SQL("DELETE FROM res_partner_bank WHERE id = ANY(%s)", plan["bank_ids"])
            )
        if plan["bank_kept_ids"]:
            cr.execute(
                SQL(
                    "UPDATE res_partner_bank SET acc_holder_name = NULL "
                    "WHERE id = ANY(%s)",
                    plan["bank_kept_ids"],
                )
            )
        self.env.invalidate_all()
        self._gdpr_anonymize_partners(plan)
        self.env.flush_all()
        return fnames

    def _gdpr_prepare_deletes(self, deletes):
        """Add the parent rows of delegating models and return the files of
        the attachments about to be deleted."""
        cr = self.env.cr
        # mail.mail and other delegating models: their parent row holds the
        # content (the message body) and is deleted with them.
        for model in list(deletes):
            for parent_model, parent_field in self.env[model]._inherits.items():
                if parent_model in ("res.partner", "res.users"):
                    continue
                cr.execute(
                    SQL(
                        "SELECT %s FROM %s WHERE id = ANY(%s)",
                        SQL.identifier(parent_field),
                        SQL.identifier(self.env[model]._table),
                        sorted(deletes[model]),
                    )
                )
                deletes[parent_model].update(r[0] for r in cr.fetchall() if r[0])
        fnames = []
        if deletes.get("ir.attachment"):
            cr.execute(
                SQL(
                    "SELECT DISTINCT store_fname FROM ir_attachment "
                    "WHERE id = ANY(%s) AND store_fname IS NOT NULL",
                    sorted(deletes["ir.attachment"]),
                )
            )
            fnames = [row[0] for row in cr.fetchall()]
        return fnames

    def _gdpr_delete_order(self, deletes):
        """Delete referencing records before the records they reference."""
        models_ = set(deletes)
        before = defaultdict(set)  # model -> models that must go first
        for model in models_:
            for field in self.env[model]._fields.values():
                if (
                    field.type == "many2one"
                    and field.store
                    and field.comodel_name in models_
                    and field.comodel_name != model
                ):
                    before[field.comodel_name].add(model)
        order, done = [], set()

        def visit(model, stack=()):
            if model in done or model in stack:
                return
            for dep in sorted(before[model]):
                visit(dep, stack + (model,))
            done.add(model)
            order.append(model)

        for model in sorted(models_):
            visit(model)
        return order

    def _gdpr_neutral_value(self, field):
        if field.type in ("char", "text", "html"):
            if not field.required:
                return None
            value = self.env._("erased")
            if field.translate:
                return json.dumps({"en_US": value})
            return value
        if field.type in ("many2one", "date", "datetime", "json", "selection"):
            return None if not field.required else False
        return False

    def _gdpr_anonymize_fields(self, model, ids, ir_fields):
        Model = self.env[model]
        assignments = []
        for ir_field in ir_fields:
            field = Model._fields.get(ir_field.name)
            if not field or not field.store or field.inherited:
                continue
            if field.type == "binary":
                self.env.cr.execute(
                    SQL(
                        "DELETE FROM ir_attachment WHERE res_model = %s "
                        "AND res_field = %s AND res_id = ANY(%s)",
                        model,
                        field.name,
                        sorted(ids),
                    )
                )
                continue
            value = self._gdpr_neutral_value(field)
            if value is False:
                continue
            assignments.append(SQL("%s = %s", SQL.identifier(field.name), value))
        if assignments:
            for chunk in split_every(BATCH, sorted(ids)):
                self.env.cr.execute(
                    SQL(
                        "UPDATE %s SET %s WHERE id = ANY(%s)",
                        SQL.identifier(Model._table),
                        SQL(", ").join(assignments),
                        list(chunk),
                    )
                )

    def _gdpr_detach(self, model, ids, pids):
        cr = self.env.cr
        Model = self.env[model]
        for link_model, fname, kind, table, col1, col2 in self._gdpr_partner_links():
            if link_model != model:
                continue
            field = Model._fields[fname]
            if kind == "m2m":
                if field.compute or field.related:
                    continue
                cr.execute(
                    SQL(
                        "DELETE FROM %s WHERE %s = ANY(%s) AND %s = ANY(%s)",
                        SQL.identifier(table),
                        SQL.identifier(col1),
                        sorted(ids),
                        SQL.identifier(col2),
                        pids,
                    )
                )
                continue
            if field.required or field.compute or field.related:
                # Points to the anonymized contact; nothing personal left.
                continue
            if model == "res.partner":
                # Other persons of the same company: the ORM recomputes their
                # commercial entity.
                partners = (
                    Model.browse(ids)
                    .exists()
                    .filtered(lambda p, f=fname: p[f].id in pids)
                )
                partners.write({fname: False})
                continue
            for chunk in split_every(BATCH, sorted(ids)):
                cr.execute(
                    SQL(
                        "UPDATE %s SET %s = NULL WHERE id = ANY(%s) AND %s = ANY(%s)",
                        SQL.identifier(table),
                        SQL.identifier(col1),
                        list(chunk),
                        SQL.identifier(col1),
                        pids,
                    )
                )

    def _gdpr_anonymize_users(self, user_ids):
        """Portal accounts: archived, login, password and signature replaced.
        Written in SQL: the ORM would email a 'login changed' notice, with
        the person's name, to the address being erased."""
        if not user_ids:
            return
        cr = self.env.cr
        self.env.flush_all()
        cr.execute(
            SQL(
                """
                UPDATE res_users
                   SET login = 'erased-user-' || id || '@erased.invalid',
                       active = false,
                       password = NULL,
                       signature = NULL
                 WHERE id = ANY(%s)
                """,
                user_ids,
            )
        )
        if "res.users.apikeys" in self.env:
            cr.execute(
                SQL("DELETE FROM res_users_apikeys WHERE user_id = ANY(%s)", user_ids)
            )
        self.env.invalidate_all()
        self.env.registry.clear_cache()

    def _gdpr_anonymize_partners(self, plan):
        # active_test must stay on: archiving checks for active users
        Partner = (
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=True, tracking_disable=True, mail_notrack=True)
        )
        hold_until = plan["hold_until"]
        restricted = Partner.browse(sorted(hold_until))
        anonymized = Partner.browse(sorted(set(plan["partner_ids"]) - set(hold_until)))
        text_fields = [
            name
            for name, field in Partner._fields.items()
            if field.store
            and field.type in ("char", "text", "html")
            and not field.compute
            and not field.related
            and not field.inherited
            and name not in PARTNER_KEEP
        ]
        now = fields.Datetime.now()
        common = dict.fromkeys(text_fields, False)
        common.update(
            {
                "category_id": [fields.Command.clear()],
                "title": False,
                "active": False,
                "gdpr_erasure_date": now,
            }
        )
        if "industry_id" in Partner._fields:
            common["industry_id"] = False
        if anonymized:
            vals = dict(common)
            vals.update(
                {
                    "name": self.env._("Erased person"),
                    "parent_id": False,
                    "state_id": False,
                    "country_id": False,
                    "gdpr_erased": True,
                    "gdpr_restricted": False,
                    "gdpr_hold_until": False,
                }
            )
            anonymized.write(vals)
        # Pictures: only where there is one. Writing an empty image through the
        # ORM searches the attachments of each resized copy record by record.
        self.env.cr.execute(
            SQL(
                "SELECT DISTINCT res_id FROM ir_attachment WHERE res_model = "
                "'res.partner' AND res_field = 'image_1920' AND res_id = ANY(%s)",
                (anonymized | restricted).ids,
            )
        )
        with_image = Partner.browse([row[0] for row in self.env.cr.fetchall()])
        if with_image:
            with_image.write({"image_1920": False})
        for until in sorted(set(hold_until.values())):
            group = restricted.filtered(lambda p, u=until: hold_until[p.id] == u)
            vals = {k: v for k, v in common.items() if k not in PARTNER_HOLD_KEEP}
            vals.update(
                {
                    "gdpr_restricted": True,
                    "gdpr_hold_until": until,
                    "gdpr_erased": False,
                }
            )
            individuals = group.filtered(lambda p: not p.is_company)
            (group - individuals).write(vals)
            if individuals:
                # Tax ID of private persons is not needed on their invoices.
                individuals.write(dict(vals, vat=False, company_registry=False))

    def _gdpr_create_log(self, plan, hashes, request, trigger, fnames):
        counts = defaultdict(int)
        for model, recs in plan["records"].items():
            for action, rule_id in recs.values():
                counts[(model, action, rule_id)] += 1
        descriptions = {
            line["model"]: line["model_description"] for line in plan["lines"]
        }
        line_vals = [
            {
                "model": model,
                "model_description": descriptions.get(model, model),
                "action": action,
                "count": count,
                "rule_id": rule_id,
            }
            for (model, action, rule_id), count in sorted(
                counts.items(), key=lambda i: (i[0][0], i[0][1], i[0][2] or 0)
            )
        ]
        for line in plan["lines"]:
            if line["model"] in ("res.partner", "res.users", "mail.tracking.value") or (
                line["model"] == "res.partner.bank"
            ):
                line_vals.append(
                    {
                        "model": line["model"],
                        "model_description": line["model_description"],
                        "action": line["action"],
                        "count": line["count"],
                    }
                )
        hold = plan["hold_until"]
        return (
            self.env["gdpr.erasure.log"]
            .sudo()
            .create(
                {
                    "request_id": request.id if request else False,
                    "request_ref": request.name if request else False,
                    "trigger": "request"
                    if request and trigger == "manual"
                    else trigger,
                    "user_id": self.env.uid,
                    "partner_count": len(plan["partner_ids"]),
                    "restricted_count": len(hold),
                    "anonymized_count": len(plan["partner_ids"]) - len(hold),
                    "hold_until": max(hold.values()) if hold else False,
                    "email_hash": "\n".join(hashes) or False,
                    "file_count": len(fnames),
                    "line_ids": [fields.Command.create(v) for v in line_vals],
                }
            )
        )

    def _gdpr_postcommit_unlink_files(self, fnames):
        """Remove the files of deleted attachments once the deletion is
        committed, unless another attachment still shares the file."""
        registry = self.env.registry
        dbname = self.env.cr.dbname

        def unlink_files():
            with registry.cursor() as cr:
                cr.execute(
                    SQL(
                        "SELECT DISTINCT store_fname FROM ir_attachment "
                        "WHERE store_fname = ANY(%s)",
                        fnames,
                    )
                )
                used = {row[0] for row in cr.fetchall()}
                env = api.Environment(cr, self.env.uid, {})
                Attachment = env["ir.attachment"]
                for fname in set(fnames) - used:
                    path = Attachment._full_path(fname)
                    try:
                        os.unlink(path)
                    except FileNotFoundError:
                        _logger.debug("Erasure: %s was already removed", path)
                    except OSError:
                        _logger.warning(
                            "Erasure on %s: could not remove %s", dbname, path
                        )

        return unlink_files
