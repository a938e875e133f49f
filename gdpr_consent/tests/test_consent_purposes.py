# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Granting a consent activates its purpose for the person; withdrawing the
last one, or objecting, ends it (Art. 6(1)(a), 7(3), 21 GDPR)."""

from odoo import Command
from odoo.tests import TransactionCase, tagged

from .common import GdprConsentCommon


@tagged("post_install", "-at_install", "gdpr_consent")
class TestConsentsActivatePurposes(GdprConsentCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gdpr_consent()
        cls.Consent = cls.env["gdpr.consent"]
        cls.segment = cls.env["gdpr.segment"].create(
            {
                "name": "Advertising by phone",
                "purpose_ids": [Command.set(cls.purpose_advertising.ids)],
                "domain": "[]",
            }
        )
        cls.person = cls.env["res.partner"].create(
            {
                "name": "Paul Purpose",
                "email": "paul@example.com",
                "phone": "+49 30 111222",
                "street": "Zweckweg 1",
                "city": "Berlin",
            }
        )

    def _assignments(self, purpose=None):
        return self.env["gdpr.partner.purpose"].search(
            [
                ("partner_id", "=", self.person.id),
                ("purpose_id", "=", (purpose or self.purpose_advertising).id),
            ]
        )

    def _grant(self, channels, source="phone", detail="Call of 3 May"):
        return self.Consent._gdpr_record_consent(
            self.person,
            self.purpose_advertising,
            channels,
            "grant",
            source=source,
            source_detail=detail,
        )

    def test_purpose_button_opens_the_granted_consents(self):
        """The purpose's button counts granted consents: its list opens
        filtered on them, the withdrawn one behind a removable filter."""
        self._create_consent(self.person, self.purpose_advertising, self.channel_phone)
        self._create_consent(
            self.person, self.purpose_advertising, self.channel_post
        ).action_withdraw()
        self.assertEqual(self.purpose_advertising.consent_count, 1)
        action = self.purpose_advertising.action_view_consents()
        self.assertEqual(action["context"].get("search_default_granted"), 1)
        self.assertEqual(self.Consent.search_count(action["domain"]), 2)

    def test_grant_activates_the_purpose_with_the_origin(self):
        self.assertFalse(self._assignments())
        self._grant(self.channel_phone | self.channel_post)
        assignment = self._assignments()
        self.assertEqual(len(assignment), 1)
        self.assertEqual(assignment.state, "active")
        self.assertEqual(assignment.legal_basis, "consent")
        self.assertEqual(assignment.origin_type, "inquiry")
        self.assertEqual(assignment.origin_detail, "Call of 3 May")
        self.assertIn(self.purpose_advertising, self.person.gdpr_purpose_ids)
        self.assertIn(self.segment, self.person.gdpr_segment_ids)

    def test_written_form_is_from_the_data_subject(self):
        self._grant(self.channel_post, source="written", detail="Form 12")
        self.assertEqual(self._assignments().origin_type, "data_subject")

    def test_existing_assignment_is_kept(self):
        existing = self.env["gdpr.partner.purpose"].create(
            {
                "partner_id": self.person.id,
                "purpose_id": self.purpose_advertising.id,
                "origin_type": "event",
                "origin_detail": "Fair 2025",
            }
        )
        self._grant(self.channel_phone)
        self.assertEqual(self._assignments(), existing)
        self.assertEqual(existing.origin_type, "event")

    def test_withdrawing_one_of_two_channels_keeps_the_purpose(self):
        self._grant(self.channel_phone | self.channel_post)
        self.Consent._gdpr_record_consent(
            self.person,
            self.purpose_advertising,
            self.channel_phone,
            "withdraw",
            source="phone",
        )
        self.assertEqual(self._assignments().state, "active")

    def test_withdrawing_the_last_consent_ends_the_purpose(self):
        self._grant(self.channel_phone | self.channel_post)
        for channel in (self.channel_phone, self.channel_post):
            self.Consent._gdpr_record_consent(
                self.person,
                self.purpose_advertising,
                channel,
                "withdraw",
                source="preference_center",
            )
        assignment = self._assignments()
        self.assertEqual(assignment.state, "ended")
        self.assertTrue(assignment.date_end)
        self.assertNotIn(self.purpose_advertising, self.person.gdpr_purpose_ids)
        self.assertNotIn(self.segment, self.person.gdpr_segment_ids)

    def test_withdrawal_keeps_a_purpose_on_another_basis(self):
        contract = self.env["gdpr.partner.purpose"].create(
            {
                "partner_id": self.person.id,
                "purpose_id": self.purpose_advertising.id,
                "legal_basis": "legitimate_interest",
            }
        )
        self._grant(self.channel_phone)
        self.person.gdpr_consent_ids._gdpr_withdraw()
        self.assertEqual(contract.state, "active")

    def test_objection_ends_the_purpose_and_the_segment(self):
        self._grant(self.channel_phone | self.channel_post)
        self.assertIn(
            self.person,
            self.env["res.partner"].search(
                [("gdpr_segment_ids", "in", self.segment.ids)]
            ),
        )
        self.person._gdpr_object_to_advertising(source="objection")
        self.assertEqual(self._assignments().state, "ended")
        self.env.invalidate_all()
        self.assertNotIn(self.segment, self.person.gdpr_segment_ids)
        self.assertNotIn(
            self.person,
            self.env["res.partner"].search(
                [("gdpr_segment_ids", "in", self.segment.ids)]
            ),
        )

    def test_expiry_ends_the_purpose(self):
        self._grant(self.channel_phone)
        self.person.gdpr_consent_ids._gdpr_set_state("expired", source="cron")
        self.assertEqual(self._assignments().state, "ended")

    def test_double_opt_in_activates_on_confirmation(self):
        self.Consent._gdpr_record_consent(
            self.person,
            self.purpose_newsletter,
            self.channel_email,
            "grant",
            source="web_form",
            source_detail="Website footer",
        )
        consent = self.person.gdpr_consent_ids
        self.assertEqual(consent.state, "pending")
        self.assertFalse(self._assignments(self.purpose_newsletter))
        consent._gdpr_confirm_double_opt_in()
        assignment = self._assignments(self.purpose_newsletter)
        self.assertEqual(assignment.state, "active")
        self.assertEqual(
            (assignment.origin_type, assignment.origin_detail),
            ("web_form", "Website footer"),
        )
