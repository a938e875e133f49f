# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Fixtures for the cross-addon scenarios.

The test command (``make test``) installs the three addons in a throwaway
database and passes its name in ``GDPR_TEST_DB``; the scenarios then run
against that real database through Odoo's ORM. Odoo and PostgreSQL are found
by ``tools/harness.py``, like every other command. Tests that only look at the
repository (XML, manifests, translations, packaging) need neither.
"""

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

import harness
from harness import ADDONS, REPO

__all__ = ["ADDONS", "REPO", "harness"]


@pytest.fixture(scope="session")
def odoo_registry():
    db = os.environ.get("GDPR_TEST_DB")
    if not db:
        pytest.fail(
            "GDPR_TEST_DB is not set: run the scenarios through `make test`, "
            "which creates the test database."
        )
    try:
        found = harness.locate_odoo()
        odoo = harness.import_odoo(found)
    except harness.Missing as exc:
        pytest.fail(str(exc))
    from odoo.tools import config

    config.parse_config(
        harness.odoo_args(
            db, found.addons_path, data_dir=os.environ.get("GDPR_DATA_DIR") or None
        )
    )
    odoo.service.server.load_server_wide_modules()
    return odoo.modules.registry.Registry(db)


@pytest.fixture
def odoo_env(odoo_registry):
    """Superuser environment in a transaction that is rolled back afterwards."""
    from odoo import SUPERUSER_ID, api

    with odoo_registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        try:
            yield env
        finally:
            env.flush_all()
            cr.rollback()
