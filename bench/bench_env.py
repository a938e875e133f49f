# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Environment of a benchmark run: the throwaway database (create, install,
drop) and a description of the machine. Odoo and PostgreSQL are found by
``tools/harness.py``, like the test and run commands do."""

import os
import platform
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

import harness
from harness import ADDONS as GDPR_ADDONS
from harness import REPO

BASE_MODULES = ("crm", "mass_mailing")


class BenchError(Exception):
    """A problem the user has to fix (message printed without traceback)."""


def find_odoo():
    """Locate Odoo 18.0 and import it into this process, where the
    measurements run (``ODOO_SRC`` goes on ``sys.path`` when set)."""
    odoo = harness.locate_odoo()
    harness.import_odoo(odoo)
    return odoo


def pg_connect(dbname="postgres"):
    return harness.connect(dbname=dbname)


def pg_version():
    return harness.psql("SHOW server_version")[0][0]


def unique_db_name(scale):
    return f"gdprbench_{scale}_{time.strftime('%Y%m%d_%H%M%S')}_{os.getpid()}"


def addons_present():
    """The GDPR addons of the repository that can be installed."""
    return [name for name in GDPR_ADDONS if (REPO / name / "__manifest__.py").is_file()]


def create_database(name, template=None):
    if harness.database_exists(name):
        raise BenchError(
            f"Database {name} already exists: the benchmark needs a fresh one "
            "(choose another --db or drop it)."
        )
    harness.create_database(name, template)


def install_modules(odoo, name, modules, log_path):
    """Install modules with odoo-bin in a child process (no demo data), so the
    measuring process starts from a clean registry and a clean RSS."""
    cmd = (
        odoo.command
        + harness.odoo_args(name, odoo.addons_path)
        + [
            "-i",
            ",".join(modules),
            "--without-demo=all",
            "--stop-after-init",
            "--log-level=warn",
            f"--logfile={log_path}",
        ]
    )
    result = subprocess.run(
        cmd, capture_output=True, text=True, check=False, env=harness.child_env(odoo)
    )
    log = Path(log_path).read_text(errors="replace") if Path(log_path).exists() else ""
    if result.returncode or " ERROR " in log or " CRITICAL " in log:
        tail = "\n".join((log + result.stdout + result.stderr).splitlines()[-40:])
        raise BenchError(
            f"Installing {', '.join(modules)} into {name} failed "
            f"(exit code {result.returncode}, log {log_path}):\n{tail}"
        )


def drop_database(name, data_dir=None):
    harness.drop_database(name, data_dir)


def machine_info():
    import psutil

    return {
        "hostname": platform.node(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpu_cores": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "memory_total_mb": round(psutil.virtual_memory().total / 2**20),
        "memory_available_mb": round(psutil.virtual_memory().available / 2**20),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "postgresql": pg_version(),
    }


def _cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def git_info():
    def git(*args):
        result = subprocess.run(
            ["git", "-C", str(REPO), *args],
            capture_output=True,
            text=True,
            check=False,
        )
        return result.stdout.strip() if result.returncode == 0 else None

    return {
        "revision": git("rev-parse", "HEAD"),
        "branch": git("rev-parse", "--abbrev-ref", "HEAD"),
        "dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
        "describe": git("log", "-1", "--format=%h %s"),
    }
