# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""What belongs to a person, found on the registry, not on a fixed list of
modules: every stored many2one / many2many to res.partner, every generic
document pointer (``res_model``/``res_id``), the records that cannot outlive
their parent, and the text columns named by the erasure rules (email, phone,
free text). One query per model and field, for a batch of partners.
"""

import json
import re
from collections import defaultdict

from odoo import api, models, tools
from odoo.tools import SQL, email_normalize_all, split_every

from ..erasure.plan import ERASING_ACTIONS, Discovery, Identity
from .gdpr_erasure_index import email_sql, phone_sql

# Models the cascade handles itself (users, bank accounts, companies) or
# must never touch (technical identifiers of data files).
SPECIAL_MODELS = {"res.users", "res.partner.bank", "res.company"}
POINTER_EXCLUDED = {"ir.model.data"}
BATCH = 20000
# Rounds of "records attached to erased records" followed at most.
MAX_DEPTH = 10


def _like_escape(value):
    return re.sub(r"([\\%_])", r"\\\1", value)


class GdprErasureDiscovery(models.AbstractModel):
    _name = "gdpr.erasure.discovery"
    _description = "Erasure Discovery"

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

    @tools.ormcache()
    def _gdpr_bank_links(self):
        """Stored many2one fields to bank accounts outside res.partner.bank
        (e.g. on journal entries): ((table, column),)."""
        return tuple(
            (model._table, field.name)
            for name, model in self._gdpr_table_models()
            for field in model._fields.values()
            if field.type == "many2one"
            and field.store
            and not field.inherited
            and field.comodel_name == "res.partner.bank"
            and name != "res.partner.bank"
        )

    def _gdpr_rules_by_model(self):
        """Active erasure rules of installed models: model -> rules, by
        sequence."""
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
        return Identity(
            emails=sorted(emails), phones=sorted(phones), names=sorted(names)
        )

    # ------------------------------------------------------------------
    # What belongs to the person
    # ------------------------------------------------------------------
    @api.model
    def _gdpr_discover(self, partners, extra_emails=()):
        """The records of ``partners`` and their own addresses, how they were
        found and what the rules would do with them; no writes, no check of
        the caller (the access export and the planner check)."""
        discovery = self.sudo().with_context(active_test=False)
        persons = discovery._gdpr_expand_partners(
            partners.sudo().with_context(active_test=False)
        )
        result = Discovery(
            partner_ids=persons.ids,
            identity=discovery._gdpr_identity(persons, extra_emails),
        )
        if result.partner_ids:
            discovery._gdpr_discover_records(result, discovery._gdpr_rules_by_model())
        return result

    def _gdpr_discover_records(self, discovery, rules_by_model):
        """Fill ``discovery`` with the person's records: linked or matching
        ones first, then, round by round, what points to or is part of the
        records the rules erase, each round classified by the planner."""
        self._gdpr_find_links(discovery)
        self._gdpr_find_matches(discovery, rules_by_model)
        planner = self.env["gdpr.erasure.planner"]
        docs_done = defaultdict(set)
        docs_todo = {"res.partner": set(discovery.partner_ids)}
        for _i in range(MAX_DEPTH):
            planner._gdpr_classify(discovery, rules_by_model)
            for model, erased in discovery.ids_with_action(ERASING_ACTIONS).items():
                docs_todo.setdefault(model, set()).update(erased)
            docs_todo = {
                m: ids - docs_done[m]
                for m, ids in docs_todo.items()
                if ids - docs_done[m]
            }
            if not docs_todo:
                break
            self._gdpr_find_pointers(discovery, docs_todo)
            self._gdpr_find_children(discovery, docs_todo)
            for model, ids in docs_todo.items():
                docs_done[model] |= ids
            docs_todo = {}
        planner._gdpr_classify(discovery, rules_by_model)

    def _gdpr_find_links(self, discovery):
        """Records with a partner field set to one of the persons."""
        cr = self.env.cr
        pids = discovery.partner_ids
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
            discovery.add_found(model, ids, "link", fname)

    def _gdpr_email_condition(self, fname, emails):
        if fname.endswith("normalized"):
            expr = SQL.identifier(fname)
        else:
            expr = email_sql(fname)
        return SQL("%s = ANY(%s)", expr, emails)

    def _gdpr_text_patterns(self, identity):
        """ILIKE patterns of the emails, and of the names (also as escaped
        in JSON columns)."""
        patterns = [f"%{_like_escape(e)}%" for e in identity.emails]
        name_patterns = []
        for name in identity.names:
            name_patterns.append(f"%{_like_escape(name)}%")
            escaped = json.dumps(name)[1:-1]
            if escaped != name:
                name_patterns.append(f"%{_like_escape(escaped)}%")
        return patterns, name_patterns

    def _gdpr_match_conditions(self, rule, identity, patterns, name_patterns):
        """(field, SQL condition) for each email, phone and text field of
        ``rule`` that can match the person."""
        emails, phones = identity.emails, identity.phones
        conditions = []
        for field in rule.email_field_ids:
            if emails:
                conditions.append(
                    (field.name, self._gdpr_email_condition(field.name, emails))
                )
        for field in rule.phone_field_ids:
            if phones:
                expr = phone_sql(field.name)
                conditions.append((field.name, SQL("%s = ANY(%s)", expr, phones)))
        for field in rule.text_field_ids:
            text_patterns = patterns + (name_patterns if rule.match_name else [])
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
        return conditions

    def _gdpr_find_matches(self, discovery, rules_by_model):
        """Records that carry the email or phone without a partner link."""
        cr = self.env.cr
        patterns, name_patterns = self._gdpr_text_patterns(discovery.identity)
        for model, rules in rules_by_model.items():
            table = self.env[model]._table
            for rule in rules:
                conditions = self._gdpr_match_conditions(
                    rule, discovery.identity, patterns, name_patterns
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
                    discovery.add_found(model, ids, "link", fname)

    def _gdpr_find_pointers(self, discovery, docs):
        """Records pointing to ``docs`` (model -> ids) through res_model /
        res_id: messages, activities, attachments, followers..."""
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
                    discovery.add_found(
                        model, rows, "pointer", f"{res_col}:{doc_model}"
                    )

    def _gdpr_find_children(self, discovery, docs):
        """Records that belong to deleted records (order lines, consent
        history, tracking values...) go with them, also where the database
        would refuse the deletion (ondelete restrict)."""
        cr = self.env.cr
        children = self._gdpr_child_links()
        for doc_model, ids in docs.items():
            classified = discovery.records.get(doc_model, {})
            deleted = [rid for rid in ids if classified.get(rid, ("",))[0] == "delete"]
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
                    discovery.add_found(model, rows, "pointer", f"{column}:{doc_model}")
