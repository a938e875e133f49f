# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.mail.tests.common import MailCase

from .common import GdprConsentCommon

# the neutral page, in the default language of the site (German or English)
NEUTRAL = ("This link is not valid.", "Dieser Link ist ungültig.")


@tagged("post_install", "-at_install", "gdpr_consent")
class TestDoubleOptIn(GdprConsentCommon, MailCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gdpr_consent()

    def _request(self, partner=None):
        partner = partner or self.partner_en
        consent = self._create_consent(
            partner, self.purpose_newsletter, self.channel_email, state="pending"
        )
        with self.mock_mail_gateway():
            consent.action_request_double_opt_in()
        return consent

    def _path(self, consent, token=None):
        if token is None:
            token = consent._gdpr_double_opt_in_token()
        return f"/gdpr/consent/confirm/{consent.id}/{token}"

    def _post(self, path, csrf=True):
        data = {"confirm": "1"}
        if csrf:
            page = self.url_open(path)
            data["csrf_token"] = self._extract_csrf(page.text) or "missing"
        return self.url_open(path, data=data)

    def test_request_email_in_partner_language(self):
        consent = self._create_consent(
            self.partner, self.purpose_newsletter, self.channel_email, state="pending"
        )
        with self.mock_mail_gateway():
            consent.action_request_double_opt_in()
        self.assertEqual(len(self._new_mails), 1)
        mail = self._new_mails
        self.assertEqual(mail.recipient_ids, self.partner)
        self.assertIn("Bitte bestätigen Sie Ihre Einwilligung", mail.subject)
        self.assertIn(consent.double_opt_in_url, mail.body_html)
        self.assertIn(
            "Ich möchte den monatlichen Newsletter per E-Mail erhalten.", mail.body_html
        )
        self.assertEqual(consent.text_id, self.text_newsletter)
        self.assertTrue(consent.doi_requested)

        consent_en = self._request()
        self.assertIn("Please confirm your consent", self._new_mails.subject)
        self.assertIn("Confirm my consent", self._new_mails.body_html)
        self.assertTrue(consent_en.double_opt_in_url)

    def test_get_does_not_confirm_post_does(self):
        consent = self._request()
        path = self._path(consent)
        response = self.url_open(path)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Confirm my consent", response.text)
        self.assertIn(
            "I want to receive the monthly newsletter by email.", response.text
        )
        # mail scanners fetching the link several times confirm nothing
        self.url_open(path)
        consent.invalidate_recordset()
        self.assertEqual(consent.state, "pending")

        response = self._post(path)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Thank you!", response.text)
        consent.invalidate_recordset()
        self.assertEqual(consent.state, "granted")
        self.assertTrue(consent.date_confirmed)
        event = consent.event_ids[0]
        self.assertEqual(event.new_state, "granted")
        self.assertEqual(event.source, "double_opt_in")
        self.assertEqual(event.ip_address, "127.0.0.1")
        self.assertTrue(event.user_agent)
        self.assertEqual(event.text_id, self.text_newsletter)
        self.assertTrue(self.partner_en._gdpr_has_consent("newsletter", "email"))

    @mute_logger("odoo.http")
    def test_post_without_csrf_changes_nothing(self):
        consent = self._request()
        response = self._post(self._path(consent), csrf=False)
        self.assertEqual(response.status_code, 400)
        consent.invalidate_recordset()
        self.assertEqual(consent.state, "pending")
        self.assertEqual(len(consent.event_ids), 2)

    def _assert_neutral(self, consent, path, expected_state):
        events_before = len(consent.event_ids)
        for response in (self.url_open(path), self._post(path)):
            self.assertEqual(response.status_code, 404)
            self.assertIn("o_gdpr_invalid", response.text)
            self.assertTrue(any(text in response.text for text in NEUTRAL))
            self.assertNotIn(consent.partner_id.email, response.text)
        consent.invalidate_recordset()
        self.assertEqual(consent.state, expected_state)
        self.assertEqual(len(consent.event_ids), events_before)

    def test_forged_token(self):
        consent = self._request()
        self._assert_neutral(consent, self._path(consent, "f" * 64), "pending")

    def test_tampered_token(self):
        consent = self._request()
        token = consent._gdpr_double_opt_in_token()
        tampered = token[:-1] + ("0" if token[-1] != "0" else "1")
        self._assert_neutral(consent, self._path(consent, tampered), "pending")

    def test_token_of_another_consent(self):
        consent = self._request()
        other = self._request(self.partner)
        path = f"/gdpr/consent/confirm/{other.id}/{consent._gdpr_double_opt_in_token()}"
        self._assert_neutral(other, path, "pending")

    def test_unknown_consent(self):
        consent = self._request()
        path = f"/gdpr/consent/confirm/999999999/{consent._gdpr_double_opt_in_token()}"
        self._assert_neutral(consent, path, "pending")

    def test_expired_token(self):
        consent = self._request()
        path = self._path(consent)
        with freeze_time(fields.Datetime.now() + timedelta(days=15)):
            self._assert_neutral(consent, path, "pending")

    def test_used_token_replayed(self):
        consent = self._request()
        path = self._path(consent)
        self._post(path)
        consent.invalidate_recordset()
        self.assertEqual(consent.state, "granted")
        self._assert_neutral(consent, path, "granted")

    def test_withdrawn_then_replayed(self):
        consent = self._request()
        path = self._path(consent)
        consent.action_withdraw()
        self._assert_neutral(consent, path, "withdrawn")
        # a new request (after the few minutes between two) gives a new
        # link; the old one stays dead
        later = fields.Datetime.now() + timedelta(minutes=6)
        with self.mock_mail_gateway(), freeze_time(later):
            consent.action_request_double_opt_in()
        self._assert_neutral(consent, path, "pending")
        self.assertNotEqual(self._path(consent), path)

    def test_pending_request_expires_by_cron(self):
        consent = self._request()
        with freeze_time(fields.Datetime.now() + timedelta(days=15)):
            self.env["gdpr.consent"]._cron_gdpr_consent_expiry()
        self.assertEqual(consent.state, "expired")
        self.assertEqual(consent.event_ids[0].source, "cron")
        self.assertFalse(consent._gdpr_double_opt_in_token())

    def test_validity_is_configurable(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "gdpr_consent.double_opt_in_validity_days", "3"
        )
        consent = self._request()
        self.assertAlmostEqual(
            consent.doi_expiry - consent.doi_requested, timedelta(days=3)
        )
