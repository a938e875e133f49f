# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo import Command
from odoo.tests import TransactionCase, new_test_user

RESTRICTED_PASSWORD = "Restricted-Pass-2026"


class GdprSegmentsCommon(TransactionCase):
    """Purposes, partners and users shared by the gdpr_segments tests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, no_reset_password=True))
        cls.Partner = cls.env["res.partner"]
        cls.Assignment = cls.env["gdpr.partner.purpose"]
        cls.Disclosure = cls.env["gdpr.disclosure"]
        cls.Segment = cls.env["gdpr.segment"]

        cls.purpose_contract = cls.env.ref("gdpr_segments.purpose_contract")
        cls.purpose_care = cls.env.ref("gdpr_segments.purpose_customer_care")
        cls.purpose_lead = cls.env.ref("gdpr_segments.purpose_lead")
        cls.purpose_advertising = cls.env.ref("gdpr_segments.purpose_advertising")
        cls.purpose_newsletter = cls.env.ref("gdpr_segments.purpose_newsletter")
        cls.purpose_accounting = cls.env.ref("gdpr_segments.purpose_accounting")
        cls.category_contact = cls.env.ref("gdpr_segments.data_category_contact")
        cls.category_master = cls.env.ref("gdpr_segments.data_category_master")

        cls.country_de = cls.env.ref("base.de")
        cls.country_us = cls.env.ref("base.us")
        cls.country_no = cls.env.ref("base.no")
        cls.country_ch = cls.env.ref("base.ch")

        cls.partner_ads = cls.Partner.create(
            {"name": "GDPR Test Ads Anna", "country_id": cls.country_de.id}
        )
        cls.partner_contract = cls.Partner.create(
            {"name": "GDPR Test Contract Carl", "country_id": cls.country_de.id}
        )
        cls.partner_none = cls.Partner.create(
            {"name": "GDPR Test Nobody Nina", "country_id": cls.country_us.id}
        )
        cls.partner_ended = cls.Partner.create(
            {"name": "GDPR Test Ended Emil", "country_id": cls.country_de.id}
        )
        cls.assignment_ads = cls.Assignment.create(
            {
                "partner_id": cls.partner_ads.id,
                "purpose_id": cls.purpose_advertising.id,
                "origin_type": "web_form",
                "origin_detail": "Contact form",
            }
        )
        cls.assignment_contract = cls.Assignment.create(
            {
                "partner_id": cls.partner_contract.id,
                "purpose_id": cls.purpose_contract.id,
                "origin_type": "contract",
            }
        )
        cls.assignment_ended = cls.Assignment.create(
            {
                "partner_id": cls.partner_ended.id,
                "purpose_id": cls.purpose_advertising.id,
                "origin_type": "third_party",
                "date_start": "2024-01-01",
            }
        )
        cls.assignment_ended.action_end()
        cls.test_partners = (
            cls.partner_ads
            + cls.partner_contract
            + cls.partner_none
            + cls.partner_ended
        )

        cls.recipient_de = cls.Partner.create(
            {
                "name": "GDPR Test Carrier GmbH",
                "is_company": True,
                "country_id": cls.country_de.id,
                "gdpr_is_recipient": True,
            }
        )
        cls.recipient_us = cls.Partner.create(
            {
                "name": "GDPR Test Cloud Inc.",
                "is_company": True,
                "country_id": cls.country_us.id,
                "gdpr_is_recipient": True,
                "gdpr_transfer_mechanism": "dpf",
            }
        )

    @classmethod
    def _create_marketing_setup(cls):
        """A marketing team allowed to process advertising data only, and a
        user of that team with purpose-restricted access."""
        cls.group_marketing = cls.env["res.groups"].create(
            {"name": "GDPR Test Marketing Team"}
        )
        cls.purpose_advertising.allowed_group_ids = [
            Command.link(cls.group_marketing.id)
        ]
        cls.restricted_user = new_test_user(
            cls.env,
            login="gdpr_restricted",
            password=RESTRICTED_PASSWORD,
            name="GDPR Restricted Rita",
            groups="base.group_user,gdpr_segments.group_gdpr_restricted",
        )
        cls.restricted_user.groups_id = [Command.link(cls.group_marketing.id)]
        cls.internal_user = new_test_user(
            cls.env,
            login="gdpr_internal",
            name="GDPR Internal Ingo",
            groups="base.group_user",
        )

    @classmethod
    def _create_sales_user(cls):
        groups = "base.group_user"
        if cls.env.ref("sales_team.group_sale_salesman", raise_if_not_found=False):
            groups += ",sales_team.group_sale_salesman"
        return new_test_user(
            cls.env,
            login="gdpr_sales",  # start_tour logs in with the login as password
            name="GDPR Sales Sven",
            groups=groups,
        )
