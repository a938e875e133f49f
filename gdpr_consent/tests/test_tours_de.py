# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Every button of gdpr_consent, clicked in a browser by German users; the
tours are in static/tests/tours/gdpr_consent_buttons_de.js."""

import base64
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from odoo.addons.gdpr_segments.models.gdpr_dpo import DPO_GROUP
from odoo.addons.mail.tests.common import mail_new_test_user

from .common import GdprConsentCommon


@tagged("post_install", "-at_install", "gdpr_consent")
class TestConsentButtonToursGerman(GdprConsentCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gdpr_consent()
        cls.user_sales_de = mail_new_test_user(
            cls.env,
            login="gdpr_sales_de",
            name="Sabine Vertrieb",
            email="sabine.vertrieb@example.com",
            lang="de_DE",
            groups="base.group_user,sales_team.group_sale_salesman",
        )
        cls.user_dpo_de = mail_new_test_user(
            cls.env,
            login="gdpr_dpo_de",
            name="Dagmar Datenschutz",
            email="dagmar.datenschutz@example.com",
            lang="de_DE",
            groups=f"base.group_user,{DPO_GROUP}",
        )

    def _consents_by_channel(self, partner, purpose):
        consents = partner.gdpr_consent_ids.filtered(lambda c: c.purpose_id == purpose)
        return {consent.channel_id: consent for consent in consents}

    def _mails_to(self, partner):
        return (
            self.env["mail.mail"].sudo().search([("recipient_ids", "in", partner.ids)])
        )

    def test_record_consent_on_phone_sms_and_post(self):
        """Phone, SMS and post are granted at once, each with the text that
        names the channel and the source the user chose."""
        self.start_tour(
            f"/odoo/contacts/{self.partner.id}",
            "gdpr_consent_record_channels_de",
            login=self.user_sales_de.login,
        )
        consents = self._consents_by_channel(self.partner, self.purpose_advertising)
        self.assertEqual(
            set(consents), {self.channel_phone, self.channel_sms, self.channel_post}
        )
        expected = {
            self.channel_phone: ("phone", "Anruf vom Montag"),
            self.channel_sms: ("phone", "SMS-Antwort JA"),
            self.channel_post: ("written", "Antwortkarte Messe"),
        }
        for channel, (source, detail) in expected.items():
            consent = consents[channel]
            self.assertEqual(consent.state, "granted", channel.name)
            self.assertTrue(consent.date_granted)
            self.assertEqual(consent.text_id, self.text_advertising)
            self.assertIn(channel, consent.text_id.channel_ids)
            self.assertEqual(consent.source, source)
            self.assertEqual(consent.scope, "offers")
            self.assertEqual(consent.user_id, self.user_sales_de)
            self.assertEqual(consent.event_ids.source_detail, detail)
        self.assertTrue(
            self.env["res.partner"].search_count(
                [
                    ("id", "=", self.partner.id),
                    ("gdpr_consent_granted", "=", "advertising:post"),
                ]
            )
        )
        # nothing to confirm: no email went out
        self.assertFalse(self._mails_to(self.partner))

    def test_record_consent_by_email(self):
        """Email said on the phone: pending, a confirmation email is queued.
        Email on a signed written form: granted, no email."""
        self.start_tour(
            f"/odoo/contacts/{self.partner.id}",
            "gdpr_consent_record_email_de",
            login=self.user_sales_de.login,
        )
        pending = self._consents_by_channel(self.partner, self.purpose_advertising)[
            self.channel_email
        ]
        self.assertEqual(pending.state, "pending")
        self.assertEqual(pending.source, "phone")
        self.assertEqual(pending.text_id, self.text_advertising)
        self.assertTrue(pending.doi_requested)
        self.assertGreater(pending.doi_expiry, fields.Datetime.now())
        self.assertFalse(pending.date_granted)
        self.assertEqual(pending.event_ids[-1].source_detail, "Anruf vom Dienstag")
        granted = self._consents_by_channel(self.partner, self.purpose_newsletter)[
            self.channel_email
        ]
        self.assertEqual(granted.state, "granted")
        self.assertEqual(granted.source, "written")
        self.assertEqual(granted.text_id, self.text_newsletter)
        self.assertEqual(granted.event_ids.source_detail, "Unterschriebenes Formular")
        # one confirmation email, for the pending consent, in German
        mail = self._mails_to(self.partner)
        self.assertEqual(len(mail), 1)
        self.assertIn("Werbung", mail.subject)
        self.assertIn(f"/gdpr/consent/confirm/{pending.id}/", mail.body_html)

    def test_consent_form_buttons(self):
        """Record Grant, Withdraw, Refused and Request Confirmation on one
        consent: each appends its event, the request queues an email."""
        consent = self._create_consent(
            self.partner, self.purpose_advertising, self.channel_phone, "pending"
        )
        self.start_tour(
            f"/odoo/action-gdpr_consent.action_gdpr_consent/{consent.id}",
            "gdpr_consent_form_buttons_de",
            login=self.user_sales_de.login,
        )
        self.assertEqual(consent.state, "pending")
        self.assertTrue(consent.doi_requested)
        self.assertTrue(consent.date_granted)
        self.assertTrue(consent.date_withdrawn)
        events = consent.event_ids.sorted("id")
        self.assertEqual(
            events.mapped("new_state"),
            ["pending", "granted", "withdrawn", "refused", "pending"],
        )
        self.assertEqual(set(events[1:].user_id), {self.user_sales_de})
        self.assertEqual(events[2].source, "manual")
        mail = self._mails_to(self.partner)
        self.assertEqual(len(mail), 1)
        self.assertIn(f"/gdpr/consent/confirm/{consent.id}/", mail.body_html)

    def test_consent_text_new_version(self):
        """The DPO copies a consent text into version 2, valid from today:
        it is the text new consents are given on."""
        self.start_tour(
            f"/odoo/action-gdpr_consent.action_gdpr_consent_text/"
            f"{self.text_advertising.id}",
            "gdpr_consent_text_new_version_de",
            login=self.user_dpo_de.login,
        )
        Text = self.env["gdpr.consent.text"]
        new = Text.search(
            [("purpose_id", "=", self.purpose_advertising.id), ("version", "=", 2)]
        )
        self.assertEqual(len(new), 1)
        self.assertEqual(new.body, self.text_advertising.body)
        self.assertEqual(new.channel_ids, self.text_advertising.channel_ids)
        self.assertEqual(new.date_valid_from, fields.Date.context_today(new))
        self.assertEqual(
            Text._gdpr_get_current(self.purpose_advertising, self.channel_phone), new
        )
        self.assertEqual(self.text_advertising.version, 1)

    def test_record_objection(self):
        """After "are you sure", no channel is left: consents withdrawn,
        email and phones blacklisted, the objection flagged."""
        partner = self._setup_reachable_person()
        partner.lang = "de_DE"
        self.start_tour(
            f"/odoo/contacts/{partner.id}",
            "gdpr_consent_objection_de",
            login=self.user_sales_de.login,
        )
        self.assertObjected(partner)
        self.assertEqual(
            set(
                partner.gdpr_consent_ids.event_ids.filtered("old_state").mapped(
                    "source"
                )
            ),
            {"objection"},
        )

    def test_postal_export(self):
        """Of five selected contacts, only the one with a postal consent and
        a complete address is in the file; the objecting one is not."""
        Partner = self.env["res.partner"]
        address = {"street": "Postweg 1", "zip": "10115", "city": "Berlin"}
        anna, bernd, clara, dieter, emil = Partner.create(
            [
                dict(address, name="Tour Post Anna"),
                {"name": "Tour Post Bernd", "city": "Berlin"},
                dict(address, name="Tour Post Clara"),
                dict(address, name="Tour Post Dieter", email="dieter@example.com"),
                dict(address, name="Tour Post Emil", phone="+49 30 999"),
            ]
        )
        for partner in (anna, bernd, dieter):
            self._create_consent(partner, self.purpose_advertising, self.channel_post)
        self._create_consent(emil, self.purpose_advertising, self.channel_phone)
        dieter._gdpr_object_to_advertising()
        self.start_tour(
            "/odoo/action-contacts.action_contacts",
            "gdpr_consent_postal_export_de",
            login=self.user_sales_de.login,
        )
        wizard = self.env["gdpr.postal.export.wizard"].search([], order="id desc")[:1]
        self.assertEqual(wizard.state, "done")
        self.assertEqual(wizard.partner_ids, anna | bernd | clara | dieter | emil)
        self.assertEqual(
            (
                wizard.candidate_count,
                wizard.included_count,
                wizard.excluded_count,
                wizard.incomplete_count,
            ),
            (5, 1, 3, 1),
        )
        self.assertEqual(wizard.export_filename, "briefpost-kampagne-advertising.csv")
        lines = base64.b64decode(wizard.export_file).decode("utf-8-sig").splitlines()
        self.assertEqual(lines[0].split(";")[:2], ["Name", "Straße"])
        self.assertEqual(len(lines), 2)
        self.assertTrue(lines[1].startswith("Tour Post Anna;Postweg 1;"))
        # the consent used for the campaign stays valid
        self.assertTrue(anna.gdpr_consent_ids.date_last_use)
        self.assertFalse(dieter.gdpr_consent_ids.date_last_use)

    def test_consent_smart_buttons(self):
        """The contact's button lists its consents, the purpose's button its
        granted consents: the records they count."""
        self._create_consent(self.partner, self.purpose_advertising, self.channel_phone)
        self._create_consent(
            self.partner, self.purpose_advertising, self.channel_post
        ).action_withdraw()
        self._create_consent(self.partner, self.purpose_newsletter, self.channel_email)
        self._create_consent(
            self.partner_en, self.purpose_advertising, self.channel_email
        )
        self.start_tour(
            f"/odoo/contacts/{self.partner.id}",
            "gdpr_consent_smart_buttons_de",
            login=self.user_sales_de.login,
        )
        Consent = self.env["gdpr.consent"]
        action = self.partner.action_gdpr_view_consents()
        self.assertEqual(
            Consent.search(action["domain"]), self.partner.gdpr_consent_ids
        )
        action = self.purpose_advertising.action_view_consents()
        self.assertEqual(action["context"].get("search_default_granted"), 1)
        granted = Consent.search(action["domain"] + [("state", "=", "granted")])
        self.assertEqual(len(granted), self.purpose_advertising.consent_count)
        self.assertEqual(granted.partner_id, self.partner | self.partner_en)

    def test_mailing_excluded_stat_button(self):
        """After sending, the mailing's button lists the recipients left out
        for missing consent."""
        user = mail_new_test_user(
            self.env,
            login="gdpr_marketing_buttons_de",
            name="Mara Marketing",
            email="mara.marketing@example.com",
            lang="de_DE",
            groups="base.group_user,mass_mailing.group_mass_mailing_user",
        )
        Partner = self.env["res.partner"]
        consenting = Partner.create(
            [
                {
                    "name": f"Tour Consent {idx}",
                    "email": f"tour.consent.{idx}@example.com",
                }
                for idx in range(3)
            ]
        )
        for partner in consenting:
            self._create_consent(partner, self.purpose_newsletter, self.channel_email)
        excluded = Partner.create(
            [
                {"name": f"Tour Excluded {idx}", "email": f"tour.ex.{idx}@example.com"}
                for idx in range(6)
            ]
        )
        mailing = self.env["mailing.mailing"].create(
            {
                "name": "Herbst-Newsletter",
                "subject": "Herbst-Newsletter",
                "body_html": "<p>Hallo</p>",
                "mailing_model_id": self.env["ir.model"]._get("res.partner").id,
                "mailing_domain": repr([("id", "in", (consenting | excluded).ids)]),
                "gdpr_purpose_id": self.purpose_newsletter.id,
                "user_id": user.id,
            }
        )
        mailing.action_send_mail()
        self.assertEqual(mailing.gdpr_excluded_count, 6)
        # Back in the queue (e.g. Retry after failures): the form of a done
        # mailing shows the body in a read-only iframe whose load raises in
        # Odoo 18's MassMailingHtmlField._updateIframe (no wysiwyg there),
        # which fails any tour; the button does not depend on the state.
        mailing.state = "in_queue"
        self.start_tour(
            f"/odoo/action-mass_mailing.mailing_mailing_action_mail/{mailing.id}",
            "gdpr_consent_mailing_excluded_de",
            login=user.login,
        )
        action = mailing.action_view_gdpr_excluded()
        traces = self.env["mailing.trace"].search(action["domain"])
        self.assertEqual(set(traces.mapped("res_id")), set(excluded.ids))
        self.assertEqual(set(traces.mapped("trace_status")), {"cancel"})

    def test_dashboard_cards(self):
        """The consent cards count what needs attention and open exactly
        those consents: one stale confirmation, two consents expiring."""
        now = fields.Datetime.now()
        today = fields.Date.context_today(self.env.user)
        stale = self._create_consent(
            self.partner, self.purpose_advertising, self.channel_email, "pending"
        )
        stale._gdpr_write(
            {
                "doi_nonce": "stale",
                "doi_requested": now - timedelta(days=20),
                "doi_expiry": now - timedelta(days=6),
            }
        )
        fresh = self._create_consent(
            self.partner_en, self.purpose_newsletter, self.channel_email, "pending"
        )
        fresh._gdpr_write({"doi_nonce": "fresh", "doi_requested": now})
        expiring = self._create_consent(
            self.partner, self.purpose_advertising, self.channel_phone
        ) | self._create_consent(
            self.partner_en, self.purpose_advertising, self.channel_email
        )
        expiring._gdpr_write({"date_expiry": today + timedelta(days=10)})
        later = self._create_consent(
            self.partner, self.purpose_newsletter, self.channel_email
        )
        later._gdpr_write({"date_expiry": today + timedelta(days=90)})
        Dashboard = self.env["gdpr.dashboard"].with_user(self.user_dpo_de)
        Dashboard = Dashboard.with_context(lang="de_DE")
        cards = {card["key"]: card for card in Dashboard.get_cards()}
        self.assertEqual(cards["doi_stale"]["count"], 1)
        self.assertEqual(cards["consent_expiring"]["count"], 2)
        self.start_tour(
            "/odoo/action-gdpr_segments.action_gdpr_dashboard",
            "gdpr_consent_dashboard_de",
            login=self.user_dpo_de.login,
        )
        Consent = self.env["gdpr.consent"]
        for key, records in (("doi_stale", stale), ("consent_expiring", expiring)):
            action = Dashboard.action_open_card(key)
            self.assertEqual(action["name"], cards[key]["title"])
            self.assertEqual(Consent.search(action["domain"]), records)
