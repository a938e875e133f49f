# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import TransactionCase, tagged

from .common import GdprConsentCommon


@tagged("post_install", "-at_install", "gdpr_consent")
class TestExpiryCron(GdprConsentCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gdpr_consent()
        cls.purpose_advertising.consent_validity_months = 12
        Partner = cls.env["res.partner"]
        cls.partners = Partner.create(
            [{"name": f"Person {idx}", "phone": f"+49 30 100{idx}"} for idx in range(5)]
        )
        with freeze_time("2025-01-10"):
            cls.old = cls.env["gdpr.consent"].browse(
                [
                    cls._create_consent(
                        partner,
                        cls.purpose_advertising,
                        cls.channel_phone,
                        text=cls.text_advertising,
                    ).id
                    for partner in cls.partners[:3]
                ]
            )
        with freeze_time("2025-06-10"):
            cls.recent = cls._create_consent(
                cls.partners[3],
                cls.purpose_advertising,
                cls.channel_phone,
                text=cls.text_advertising,
            )
        cls.unlimited = cls._create_consent(
            cls.partners[4], cls.purpose_newsletter, cls.channel_phone
        )
        cls.unlimited._gdpr_write({"date_expiry": False})

    def test_validity_per_purpose(self):
        self.assertEqual(self.old[0].date_expiry, date(2026, 1, 10))
        self.assertEqual(self.recent.date_expiry, date(2026, 6, 10))

    def test_cron_expires_in_batches(self):
        with freeze_time("2026-02-01"):
            cron = self.env.ref("gdpr_consent.ir_cron_gdpr_consent_expiry")
            self.assertEqual(cron.code.strip(), "model._cron_gdpr_consent_expiry()")
            done = self.env["gdpr.consent"]._cron_gdpr_consent_expiry(batch_size=2)
        self.assertEqual(done, 3)
        self.assertEqual(set(self.old.mapped("state")), {"expired"})
        self.assertEqual(self.recent.state, "granted")
        self.assertEqual(self.unlimited.state, "granted")
        for consent in self.old:
            self.assertEqual(consent.event_ids[0].new_state, "expired")
            self.assertEqual(consent.event_ids[0].source, "cron")
        self.assertFalse(self.partners[0]._gdpr_has_consent("advertising", "phone"))
        # expiry is not a withdrawal: no blacklist entry
        self.assertFalse(self.partners[0].phone_blacklisted)
        # running again changes nothing
        with freeze_time("2026-02-01"):
            self.assertEqual(self.env["gdpr.consent"]._cron_gdpr_consent_expiry(), 0)

    def test_expired_consent_can_be_granted_again(self):
        with freeze_time("2026-02-01"):
            self.env["gdpr.consent"]._cron_gdpr_consent_expiry()
            self.old[0]._gdpr_set_state(
                "granted", source="phone", text=self.text_advertising
            )
            self.assertEqual(self.old[0].date_expiry, date(2027, 2, 1))

    def test_use_extends_validity(self):
        with freeze_time(fields.Date.today() + timedelta(days=1)):
            self.recent._gdpr_mark_used()
        self.assertGreater(self.recent.date_expiry, date(2026, 6, 10))
        self.assertTrue(self.recent.date_last_use)
