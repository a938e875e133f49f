# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The README's commands fail fast and say what is missing."""

import os
import subprocess
import sys
import time

from .conftest import REPO


def _run_without_odoo(extra_env):
    env = {k: v for k, v in os.environ.items() if k not in ("ODOO_SRC", "GDPR_TEST_DB")}
    env.update(extra_env)
    started = time.monotonic()
    # -S: no site-packages, so no importable `odoo` package either.
    proc = subprocess.run(
        [sys.executable, "-S", str(REPO / "tools" / "dev.py"), "test"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return proc, time.monotonic() - started


def test_test_command_without_odoo_stops_at_once_with_a_clear_message():
    proc, elapsed = _run_without_odoo({})
    assert proc.returncode == 2
    assert elapsed < 10
    assert "Odoo 18.0 was not found" in proc.stderr
    assert "ODOO_SRC" in proc.stderr
    assert "github.com/odoo/odoo" in proc.stderr


def test_odoo_src_that_is_not_a_source_tree_is_refused(tmp_path):
    proc, elapsed = _run_without_odoo({"ODOO_SRC": str(tmp_path)})
    assert proc.returncode == 2
    assert elapsed < 10
    assert f"ODOO_SRC={tmp_path} is not an Odoo source tree" in proc.stderr


def test_unreachable_postgresql_is_reported(tmp_path):
    env = dict(os.environ, PGPORT="1", PGHOST="127.0.0.1")
    env.pop("GDPR_TEST_DB", None)
    proc = subprocess.run(
        [sys.executable, str(REPO / "tools" / "dev.py"), "test"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2
    assert "PostgreSQL is not reachable at 127.0.0.1:1" in proc.stderr
