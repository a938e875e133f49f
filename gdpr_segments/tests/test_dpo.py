# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from ..models.gdpr_dpo import DPO_GROUP
from .common import GdprSegmentsCommon


@tagged("post_install", "-at_install", "gdpr_segments")
class TestDpoService(GdprSegmentsCommon):
    """One answer to "is this the DPO" and "who is the company's DPO"."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dpo = new_test_user(
            cls.env, login="gdpr_dpo_service", groups=f"base.group_user,{DPO_GROUP}"
        )
        cls.sales = new_test_user(cls.env, login="gdpr_sales_service")

    def test_is_dpo_and_check(self):
        Dpo = self.env["gdpr.dpo"]
        self.assertTrue(Dpo.with_user(self.dpo)._is_dpo())
        self.assertFalse(Dpo.with_user(self.sales)._is_dpo())
        self.assertTrue(Dpo.with_user(self.sales).sudo()._is_dpo())
        Dpo.with_user(self.dpo)._check_dpo()
        with self.assertRaisesRegex(AccessError, "Only the DPO may"):
            Dpo.with_user(self.sales)._check_dpo("Only the DPO may")
        with self.assertRaisesRegex(AccessError, "data protection officer"):
            Dpo.with_user(self.sales)._check_dpo()

    def test_company_dpo(self):
        Dpo = self.env["gdpr.dpo"]
        self.env.company.gdpr_dpo_user_id = self.dpo
        self.assertEqual(Dpo._dpo_user(), self.dpo)
        # a configured user who lost the group is not the DPO any more
        self.dpo.groups_id -= self.env.ref(DPO_GROUP)
        self.assertNotEqual(Dpo._dpo_user(), self.dpo)
        self.assertTrue(Dpo._dpo_user()._is_superuser() or Dpo._is_dpo(Dpo._dpo_user()))
        users = self.env["res.users"].search(Dpo._dpo_users_domain())
        self.assertNotIn(self.sales, users)
        self.assertNotIn(self.dpo, users)
