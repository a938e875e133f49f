# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Locking of retention batches, so that two workers never erase the same
partner and neither fails when the other one got there first."""

import logging
import random
import time

import psycopg2.errors

from odoo import models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# Tries to lock a batch when another worker changed one of its partners.
LOCK_ATTEMPTS = 5


class GdprRetentionRun(models.Model):
    _inherit = "gdpr.retention.run"

    def _lock_batch(self, partner_ids, today, final):
        """Lock a batch as the first statement of a transaction of its own.

        Odoo's transactions are REPEATABLE READ: locking a row that another
        worker changed after this transaction's snapshot raises a
        serialization failure instead of skipping it. The batch is then
        locked again in a new transaction, whose snapshot sees the other
        worker's changes (erased partners are no longer due); a batch still
        contended after a few tries is left to the next run.
        """
        if not self._auto_commit():
            return self._lock_still_due(partner_ids, today, final)
        for attempt in range(1, LOCK_ATTEMPTS + 1):
            self.env.flush_all()
            self.env.cr.commit()  # pylint: disable=invalid-commit
            try:
                return self._lock_still_due(partner_ids, today, final)
            except psycopg2.errors.SerializationFailure:
                self.env.cr.rollback()
                self.env.invalidate_all()
                time.sleep(random.uniform(0.05, 0.2) * attempt)
        _logger.info(
            "GDPR retention: batch of %s partners left to the next run, "
            "another worker is erasing them",
            len(partner_ids),
        )
        return []

    def _lock_still_due(self, partner_ids, today, final):
        if final:
            condition = self._final_erasure_condition(today)
        else:
            # The batch's ids inside the view's query too: PostgreSQL pushes
            # them into its aggregate instead of aggregating every partner.
            condition = SQL(
                """p.id IN (SELECT partner_id FROM gdpr_retention_due
                             WHERE date_due < %s AND partner_id = ANY(%s))""",
                today,
                partner_ids,
            )
        self.env.cr.execute(
            SQL(
                """
                SELECT p.id FROM res_partner p
                 WHERE p.id = ANY(%(ids)s) AND %(condition)s
              ORDER BY p.id
                   FOR UPDATE OF p SKIP LOCKED
                """,
                ids=partner_ids,
                condition=condition,
            ),
            log_exceptions=False,
        )
        return [row[0] for row in self.env.cr.fetchall()]
