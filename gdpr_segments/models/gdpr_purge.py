# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Storage limitation (Art. 5(1)(e) GDPR) for this addon's own records:
disclosures and the origin of ended purposes go once they have been kept the
24 months that access requests need (Art. 15(1)(c), (g))."""

from dateutil.relativedelta import relativedelta

from odoo import api, models
from odoo.tools import SQL

from .gdpr_disclosure import DISCLOSURE_MIN_KEEP_MONTHS


class GdprRecordsPurge(models.AbstractModel):
    """The purge of gdpr_segments' tables; the retention job of gdpr_erasure
    calls it. Deletes through the ORM, so the models' own rules apply."""

    _name = "gdpr.records.purge"
    _description = "Purge of Old Disclosures and Origins"

    @api.model
    def _gdpr_purge_targets(self, today):
        """``(counter, model, SQL condition on the alias t)`` of each purge."""
        keep_from = today - relativedelta(months=DISCLOSURE_MIN_KEEP_MONTHS)
        no_active_purpose = SQL(
            """NOT EXISTS (SELECT 1 FROM gdpr_partner_purpose a
                            WHERE a.partner_id = t.partner_id
                              AND a.state = 'active')"""
        )
        return [
            (
                "disclosures_purged",
                "gdpr.disclosure",
                SQL("t.date < %s AND %s", keep_from, no_active_purpose),
            ),
            (
                "origins_purged",
                "gdpr.partner.purpose",
                SQL(
                    "t.state = 'ended' AND t.date_end < %s "
                    "AND (t.retention_date IS NULL OR t.retention_date < %s) AND %s",
                    keep_from,
                    today,
                    no_active_purpose,
                ),
            ),
        ]

    @api.model
    def _gdpr_purge_chunk(self, model, condition, chunk):
        """Delete up to ``chunk`` rows of ``model`` matching ``condition``
        (rows locked by another worker are left to it); return the count."""
        Model = self.env[model].sudo()
        self.env.flush_all()  # the conditions read other tables too
        self.env.cr.execute(
            SQL(
                "SELECT t.id FROM %s t WHERE %s ORDER BY t.id LIMIT %s "
                "FOR UPDATE SKIP LOCKED",
                SQL.identifier(Model._table),
                condition,
                chunk,
            )
        )
        records = Model.browse([row[0] for row in self.env.cr.fetchall()])
        records.with_context(tracking_disable=True).unlink()
        return len(records)

    @api.model
    def _gdpr_purge(self, today, chunk=10000, on_chunk=None):
        """Purge every target in chunks; ``on_chunk(counter, total)`` runs
        after each chunk (the retention job commits there).

        :return: dict counter -> rows deleted
        """
        counts = {}
        for counter, model, condition in self._gdpr_purge_targets(today):
            counts[counter] = 0
            while True:
                done = self._gdpr_purge_chunk(model, condition, chunk)
                counts[counter] += done
                if on_chunk:
                    on_chunk(counter, counts[counter])
                if done < chunk:
                    break
        return counts
