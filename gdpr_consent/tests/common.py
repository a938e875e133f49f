# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
import re

from odoo import Command

from odoo.addons.mail.tests.common import mail_new_test_user


class GdprConsentCommon:
    """Shared fixtures: channels, purposes, consent texts, partners, users."""

    @classmethod
    def _setup_gdpr_consent(cls):
        # the template database may have German only: the public pages and
        # emails are tested in both languages
        cls.env["res.lang"]._activate_lang("en_US")
        cls.env["res.lang"]._activate_lang("de_DE")
        cls.env = env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.channel_email = env.ref("gdpr_consent.channel_email")
        cls.channel_phone = env.ref("gdpr_consent.channel_phone")
        cls.channel_sms = env.ref("gdpr_consent.channel_sms")
        cls.channel_post = env.ref("gdpr_consent.channel_post")
        cls.purpose_newsletter = env.ref("gdpr_segments.purpose_newsletter")
        cls.purpose_advertising = env.ref("gdpr_segments.purpose_advertising")
        cls.purpose_contract = env.ref("gdpr_segments.purpose_contract")
        # only these two marketing purposes in the preference center
        env["gdpr.purpose"].search(
            [
                ("is_marketing", "=", True),
                (
                    "id",
                    "not in",
                    (cls.purpose_newsletter | cls.purpose_advertising).ids,
                ),
            ]
        ).write({"is_marketing": False})
        Text = env["gdpr.consent.text"]
        cls.text_newsletter = Text.create(
            {
                "name": "Newsletter consent",
                "purpose_id": cls.purpose_newsletter.id,
                "channel_ids": [Command.set(cls.channel_email.ids)],
                "body": "<p>I want to receive the monthly newsletter by email.</p>",
            }
        )
        cls.text_newsletter.update_field_translations(
            "name", {"de_DE": "Einwilligung Newsletter"}
        )
        cls.text_newsletter.update_field_translations(
            "body",
            {
                "de_DE": {
                    "I want to receive the monthly newsletter by email.": (
                        "Ich möchte den monatlichen Newsletter per E-Mail erhalten."
                    )
                }
            },
        )
        cls.text_newsletter_phone = Text.create(
            {
                "name": "Newsletter by phone or SMS",
                "purpose_id": cls.purpose_newsletter.id,
                "channel_ids": [Command.set((cls.channel_phone | cls.channel_sms).ids)],
                "body": "<p>Send me the newsletter news by SMS or call me.</p>",
            }
        )
        cls.text_advertising = Text.create(
            {
                "name": "Advertising consent",
                "purpose_id": cls.purpose_advertising.id,
                "channel_ids": [
                    Command.set(
                        (
                            cls.channel_email
                            | cls.channel_phone
                            | cls.channel_sms
                            | cls.channel_post
                        ).ids
                    )
                ],
                "body": "<p>You may send me product offers by email, phone, SMS "
                "or post.</p>",
            }
        )
        cls.partner = env["res.partner"].create(
            {
                "name": "Erika Mustermann",
                "email": "erika.mustermann@example.com",
                "phone": "+49 30 1234567",
                "lang": "de_DE",
                "street": "Hauptstraße 1",
                "zip": "10115",
                "city": "Berlin",
                "country_id": env.ref("base.de").id,
            }
        )
        cls.partner_en = env["res.partner"].create(
            {
                "name": "John Doe",
                "email": "john.doe@example.com",
                "lang": "en_US",
            }
        )
        cls.user_sales = mail_new_test_user(
            env,
            login="gdpr_sales",
            name="Sally Sales",
            email="sally.sales@example.com",
            groups="base.group_user,sales_team.group_sale_salesman",
        )

    @classmethod
    def _create_consent(cls, partner, purpose, channel, state="granted", **vals):
        text = vals.pop(
            "text",
            cls.env["gdpr.consent.text"]._gdpr_get_current(purpose, channel),
        )
        return cls.env["gdpr.consent"].create(
            dict(
                {
                    "partner_id": partner.id,
                    "purpose_id": purpose.id,
                    "channel_id": channel.id,
                    "state": state,
                    "source": "web_form",
                    "text_id": text.id,
                },
                **vals,
            )
        )

    @staticmethod
    def _extract_csrf(html):
        match = re.search(r'name="csrf_token" value="([^"]+)"', html) or re.search(
            r'csrf_token: "([^"]+)"', html
        )
        return match and match.group(1)

    # ------------------------------------------------------------------
    # Objection (Art. 21): one end state, whatever the entry point
    # ------------------------------------------------------------------

    @classmethod
    def _setup_reachable_person(cls, name="Olga Objekt"):
        """A person reachable on every channel, with a marketing and a
        contract purpose: what an objection must shut down, and keep."""
        env = cls.env
        slug = name.lower().replace(" ", ".")
        partner = env["res.partner"].create(
            {
                "name": name,
                "email": f"{slug}@example.com",
                "phone": "+49 30 7654321",
                "mobile": "+49 171 7654321",
                "street": "Objektweg 1",
                "zip": "10115",
                "city": "Berlin",
                "country_id": env.ref("base.de").id,
            }
        )
        Assignment = env["gdpr.partner.purpose"]
        Assignment.create(
            [
                {
                    "partner_id": partner.id,
                    "purpose_id": purpose.id,
                    "origin_type": "web_form",
                }
                for purpose in (
                    cls.purpose_newsletter,
                    cls.purpose_advertising,
                    cls.purpose_contract,
                )
            ]
        )
        cls._create_consent(partner, cls.purpose_newsletter, cls.channel_email)
        for channel in (cls.channel_phone, cls.channel_sms, cls.channel_post):
            cls._create_consent(partner, cls.purpose_advertising, channel)
        return partner

    def assertObjected(self, partner):
        """No advertising on any channel: every consent withdrawn, email and
        phones blacklisted, the flag set, the marketing purposes ended (the
        contract stays), out of email, SMS and postal campaigns."""
        env = self.env
        env.invalidate_all()
        partner = partner.sudo()
        consents = partner.gdpr_consent_ids
        self.assertEqual(len(consents), 4)
        self.assertEqual(set(consents.mapped("state")), {"withdrawn"})
        self.assertTrue(partner.gdpr_advertising_objection)
        self.assertTrue(partner.gdpr_objection_date)
        self.assertTrue(
            env["mail.blacklist"].sudo().search([("email", "=", partner.email)])
        )
        self.assertTrue(partner.is_blacklisted)
        numbers = set(
            env["phone.blacklist"]
            .sudo()
            .search([("number", "in", ["+49307654321", "+491717654321"])])
            .mapped("number")
        )
        self.assertEqual(numbers, {"+49307654321", "+491717654321"})
        states = {a.purpose_id: a.state for a in partner.gdpr_partner_purpose_ids}
        self.assertEqual(states[self.purpose_newsletter], "ended")
        self.assertEqual(states[self.purpose_advertising], "ended")
        self.assertEqual(states[self.purpose_contract], "active")
        Partner = env["res.partner"]
        for purpose, channel in (
            (self.purpose_newsletter, "email"),
            (self.purpose_advertising, "phone"),
            (self.purpose_advertising, "sms"),
            (self.purpose_advertising, "post"),
        ):
            key = f"{purpose.code}:{channel}"
            self.assertFalse(
                Partner.search(
                    [("id", "=", partner.id), ("gdpr_consent_granted", "=", key)]
                ),
                f"still reachable for {key}",
            )
        for mailing_type in ("mail", "sms"):
            mailing = env["mailing.mailing"].new(
                {
                    "mailing_type": mailing_type,
                    "mailing_model_id": env.ref("base.model_res_partner").id,
                    "gdpr_purpose_id": self.purpose_newsletter.id,
                }
            )
            domain = [("id", "=", partner.id)] + mailing._gdpr_consent_domain()
            self.assertFalse(Partner.search(domain), mailing_type)
        wizard = env["gdpr.postal.export.wizard"].create(
            {
                "purpose_id": self.purpose_advertising.id,
                "partner_ids": [Command.set(partner.ids)],
            }
        )
        wizard.action_export()
        self.assertEqual(wizard.included_count, 0)
