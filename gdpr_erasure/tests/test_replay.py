# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
import base64
import json
from datetime import timedelta
from unittest import SkipTest

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import EMAIL, NAME, PHONE, GdprErasureCase


@tagged("post_install", "-at_install", "gdpr_erasure")
class TestReplay(GdprErasureCase):
    """After a backup restore, the persons erased since the backup are found
    again by the register of the erasures and erased again."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for model in ("crm.lead", "mailing.contact"):
            if model not in cls.env:
                raise SkipTest(f"needs {model}")
        cls.Replay = cls.env["gdpr.erasure.replay"].with_user(cls.dpo)
        cls.today = fields.Date.context_today(cls.Replay)

    def erase_and_export(self, person):
        log = person.with_user(self.dpo)._gdpr_erase()
        wizard = self.Replay.create({"date_from": self.today})
        wizard.action_export()
        self.assertEqual(wizard.export_filename, f"erasure-register-{self.today}.json")
        register = json.loads(base64.b64decode(wizard.export_file))
        self.assertIn(log.name, [entry["ref"] for entry in register["entries"]])
        # Only hashes leave the database.
        text = json.dumps(register).lower()
        self.assertNotIn(EMAIL, text)
        self.assertNotIn(NAME.split()[-1].lower(), text)
        return log, wizard.export_file

    def restore(self, name=NAME, email=EMAIL, phone=PHONE):
        """What a restored backup brings back of the person."""
        return {
            "partner": self.env["res.partner"].create(
                {"name": name, "email": email, "phone": phone}
            ),
            "lead": self.env["crm.lead"].create(
                {"name": "Old request", "contact_name": name, "email_from": email}
            ),
            "contact": self.env["mailing.contact"].create(
                {"name": name, "email": email}
            ),
        }

    def preview(self, register, date_from=None, **vals):
        wizard = self.Replay.create(
            {
                "date_from": date_from or self.today,
                "register_file": register,
                "register_filename": "register.json",
                **vals,
            }
        )
        wizard.action_preview()
        return wizard

    def test_restored_person_erased_again(self):
        log, register = self.erase_and_export(self.person)
        restored = self.restore(email=EMAIL.upper())
        namesake = self.env["res.partner"].create(
            {
                "name": NAME,
                "email": "another.person@example.com",
                "phone": "+1 555 0100",
            }
        )
        wizard = self.preview(register)
        self.assertEqual(wizard.state, "preview")
        self.assertEqual(wizard.match_count, 1)
        self.assertEqual(wizard.partner_count, 1)
        self.assertIn(log.name, wizard.summary)
        lines = {(x.model, x.action): x.count for x in wizard.line_ids}
        self.assertEqual(lines[("res.partner", "anonymize")], 1)
        self.assertEqual(lines[("crm.lead", "delete")], 1)
        self.assertEqual(lines[("mailing.contact", "delete")], 1)
        with self.assertRaises(UserError):
            wizard.action_apply()
        self.assertTrue(restored["lead"].exists())
        with Form(wizard) as form:
            form.confirm = True
        wizard.action_apply()
        self.assertEqual(wizard.state, "done")
        new_log = wizard.log_ids
        self.assertEqual(len(new_log), 1)
        self.assertEqual(new_log.trigger, "replay")
        self.assertEqual(new_log.replay_ref, log.name)
        self.assertFalse(restored["partner"].email)
        self.assertFalse(restored["partner"].phone)
        self.assertNotEqual(restored["partner"].name, NAME)
        self.assertFalse(restored["lead"].exists())
        self.assertFalse(restored["contact"].exists())
        self.assertEqual(namesake.email, "another.person@example.com")
        self.assertEqual(namesake.name, NAME)
        # Applied once: nothing left to find.
        again = self.preview(register)
        self.assertEqual(again.match_count, 0)
        self.assertEqual(again.entry_count, 1)

    def test_person_without_email_found_by_name_or_phone(self):
        name = "Hannelore Ohnemail"
        person = self.env["res.partner"].create({"name": name, "phone": "030 1234567"})
        log, register = self.erase_and_export(person)
        by_name = self.env["res.partner"].create({"name": f"  {name.upper()}"})
        by_phone = self.env["res.partner"].create(
            {"name": "H. Ohnemail", "mobile": "+49 30 123 45 67"}
        )
        namesake_with_email = self.env["res.partner"].create(
            {"name": name, "email": "hannelore@example.net"}
        )
        wizard = self.preview(register)
        self.assertEqual(wizard.partner_count, 2)
        wizard.confirm = True
        wizard.action_apply()
        self.assertNotEqual(by_name.name.strip(), name.upper())
        self.assertFalse(by_phone.mobile)
        self.assertEqual(namesake_with_email.name, name)
        self.assertEqual(wizard.log_ids.replay_ref, log.name)

    def test_erasures_logged_in_this_database(self):
        """A person imported again after their erasure: the logs of the
        database itself are the register."""
        log = self.person.with_user(self.dpo)._gdpr_erase()
        restored = self.restore()
        wizard = self.Replay.create({"date_from": self.today, "source": "database"})
        wizard.action_preview()
        self.assertEqual(wizard.match_count, 1)
        wizard.confirm = True
        wizard.action_apply()
        self.assertFalse(restored["lead"].exists())
        self.assertEqual(wizard.log_ids.replay_ref, log.name)

    def test_date_limits_the_register(self):
        _log, register = self.erase_and_export(self.person)
        restored = self.restore()
        wizard = self.preview(register, date_from=self.today + timedelta(days=1))
        self.assertEqual(wizard.entry_count, 0)
        self.assertEqual(wizard.match_count, 0)
        wizard.confirm = True
        wizard.action_apply()
        self.assertFalse(wizard.log_ids)
        self.assertTrue(restored["lead"].exists())

    def test_bad_registers_refused(self):
        _log, register = self.erase_and_export(self.person)
        restored = self.restore()
        payload = json.loads(base64.b64decode(register))
        other_salt = dict(payload, salt_check="0" * 64)
        forged = json.loads(json.dumps(payload))
        forged["entries"][0]["identity"]["emails"] = ["<script>"]
        bad = {
            "not json": b"\x89PNG not a register",
            "other format": json.dumps(dict(payload, format="other/1")).encode(),
            "other salt": json.dumps(other_salt).encode(),
            "forged hash": json.dumps(forged).encode(),
            "no entries": json.dumps(dict(payload, entries="all")).encode(),
        }
        logs_before = self.env["gdpr.erasure.log"].search_count([])
        for label, data in bad.items():
            with self.subTest(label), self.assertRaises(UserError) as caught:
                self.preview(base64.b64encode(data))
            if label == "other salt":
                self.assertIn("another hash salt", str(caught.exception))
        with self.assertRaises(UserError):
            self.Replay.create({"date_from": self.today}).action_preview()
        self.assertEqual(self.env["gdpr.erasure.log"].search_count([]), logs_before)
        self.assertTrue(restored["lead"].exists())

    def test_only_the_dpo(self):
        _log, register = self.erase_and_export(self.person)
        restored = self.restore()
        with self.assertRaises(AccessError):
            self.env["gdpr.erasure.replay"].with_user(self.sales).create(
                {"date_from": self.today, "register_file": register}
            )
        service = self.env["gdpr.erasure.replay.service"].with_user(self.sales)
        entries = (
            self.env["gdpr.erasure.replay.service"]
            .with_user(self.dpo)
            ._gdpr_entries_from_file(base64.b64decode(register))
        )
        for call in (
            lambda: service._gdpr_export(self.today),
            lambda: service._gdpr_entries_from_logs(self.today),
            lambda: service._gdpr_apply(entries),
        ):
            with self.assertRaises(AccessError):
                call()
        self.assertTrue(restored["lead"].exists())
        self.assertTrue(restored["partner"].email)
