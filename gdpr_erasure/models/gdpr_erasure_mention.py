# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Mentions of the person in records that stay (Art. 17 GDPR).

Records that are kept, detached or anonymized still carry the person's name,
email or phone in their texts ("Meeting with Max Mustermann"). Generic: every
stored char, text and html column of the models the discovery touched, and
the messages of those records; a rule can keep the texts of some fields with
a reason (``keep_text_field_ids``). Records under legal hold keep their
texts. The planner fills ``plan.mentions`` and the preview lines; the engine
writes them set-based.
"""

import json
import re
from collections import defaultdict

from odoo import api, fields, models, tools
from odoo.tools import SQL, split_every

from ..erasure.mentions import MentionMatcher
from ..erasure.plan import PlanLine
from .gdpr_erasure_discovery import BATCH, _like_escape
from .gdpr_erasure_scan import TEXT_MIMETYPES

# Actions after which a record stays with its texts.
STAYING = ("detach", "anonymize", "keep")
PHONE_SEPARATORS = " \t()./-"
# Searched for mentions beyond the plan: every model with stored texts but
# technical ones (views, actions, parameters: reported by the verification
# scan), field history (matched on the email by the planner) and the logs.
WIDE_EXCLUDED_PREFIXES = ("ir.", "bus.", "base.", "gdpr.erasure.", "mail.tracking.")


class GdprErasureMention(models.AbstractModel):
    _name = "gdpr.erasure.mention"
    _description = "Erasure: Mentions in Texts That Stay"

    @tools.ormcache("model_name")
    def _gdpr_text_fields(self, model_name):
        """Stored char, text and html columns of ``model_name``:
        ``((field name, translated), ...)``."""
        if model_name not in self.env:
            return ()
        return tuple(
            (name, bool(field.translate))
            for name, field in self.env[model_name]._fields.items()
            if field.store
            and field.column_type
            and field.type in ("char", "text", "html")
            and not field.inherited
            and not field.related
        )

    # ------------------------------------------------------------------
    # Plan
    # ------------------------------------------------------------------
    def _gdpr_person_names(self, plan, partner_ids, without_email=False):
        """Names of ``partner_ids`` that are persons or asked for, not those
        of invoice or delivery addresses ("Invoice address"); with
        ``without_email``, only of those without an email address."""
        self.env["res.partner"].flush_model(["name", "type", "email_normalized"])
        self.env.cr.execute(
            SQL(
                "SELECT name FROM res_partner WHERE id = ANY(%s) "
                "AND (type = 'contact' OR id = ANY(%s)) AND name IS NOT NULL %s",
                sorted(partner_ids),
                plan.root_ids,
                SQL("AND email_normalized IS NULL") if without_email else SQL(),
            )
        )
        names = [row[0].strip() for row in self.env.cr.fetchall()]
        return names if without_email else names + plan.extra_names

    def _gdpr_matcher(self, plan, placeholder=None):
        """The person's names, emails and phones."""
        return MentionMatcher(
            names=self._gdpr_person_names(plan, plan.partner_ids),
            emails=plan.identity.emails,
            phones=plan.identity.phones,
            placeholder=placeholder or self.env._("[erased]"),
        )

    @api.model
    def _gdpr_identity_hashes(self, plan):
        """The salted hashes the verification scan and the replay recognize
        the person by: emails, phones, the names whose mentions are replaced
        (not of restricted persons, whose name stays on purpose) and, for the
        replay, the names of the persons without an email."""
        names = self._gdpr_person_names(plan, plan.anonymized_ids)
        replay_names = self._gdpr_person_names(
            plan, plan.partner_ids, without_email=True
        )
        return self.env["gdpr.erasure.scan"]._gdpr_identity_hashes(
            plan.identity.emails, plan.identity.phones, names, replay_names
        )

    def _gdpr_prefilter(self, matcher, plan):
        """SQL condition on the text columns of a row that every mention
        satisfies: the words of a name in order, an email, or the digits of
        a phone. The columns are searched as one lowercased text: one LIKE
        per pattern and row instead of one ILIKE per pattern and column."""
        patterns = [f"%{_like_escape(e.lower())}%" for e in plan.identity.emails]
        for name in matcher.names:
            words = [_like_escape(w.lower()) for w in name.split()]
            patterns.append("%" + "%".join(words) + "%")
            patterns.append("%" + "%".join([words[-1]] + words[:-1]) + "%")
        digits = [f"%{p}%" for p in sorted(matcher.phones)]

        def condition(columns, phones=True):
            text = SQL(
                "concat_ws(' ', %s)",
                SQL(", ").join(SQL("%s::text", c) for c in columns),
            )
            parts = [SQL("FALSE")]
            if patterns:
                parts.append(SQL("lower(%s) LIKE ANY(%s)", text, patterns))
            if digits and phones:
                # The separators of phone numbers removed (translate() is
                # much cheaper than a regular expression on large texts).
                parts.append(
                    SQL(
                        "translate(%s, %s, '') LIKE ANY(%s)",
                        text,
                        PHONE_SEPARATORS,
                        digits,
                    )
                )
            return SQL("(%s)", SQL(" OR ").join(parts))

        return condition

    @tools.ormcache()
    def _gdpr_wide_models(self):
        """Models whose texts may mention anyone, whatever their links."""
        discovery = self.env["gdpr.erasure.discovery"]
        return tuple(
            name
            for name, _model in discovery._gdpr_table_models()
            if not name.startswith(WIDE_EXCLUDED_PREFIXES)
            and self._gdpr_text_fields(name)
        )

    def _gdpr_candidates(self, plan):
        """``(model, where, rule per id, wide)`` of the records that stay:
        those the plan keeps, detaches or anonymizes (not the persons), the
        messages on them, and (``wide``) any other record of a model with
        texts that the plan does not touch."""
        persons = set(plan.partner_ids)
        messages = plan.records.get("mail.message", {})
        result = []
        for model, records in sorted(plan.records.items()):
            staying = {
                rid: rule_id
                for rid, (action, rule_id) in records.items()
                if action in STAYING and not (model == "res.partner" and rid in persons)
            }
            if not staying:
                continue
            ids = sorted(staying)
            if self._gdpr_text_fields(model):
                result.append((model, SQL("id = ANY(%s)", ids), staying, False))
            if model != "mail.message" and "mail.message" in self.env:
                # The messages the plan found are handled as such (above).
                where = SQL(
                    "model = %s AND res_id = ANY(%s) AND NOT id = ANY(%s)",
                    model,
                    ids,
                    sorted(messages),
                )
                result.append(("mail.message", where, {}, False))
        if not self._gdpr_search_wide(plan):
            # Batches of the retention job: the verification scan reports
            # mentions in records without a link.
            return result
        for model in self._gdpr_wide_models():
            # Records the plan touches are left out in Python: NOT id =
            # ANY(thousands of ids) would be evaluated for every row.
            where = SQL("TRUE")
            if model == "mail.message" and plan.partner_ids:
                # The persons' own messages are in the plan: not fetched.
                where = SQL(
                    "(author_id IS NULL OR NOT author_id = ANY(%(p)s)) AND NOT "
                    "(model = 'res.partner' AND res_id = ANY(%(p)s))",
                    p=plan.partner_ids,
                )
            result.append((model, where, None, True))
        return result

    def _gdpr_search_wide(self, plan):
        """Whether records without a link are searched for the name and
        email (a scan of every text column): for erasures of up to
        ``gdpr_erasure.mention_search_max_persons`` persons at once."""
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("gdpr_erasure.mention_search_max_persons", "10")
        )
        limit = int(value) if value.isdigit() else 10
        return len(plan.root_ids or plan.extra_names or [0]) <= limit

    def _gdpr_wide_unknown(self, model, ids, plan):
        """Of ``ids`` found beyond the plan, those the plan does not touch
        (nor, for messages, the documents they are posted on)."""
        known = set(plan.records.get(model, ()))
        if model == "res.partner":
            known |= set(plan.partner_ids)
        ids = [rid for rid in ids if rid not in known]
        if model == "res.partner" and ids:
            # Other contacts with the same email may be the same person: the
            # DPO decides (the preview warns), they are not changed. Nor are
            # namesakes: their name is their own.
            names = [n.lower() for n in self._gdpr_person_names(plan, plan.partner_ids)]
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM res_partner WHERE id = ANY(%s) "
                    "AND (email_normalized = ANY(%s) OR lower(btrim(name)) = ANY(%s))",
                    ids,
                    plan.identity.emails,
                    names,
                )
            )
            twins = {row[0] for row in self.env.cr.fetchall()}
            ids = [rid for rid in ids if rid not in twins]
        if model == "mail.message" and ids:
            self.env.cr.execute(
                SQL(
                    "SELECT id, model, res_id FROM mail_message WHERE id = ANY(%s)",
                    ids,
                )
            )
            ids = [
                rid
                for rid, doc_model, res_id in self.env.cr.fetchall()
                if res_id not in plan.records.get(doc_model, ())
            ]
        return set(ids)

    def _gdpr_wide_rules(self, model, ids, plan):
        """For records found beyond the plan: the first rule of their model
        whose domain matches (it may keep some texts), and those under legal
        hold, whose texts stay."""
        discovery = self.env["gdpr.erasure.discovery"]
        planner = self.env["gdpr.erasure.planner"]
        Model = self.env[model].sudo().with_context(active_test=False)
        today = fields.Date.context_today(self)
        todo, rules, held = set(ids), {}, set()
        for rule in discovery._gdpr_rules_by_model().get(model, []):
            if not todo:
                break
            domain = rule._get_domain()
            matched = set(Model.search([("id", "in", sorted(todo))] + domain).ids)
            if rule.legal_hold and matched:
                held |= planner._gdpr_held(Model, matched, rule, today, plan)
            rules.update(dict.fromkeys(matched, rule.id))
            todo -= matched
        return rules, held

    @api.model
    def _gdpr_plan_mentions(self, plan):
        """Fill ``plan.mentions`` (model -> id -> field -> new value) and
        return the preview lines: per model, records whose texts get the
        mentions replaced, and those a rule keeps (with its reason)."""
        matcher = self._gdpr_matcher(plan)
        if not matcher:
            return []
        condition = self._gdpr_prefilter(matcher, plan)
        placeholders = {
            code: self.with_context(lang=code).env._("[erased]")
            for code, _name in self.env["res.lang"].get_installed()
        }
        Rule = self.env["gdpr.erasure.rule"].sudo()
        scrubbed = defaultdict(set)
        kept = defaultdict(set)  # (model, rule id) -> ids
        self.env.flush_all()
        for model, where, rules, wide in self._gdpr_candidates(plan):
            text_fields = self._gdpr_text_fields(model)
            Model = self.env[model]
            columns = [SQL.identifier(name) for name, _t in text_fields]
            query = SQL(
                "SELECT id, %s FROM %s WHERE %s AND (%s)",
                SQL(", ").join(columns),
                SQL.identifier(Model._table),
                where,
                # Phone digits only in the records of the plan: translate()
                # on every text of the database would cost seconds.
                condition(columns, phones=not wide),
            )
            self.env.cr.execute(query)
            rows = self.env.cr.fetchall()
            held = set()
            if wide and rows:
                unknown = self._gdpr_wide_unknown(model, [r[0] for r in rows], plan)
                rows = [r for r in rows if r[0] in unknown]
                rules, held = self._gdpr_wide_rules(model, sorted(unknown), plan)
            for row in rows:
                rid = row[0]
                if rid in held:
                    continue
                rule = Rule.browse(rules.get(rid) or ())
                kept_by_rule = set(rule.keep_text_field_ids.mapped("name"))
                cleared = set()
                if plan.records.get(model, {}).get(rid, ("",))[0] == "anonymize":
                    cleared = set(rule.field_ids.mapped("name"))
                for (fname, _t), value in zip(text_fields, row[1:], strict=True):
                    if fname in cleared and fname not in kept_by_rule:
                        continue  # cleared by the anonymizing rule anyway
                    new, count = matcher.sub_value(value, placeholders)
                    if not count:
                        continue
                    if fname in kept_by_rule:
                        kept[(model, rule.id)].add(rid)
                        continue
                    plan.mentions[model].setdefault(rid, {})[fname] = new
                    scrubbed[model].add(rid)
        if self._gdpr_search_wide(plan):
            scrubbed["ir.attachment"] |= self._gdpr_plan_files(plan, matcher)
        return self._gdpr_mention_lines(
            {m: ids for m, ids in scrubbed.items() if ids}, kept, matcher.placeholder
        )

    def _gdpr_plan_files(self, plan, matcher):
        """Text files that stay (e.g. the calendar invitation sent to another
        attendee) and mention the person: ``plan.files`` gets their content
        with the mentions replaced. Found by their indexed text, which holds
        the printable ASCII words of the file."""
        patterns = [f"%{_like_escape(e.lower())}%" for e in plan.identity.emails]
        for name in matcher.names:
            words = re.findall(r"[\x20-\x7E]{4,}", name.lower())
            if words:
                patterns.append(f"%{_like_escape(max(words, key=len))}%")
        if not patterns:
            return set()
        self.env["ir.attachment"].flush_model()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM ir_attachment WHERE store_fname IS NOT NULL "
                "AND mimetype LIKE ANY(%s) AND lower(index_content) LIKE ANY(%s)",
                list(TEXT_MIMETYPES),
                patterns,
            )
        )
        known = plan.records.get("ir.attachment", {})
        ids = [row[0] for row in self.env.cr.fetchall() if row[0] not in known]
        found = set()
        for attachment in self.env["ir.attachment"].sudo().browse(ids):
            try:
                text = attachment.raw.decode("utf-8")
            except UnicodeDecodeError:
                continue
            new, count = matcher.sub(text)
            if count:
                plan.files[attachment.id] = new.encode("utf-8")
                found.add(attachment.id)
        return found

    def _gdpr_mention_lines(self, scrubbed, kept, placeholder):
        _ = self.env._
        Rule = self.env["gdpr.erasure.rule"].sudo()
        lines = [
            PlanLine(
                model,
                model,
                "scrub",
                len(ids),
                reason=_(
                    "The person's name, email addresses and phone numbers in the "
                    "texts of these records are replaced by %(placeholder)s; "
                    "other people's data in them stays.",
                    placeholder=placeholder,
                ),
            )
            for model, ids in sorted(scrubbed.items())
        ]
        lines += [
            PlanLine(
                model,
                model,
                "keep_text",
                len(ids),
                rule_id=rule_id,
                reason=Rule.browse(rule_id).keep_text_reason or "",
            )
            for (model, rule_id), ids in sorted(kept.items())
        ]
        return lines

    # ------------------------------------------------------------------
    # Execution
    # ------------------------------------------------------------------
    @api.model
    def _gdpr_scrub(self, plan):
        """Write the texts of ``plan.mentions``: one statement per model,
        field and batch, then the text files; returns the old files."""
        cr = self.env.cr
        for model, records in plan.mentions.items():
            translated = dict(self._gdpr_text_fields(model))
            by_field = defaultdict(list)
            for rid, values in records.items():
                for fname, value in values.items():
                    by_field[fname].append((rid, value))
            for fname, pairs in sorted(by_field.items()):
                cast = SQL("jsonb") if translated[fname] else SQL("text")
                for chunk in split_every(BATCH, sorted(pairs)):
                    values = [
                        json.dumps(v) if translated[fname] else v for _i, v in chunk
                    ]
                    cr.execute(
                        SQL(
                            "UPDATE %s AS t SET %s = v.value::%s "
                            "FROM unnest(%s::int[], %s::text[]) AS v(id, value) "
                            "WHERE t.id = v.id",
                            SQL.identifier(self.env[model]._table),
                            SQL.identifier(fname),
                            cast,
                            [rid for rid, _v in chunk],
                            values,
                        )
                    )
        if plan.mentions:
            self.env.invalidate_all()
        return self._gdpr_scrub_files(plan)

    def _gdpr_scrub_files(self, plan):
        """Write the files of ``plan.files``; returns the names of the old
        files, removed after the commit."""
        old_fnames = []
        Attachment = self.env["ir.attachment"].sudo()
        for attachment_id, content in sorted(plan.files.items()):
            attachment = Attachment.browse(attachment_id)
            if attachment.store_fname:
                old_fnames.append(attachment.store_fname)
            attachment.write({"raw": content})
        return old_fnames
