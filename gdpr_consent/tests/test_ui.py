# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from urllib.parse import urlparse

from odoo.tests import HttpCase, tagged

from odoo.addons.gdpr_segments.models.gdpr_dpo import DPO_GROUP

from .common import GdprConsentCommon


@tagged("post_install", "-at_install", "gdpr_consent")
class TestConsentTours(GdprConsentCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gdpr_consent()

    def test_tour_record_consent_as_sales_user(self):
        self.assertFalse(self.user_sales.has_group(DPO_GROUP))
        self.user_sales.lang = "en_US"
        self.start_tour(
            f"/odoo/contacts/{self.partner.id}",
            "gdpr_consent_record_from_partner",
            login=self.user_sales.login,
        )
        consent = self.partner.gdpr_consent_ids
        self.assertEqual(len(consent), 1)
        self.assertEqual(consent.purpose_id, self.purpose_advertising)
        self.assertEqual(consent.channel_id, self.channel_phone)
        self.assertEqual(consent.state, "granted")
        self.assertEqual(consent.source, "phone")
        self.assertEqual(consent.text_id, self.text_advertising)
        self.assertEqual(consent.user_id, self.user_sales)
        self.assertEqual(consent.event_ids.source_detail, "Call of today")

    def test_tour_preference_center_withdraw(self):
        email = self._create_consent(
            self.partner, self.purpose_newsletter, self.channel_email
        )
        phone = self._create_consent(
            self.partner, self.purpose_advertising, self.channel_phone
        )
        path = urlparse(self.partner.gdpr_preference_url).path
        self.start_tour(
            f"{path}?lang=en_US", "gdpr_consent_preference_center_withdraw", login=None
        )
        self.assertEqual(phone.state, "withdrawn")
        self.assertEqual(phone.event_ids[0].source, "preference_center")
        self.assertTrue(phone.event_ids[0].ip_address)
        self.assertEqual(email.state, "granted")
