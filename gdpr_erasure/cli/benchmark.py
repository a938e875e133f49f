# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""``odoo-bin gdpr_erasure_benchmark -d DB --records 10000``

Creates one person with about N related records (messages, tracking values,
activities, attachments, followers, leads and mailing contacts when installed),
erases them with ``_gdpr_erase()`` and, on an identical data set, runs a
hand-written SQL baseline doing the same deletes and updates. Both run in the
same transaction, which is rolled back: the database is left unchanged.
"""

import argparse
import logging
import time

import odoo
from odoo.cli import Command
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


class GdprErasureBenchmark(Command):
    """Time the erasure of a person with many related records."""

    name = "gdpr_erasure_benchmark"

    def run(self, cmdargs):
        parser = argparse.ArgumentParser(prog="odoo-bin gdpr_erasure_benchmark")
        parser.add_argument("--records", type=int, default=10000)
        known, rest = parser.parse_known_args(cmdargs)
        odoo.tools.config.parse_config(rest)
        dbname = odoo.tools.config["db_name"]
        if not dbname:
            parser.error("-d DATABASE is required")
        registry = odoo.modules.registry.Registry(dbname)
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            try:
                result = run_benchmark(env, known.records)
            finally:
                cr.rollback()
        print(  # noqa: T201 - the command's output
            "Erasure of one person with {total} related records:\n"
            "  _gdpr_erase():        {engine:.2f} s ({engine_rows} rows planned)\n"
            "  hand-written SQL:     {baseline:.2f} s\n"
            "  ratio:                {ratio:.1f}x".format(**result)
        )


def build_person(env, count, tag):
    """One person and about ``count`` related records, created in bulk."""
    partner = env["res.partner"].create(
        {
            "name": f"Benchmark Person {tag}",
            "email": f"bench-{tag}@example.org",
            "phone": "+49 30 5550001",
        }
    )
    ctx = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}
    share = max(count // 5, 1)
    Message = env["mail.message"].with_context(**ctx)
    messages = Message.create(
        [
            {
                "model": "res.partner",
                "res_id": partner.id,
                "body": f"<p>Message {i} for {partner.name}</p>",
                "author_id": partner.id,
                "email_from": partner.email,
                "message_type": "comment",
            }
            for i in range(share)
        ]
    )
    env["mail.tracking.value"].create(
        [
            {
                "field_id": env["ir.model.fields"]._get("res.partner", "email").id,
                "old_value_char": partner.email,
                "new_value_char": "x",
                "mail_message_id": message.id,
            }
            for message in messages[: share // 2]
        ]
    )
    env["ir.attachment"].create(
        [
            {
                "name": f"file-{tag}-{i}.txt",
                "raw": f"{partner.name} {i}".encode(),
                "res_model": "res.partner",
                "res_id": partner.id,
            }
            for i in range(share // 2)
        ]
    )
    env["mail.activity"].with_context(**ctx).create(
        [
            {
                "res_model_id": env["ir.model"]._get_id("res.partner"),
                "res_id": partner.id,
                "summary": f"Call {partner.name}",
                "user_id": env.uid,
            }
            for _i in range(share // 2)
        ]
    )
    if "crm.lead" in env:
        env["crm.lead"].with_context(**ctx).create(
            [
                {
                    "name": f"Lead {i}",
                    "partner_id": partner.id,
                    "email_from": partner.email,
                }
                for i in range(share)
            ]
        )
    if "mailing.contact" in env:
        env["mailing.contact"].with_context(**ctx).create(
            [{"name": partner.name, "email": partner.email} for _i in range(share // 2)]
        )
    env.flush_all()
    return partner


def baseline_sql(env, partner):
    """The same erasure written by hand, one statement per table."""
    cr = env.cr
    pid = partner.id
    email = partner.email_normalized
    statements = [
        SQL(
            "DELETE FROM mail_message WHERE (model = 'res.partner' AND res_id = %s) "
            "OR author_id = %s",
            pid,
            pid,
        ),
        SQL(
            "DELETE FROM ir_attachment WHERE res_model = 'res.partner' AND res_id = %s",
            pid,
        ),
        SQL(
            "DELETE FROM mail_activity WHERE res_model = 'res.partner' AND res_id = %s",
            pid,
        ),
        SQL(
            "DELETE FROM mail_followers WHERE partner_id = %s "
            "OR (res_model = 'res.partner' AND res_id = %s)",
            pid,
            pid,
        ),
    ]
    if "crm.lead" in env:
        statements.append(
            SQL(
                "DELETE FROM crm_lead WHERE partner_id = %s OR email_normalized = %s",
                pid,
                email,
            )
        )
    if "mailing.contact" in env:
        statements.append(
            SQL("DELETE FROM mailing_contact WHERE email_normalized = %s", email)
        )
    statements.append(
        SQL(
            "UPDATE res_partner SET name = 'Erased person', email = NULL, "
            "email_normalized = NULL, phone = NULL, street = NULL, active = false "
            "WHERE id = %s",
            pid,
        )
    )
    for statement in statements:
        cr.execute(statement)


def run_benchmark(env, count):
    env["res.partner"].flush_model()
    cr = env.cr
    cr.execute("SAVEPOINT gdpr_bench")
    partner = build_person(env, count, "engine")
    plan = partner._gdpr_erasure_plan()
    planned = sum(line["count"] for line in plan["lines"])
    start = time.perf_counter()
    partner._gdpr_erase()
    env.flush_all()
    engine = time.perf_counter() - start
    cr.execute("ROLLBACK TO SAVEPOINT gdpr_bench")
    env.invalidate_all()
    partner = build_person(env, count, "baseline")
    start = time.perf_counter()
    baseline_sql(env, partner)
    baseline = time.perf_counter() - start
    env.invalidate_all()
    return {
        "total": count,
        "engine": engine,
        "engine_rows": planned,
        "baseline": baseline,
        "ratio": engine / baseline if baseline else 0.0,
    }
