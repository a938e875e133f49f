# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
import re

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
                "body": "<p>I want to receive the monthly newsletter.</p>",
            }
        )
        cls.text_newsletter.update_field_translations(
            "name", {"de_DE": "Einwilligung Newsletter"}
        )
        cls.text_newsletter.update_field_translations(
            "body",
            {
                "de_DE": {
                    "I want to receive the monthly newsletter.": (
                        "Ich möchte den monatlichen Newsletter erhalten."
                    )
                }
            },
        )
        cls.text_advertising = Text.create(
            {
                "name": "Advertising consent",
                "purpose_id": cls.purpose_advertising.id,
                "body": "<p>You may send me product offers.</p>",
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
