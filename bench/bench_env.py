# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Environment of a benchmark run: Odoo discovery, PostgreSQL, the throwaway
database (create, install, drop) and a description of the machine."""

import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BASE_MODULES = ("crm", "mass_mailing")
GDPR_ADDONS = ("gdpr_segments", "gdpr_consent", "gdpr_erasure")
OFFICIAL_ODOO = "https://github.com/odoo/odoo/tree/18.0"


class BenchError(Exception):
    """A problem the user has to fix (message printed without traceback)."""


def pg_params():
    return {
        "host": os.environ.get("PGHOST", "127.0.0.1"),
        "port": int(os.environ.get("PGPORT", "5432")),
        "user": os.environ.get("PGUSER", "root"),
    }


def find_odoo():
    """Import Odoo like the tests do: ``ODOO_SRC`` (a source tree with
    odoo-bin) if set, else the importable ``odoo`` package.

    Returns a dict with the source root, the odoo-bin command and the addons
    path (Odoo's own addons followed by the repository root)."""
    src = os.environ.get("ODOO_SRC")
    if src:
        src_path = Path(src).expanduser().resolve()
        if not (src_path / "odoo-bin").is_file():
            raise BenchError(
                f"ODOO_SRC={src} is not an Odoo source tree (no odoo-bin). Point it "
                "at a checkout of Odoo 18.0: git clone -b 18.0 --depth 1 "
                "https://github.com/odoo/odoo.git"
            )
        sys.path.insert(0, str(src_path))
    try:
        import odoo
        import odoo.release
    except ImportError as exc:
        raise BenchError(
            "Odoo 18.0 was not found. Either set ODOO_SRC to an Odoo 18.0 source "
            f"tree ({OFFICIAL_ODOO}, then `pip install -r requirements.txt` "
            "there), or make the `odoo` package importable by "
            f"{sys.executable} (e.g. `pip install -e <odoo source>`). "
            f"Import error: {exc}"
        ) from exc
    if not odoo.release.version.startswith("18."):
        raise BenchError(
            f"Odoo {odoo.release.version} found at {odoo.__file__}; "
            "these addons need Odoo 18.0."
        )
    package = Path(odoo.__file__).resolve().parent
    root = package.parent
    addons = [p for p in (package / "addons", root / "addons") if p.is_dir()]
    addons.append(REPO)
    odoo_bin = root / "odoo-bin"
    if odoo_bin.is_file():
        command = [sys.executable, str(odoo_bin)]
    else:
        command = [
            sys.executable,
            "-c",
            "import sys, odoo.cli; sys.argv[0] = 'odoo'; odoo.cli.main()",
        ]
    return {
        "version": odoo.release.version,
        "root": str(root),
        "command": command,
        "addons_path": ",".join(str(p) for p in addons),
    }


def pg_connect(dbname="postgres"):
    import psycopg2

    try:
        cnx = psycopg2.connect(dbname=dbname, connect_timeout=5, **pg_params())
    except psycopg2.OperationalError as exc:
        params = pg_params()
        first = (str(exc).strip().splitlines() or [""])[0]
        raise BenchError(
            f"PostgreSQL is not reachable at {params['host']}:{params['port']} as "
            f"{params['user']!r} ({first}). Start PostgreSQL 13+ and set PGHOST, "
            "PGPORT, PGUSER if it runs elsewhere; the user must be allowed to "
            "create databases."
        ) from exc
    cnx.autocommit = True
    return cnx


def pg_version():
    cnx = pg_connect()
    try:
        with cnx.cursor() as cr:
            cr.execute("SHOW server_version")
            return cr.fetchone()[0]
    finally:
        cnx.close()


def database_exists(name):
    cnx = pg_connect()
    try:
        with cnx.cursor() as cr:
            cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            return bool(cr.fetchone())
    finally:
        cnx.close()


def unique_db_name(scale):
    return f"gdprbench_{scale}_{time.strftime('%Y%m%d_%H%M%S')}_{os.getpid()}"


def addons_present():
    """The GDPR addons of the repository that can be installed."""
    return [name for name in GDPR_ADDONS if (REPO / name / "__manifest__.py").is_file()]


def create_database(name, template=None):
    from psycopg2 import sql

    if database_exists(name):
        raise BenchError(
            f"Database {name} already exists: the benchmark needs a fresh one "
            "(choose another --db or drop it)."
        )
    cnx = pg_connect()
    try:
        with cnx.cursor() as cr:
            if template:
                cr.execute(
                    sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                        sql.Identifier(name), sql.Identifier(template)
                    )
                )
            else:
                cr.execute(
                    sql.SQL(
                        "CREATE DATABASE {} ENCODING 'unicode' "
                        "LC_COLLATE 'C' TEMPLATE template0"
                    ).format(sql.Identifier(name))
                )
    finally:
        cnx.close()


def install_modules(odoo_info, name, modules, log_path):
    """Install modules with odoo-bin in a child process (no demo data), so the
    measuring process starts from a clean registry and a clean RSS."""
    params = pg_params()
    cmd = odoo_info["command"] + [
        "-d",
        name,
        "--db_host",
        params["host"],
        "--db_port",
        str(params["port"]),
        "--db_user",
        params["user"],
        f"--addons-path={odoo_info['addons_path']}",
        "-i",
        ",".join(modules),
        "--without-demo=all",
        "--stop-after-init",
        "--no-http",
        "--log-level=warn",
        f"--logfile={log_path}",
    ]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    log = Path(log_path).read_text(errors="replace") if Path(log_path).exists() else ""
    if result.returncode or " ERROR " in log or " CRITICAL " in log:
        tail = "\n".join((log + result.stdout + result.stderr).splitlines()[-40:])
        raise BenchError(
            f"Installing {', '.join(modules)} into {name} failed "
            f"(exit code {result.returncode}, log {log_path}):\n{tail}"
        )


def drop_database(name, data_dir=None):
    from psycopg2 import sql

    if "odoo" in sys.modules:
        # close this process's connections; DROP ... WITH (FORCE) ends others
        odoo = sys.modules["odoo"]
        odoo.modules.registry.Registry.delete(name)
        odoo.sql_db.close_db(name)
    cnx = pg_connect()
    try:
        with cnx.cursor() as cr:
            cr.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(name)
                )
            )
    finally:
        cnx.close()
    if data_dir:
        shutil.rmtree(Path(data_dir) / "filestore" / name, ignore_errors=True)


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
