# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Adversarial tests: ordinary accounts call the ORM the way XML-RPC does
(``with_user``: create, write, read, search, search_read, read_group,
name_search) and try to break the guarantees of gdpr_segments. Every refusal
is checked together with the data it protects: nothing changed, nothing
leaked."""

from datetime import datetime

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .security_common import GdprSecurityCommon


@tagged("post_install", "-at_install", "gdpr_segments", "gdpr_security")
class TestSegmentDomainTrust(GdprSecurityCommon):
    """Defect 1: a segment filter is data, evaluated with plain values only.
    A DPO who is not an administrator cannot run code through it, neither
    when saving it nor in the sessions of the users who read segments."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.group_system = cls.env.ref("base.group_system")
        cls.secret = cls.env["ir.config_parameter"].sudo().get_param("database.secret")
        cls.segment = cls.Segment.create(
            {
                "name": "GDPR Test Segment Germany",
                "purpose_ids": [Command.set(cls.purpose_advertising.ids)],
                "domain": "[('country_id.code', '=', 'DE')]",
            }
        )
        sudo_secret = (
            "user.sudo().env['ir.config_parameter'].get_param('database.secret')"
        )
        grant_admin = (
            f"user.sudo().write({{'groups_id': [(4, {cls.group_system.id})]}})"
        )
        cls.attacks = [
            # the reported ones: read the secret, make oneself administrator
            f"[('name', '=', {sudo_secret})]",
            f"[('id', '=', {grant_admin} and 0)]",
            # the same hidden in an OR, or with the secret as a field name
            f"['|', ('id', '=', 0), ('id', '=', {grant_admin} and 0)]",
            f"[({sudo_secret}, '=', 1)]",
            # what an attacker tries next
            (
                "[('name', '=', env['ir.config_parameter'].sudo()"
                ".get_param('database.secret'))]"
            ),
            "[('id', '=', __import__('os').getpid())]",
            "[('id', '=', uid.__class__.__mro__)]",
            "[('id', '=', context_today.__closure__)]",
            "[('id', '=', datetime.sys)]",
            "[('id', '=', time.sleep(3))]",
            "[('id', '=', self.env.uid)]",
            "[('id', '=', company_ids.__class__)]",
        ]

    def assert_nothing_gained(self, error=None):
        self.env.invalidate_all()
        self.assertNotIn(self.group_system, self.dpo_user.groups_id)
        self.assertFalse(self.dpo_user.has_group("base.group_system"))
        if error is not None:
            self.assertNotIn(self.secret, str(error))

    def test_create_with_code_refused(self):
        Segment = self.Segment.with_user(self.dpo_user)
        for domain in self.attacks:
            with (
                self.subTest(domain=domain),
                self.assertRaisesRegex(ValidationError, "not a valid domain") as error,
            ):
                Segment.create(
                    {
                        "name": "GDPR Test Attack",
                        "purpose_ids": [Command.set(self.purpose_advertising.ids)],
                        "domain": domain,
                    }
                )
            self.assert_nothing_gained(error.exception)
        self.assertFalse(self.Segment.search([("name", "=", "GDPR Test Attack")]))

    def test_write_with_code_refused(self):
        segment = self.segment.with_user(self.dpo_user)
        for domain in self.attacks:
            with (
                self.subTest(domain=domain),
                self.assertRaisesRegex(ValidationError, "not a valid domain") as error,
            ):
                segment.write({"domain": domain})
            self.assert_nothing_gained(error.exception)
            self.assertEqual(self.segment.domain, "[('country_id.code', '=', 'DE')]")

    def test_only_the_dpo_writes_filters(self):
        for user in (self.sales_user, self.restricted_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.segment.with_user(user).write({"domain": "[]"})
        self.assertEqual(self.segment.domain, "[('country_id.code', '=', 'DE')]")

    def test_message_is_translated_and_neutral(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"]._load_module_terms(
            ["gdpr_segments"], ["de_DE"], overwrite=True
        )
        with self.assertRaises(ValidationError) as error:
            self.segment.with_user(self.dpo_user).with_context(lang="de_DE").write(
                {"domain": self.attacks[0]}
            )
        message = str(error.exception)
        self.assertIn("keine gültige Domäne", message)
        self.assertNotIn("ir.config_parameter", message)
        self.assertNotIn(self.secret, message)

    def test_stored_code_never_runs_for_readers(self):
        """A filter stored before the fix (or written in SQL) runs in the
        session of every user who reads segments: it must select nobody and
        do nothing."""
        attack = (
            "[('id', '!=', user.sudo().write({'name': 'Pwned', 'groups_id': "
            f"[(4, {self.group_system.id})]}}) and 0)]"
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE gdpr_segment SET domain = %s WHERE id = %s",
            (attack, self.segment.id),
        )
        self.env.invalidate_all()
        for user in (self.sales_user, self.dpo_user, self.restricted_user):
            with self.subTest(user=user.login):
                partner = self.Partner.with_user(user).browse(self.partner_ads.id)
                self.assertFalse(partner.gdpr_segment_ids)
                segment = self.segment.with_user(user)
                self.assertEqual(segment.member_count, 0)
                self.assertFalse(
                    self.Partner.with_user(user).search(
                        [("gdpr_segment_ids", "in", self.segment.ids)]
                    )
                )
                self.env.invalidate_all()
                self.assertNotEqual(user.name, "Pwned")
                self.assertFalse(user.has_group("base.group_system"))

    def test_plain_values_still_work(self):
        """What Odoo's saved filters offer stays usable."""
        domain = (
            "[('create_uid', '!=', uid), ('company_id', 'in', company_ids + "
            "[False]), '|', ('company_id', '=', company_id), ('company_id', '=', "
            "False), ('create_date', '>=', (context_today() - relativedelta("
            "years=1)).strftime('%Y-%m-%d')), ('create_date', '<', "
            "datetime.datetime.now() + datetime.timedelta(days=1)), "
            "('create_date', '<', time.strftime('2999-01-01'))]"
        )
        segment = self.Segment.with_user(self.dpo_user).create(
            {
                "name": "GDPR Test Plain",
                "purpose_ids": [Command.set(self.purpose_advertising.ids)],
                "domain": domain,
            }
        )
        self.assertIn(
            ("create_uid", "!=", self.dpo_user.id), segment._get_filter_domain()
        )
        self.assertEqual(segment.member_ids & self.test_partners, self.partner_ads)

    def test_user_expressions_migrated(self):
        """Filters written with ``user.id`` and the user's companies keep
        their meaning with plain values; other uses of ``user`` select
        nobody (the DPO rewrites them)."""
        legacy = (
            "[('user_id', '=', user.id), ('company_id', 'in', "
            "user.company_ids.ids), ('company_id', '=', user.company_id.id), "
            "('company_id', 'child_of', user.company_id)]"
        )
        other = "[('id', '=', user.partner_id.id)]"
        other_segment = self.segment.copy({"name": "GDPR Test Other"})
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE gdpr_segment SET domain = %s WHERE id = %s",
            (legacy, self.segment.id),
        )
        self.env.cr.execute(
            "UPDATE gdpr_segment SET domain = %s WHERE id = %s",
            (other, other_segment.id),
        )
        self.Segment._migrate_user_expressions()
        self.assertEqual(
            self.segment.domain,
            "[('user_id', '=', uid), ('company_id', 'in', company_ids), "
            "('company_id', '=', company_id), ('company_id', 'child_of', "
            "company_id)]",
        )
        self.assertEqual(
            self.segment.with_user(self.sales_user)._get_filter_domain()[0],
            ("user_id", "=", self.sales_user.id),
        )
        self.assertEqual(other_segment.domain, other)
        self.assertEqual(other_segment.with_user(self.sales_user).member_count, 0)


@tagged("post_install", "-at_install", "gdpr_segments", "gdpr_security")
class TestAssignmentChangeLog(GdprSecurityCommon):
    """Defect 9b: every change of what decides why and how long data is kept
    shows in the partner's chatter."""

    def _new_messages(self, partner, before):
        return self.env["mail.message"].search(
            [
                ("model", "=", "res.partner"),
                ("res_id", "=", partner.id),
                ("id", ">", before),
            ]
        )

    def _last_message_id(self):
        return self.env["mail.message"].search([], order="id desc", limit=1).id

    def test_every_logged_field(self):
        before = self._last_message_id()
        self.Assignment.with_user(self.sales_user).browse(self.assignment_ads.id).write(
            {
                "date_start": "2027-01-01",
                "date_end": "2030-12-31",
                "origin_type": "import",
                "origin_detail": "<b>List</b> 7",
                "origin_date": "2025-01-02",
                "legal_basis": "legitimate_interest",
            }
        )
        [message] = self._new_messages(self.partner_ads, before)
        body = str(message.body)
        for text in (
            "Start Date",
            "End Date",
            "Origin",
            "Origin Detail",
            "Origin Date",
            "Legal Basis",
            "Web form → Import",
            "Contact form → &lt;b&gt;List&lt;/b&gt; 7",
            "Legitimate interests (Art. 6(1)(f) GDPR)",
            "(none) →",
            "2030",
        ):
            self.assertIn(text, body)
        self.assertNotIn("<b>List", body)

    def test_one_message_per_partner_and_no_message_without_change(self):
        second = self.Assignment.create(
            {"partner_id": self.partner_ads.id, "purpose_id": self.purpose_lead.id}
        )
        before = self._last_message_id()
        (self.assignment_ads | second).with_user(self.sales_user).write(
            {"origin_detail": "Fair 2026"}
        )
        [message] = self._new_messages(self.partner_ads, before)
        self.assertEqual(str(message.body).count("Fair 2026"), 2)
        before = self._last_message_id()
        self.assignment_ads.write({"origin_detail": "Fair 2026"})
        self.assertFalse(self._new_messages(self.partner_ads, before))

    def test_end_logs_state_and_date_in_one_message(self):
        before = self._last_message_id()
        self.assignment_contract.with_user(self.sales_user).action_end()
        [message] = self._new_messages(self.partner_contract, before)
        self.assertIn("Purpose ended", str(message.body))
        self.assertIn("End Date", str(message.body))

    def test_german(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"]._load_module_terms(
            ["gdpr_segments"], ["de_DE"], overwrite=True
        )
        before = self._last_message_id()
        self.assignment_ads.with_context(lang="de_DE").write({"origin_type": "event"})
        [message] = self._new_messages(self.partner_ads, before)
        self.assertIn("geändert", str(message.body))
        self.assertIn("Messe oder Veranstaltung", str(message.body))


@tagged("post_install", "-at_install", "gdpr_segments", "gdpr_security")
class TestLastInteractionProtected(GdprSecurityCommon):
    """Defect 5: the last interaction moves retention dates; only the
    interaction service (SQL) sets it."""

    def test_write_refused(self):
        self.Partner._gdpr_touch_interaction(
            (self.partner_contract | self.partner_ads).ids,
            datetime(2026, 1, 15, 10, 0),
        )
        for user in (self.sales_user, self.restricted_user, self.dpo_user):
            for value in ("2015-01-01 00:00:00", False, "2099-01-01 00:00:00"):
                with (
                    self.subTest(user=user.login, value=value),
                    self.assertRaisesRegex(AccessError, "recorded automatically"),
                ):
                    self.Partner.with_user(user).browse(
                        self.partner_ads.id
                        if user == self.restricted_user
                        else self.partner_contract.id
                    ).write({"gdpr_last_interaction": value, "name": "Changed"})
        self.env.invalidate_all()
        self.assertEqual(
            self.partner_contract.gdpr_last_interaction, datetime(2026, 1, 15, 10, 0)
        )
        self.assertEqual(self.partner_contract.name, "GDPR Test Contract Carl")
        self.assertEqual(
            self.partner_ads.gdpr_last_interaction, datetime(2026, 1, 15, 10, 0)
        )
        # superuser code (the services) may still write it
        self.partner_ads.sudo().write({"gdpr_last_interaction": False})
        self.assertFalse(self.partner_ads.gdpr_last_interaction)

    def test_create_and_import_ignore_it(self):
        Partner = self.Partner.with_user(self.sales_user)
        partner = Partner.create(
            {"name": "GDPR Test Created", "gdpr_last_interaction": "2015-01-01"}
        )
        self.assertFalse(partner.gdpr_last_interaction)
        partner = Partner.with_context(
            default_gdpr_last_interaction="2015-01-01 00:00:00"
        ).create({"name": "GDPR Test Default"})
        self.assertFalse(partner.gdpr_last_interaction)
        result = Partner.load(
            ["name", "gdpr_last_interaction"],
            [["GDPR Test Imported", "2015-01-01 00:00:00"]],
        )
        imported = self.Partner.browse(result["ids"])
        self.assertTrue(imported)
        self.assertFalse(imported.gdpr_last_interaction)

    def test_merge_keeps_the_latest(self):
        """Merging contacts (an administrator, not superuser code) keeps the
        latest interaction of the merged ones, without an error."""
        first, second = self.Partner.create(
            [
                {"name": "GDPR Test Twin", "email": "twin@example.com"},
                {"name": "GDPR Test Twin", "email": "twin@example.com"},
            ]
        )
        self.Partner._gdpr_touch_interaction(first.ids, datetime(2025, 3, 1, 12, 0))
        wizard = self.env["base.partner.merge.automatic.wizard"].with_user(
            self.env.ref("base.user_admin")
        )
        wizard._merge((first | second).ids, second)
        self.assertFalse(first.exists())
        self.assertEqual(second.gdpr_last_interaction, datetime(2025, 3, 1, 12, 0))
