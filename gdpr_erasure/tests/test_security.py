# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Restriction (Art. 18) and erasure flags against users scripting the ORM."""

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from .common import gdpr_users

FLAGS = {
    "gdpr_restricted": False,
    "gdpr_hold_until": "2099-01-01",
    "gdpr_erased": True,
    "gdpr_previously_erased": True,
    "gdpr_erasure_date": "2026-01-01 00:00:00",
}


@tagged("post_install", "-at_install", "gdpr_erasure", "gdpr_security")
class TestRestrictionCannotBeEscaped(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dpo, cls.sales = gdpr_users(cls.env)
        Partner = cls.env["res.partner"]
        cls.restricted = Partner.create(
            {"name": "Rita Restricted", "email": "rita.restricted@example.com"}
        )
        cls.free = Partner.create({"name": "Fritz Free"})
        request = cls.env["gdpr.request"].create(
            {"request_type": "restriction", "partner_id": cls.restricted.id}
        )
        request.action_verify()
        request.action_process()

    def _found(self, user, domain, **context):
        Partner = self.env["res.partner"].with_user(user).with_context(**context)
        return self.restricted in Partner.search(domain)

    def test_request_restricts_the_contact(self):
        self.assertTrue(self.restricted.gdpr_restricted)
        self.assertTrue(self.restricted.active)

    def test_no_domain_or_context_shows_it_to_staff(self):
        tricks = [
            ([("id", ">", 0)], {}),
            ([("id", "=", self.restricted.id)], {}),
            ([("id", "in", [self.restricted.id])], {}),
            (
                ["|", ("gdpr_restricted", "=", True), ("gdpr_restricted", "=", False)],
                {},
            ),
            ([("gdpr_restricted", "=", True)], {}),
            ([("name", "ilike", "Rita")], {"gdpr_include_restricted": True}),
            ([("name", "ilike", "Rita")], {"active_test": False}),
        ]
        for domain, context in tricks:
            with self.subTest(domain=domain, context=context):
                self.assertFalse(self._found(self.sales, domain, **context))
        Partner = self.env["res.partner"].with_user(self.sales)
        self.assertFalse([pid for pid, _name in Partner.name_search("Rita Restricted")])
        self.assertEqual(
            Partner.search_count([("email", "=", "rita.restricted@example.com")]), 0
        )
        groups = Partner.read_group(
            [("id", "=", self.restricted.id)], ["name"], ["name"]
        )
        self.assertFalse(groups)

    def test_the_dpo_finds_it_with_the_filter(self):
        self.assertFalse(self._found(self.dpo, [("id", ">", 0)]))
        self.assertTrue(self._found(self.dpo, [("gdpr_restricted", "=", True)]))
        self.assertTrue(
            self._found(self.dpo, [("id", ">", 0)], gdpr_include_restricted=True)
        )

    def test_the_dpo_opens_it_and_staff_cannot(self):
        """The DPO opens the form of a restricted contact found with the
        filter (to lift the restriction); staff reading it by id are refused."""
        values = self.restricted.with_user(self.dpo).web_read({"name": {}})
        self.assertEqual(values[0]["name"], "Rita Restricted")
        with self.assertRaises(AccessError):
            self.restricted.with_user(self.sales).web_read({"name": {}})
        self.assertFalse(self._found(self.dpo, [("name", "=", "Rita Restricted")]))

    def test_staff_cannot_write_the_flags(self):
        for fname, value in FLAGS.items():
            for record in (self.restricted, self.free):
                with self.subTest(field=fname, partner=record.name):
                    for user in (self.sales, self.dpo):
                        with self.assertRaises(AccessError):
                            record.with_user(user).write({fname: value})
            with self.assertRaises(AccessError):
                self.env["res.partner"].with_user(self.sales).create(
                    {"name": "Sneaky", fname: value}
                )
        self.assertTrue(self.restricted.gdpr_restricted)
        self.assertFalse(self.free.gdpr_erased or self.free.gdpr_hold_until)
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Sneaky")]))

    def test_only_the_dpo_lifts_a_restriction(self):
        with self.assertRaises(AccessError):
            self.restricted.with_user(self.sales).action_gdpr_lift_restriction()
        self.assertTrue(self.restricted.gdpr_restricted)
        self.restricted.with_user(self.dpo).action_gdpr_lift_restriction()
        self.assertFalse(self.restricted.gdpr_restricted)
        self.assertTrue(self._found(self.sales, [("name", "=", "Rita Restricted")]))


@tagged("post_install", "-at_install", "gdpr_erasure", "gdpr_security")
class TestDpoToolsStayTheDpos(TransactionCase):
    """Every public method of the DPO's models, called by a sales user as
    XML-RPC would: refused, and nothing changes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dpo, cls.sales = gdpr_users(cls.env)
        cls.person = cls.env["res.partner"].create(
            {"name": "Paula Person", "email": "paula.person@example.com"}
        )
        cls.request = cls.env["gdpr.request"].create(
            {
                "request_type": "erasure",
                "partner_id": cls.person.id,
                "extension_reason": "Many requests",
                "rejection_reason": "other",
            }
        )

    def test_sales_user_is_refused_everywhere(self):
        request = self.request.with_user(self.sales)
        calls = [
            (request, "action_verify", ()),
            (request, "action_extend", ()),
            (request, "action_reject", ()),
            (request, "action_reset", ()),
            (request, "action_process", ()),
            (request, "action_generate_export", ()),
            (request, "write", ({"state": "done"},)),
            (request, "unlink", ()),
            (self.env["gdpr.request"].with_user(self.sales), "create", ({},)),
            (
                self.env["gdpr.retention.run"].with_user(self.sales),
                "action_run_now",
                (),
            ),
            (self.env["gdpr.erasure.log"].with_user(self.sales), "search_read", ([],)),
            (
                self.env["gdpr.erasure.rule"].with_user(self.sales),
                "create",
                ({"model_id": self.env.ref("base.model_res_partner").id},),
            ),
            (
                self.env["gdpr.erasure.wizard"].with_user(self.sales),
                "create",
                ({"partner_id": self.person.id},),
            ),
            (self.person.with_user(self.sales), "action_gdpr_forget", ()),
        ]
        for records, method, args in calls:
            with (
                self.subTest(model=records._name, method=method),
                self.assertRaises(AccessError),
            ):
                getattr(records, method)(*args)
        self.request.invalidate_recordset()
        self.assertEqual(self.request.state, "new")
        self.assertFalse(self.request.extended)
        self.assertEqual(self.person.name, "Paula Person")
        self.assertFalse(
            self.env["gdpr.erasure.log"]
            .search([])
            .filtered(lambda log: log.request_id == self.request)
        )
