# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Art. 17 after a recovery: a person is erased, a dump taken before the
erasure is restored into a new database (with its filestore), the register of
the erasures exported before the restore is re-applied there, and the
verification scan of every text column and text file finds nothing.

Real ``pg_dump`` and ``pg_restore`` on committed data; the restored database
is dropped at the end.
"""

import shutil
import subprocess

from markupsafe import Markup

from .conftest import harness

NAME = "Ottilie Rückspiel"
EMAIL = "o.rueckspiel@example.org"
PHONE = "+49 89 4455667"
CTX = {"mail_notify_force_send": False, "tracking_disable": True}


def _env(cr):
    from odoo import SUPERUSER_ID, api

    return api.Environment(cr, SUPERUSER_ID, dict(CTX))


def _pg_args(pg):
    return ["-h", pg["host"], "-p", str(pg["port"]), "-U", pg["user"]]


def _build_person(env):
    """The person with a lead of their own, a mailing contact, a note about
    them on a colleague and a text file that stays."""
    Partner = env["res.partner"]
    person = Partner.create({"name": NAME, "email": EMAIL, "phone": PHONE})
    colleague = Partner.create(
        {"name": "Restore Colleague", "email": "restore.colleague@example.org"}
    )
    env["crm.lead"].create(
        {"name": "Offer", "partner_id": person.id, "email_from": EMAIL}
    )
    env["crm.lead"].create({"name": f"Visit of {NAME}", "partner_id": colleague.id})
    env["mailing.contact"].create({"name": NAME, "email": EMAIL})
    colleague.message_post(
        body=Markup("<p>Met %s, phone %s</p>") % (NAME, PHONE),
        message_type="comment",
        subtype_xmlid="mail.mt_note",
    )
    env["ir.attachment"].create(
        {
            "name": "minutes.txt",
            "raw": f"Minutes: {NAME} and Restore Colleague".encode(),
            "res_model": "res.partner",
            "res_id": colleague.id,
        }
    )
    return person, colleague


def test_restored_backup_reapplied_and_verified(odoo_registry, tmp_path):
    from odoo import fields, sql_db
    from odoo.modules.registry import Registry
    from odoo.tools import config

    pg = harness.pg_settings()
    db = odoo_registry.db_name
    restored_db = f"{db}_restored"
    with odoo_registry.cursor() as cr:
        env = _env(cr)
        person, colleague = _build_person(env)
        person_id, colleague_id = person.id, colleague.id
        cr.commit()

    # The backup: database and filestore, before the erasure.
    dump = tmp_path / "backup.dump"
    subprocess.run(
        ["pg_dump", "-Fc", *_pg_args(pg), "-f", str(dump), db],
        check=True,
        capture_output=True,
    )
    filestore_copy = tmp_path / "filestore"
    shutil.copytree(config.filestore(db), filestore_copy)

    with odoo_registry.cursor() as cr:
        env = _env(cr)
        log = env["res.partner"].browse(person_id)._gdpr_erase()
        log_ref = log.name
        today = fields.Date.context_today(log)
        register = env["gdpr.erasure.replay.service"]._gdpr_export(today)
        cr.commit()

    subprocess.run(
        ["createdb", *_pg_args(pg), restored_db], check=True, capture_output=True
    )
    try:
        subprocess.run(
            ["pg_restore", *_pg_args(pg), "--no-owner", "-d", restored_db, str(dump)],
            check=True,
            capture_output=True,
        )
        shutil.copytree(filestore_copy, config.filestore(restored_db))
        registry = Registry(restored_db)
        with registry.cursor() as cr:
            env = _env(cr)
            restored = env["res.partner"].browse(person_id)
            # The backup brought the person back, and no log of the erasure.
            assert restored.email == EMAIL
            assert not env["gdpr.erasure.log"].search([("name", "=", log_ref)])
            service = env["gdpr.erasure.replay.service"]
            # Other scenarios of the suite may have erased people today too.
            entries = [
                entry
                for entry in service._gdpr_entries_from_file(register, today)
                if entry["ref"] == log_ref
            ]
            assert len(entries) == 1
            logs = service._gdpr_apply(entries)
            assert logs.replay_ref == log_ref
            assert logs.trigger == "replay"
            cr.commit()

            assert not restored.email and restored.name != NAME
            assert not env["crm.lead"].search_count([("email_from", "=", EMAIL)])
            assert not env["mailing.contact"].search_count([("email", "=", EMAIL)])
            kept = env["crm.lead"].search([("partner_id", "=", colleague_id)])
            assert kept.name == "Visit of [erased]"

            Scan = env["gdpr.erasure.scan"]
            scan = Scan._gdpr_take_pending()
            assert logs in scan.log_ids
            while not scan._gdpr_run():
                pass
            assert scan.state == "done"
            assert scan.table_count > 50 and scan.file_count >= 1
            residues = scan.residue_ids.filtered(lambda r: r.log_id == logs)
            assert not residues, residues.mapped("table_name")
            assert logs.scan_summary == "Verified: 0 residues"
    finally:
        Registry.delete(restored_db)
        sql_db.close_db(restored_db)
        subprocess.run(
            ["dropdb", *_pg_args(pg), "--if-exists", restored_db],
            check=False,
            capture_output=True,
        )
        shutil.rmtree(config.filestore(restored_db), ignore_errors=True)
