#!/usr/bin/env python3
# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Single entry point for running, testing and linting the GDPR addons.

    python3 tools/dev.py run     # demo database + Odoo on http://localhost:8069
    python3 tools/dev.py test    # throwaway database, all tests, one closing line
    python3 tools/dev.py lint    # pre-commit run -a: ruff, pylint-odoo, XML
    python3 tools/dev.py pot     # regenerate i18n/<addon>.pot from the code

Needs only Odoo 18.0 (``ODOO_SRC`` pointing at a source tree, or an importable
``odoo`` package) and a reachable PostgreSQL; everything else it installs.
Where Odoo and PostgreSQL are is decided in ``harness.py``.
"""

import argparse
import datetime
import importlib.util
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness
from harness import ADDONS, REPO, Missing

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


# ---------------------------------------------------------------------------
# Prerequisites
# ---------------------------------------------------------------------------


def check_python():
    if not ((3, 10) <= sys.version_info[:2] <= (3, 12)):
        raise Missing(
            f"Python {sys.version.split()[0]} is not supported: Odoo 18.0 runs on "
            "Python 3.10 to 3.12."
        )


def ensure_dev_requirements():
    """Install the test and lint tools once (idempotent: skipped when present)."""
    needed = {
        "pytest": "pytest",
        # What Odoo's official packages ship: phone formatting and the phone
        # blacklist behave in the tests as they do for users.
        "phonenumbers": "phonenumbers",
        "lxml": "lxml",
        "babel": "babel",
        "polib": "polib",
        "websocket": "websocket-client",
        "whool": "whool",
        "ruff": "ruff",
        "pylint_odoo": "pylint-odoo",
        "pre_commit": "pre-commit",
        "wheel": "wheel",
    }
    missing = [pkg for mod, pkg in needed.items() if not importlib.util.find_spec(mod)]
    if missing:
        print(f"Installing test tools: {', '.join(missing)}", flush=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "-q", "-r", str(DEV_REQUIREMENTS)],
            check=True,
        )


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
    """Return (bad lines, skipped tests, report dict or None) of an Odoo log.

    Not checklog-odoo: its 1.0 fails on WARNING records too and neither
    counts skipped tests nor reads Odoo's test report, which this needs."""
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


def _copy_lines(stream, log, echo):
    for line in stream:
        log.write(line)
        if echo and echo.search(line):
            print("  " + line.rstrip()[:400], flush=True)


def _end_process_group(pgid):
    """End what Odoo started and left running (e.g. a tour's Chromium)."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pgid, sig)
        except (ProcessLookupError, PermissionError):
            return
        time.sleep(1)


def run_logged(command, log_path, echo_pattern=None, env=None):
    """Run Odoo, writing its whole log to a file and echoing the important lines.

    Odoo runs in a process group of its own. A process it leaves behind
    (a browser of the tours) inherits its output and would keep the pipe
    open forever: once Odoo exits, the rest of its group is ended, so the
    command ends with Odoo."""
    echo = re.compile(echo_pattern) if echo_pattern else None
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            env=env,
            start_new_session=True,
        )
        reader = threading.Thread(
            target=_copy_lines, args=(proc.stdout, log, echo), daemon=True
        )
        reader.start()
        try:
            rc = proc.wait()
        finally:
            _end_process_group(proc.pid)
        reader.join(timeout=60)
        return rc


# ---------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------


def cmd_test(args):
    started = datetime.datetime.now()
    check_python()
    odoo = harness.locate_odoo()
    pg = harness.check_postgres()
    ensure_dev_requirements()

    stamp = started.strftime("%Y%m%d%H%M%S")
    db = f"gdpr_test_{stamp}_{os.getpid()}"
    workdir = Path(tempfile.mkdtemp(prefix="gdpr-test-"))
    data_dir = workdir / "data"
    base = (
        odoo.command
        + harness.odoo_args(db, odoo.addons_path, pg, harness.free_port(), data_dir)
        + ["--stop-after-init", "--max-cron-threads", "0"]
    )
    odoo_env = harness.child_env(odoo)
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
            env=odoo_env,
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
            env=odoo_env,
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
        # The harness puts ODOO_SRC on the child's PYTHONPATH: the scenarios
        # import Odoo even when this interpreter only knows it through ODOO_SRC.
        env = harness.child_env(
            odoo,
            GDPR_TEST_DB=db,
            GDPR_DATA_DIR=data_dir,
            PGHOST=pg["host"],
            PGPORT=pg["port"],
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
            harness.drop_database(db, data_dir, pg)
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
    odoo = harness.locate_odoo()
    pg = harness.check_postgres()
    db = args.db
    port = args.port
    if not re.fullmatch(r"[A-Za-z0-9_-]+", db):
        raise Missing(f"Invalid database name {db!r}: use letters, digits, _ and -.")
    env = harness.child_env(odoo)
    base = odoo.command + harness.odoo_args(db, odoo.addons_path, pg, port)
    if harness.database_exists(db, pg):
        print(f"Updating demo database {db} ...", flush=True)
        step = ["-i", ",".join(DEMO_MODULES), "-u", ",".join(ADDONS)]
        step += ["--load-language", DEMO_LANGUAGES]
    else:
        print(f"Creating demo database {db} with demo data (takes a few minutes) ...")
        step = ["-i", ",".join(DEMO_MODULES), "--load-language", DEMO_LANGUAGES]
    subprocess.run(
        base + step + ["--stop-after-init", "--log-level", "warn"], check=True, env=env
    )
    # A known login for the demo database (demo data's admin, reset each run).
    subprocess.run(
        odoo.command
        + ["shell"]
        + harness.odoo_args(db, odoo.addons_path, pg)
        + ["--log-level", "warn"],
        input=(
            "env.ref('base.user_admin').write("
            "{'login': 'admin', 'password': 'admin'})\n"
            "env.cr.commit()\n"
        ),
        text=True,
        check=True,
        stdout=subprocess.DEVNULL,
        env=env,
    )
    print(
        "\n"
        f"  Odoo runs on http://localhost:{port}/web/login?db={db}\n"
        "  Login: admin   Password: admin   (English; for German choose Deutsch "
        "in the user's preferences)\n"
        "  Stop with Ctrl+C.\n",
        flush=True,
    )
    proc = subprocess.Popen(base, env=env)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.send_signal(signal.SIGINT)
        return proc.wait()


def cmd_lint(args):
    """The hooks of .pre-commit-config.yaml (ruff, ruff format, pylint-odoo
    mandatory checks, XML, forbidden files) on every file of the checkout."""
    ensure_dev_requirements()
    # The hooks are `repo: local` and call `python3 -m ...`: this
    # interpreter's folder goes first on PATH, so they use the tools that
    # ensure_dev_requirements() installed for it (e.g. in a virtualenv).
    bindir = str(Path(sys.executable).parent)
    env = dict(os.environ, PATH=os.pathsep.join([bindir, os.environ.get("PATH", "")]))
    rc = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
        cwd=REPO,
        env=env,
        check=False,
    ).returncode
    # Not the "N passed, N failed" form: CI reads that line as the test count.
    print(f"Lint {'FAILED' if rc else 'OK'}: pre-commit run -a exited with {rc}")
    return 1 if rc else 0


def cmd_pot(args):
    """Regenerate i18n/<addon>.pot with Odoo's exporter (``--i18n-export``) on
    a throwaway database."""
    check_python()
    odoo = harness.locate_odoo()
    pg = harness.check_postgres()
    db = f"gdpr_pot_{os.getpid()}"
    workdir = Path(tempfile.mkdtemp(prefix="gdpr-pot-"))
    env = harness.child_env(odoo)
    base = (
        odoo.command
        + harness.odoo_args(db, odoo.addons_path, pg, data_dir=workdir)
        + ["--stop-after-init", "--log-level", "warn"]
    )
    try:
        # The same modules as the test database: the exported terms depend on
        # what is installed (e.g. fields that calendar adds to activity mixins).
        subprocess.run(
            base + ["-i", ",".join(DEPENDENCIES + ADDONS), "--without-demo", "all"],
            check=True,
            env=env,
        )
        for addon in args.addons or ADDONS:
            target = REPO / addon / "i18n" / f"{addon}.pot"
            target.parent.mkdir(exist_ok=True)
            subprocess.run(
                base + [f"--i18n-export={target}", f"--modules={addon}"],
                check=True,
                env=env,
            )
            print(f"wrote {target.relative_to(REPO)}")
    finally:
        harness.drop_database(db, workdir, pg)
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="demo database + Odoo on localhost")
    run.add_argument("--db", default=os.environ.get("DEMO_DB", "gdpr_demo"))
    run.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8069")))
    sub.add_parser("test", help="all tests on a throwaway database")
    sub.add_parser("lint", help="pre-commit run -a (ruff, pylint-odoo, ...)")
    pot = sub.add_parser("pot", help="regenerate the .pot files")
    pot.add_argument("addons", nargs="*")
    args = parser.parse_args(argv)
    handler = {"run": cmd_run, "test": cmd_test, "lint": cmd_lint, "pot": cmd_pot}
    try:
        return handler[args.command](args)
    except Missing as exc:
        print(f"\nERROR: {exc}\n", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
