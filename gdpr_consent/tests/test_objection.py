# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Art. 21 GDPR: an objection has one meaning, whatever records it."""

from urllib.parse import urlparse

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import MailCase

from .common import GdprConsentCommon


@tagged("post_install", "-at_install", "gdpr_consent")
class TestObjectionEntryPoints(GdprConsentCommon, MailCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gdpr_consent()
        cls.person = cls._setup_reachable_person()

    def test_preference_center(self):
        path = urlparse(self.person.gdpr_preference_url).path
        page = self.url_open(path)
        response = self.url_open(
            path,
            data={
                "action": "object",
                "confirm_objection": "1",
                "csrf_token": self._extract_csrf(page.text),
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertObjected(self.person)
        events = self.person.gdpr_consent_ids.event_ids.filtered(
            lambda e: e.new_state == "withdrawn"
        )
        self.assertEqual(set(events.mapped("source")), {"preference_center"})
        self.assertEqual(set(events.mapped("ip_address")), {"127.0.0.1"})

    def test_button_on_the_contact_form(self):
        # a sales user records an objection the person made on the phone
        self.person.with_user(self.user_sales).action_gdpr_object_to_advertising()
        self.assertObjected(self.person)
        events = self.person.gdpr_consent_ids.event_ids.filtered(
            lambda e: e.new_state == "withdrawn"
        )
        self.assertEqual(set(events.mapped("source")), {"objection"})
        self.assertEqual(events.user_id, self.user_sales)

    def test_rpc_write_of_the_flag(self):
        # what a script over XML-RPC does: write the flag on the partner
        self.person.with_user(self.user_sales).write(
            {"gdpr_advertising_objection": True}
        )
        self.assertObjected(self.person)

    def test_import(self):
        # Odoo's import (base_import calls load() with import_file set)
        result = (
            self.env["res.partner"]
            .with_user(self.user_sales)
            .with_context(import_file=True)
            .load([".id", "gdpr_advertising_objection"], [[str(self.person.id), "1"]])
        )
        self.assertFalse(result["messages"], result["messages"])
        self.assertObjected(self.person)
        events = self.person.gdpr_consent_ids.event_ids.filtered(
            lambda e: e.new_state == "withdrawn"
        )
        self.assertEqual(set(events.mapped("source")), {"import"})

    def test_staff_cannot_lift_or_bypass_an_objection(self):
        self.person._gdpr_object_to_advertising()
        sales_person = self.person.with_user(self.user_sales)
        with self.assertRaises(UserError):
            sales_person.write({"gdpr_advertising_objection": False})
        # recording a new consent for the person does not lift it either
        wizard = (
            self.env["gdpr.consent.record.wizard"]
            .with_user(self.user_sales)
            .create(
                {
                    "partner_id": self.person.id,
                    "purpose_id": self.purpose_advertising.id,
                    "channel_ids": self.channel_phone.ids,
                    "action": "grant",
                    "source": "phone",
                }
            )
        )
        with self.assertRaisesRegex(UserError, "objected to advertising"):
            wizard.action_confirm()
        self.assertObjected(self.person)
        # the person can, on their own page
        path = urlparse(self.person.gdpr_preference_url).path
        page = self.url_open(path)
        self.url_open(
            path,
            data={
                "action": "grant",
                "purpose_id": self.purpose_advertising.id,
                "channel_id": self.channel_phone.id,
                "csrf_token": self._extract_csrf(page.text),
            },
        )
        self.env.invalidate_all()
        self.assertFalse(self.person.gdpr_advertising_objection)
        phone = self.person.gdpr_consent_ids.filtered(
            lambda c: c.channel_id == self.channel_phone
        )
        self.assertEqual(phone.state, "granted")
