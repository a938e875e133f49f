# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The measurements. Each one times our code and a baseline in the same run
and returns a row: median/min/max of both, their ratio, details, and EXPLAIN
notes on whole-table scans. A feature that is not installed gives a row
with status "not available" and the reason: never a made-up figure."""

import dataclasses
import logging
import time

import bench_data
import bench_scan
import bench_sql
from bench_measure import Savepoint, capture_queries, explain_queries, repeat, sandbox

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger("gdpr_bench")

NOT_INSTALLED = "not available: {what} not installed"


def row(key, title, ours=None, baseline=None, ours_label="", baseline_label="", **kw):
    result = {
        "key": key,
        "title": title,
        "status": "ok" if ours else "not available",
        "ours_label": ours_label,
        "baseline_label": baseline_label,
        "ours": ours,
        "baseline": baseline,
        "ratio": None,
        "details": kw.pop("details", {}),
    }
    if ours and baseline and baseline["median_s"] > 0:
        result["ratio"] = round(ours["median_s"] / baseline["median_s"], 2)
    result.update(kw)
    return result


def not_available(key, title, reason, baseline=None, baseline_label="", **kw):
    result = row(key, title, None, baseline, baseline_label=baseline_label, **kw)
    result["reason"] = reason
    return result


class Bench:
    """Runs every measurement against one database."""

    def __init__(
        self,
        registry,
        generated,
        runs=5,
        heavy_runs=3,
        min_scan_rows=10000,
        only=None,
    ):
        self.registry = registry
        self.generated = generated
        self.ids = generated["ids"]
        self.sizes = generated["sizes"]
        self.runs = runs
        self.heavy_runs = heavy_runs
        self.min_scan_rows = min_scan_rows
        self.notes = []
        self.rows = []
        self.only = set(only) if only else None

    # -- helpers ------------------------------------------------------------

    def _explain(self, base_cr, captured, label, scope="ours"):
        """EXPLAIN the captured queries; ``scope`` says whose code ran them:
        ours (the GDPR addons), baseline (our SQL) or odoo (core code)."""
        notes = explain_queries(base_cr, captured, label, self.min_scan_rows)
        for note in notes:
            note["scope"] = scope
        self.notes.extend(notes)
        return len(notes)

    def _sandboxed(self, base_cr, function, runs, warmup=1, setup=None):
        """Time ``function(env)`` in a fresh (test) cursor per run, each run
        rolled back to a savepoint so every run sees the same data.
        Returns (stats, last result, queries of the last run)."""
        state = {}

        def prepare():
            state["savepoint"] = Savepoint(base_cr, "bench_run")
            cr = self.registry.cursor()
            env = api.Environment(cr, SUPERUSER_ID, {})
            if setup:
                setup(env)
            env.flush_all()
            return env

        def run(env):
            result = function(env)
            env.flush_all()
            return result

        def cleanup(env):
            env.cr.close()
            state["savepoint"].rollback()

        captured = []

        def run_capturing(env):
            with capture_queries() as queries:
                result = run(env)
            captured[:] = queries
            return result

        stats, result = repeat(run_capturing, runs, warmup, prepare, cleanup)
        return stats, result, captured

    def _available(self, model, method=None):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            if model not in env:
                return False
            return not method or hasattr(env[model], method)

    def _field(self, model, field):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            return model in env and field in env[model]._fields

    def run_all(self):
        for name, method in [
            ("search", self.search),
            ("mailing", self.mailing),
            ("consent_expiry", self.consent_expiry),
            ("erasure", self.erasure),
            (
                "verification_scan",
                lambda: bench_scan.measure(self, row, not_available, NOT_INSTALLED),
            ),
            ("retention", self.retention),
        ]:
            if self.only is not None and name not in self.only:
                continue
            start = time.perf_counter()
            _logger.info("measuring %s", name)
            method()
            _logger.info("measured %s in %.1f s", name, time.perf_counter() - start)
        return self.rows

    # -- 1. search by purpose and segment ---------------------------------

    def _search_pair(
        self, base_cr, key, title, domain, baseline_domain, count=False, reason=None
    ):
        """Time a partner search and its baseline; ``domain`` None means the
        field is not installed: only the baseline is measured."""

        def timed(domain):
            def function(env):
                Partner = env["res.partner"]
                if count:
                    return Partner.search_count(domain)
                return len(Partner.search(domain))

            return function

        base, base_found, base_captured = self._sandboxed(
            base_cr, timed(baseline_domain), self.runs
        )
        self._explain(base_cr, base_captured, key + " (baseline)", "baseline")
        method = "search_count" if count else "search"
        baseline_label = f"res.partner.{method}({baseline_domain!r})"
        if domain is None:
            self.rows.append(
                not_available(
                    key,
                    title,
                    reason,
                    baseline=base,
                    baseline_label=baseline_label,
                    details={"baseline_result_rows": base_found},
                )
            )
            return
        ours, found, captured = self._sandboxed(base_cr, timed(domain), self.runs)
        notes = self._explain(base_cr, captured, key)
        texts = [_query_text(q) for q, _params, _delay in captured]
        partner_queries = sum('FROM "res_partner"' in text for text in texts)
        self.rows.append(
            row(
                key,
                title,
                ours,
                base,
                ours_label=f"res.partner.{method}({domain!r})",
                baseline_label=baseline_label,
                details={
                    "result_rows": found,
                    "baseline_result_rows": base_found,
                    "same_result_size": found == base_found,
                    "queries": ours["queries"],
                    "baseline_queries": base["queries"],
                    "single_query": ours["queries"] == 1,
                    "partner_queries": partner_queries,
                    "query_texts": [text[:200] for text in texts],
                    "scan_notes": notes,
                },
            )
        )

    def search(self):
        purpose = self.ids["purposes"]["newsletter"]
        with sandbox(self.registry) as base_cr:
            for count in (False, True):
                suffix = "_count" if count else ""
                self._search_pair(
                    base_cr,
                    "search_purpose" + suffix,
                    "Partners by purpose" + (" (count)" if count else ""),
                    [("gdpr_purpose_ids", "in", [purpose])],
                    [("category_id", "in", [self.ids["tag_newsletter"]])],
                    count=count,
                )
            for count in (False, True):
                suffix = "_count" if count else ""
                key = "search_segment" + suffix
                title = "Partners by segment" + (" (count)" if count else "")
                available = self._field("res.partner", "gdpr_segment_ids")
                segment = self.ids.get("segment")
                self._search_pair(
                    base_cr,
                    key,
                    title,
                    [("gdpr_segment_ids", "in", [segment])] if available else None,
                    [
                        ("country_id", "=", self.ids["countries"][0]),
                        ("category_id", "in", [self.ids["tag_marketing"]]),
                    ],
                    count=count,
                    reason=NOT_INSTALLED.format(
                        what="res.partner.gdpr_segment_ids (gdpr_segments segments)"
                    ),
                )

    # -- 2. recipients of a mailing with and without the consent filter ---

    def mailing(self):
        keys = [
            (
                "mailing_recipients",
                "Mailing recipients (_get_recipients)",
                "_get_recipients",
            ),
            (
                "mailing_remaining_recipients",
                "Mailing remaining recipients (_get_remaining_recipients)",
                "_get_remaining_recipients",
            ),
        ]
        has_filter = self._field("mailing.mailing", "gdpr_purpose_id")
        with sandbox(self.registry) as base_cr:
            env = api.Environment(base_cr, SUPERUSER_ID, {})
            values = {
                "subject": "Bench: consent-filtered newsletter",
                "body_html": "<p>Neuigkeiten</p>",
                "mailing_model_id": env["ir.model"]._get_id("res.partner"),
                "mailing_domain": "[('email_normalized', '!=', False)]",
            }
            if has_filter:
                values["gdpr_purpose_id"] = False
            plain = env["mailing.mailing"].create(dict(values, subject="Bench: plain"))
            filtered = None
            if has_filter:
                filtered = env["mailing.mailing"].create(
                    dict(values, gdpr_purpose_id=self.ids["purposes"]["newsletter"])
                )
            env.flush_all()
            for key, title, method in keys:

                def timed(mailing_id, method=method):
                    return lambda env: len(
                        getattr(env["mailing.mailing"].browse(mailing_id), method)()
                    )

                base, base_found, base_captured = self._sandboxed(
                    base_cr, timed(plain.id), self.runs
                )
                self._explain(base_cr, base_captured, key + " (baseline)", "baseline")
                label = (
                    f"mailing.{method}() on res.partner, all {base_found} with email"
                )
                if not filtered:
                    self.rows.append(
                        not_available(
                            key,
                            title,
                            NOT_INSTALLED.format(
                                what="mailing.mailing.gdpr_purpose_id (gdpr_consent)"
                            ),
                            baseline=base,
                            baseline_label=label,
                            details={"baseline_recipients": base_found},
                        )
                    )
                    continue
                ours, found, captured = self._sandboxed(
                    base_cr, timed(filtered.id), self.runs
                )
                notes = self._explain(base_cr, captured, key)
                self.rows.append(
                    row(
                        key,
                        title,
                        ours,
                        base,
                        ours_label="same mailing with gdpr_purpose_id = newsletter",
                        baseline_label=label,
                        details={
                            "recipients": found,
                            "baseline_recipients": base_found,
                            "queries": ours["queries"],
                            "baseline_queries": base["queries"],
                            "scan_notes": notes,
                        },
                    )
                )

    # -- 3. erasure of one person ------------------------------------------

    def erasure(self):
        subject = self.generated["subject"]
        partner_id = subject["partner_id"]
        truth_total = subject["records"]
        with sandbox(self.registry) as base_cr:

            def sql_lookup(env):
                bench_sql.set_target(env.cr, [partner_id])
                return bench_sql.lookup(env.cr)

            base_plan, sql_counts, base_captured = self._sandboxed(
                base_cr, sql_lookup, self.heavy_runs
            )
            self._explain(base_cr, base_captured, "erasure_plan (baseline)", "baseline")
            sql_found = sum(sql_counts.values())
            plan_label = "hand-written SQL finding the same records (counts per model)"
            if self._available("res.partner", "_gdpr_erasure_plan"):

                def plan(env):
                    return env["res.partner"].browse(partner_id)._gdpr_erasure_plan()

                ours, result, captured = self._sandboxed(base_cr, plan, self.heavy_runs)
                notes = self._explain(base_cr, captured, "erasure_plan")
                self.rows.append(
                    row(
                        "erasure_plan",
                        "Erasure plan (preview) of one person",
                        ours,
                        base_plan,
                        ours_label="res.partner._gdpr_erasure_plan()",
                        baseline_label=plan_label,
                        details={
                            "subject_records": truth_total,
                            "sql_found": sql_found,
                            "sql_counts": sql_counts,
                            "plan_summary": _summarize_plan(result),
                            "queries": ours["queries"],
                            "scan_notes": notes,
                        },
                    )
                )
            else:
                self.rows.append(
                    not_available(
                        "erasure_plan",
                        "Erasure plan (preview) of one person",
                        NOT_INSTALLED.format(
                            what="res.partner._gdpr_erasure_plan() (gdpr_erasure)"
                        ),
                        baseline=base_plan,
                        baseline_label=plan_label,
                        details={
                            "subject_records": truth_total,
                            "sql_found": sql_found,
                        },
                    )
                )

            def sql_erase(env):
                bench_sql.set_target(env.cr, [partner_id])
                affected = bench_sql.erase(env.cr)
                return {"affected": affected, "left": bench_sql.left_behind(env.cr)}

            base, base_result, base_captured = self._sandboxed(
                base_cr, sql_erase, self.heavy_runs, warmup=0
            )
            self._explain(base_cr, base_captured, "erasure (baseline)", "baseline")
            erase_label = "hand-written SQL: DELETE related rows, anonymize the partner"
            if self._available("res.partner", "_gdpr_erase"):

                def erase(env):
                    env["res.partner"].browse(partner_id)._gdpr_erase()
                    env.flush_all()
                    return bench_sql.left_behind(env.cr)

                ours, left, captured = self._sandboxed(
                    base_cr, erase, self.heavy_runs, warmup=0
                )
                notes = self._explain(base_cr, captured, "erasure")
                self.rows.append(
                    row(
                        "erasure",
                        "Erasure of one person",
                        ours,
                        base,
                        ours_label="res.partner._gdpr_erase()",
                        baseline_label=erase_label,
                        details={
                            "subject_records": truth_total,
                            "left_behind": left,
                            "left_behind_total": sum(left.values()),
                            "baseline_left_behind": base_result["left"],
                            "baseline_rows_affected": base_result["affected"],
                            "queries": ours["queries"],
                            "scan_notes": notes,
                        },
                    )
                )
            else:
                self.rows.append(
                    not_available(
                        "erasure",
                        "Erasure of one person",
                        NOT_INSTALLED.format(
                            what="res.partner._gdpr_erase() (gdpr_erasure)"
                        ),
                        baseline=base,
                        baseline_label=erase_label,
                        details={
                            "subject_records": truth_total,
                            "baseline_left_behind": base_result["left"],
                            "baseline_rows_affected": base_result["affected"],
                        },
                    )
                )
            self._privacy_lookup(base_cr, base_plan, plan_label, subject)

    def _privacy_lookup(self, base_cr, base_plan, plan_label, subject):
        key, title = "privacy_lookup", "Odoo privacy_lookup on the same person"
        if not self._available("privacy.lookup.wizard"):
            self.rows.append(
                not_available(key, title, NOT_INSTALLED.format(what="privacy_lookup"))
            )
            return

        def lookup(env):
            wizard = env["privacy.lookup.wizard"].create(
                {"name": subject["name"], "email": subject["email"]}
            )
            wizard.action_lookup()
            env.flush_all()
            env.cr.execute(
                """
                SELECT m.model, l.res_id FROM privacy_lookup_wizard_line l
                  JOIN ir_model m ON m.id = l.res_model_id
                 WHERE l.wizard_id = %s
                """,
                [wizard.id],
            )
            lines = env.cr.fetchall()
            env.cr.execute(
                """
                SELECT t.model, count(*) FROM bench.subject_truth t
                 WHERE (t.model, t.res_id) IN (
                       SELECT unnest(%s::text[]), unnest(%s::int[]))
                 GROUP BY t.model
                """,
                [[m for m, _i in lines], [i for _m, i in lines]],
            )
            found = dict(env.cr.fetchall())
            return {"lines": len(lines), "found_by_model": found}

        ours, result, captured = self._sandboxed(base_cr, lookup, self.heavy_runs)
        self._explain(base_cr, captured, key, "odoo")
        found = sum(result["found_by_model"].values())
        total = subject["records"]
        self.rows.append(
            row(
                key,
                title,
                ours,
                base_plan,
                ours_label="privacy.lookup.wizard.action_lookup()",
                baseline_label=plan_label,
                details={
                    "lines": result["lines"],
                    "found": found,
                    "subject_records": total,
                    "found_share": round(found / total, 3) if total else None,
                    "found_by_model": result["found_by_model"],
                    "exists_by_model": subject["records_by_model"],
                    "not_subject_lines": result["lines"] - found,
                },
            )
        )

    # -- 4. retention job ----------------------------------------------------

    def retention(self):
        cron_xmlid = "gdpr_erasure.ir_cron_gdpr_retention"
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cron = env.ref(cron_xmlid, raise_if_not_found=False)
            cron_id = cron.id if cron else None
        results = []
        for key, size in zip(
            ("retention_tenth", "retention_all"),
            self.sizes["retention_sizes"],
            strict=True,
        ):
            title = f"Retention job over {size} expired partners"
            with sandbox(self.registry) as base_cr:
                bench_data.expire_partners(base_cr, size)

                def sql_anonymize(env):
                    bench_sql.set_target(env.cr, from_table="bench_expired")
                    bench_sql.erase(env.cr)
                    return bench_sql.still_personal(env.cr)

                base, base_left, base_captured = self._sandboxed(
                    base_cr, sql_anonymize, self.heavy_runs, warmup=0
                )
                self._explain(base_cr, base_captured, key + " (baseline)", "baseline")
                base["partners_per_s"] = round(size / base["median_s"], 1)
                label = f"bulk SQL anonymization of the same {size} partners"
                if not cron_id:
                    results.append(
                        not_available(
                            key,
                            title,
                            "not available: retention engine not installed "
                            f"(no cron {cron_xmlid})",
                            baseline=base,
                            baseline_label=label,
                            details={
                                "partners": size,
                                "baseline_still_personal": base_left,
                            },
                        )
                    )
                    continue

                def job(env):
                    # Automatic mode (review mode only proposes); the cron
                    # calls the job again while it reports remaining work.
                    env["res.company"].search([]).write(
                        {"gdpr_retention_mode": "automatic"}
                    )
                    cron = env["ir.cron"].browse(cron_id)
                    for _call in range(1000):
                        cron.method_direct_trigger()
                        last = env["gdpr.retention.run"].search([], limit=1)
                        if not last.remaining:
                            break
                    env.flush_all()
                    return bench_sql.still_personal(env.cr)

                ours, left, captured = self._sandboxed(
                    base_cr, job, self.heavy_runs, warmup=0
                )
                notes = self._explain(base_cr, captured, key)
                ours["partners_per_s"] = round(size / ours["median_s"], 1)
                results.append(
                    row(
                        key,
                        title,
                        ours,
                        base,
                        ours_label=f"cron {cron_xmlid}, automatic mode, "
                        "called until no work remains",
                        baseline_label=label,
                        details={
                            "partners": size,
                            "still_personal": left,
                            "baseline_still_personal": base_left,
                            "queries": ours["queries"],
                            "scan_notes": notes,
                        },
                    )
                )
        self.rows.extend(results)
        first, second = results
        growth = {
            "key": "retention_growth",
            "title": "Retention: growth between the two sizes",
            "status": "ok" if first["ours"] else "not available",
            "details": {},
        }
        sizes = self.sizes["retention_sizes"]
        size_factor = sizes[1] / sizes[0] if sizes[0] else None
        for side in ("ours", "baseline"):
            a, b = first[side], second[side]
            if a and b and size_factor:
                growth["details"][side] = {
                    "size_factor": size_factor,
                    "time_factor": round(b["median_s"] / a["median_s"], 2),
                    "time_per_partner_factor": round(
                        b["median_s"] / a["median_s"] / size_factor, 2
                    ),
                    "peak_rss_growth_mb": round(
                        b.get("peak_rss_mb", 0) - a.get("peak_rss_mb", 0), 1
                    ),
                }
        if not first["ours"]:
            growth["reason"] = first.get("reason")
        self.rows.append(growth)

    # -- 5. consent expiry ---------------------------------------------------

    def consent_expiry(self):
        key, title = (
            "consent_expiry",
            (f"Consent expiry job over {self.sizes['consent_expiry']} consents"),
        )
        if not self._available("gdpr.consent", "_cron_gdpr_consent_expiry"):
            self.rows.append(
                not_available(
                    key,
                    title,
                    NOT_INSTALLED.format(
                        what="gdpr.consent._cron_gdpr_consent_expiry() (gdpr_consent)"
                    ),
                )
            )
            return
        with sandbox(self.registry) as base_cr:
            base_cr.execute(
                """
                UPDATE gdpr_consent SET date_expiry = current_date - 1 - mod(id, 30)
                 WHERE id IN (SELECT id FROM gdpr_consent WHERE state = 'granted'
                              ORDER BY id LIMIT %s)
                """,
                [self.sizes["consent_expiry"]],
            )
            prepared = base_cr.rowcount

            def count_expired(cr):
                cr.execute("SELECT count(*) FROM gdpr_consent WHERE state = 'expired'")
                return cr.fetchone()[0]

            def sql(env):
                bench_sql.expire_consents(env.cr)
                return count_expired(env.cr)

            def cron(env):
                env["gdpr.consent"]._cron_gdpr_consent_expiry()
                env.flush_all()
                return count_expired(env.cr)

            base, base_expired, base_captured = self._sandboxed(
                base_cr, sql, self.heavy_runs, warmup=0
            )
            ours, expired, captured = self._sandboxed(
                base_cr, cron, self.heavy_runs, warmup=0
            )
            notes = self._explain(base_cr, captured, key)
            self._explain(base_cr, base_captured, key + " (baseline)", "baseline")
            ours["consents_per_s"] = round(prepared / ours["median_s"], 1)
            base["consents_per_s"] = round(prepared / base["median_s"], 1)
            self.rows.append(
                row(
                    key,
                    title,
                    ours,
                    base,
                    ours_label="gdpr.consent._cron_gdpr_consent_expiry()",
                    baseline_label="SQL UPDATE ... RETURNING + event INSERT "
                    "(one statement)",
                    details={
                        "consents_due": prepared,
                        "expired_after_job": expired,
                        "expired_after_baseline": base_expired,
                        "queries": ours["queries"],
                        "scan_notes": notes,
                    },
                )
            )


def _query_text(query):
    text = query.decode() if isinstance(query, bytes) else str(query)
    return " ".join(text.split())


def _summarize_plan(plan):
    """A short, JSON-safe view of whatever the erasure plan returns: sizes of
    collections, the human-readable preview lines when there are any."""
    if dataclasses.is_dataclass(plan):
        plan = vars(plan)
    if not isinstance(plan, dict):
        return _short(plan)
    summary = {}
    for key, value in plan.items():
        if key == "records" and isinstance(value, dict):
            summary["records"] = {
                str(model): len(ids) if hasattr(ids, "__len__") else _short(ids)
                for model, ids in value.items()
            }
            summary["records_total"] = sum(
                len(ids) for ids in value.values() if hasattr(ids, "__len__")
            )
        elif key == "lines" and isinstance(value, list | tuple):
            summary["lines"] = [_short(line, 300) for line in value[:40]]
        elif dataclasses.is_dataclass(value):
            summary[str(key)] = type(value).__name__
        elif isinstance(value, bool | int | float | str) or value is None:
            summary[str(key)] = value
        elif hasattr(value, "__len__"):
            summary[str(key)] = f"{type(value).__name__} of {len(value)}"
        else:
            summary[str(key)] = _short(value)
    return summary


def _short(value, size=200):
    if isinstance(value, dict):
        value = {k: v for k, v in value.items() if not isinstance(v, list | set)}
    text = repr(value)
    return text if len(text) <= size else text[: size - 3] + "..."
