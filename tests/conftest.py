# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Fixtures for the cross-addon scenarios.

The test command (``make test``) installs the three addons in a throwaway
database and passes its name in ``GDPR_TEST_DB``; the scenarios then run
against that real database through Odoo's ORM. Tests that only look at the
repository (XML, manifests, translations, packaging) need neither.
"""

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
ADDONS = ("gdpr_segments", "gdpr_consent", "gdpr_erasure")


@pytest.fixture(scope="session")
def odoo_registry():
    db = os.environ.get("GDPR_TEST_DB")
    if not db:
        pytest.fail(
            "GDPR_TEST_DB is not set: run the scenarios through `make test`, "
            "which creates the test database."
        )
    import odoo
    from odoo.tools import config

    config.parse_config(
        [
            "-d",
            db,
            "--db_host",
            os.environ.get("PGHOST", "127.0.0.1"),
            "--db_user",
            os.environ.get("PGUSER", "root"),
            "--addons-path",
            os.environ["GDPR_ADDONS_PATH"],
            "--data-dir",
            os.environ.get("GDPR_DATA_DIR", config["data_dir"]),
        ]
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
