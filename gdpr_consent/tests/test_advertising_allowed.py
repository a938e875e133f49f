# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""What the contact form and its filter call "advertising allowed" follows
the consents and the objection, not the purposes."""

from datetime import timedelta

from odoo import Command, fields
from odoo.tests import Form, TransactionCase, tagged

from .common import GdprConsentCommon


@tagged("post_install", "-at_install", "gdpr_consent")
class TestAdvertisingAllowed(GdprConsentCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gdpr_consent()
        Partner = cls.env["res.partner"]
        # held for an advertising purpose, but nobody asked the person
        cls.no_consent = Partner.create(
            {
                "name": "Nora Noconsent",
                "email": "nora@example.com",
                "gdpr_partner_purpose_ids": [
                    Command.create({"purpose_id": cls.purpose_advertising.id})
                ],
            }
        )
        cls.objected = cls._setup_reachable_person("Otto Objected")
        cls.objected._gdpr_object_to_advertising()
        cls.three = Partner.create(
            {
                "name": "Tina Three",
                "email": "tina@example.com",
                "phone": "+49 30 999888",
                "street": "Weg 3",
                "city": "Berlin",
            }
        )
        for channel in (cls.channel_phone, cls.channel_sms, cls.channel_post):
            cls._create_consent(cls.three, cls.purpose_advertising, channel)
        cls.expired = Partner.create(
            {"name": "Edgar Expired", "email": "edgar@example.com"}
        )
        cls._create_consent(
            cls.expired, cls.purpose_newsletter, cls.channel_email
        )._gdpr_write(
            {
                "date_expiry": fields.Date.context_today(cls.env["res.partner"])
                - timedelta(days=1)
            }
        )
        cls.people = cls.no_consent | cls.objected | cls.three | cls.expired

    def _filtered(self, value=True, operator="="):
        return self.env["res.partner"].search(
            [("id", "in", self.people.ids), ("gdpr_marketing_allowed", operator, value)]
        )

    def test_no_consent_is_not_allowed(self):
        self.assertFalse(self.no_consent.gdpr_marketing_allowed)
        self.assertFalse(self.no_consent.gdpr_advertising_channel_ids)
        self.assertNotIn(self.no_consent, self._filtered())

    def test_objection_is_never_allowed(self):
        self.assertFalse(self.objected.gdpr_marketing_allowed)
        self.assertNotIn(self.objected, self._filtered())

    def test_three_consents_allowed_with_their_channels(self):
        self.assertTrue(self.three.gdpr_marketing_allowed)
        self.assertEqual(
            self.three.gdpr_advertising_channel_ids,
            self.channel_phone | self.channel_sms | self.channel_post,
        )
        self.assertEqual(self._filtered(), self.three)
        self.assertEqual(
            self._filtered(False), self.no_consent | self.objected | self.expired
        )
        self.assertEqual(self._filtered(True, "!="), self._filtered(False))

    def test_expired_consent_does_not_count(self):
        self.assertFalse(self.expired.gdpr_marketing_allowed)
        self.assertNotIn(self.expired, self._filtered())

    def test_withdrawal_updates_the_form(self):
        form = Form(self.three)
        self.assertTrue(form.gdpr_marketing_allowed)
        self.three.gdpr_consent_ids._gdpr_withdraw()
        form = Form(self.three)
        self.assertFalse(form.gdpr_marketing_allowed)
        self.assertNotIn(self.three, self._filtered())

    def test_filter_is_one_sub_select(self):
        query = self.env["res.partner"]._search([("gdpr_marketing_allowed", "=", True)])
        sql = query.select().code
        self.assertEqual(sql.count("FROM gdpr_consent"), 1)
        self.assertIn("gdpr_advertising_objection", sql)
