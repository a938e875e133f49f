# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Two workers running the retention job at once, on real, separate database
connections and committed data (what Odoo's test cursor cannot show)."""

import threading
import uuid

import psycopg2.errors
import pytest
from dateutil.relativedelta import relativedelta

PARTNERS = 30


def _env(cr):
    from odoo import SUPERUSER_ID, api

    return api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})


def test_two_workers_never_erase_the_same_partner(odoo_registry):
    from odoo import fields

    with odoo_registry.cursor() as cr:
        env = _env(cr)
        today = fields.Date.context_today(env["gdpr.retention.run"])
        company = env.ref("base.main_company")
        previous_mode = company.gdpr_retention_mode
        company.gdpr_retention_mode = "automatic"
        params = env["ir.config_parameter"]
        params.set_param("gdpr_erasure.retention_batch_size", "4")
        purpose = env["gdpr.purpose"].create(
            {
                "name": "Concurrency test purpose",
                "code": f"concurrency_test_{uuid.uuid4().hex[:8]}",
                "legal_basis": "legitimate_interest",
                "retention_months": 12,
                "retention_from": "start",
            }
        )
        partners = env["res.partner"].create(
            [
                {"name": f"Concurrent {i}", "email": f"concurrent{i}@example.com"}
                for i in range(PARTNERS)
            ]
        )
        env["gdpr.partner.purpose"].create(
            [
                {
                    "partner_id": partner.id,
                    "purpose_id": purpose.id,
                    "date_start": today - relativedelta(months=13),
                }
                for partner in partners
            ]
        )
        env["gdpr.partner.purpose"].search([("purpose_id", "=", purpose.id)]).write(
            {"state": "ended", "date_end": today}
        )
        ids = partners.ids
        logs_before = env["gdpr.erasure.log"].search([]).ids
        cr.commit()

    try:
        # A batch locked by one worker is skipped by the other.
        with odoo_registry.cursor() as cr_a, odoo_registry.cursor() as cr_b:
            locked_a = _env(cr_a)["gdpr.retention.run"]._lock_still_due(
                ids, today, False
            )
            locked_b = _env(cr_b)["gdpr.retention.run"]._lock_still_due(
                ids, today, False
            )
            assert sorted(locked_a) == sorted(ids)
            assert locked_b == []
            cr_a.rollback()
            cr_b.rollback()

        # A worker whose snapshot is older than another worker's change to
        # a partner cannot lock that row in the same transaction (REPEATABLE
        # READ raises a serialization failure); the batch lock starts a
        # fresh transaction instead and gets the row.
        with odoo_registry.cursor() as cr_a, odoo_registry.cursor() as cr_b:
            first = ids[:4]
            for check in ("plain lock", "batch lock"):
                cr_b.execute("SELECT 1 FROM res_partner WHERE id = ANY(%s)", [first])
                _env(cr_a)["res.partner"].browse(first).write({"comment": check})
                cr_a.commit()
                retention_b = _env(cr_b)["gdpr.retention.run"]
                if check == "plain lock":
                    with pytest.raises(psycopg2.errors.SerializationFailure):
                        retention_b._lock_still_due(first, today, False)
                else:
                    locked = retention_b._lock_batch(first, today, False)
                    assert sorted(locked) == sorted(first)
                cr_b.rollback()

        # Two real workers started at the same moment.
        barrier = threading.Barrier(2)
        results, failures = [], []

        def worker():
            try:
                with odoo_registry.cursor() as cr:
                    barrier.wait(timeout=30)
                    run = _env(cr)["gdpr.retention.run"]._run_retention()
                    results.append((run.partners_erased, run.partners_failed))
            except Exception as exc:  # noqa: BLE001 - reported below
                failures.append(repr(exc))

        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        assert not failures, failures
        assert len(results) == 2
        assert sum(erased for erased, _failed in results) == PARTNERS
        assert all(failed == 0 for _erased, failed in results)

        with odoo_registry.cursor() as cr:
            env = _env(cr)
            logs = env["gdpr.erasure.log"].search([("id", "not in", logs_before)])
            # Every partner appears in exactly one erasure.
            assert sum(logs.mapped("partner_count")) == PARTNERS
            remaining = env["res.partner"].search_count(
                [("email", "like", "concurrent%@example.com")]
            )
            assert remaining == 0
    finally:
        with odoo_registry.cursor() as cr:
            env = _env(cr)
            env.ref("base.main_company").gdpr_retention_mode = previous_mode
            env["ir.config_parameter"].set_param(
                "gdpr_erasure.retention_batch_size", "200"
            )
