# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""What the person receives is in the language they chose on our page, else
the contact's, else the company's; every public page can switch language."""

from urllib.parse import urlparse

from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import MailCase

from .common import GdprConsentCommon


@tagged("post_install", "-at_install", "gdpr_consent")
class TestPublicLanguage(GdprConsentCommon, MailCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gdpr_consent()

    def _grant_on_the_page(self, partner, lang):
        path = urlparse(partner.gdpr_preference_url).path
        page = self.url_open(f"{path}?lang={lang}")
        with self.mock_mail_gateway():
            self.url_open(
                path,
                data={
                    "action": "grant",
                    "purpose_id": self.purpose_newsletter.id,
                    "channel_id": self.channel_email.id,
                    "lang": lang,
                    "csrf_token": self._extract_csrf(page.text),
                },
            )
        self.env.invalidate_all()
        consent = partner.gdpr_consent_ids
        self.assertEqual(consent.state, "pending")
        self.assertEqual(len(self._new_mails), 1)
        return consent, self._new_mails

    def _switch_links(self, html):
        return [
            part.split('"', 1)[0]
            for part in html.split('class="ms-3" href="')[1:]
            if "lang=" in part.split('"', 1)[0]
        ]

    def test_german_page_sends_a_german_mail_to_an_english_contact(self):
        self.assertEqual(self.partner_en.lang, "en_US")
        consent, mail = self._grant_on_the_page(self.partner_en, "de_DE")
        self.assertIn("Bitte bestätigen Sie Ihre Einwilligung", mail.subject)
        self.assertIn(
            "Ich möchte den monatlichen Newsletter per E-Mail erhalten.", mail.body_html
        )
        # the link opens the confirmation page in German
        self.assertIn(f"{consent.double_opt_in_url}?lang=de_DE", mail.body_html)
        page = self.url_open(
            urlparse(consent.double_opt_in_url).path + "?lang=de_DE"
        ).text
        self.assertIn('lang="de-DE"', page)

    def test_english_page_keeps_english(self):
        _consent, mail = self._grant_on_the_page(self.partner_en, "en_US")
        self.assertIn("Please confirm your consent", mail.subject)

    def test_contact_language_without_page(self):
        consent = self._create_consent(
            self.partner, self.purpose_newsletter, self.channel_email, state="pending"
        )
        with self.mock_mail_gateway():
            consent.action_request_double_opt_in()
        self.assertIn("Bitte bestätigen Sie Ihre Einwilligung", self._new_mails.subject)

    def test_company_language_when_the_contact_has_none(self):
        self.env.company.partner_id.lang = "de_DE"
        partner = self.env["res.partner"].create(
            {"name": "No Lang", "email": "nolang@example.com", "lang": False}
        )
        consent = self._create_consent(
            partner, self.purpose_newsletter, self.channel_email, state="pending"
        )
        with self.mock_mail_gateway():
            consent.action_request_double_opt_in()
        self.assertIn("Bitte bestätigen Sie Ihre Einwilligung", self._new_mails.subject)

    def test_confirmation_pages_have_the_switch(self):
        consent, _mail = self._grant_on_the_page(self.partner_en, "de_DE")
        path = urlparse(consent.double_opt_in_url).path
        page = self.url_open(f"{path}?lang=de_DE")
        self.assertIn("o_gdpr_lang_switch", page.text)
        self.assertEqual(self._switch_links(page.text), [f"{path}?lang=en_US"])
        self.assertIn("Confirm your consent", self.url_open(f"{path}?lang=en_US").text)
        # confirming shows the thank-you page, in German, with its own switch
        response = self.url_open(
            path,
            data={
                "lang": "de_DE",
                "csrf_token": self._extract_csrf(page.text),
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_gdpr_confirmed", response.text)
        self.assertIn('lang="de-DE"', response.text)
        self.assertIn("o_gdpr_lang_switch", response.text)
        consent.invalidate_recordset()
        self.assertEqual(consent.state, "granted")
        (english,) = self._switch_links(response.text)
        response = self.url_open(english)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Your consent is confirmed", response.text)
        self.assertIn("o_gdpr_confirmed", response.text)
        # the used confirmation link is invalid now, and its page has the switch
        response = self.url_open(f"{path}?lang=de_DE")
        self.assertEqual(response.status_code, 404)
        self.assertIn("o_gdpr_invalid", response.text)
        self.assertIn("Dieser Link ist ungültig.", response.text)
        (english,) = self._switch_links(response.text)
        self.assertEqual(english, f"{path}?lang=en_US")
        self.assertIn("This link is not valid.", self.url_open(english).text)

    def test_forged_thank_you_page_is_invalid(self):
        consent = self._create_consent(
            self.partner_en, self.purpose_newsletter, self.channel_email
        )
        for token in ("0" * 64, "not-a-token", consent._gdpr_receipt_token() or "x"):
            response = self.url_open(f"/gdpr/consent/confirmed/{consent.id}/{token}")
            self.assertEqual(response.status_code, 404)
            self.assertIn("o_gdpr_invalid", response.text)
            self.assertNotIn("john.doe", response.text)

    def test_header_shows_the_company_not_the_placeholder_logo(self):
        company = self.env.company
        company.name = "Muster GmbH"
        company.logo = company._get_logo()
        self.assertTrue(company.uses_default_logo)
        page = self.url_open("/gdpr/preferences?lang=de_DE").text
        self.assertIn("o_gdpr_company_name", page)
        self.assertIn("Muster GmbH", page)
        self.assertNotIn("/web/binary/company_logo", page)
        # a real logo is shown
        company.logo = (
            b"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8Dw"
            b"HwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
        )
        self.assertFalse(company.uses_default_logo)
        page = self.url_open("/gdpr/preferences?lang=de_DE").text
        self.assertIn("o_gdpr_company_logo", page)
        self.assertIn(f"/web/binary/company_logo?company={company.id}", page)
        # the generic page has the language switch too
        self.assertIn("o_gdpr_lang_switch", page)
