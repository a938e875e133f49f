# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Measurement of the verification scan after an erasure: every text column
of every table and the text files, searched for the erased identifiers that
the scan only knows as salted hashes. Baseline: the same tables searched
with the identifiers in clear (``LIKE ANY``), which the scan may not do."""

from bench_measure import sandbox

from odoo.tools import SQL

KEY = "verification_scan"
TITLE = "Verification scan after the erasure of one person (whole database)"
# What the DPO may expect at the large scale (100,000 partners, 1,000,000
# messages): the README states the same budget.
BUDGET_S = 600


def measure(bench, row, not_available, not_installed):
    if not bench._available("gdpr.erasure.scan", "_gdpr_run"):
        bench.rows.append(
            not_available(
                KEY,
                TITLE,
                not_installed.format(what="gdpr.erasure.scan (gdpr_erasure)"),
            )
        )
        return
    partner_id = bench.generated["subject"]["partner_id"]
    with sandbox(bench.registry) as base_cr:
        base_cr.execute(
            "SELECT lower(name), lower(email) FROM res_partner WHERE id = %s",
            [partner_id],
        )
        name, email = base_cr.fetchone()
        patterns = [f"%{email}%"] if email else []
        patterns.append("%{}%".format("%".join(name.split())))
        state = {}

        def erase(env):
            env["res.partner"].browse(partner_id)._gdpr_erase()
            state["scan_id"] = env["gdpr.erasure.scan"]._gdpr_take_pending().id
            state["tables"] = env["gdpr.erasure.scan"]._gdpr_scan_tables()

        def scan(env):
            record = env["gdpr.erasure.scan"].browse(state["scan_id"])
            record._gdpr_run()
            return record.read(
                [
                    "table_count",
                    "column_count",
                    "row_count",
                    "file_count",
                    "residue_count",
                ]
            )[0]

        def clear_text(env):
            found = 0
            for table, columns, _has_id in state["tables"]:
                text = SQL(
                    "lower(concat_ws(' ', %s))",
                    SQL(", ").join(SQL("%s::text", SQL.identifier(c)) for c in columns),
                )
                env.cr.execute(
                    SQL(
                        "SELECT count(*) FROM %s WHERE %s LIKE ANY(%s)",
                        SQL.identifier(table),
                        text,
                        patterns,
                    )
                )
                found += env.cr.fetchone()[0]
            return found

        base, base_found, _c = bench._sandboxed(
            base_cr, clear_text, bench.heavy_runs, warmup=0, setup=erase
        )
        ours, result, _c = bench._sandboxed(
            base_cr, scan, bench.heavy_runs, warmup=0, setup=erase
        )
        result.pop("id", None)
        ours["rows_per_s"] = round(result["row_count"] / ours["median_s"], 1)
        bench.rows.append(
            row(
                KEY,
                TITLE,
                ours,
                base,
                ours_label="gdpr.erasure.scan._gdpr_run() (salted token hashes)",
                baseline_label="LIKE ANY with the identifiers in clear, same tables",
                details=dict(
                    result,
                    baseline_rows_found=base_found,
                    budget_s=BUDGET_S,
                    within_budget=ours["median_s"] <= BUDGET_S,
                ),
            )
        )
