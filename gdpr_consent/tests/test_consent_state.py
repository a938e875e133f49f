# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, TransactionCase, tagged
from odoo.tools import mute_logger

from .common import GdprConsentCommon


@tagged("post_install", "-at_install", "gdpr_consent")
class TestConsentStateMachine(GdprConsentCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gdpr_consent()

    def test_full_life_cycle_appends_events(self):
        consent = self._create_consent(
            self.partner, self.purpose_advertising, self.channel_phone, state="pending"
        )
        self.assertEqual(consent.state, "pending")
        self.assertEqual(len(consent.event_ids), 1)
        self.assertFalse(consent.event_ids.old_state)

        with freeze_time("2026-03-01 10:00:00"):
            consent._gdpr_set_state(
                "granted",
                source="phone",
                ip_address="192.0.2.1",
                user_agent="Agent/1.0",
                text=self.text_advertising,
            )
        self.assertEqual(consent.state, "granted")
        self.assertEqual(str(consent.date_granted), "2026-03-01 10:00:00")
        # advertising purpose: 24 months validity by default
        self.assertEqual(consent.date_expiry, date(2028, 3, 1))
        self.assertTrue(consent.is_valid)

        consent.action_withdraw()
        self.assertEqual(consent.state, "withdrawn")
        self.assertTrue(consent.date_withdrawn)
        self.assertFalse(consent.is_valid)

        consent._gdpr_set_state("granted", source="written", text=self.text_advertising)
        self.assertEqual(consent.state, "granted")
        self.assertFalse(consent.date_withdrawn)

        events = consent.event_ids.sorted("id")
        self.assertEqual(
            [(e.old_state or False, e.new_state) for e in events],
            [
                (False, "pending"),
                ("pending", "granted"),
                ("granted", "withdrawn"),
                ("withdrawn", "granted"),
            ],
        )
        grant = events[1]
        self.assertEqual(grant.source, "phone")
        self.assertEqual(grant.ip_address, "192.0.2.1")
        self.assertEqual(grant.user_agent, "Agent/1.0")
        self.assertEqual(grant.text_id, self.text_advertising)
        self.assertEqual(grant.text_version, self.text_advertising.version)
        self.assertEqual(grant.user_id, self.env.user)
        self.assertEqual(grant.partner_id, self.partner)

    def test_refused_button_as_a_user(self):
        """The consent form's "Refused" records the refusal through the
        service; the consent keeps how it was given (its source)."""
        consent = self._create_consent(
            self.partner, self.purpose_advertising, self.channel_phone, state="pending"
        )
        consent.with_user(self.user_sales).action_refuse()
        self.assertEqual(consent.state, "refused")
        self.assertEqual(consent.source, "web_form")
        self.assertEqual(consent.event_ids[0].new_state, "refused")
        self.assertEqual(consent.event_ids[0].user_id, self.user_sales)

    def test_forbidden_transitions(self):
        consent = self._create_consent(
            self.partner, self.purpose_advertising, self.channel_phone
        )
        with self.assertRaises(UserError):
            consent._gdpr_set_state("refused")
        with self.assertRaises(UserError):
            consent._gdpr_set_state("pending")
        consent._gdpr_set_state("expired", source="cron")
        with self.assertRaises(UserError):
            consent._gdpr_set_state("withdrawn")
        with self.assertRaises(UserError):
            consent._gdpr_set_state("unknown")
        self.assertEqual(consent.state, "expired")
        self.assertEqual(len(consent.event_ids), 2)

    def test_new_consent_cannot_start_withdrawn(self):
        with self.assertRaises(ValidationError):
            self._create_consent(
                self.partner,
                self.purpose_advertising,
                self.channel_phone,
                state="withdrawn",
            )

    def test_write_state_goes_through_state_machine(self):
        consent = self._create_consent(
            self.partner, self.purpose_advertising, self.channel_phone
        )
        consent.write({"state": "withdrawn"})
        self.assertEqual(consent.event_ids[0].new_state, "withdrawn")
        self.assertEqual(consent.event_ids[0].source, "manual")
        with self.assertRaises(UserError):
            consent.write({"state": "expired"})

    def test_grant_without_text_version_is_refused(self):
        with self.assertRaises(ValidationError):
            self._create_consent(
                self.partner,
                self.purpose_advertising,
                self.channel_phone,
                text=self.env["gdpr.consent.text"],
            )
        self.assertFalse(self.partner.gdpr_consent_ids)

    def test_text_of_other_purpose_is_refused(self):
        with self.assertRaises(ValidationError):
            self._create_consent(
                self.partner,
                self.purpose_advertising,
                self.channel_phone,
                text=self.text_newsletter,
            )

    def test_bad_partner_addresses(self):
        malformed = self.env["res.partner"].create(
            {"name": "Malformed", "email": "not-an-email@", "lang": "en_US"}
        )
        with self.assertRaises(ValidationError):
            self._create_consent(malformed, self.purpose_newsletter, self.channel_email)
        no_email = self.env["res.partner"].create({"name": "No Mail"})
        with self.assertRaises(ValidationError):
            self._create_consent(no_email, self.purpose_newsletter, self.channel_email)
        with self.assertRaises(ValidationError):
            self._create_consent(no_email, self.purpose_newsletter, self.channel_phone)
        self.assertFalse(
            self.env["gdpr.consent"].search(
                [("partner_id", "in", (malformed | no_email).ids)]
            )
        )

    def test_request_for_partner_without_email(self):
        no_email = self.env["res.partner"].create(
            {"name": "No Mail", "phone": "+4930111"}
        )
        consent = self._create_consent(
            no_email, self.purpose_newsletter, self.channel_phone, state="refused"
        )
        with self.assertRaises(UserError):
            consent.action_request_double_opt_in()
        self.assertEqual(consent.state, "refused")
        self.assertEqual(len(consent.event_ids), 1)

    def test_unknown_channel_code(self):
        with self.assertRaises(UserError):
            self.partner._gdpr_has_consent("newsletter", "fax")
        with self.assertRaises(ValidationError):
            self.env["gdpr.channel"].create({"name": "Bad", "code": "Bad Code!"})

    def test_one_consent_per_partner_purpose_channel(self):
        self._create_consent(self.partner, self.purpose_advertising, self.channel_phone)
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            self._create_consent(
                self.partner, self.purpose_advertising, self.channel_phone
            )

    def test_identity_and_deletion_protected(self):
        consent = self._create_consent(
            self.partner, self.purpose_advertising, self.channel_phone
        )
        with self.assertRaises(UserError):
            consent.write({"channel_id": self.channel_sms.id})
        with self.assertRaises(UserError):
            consent.unlink()

    def test_has_consent_and_sql_search(self):
        consent = self._create_consent(
            self.partner, self.purpose_newsletter, self.channel_email
        )
        self.assertTrue(self.partner._gdpr_has_consent("newsletter", "email"))
        self.assertTrue(
            self.partner._gdpr_has_consent(self.purpose_newsletter, self.channel_email)
        )
        self.assertFalse(self.partner._gdpr_has_consent("newsletter", "phone"))
        self.assertFalse(self.partner_en._gdpr_has_consent("newsletter", "email"))
        Partner = self.env["res.partner"]
        self.assertEqual(
            Partner.search([("gdpr_consent_granted", "=", "newsletter:email")]),
            self.partner,
        )
        self.assertEqual(
            Partner.search([("gdpr_consent_granted", "in", ["newsletter"])]),
            self.partner,
        )
        self.assertIn(
            self.partner_en,
            Partner.search([("gdpr_consent_granted", "!=", "newsletter:email")]),
        )
        self.assertEqual(self.partner.gdpr_consent_granted, "newsletter:email")
        # expired by date (before the cron ran): no longer usable
        consent._gdpr_write({"date_expiry": date(2020, 1, 1)})
        self.assertFalse(self.partner._gdpr_has_consent("newsletter", "email"))
        self.assertFalse(
            Partner.search([("gdpr_consent_granted", "=", "newsletter:email")])
        )

    def test_partner_erasure_removes_consents_and_events(self):
        partner = self.env["res.partner"].create(
            {"name": "Gone", "email": "gone@example.com"}
        )
        consent = self._create_consent(
            partner, self.purpose_newsletter, self.channel_email
        )
        event_ids = consent.event_ids.ids
        partner.unlink()
        self.assertFalse(self.env["gdpr.consent.event"].browse(event_ids).exists())
        self.assertFalse(consent.exists())

    def test_consent_text_versions_are_locked_once_used(self):
        text = self.text_advertising
        second = self.env["gdpr.consent.text"].browse(
            text.action_new_version()["res_id"]
        )
        self.assertEqual(second.version, text.version + 1)
        self.assertEqual(
            self.env["gdpr.consent.text"]._gdpr_get_current(
                self.purpose_advertising, self.channel_phone
            ),
            second,
        )
        self._create_consent(
            self.partner, self.purpose_advertising, self.channel_phone, text=text
        )
        with self.assertRaises(UserError):
            text.write({"body": "<p>Something else</p>"})
        with self.assertRaises(UserError):
            text.unlink()
        second.write({"body": "<p>Unused versions can still be edited.</p>"})

    def test_record_wizard_as_sales_user(self):
        wizard_form = Form(
            self.env["gdpr.consent.record.wizard"]
            .with_user(self.user_sales)
            .with_context(default_partner_id=self.partner.id)
        )
        wizard_form.purpose_id = self.purpose_advertising
        wizard_form.channel_ids.add(self.channel_phone)
        wizard_form.channel_ids.add(self.channel_post)
        wizard_form.source = "phone"
        wizard_form.source_detail = "Call of today"
        self.assertEqual(wizard_form.text_id, self.text_advertising)
        wizard_form.save().action_confirm()
        consents = self.partner.gdpr_consent_ids
        self.assertEqual(consents.channel_id, self.channel_phone | self.channel_post)
        self.assertEqual(set(consents.mapped("state")), {"granted"})
        self.assertEqual(consents.user_id, self.user_sales)
        self.assertEqual(consents.event_ids.user_id, self.user_sales)
        self.assertEqual(
            set(consents.event_ids.mapped("source_detail")), {"Call of today"}
        )

    def test_record_wizard_email_goes_through_double_opt_in(self):
        wizard = (
            self.env["gdpr.consent.record.wizard"]
            .with_user(self.user_sales)
            .create(
                {
                    "partner_id": self.partner.id,
                    "purpose_id": self.purpose_newsletter.id,
                    "channel_ids": [(6, 0, self.channel_email.ids)],
                    "source": "phone",
                }
            )
        )
        self.assertTrue(wizard.double_opt_in_info)
        wizard.action_confirm()
        consent = self.partner.gdpr_consent_ids
        self.assertEqual(consent.state, "pending")
        self.assertTrue(consent.double_opt_in_url)

    def test_data_files_translate_several_texts_at_once(self):
        """Demo and data files set the German wording of several versions in
        one call, also when German is active (as in `make run`)."""
        texts = self.text_newsletter | self.text_advertising
        texts._gdpr_set_translations("name", {"de_DE": "Einwilligung", "xx_XX": "?"})
        self.assertEqual(
            texts.with_context(lang="de_DE").mapped("name"),
            ["Einwilligung", "Einwilligung"],
        )
        self.assertEqual(
            texts.with_context(lang="en_US").mapped("name"),
            ["Newsletter consent", "Advertising consent"],
        )
