# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
import logging
import threading
import time

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.tools import SQL, format_datetime, split_every

_logger = logging.getLogger(__name__)

# Art. 5(2) GDPR and R7: origin and recipients are kept at least two years.

STEP_FIELDS = (
    "assignments_ended",
    "proposals_created",
    "partners_erased",
    "partners_restricted",
    "partners_failed",
    "finals_erased",
    "due_soon_count",
    "disclosures_purged",
    "origins_purged",
    "logs_purged",
)


class GdprRetentionRun(models.Model):
    """One run of the retention job (Art. 5(1)(e) GDPR), kept as its log.

    The job ends purposes whose retention has passed, erases (or proposes for
    erasure) partners without any remaining purpose, announces those due
    soon, executes final erasures after legal holds and purges old records.
    Every step works in bounded batches, so a killed worker loses at most the
    batch in progress, which the next run redoes.
    """

    _name = "gdpr.retention.run"
    _description = "Retention Job Run"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    _rec_name = "date_start"

    date_start = fields.Datetime(
        string="Started", required=True, readonly=True, default=fields.Datetime.now
    )
    date_end = fields.Datetime(string="Finished", readonly=True)
    duration = fields.Float(string="Duration (s)", readonly=True, digits=(16, 2))
    state = fields.Selection(
        [
            ("running", "Running"),
            ("done", "Done"),
            ("partial", "More to do"),
            ("interrupted", "Interrupted"),
        ],
        default="running",
        required=True,
        readonly=True,
    )
    trigger = fields.Selection(
        [("cron", "Scheduled"), ("manual", "Manual")],
        default="cron",
        required=True,
        readonly=True,
    )
    user_id = fields.Many2one(
        "res.users", string="Run By", readonly=True, default=lambda s: s.env.user
    )
    assignments_ended = fields.Integer(string="Purposes Ended", readonly=True)
    proposals_created = fields.Integer(string="Erasures Proposed", readonly=True)
    partners_erased = fields.Integer(string="Partners Erased", readonly=True)
    partners_restricted = fields.Integer(
        string="Partners Restricted",
        readonly=True,
        help="Kept under legal hold (Art. 17(3)(b), Art. 18 GDPR) instead of "
        "being erased.",
    )
    partners_failed = fields.Integer(string="Partners Failed", readonly=True)
    finals_erased = fields.Integer(
        string="Final Erasures",
        readonly=True,
        help="Restricted partners erased after their legal retention ended.",
    )
    due_soon_count = fields.Integer(string="Due Soon", readonly=True)
    disclosures_purged = fields.Integer(readonly=True)
    origins_purged = fields.Integer(string="Origin Records Purged", readonly=True)
    logs_purged = fields.Integer(string="Audit Logs Purged", readonly=True)
    remaining = fields.Integer(
        readonly=True, help="Partners left for the next run of the job."
    )
    error_log = fields.Text(
        string="Errors",
        readonly=True,
        help="Partners that could not be processed, by database id, with the "
        "reason. The job skips them and goes on.",
    )

    @api.depends("date_start")
    def _compute_display_name(self):
        # In the user's time zone, as the "Started" field shows it (the
        # plain datetime would be UTC).
        for run in self:
            run.display_name = self.env._(
                "Retention run of %(date)s",
                date=format_datetime(self.env, run.date_start, dt_format="short"),
            )

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------

    def _check_dpo(self):
        self.env["gdpr.dpo"]._check_dpo(
            _("Only the data protection officer may run the retention job.")
        )

    # ------------------------------------------------------------------
    # Entry points
    # ------------------------------------------------------------------

    @api.model
    def _cron_gdpr_retention(self):
        """Daily job ``gdpr_erasure.ir_cron_gdpr_retention``."""
        return self._run_retention(trigger="cron")

    def action_run_now(self):
        run = self._run_retention(trigger="manual")
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": run.id,
            "view_mode": "form",
            "target": "current",
        }

    # ------------------------------------------------------------------
    # The run
    # ------------------------------------------------------------------

    def _batch_size(self):
        return max(
            1,
            int(
                self.env["ir.config_parameter"]
                .sudo()
                .get_param("gdpr_erasure.retention_batch_size", 200)
            ),
        )

    def _max_batches(self):
        """Batches per call: the cron calls again while work remains."""
        return max(
            1,
            int(
                self.env["ir.config_parameter"]
                .sudo()
                .get_param("gdpr_erasure.retention_max_batches", 50)
            ),
        )

    def _auto_commit(self):
        return not getattr(threading.current_thread(), "testing", False)

    def _commit(self, run):
        """Save a finished batch: committed outside tests, so a killed worker
        loses only the batch in progress."""
        self.env.flush_all()
        if self._auto_commit():
            self.env.cr.commit()  # pylint: disable=invalid-commit
        # Memory stays bounded by the batch, not by the whole run.
        self.env.invalidate_all()

    def _run_retention(self, trigger="cron"):
        self._check_dpo()
        started = time.monotonic()
        self._mark_interrupted_runs()
        run = self.sudo().create({"trigger": trigger})
        self._commit(run)
        self.env.flush_all()
        today = fields.Date.context_today(self)
        budget = {"batches": self._max_batches()}
        errors = []
        run.assignments_ended = self._step_end_assignments(today, run)
        self._step_proposals(today, run)
        self._step_erase_due(today, run, budget, errors)
        run.due_soon_count = self._step_notify_due_soon(today, run)
        self._step_final_erasures(today, run, budget, errors)
        self._step_purge(today, run)
        remaining = self._count_remaining(today)
        run.write(
            {
                "remaining": remaining,
                "state": "partial" if remaining else "done",
                "date_end": fields.Datetime.now(),
                "duration": time.monotonic() - started,
                "error_log": "\n".join(errors) or False,
                "partners_failed": len(errors),
            }
        )
        self._commit(run)
        done = sum(run[name] for name in STEP_FIELDS if name != "due_soon_count")
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return run

    def _mark_interrupted_runs(self):
        """A run still "running" hours after its last batch was killed."""
        stale = fields.Datetime.now() - relativedelta(hours=2)
        self.sudo().search(
            [("state", "=", "running"), ("write_date", "<", stale)]
        ).write({"state": "interrupted"})

    # ------------------------------------------------------------------
    # Step 1: end purposes whose retention date has passed
    # ------------------------------------------------------------------

    def _step_end_assignments(self, today, run):
        Assignment = self.env["gdpr.partner.purpose"].sudo()
        expired = Assignment.search(
            [("state", "=", "active"), ("retention_date", "<", today)], order="id"
        )
        ended = 0
        for batch in split_every(
            self._batch_size() * 5, expired.ids, Assignment.browse
        ):
            batch.with_context(tracking_disable=True).write(
                {"state": "ended", "date_end": today}
            )
            ended += len(batch)
            run.assignments_ended = ended
            self._commit(run)
        return ended

    # ------------------------------------------------------------------
    # Step 2: partners without any purpose left
    # ------------------------------------------------------------------

    def _due_partners_query(self, today, mode=None):
        """Partner ids due for erasure today, oldest due first, in SQL.

        Excludes partners with an open proposal (review mode) so that the DPO
        decides once per partner.
        """
        main_company = self.env.ref("base.main_company", raise_if_not_found=False)
        mode_filter = SQL()
        if mode:
            mode_filter = SQL(
                "AND COALESCE(c.gdpr_retention_mode, 'review') = %s", mode
            )
        return SQL(
            """
            SELECT d.partner_id
              FROM gdpr_retention_due d
              LEFT JOIN res_company c ON c.id = COALESCE(d.company_id, %(company)s)
             WHERE d.date_due < %(today)s
               %(mode_filter)s
               AND NOT EXISTS (
                   SELECT 1 FROM gdpr_retention_proposal r
                    WHERE r.partner_id = d.partner_id
                      AND r.state IN ('proposed', 'approved', 'postponed'))
          ORDER BY d.date_due, d.partner_id
            """,
            company=main_company.id if main_company else None,
            today=today,
            mode_filter=mode_filter,
        )

    def _step_proposals(self, today, run):
        """Review mode: propose due partners to the DPO, in one statement."""
        cr = self.env.cr
        cr.execute(
            SQL(
                """
                UPDATE gdpr_retention_proposal
                   SET state = 'proposed', postponed_until = NULL,
                       write_date = now() at time zone 'UTC', write_uid = %(uid)s
                 WHERE state = 'postponed' AND postponed_until <= %(today)s
                """,
                today=today,
                uid=self.env.uid,
            )
        )
        # Proposals whose partner got a purpose again are no longer due.
        cr.execute(
            SQL(
                """
                UPDATE gdpr_retention_proposal r
                   SET state = 'cancelled',
                       write_date = now() at time zone 'UTC', write_uid = %(uid)s
                 WHERE r.state IN ('proposed', 'approved', 'postponed')
                   AND NOT EXISTS (
                       SELECT 1 FROM gdpr_retention_due d
                        WHERE d.partner_id = r.partner_id
                          AND d.date_due < %(today)s)
                """,
                today=today,
                uid=self.env.uid,
            )
        )
        cr.execute(
            SQL(
                """
                INSERT INTO gdpr_retention_proposal
                       (partner_id, partner_ref, company_id, date_due, state,
                        create_uid, create_date, write_uid, write_date)
                SELECT d.partner_id, d.partner_id, d.company_id, d.date_due,
                       'proposed', %(uid)s, now() at time zone 'UTC',
                       %(uid)s, now() at time zone 'UTC'
                  FROM gdpr_retention_due d
                 WHERE d.partner_id IN (%(due)s)
                """,
                uid=self.env.uid,
                due=self._due_partners_query(today, mode="review"),
            )
        )
        run.proposals_created = cr.rowcount
        self.env["gdpr.retention.proposal"].invalidate_model()
        self._commit(run)

    def _step_erase_due(self, today, run, budget, errors):
        """Erase partners due in automatic mode and proposals the DPO approved."""
        self.env.cr.execute(self._due_partners_query(today, mode="automatic"))
        automatic = [row[0] for row in self.env.cr.fetchall()]
        self._erase_in_batches(automatic, today, run, budget, errors)
        Proposal = self.env["gdpr.retention.proposal"].sudo()
        approved = Proposal.search([("state", "=", "approved")], order="id")
        for batch in split_every(self._batch_size(), approved.ids, Proposal.browse):
            if budget["batches"] <= 0:
                break
            results = self._erase_in_batches(
                batch.partner_id.ids, today, run, budget, errors, final=False
            )
            for proposal in batch:
                outcome = results.get(proposal.partner_ref)
                proposal.write(
                    {
                        "state": {"failed": "failed", None: "cancelled"}.get(
                            outcome, "done"
                        ),
                        "result": outcome
                        if outcome in ("erased", "restricted")
                        else False,
                        "date_done": fields.Datetime.now(),
                    }
                )
            self._commit(run)

    def _erase_in_batches(self, partner_ids, today, run, budget, errors, final=False):
        """Erase the given partners in locked batches; return {id: outcome}.

        Each batch locks its partners with SKIP LOCKED, so two workers never
        process the same partner, and re-checks that each is still due: the
        list may be stale by the time a batch starts. A batch is erased in one
        cascade; if that fails, its partners are retried one by one so that
        a single failing partner is skipped and logged, not the whole batch.
        """
        outcomes = {}
        Partner = self.env["res.partner"].sudo()
        for batch_ids in split_every(self._batch_size(), partner_ids):
            if budget["batches"] <= 0:
                break
            budget["batches"] -= 1
            locked = Partner.browse(self._lock_batch(list(batch_ids), today, final))
            if not locked:
                continue
            try:
                with self.env.cr.savepoint():
                    self._erase_partners(locked)
                done = locked
            except Exception:  # noqa: BLE001
                self.env.invalidate_all()
                done = Partner
                for partner in locked:
                    try:
                        with self.env.cr.savepoint():
                            self._erase_partners(partner)
                        done |= partner
                    except Exception as exc:  # noqa: BLE001
                        # e.g. a constraint of a custom module: skip, go on.
                        self.env.invalidate_all()
                        outcomes[partner.id] = "failed"
                        errors.append(
                            _(
                                "res.partner #%(id)s: %(error)s",
                                id=partner.id,
                                error=str(exc)[:300],
                            )
                        )
                        _logger.warning(
                            "GDPR retention: partner %s skipped: %s", partner.id, exc
                        )
            restricted = done.exists().filtered("gdpr_restricted")
            for partner_id in done.ids:
                outcomes[partner_id] = (
                    "restricted" if partner_id in restricted.ids else "erased"
                )
            if final:
                run.finals_erased += len(done) - len(restricted)
                run.partners_restricted += len(restricted)
            else:
                run.partners_erased += len(done) - len(restricted)
                run.partners_restricted += len(restricted)
            self._commit(run)
        return outcomes

    def _erase_partners(self, partners):
        """Erase partners through the right-to-be-forgotten cascade, in one
        transaction; those under legal hold come back restricted (Art. 18).
        Integrators may override it, e.g. to notify a third system."""
        return partners._gdpr_erase(trigger="retention")

    # ------------------------------------------------------------------
    # Step 3: advance notice
    # ------------------------------------------------------------------

    def _due_soon_query(self, today):
        main_company = self.env.ref("base.main_company", raise_if_not_found=False)
        return SQL(
            """
            SELECT d.partner_id
              FROM gdpr_retention_due d
              LEFT JOIN res_company c ON c.id = COALESCE(d.company_id, %(company)s)
             WHERE d.date_due >= %(today)s
               AND d.date_due < %(today)s
                   + COALESCE(c.gdpr_retention_notice_days, 14)
            """,
            company=main_company.id if main_company else None,
            today=today,
        )

    def _step_notify_due_soon(self, today, run):
        """One activity per run for the DPO, summarising who is due soon."""
        self.env.cr.execute(
            SQL("SELECT COUNT(*) FROM (%s) due", self._due_soon_query(today))
        )
        count = self.env.cr.fetchone()[0]
        if count:
            dpo = self.env["gdpr.dpo"]._dpo_user()
            run.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=today,
                summary=_("%(count)s partners due for erasure soon", count=count),
                note=_(
                    "%(count)s partners lose their last purpose within the "
                    "notice period and will be erased or proposed for erasure. "
                    "Review them under Data Protection > Retention > Due Soon.",
                    count=count,
                ),
                user_id=dpo.id,
            )
        self._commit(run)
        return count

    # ------------------------------------------------------------------
    # Step 4: final erasure after a legal hold ended
    # ------------------------------------------------------------------

    def _final_erasure_condition(self, today):
        """SQL condition on ``p`` (res_partner): restricted under legal hold
        (Art. 17(3)(b), Art. 18) whose retention has ended."""
        return SQL(
            "p.gdpr_restricted AND p.gdpr_hold_until IS NOT NULL "
            "AND p.gdpr_hold_until < %s",
            today,
        )

    def _step_final_erasures(self, today, run, budget, errors):
        self.env.cr.execute(
            SQL(
                "SELECT p.id FROM res_partner p WHERE %s ORDER BY p.id",
                self._final_erasure_condition(today),
            )
        )
        partner_ids = [row[0] for row in self.env.cr.fetchall()]
        self._erase_in_batches(partner_ids, today, run, budget, errors, final=True)

    # ------------------------------------------------------------------
    # Step 5: purge old disclosures, origins and audit logs
    # ------------------------------------------------------------------

    def _purge_targets(self, today):
        """``(counter, model, SQL condition on t)``: gdpr_segments' own
        targets (disclosures, origins) and the erasure logs of this addon."""
        log_years = self.env.company.gdpr_erasure_log_keep_years or 10
        return self.env["gdpr.records.purge"]._gdpr_purge_targets(today) + [
            (
                "logs_purged",
                "gdpr.erasure.log",
                SQL("t.date < %s", today - relativedelta(years=log_years)),
            ),
        ]

    def _step_purge(self, today, run):
        """Each addon purges its own tables: gdpr_segments its disclosures and
        origins, then the audit logs past their retention (in SQL: the log is
        immutable for the ORM). Bounded chunks, committed one by one."""
        chunk = self._batch_size() * 50

        def progress(counter, total):
            run[counter] = total
            self._commit(run)

        self.env["gdpr.records.purge"]._gdpr_purge(today, chunk, on_chunk=progress)
        condition = self._purge_targets(today)[-1][2]
        total = 0
        while True:
            self.env.cr.execute(
                SQL(
                    """
                    DELETE FROM gdpr_erasure_log WHERE id IN (
                        SELECT t.id FROM gdpr_erasure_log t WHERE %(condition)s
                         LIMIT %(chunk)s FOR UPDATE SKIP LOCKED)
                    """,
                    condition=condition,
                    chunk=chunk,
                )
            )
            done = self.env.cr.rowcount
            total += done
            progress("logs_purged", total)
            if done < chunk:
                break
        self.env.invalidate_all()

    # ------------------------------------------------------------------
    # Remaining work and preview
    # ------------------------------------------------------------------

    def _count(self, query):
        self.env.flush_all()
        self.env.cr.execute(SQL("SELECT COUNT(*) FROM (%s) q", query))
        return self.env.cr.fetchone()[0]

    def _count_remaining(self, today):
        return (
            self._count(self._due_partners_query(today, mode="automatic"))
            + self.env["gdpr.retention.proposal"]
            .sudo()
            .search_count([("state", "=", "approved")])
            + self._count(
                SQL(
                    "SELECT p.id FROM res_partner p WHERE %s",
                    self._final_erasure_condition(today),
                )
            )
        )

    @api.model
    def _retention_preview(self, today=None):
        """What the next run would do, per step, without writing anything."""
        self._check_dpo()
        today = today or fields.Date.context_today(self)
        preview = {
            "assignments_to_end": self.env["gdpr.partner.purpose"]
            .sudo()
            .search_count([("state", "=", "active"), ("retention_date", "<", today)]),
            "partners_to_erase": self._count(
                self._due_partners_query(today, mode="automatic")
            ),
            "proposals_to_create": self._count(
                self._due_partners_query(today, mode="review")
            ),
            "approved_to_execute": self.env["gdpr.retention.proposal"]
            .sudo()
            .search_count([("state", "=", "approved")]),
            "due_soon": self._count(self._due_soon_query(today)),
            "finals_to_erase": self._count(
                SQL(
                    "SELECT p.id FROM res_partner p WHERE %s",
                    self._final_erasure_condition(today),
                )
            ),
        }
        for counter, model, condition in self._purge_targets(today):
            preview[counter.replace("_purged", "_to_purge")] = self._count(
                SQL(
                    "SELECT t.id FROM %s t WHERE %s",
                    SQL.identifier(self.env[model]._table),
                    condition,
                )
            )
        return preview
