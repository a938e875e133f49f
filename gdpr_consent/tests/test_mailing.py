# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
import json
from datetime import date

from odoo.tests import Form, TransactionCase, tagged

from odoo.addons.mass_mailing.tests.common import MassMailCase

from .common import GdprConsentCommon


@tagged("post_install", "-at_install", "gdpr_consent")
class TestMailingConsentFilter(GdprConsentCommon, MassMailCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gdpr_consent()
        cls.recipients = cls.env["res.partner"].create(
            [
                {"name": f"Recipient {idx}", "email": f"recipient.{idx}@example.com"}
                for idx in range(100)
            ]
        )
        cls.consenting = (
            cls.recipients[::10] | cls.recipients[1::10] | cls.recipients[2::10]
        )
        cls.env["gdpr.consent"].create(
            [
                {
                    "partner_id": partner.id,
                    "purpose_id": cls.purpose_newsletter.id,
                    "channel_id": cls.channel_email.id,
                    "state": "granted",
                    "source": "web_form",
                    "text_id": cls.text_newsletter.id,
                }
                for partner in cls.consenting
            ]
        )
        # consents that must not count: other purpose, other channel, withdrawn
        cls._create_consent(
            cls.recipients[3], cls.purpose_advertising, cls.channel_email
        )
        cls.recipients[4].phone = "+49 30 555"
        cls._create_consent(
            cls.recipients[4], cls.purpose_newsletter, cls.channel_phone
        )
        cls._create_consent(
            cls.recipients[5], cls.purpose_newsletter, cls.channel_email
        ).action_withdraw()

    def _mailing(self, model="res.partner", domain=None, purpose=None, **vals):
        if domain is None and model == "res.partner":
            domain = [("id", "in", self.recipients.ids)]
        if domain is not None:
            vals["mailing_domain"] = repr(domain)
        return self.env["mailing.mailing"].create(
            dict(
                {
                    "name": "Spring newsletter",
                    "subject": "Spring newsletter",
                    "body_html": "<p>Hello</p>",
                    "mailing_model_id": self.env["ir.model"]._get(model).id,
                    "gdpr_purpose_id": (purpose or self.purpose_newsletter).id,
                },
                **vals,
            )
        )

    def test_100_recipients_30_with_consent(self):
        self.assertEqual(len(self.consenting), 30)
        mailing = self._mailing()
        self.assertTrue(mailing.gdpr_consent_required)
        self.assertEqual(mailing.total, 30)
        with self.mock_mail_gateway(mail_unlink_sent=False):
            mailing.action_send_mail()
        self.assertEqual(len(self._mails), 30)
        self.assertEqual(
            {mail["email_to"][0] for mail in self._mails},
            {partner.email_formatted for partner in self.consenting},
        )
        traces = mailing.mailing_trace_ids
        excluded = traces.filtered(lambda t: t.failure_type == "gdpr_no_consent")
        self.assertEqual(len(excluded), 70)
        self.assertEqual(set(excluded.mapped("trace_status")), {"cancel"})
        self.assertEqual(
            set(excluded.mapped("res_id")), set((self.recipients - self.consenting).ids)
        )
        self.assertIn("Newsletter", excluded[0].failure_reason)
        self.assertEqual(mailing.gdpr_excluded_count, 70)
        self.assertEqual(mailing.canceled, 70)
        self.assertEqual(mailing.state, "done")
        # the exclusions are visible from the mailing
        action = mailing.action_view_gdpr_excluded()
        self.assertEqual(self.env["mailing.trace"].search_count(action["domain"]), 70)
        # sending consents are marked used: validity counted again from today
        consent = self.consenting[0].gdpr_consent_ids
        self.assertTrue(consent.date_last_use)

    def test_counts_before_sending(self):
        """100 recipients, 30 with consent, 5 without email: the form shows
        30 recipients, 65 excluded for missing consent, 5 without address."""
        no_email = self.recipients[7::20]
        self.assertEqual(len(no_email), 5)
        self.assertFalse(no_email & self.consenting)
        no_email.email = False
        mailing = self._mailing()
        self.assertEqual(mailing.gdpr_recipient_count, 30)
        self.assertEqual(mailing.gdpr_recipient_count, mailing.total)
        self.assertEqual(mailing.gdpr_missing_consent_count, 65)
        self.assertEqual(mailing.gdpr_missing_address_count, 5)
        # the button lists exactly the 65, with a domain the web client can use
        action = mailing.action_view_gdpr_missing_consent()
        self.assertEqual(action["res_model"], "res.partner")
        json.dumps(action["domain"])
        excluded = self.env["res.partner"].search(action["domain"])
        self.assertEqual(excluded, self.recipients - self.consenting - no_email)
        # the form shows the counts before sending
        form = Form(mailing)
        self.assertEqual(form.gdpr_missing_consent_count, 65)
        # after sending, the statistics say the same
        with self.mock_mail_gateway(mail_unlink_sent=False):
            mailing.action_send_mail()
        self.assertEqual(len(self._mails), 30)
        self.assertEqual(mailing.gdpr_excluded_count, 65)
        traces = mailing.mailing_trace_ids
        missing = traces.filtered(lambda t: t.failure_type == "mail_email_missing")
        self.assertEqual(set(missing.mapped("res_id")), set(no_email.ids))
        self.assertEqual(set(missing.mapped("trace_status")), {"cancel"})

    def test_counts_without_consent_requirement(self):
        self.recipients[:5].email = False
        mailing = self._mailing(purpose=self.purpose_contract)
        self.assertEqual(mailing.gdpr_recipient_count, 95)
        self.assertEqual(mailing.gdpr_missing_consent_count, 0)
        self.assertEqual(mailing.gdpr_missing_address_count, 5)
        action = mailing.action_view_gdpr_missing_consent()
        self.assertFalse(self.env["res.partner"].search(action["domain"]))

    def test_counts_for_mailing_contacts(self):
        contacts = self.env["mailing.contact"].create(
            [
                {"name": partner.name, "email": partner.email}
                for partner in self.recipients[:20]
            ]
        )
        mailing_list = self.env["mailing.list"].create(
            {"name": "Newsletter list", "contact_ids": [(6, 0, contacts.ids)]}
        )
        mailing = self._mailing(
            model="mailing.list", contact_list_ids=[(6, 0, mailing_list.ids)]
        )
        self.assertEqual(
            (mailing.gdpr_recipient_count, mailing.gdpr_missing_consent_count),
            (6, 14),
        )
        action = mailing.action_view_gdpr_missing_consent()
        self.assertEqual(action["res_model"], "mailing.contact")
        self.assertEqual(len(self.env["mailing.contact"].search(action["domain"])), 14)

    def test_domain_edit_does_not_bypass(self):
        mailing = self._mailing(domain=[])
        mailing.mailing_domain = "[('id', '!=', 0)]"
        with self.mock_mail_gateway(mail_unlink_sent=False):
            mailing.action_send_mail()
        sent = {mail["email_to"][0] for mail in self._mails}
        self.assertEqual(sent, {partner.email_formatted for partner in self.consenting})

    def test_explicit_res_ids_are_filtered(self):
        mailing = self._mailing()
        with self.mock_mail_gateway(mail_unlink_sent=False):
            mailing.action_send_mail(res_ids=self.recipients[:10].ids)
        self.assertEqual(len(self._mails), 3)
        self.assertEqual(mailing.gdpr_excluded_count, 7)

    def test_everybody_excluded(self):
        mailing = self._mailing(domain=[("id", "in", self.recipients[3:10].ids)])
        with self.mock_mail_gateway(mail_unlink_sent=False):
            mailing.action_send_mail()
        self.assertEqual(len(self._mails), 0)
        self.assertEqual(mailing.gdpr_excluded_count, 7)
        self.assertEqual(mailing.state, "done")

    def test_queue_cron_records_exclusions(self):
        mailing = self._mailing()
        mailing.action_put_in_queue()
        with self.mock_mail_gateway(mail_unlink_sent=False):
            mailing._process_mass_mailing_queue()
        self.assertEqual(len(self._mails), 30)
        self.assertEqual(mailing.gdpr_excluded_count, 70)
        # a second run neither sends nor excludes again
        with self.mock_mail_gateway(mail_unlink_sent=False):
            mailing._process_mass_mailing_queue()
        self.assertEqual(len(self._mails), 0)
        self.assertEqual(len(mailing.mailing_trace_ids), 100)

    def test_expired_consent_not_used(self):
        consent = self.consenting[0].gdpr_consent_ids
        consent._gdpr_write({"date_expiry": date(2020, 1, 1)})
        mailing = self._mailing()
        self.assertEqual(mailing.total, 29)

    def test_purpose_without_consent_requirement(self):
        mailing = self._mailing(purpose=self.purpose_contract)
        self.assertFalse(mailing.gdpr_consent_required)
        self.assertEqual(mailing._gdpr_consent_domain(), [])
        self.assertEqual(mailing.total, 100)

    def test_mailing_contacts_and_leads(self):
        contacts = self.env["mailing.contact"].create(
            [
                {"name": partner.name, "email": partner.email}
                for partner in self.recipients[:20]
            ]
        )
        mailing_list = self.env["mailing.list"].create(
            {"name": "Newsletter list", "contact_ids": [(6, 0, contacts.ids)]}
        )
        mailing = self._mailing(
            model="mailing.list", contact_list_ids=[(6, 0, mailing_list.ids)]
        )
        with self.mock_mail_gateway(mail_unlink_sent=False):
            mailing.action_send_mail()
        self.assertEqual(len(self._mails), 6)
        self.assertEqual(mailing.gdpr_excluded_count, 14)

        if "crm.lead" in self.env:
            leads = self.env["crm.lead"].create(
                [
                    {"name": f"Lead {partner.name}", "email_from": partner.email}
                    for partner in self.recipients[:10]
                ]
            )
            mailing = self._mailing(model="crm.lead", domain=[("id", "in", leads.ids)])
            with self.mock_mail_gateway(mail_unlink_sent=False):
                mailing.action_send_mail()
            self.assertEqual(len(self._mails), 3)
            self.assertEqual(mailing.gdpr_excluded_count, 7)

    def test_consent_domain_is_sql(self):
        mailing = self._mailing()
        domain = mailing._gdpr_consent_domain()
        self.assertEqual(len(domain), 1)
        self.assertEqual(domain[0][:2], ("email_normalized", "in"))
        query = self.env["res.partner"]._search(mailing._get_recipients_domain())
        self.assertIn("gdpr_consent", query.select().code)

    def test_sms_address_filter_is_sql(self):
        """The sub-select used for SMS mailings (mass_mailing_sms) matches the
        sanitized numbers of partners with a granted SMS consent."""
        partner = self.recipients[6]
        partner.mobile = "+49 170 5550106"
        self._create_consent(partner, self.purpose_newsletter, self.channel_sms)
        subselect = self.env["gdpr.consent"]._gdpr_granted_address_sql(
            self.purpose_newsletter, self.channel_sms, "phone_sanitized"
        )
        found = self.env["res.partner"].search([("phone_sanitized", "in", subselect)])
        self.assertEqual(found, partner)
