# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo.tests import HttpCase, TransactionCase, tagged

from .common import GdprConsentCommon


@tagged("post_install", "-at_install", "gdpr_consent")
class TestBlacklistSync(GdprConsentCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gdpr_consent()
        cls.email_newsletter = cls._create_consent(
            cls.partner, cls.purpose_newsletter, cls.channel_email
        )
        cls.email_advertising = cls._create_consent(
            cls.partner, cls.purpose_advertising, cls.channel_email
        )
        cls.phone_advertising = cls._create_consent(
            cls.partner, cls.purpose_advertising, cls.channel_phone
        )
        cls.sms_advertising = cls._create_consent(
            cls.partner, cls.purpose_advertising, cls.channel_sms
        )

    def test_withdrawing_every_email_consent_blacklists(self):
        self.email_newsletter.action_withdraw()
        self.assertFalse(self.partner.is_blacklisted, "one email consent is left")
        self.email_advertising.action_withdraw()
        self.assertTrue(self.partner.is_blacklisted)
        self.assertFalse(self.partner.phone_blacklisted)
        # no loop: the blacklist addition did not append more events
        self.assertEqual(len(self.email_advertising.event_ids), 2)
        self.assertEqual(len(self.email_newsletter.event_ids), 2)

        # granting one again removes the address from the blacklist
        self.email_newsletter._gdpr_set_state(
            "granted", source="written", text=self.text_newsletter
        )
        self.assertFalse(self.partner.is_blacklisted)
        self.assertEqual(self.email_advertising.state, "withdrawn")
        self.assertEqual(len(self.email_newsletter.event_ids), 3)
        entry = (
            self.env["mail.blacklist"]
            .with_context(active_test=False)
            .search([("email", "=", "erika.mustermann@example.com")])
        )
        self.assertFalse(entry.active)

    def test_blacklist_addition_withdraws_email_consents(self):
        self.env["mail.blacklist"]._add("Erika.Mustermann@example.com")
        for consent in (self.email_newsletter, self.email_advertising):
            self.assertEqual(consent.state, "withdrawn")
            self.assertEqual(consent.event_ids[0].source, "blacklist")
            self.assertEqual(len(consent.event_ids), 2)
        self.assertEqual(self.phone_advertising.state, "granted")
        self.assertTrue(self.partner.is_blacklisted)
        # removing from the blacklist does not invent a consent
        self.env["mail.blacklist"]._remove("erika.mustermann@example.com")
        self.assertEqual(self.email_newsletter.state, "withdrawn")

    def test_phone_and_sms_use_phone_blacklist(self):
        self.phone_advertising.action_withdraw()
        self.assertFalse(self.partner.phone_blacklisted, "SMS consent is left")
        self.sms_advertising.action_withdraw()
        self.assertTrue(self.partner.phone_blacklisted)
        self.assertFalse(self.partner.is_blacklisted)
        self.phone_advertising._gdpr_set_state(
            "granted", source="phone", text=self.text_advertising
        )
        self.assertFalse(self.partner.phone_blacklisted)

    def test_phone_blacklist_addition_withdraws(self):
        self.env["phone.blacklist"].add("+49 30 1234567")
        self.assertEqual(self.phone_advertising.state, "withdrawn")
        self.assertEqual(self.sms_advertising.state, "withdrawn")
        self.assertEqual(self.phone_advertising.event_ids[0].source, "blacklist")
        self.assertEqual(self.email_newsletter.state, "granted")


@tagged("post_install", "-at_install", "gdpr_consent")
class TestUnsubscribeLink(GdprConsentCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gdpr_consent()
        cls.consent = cls._create_consent(
            cls.partner, cls.purpose_newsletter, cls.channel_email
        )
        cls.other = cls._create_consent(
            cls.partner, cls.purpose_advertising, cls.channel_email
        )

    def _mailing(self, **vals):
        return self.env["mailing.mailing"].create(
            dict(
                {
                    "name": "Unsubscribe test",
                    "subject": "News",
                    "body_html": "<p>Hello</p>",
                    "gdpr_purpose_id": self.purpose_newsletter.id,
                },
                **vals,
            )
        )

    def test_unsubscribe_from_document_mailing(self):
        mailing = self._mailing(
            mailing_model_id=self.env.ref("base.model_res_partner").id,
            mailing_domain=f"[('id', '=', {self.partner.id})]",
        )
        email = self.partner.email_normalized
        url = mailing._get_unsubscribe_url(email, self.partner.id)
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.env.invalidate_all()
        self.assertTrue(self.partner.is_blacklisted)
        for consent in self.consent | self.other:
            self.assertEqual(consent.state, "withdrawn")
            self.assertEqual(consent.event_ids[0].source, "unsubscribe")
            self.assertEqual(
                consent.event_ids[0].source_detail, f"mailing.mailing,{mailing.id}"
            )

    def test_unsubscribe_from_list_withdraws_the_mailing_purpose(self):
        contact = self.env["mailing.contact"].create(
            {"name": "Erika", "email": self.partner.email}
        )
        mailing_list = self.env["mailing.list"].create(
            {"name": "Newsletter", "contact_ids": [(6, 0, contact.ids)]}
        )
        mailing = self._mailing(
            mailing_model_id=self.env.ref("mass_mailing.model_mailing_list").id,
            contact_list_ids=[(6, 0, mailing_list.ids)],
        )
        url = mailing._get_unsubscribe_url(self.partner.email_normalized, contact.id)
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.env.invalidate_all()
        self.assertEqual(self.consent.state, "withdrawn")
        self.assertEqual(self.consent.event_ids[0].source, "unsubscribe")
        self.assertEqual(self.other.state, "granted")
        self.assertFalse(self.partner.is_blacklisted)
