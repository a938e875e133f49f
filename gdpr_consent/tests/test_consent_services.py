# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Proof of consent is the wording the person saw for that channel."""

from urllib.parse import urlparse

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, HttpCase, TransactionCase, tagged

from .common import GdprConsentCommon


@tagged("post_install", "-at_install", "gdpr_consent")
class TestConsentTextNamesItsChannel(GdprConsentCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gdpr_consent()
        cls.purpose_events = cls.env["gdpr.purpose"].create(
            {
                "name": "Event invitations",
                "code": "test_event_invitations",
                "legal_basis": "consent",
                "is_marketing": True,
                "consent_channel_ids": [
                    Command.set((cls.channel_email | cls.channel_post).ids)
                ],
            }
        )
        cls.text_events_email = cls.env["gdpr.consent.text"].create(
            {
                "name": "Invitations by email",
                "purpose_id": cls.purpose_events.id,
                "channel_ids": [Command.set(cls.channel_email.ids)],
                "body": "<p>Invite me to your events by email.</p>",
            }
        )

    def _wizard(self, channels, text=None, lang="en_US"):
        return (
            self.env["gdpr.consent.record.wizard"]
            .with_user(self.user_sales)
            .with_context(lang=lang)
            .create(
                {
                    "partner_id": self.partner.id,
                    "purpose_id": self.purpose_events.id,
                    "channel_ids": channels.ids,
                    "action": "grant",
                    "source": "written",
                    "text_id": (text or self.text_events_email).id,
                }
            )
        )

    def test_postal_consent_with_an_email_text_is_refused(self):
        with self.assertRaisesRegex(UserError, "names the channel"):
            self._wizard(self.channel_post).action_confirm()
        self.assertFalse(self.partner.gdpr_consent_ids)
        # the same in German, for a German user
        with self.assertRaisesRegex(UserError, "nennt"):
            self._wizard(self.channel_post, lang="de_DE").action_confirm()
        # and over the service itself, whatever entry point calls it
        with self.assertRaisesRegex(UserError, "names the channel"):
            self.env["gdpr.consent"]._gdpr_record_consent(
                self.partner,
                self.purpose_events,
                self.channel_post,
                "grant",
                source="written",
                text=self.text_events_email,
            )
        self.assertFalse(self.partner.gdpr_consent_ids)

    def test_phone_consent_with_the_newsletter_email_text_is_refused(self):
        with self.assertRaisesRegex(UserError, "names the channel"):
            self.env["gdpr.consent"]._gdpr_record_consent(
                self.partner,
                self.purpose_newsletter,
                self.channel_phone,
                "grant",
                source="phone",
                text=self.text_newsletter,
            )
        self.assertFalse(self.partner.gdpr_consent_ids)

    def test_email_consent_with_its_text_is_recorded(self):
        self._wizard(self.channel_email).action_confirm()
        consent = self.partner.gdpr_consent_ids
        self.assertEqual(consent.state, "granted")
        self.assertEqual(consent.text_id, self.text_events_email)
        self.assertEqual(consent.event_ids.text_id, self.text_events_email)

    def test_text_of_another_channel_cannot_be_written_on_a_consent(self):
        consent = self._create_consent(
            self.partner, self.purpose_advertising, self.channel_phone
        )
        postal_only = self.env["gdpr.consent.text"].create(
            {
                "name": "Letters only",
                "purpose_id": self.purpose_advertising.id,
                "channel_ids": [Command.set(self.channel_post.ids)],
                "body": "<p>Send me offers by letter.</p>",
            }
        )
        with self.assertRaises(ValidationError):
            consent.write({"text_id": postal_only.id})
        self.assertEqual(consent.text_id, self.text_advertising)

    def test_purpose_flags_channels_without_text(self):
        self.assertEqual(
            self.purpose_events.consent_channel_missing_text_ids, self.channel_post
        )
        self.assertEqual(
            self.purpose_events._gdpr_offered_channels(), self.channel_email
        )

    def test_preference_center_offers_only_channels_with_a_text(self):
        path = urlparse(self.partner.gdpr_preference_url).path
        page = self.url_open(path + "?lang=en_US")
        self.assertEqual(page.status_code, 200)
        card = page.text.split('data-purpose="test_event_invitations"', 1)[1]
        card = card.split('class="card mb-3 o_gdpr_purpose"', 1)[0]
        self.assertIn('data-channel="email"', card)
        self.assertNotIn('data-channel="post"', card)
        # posting a grant for the channel anyway changes nothing
        response = self.url_open(
            path,
            data={
                "action": "grant",
                "purpose_id": self.purpose_events.id,
                "channel_id": self.channel_post.id,
                "lang": "en_US",
                "csrf_token": self._extract_csrf(page.text),
            },
        )
        self.assertIn("could not be processed", response.text)
        self.env.invalidate_all()
        self.assertFalse(self.partner.gdpr_consent_ids)


@tagged("post_install", "-at_install", "gdpr_consent")
class TestRecordWizardDefaults(GdprConsentCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gdpr_consent()

    def _form(self):
        return Form(
            self.env["gdpr.consent.record.wizard"].with_context(
                default_partner_id=self.partner.id
            )
        )

    def test_starts_with_a_purpose_and_its_manner_of_use(self):
        self.env["ir.config_parameter"].set_param(
            "gdpr_consent.default_mailing_purpose_id", self.purpose_newsletter.id
        )
        form = self._form()
        self.assertEqual(form.purpose_id, self.purpose_newsletter)
        self.assertEqual(form.scope, "newsletter")
        form.purpose_id = self.purpose_advertising
        self.assertEqual(form.scope, "offers")

    def test_without_setting_the_first_advertising_purpose(self):
        self.env["ir.config_parameter"].set_param(
            "gdpr_consent.default_mailing_purpose_id", False
        )
        form = self._form()
        self.assertTrue(form.purpose_id.is_marketing)
