# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The one place that knows where Odoo and PostgreSQL are.

``tools/dev.py`` (run, test, lint, pot), ``bench/`` and ``tests/conftest.py``
all find Odoo, read the PostgreSQL settings, build Odoo's arguments and
create or drop databases through this module, so the commands cannot
disagree about which Odoo or which database user they use. Standard library
only (psycopg2 is imported when a database is touched), so it also works to
report a missing prerequisite.
"""

import dataclasses
import getpass
import importlib.util
import os
import re
import shutil
import socket
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ADDONS = ("gdpr_segments", "gdpr_consent", "gdpr_erasure")
OFFICIAL_ODOO = "https://github.com/odoo/odoo/tree/18.0"
ODOO_VERSION = (18, 0)


class Missing(Exception):
    """A prerequisite is missing; the message says what and how to get it.

    The commands print it without a traceback and exit with code 2."""


@dataclasses.dataclass(frozen=True)
class Odoo:
    """An Odoo 18.0 found by :func:`locate_odoo`."""

    package: Path  # the ``odoo`` package folder
    source: Path | None  # ODOO_SRC (a source tree), None for an installed package
    command: list  # argv prefix that starts Odoo's command line
    addons_path: list  # Odoo's addons folders, then the repository root
    version: str


def locate_odoo():
    """Find Odoo 18.0 without importing it: ``ODOO_SRC`` if set, else the
    ``odoo`` package importable by this interpreter. Raises :class:`Missing`."""
    src = os.environ.get("ODOO_SRC")
    if src:
        source = Path(src).expanduser().resolve()
        markers = ("odoo-bin", "odoo/release.py")
        if not all((source / name).is_file() for name in markers):
            raise Missing(
                f"ODOO_SRC={source} is not an Odoo source tree (no odoo-bin). Point it "
                f"at a checkout of Odoo 18.0: git clone -b 18.0 --depth 1 "
                f"{OFFICIAL_ODOO.rsplit('/tree', 1)[0]}.git"
            )
        package = source / "odoo"
    else:
        source = None
        spec = importlib.util.find_spec("odoo")
        if spec is None or not spec.submodule_search_locations:
            raise Missing(
                "Odoo 18.0 was not found. Either set ODOO_SRC to an Odoo 18.0 source "
                f"tree ({OFFICIAL_ODOO}, then `pip install -r requirements.txt` "
                "there), or make the `odoo` package importable by "
                f"{sys.executable} (e.g. `pip install -e <odoo source>`)."
            )
        package = Path(next(iter(spec.submodule_search_locations))).resolve()
    release = (package / "release.py").read_text(encoding="utf-8")
    match = re.search(r"version_info\s*=\s*\((\d+),\s*(\d+)", release)
    found = (int(match[1]), int(match[2])) if match else None
    if found != ODOO_VERSION:
        shown = ".".join(map(str, found)) if found else "unknown"
        raise Missing(
            f"Odoo at {package} is version {shown}; these addons need Odoo 18.0 "
            f"({OFFICIAL_ODOO})."
        )
    odoo_bin = package.parent / "odoo-bin"
    if odoo_bin.is_file():
        command = [sys.executable, str(odoo_bin)]
    else:
        command = [sys.executable, "-m", "odoo"]
    addons = [package / "addons"]
    if (package.parent / "addons").is_dir():
        addons.append(package.parent / "addons")
    return Odoo(
        package=package,
        source=source,
        command=command,
        addons_path=[str(p) for p in addons] + [str(REPO)],
        version=".".join(map(str, found)),
    )


def child_env(odoo=None, **extra):
    """Environment for a child process that imports Odoo (pytest, the
    benchmark, odoo-bin): ``ODOO_SRC`` first on ``PYTHONPATH`` and Odoo's
    time zone (UTC, as odoo-bin sets it). ``extra`` values are added."""
    env = dict(os.environ, TZ="UTC")
    odoo = odoo or locate_odoo()
    if odoo.source:
        paths = [str(odoo.source)] + [
            p
            for p in env.get("PYTHONPATH", "").split(os.pathsep)
            if p and p != str(odoo.source)
        ]
        env["PYTHONPATH"] = os.pathsep.join(paths)
    env.update({key: str(value) for key, value in extra.items()})
    return env


def import_odoo(odoo=None):
    """Import Odoo into this process (the located one) and return the module."""
    odoo = odoo or locate_odoo()
    if odoo.source and str(odoo.source) not in sys.path:
        sys.path.insert(0, str(odoo.source))
    if os.environ.get("TZ") != "UTC":
        os.environ["TZ"] = "UTC"
        time.tzset()
    try:
        import odoo as module
    except ImportError as exc:
        raise Missing(
            f"Odoo at {odoo.package} cannot be imported by {sys.executable} "
            f"({exc}): install its requirements (pip install -r requirements.txt "
            "in the Odoo source)."
        ) from exc
    return module


# ---------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------


def pg_settings():
    """Connection settings of every tool: PGHOST, PGPORT, PGUSER, else
    127.0.0.1:5432 as the system user (what the README says)."""
    return {
        "host": os.environ.get("PGHOST") or "127.0.0.1",
        "port": int(os.environ.get("PGPORT") or 5432),
        "user": os.environ.get("PGUSER") or getpass.getuser(),
    }


def connect(pg=None, dbname="postgres"):
    """An autocommit connection; :class:`Missing` when the server is not there."""
    pg = pg or pg_settings()
    try:
        import psycopg2
    except ImportError as exc:
        raise Missing(
            "psycopg2 is not installed: install Odoo's requirements "
            "(pip install -r requirements.txt in the Odoo source)."
        ) from exc
    try:
        conn = psycopg2.connect(dbname=dbname, connect_timeout=5, **pg)
    except psycopg2.Error as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise Missing(
            f"PostgreSQL is not reachable at {pg['host']}:{pg['port']} as "
            f"{pg['user']!r} ({first}). Start PostgreSQL 13+ and set PGHOST, "
            "PGPORT, PGUSER if it runs elsewhere; the user must be allowed to "
            "create databases."
        ) from exc
    conn.autocommit = True
    return conn


def psql(sql, params=None, db="postgres", pg=None):
    """Run one statement, return its rows (None for statements without)."""
    conn = connect(pg, db)
    try:
        with conn.cursor() as cr:
            cr.execute(sql, params)
            return cr.fetchall() if cr.description else None
    finally:
        conn.close()


def check_postgres(pg=None):
    """The settings, once the server answered and is recent enough."""
    pg = pg or pg_settings()
    version = int(psql("SHOW server_version_num", pg=pg)[0][0])
    if version < 130000:
        raise Missing(f"PostgreSQL {version} is too old: Odoo 18.0 needs 13 or newer.")
    return pg


def database_exists(name, pg=None):
    return bool(psql("SELECT 1 FROM pg_database WHERE datname = %s", [name], pg=pg))


def create_database(name, template=None, pg=None):
    """An empty database the way Odoo creates one, or a copy of ``template``."""
    from psycopg2 import sql

    if template:
        statement = sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
            sql.Identifier(name), sql.Identifier(template)
        )
    else:
        statement = sql.SQL(
            "CREATE DATABASE {} ENCODING 'unicode' LC_COLLATE 'C' TEMPLATE template0"
        ).format(sql.Identifier(name))
    psql(statement, pg=pg)


def drop_database(name, data_dir=None, pg=None):
    """Drop a database (ending its connections) and its filestore in ``data_dir``."""
    from psycopg2 import sql

    odoo = sys.modules.get("odoo")
    if odoo is not None and hasattr(odoo, "modules"):
        # this process's own registry and pooled connections first
        odoo.modules.registry.Registry.delete(name)
        odoo.sql_db.close_db(name)
    psql(
        sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)),
        pg=pg,
    )
    if data_dir:
        shutil.rmtree(Path(data_dir) / "filestore" / name, ignore_errors=True)


# ---------------------------------------------------------------------------
# Odoo's command line
# ---------------------------------------------------------------------------


def odoo_args(db, addons_path, pg=None, port=None, data_dir=None):
    """Odoo options for database ``db``: the PostgreSQL settings, the addons
    path, HTTP on ``port`` restricted to ``db`` (no HTTP without a port) and
    the data dir (filestore) when given."""
    pg = pg or pg_settings()
    args = [
        "--db_host",
        pg["host"],
        "--db_port",
        str(pg["port"]),
        "--db_user",
        pg["user"],
        "-d",
        db,
        "--addons-path",
        ",".join(str(p) for p in addons_path),
    ]
    if port is None:
        args.append("--no-http")
    else:
        args += ["--http-port", str(port), "--db-filter", f"^{re.escape(db)}$"]
    if data_dir is not None:
        args += ["--data-dir", str(data_dir)]
    return args


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
