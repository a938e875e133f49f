# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Smoke test of the benchmark: the small scenario runs end to end once.

It must work, not be fast: a fresh database is created, the addons are
installed, data is generated, every measurement runs, the JSON result holds
every figure, and the database is dropped again."""

import json
import os
import subprocess
import sys
from pathlib import Path

from .conftest import REPO, harness

MEASUREMENTS = [
    "search_purpose",
    "search_purpose_count",
    "search_segment",
    "search_segment_count",
    "mailing_recipients",
    "mailing_remaining_recipients",
    "consent_expiry",
    "erasure_plan",
    "erasure",
    "privacy_lookup",
    "verification_scan",
    "retention_tenth",
    "retention_all",
    "retention_growth",
]
STATS = ("runs", "median_s", "min_s", "max_s", "times_s", "peak_rss_mb")


def _check_stats(stats, where):
    for key in STATS:
        assert key in stats, f"{where}: no {key}"
    assert stats["runs"] >= 1 and len(stats["times_s"]) == stats["runs"], where
    assert 0 <= stats["min_s"] <= stats["median_s"] <= stats["max_s"], where


def test_bench_small_end_to_end(tmp_path):
    db = f"gdprbench_smoke_{os.getpid()}"
    result_file = tmp_path / "small.json"
    env = dict(os.environ, BENCH_RUNS="3", BENCH_HEAVY_RUNS="2")
    if env.get("ODOO_SRC"):
        # The benchmark imports Odoo itself: ODOO_SRC alone must be enough,
        # without the PYTHONPATH that `make test` gave this process.
        source = str(Path(env["ODOO_SRC"]).expanduser().resolve())
        paths = env.get("PYTHONPATH", "").split(os.pathsep)
        env["PYTHONPATH"] = os.pathsep.join(p for p in paths if p and p != source)
    try:
        run = subprocess.run(
            [
                sys.executable,
                str(REPO / "bench" / "run.py"),
                "--scale",
                "small",
                "--db",
                db,
                "--json",
                str(result_file),
            ],
            capture_output=True,
            text=True,
            timeout=900,
            env=env,
            check=False,
        )
        assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
        assert not harness.database_exists(db), "the benchmark database was not dropped"
    finally:
        harness.drop_database(db)

    assert "Measurement" in run.stdout and "Ratio" in run.stdout
    result = json.loads(result_file.read_text())
    assert result["scale"] == "small"
    assert result["machine"]["cpu_cores"] >= 1
    assert result["machine"]["memory_total_mb"] > 0
    assert result["git"]["revision"]
    assert result["generation"]["rows"]["res_partner"] >= 1000
    assert result["generation"]["rows"]["mail_message"] >= 10000
    assert result["generation"]["subject"]["records"] >= 900

    rows = {row["key"]: row for row in result["measurements"]}
    assert set(MEASUREMENTS) <= set(rows), set(MEASUREMENTS) - set(rows)
    for key in MEASUREMENTS:
        row = rows[key]
        # Every addon is installed here: no "not available" row is acceptable.
        assert row["status"] == "ok", (key, row.get("reason"))
        if key == "retention_growth":
            continue
        # every figure has its baseline, measured in the same run
        _check_stats(row["ours"], key)
        _check_stats(row["baseline"], f"{key} baseline")
        assert row["ratio"] is not None, key
    for key in ("retention_tenth", "retention_all"):
        # the job erased every expired partner, like the SQL baseline
        assert rows[key]["details"]["still_personal"] == 0, rows[key]["details"]
    search = rows["search_purpose"]
    assert search["status"] == "ok"
    assert search["details"]["same_result_size"]
    assert search["details"]["single_query"], search["details"]
    assert rows["privacy_lookup"]["details"]["found"] > 0
