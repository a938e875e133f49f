# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The README's commands fail fast and say what is missing, and every command
finds Odoo and PostgreSQL the same way (tools/harness.py)."""

import getpass
import os
import re
import subprocess
import sys
import time

import pytest

from .conftest import REPO, harness

FIND_ODOO = (
    "import importlib.util as u; s = u.find_spec('odoo'); "
    "print(s.origin if s else 'not importable')"
)


def _run_without_odoo(extra_env, script=("tools", "dev.py"), *args):
    env = {k: v for k, v in os.environ.items() if k not in ("ODOO_SRC", "GDPR_TEST_DB")}
    env.pop("PYTHONPATH", None)
    env.update(extra_env)
    started = time.monotonic()
    # -S: no site-packages, so no importable `odoo` package either.
    proc = subprocess.run(
        [sys.executable, "-S", str(REPO.joinpath(*script)), *(args or ["test"])],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return proc, time.monotonic() - started


def _fake_odoo_source(root, version="18, 0"):
    """The files that make a folder an Odoo source tree for the harness."""
    (root / "odoo" / "addons").mkdir(parents=True)
    (root / "odoo-bin").write_text("#!/usr/bin/env python3\n")
    (root / "odoo" / "__init__.py").write_text("")
    (root / "odoo" / "release.py").write_text(
        f"version_info = ({version}, 0, 'final', 0, '')\n"
    )
    return root


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


def test_bench_refuses_a_bad_odoo_src_with_the_same_message(tmp_path):
    proc, elapsed = _run_without_odoo(
        {"ODOO_SRC": str(tmp_path)}, ("bench", "run.py"), "--scale", "small"
    )
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert elapsed < 10
    assert f"ODOO_SRC={tmp_path} is not an Odoo source tree" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_odoo_of_another_version_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("ODOO_SRC", str(_fake_odoo_source(tmp_path, "17, 0")))
    with pytest.raises(harness.Missing, match=r"is version 17\.0; .* need Odoo 18\.0"):
        harness.locate_odoo()


def test_with_odoo_src_children_import_odoo_from_it(tmp_path, monkeypatch):
    """`make test` with only ODOO_SRC: pytest and the benchmark, started as
    children, import Odoo from the source tree through PYTHONPATH."""
    source = _fake_odoo_source(tmp_path).resolve()
    monkeypatch.setenv("ODOO_SRC", str(source))
    monkeypatch.setenv("PYTHONPATH", "/elsewhere")
    odoo = harness.locate_odoo()
    assert odoo.source == source
    assert odoo.command == [sys.executable, str(source / "odoo-bin")]
    assert odoo.addons_path == [str(source / "odoo" / "addons"), str(REPO)]

    env = harness.child_env(odoo, GDPR_TEST_DB="some_db")
    assert env["PYTHONPATH"].split(os.pathsep) == [str(source), "/elsewhere"]
    assert env["TZ"] == "UTC" and env["GDPR_TEST_DB"] == "some_db"
    # -S: without site-packages, only PYTHONPATH can make `odoo` importable.
    child = [sys.executable, "-S", "-c", FIND_ODOO]
    found = subprocess.run(child, env=env, capture_output=True, text=True, check=True)
    assert found.stdout.strip() == str(source / "odoo" / "__init__.py")
    bare = {k: v for k, v in env.items() if k != "PYTHONPATH"}
    found = subprocess.run(child, env=bare, capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "not importable"


def test_one_postgresql_default_for_every_command(monkeypatch):
    """The README's default (your system user on 127.0.0.1:5432), and the
    variables, reach Odoo's command line; no other file has its own copy."""
    for name in ("PGHOST", "PGPORT", "PGUSER"):
        monkeypatch.delenv(name, raising=False)
    assert harness.pg_settings() == {
        "host": "127.0.0.1",
        "port": 5432,
        "user": getpass.getuser(),
    }
    monkeypatch.setenv("PGUSER", "someone")
    monkeypatch.setenv("PGPORT", "5433")
    args = harness.odoo_args("db1", ["/a", "/b"])
    assert args[args.index("--db_user") + 1] == "someone"
    assert args[args.index("--db_port") + 1] == "5433"
    assert args[args.index("--addons-path") + 1] == "/a,/b"
    assert "--no-http" in args

    own_copies = re.compile(
        r"""["']PG(USER|HOST|PORT)["']|psycopg2\.connect\(|getpass"""
    )
    offenders = [
        str(path.relative_to(REPO))
        for folder in ("tools", "bench", "tests")
        for path in sorted((REPO / folder).glob("*.py"))
        if path.name not in ("harness.py", "test_harness.py")
        and own_copies.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], f"PostgreSQL settings outside tools/harness.py: {offenders}"


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


def test_lint_hooks_run_offline():
    """`make lint` is `pre-commit run -a`; local hooks need no download."""
    import yaml

    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    assert config["repos"] and {repo["repo"] for repo in config["repos"]} == {"local"}
    hooks = {hook["id"] for repo in config["repos"] for hook in repo["hooks"]}
    assert {"ruff", "ruff-format", "pylint-odoo"} <= hooks
    dev_py = (REPO / "tools" / "dev.py").read_text(encoding="utf-8")
    assert '"pre_commit", "run", "--all-files"' in dev_py


def test_run_logged_ends_with_odoo_not_with_what_it_left_running(tmp_path):
    """A tour's browser left behind by Odoo inherits its output; the test
    command must still end when Odoo does, and the leftover is ended."""
    sys.path.insert(0, str(REPO / "tools"))
    import dev

    script = (
        "import subprocess, sys; "
        "child = subprocess.Popen(['sleep', '300']); "
        "print('pid', child.pid, flush=True); sys.exit(3)"
    )
    log = tmp_path / "odoo.log"
    started = time.monotonic()
    rc = dev.run_logged([sys.executable, "-c", script], log)
    assert rc == 3
    assert time.monotonic() - started < 30
    leftover = int(log.read_text().split()[1])
    time.sleep(0.5)
    with pytest.raises(ProcessLookupError):
        os.kill(leftover, 0)
