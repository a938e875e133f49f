# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import GdprConsentCommon


@tagged("post_install", "-at_install", "gdpr_consent")
class TestConsentDashboard(GdprConsentCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gdpr_consent()
        cls.dpo = new_test_user(
            cls.env,
            login="gdpr_dashboard_dpo",
            groups="base.group_user,gdpr_segments.group_gdpr_manager",
        )
        cls.dashboard = cls.env["gdpr.dashboard"].with_user(cls.dpo)

    def _cards(self):
        return {card["key"]: card for card in self.dashboard.get_cards()}

    def test_stale_double_opt_in(self):
        before = self._cards()["doi_stale"]["count"]
        days = self.env["gdpr.consent"]._gdpr_double_opt_in_days()
        now = fields.Datetime.now()
        stale = self._create_consent(
            self.partner,
            self.purpose_newsletter,
            self.channel_email,
            state="pending",
            text=self.text_newsletter,
            doi_requested=now - timedelta(days=days + 1),
        )
        # still within the validity of the link: not stale
        self._create_consent(
            self.partner_en,
            self.purpose_newsletter,
            self.channel_email,
            state="pending",
            text=self.text_newsletter,
            doi_requested=now - timedelta(hours=1),
        )
        card = self._cards()["doi_stale"]
        self.assertEqual(card["count"], before + 1)
        self.assertEqual(card["severity"], "warning")
        self.assertIn(str(days), card["description"])
        action = self.dashboard.action_open_card("doi_stale")
        self.assertEqual(action["res_model"], "gdpr.consent")
        self.assertIn(stale, self.env["gdpr.consent"].search(action["domain"]))

    def test_consents_expiring_soon(self):
        before = self._cards()["consent_expiring"]["count"]
        today = fields.Date.context_today(self.env.user)
        self._create_consent(
            self.partner,
            self.purpose_advertising,
            self.channel_phone,
            text=self.text_advertising,
            date_expiry=today + timedelta(days=10),
        )
        self._create_consent(
            self.partner,
            self.purpose_advertising,
            self.channel_post,
            text=self.text_advertising,
            date_expiry=today + timedelta(days=90),
        )
        card = self._cards()["consent_expiring"]
        self.assertEqual(card["count"], before + 1)
        de = self.dashboard.with_context(lang="de_DE").get_cards()
        titles = {c["key"]: c["title"] for c in de}
        self.assertEqual(titles["consent_expiring"], "Bald ablaufende Einwilligungen")

    def test_settings_in_the_data_protection_section(self):
        arch = self.env["res.config.settings"].get_views([(False, "form")])["views"][
            "form"
        ]["arch"]
        app = arch.split('name="gdpr_segments"', 1)[1]
        self.assertIn('name="gdpr_double_opt_in_days"', app)
