# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from datetime import timedelta
from urllib.parse import urlparse

from freezegun import freeze_time

from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tools import format_date, mute_logger

from odoo.addons.mail.tests.common import MailCase

from .common import GdprConsentCommon


@tagged("post_install", "-at_install", "gdpr_consent")
class TestPreferenceCenter(GdprConsentCommon, MailCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gdpr_consent()
        cls.env["res.lang"]._activate_lang("de_DE")
        cls.consent_email = cls._create_consent(
            cls.partner, cls.purpose_newsletter, cls.channel_email
        )
        cls.consent_phone = cls._create_consent(
            cls.partner, cls.purpose_advertising, cls.channel_phone
        )

    def _path(self, partner=None):
        return urlparse((partner or self.partner).gdpr_preference_url).path

    def _post(self, path, **data):
        page = self.url_open(path)
        data["csrf_token"] = self._extract_csrf(page.text)
        response = self.url_open(path, data=data)
        self.env.invalidate_all()
        return response

    def test_page_in_german_and_english(self):
        response = self.url_open(self._path())
        self.assertEqual(response.status_code, 200)
        # partner language first
        self.assertIn("Ihre Datenschutz-Einstellungen", response.text)
        self.assertIn("Widerrufen", response.text)
        self.assertIn("Erteilt", response.text)
        self.assertIn("Widerspruch gegen jegliche Werbung", response.text)
        self.assertIn('lang="de-DE"', response.text)
        # switch to English
        response = self.url_open(self._path() + "?lang=en_US")
        self.assertIn("Your privacy preferences", response.text)
        self.assertIn("Withdraw", response.text)
        self.assertIn("Granted", response.text)
        self.assertIn("Object to all advertising", response.text)
        # English partner, switch to German
        response = self.url_open(self._path(self.partner_en))
        self.assertIn("Your privacy preferences", response.text)
        response = self.url_open(self._path(self.partner_en) + "?lang=de_DE")
        self.assertIn("Ihre Datenschutz-Einstellungen", response.text)
        self.assertIn("Einwilligung erteilen", response.text)

    def test_invalid_links_show_neutral_page(self):
        path = self._path()
        token = path.rsplit("/", 1)[1]
        expiry, signature = token.split("-")
        other_partner_path = f"/gdpr/preferences/{self.partner_en.id}/{token}"
        tampered = (
            f"/gdpr/preferences/{self.partner.id}/{int(expiry) + 86400}-{signature}"
        )
        for bad in (
            other_partner_path,
            tampered,
            "/gdpr/preferences/999999/1-abc",
            f"/gdpr/preferences/{self.partner.id}/not-a-token",
        ):
            response = self.url_open(bad)
            self.assertEqual(response.status_code, 404)
            self.assertIn("o_gdpr_invalid", response.text)
            self.assertNotIn("Erika", response.text)
        with freeze_time(fields.Datetime.now() + timedelta(days=400)):
            response = self.url_open(path)
            self.assertEqual(response.status_code, 404)
        # a changed email address invalidates old links
        self.partner.email = "erika.neu@example.com"
        self.assertEqual(self.url_open(path).status_code, 404)

    def test_withdraw_channel(self):
        response = self._post(
            self._path(),
            action="withdraw",
            purpose_id=self.purpose_advertising.id,
            channel_id=self.channel_phone.id,
            lang="en_US",
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Your consent was withdrawn.", response.text)
        self.assertEqual(self.consent_phone.state, "withdrawn")
        self.assertEqual(self.consent_email.state, "granted")
        event = self.consent_phone.event_ids[0]
        self.assertEqual(event.source, "preference_center")
        self.assertEqual(event.ip_address, "127.0.0.1")
        self.assertTrue(event.user_agent)

    def test_grant_email_uses_double_opt_in(self):
        with self.mock_mail_gateway():
            self._post(
                self._path(self.partner_en),
                action="grant",
                purpose_id=self.purpose_newsletter.id,
                channel_id=self.channel_email.id,
            )
        consent = self.partner_en.gdpr_consent_ids
        self.assertEqual(consent.state, "pending")
        self.assertEqual(consent.source, "preference_center")
        self.assertEqual(len(self._new_mails), 1)
        self.assertIn(consent.double_opt_in_url, self._new_mails.body_html)

    def test_grant_phone_directly(self):
        self.partner_en.phone = "+1 555 0100"
        self._post(
            self._path(self.partner_en),
            action="grant",
            purpose_id=self.purpose_advertising.id,
            channel_id=self.channel_phone.id,
        )
        consent = self.partner_en.gdpr_consent_ids
        self.assertEqual(consent.state, "granted")
        self.assertEqual(consent.text_id, self.text_advertising)
        self.assertEqual(consent.event_ids.source, "preference_center")

    def test_grant_impossible_is_refused_cleanly(self):
        # no phone number: nothing is created, a message is shown
        response = self._post(
            self._path(self.partner_en),
            action="grant",
            purpose_id=self.purpose_advertising.id,
            channel_id=self.channel_phone.id,
        )
        self.assertIn("could not be processed", response.text)
        self.assertFalse(self.partner_en.gdpr_consent_ids)
        # a purpose that is not advertising cannot be touched
        response = self._post(
            self._path(self.partner_en),
            action="grant",
            purpose_id=self.purpose_contract.id,
            channel_id=self.channel_post.id,
        )
        self.assertIn("could not be processed", response.text)
        self.assertFalse(self.partner_en.gdpr_consent_ids)

    def test_object_to_all_advertising(self):
        self._post(self._path(), action="object", confirm_objection="1")
        self.assertEqual(self.consent_email.state, "withdrawn")
        self.assertEqual(self.consent_phone.state, "withdrawn")
        self.assertTrue(self.partner.gdpr_advertising_objection)
        self.assertTrue(self.partner.is_blacklisted)
        self.assertTrue(self.partner.phone_blacklisted)
        withdrawals = self.partner.gdpr_consent_ids.event_ids.filtered(
            lambda e: e.new_state == "withdrawn"
        )
        self.assertEqual(len(withdrawals), 2)
        self.assertEqual(set(withdrawals.mapped("source")), {"preference_center"})
        self.assertEqual(set(withdrawals.mapped("ip_address")), {"127.0.0.1"})

    def test_objection_needs_the_confirmation_and_shows_on_reload(self):
        response = self._post(self._path() + "?lang=en_US", action="object")
        self.assertIn("please tick the box", response.text)
        self.assertFalse(self.partner.gdpr_advertising_objection)
        self.assertEqual(self.consent_email.state, "granted")
        self.assertIn("o_gdpr_confirm_objection", response.text)
        response = self._post(
            self._path() + "?lang=en_US", action="object", confirm_objection="1"
        )
        self.assertTrue(self.partner.gdpr_advertising_objection)
        # reloading the page later shows the recorded objection, not the form
        page = self.url_open(self._path() + "?lang=de_DE").text
        self.assertIn("o_gdpr_objected", page)
        self.assertIn("Ihr Widerspruch gegen Werbung ist erfasst", page)
        self.assertNotIn('o_gdpr_object"', page)
        self.assertIn(
            format_date(self.env, self.partner.gdpr_objection_date, lang_code="de_DE"),
            page,
        )

    @mute_logger("odoo.http")
    def test_post_without_csrf_changes_nothing(self):
        response = self.url_open(
            self._path(),
            data={
                "action": "withdraw",
                "purpose_id": self.purpose_advertising.id,
                "channel_id": self.channel_phone.id,
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.consent_phone.state, "granted")

    def test_generic_link_and_mailing_placeholder(self):
        response = self.url_open("/gdpr/preferences?lang=en_US")
        self.assertEqual(response.status_code, 200)
        self.assertIn("personal link", response.text)
        response = self.url_open("/gdpr/preferences?lang=de_DE")
        self.assertIn("persönlichen Link", response.text)

        base_url = self.partner.get_base_url()
        mailing = self.env["mailing.mailing"].create(
            {
                "name": "Placeholder",
                "subject": "News",
                "mailing_model_id": self.env.ref("base.model_res_partner").id,
                "mailing_domain": f"[('id', '=', {self.partner.id})]",
                "gdpr_purpose_id": self.purpose_newsletter.id,
                "body_html": (
                    f'<p><a href="{base_url}/gdpr/preferences">Preferences</a></p>'
                ),
            }
        )
        with self.mock_mail_gateway(mail_unlink_sent=False):
            mailing.action_send_mail()
        self.assertEqual(len(self._mails), 1)
        body = self._mails[0]["body"]
        self.assertIn(f"{base_url}/gdpr/preferences/{self.partner.id}/", body)
        self.assertNotIn(f'{base_url}/gdpr/preferences"', body)
