# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Verification scan after an erasure (Art. 17, 5(2) GDPR).

After an erasure commits, a background job reads every text, varchar, html
and JSON column of every table, and the text files of the filestore, and
looks for the erased identifiers. It only knows them as salted hashes of
tokens (``gdpr.erasure.log.identity_hashes``): every value is split into
tokens in PostgreSQL, each token of a possible length is hashed there and
compared. Residues are counted per table, never stored. The job works in
batches of rows taken by primary key, commits after each batch and resumes
where it stopped; several erasures queued meanwhile share one pass.
"""

import json
import logging
import threading
import time
from collections import defaultdict
from contextlib import closing

import psycopg2

from odoo import api, fields, models, sql_db
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# Tokens: what is between characters that cannot be part of a name or an
# email address; phone numbers: digits with their usual separators.
SPLIT_RE = r"[^[:alnum:]@._+-]+"
TRIM = "._+-"
PHONE_SCAN_RE = r"\+?[0-9][0-9 ()./-]{4,}[0-9]"
# Tables that hold only hashes or the scan's own bookkeeping.
SKIPPED_TABLES = {
    "gdpr_erasure_log",
    "gdpr_erasure_log_line",
    "gdpr_erasure_scan",
    "gdpr_erasure_scan_residue",
    "gdpr_erasure_scan_log_rel",
    "gdpr_erasure_suppression",
}
FILESTORE = "ir_attachment (filestore)"
TEXT_MIMETYPES = ("text/%", "application/json", "application/xml", "%+xml")
MAX_FILE_SIZE = 10 * 1024 * 1024


def hash_sql(salt, token):
    """The salted hash of a token, computed by PostgreSQL."""
    return SQL("encode(sha256(convert_to(%s || %s, 'UTF8')), 'hex')", salt, token)


class GdprErasureScan(models.Model):
    _name = "gdpr.erasure.scan"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Erasure Verification Scan"
    _order = "id desc"

    log_ids = fields.Many2many(
        "gdpr.erasure.log",
        "gdpr_erasure_scan_log_rel",
        "scan_id",
        "log_id",
        string="Erasures",
        readonly=True,
    )
    state = fields.Selection(
        [
            ("queued", "Queued"),
            ("running", "Running"),
            ("done", "Done"),
        ],
        default="queued",
        required=True,
        readonly=True,
        index=True,
    )
    date_start = fields.Datetime(readonly=True)
    date_end = fields.Datetime(readonly=True)
    duration = fields.Float(string="Duration (s)", readonly=True, digits=(16, 1))
    table_count = fields.Integer(string="Tables Scanned", readonly=True)
    column_count = fields.Integer(string="Columns Scanned", readonly=True)
    row_count = fields.Integer(string="Rows Scanned", readonly=True)
    file_count = fields.Integer(string="Files Scanned", readonly=True)
    residue_count = fields.Integer(string="Residues", readonly=True)
    residue_ids = fields.One2many("gdpr.erasure.scan.residue", "scan_id", readonly=True)
    vacuum_tables = fields.Text(
        readonly=True,
        groups="base.group_system",
        help="Tables the erasures changed: vacuumed before the scan, so that "
        "PostgreSQL frees the deleted rows.",
    )
    position_table = fields.Char(readonly=True, groups="base.group_system")
    position_id = fields.Integer(readonly=True, groups="base.group_system")
    error = fields.Text(readonly=True)

    @api.depends("date_start")
    def _compute_display_name(self):
        for scan in self:
            scan.display_name = self.env._(
                "Verification scan %(number)s", number=scan.id or ""
            )

    # ------------------------------------------------------------------
    # Queue
    # ------------------------------------------------------------------
    @api.model
    def _gdpr_name_groups(self, names):
        """Per full name, the sorted salted hashes of its words (tokenized
        and lowercased by PostgreSQL as the scan does; names of one word are
        too ambiguous and left out), and the lengths of those words."""
        if not names:
            return [], set()
        salt = self.env["gdpr.erasure.log"]._gdpr_hash_salt()
        self.env.cr.execute(
            SQL(
                """
                SELECT n.ord, array_agg(DISTINCT %(hash)s),
                       array_agg(DISTINCT length(w.tok))
                  FROM unnest(%(names)s::text[]) WITH ORDINALITY AS n(name, ord),
                       LATERAL (
                           SELECT btrim(t, %(trim)s) AS tok
                             FROM regexp_split_to_table(lower(n.name), %(split)s) t
                       ) w
                 WHERE length(w.tok) >= 2
              GROUP BY n.ord
                """,
                hash=hash_sql(salt, SQL("w.tok")),
                names=list(names),
                trim=TRIM,
                split=SPLIT_RE,
            )
        )
        groups, lengths = [], set()
        for _ord, hashes, lens in self.env.cr.fetchall():
            if len(hashes) >= 2 and sorted(hashes) not in groups:
                groups.append(sorted(hashes))
                lengths.update(lens)
        return groups, lengths

    @api.model
    def _gdpr_identity_hashes(self, emails, phones, names, replay_names=()):
        """JSON of the salted hashes that recognize the person: emails,
        phone numbers (last nine digits), the words of each full name, and
        (``replay_names``) the names of persons without an email, by which a
        restored copy of them is found again."""
        salt = self.env["gdpr.erasure.log"]._gdpr_hash_salt()
        cr = self.env.cr
        name_groups, lengths = self._gdpr_name_groups(names)
        replay_groups, _lengths = self._gdpr_name_groups(replay_names)
        singles = [e.lower() for e in emails] + list(phones)
        cr.execute(
            SQL(
                "SELECT %s, length(t) FROM unnest(%s::text[]) WITH ORDINALITY "
                "AS s(t, ord) ORDER BY ord",
                hash_sql(salt, SQL("t")),
                singles,
            )
        )
        rows = cr.fetchall()
        lengths.update(length for _h, length in rows)
        count = len(emails)
        return json.dumps(
            {
                "emails": sorted(h for h, _l in rows[:count]),
                "phones": sorted(h for h, _l in rows[count:]),
                "names": name_groups,
                "replay_names": replay_groups,
                "lengths": sorted(lengths),
            }
        )

    @api.model
    def _gdpr_trigger(self):
        """Run the scan job soon (after the commit). No row is written that
        another erasure could write at the same time: the job itself takes
        the logs not verified yet."""
        cron = self.env.ref(
            "gdpr_erasure.ir_cron_gdpr_erasure_scan", raise_if_not_found=False
        )
        if cron:
            cron.sudo()._trigger()

    @api.model
    def _gdpr_pending_logs(self):
        return (
            self.env["gdpr.erasure.log"]
            .sudo()
            .search([("identity_hashes", "!=", False), ("scan_ids", "=", False)])
        )

    @api.model
    def _gdpr_take_pending(self):
        """A new pass over the erasures logged since the last one started
        (with their hashes, not yet in a scan), or an empty recordset."""
        logs = self._gdpr_pending_logs()
        if not logs:
            return self.browse()
        tables = set()
        for log in logs:
            tables.update((log.changed_tables or "").split())
        return self.sudo().create(
            {
                "log_ids": [fields.Command.set(logs.ids)],
                "vacuum_tables": " ".join(sorted(tables)),
            }
        )

    # ------------------------------------------------------------------
    # What is scanned
    # ------------------------------------------------------------------
    def _gdpr_scan_tables(self):
        """``[(table, columns, has_id)]`` of every table with text, varchar
        or JSON columns, by name."""
        self.env.cr.execute(
            """
            SELECT c.relname,
                   array_agg(a.attname::text ORDER BY a.attnum),
                   EXISTS (SELECT 1 FROM pg_attribute i
                            WHERE i.attrelid = c.oid AND i.attname = 'id'
                              AND i.atttypid = 'int4'::regtype)
              FROM pg_class c
              JOIN pg_namespace n ON n.oid = c.relnamespace
              JOIN pg_attribute a ON a.attrelid = c.oid
             WHERE n.nspname = current_schema()
               AND c.relkind = 'r'
               AND a.attnum > 0 AND NOT a.attisdropped
               AND a.atttypid IN ('text'::regtype, 'varchar'::regtype,
                                  'json'::regtype, 'jsonb'::regtype)
          GROUP BY c.oid, c.relname
          ORDER BY c.relname
            """
        )
        return [row for row in self.env.cr.fetchall() if row[0] not in SKIPPED_TABLES]

    def _gdpr_targets(self):
        """hash -> log ids, and per log its name groups (sets of hashes)."""
        singles = defaultdict(set)
        names = defaultdict(list)
        lengths = set()
        for log in self.log_ids.sudo():
            data = json.loads(log.identity_hashes or "{}")
            for h in data.get("emails", []) + data.get("phones", []):
                singles[h].add(log.id)
            for group in data.get("names", []):
                names[log.id].append(set(group))
            lengths.update(data.get("lengths", []))
        return singles, names, sorted(lengths)

    def _gdpr_match(self, source, targets):
        """Rows of ``source`` (SQL giving ``id, v``: a key and the lowercased
        text) with residues: ``{log id: rows}``."""
        singles, names, lengths = targets
        all_hashes = sorted(
            set(singles) | {h for gs in names.values() for g in gs for h in g}
        )
        salt = self.env["gdpr.erasure.log"]._gdpr_hash_salt()
        self.env.cr.execute(
            SQL(
                """
                SELECT x.id, array_agg(DISTINCT x.h) FROM (
                    SELECT r.id, %(hash)s AS h
                      FROM (%(source)s) r,
                           LATERAL (
                               SELECT btrim(t, %(trim)s) AS tok
                                 FROM regexp_split_to_table(r.v, %(split)s) t
                               UNION ALL
                               SELECT right(regexp_replace(m[1], '[^0-9]', '', 'g'), 9)
                                 FROM regexp_matches(r.v, %(phone)s, 'g') m
                           ) toks
                     WHERE length(toks.tok) = ANY(%(lengths)s)
                ) x
                 WHERE x.h = ANY(%(hashes)s)
              GROUP BY x.id
                """,
                hash=hash_sql(salt, SQL("toks.tok")),
                source=source,
                trim=TRIM,
                split=SPLIT_RE,
                phone=PHONE_SCAN_RE,
                lengths=lengths,
                hashes=all_hashes,
            )
        )
        residues = defaultdict(int)
        for _key, found in self.env.cr.fetchall():
            found = set(found)
            logs = set()
            for h in found & set(singles):
                logs |= singles[h]
            for log_id, groups in names.items():
                if any(group <= found for group in groups):
                    logs.add(log_id)
            for log_id in logs:
                residues[log_id] += 1
        return residues

    # ------------------------------------------------------------------
    # Run
    # ------------------------------------------------------------------
    def _auto_commit(self):
        return not getattr(threading.current_thread(), "testing", False)

    def _commit(self):
        """Keep the work done: a stopped job resumes after the last batch."""
        self.env.flush_all()
        if self._auto_commit():
            self.env.cr.commit()  # pylint: disable=invalid-commit
        self.env.invalidate_all()

    def _gdpr_param(self, key, default):
        value = self.env["ir.config_parameter"].sudo().get_param(key)
        try:
            return max(int(value), 1) if value else default
        except ValueError:
            return default

    @api.model
    def _cron_gdpr_erasure_scan(self):
        """Run the queued scans for a bounded time; the cron comes back at
        once while work remains."""
        seconds = self._gdpr_param("gdpr_erasure.scan_seconds_per_call", 60)
        deadline = time.monotonic() + seconds
        pending = [("state", "in", ("queued", "running"))]
        scans = self.sudo().search(pending, order="id") or self._gdpr_take_pending()
        for scan in scans:
            if not scan._gdpr_run(deadline):
                break
        remaining = self.sudo().search_count(pending) or len(self._gdpr_pending_logs())
        self.env["ir.cron"]._notify_progress(
            done=len(scans) - remaining, remaining=remaining
        )

    def _gdpr_run(self, deadline=None):
        """Scan on from the saved position; True when the scan is done."""
        self.ensure_one()
        started = time.monotonic()
        if self.state == "queued":
            self.write(
                {
                    "state": "running",
                    "date_start": fields.Datetime.now(),
                    "position_table": False,
                    "position_id": 0,
                }
            )
            self._commit()
            self._gdpr_vacuum()
        targets = self._gdpr_targets()
        done = self._gdpr_scan_database(targets, deadline) and self._gdpr_scan_files(
            targets, deadline
        )
        vals = {"duration": self.duration + time.monotonic() - started}
        if done:
            vals.update(
                state="done",
                date_end=fields.Datetime.now(),
                residue_count=sum(self.residue_ids.mapped("count")),
            )
        self.write(vals)
        if done and self.residue_ids:
            self._gdpr_notify_residues()
        self._commit()
        return done

    def _gdpr_vacuum(self):
        """VACUUM the changed tables, outside any transaction, so that the
        deleted and overwritten rows are freed now rather than whenever
        autovacuum comes (not in tests: VACUUM cannot run in their
        transaction)."""
        tables = sorted(set((self.vacuum_tables or "").split()))
        if not tables or not self._auto_commit():
            return
        self.env.cr.execute(
            "SELECT relname FROM pg_class WHERE relkind = 'r' AND relname = ANY(%s)",
            [tables],
        )
        existing = [row[0] for row in self.env.cr.fetchall()]
        with closing(sql_db.db_connect(self.env.cr.dbname).cursor()) as cr:
            cr._cnx.autocommit = True
            for table in existing:
                try:
                    cr.execute(SQL("VACUUM %s", SQL.identifier(table)))
                except psycopg2.Error as exc:
                    _logger.warning("Erasure scan: VACUUM %s failed: %s", table, exc)

    def _gdpr_out_of_time(self, deadline):
        return deadline is not None and time.monotonic() > deadline

    def _gdpr_scan_database(self, targets, deadline):
        batch = self._gdpr_param("gdpr_erasure.scan_batch_size", 5000)
        for table, columns, has_id in self._gdpr_scan_tables():
            position = self.position_table or ""
            if table < position or (table == position and self.position_id < 0):
                continue
            after = self.position_id if table == position else 0
            while True:
                if self._gdpr_out_of_time(deadline):
                    return False
                rows, after = self._gdpr_scan_batch(
                    table, columns, has_id, after, batch, targets
                )
                self.write(
                    {
                        "position_table": table,
                        "position_id": after,
                        "row_count": self.row_count + rows,
                    }
                )
                if after < 0:
                    self.write(
                        {
                            "table_count": self.table_count + 1,
                            "column_count": self.column_count + len(columns),
                        }
                    )
                self._commit()
                if after < 0:
                    break
        return True

    def _gdpr_scan_batch(self, table, columns, has_id, after, batch, targets):
        """Scan the rows after id ``after``: ``(rows, last id)``, the last id
        -1 when the table is done. Tables without an integer id are small
        (relations): scanned at once."""
        cr = self.env.cr
        text = SQL(
            "lower(concat_ws(' ', %s))",
            SQL(", ").join(SQL("%s::text", SQL.identifier(c)) for c in columns),
        )
        if has_id:
            cr.execute(
                SQL(
                    "SELECT count(*), max(id) FROM (SELECT id FROM %s WHERE id > %s "
                    "ORDER BY id LIMIT %s) s",
                    SQL.identifier(table),
                    after,
                    batch,
                )
            )
            rows, upper = cr.fetchone()
            if not rows:
                return 0, -1
            source = SQL(
                "SELECT id, %s AS v FROM %s WHERE id > %s AND id <= %s",
                text,
                SQL.identifier(table),
                after,
                upper,
            )
        else:
            cr.execute(SQL("SELECT count(*) FROM %s", SQL.identifier(table)))
            rows, upper = cr.fetchone()[0], -1
            source = SQL(
                "SELECT ctid::text AS id, %s AS v FROM %s", text, SQL.identifier(table)
            )
        try:
            with cr.savepoint():
                residues = self._gdpr_match(source, targets)
        except psycopg2.Error as exc:
            _logger.warning("Erasure scan: table %s not scanned: %s", table, exc)
            self.error = "\n".join(filter(None, [self.error, f"{table}: {exc}"]))
            return rows, -1
        self._gdpr_add_residues(table, residues)
        return rows, upper if rows == batch else -1

    def _gdpr_scan_files(self, targets, deadline):
        """Text files of the filestore (the database holds only their name)."""
        if self.position_table == FILESTORE and self.position_id < 0:
            return True
        after = self.position_id if self.position_table == FILESTORE else 0
        Attachment = self.env["ir.attachment"].sudo()
        cr = self.env.cr
        while not self._gdpr_out_of_time(deadline):
            cr.execute(
                SQL(
                    "SELECT id, store_fname FROM ir_attachment WHERE id > %s "
                    "AND store_fname IS NOT NULL AND mimetype LIKE ANY(%s) "
                    "AND coalesce(file_size, 0) <= %s ORDER BY id LIMIT 200",
                    after,
                    list(TEXT_MIMETYPES),
                    MAX_FILE_SIZE,
                )
            )
            files = cr.fetchall()
            texts = [
                Attachment._file_read(fname)
                .decode("utf-8", "replace")
                .replace("\x00", "")
                for _id, fname in files
            ]
            if files:
                source = SQL(
                    "SELECT f.id, lower(f.v) AS v FROM unnest(%s::int[], %s::text[]) "
                    "AS f(id, v)",
                    [i for i, _f in files],
                    texts,
                )
                self._gdpr_add_residues(FILESTORE, self._gdpr_match(source, targets))
            after = files[-1][0] if len(files) == 200 else -1
            self.write(
                {
                    "position_table": FILESTORE,
                    "position_id": after,
                    "file_count": self.file_count + len(files),
                }
            )
            self._commit()
            if after < 0:
                return True
        return False

    def _gdpr_add_residues(self, table, residues):
        Residue = self.env["gdpr.erasure.scan.residue"].sudo()
        for log_id, count in residues.items():
            line = Residue.search(
                [
                    ("scan_id", "=", self.id),
                    ("log_id", "=", log_id),
                    ("table_name", "=", table),
                ]
            )
            if line:
                line.count += count
            else:
                Residue.create(
                    {
                        "scan_id": self.id,
                        "log_id": log_id,
                        "table_name": table,
                        "count": count,
                    }
                )

    def _gdpr_notify_residues(self):
        """An activity for the DPO: which tables to look at."""
        tables = sorted(set(self.residue_ids.mapped("table_name")))
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=self.env["gdpr.dpo"]._dpo_user().id,
            summary=self.env._(
                "Erasure verification: residues in %(count)s tables", count=len(tables)
            ),
            note=self.env._(
                "After the erasure, the erased identifiers were still found in: "
                "%(tables)s. Check these records and erase them, or add an "
                "erasure rule for their model.",
                tables=", ".join(tables),
            ),
        )


class GdprErasureScanResidue(models.Model):
    """Rows that still hold an erased identifier, counted per table; the
    values themselves are never stored."""

    _name = "gdpr.erasure.scan.residue"
    _description = "Erasure Verification Residue"
    _order = "scan_id desc, table_name"

    scan_id = fields.Many2one(
        "gdpr.erasure.scan",
        required=True,
        readonly=True,
        ondelete="cascade",
        index=True,
    )
    log_id = fields.Many2one(
        "gdpr.erasure.log", required=True, readonly=True, ondelete="cascade", index=True
    )
    table_name = fields.Char(string="Table", required=True, readonly=True)
    count = fields.Integer(string="Rows", readonly=True)
