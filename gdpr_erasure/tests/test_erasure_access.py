# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import NAME, create_person, gdpr_users, json_rpc


@tagged("post_install", "-at_install", "gdpr_erasure")
class TestErasureAccess(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dpo, cls.sales = gdpr_users(cls.env)
        cls.person = create_person(cls.env)["person"]

    def _rpc(self, model, method, args):
        return json_rpc(self, "call_kw", model, method, args)

    @mute_logger("odoo.http")
    def test_sales_user_rpc_access_error(self):
        self.authenticate("gdpr_sales", "gdpr_sales")
        calls = [
            ("res.partner", "_gdpr_erase", [[self.person.id]]),
            ("res.partner", "_gdpr_erasure_plan", [[self.person.id]]),
            ("res.partner", "action_gdpr_forget", [[self.person.id]]),
            ("gdpr.erasure.wizard", "create", [{"partner_id": self.person.id}]),
            ("gdpr.erasure.log", "search_read", [[]]),
        ]
        for model, method, args in calls:
            result = self._rpc(model, method, args)
            self.assertIn("error", result, f"{model}.{method} did not fail")
            self.assertEqual(
                result["error"]["data"]["name"],
                "odoo.exceptions.AccessError",
                f"{model}.{method}",
            )
        self.assertEqual(self.person.name, NAME)
        self.assertTrue(self.person.active)

    def test_sales_user_orm_access_error(self):
        person = self.person.with_user(self.sales)
        with self.assertRaises(AccessError):
            person._gdpr_erasure_plan()
        with self.assertRaises(AccessError):
            person._gdpr_erase()
        with self.assertRaises(AccessError):
            person.action_gdpr_forget()
        self.assertEqual(self.person.name, NAME)

    def test_dpo_rpc_preview(self):
        self.authenticate("gdpr_dpo", "gdpr_dpo")
        result = self._rpc("res.partner", "action_gdpr_forget", [[self.person.id]])
        self.assertEqual(result["result"]["res_model"], "gdpr.erasure.wizard")
        self.assertEqual(self.person.name, NAME)
