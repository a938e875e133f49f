#!/usr/bin/env python3
# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Single entry point for running, testing and linting the GDPR addons.

    python3 tools/dev.py run     # demo database + Odoo on http://localhost:8069
    python3 tools/dev.py test    # throwaway database, all tests, one closing line
    python3 tools/dev.py lint    # ruff + pylint-odoo mandatory checks
    python3 tools/dev.py pot     # regenerate i18n/<addon>.pot from the code

Needs only Odoo 18.0 (``ODOO_SRC`` pointing at a source tree, or an importable
``odoo`` package) and a reachable PostgreSQL; everything else it installs.
"""

import argparse
import datetime
import getpass
import importlib.util
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ADDONS = ("gdpr_segments", "gdpr_consent", "gdpr_erasure")
# Everything the addons and the cross-addon scenarios work with. Installed
# without their own tests before ours run.
DEPENDENCIES = (
    "contacts",
    "mail",
    "crm",
    "mass_mailing",
    "calendar",
    "sale_management",
    "project",
    "account",
    "sms",
)
DEMO_MODULES = ("contacts", "crm", "mass_mailing") + ADDONS
# English stays the default language of the demo database; German is loaded.
DEMO_LANGUAGES = "en_US,de_DE"
ALLOWLIST = REPO / "tools" / "checklog-allow.txt"
DEV_REQUIREMENTS = REPO / "tools" / "requirements-dev.txt"
OFFICIAL_ODOO = "https://github.com/odoo/odoo/tree/18.0"


class Missing(SystemExit):
    """A prerequisite is missing: say what and how to get it, exit 2."""

    def __init__(self, message):
        print(f"\nERROR: {message}\n", file=sys.stderr)
        super().__init__(2)


# ---------------------------------------------------------------------------
# Prerequisites
# ---------------------------------------------------------------------------


def check_python():
    if not ((3, 10) <= sys.version_info[:2] <= (3, 12)):
        raise Missing(
            f"Python {sys.version.split()[0]} is not supported: Odoo 18.0 runs on "
            "Python 3.10 to 3.12."
        )


def locate_odoo():
    """Return (command prefix to start Odoo, list of Odoo addons folders)."""
    src = os.environ.get("ODOO_SRC")
    if src:
        src = Path(src).expanduser().resolve()
        if not all((src / name).is_file() for name in ("odoo-bin", "odoo/release.py")):
            raise Missing(
                f"ODOO_SRC={src} is not an Odoo source tree (no odoo-bin). Point it "
                f"at a checkout of Odoo 18.0: git clone -b 18.0 --depth 1 "
                f"{OFFICIAL_ODOO.rsplit('/tree', 1)[0]}.git"
            )
        package = src / "odoo"
        command = [sys.executable, str(src / "odoo-bin")]
    else:
        spec = importlib.util.find_spec("odoo")
        if spec is None or not spec.submodule_search_locations:
            raise Missing(
                "Odoo 18.0 was not found. Either set ODOO_SRC to an Odoo 18.0 source "
                f"tree ({OFFICIAL_ODOO}, then `pip install -r requirements.txt` "
                "there), or make the `odoo` package importable by "
                f"{sys.executable} (e.g. `pip install -e <odoo source>`)."
            )
        package = Path(next(iter(spec.submodule_search_locations)))
        command = [sys.executable, "-m", "odoo"]
    # Odoo expects to run in UTC (odoo-bin sets it before anything else).
    os.environ["TZ"] = "UTC"
    release = (package / "release.py").read_text(encoding="utf-8")
    match = re.search(r"version_info\s*=\s*\((\d+),\s*(\d+)", release)
    if not match or (int(match[1]), int(match[2])) != (18, 0):
        found = ".".join(match.groups()) if match else "unknown"
        raise Missing(
            f"Odoo at {package} is version {found}; these addons need Odoo 18.0 "
            f"({OFFICIAL_ODOO})."
        )
    addons = [package / "addons"]
    if (package.parent / "addons").is_dir():
        addons.append(package.parent / "addons")
    return command, [str(p) for p in addons] + [str(REPO)]


def pg_settings():
    return {
        "host": os.environ.get("PGHOST", "127.0.0.1"),
        "port": os.environ.get("PGPORT", "5432"),
        "user": os.environ.get("PGUSER") or getpass.getuser(),
    }


def check_postgres():
    pg = pg_settings()
    try:
        import psycopg2
    except ImportError as exc:
        raise Missing(
            "psycopg2 is not installed: install Odoo's requirements "
            "(pip install -r requirements.txt in the Odoo source)."
        ) from exc
    try:
        conn = psycopg2.connect(dbname="postgres", connect_timeout=3, **pg)
    except psycopg2.Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else exc
        raise Missing(
            f"PostgreSQL is not reachable at {pg['host']}:{pg['port']} as "
            f"{pg['user']!r} ({first}). Start PostgreSQL 13+ and set PGHOST, "
            "PGPORT, PGUSER if it runs elsewhere; the user must be allowed to "
            "create databases."
        ) from exc
    with conn, conn.cursor() as cr:
        cr.execute("SHOW server_version_num")
        version = int(cr.fetchone()[0])
    conn.close()
    if version < 130000:
        raise Missing(f"PostgreSQL {version} is too old: Odoo 18.0 needs 13 or newer.")
    return pg


def ensure_dev_requirements():
    """Install the test and lint tools once (idempotent: skipped when present)."""
    needed = {
        "pytest": "pytest",
        "lxml": "lxml",
        "babel": "babel",
        "polib": "polib",
        "websocket": "websocket-client",
        "whool": "whool",
        "ruff": "ruff",
        "pylint_odoo": "pylint-odoo",
        "wheel": "wheel",
    }
    missing = [pkg for mod, pkg in needed.items() if not importlib.util.find_spec(mod)]
    if missing:
        print(f"Installing test tools: {', '.join(missing)}", flush=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "-q", "-r", str(DEV_REQUIREMENTS)],
            check=True,
        )


def odoo_args(pg, addons_path, db, port):
    return [
        "--db_host",
        pg["host"],
        "--db_port",
        str(pg["port"]),
        "--db_user",
        pg["user"],
        "-d",
        db,
        "--addons-path",
        ",".join(addons_path),
        "--http-port",
        str(port),
        "--db-filter",
        f"^{re.escape(db)}$",
    ]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def psql(pg, sql, params=None, db="postgres"):
    import psycopg2

    conn = psycopg2.connect(dbname=db, **pg)
    conn.autocommit = True
    try:
        with conn.cursor() as cr:
            cr.execute(sql, params)
            return cr.fetchall() if cr.description else None
    finally:
        conn.close()


def drop_database(pg, db, data_dir):
    import psycopg2
    from psycopg2 import sql as pgsql

    conn = psycopg2.connect(dbname="postgres", **pg)
    conn.autocommit = True
    with conn.cursor() as cr:
        cr.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [db],
        )
        cr.execute(pgsql.SQL("DROP DATABASE IF EXISTS {}").format(pgsql.Identifier(db)))
    conn.close()
    shutil.rmtree(Path(data_dir) / "filestore" / db, ignore_errors=True)


# ---------------------------------------------------------------------------
# Log checking
# ---------------------------------------------------------------------------

LOG_LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) (?P<db>\S+) "
    r"(?P<logger>\S+): (?P<message>.*)$"
)
REPORT = re.compile(
    r"(?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of (?P<run>\d+) tests "
    r"when loading database"
)
SKIPPED = re.compile(r"odoo\.tests\.\S*: skipped |: skipped (?P<test>\S+) : ")


def load_allowlist():
    patterns = []
    for raw in ALLOWLIST.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            patterns.append(re.compile(line))
    return patterns


def check_log(path, allowlist):
    """Return (bad lines, skipped tests, report dict or None) of an Odoo log."""
    bad, skipped, report = [], [], None
    in_traceback = False
    for line in Path(path).read_text(encoding="utf-8", errors="replace").splitlines():
        match = LOG_LINE.match(line)
        if match:
            in_traceback = False
            level = match["level"]
            message = match["message"]
            rep = REPORT.search(message)
            if rep:
                report = {key: int(value) for key, value in rep.groupdict().items()}
            if message.startswith("skipped ") and match["logger"].startswith("odoo."):
                skipped.append(line)
                continue
            allowed = any(p.search(line) for p in allowlist)
            if level in ("ERROR", "CRITICAL") and not allowed:
                bad.append(line)
        elif line.startswith("Traceback (most recent call last)"):
            if not in_traceback and not any(p.search(line) for p in allowlist):
                bad.append(line)
            in_traceback = True
    return bad, skipped, report


def run_logged(command, log_path, echo_pattern=None, env=None):
    """Run Odoo, writing its whole log to a file and echoing the important lines."""
    echo = re.compile(echo_pattern) if echo_pattern else None
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            env=env,
        )
        for line in proc.stdout:
            log.write(line)
            if echo and echo.search(line):
                print("  " + line.rstrip()[:400], flush=True)
        return proc.wait()


# ---------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------


def cmd_test(args):
    started = datetime.datetime.now()
    check_python()
    odoo_cmd, addons_path = locate_odoo()
    pg = check_postgres()
    ensure_dev_requirements()

    stamp = started.strftime("%Y%m%d%H%M%S")
    db = f"gdpr_test_{stamp}_{os.getpid()}"
    workdir = Path(tempfile.mkdtemp(prefix="gdpr-test-"))
    data_dir = workdir / "data"
    port = free_port()
    base = (
        odoo_cmd
        + odoo_args(pg, addons_path, db, port)
        + [
            "--data-dir",
            str(data_dir),
            "--stop-after-init",
            "--max-cron-threads",
            "0",
        ]
    )
    allowlist = load_allowlist()
    passed = failed = 0
    problems = []
    print(f"Test database {db}, logs in {workdir}", flush=True)
    try:
        # 1. Dependencies, without their tests and without demo data.
        print(f"[1/4] Installing dependencies: {', '.join(DEPENDENCIES)}", flush=True)
        log1 = workdir / "install-dependencies.log"
        rc = run_logged(
            base
            + [
                "-i",
                ",".join(DEPENDENCIES),
                "--without-demo",
                "all",
                "--load-language",
                "de_DE",
                "--log-level",
                "warn",
            ],
            log1,
            echo_pattern=r" (ERROR|CRITICAL) ",
        )
        bad, _skipped, _report = check_log(log1, allowlist)
        if rc:
            problems.append(f"installing the dependencies exited with {rc}")
        problems += [f"dependency install log: {line}" for line in bad]
        if rc:
            raise RuntimeError("dependencies could not be installed")

        # 2. Our addons with their tests (at_install and post_install).
        tags = ",".join(f"/{addon}" for addon in ADDONS)
        print(f"[2/4] Installing {', '.join(ADDONS)} with their tests", flush=True)
        log2 = workdir / "addon-tests.log"
        rc = run_logged(
            base
            + [
                "-i",
                ",".join(ADDONS),
                "--test-enable",
                "--test-tags",
                tags,
                "--log-level",
                "test",
            ],
            log2,
            echo_pattern=(
                r" (ERROR|CRITICAL|WARNING) |odoo\.tests\.(stats|result)|"
                r"when loading database|: skipped |^(FAIL|ERROR):"
            ),
        )
        bad, skipped, report = check_log(log2, allowlist)
        if report is None:
            problems.append("Odoo printed no test report (did the install crash?)")
        else:
            odoo_failed = report["failed"] + report["errors"]
            passed += report["run"] - odoo_failed - len(skipped)
            failed += odoo_failed
            print(
                f"  Odoo tests: {report['run']} run, {odoo_failed} failed or erroring, "
                f"{len(skipped)} skipped",
                flush=True,
            )
            if report["run"] == 0:
                problems.append("Odoo ran no test of our addons")
        if rc:
            problems.append(f"Odoo exited with {rc} while testing")
        # A skipped test (e.g. a browser tour without Chromium) is a failure here.
        failed += len(skipped)
        problems += [f"skipped test: {line}" for line in skipped]
        problems += [f"addon test log: {line}" for line in bad]

        # 3. Cross-addon scenarios and repository checks.
        print("[3/4] Running the pytest suite in tests/", flush=True)
        junit = workdir / "pytest.xml"
        env = dict(
            os.environ,
            GDPR_TEST_DB=db,
            GDPR_ADDONS_PATH=",".join(addons_path),
            GDPR_DATA_DIR=str(data_dir),
            GDPR_ODOO_COMMAND=json.dumps(odoo_cmd),
            PGHOST=pg["host"],
            PGPORT=str(pg["port"]),
            PGUSER=pg["user"],
        )
        rc = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                str(REPO / "tests"),
                "-p",
                "no:cacheprovider",
                "-q",
                "-rfEs",
                f"--junitxml={junit}",
            ],
            cwd=REPO,
            env=env,
            check=False,
        ).returncode
        if junit.exists():
            suite = ET.parse(junit).getroot()
            suite = suite if suite.tag == "testsuite" else suite.find("testsuite")
            total = int(suite.get("tests", 0))
            py_failed = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
            py_skipped = int(suite.get("skipped", 0))
            passed += total - py_failed - py_skipped
            failed += py_failed + py_skipped
            if py_skipped:
                problems.append(f"pytest skipped {py_skipped} test(s)")
            if total == 0:
                problems.append("pytest collected no test")
        else:
            problems.append(f"pytest produced no report (exit {rc})")
        if rc not in (0, 1):
            problems.append(f"pytest exited with {rc}")
    except RuntimeError as exc:
        problems.append(str(exc))
    except KeyboardInterrupt:
        problems.append("interrupted")
    finally:
        print("[4/4] Dropping the test database", flush=True)
        if os.environ.get("KEEP_DB"):
            print(f"  KEEP_DB is set: kept {db} (data dir {data_dir})")
        else:
            drop_database(pg, db, data_dir)
            shutil.rmtree(data_dir, ignore_errors=True)

    if problems:
        print("\nProblems:")
        for problem in problems:
            print(f"- {problem[:500]}")
        # Log errors outside any test still fail the run, counted once.
        if failed == 0:
            failed = 1
    elapsed = (datetime.datetime.now() - started).total_seconds()
    print(f"\nFinished in {elapsed:.0f} s; full logs in {workdir}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or problems else 0


def cmd_run(args):
    check_python()
    odoo_cmd, addons_path = locate_odoo()
    pg = check_postgres()
    db = args.db
    port = args.port
    if not re.fullmatch(r"[A-Za-z0-9_-]+", db):
        raise Missing(f"Invalid database name {db!r}: use letters, digits, _ and -.")
    base = odoo_cmd + odoo_args(pg, addons_path, db, port)
    if psql(pg, "SELECT 1 FROM pg_database WHERE datname = %s", [db]):
        print(f"Updating demo database {db} ...", flush=True)
        step = ["-i", ",".join(DEMO_MODULES), "-u", ",".join(ADDONS)]
        step += ["--load-language", DEMO_LANGUAGES]
    else:
        print(f"Creating demo database {db} with demo data (takes a few minutes) ...")
        step = ["-i", ",".join(DEMO_MODULES), "--load-language", DEMO_LANGUAGES]
    subprocess.run(
        base + step + ["--stop-after-init", "--log-level", "warn"], check=True
    )
    # A known login for the demo database (demo data's admin, reset each run).
    subprocess.run(
        odoo_cmd
        + ["shell"]
        + odoo_args(pg, addons_path, db, port)
        + ["--no-http", "--log-level", "warn"],
        input=(
            "env.ref('base.user_admin').write("
            "{'login': 'admin', 'password': 'admin'})\n"
            "env.cr.commit()\n"
        ),
        text=True,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    print(
        "\n"
        f"  Odoo runs on http://localhost:{port}/web/login?db={db}\n"
        "  Login: admin   Password: admin   (English; for German choose Deutsch "
        "in the user's preferences)\n"
        "  Stop with Ctrl+C.\n",
        flush=True,
    )
    proc = subprocess.Popen(base)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.send_signal(signal.SIGINT)
        return proc.wait()


def cmd_lint(args):
    ensure_dev_requirements()
    targets = [str(REPO / addon) for addon in ADDONS] + [
        str(REPO / "tests"),
        str(REPO / "tools"),
    ]
    if (REPO / "bench").is_dir():
        targets.append(str(REPO / "bench"))
    steps = [
        [sys.executable, "-m", "ruff", "check", *targets],
        [sys.executable, "-m", "ruff", "format", "--check", *targets],
        [
            sys.executable,
            "-m",
            "pylint",
            f"--rcfile={REPO / '.pylintrc-mandatory'}",
            *[str(REPO / addon) for addon in ADDONS],
        ],
    ]
    failed = 0
    for step in steps:
        print("$ " + " ".join(step[2:]), flush=True)
        rc = subprocess.run(step, cwd=REPO, check=False).returncode
        failed += bool(rc)
    # Not the "N passed, N failed" form: CI reads that line as the test count.
    print(f"Lint {'FAILED' if failed else 'OK'}: {failed} of {len(steps)} tools failed")
    return 1 if failed else 0


def cmd_pot(args):
    """Regenerate i18n/<addon>.pot with Odoo's exporter on a throwaway database."""
    check_python()
    odoo_cmd, addons_path = locate_odoo()
    pg = check_postgres()
    db = f"gdpr_pot_{os.getpid()}"
    workdir = Path(tempfile.mkdtemp(prefix="gdpr-pot-"))
    base = (
        odoo_cmd
        + odoo_args(pg, addons_path, db, free_port())
        + [
            "--data-dir",
            str(workdir),
            "--stop-after-init",
            "--log-level",
            "warn",
        ]
    )
    try:
        # The same modules as the test database: the exported terms depend on
        # what is installed (e.g. fields that calendar adds to activity mixins).
        subprocess.run(
            base + ["-i", ",".join(DEPENDENCIES + ADDONS), "--without-demo", "all"],
            check=True,
        )
        for addon in args.addons or ADDONS:
            target = REPO / addon / "i18n" / f"{addon}.pot"
            target.parent.mkdir(exist_ok=True)
            subprocess.run(
                base + [f"--i18n-export={target}", f"--modules={addon}"], check=True
            )
            print(f"wrote {target.relative_to(REPO)}")
    finally:
        drop_database(pg, db, workdir)
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="demo database + Odoo on localhost")
    run.add_argument("--db", default=os.environ.get("DEMO_DB", "gdpr_demo"))
    run.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8069")))
    sub.add_parser("test", help="all tests on a throwaway database")
    sub.add_parser("lint", help="ruff and pylint-odoo")
    pot = sub.add_parser("pot", help="regenerate the .pot files")
    pot.add_argument("addons", nargs="*")
    args = parser.parse_args(argv)
    handler = {"run": cmd_run, "test": cmd_test, "lint": cmd_lint, "pot": cmd_pot}
    return handler[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
