# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Users of the adversarial tests (R18)."""

from odoo import Command
from odoo.tests import new_test_user

from ..models.gdpr_dpo import DPO_GROUP
from .common import GdprSegmentsCommon


class GdprSecurityCommon(GdprSegmentsCommon):
    """A plain sales user, a purpose-restricted marketing user (who also
    has the sales team's "all leads" right and mass mailing, so that the
    separation is tested against the rules that grant the most) and a DPO
    who is not an administrator."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_marketing_setup()
        cls.sales_user = cls._create_sales_user()
        cls.dpo_user = new_test_user(
            cls.env,
            login="gdpr_dpo_attacker",
            name="GDPR DPO Dora",
            groups=f"base.group_user,{DPO_GROUP}",
        )
        cls.restricted_user.groups_id = [
            Command.link(cls.env.ref("sales_team.group_sale_salesman_all_leads").id),
            Command.link(cls.env.ref("mass_mailing.group_mass_mailing_user").id),
        ]
        cls.partner_ads.write(
            {"email": "anna.ads@example.com", "phone": "+49 30 5550200"}
        )
        cls.partner_contract.write(
            {"email": "carl.contract@example.com", "phone": "+49 30 5550100"}
        )
        cls.partner_ended.email = "emil.ended@example.com"
        cls.hidden_partners = (
            cls.partner_contract | cls.partner_none | cls.partner_ended
        )

    def as_restricted(self, model):
        return self.env[model].with_user(self.restricted_user)
