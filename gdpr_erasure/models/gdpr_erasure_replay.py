# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Erasures re-applied after a backup restore (Art. 17 GDPR after recovery).

A restored backup brings back the people erased since it was taken, and the
logs of those erasures are gone with the rest of the newer data. The
*register* of the erasures (per erasure its reference, date and the salted
hashes of ``identity_hashes``: no identifier in clear) is exported from the
database before it is replaced, and read in the restored one: the contacts
and the records with an email (leads, mailing contacts) that match an
erasure are erased again by the same engine, after a preview. Erasures still
logged in the database itself can be re-applied the same way.

A contact matches by its email; one without an email by its phone number or
its full name (the name is kept for the persons who had no email).
"""

import hashlib
import hmac
import json
import re
from dataclasses import dataclass, field

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import SQL

from .gdpr_erasure_scan import SPLIT_RE, TRIM, hash_sql

FORMAT = "gdpr_erasure_register/1"
HASH_RE = re.compile(r"^[0-9a-f]{64}$")
# Models whose email is not used to find records again: the erasure's own
# bookkeeping and the partners (matched with their phone and name as well).
EMAIL_MODELS_EXCLUDED = ("res.partner",)
EMAIL_PREFIXES_EXCLUDED = ("gdpr.", "ir.", "base.")


@dataclass
class ReplayMatch:
    """What a restored database holds of one erased person."""

    entry: dict
    partner_ids: list = field(default_factory=list)
    emails: list = field(default_factory=list)
    names: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    plan: object = None


class GdprErasureReplayService(models.AbstractModel):
    _name = "gdpr.erasure.replay.service"
    _description = "Erasure Replay After a Restore"

    # ------------------------------------------------------------------
    # The register
    # ------------------------------------------------------------------
    @api.model
    def _gdpr_salt_check(self):
        """A value derived from the database's hash salt: a register can be
        read only where its hashes mean something."""
        salt = self.env["gdpr.erasure.log"].sudo()._gdpr_hash_salt()
        return hmac.new(
            salt.encode(), b"gdpr_erasure.register", hashlib.sha256
        ).hexdigest()

    @api.model
    def _gdpr_entries_from_logs(self, date_from):
        """The entries of the erasures logged in this database since
        ``date_from`` (a date)."""
        self.env["gdpr.erasure.engine"]._gdpr_check_manager()
        logs = (
            self.env["gdpr.erasure.log"]
            .sudo()
            .search(
                [
                    ("date", ">=", fields.Datetime.to_datetime(date_from)),
                    ("identity_hashes", "!=", False),
                ],
                order="date, id",
            )
        )
        return [
            {
                "ref": log.name,
                "date": fields.Datetime.to_string(log.date),
                "identity": json.loads(log.identity_hashes),
            }
            for log in logs
        ]

    @api.model
    def _gdpr_export(self, date_from):
        """The register of the erasures logged since ``date_from``, as the
        bytes of a JSON file. DPO only."""
        entries = self._gdpr_entries_from_logs(date_from)
        payload = {
            "format": FORMAT,
            "database_uuid": self.env["ir.config_parameter"]
            .sudo()
            .get_param("database.uuid"),
            "salt_check": self._gdpr_salt_check(),
            "date_from": fields.Date.to_string(date_from),
            "exported_at": fields.Datetime.to_string(fields.Datetime.now()),
            "entries": entries,
        }
        return json.dumps(payload, indent=1, sort_keys=True).encode()

    @api.model
    def _gdpr_entries_from_file(self, data, date_from=None):
        """The entries of a register file (bytes), since ``date_from`` if
        given. A file that is no register, was changed or comes from a
        database with another salt is refused with the reason."""
        self.env["gdpr.erasure.engine"]._gdpr_check_manager()
        _ = self.env._
        not_a_register = _(
            "This file is no register of erasures. Export the register with "
            '"Re-apply Erasures" > "Download Register" in the database in which '
            "the erasures were made."
        )
        try:
            payload = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, AttributeError) as exc:
            raise UserError(not_a_register) from exc
        if (
            not isinstance(payload, dict)
            or payload.get("format") != FORMAT
            or not isinstance(payload.get("entries"), list)
        ):
            raise UserError(not_a_register)
        if payload.get("salt_check") != self._gdpr_salt_check():
            raise UserError(
                _(
                    "This register comes from a database with another hash "
                    "salt: the erased persons cannot be recognized here. Use "
                    "the register of the database this backup was taken from."
                )
            )
        entries = [
            self._gdpr_check_entry(entry, not_a_register)
            for entry in payload["entries"]
        ]
        if date_from:
            start = fields.Datetime.to_string(fields.Datetime.to_datetime(date_from))
            entries = [entry for entry in entries if entry["date"] >= start]
        return entries

    @api.model
    def _gdpr_check_entry(self, entry, error):
        """An entry of a register, checked value by value."""
        try:
            identity = entry["identity"]
            fields.Datetime.to_datetime(entry["date"])
            hashes = list(identity.get("emails", [])) + list(identity.get("phones", []))
            groups = list(identity.get("names", [])) + list(
                identity.get("replay_names", [])
            )
            hashes += [h for group in groups for h in group]
            valid = isinstance(entry["ref"], str) and all(
                isinstance(h, str) and HASH_RE.match(h) for h in hashes
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise UserError(error) from exc
        if not valid:
            raise UserError(error)
        return {
            "ref": entry["ref"],
            "date": entry["date"],
            "identity": {
                "emails": list(identity.get("emails", [])),
                "phones": list(identity.get("phones", [])),
                "replay_names": [list(g) for g in identity.get("replay_names", [])],
            },
        }

    # ------------------------------------------------------------------
    # Recognizing the persons
    # ------------------------------------------------------------------
    @tools.ormcache()
    def _gdpr_email_models(self):
        """Models with a stored normalized email (leads, mailing contacts,
        event registrations...): records found by it are erased with the
        person."""
        result = []
        for name in sorted(self.env.registry):
            Model = self.env[name]
            fld = Model._fields.get("email_normalized")
            if (
                fld is None
                or not fld.store
                or Model._abstract
                or not Model._auto
                or name in EMAIL_MODELS_EXCLUDED
                or name.startswith(EMAIL_PREFIXES_EXCLUDED)
            ):
                continue
            result.append(name)
        return tuple(result)

    def _gdpr_digits_sql(self, column):
        return SQL("regexp_replace(%s, '[^0-9]', '', 'g')", SQL.identifier(column))

    @api.model
    def _gdpr_find(self, entry):
        """The records of the restored database that belong to the erased
        person of ``entry``: a :class:`ReplayMatch`."""
        identity = entry["identity"]
        salt = self.env["gdpr.erasure.log"].sudo()._gdpr_hash_salt()
        emails, phones = identity["emails"], identity["phones"]
        groups = [" ".join(sorted(group)) for group in identity["replay_names"]]
        match = ReplayMatch(entry=entry)
        cr = self.env.cr
        self.env.flush_all()
        # Contacts: by the email, or without an email by phone or full name.
        without_email = [SQL("FALSE")]
        for column in ("phone", "mobile"):
            digits = self._gdpr_digits_sql(column)
            without_email.append(
                SQL(
                    "(length(%(d)s) >= 6 AND %(h)s = ANY(%(phones)s))",
                    d=digits,
                    h=hash_sql(salt, SQL("right(%s, 9)", digits)),
                    phones=phones,
                )
            )
        if groups:
            without_email.append(
                SQL(
                    """(
                    SELECT string_agg(w.h, ' ' ORDER BY w.h) FROM (
                        SELECT DISTINCT %(h)s COLLATE "C" AS h
                          FROM regexp_split_to_table(lower(p.name), %(split)s) t,
                               LATERAL (SELECT btrim(t, %(trim)s) AS tok) k
                         WHERE length(k.tok) >= 2
                    ) w
                    ) = ANY(%(groups)s)""",
                    h=hash_sql(salt, SQL("k.tok")),
                    split=SPLIT_RE,
                    trim=TRIM,
                    groups=groups,
                )
            )
        cr.execute(
            SQL(
                """
                SELECT p.id FROM res_partner p
                 WHERE (p.email_normalized IS NOT NULL
                        AND %(email_hash)s = ANY(%(emails)s))
                    OR (p.email_normalized IS NULL AND (%(without)s))
              ORDER BY p.id
                """,
                email_hash=hash_sql(salt, SQL("p.email_normalized")),
                emails=emails,
                without=SQL(" OR ").join(without_email),
            )
        )
        match.partner_ids = [row[0] for row in cr.fetchall()]
        if match.partner_ids:
            match.counts["res.partner"] = len(match.partner_ids)
        # Other records by the email: the planner finds them by it.
        found_emails = set()
        for model in self._gdpr_email_models() if emails else ():
            table = SQL.identifier(self.env[model]._table)
            cr.execute(
                SQL(
                    "SELECT email_normalized, count(*) FROM %s "
                    "WHERE email_normalized IS NOT NULL AND %s = ANY(%s) "
                    "GROUP BY email_normalized",
                    table,
                    hash_sql(salt, SQL("email_normalized")),
                    emails,
                )
            )
            rows = cr.fetchall()
            if rows:
                found_emails.update(email for email, _c in rows)
                match.counts[model] = sum(count for _e, count in rows)
        match.emails = sorted(found_emails)
        if not match.partner_ids and "crm.lead" in self.env and found_emails:
            # A person who was no contact: the name on their own leads.
            cr.execute(
                SQL(
                    "SELECT DISTINCT contact_name FROM crm_lead "
                    "WHERE email_normalized = ANY(%s) AND contact_name IS NOT NULL",
                    match.emails,
                )
            )
            match.names = [row[0] for row in cr.fetchall()]
        return match

    # ------------------------------------------------------------------
    # Preview and execution
    # ------------------------------------------------------------------
    @api.model
    def _gdpr_plan(self, entries):
        """Per entry with records in this database, its :class:`ReplayMatch`
        with the erasure plan (as the preview of "Forget this person")."""
        self.env["gdpr.erasure.engine"]._gdpr_check_manager()
        planner = self.env["gdpr.erasure.planner"]
        partners = self.env["res.partner"].sudo().with_context(active_test=False)
        matches = []
        for entry in entries:
            match = self._gdpr_find(entry)
            if not match.partner_ids and not match.emails:
                continue
            match.plan = planner._gdpr_plan(
                partners.browse(match.partner_ids),
                extra_emails=match.emails,
                extra_names=match.names,
            )
            matches.append(match)
        return matches

    @api.model
    def _gdpr_apply(self, entries):
        """Erase again what the restored database holds of the persons of
        ``entries``, each like the original erasure (one log each, trigger
        "replay"); all or nothing (an erasure that cannot run, e.g. of an
        employee, raises and the transaction is rolled back). Returns the
        new logs."""
        self.env["gdpr.erasure.engine"]._gdpr_check_manager()
        engine = self.env["gdpr.erasure.engine"]
        partners = self.env["res.partner"].sudo().with_context(active_test=False)
        logs = self.env["gdpr.erasure.log"]
        with self.env.cr.savepoint():
            for entry in entries:
                match = self._gdpr_find(entry)
                if not match.partner_ids and not match.emails:
                    continue
                logs |= engine._gdpr_execute(
                    partners.browse(match.partner_ids),
                    trigger="replay",
                    extra_emails=match.emails,
                    extra_names=match.names,
                    replay_ref=match.entry["ref"],
                )
        return logs
