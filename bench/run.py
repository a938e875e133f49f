#!/usr/bin/env python3
# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""GDPR addons benchmark.

    python3 bench/run.py --scale small|medium|large [--db NAME] [--keep-db]
                         [--json PATH] [--only CASE,...]

Creates a fresh database, installs crm, mass_mailing and the GDPR addons of
this repository, generates data, measures every hot path next to a baseline
in the same run, prints a table and writes a JSON file. See bench/README.md.
"""

import argparse
import logging
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_env
from bench_env import REPO, BenchError, harness

_logger = logging.getLogger("gdpr_bench")
# The measured cases, in the order they run (bench_cases.Bench.run_all).
CASES = (
    "search",
    "mailing",
    "consent_expiry",
    "erasure",
    "verification_scan",
    "retention",
)


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="Benchmark the GDPR addons on generated data.",
    )
    parser.add_argument(
        "--scale",
        choices=["small", "medium", "large"],
        default="small",
        help="small: 1,000 partners / 10,000 messages; medium: x10; "
        "large: 100,000 partners / 1,000,000 messages",
    )
    parser.add_argument("--db", help="name of the database to create (must not exist)")
    parser.add_argument(
        "--keep-db", action="store_true", help="keep the database afterwards"
    )
    parser.add_argument(
        "--json",
        help="result file (default bench-results/<scale>-<timestamp>.json)",
    )
    parser.add_argument(
        "--only",
        help="comma-separated cases to measure (default all): " + ", ".join(CASES),
    )
    args = parser.parse_args(argv)
    if args.only:
        unknown = set(args.only.split(",")) - set(CASES)
        if unknown:
            parser.error(f"unknown case(s): {', '.join(sorted(unknown))}")
    return args


def open_registry(odoo_info, db):
    import odoo
    from odoo.tools import config

    config.parse_config(
        harness.odoo_args(db, odoo_info.addons_path)
        + ["--log-level=warn", "--log-handler=gdpr_bench:INFO"]
    )
    odoo.service.server.load_server_wide_modules()
    return odoo.modules.registry.Registry(db), config["data_dir"]


def vacuum_analyze(db):
    cnx = bench_env.pg_connect(db)
    try:
        with cnx.cursor() as cr:
            cr.execute("VACUUM (ANALYZE)")
    finally:
        cnx.close()


def installed_addons(registry):
    with registry.cursor() as cr:
        cr.execute(
            "SELECT name FROM ir_module_module WHERE state = 'installed' "
            "AND name = ANY(%s) ORDER BY name",
            [list(bench_env.GDPR_ADDONS)],
        )
        return [name for (name,) in cr.fetchall()]


def run(args):
    odoo_info = bench_env.find_odoo()
    bench_env.pg_version()  # PostgreSQL reachable, clear message otherwise
    db = args.db or bench_env.unique_db_name(args.scale)
    template = os.environ.get("BENCH_TEMPLATE")
    addons = bench_env.addons_present()
    if "gdpr_segments" not in addons:
        raise BenchError(f"gdpr_segments not found in {REPO}: nothing to measure.")
    stamp = time.strftime("%Y%m%d-%H%M%S")
    json_path = Path(args.json or REPO / "bench-results" / f"{args.scale}-{stamp}.json")
    timings = {}
    data_dir = None
    created = False
    print(
        f"Creating database {db}" + (f" from template {template}" if template else "")
    )
    start = time.perf_counter()
    try:
        bench_env.create_database(db, template)
        created = True
        modules = list(bench_env.BASE_MODULES) + addons
        print(f"Installing {', '.join(modules)} (without demo data)...", flush=True)
        with tempfile.TemporaryDirectory(prefix="gdprbench-") as tmp:
            bench_env.install_modules(odoo_info, db, modules, Path(tmp) / "install.log")
        timings["install"] = round(time.perf_counter() - start, 3)
        registry, data_dir = open_registry(odoo_info, db)
        return measure(args, db, registry, json_path, timings, template, odoo_info)
    finally:
        if created and not args.keep_db:
            bench_env.drop_database(db, data_dir)
            print(f"Dropped database {db}")
        elif created:
            print(f"Kept database {db}")


def measure(args, db, registry, json_path, timings, template, odoo_info):
    import bench_cases
    import bench_data
    import bench_measure
    import bench_report

    print(f"Generating {args.scale} data...", flush=True)
    generated = bench_data.generate(registry, args.scale)
    start = time.perf_counter()
    vacuum_analyze(db)
    timings["vacuum_analyze"] = round(time.perf_counter() - start, 3)
    registry = registry.check_signaling()
    print(
        f"Generated in {generated['timings_s']['total']:.1f} s; measuring...",
        flush=True,
    )
    start = time.perf_counter()
    bench = bench_cases.Bench(
        registry,
        generated,
        runs=int(os.environ.get("BENCH_RUNS", "5")),
        heavy_runs=int(os.environ.get("BENCH_HEAVY_RUNS", "3")),
        only=args.only.split(",") if args.only else None,
    )
    measurements = bench.run_all()
    timings["measurements"] = round(time.perf_counter() - start, 3)
    with registry.cursor() as cr:
        schema_notes = bench_measure.unindexed_foreign_keys(
            cr,
            [
                "res_partner",
                "mail_message",
                "crm_lead",
                "ir_attachment",
                "mailing_contact",
                "mailing_trace",
                "gdpr_consent",
                "mail_activity",
            ],
            min_rows=1000,
        )
    result = {
        "format": 1,
        "scale": args.scale,
        "database": db,
        "template": template,
        "created_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "odoo": {"version": odoo_info.version, "root": str(odoo_info.package.parent)},
        "addons": installed_addons(registry),
        "machine": bench_env.machine_info(),
        "git": bench_env.git_info(),
        "runs": {"default": bench.runs, "heavy": bench.heavy_runs},
        "only": args.only.split(",") if args.only else None,
        "timings_s": timings,
        "generation": generated,
        "measurements": measurements,
        "index_notes": bench.notes + schema_notes,
        "process_peak_rss_mb": round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
        ),
    }
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(bench_measure.dumps(result))
    print()
    print(bench_report.summary(result))
    print()
    print(bench_report.table(result))
    print()
    print(bench_report.scan_notes(result))
    print()
    print(f"Results written to {json_path}")
    return result


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        run(args)
    except (BenchError, harness.Missing) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
