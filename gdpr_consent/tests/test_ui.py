# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from urllib.parse import urlparse

from odoo.tests import HttpCase, tagged

from odoo.addons.gdpr_segments.models.gdpr_dpo import DPO_GROUP
from odoo.addons.mail.tests.common import mail_new_test_user

from .common import GdprConsentCommon


@tagged("post_install", "-at_install", "gdpr_consent")
class TestConsentTours(GdprConsentCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gdpr_consent()

    def test_tour_record_consent_as_sales_user(self):
        self.assertFalse(self.user_sales.has_group(DPO_GROUP))
        self.user_sales.lang = "en_US"
        self.start_tour(
            f"/odoo/contacts/{self.partner.id}",
            "gdpr_consent_record_from_partner",
            login=self.user_sales.login,
        )
        consent = self.partner.gdpr_consent_ids
        self.assertEqual(len(consent), 1)
        self.assertEqual(consent.purpose_id, self.purpose_advertising)
        self.assertEqual(consent.channel_id, self.channel_phone)
        self.assertEqual(consent.state, "granted")
        self.assertEqual(consent.source, "phone")
        self.assertEqual(consent.text_id, self.text_advertising)
        self.assertEqual(consent.user_id, self.user_sales)
        self.assertEqual(consent.event_ids.source_detail, "Call of today")

    def test_tour_preference_center_withdraw(self):
        email = self._create_consent(
            self.partner, self.purpose_newsletter, self.channel_email
        )
        phone = self._create_consent(
            self.partner, self.purpose_advertising, self.channel_phone
        )
        path = urlparse(self.partner.gdpr_preference_url).path
        self.start_tour(
            f"{path}?lang=en_US", "gdpr_consent_preference_center_withdraw", login=None
        )
        self.assertEqual(phone.state, "withdrawn")
        self.assertEqual(phone.event_ids[0].source, "preference_center")
        self.assertTrue(phone.event_ids[0].ip_address)
        self.assertEqual(email.state, "granted")


@tagged("post_install", "-at_install", "gdpr_consent")
class TestConsentToursGerman(GdprConsentCommon, HttpCase):
    """The contact form and the mailing form as German users see them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gdpr_consent()
        cls.user_marketing = mail_new_test_user(
            cls.env,
            login="gdpr_marketing_de",
            name="Mara Marketing",
            email="mara@example.com",
            lang="de_DE",
            groups="base.group_user,mass_mailing.group_mass_mailing_user",
        )

    def test_tour_advertising_allowed_on_the_contact_form(self):
        self.partner.street = "Hauptstraße 1"
        for channel in (self.channel_phone, self.channel_post):
            self._create_consent(self.partner, self.purpose_advertising, channel)
        self.start_tour(
            f"/odoo/contacts/{self.partner.id}",
            "gdpr_consent_advertising_allowed_de",
            login=self.user_marketing.login,
        )

    def test_tour_mailing_exclusion_count(self):
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
        no_email = Partner.create({"name": "Tour No Email"})
        people = consenting | excluded | no_email
        mailing = self.env["mailing.mailing"].create(
            {
                "name": "Frühjahrs-Newsletter",
                "subject": "Frühjahrs-Newsletter",
                "body_html": "<p>Hallo</p>",
                "mailing_model_id": self.env["ir.model"]._get("res.partner").id,
                "mailing_domain": repr([("id", "in", people.ids)]),
                "gdpr_purpose_id": self.purpose_newsletter.id,
                "user_id": self.user_marketing.id,
            }
        )
        self.assertEqual(
            (
                mailing.gdpr_recipient_count,
                mailing.gdpr_missing_consent_count,
                mailing.gdpr_missing_address_count,
            ),
            (3, 6, 1),
        )
        self.start_tour(
            f"/odoo/action-mass_mailing.mailing_mailing_action_mail/{mailing.id}",
            "gdpr_consent_mailing_exclusion_count_de",
            login=self.user_marketing.login,
        )
        # the link lists exactly the six without consent
        action = mailing.action_view_gdpr_missing_consent()
        self.assertEqual(Partner.search(action["domain"]), excluded)
