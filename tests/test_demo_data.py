# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The demo database of `make run` installs cleanly and shows every feature.

Installs exactly what the run command installs (with demo data and German)
on a throwaway database, then checks the log and the demo records."""

import re
import subprocess
import uuid

import dev
import pytest

from .conftest import harness


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    try:
        odoo = harness.locate_odoo()
    except harness.Missing as exc:
        pytest.fail(str(exc))
    db = f"gdpr_demo_check_{uuid.uuid4().hex[:8]}"
    data_dir = tmp_path_factory.mktemp("demo-data")
    args = harness.odoo_args(db, odoo.addons_path, port=harness.free_port())
    proc = subprocess.run(
        odoo.command
        + args
        + [
            "-i",
            ",".join(dev.DEMO_MODULES),
            "--load-language",
            dev.DEMO_LANGUAGES,
            "--data-dir",
            str(data_dir),
            "--stop-after-init",
            "--max-cron-threads",
            "0",
            "--log-level",
            "warn",
        ],
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
        env=harness.child_env(odoo),
    )
    try:
        yield db, proc
    finally:
        harness.drop_database(db, data_dir)


def test_demo_installs_without_warnings(demo_db):
    _db, proc = demo_db
    assert proc.returncode == 0, proc.stdout[-3000:]
    problems = [
        line
        for line in proc.stdout.splitlines()
        if re.search(r" (WARNING|ERROR|CRITICAL) ", line) or "Traceback" in line
    ]
    assert not problems, "\n".join(problems[:20])


DEMO_FEATURES = [
    ("partners with purposes", "count(DISTINCT partner_id)", "gdpr_partner_purpose", 3),
    ("kinds of data origin", "count(DISTINCT origin_type)", "gdpr_partner_purpose", 3),
    ("customer segments", "count(*)", "gdpr_segment", 1),
    ("third-country disclosures", "count(*) FILTER (WHERE is_third_country)",
     "gdpr_disclosure", 1),
    ("consent states", "count(DISTINCT state)", "gdpr_consent", 3),
    ("consent history", "count(*)", "gdpr_consent_event", 1),
    ("open data-subject requests",
     "count(*) FILTER (WHERE state NOT IN ('done', 'rejected'))", "gdpr_request", 1),
    ("languages (English and German)", "count(*) FILTER (WHERE active)", "res_lang", 2),
    ("purposes in German", "count(*) FILTER (WHERE name ? 'de_DE')", "gdpr_purpose", 6),
    ("purposes worded differently in German",
     "count(*) FILTER (WHERE name->>'de_DE' <> name->>'en_US')", "gdpr_purpose", 5),
]  # fmt: skip


def test_demo_shows_every_feature(demo_db):
    from psycopg2 import sql

    db, _proc = demo_db
    conn = harness.connect(dbname=db)
    try:
        with conn.cursor() as cr:
            for feature, aggregate, table, minimum in DEMO_FEATURES:
                cr.execute(
                    sql.SQL("SELECT {} FROM {}").format(
                        sql.SQL(aggregate), sql.Identifier(table)
                    )
                )
                found = cr.fetchone()[0]
                assert found >= minimum, f"demo data: {found} {feature}"
    finally:
        conn.close()


# The complete demo people: one speaks German, one English; each has
# purposes with their origin, consents on several channels with the wording
# they saw (in their language), disclosures and a request.
COMPLETE_PEOPLE = {
    "katharina.vogt@example.de": "de_DE",
    "james.whitfield@example.ie": "en_US",
}


def test_complete_demo_people(demo_db):
    db, _proc = demo_db
    conn = harness.connect(dbname=db)
    try:
        with conn.cursor() as cr:
            for email, lang in COMPLETE_PEOPLE.items():
                cr.execute("SELECT id, lang FROM res_partner WHERE email = %s", [email])
                partner_id, partner_lang = cr.fetchone()
                assert partner_lang == lang, email
                cr.execute(
                    "SELECT count(*) FILTER (WHERE origin_detail IS NOT NULL), "
                    "count(DISTINCT origin_type) FROM gdpr_partner_purpose "
                    "WHERE partner_id = %s AND state = 'active'",
                    [partner_id],
                )
                with_origin, origins = cr.fetchone()
                assert with_origin >= 3 and origins >= 2, (email, with_origin)
                cr.execute(
                    "SELECT count(DISTINCT c.channel_id), "
                    "bool_and(t.body ? 'de_DE' AND t.name ? 'de_DE') "
                    "FILTER (WHERE t.id IS NOT NULL), count(DISTINCT c.state) "
                    "FROM gdpr_consent c "
                    "LEFT JOIN gdpr_consent_text t ON t.id = c.text_id "
                    "WHERE c.partner_id = %s",
                    [partner_id],
                )
                channels, texts_in_german, states = cr.fetchone()
                assert channels >= 3 and texts_in_german and states >= 2, email
                for table in ("gdpr_disclosure", "gdpr_request"):
                    cr.execute(
                        f"SELECT count(*) FROM {table} WHERE partner_id = %s",
                        [partner_id],
                    )
                    assert cr.fetchone()[0] >= 1, (email, table)
    finally:
        conn.close()
