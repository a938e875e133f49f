# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Proof of consent against internal users who script the ORM over RPC.

Each test calls the ORM as XML-RPC does (``with_user``: create, write, read,
public methods, any context key) and asserts the refusal and the unchanged
data (R18).
"""

from datetime import timedelta
from urllib.parse import urlparse

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, TransactionCase, tagged
from odoo.tools import mute_logger

from odoo.addons.mail.tests.common import MailCase, mail_new_test_user

from .common import GdprConsentCommon

FORGED = {
    "ip_address": "203.0.113.66",
    "user_agent": "Forged/1.0",
    "date_granted": "2020-01-01 00:00:00",
    "date_confirmed": "2020-01-01 00:00:00",
    "date_expiry": "2099-12-31",
}


@tagged("post_install", "-at_install", "gdpr_consent", "gdpr_security")
class TestConsentEvidenceCannotBeForged(GdprConsentCommon, MailCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gdpr_consent()
        cls.phone = cls._create_consent(
            cls.partner, cls.purpose_advertising, cls.channel_phone
        )

    def _as_sales(self, records):
        return records.with_user(self.user_sales)

    def _snapshot(self, consent):
        consent.invalidate_recordset()
        names = [*FORGED, "state", "text_id", "doi_expiry", "source", "user_id"]
        return {name: consent[name] for name in names}, len(consent.event_ids)

    def test_create_with_forged_evidence_is_refused(self):
        Consent = self._as_sales(self.env["gdpr.consent"])
        for key, value in FORGED.items():
            with self.subTest(field=key), self.assertRaises(UserError):
                Consent.create(
                    {
                        "partner_id": self.partner_en.id,
                        "purpose_id": self.purpose_advertising.id,
                        "channel_id": self.channel_post.id,
                        "state": "granted",
                        "text_id": self.text_advertising.id,
                        key: value,
                    }
                )
        with self.assertRaises(UserError):
            Consent.create(
                {
                    "partner_id": self.partner_en.id,
                    "purpose_id": self.purpose_advertising.id,
                    "channel_id": self.channel_post.id,
                    "state": "granted",
                    "text_id": self.text_advertising.id,
                    "user_id": self.env.ref("base.user_admin").id,
                }
            )
        self.assertFalse(self.partner_en.gdpr_consent_ids)

    def test_create_takes_evidence_from_the_server(self):
        consent = self._as_sales(self.env["gdpr.consent"]).create(
            {
                "partner_id": self.partner_en.id,
                "purpose_id": self.purpose_advertising.id,
                "channel_id": self.channel_post.id,
                "state": "granted",
                "source": "written",
                "text_id": self.text_advertising.id,
            }
        )
        self.assertEqual(consent.user_id, self.user_sales)
        self.assertFalse(consent.ip_address)  # no web request: none recorded
        self.assertGreater(
            consent.date_granted, fields.Datetime.now() - timedelta(minutes=5)
        )
        self.assertEqual(consent.event_ids.user_id, self.user_sales)

    def test_granted_email_consent_needs_double_opt_in(self):
        with self.assertRaisesRegex(UserError, "double opt-in"):
            self._as_sales(self.env["gdpr.consent"]).create(
                {
                    "partner_id": self.partner_en.id,
                    "purpose_id": self.purpose_newsletter.id,
                    "channel_id": self.channel_email.id,
                    "state": "granted",
                    "source": "web_form",
                    "text_id": self.text_newsletter.id,
                }
            )
        self.assertFalse(self.partner_en.gdpr_consent_ids)

    def test_evidence_and_state_cannot_be_rewritten(self):
        before = self._snapshot(self.phone)
        sales_phone = self._as_sales(self.phone)
        attempts = [dict([item]) for item in FORGED.items()] + [
            {"doi_expiry": "2099-01-01 00:00:00"},
            {"source": "written"},
            {"state": "granted"},
            {"state": "pending"},
            {"state": "expired"},
            {"text_id": self.text_newsletter.id},
            {"text_id": False},
        ]
        for vals in attempts:
            with self.subTest(vals=vals), self.assertRaises(UserError):
                sales_phone.write(vals)
        # the context key of the state machine is no bypass either
        with self.assertRaises(UserError):
            sales_phone.with_context(gdpr_consent_transition=True).write(
                {"state": "granted", "text_id": False, "ip_address": "1.2.3.4"}
            )
        self.assertEqual(self._snapshot(self.phone), before)

    def test_staff_may_note_and_withdraw_with_an_event(self):
        sales_phone = self._as_sales(self.phone)
        sales_phone.write({"note": "Called back on Monday"})
        sales_phone.write({"state": "withdrawn"})
        self.assertEqual(self.phone.state, "withdrawn")
        event = self.phone.event_ids[0]
        self.assertEqual(
            (event.new_state, event.source, event.user_id),
            ("withdrawn", "manual", self.user_sales),
        )

    def test_withdrawal_never_fails_on_other_data(self):
        # a consent whose text no longer fits (data from before the checks)
        self.phone._gdpr_write({"text_id": self.text_newsletter.id})
        path = urlparse(self.partner.gdpr_preference_url).path
        page = self.url_open(path)
        response = self.url_open(
            path,
            data={
                "action": "withdraw",
                "purpose_id": self.purpose_advertising.id,
                "channel_id": self.channel_phone.id,
                "lang": "en_US",
                "csrf_token": self._extract_csrf(page.text),
            },
        )
        self.assertIn("Your consent was withdrawn.", response.text)
        self.env.invalidate_all()
        self.assertEqual(self.phone.state, "withdrawn")
        self.partner._gdpr_object_to_advertising()
        self.assertTrue(self.partner.phone_blacklisted)

    def test_confirmation_link_is_the_persons_secret(self):
        consent = self._create_consent(
            self.partner_en, self.purpose_newsletter, self.channel_email, "pending"
        )
        with self.mock_mail_gateway(mail_unlink_sent=False):
            self._as_sales(consent).action_request_double_opt_in()
        url = consent.double_opt_in_url  # the superuser can
        self.assertTrue(url)
        with self.assertRaises(AccessError):
            self._as_sales(consent).read(["double_opt_in_url"])
        token = url.rsplit("/", 1)[1]
        messages = self.env["mail.message"].search(
            [("model", "=", "gdpr.consent"), ("res_id", "=", consent.id)]
        )
        leaking = messages.filtered(lambda m: token in (m.body or ""))
        self.assertFalse(
            leaking, leaking.read(["model", "res_id", "message_type", "subject"])
        )
        visible = self._as_sales(self.env["mail.message"]).search(
            [("body", "ilike", token)]
        )
        self.assertFalse(visible)
        self.assertEqual(consent.event_ids[0].new_state, "pending")

    def test_confirmation_emails_are_rate_limited(self):
        consent = self._create_consent(
            self.partner_en, self.purpose_newsletter, self.channel_email, "pending"
        )
        other = self._create_consent(
            self.partner_en, self.purpose_advertising, self.channel_email, "pending"
        )
        now = fields.Datetime.now()
        with self.mock_mail_gateway():
            consent.action_request_double_opt_in()
            with self.assertRaisesRegex(UserError, "few minutes"):
                self._as_sales(consent).action_request_double_opt_in()
            with self.mock_datetime_and_now(now + timedelta(minutes=10)):
                consent.action_request_double_opt_in()
                other.action_request_double_opt_in()
            # three per person and day, whatever the consent
            with (
                self.mock_datetime_and_now(now + timedelta(minutes=20)),
                self.assertRaisesRegex(UserError, "last 24 hours"),
            ):
                consent.action_request_double_opt_in()
        self.assertEqual(len(self._new_mails), 3)
        with (
            self.mock_mail_gateway(),
            self.mock_datetime_and_now(now + timedelta(days=2)),
        ):
            consent.action_request_double_opt_in()
        self.assertEqual(len(self._new_mails), 1)


@tagged("post_install", "-at_install", "gdpr_consent", "gdpr_security")
class TestPublicPagesRejectOddTokens(GdprConsentCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gdpr_consent()
        cls.consent = cls._create_consent(
            cls.partner, cls.purpose_advertising, cls.channel_phone
        )

    @mute_logger("odoo.http", "werkzeug")
    def test_preference_tokens(self):
        pid = self.partner.id
        good = urlparse(self.partner.gdpr_preference_url).path.rsplit("/", 1)[1]
        expiry, signature = good.split("-")
        for token in (
            "1-é",
            "²-" + signature,
            "9" * 5000 + "-" + signature,
            expiry + "-" + signature.upper(),
            expiry + "-" + signature + "0",
            "-" + signature,
            expiry + "-",
        ):
            with self.subTest(token=token[:20]):
                response = self.url_open(f"/gdpr/preferences/{pid}/{token}")
                self.assertEqual(response.status_code, 404)
                self.assertIn("o_gdpr_invalid", response.text)
        response = self.url_open(f"/gdpr/preferences/{10**15}/{good}")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.consent.state, "granted")

    @mute_logger("odoo.http", "werkzeug")
    def test_confirmation_tokens(self):
        pending = self._create_consent(
            self.partner_en, self.purpose_newsletter, self.channel_email, "pending"
        )
        pending.action_request_double_opt_in()
        token = pending.double_opt_in_url.rsplit("/", 1)[1]
        for path in (
            f"/gdpr/consent/confirm/{pending.id}/é",
            f"/gdpr/consent/confirm/{pending.id}/{token.upper()}",
            f"/gdpr/consent/confirm/{pending.id}/{'9' * 5000}",
            f"/gdpr/consent/confirm/{10**15}/{token}",
        ):
            with self.subTest(path=path[:60]):
                response = self.url_open(path)
                self.assertEqual(response.status_code, 404)
                response = self.url_open(path, data={"csrf_token": "x"})
                self.assertIn(response.status_code, (400, 404))
        pending.invalidate_recordset()
        self.assertEqual(pending.state, "pending")


@tagged("post_install", "-at_install", "gdpr_consent", "gdpr_security")
class TestPortalAndPublicUsers(GdprConsentCommon, TransactionCase):
    """Outside users reach consents only through their signed links."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gdpr_consent()
        cls.consent = cls._create_consent(
            cls.partner, cls.purpose_advertising, cls.channel_phone
        )
        cls.portal = mail_new_test_user(
            cls.env, login="gdpr_portal", groups="base.group_portal"
        )
        cls.public = cls.env.ref("base.public_user")

    def _attempts(self, user):
        Consent = self.env["gdpr.consent"].with_user(user)
        own = user.partner_id.with_user(user)
        return [
            (Consent.search, ([],)),
            (Consent.browse(self.consent.id).read, (["ip_address"],)),
            (
                Consent.create,
                (
                    {
                        "partner_id": user.partner_id.id,
                        "purpose_id": self.purpose_advertising.id,
                        "channel_id": self.channel_post.id,
                        "state": "granted",
                        "text_id": self.text_advertising.id,
                    },
                ),
            ),
            (Consent.browse(self.consent.id).action_withdraw, ()),
            (
                self.env["gdpr.consent.event"].with_user(user).search_read,
                ([], ["ip_address"]),
            ),
            (own.action_gdpr_object_to_advertising, ()),
            (
                self.partner.with_user(user).write,
                ({"gdpr_advertising_objection": True},),
            ),
        ]

    def test_no_access_to_consents_or_their_proof(self):
        for user in (self.portal, self.public):
            for method, args in self._attempts(user):
                with (
                    self.subTest(user=user.login, method=method.__name__),
                    self.assertRaises(AccessError),
                ):
                    method(*args)
        self.assertEqual(self.consent.state, "granted")
        self.assertFalse(self.partner.gdpr_advertising_objection)
