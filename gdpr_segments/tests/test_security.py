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
from odoo.tests import new_test_user, tagged

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
class TestSeparationSelfGrant(GdprSecurityCommon):
    """Defect 6: a purpose-restricted user cannot make a hidden partner
    visible, nor move data between partners and purposes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.disclosure_hidden = cls.Disclosure.create(
            {
                "partner_id": cls.partner_contract.id,
                "recipient_id": cls.recipient_de.id,
                "purpose_id": cls.purpose_advertising.id,
            }
        )
        cls.disclosure_visible = cls.Disclosure.create(
            {
                "partner_id": cls.partner_ads.id,
                "recipient_id": cls.recipient_de.id,
                "purpose_id": cls.purpose_advertising.id,
            }
        )

    def assert_still_hidden(self):
        self.env.invalidate_all()
        Partner = self.as_restricted("res.partner")
        self.assertFalse(Partner.search([("id", "in", self.hidden_partners.ids)]))
        for partner in self.hidden_partners:
            with self.assertRaises(AccessError):
                Partner.browse(partner.id).read(["name", "email"])

    def active_assignments(self, partners):
        return self.Assignment.search(
            [("partner_id", "in", partners.ids), ("state", "=", "active")]
        )

    def test_create_assignment_for_hidden_partner(self):
        before = self.Assignment.search_count([])
        for partner in self.hidden_partners:
            for vals in (
                {"purpose_id": self.purpose_advertising.id},
                {"purpose_id": self.purpose_advertising.id, "state": "ended"},
            ):
                with (
                    self.subTest(partner=partner.name, vals=vals),
                    self.assertRaises(AccessError),
                ):
                    self.as_restricted("gdpr.partner.purpose").create(
                        dict(vals, partner_id=partner.id)
                    )
        self.assertEqual(self.Assignment.search_count([]), before)
        self.assert_still_hidden()

    def test_create_assignment_for_unallowed_purpose(self):
        with self.assertRaisesRegex(AccessError, "allowed for"):
            self.as_restricted("gdpr.partner.purpose").create(
                {
                    "partner_id": self.partner_ads.id,
                    "purpose_id": self.purpose_contract.id,
                }
            )
        self.assertEqual(self.active_assignments(self.partner_ads), self.assignment_ads)

    def test_repoint_assignment(self):
        """Moving an allowed assignment to a hidden partner or to another
        purpose is refused; the assignment stays as it was."""
        assignment = self.as_restricted("gdpr.partner.purpose").browse(
            self.assignment_ads.id
        )
        for vals in (
            {"partner_id": self.partner_contract.id},
            {"partner_id": self.partner_none.id},
            {"purpose_id": self.purpose_contract.id},
            {"partner_id": self.partner_none.id, "purpose_id": self.purpose_lead.id},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                assignment.write(vals)
        with self.assertRaises(AccessError):
            assignment.copy({"partner_id": self.partner_none.id})
        self.env.invalidate_all()
        self.assertEqual(self.assignment_ads.partner_id, self.partner_ads)
        self.assertEqual(self.assignment_ads.purpose_id, self.purpose_advertising)
        self.assertFalse(
            self.Assignment.search([("partner_id", "=", self.partner_none.id)])
        )
        self.assert_still_hidden()

    def test_reactivate_ended_assignment_of_hidden_partner(self):
        assignment = self.as_restricted("gdpr.partner.purpose").browse(
            self.assignment_ended.id
        )
        with self.assertRaises(AccessError):
            assignment.action_reactivate()
        with self.assertRaises(AccessError):
            assignment.write({"state": "active"})
        self.assertEqual(self.assignment_ended.state, "ended")
        self.assert_still_hidden()

    def test_partner_form_commands(self):
        """The partner form's one2many commands go through the same checks."""
        partner = self.as_restricted("res.partner").browse(self.partner_ads.id)
        for command in (
            Command.create({"purpose_id": self.purpose_contract.id}),
            Command.link(self.assignment_contract.id),
            Command.link(self.assignment_ended.id),
        ):
            with self.subTest(command=command), self.assertRaises(AccessError):
                partner.write({"gdpr_partner_purpose_ids": [command]})
        self.assertEqual(self.assignment_contract.partner_id, self.partner_contract)
        self.assertEqual(self.assignment_ended.partner_id, self.partner_ended)
        self.assertEqual(self.active_assignments(self.partner_ads), self.assignment_ads)

    def test_new_contact_with_allowed_purpose(self):
        """The restricted user's own work still works: a new contact saved
        with an allowed purpose, in one call like the form does."""
        Partner = self.as_restricted("res.partner")
        partner = Partner.create(
            {
                "name": "GDPR Test New Nora",
                "gdpr_partner_purpose_ids": [
                    Command.create({"purpose_id": self.purpose_advertising.id})
                ],
            }
        )
        self.assertEqual(Partner.search([("name", "=", "GDPR Test New Nora")]), partner)
        with self.assertRaises(AccessError):
            Partner.create(
                {
                    "name": "GDPR Test New Olaf",
                    "gdpr_partner_purpose_ids": [
                        Command.create({"purpose_id": self.purpose_contract.id})
                    ],
                }
            )
        self.assertFalse(self.Partner.search([("name", "=", "GDPR Test New Olaf")]))

    def test_attach_contact_to_hidden_company(self):
        """A new contact of a hidden company would copy its address and
        commercial data: refused."""
        self.partner_contract.write({"is_company": True, "street": "Secret Str. 1"})
        Partner = self.as_restricted("res.partner")
        with self.assertRaises(AccessError):
            Partner.create(
                {"name": "GDPR Test Child", "parent_id": self.partner_contract.id}
            )
        own = Partner.create(
            {
                "name": "GDPR Test Own Child",
                "gdpr_partner_purpose_ids": [
                    Command.create({"purpose_id": self.purpose_advertising.id})
                ],
            }
        )
        with self.assertRaises(AccessError):
            own.write({"parent_id": self.partner_contract.id})
        with self.assertRaises(AccessError):
            own.write({"child_ids": [Command.link(self.partner_none.id)]})
        self.assertFalse(self.partner_none.parent_id)
        self.assertFalse(self.Partner.search([("name", "=", "GDPR Test Child")]))
        self.assertFalse(own.sudo().parent_id)
        self.assertFalse(own.sudo().street)

    def test_disclosures(self):
        Disclosure = self.as_restricted("gdpr.disclosure")
        domain = [("id", "in", (self.disclosure_hidden | self.disclosure_visible).ids)]
        self.assertEqual(Disclosure.search(domain), self.disclosure_visible)
        with self.assertRaises(AccessError):
            Disclosure.browse(self.disclosure_hidden.id).read(["data_categories"])
        groups = Disclosure.read_group(domain, ["partner_id"], ["partner_id"])
        self.assertEqual([g["partner_id"][0] for g in groups], self.partner_ads.ids)
        with self.assertRaises(AccessError):
            Disclosure.create(
                {
                    "partner_id": self.partner_contract.id,
                    "recipient_id": self.recipient_de.id,
                    "purpose_id": self.purpose_advertising.id,
                }
            )
        for vals in (
            {"partner_id": self.partner_contract.id},
            {"purpose_id": self.purpose_contract.id},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                Disclosure.browse(self.disclosure_visible.id).write(vals)
        self.assertEqual(self.disclosure_visible.partner_id, self.partner_ads)
        self.assertEqual(self.Disclosure.search_count(domain), 2)

    def test_hidden_assignments_in_every_read(self):
        """Ended assignments of hidden partners, even for an allowed purpose,
        show in no read method."""
        Assignment = self.as_restricted("gdpr.partner.purpose")
        hidden = self.assignment_ended | self.assignment_contract
        with self.assertRaises(AccessError):
            Assignment.browse(self.assignment_ended.id).read(["origin_type"])
        self.assertFalse(Assignment.search([("id", "in", hidden.ids)]))
        self.assertFalse(
            Assignment.search_read(
                ["|", ("partner_id", "in", hidden.partner_id.ids), ("id", "<", 0)],
                ["partner_id", "origin_detail"],
            )
        )
        names = [name for _id, name in Assignment.name_search("", limit=1000)]
        ids = [id_ for id_, _name in Assignment.name_search("", limit=1000)]
        self.assertIn(self.assignment_ads.id, ids)
        self.assertTrue(names)
        self.assertFalse(set(ids) & set(hidden.ids))
        groups = Assignment.read_group(
            [("state", "=", "ended")], ["partner_id"], ["partner_id"]
        )
        self.assertNotIn(
            self.partner_ended.id,
            [g["partner_id"][0] for g in groups if g["partner_id"]],
        )

    def test_no_self_promotion(self):
        """Nor can the user widen his own rights."""
        user = self.restricted_user.with_user(self.restricted_user)
        with self.assertRaises(AccessError):
            user.write(
                {
                    "groups_id": [
                        Command.unlink(
                            self.env.ref("gdpr_segments.group_gdpr_restricted").id
                        )
                    ]
                }
            )
        with self.assertRaises(AccessError):
            self.as_restricted("gdpr.purpose").browse(self.purpose_contract.id).write(
                {"allowed_group_ids": [Command.link(self.group_marketing.id)]}
            )
        self.assertTrue(
            self.restricted_user.has_group("gdpr_segments.group_gdpr_restricted")
        )
        self.assertFalse(self.purpose_contract.allowed_group_ids & self.group_marketing)
        self.assert_still_hidden()

    def test_unrestricted_users_unaffected(self):
        """Users outside the restricted group record purposes on any partner."""
        assignment = self.Assignment.with_user(self.sales_user).create(
            {"partner_id": self.partner_none.id, "purpose_id": self.purpose_lead.id}
        )
        self.assertEqual(assignment.partner_id, self.partner_none)


@tagged("post_install", "-at_install", "gdpr_segments", "gdpr_security")
class TestSeparationDocuments(GdprSecurityCommon):
    """Defect 6: the partner's documents that carry its personal data follow
    the separation: consents and their history, leads, mailing contacts,
    messages and activities. The test command installs crm, mass_mailing and
    gdpr_consent: their models must be there (a skipped test would hide a
    leak)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for model in ("crm.lead", "mailing.contact", "gdpr.consent"):
            assert model in cls.env, f"{model} must be installed for these tests"
        cls.admin = cls.env.ref("base.user_admin")
        cls.env["gdpr.consent"]._gdpr_record_consent(
            cls.partner_contract,
            cls.purpose_advertising,
            cls.env.ref("gdpr_consent.channel_phone"),
            "refuse",
            "phone",
        )
        cls.env["gdpr.consent"]._gdpr_record_consent(
            cls.partner_ads,
            cls.purpose_advertising,
            cls.env.ref("gdpr_consent.channel_phone"),
            "refuse",
            "phone",
        )
        cls.env["gdpr.consent"]._gdpr_record_consent(
            cls.partner_ads,
            cls.purpose_contract,
            cls.env.ref("gdpr_consent.channel_phone"),
            "refuse",
            "phone",
        )
        Lead = cls.env["crm.lead"]
        cls.lead_hidden = Lead.create(
            {
                "name": "GDPR Test Lead Hidden",
                "partner_id": cls.partner_contract.id,
                "email_from": "carl.contract@example.com",
                "phone": "+49 30 5550100",
                "user_id": cls.restricted_user.id,
            }
        )
        cls.lead_orphan_hidden = Lead.create(
            {
                "name": "GDPR Test Lead Orphan Hidden",
                "email_from": "carl.contract@example.com",
                "contact_name": "Carl",
            }
        )
        cls.lead_orphan_unknown = Lead.create(
            {"name": "GDPR Test Lead Unknown", "email_from": "who@example.com"}
        )
        cls.lead_visible = Lead.create(
            {"name": "GDPR Test Lead Visible", "partner_id": cls.partner_ads.id}
        )
        cls.lead_orphan_visible = Lead.create(
            {
                "name": "GDPR Test Lead Orphan Visible",
                "email_from": "Anna <anna.ads@example.com>",
            }
        )
        cls.leads = (
            cls.lead_hidden
            | cls.lead_orphan_hidden
            | cls.lead_orphan_unknown
            | cls.lead_visible
            | cls.lead_orphan_visible
        )
        Contact = cls.env["mailing.contact"]
        cls.contact_hidden = Contact.create(
            {"name": "GDPR Test Carl", "email": "carl.contract@example.com"}
        )
        cls.contact_unknown = Contact.create(
            {"name": "GDPR Test Who", "email": "who@example.com"}
        )
        cls.contact_visible = Contact.create(
            {"name": "GDPR Test Anna", "email": "anna.ads@example.com"}
        )
        cls.contacts = cls.contact_hidden | cls.contact_unknown | cls.contact_visible
        cls.message_hidden = cls.partner_contract.message_post(
            body="GDPR Test secret note on Carl", message_type="comment"
        )
        cls.activity_hidden = cls.partner_contract.activity_schedule(
            "mail.mail_activity_data_todo",
            summary="GDPR Test call Carl",
            user_id=cls.admin.id,
        )
        cls.attachment_hidden = cls.env["ir.attachment"].create(
            {
                "name": "GDPR Test contract of Carl.txt",
                "raw": b"secret",
                "res_model": "res.partner",
                "res_id": cls.partner_contract.id,
            }
        )
        for lead in (cls.lead_hidden, cls.lead_visible):
            lead.activity_schedule(
                "mail.mail_activity_data_todo",
                summary="GDPR Test call",
                user_id=cls.admin.id,
            ).action_feedback(feedback=f"GDPR Test called about {lead.name}")
        cls.mailing_list = cls.env["mailing.list"].create(
            {
                "name": "GDPR Test List",
                "contact_ids": [Command.set(cls.contacts.ids)],
            }
        )

    def test_consents_and_history(self):
        Consent = self.as_restricted("gdpr.consent")
        Event = self.as_restricted("gdpr.consent.event")
        all_consents = self.env["gdpr.consent"].search(
            [("partner_id", "in", (self.partner_contract | self.partner_ads).ids)]
        )
        self.assertEqual(len(all_consents), 3)
        visible = all_consents.filtered(
            lambda c: (
                c.partner_id == self.partner_ads
                and c.purpose_id == self.purpose_advertising
            )
        )
        domain = [("id", "in", all_consents.ids)]
        self.assertEqual(Consent.search(domain), visible)
        self.assertEqual(
            [
                row["id"]
                for row in Consent.search_read(domain, ["ip_address", "user_agent"])
            ],
            visible.ids,
        )
        groups = Consent.read_group(domain, ["partner_id"], ["partner_id"])
        self.assertEqual([g["partner_id"][0] for g in groups], self.partner_ads.ids)
        for consent in all_consents - visible:
            with self.assertRaises(AccessError):
                Consent.browse(consent.id).read(["ip_address", "user_agent", "state"])
        events = self.env["gdpr.consent.event"].search(
            [("consent_id", "in", all_consents.ids)]
        )
        self.assertEqual(events.consent_id, all_consents)
        self.assertEqual(
            Event.search([("id", "in", events.ids)]),
            events.filtered(lambda e: e.consent_id == visible),
        )
        for event in events.filtered(lambda e: e.consent_id != visible):
            with self.assertRaises(AccessError):
                Event.browse(event.id).read(["ip_address", "user_agent"])
        with self.assertRaises(AccessError):
            Consent.create(
                {
                    "partner_id": self.partner_contract.id,
                    "purpose_id": self.purpose_advertising.id,
                    "channel_id": self.env.ref("gdpr_consent.channel_email").id,
                    "state": "refused",
                }
            )
        self.assertEqual(
            self.env["gdpr.consent"].search_count(
                [("partner_id", "=", self.partner_contract.id)]
            ),
            1,
        )

    def test_leads(self):
        """Leads of hidden partners, or without partner and with a hidden
        partner's or an unknown address, are hidden even from a user with
        "all leads" who is their salesperson."""
        Lead = self.as_restricted("crm.lead")
        visible = self.lead_visible | self.lead_orphan_visible
        domain = [("id", "in", self.leads.ids)]
        self.assertEqual(Lead.search(domain), visible)
        self.assertEqual(
            Lead.search(
                ["|", ("email_from", "ilike", "carl"), ("id", "in", visible.ids)]
            ),
            visible,
        )
        self.assertEqual(Lead.search_count([("phone", "=", "+49 30 5550100")]), 0)
        rows = Lead.search_read(domain, ["email_from", "phone"])
        self.assertEqual({row["id"] for row in rows}, set(visible.ids))
        groups = Lead.read_group(domain, ["email_from"], ["email_from"])
        self.assertNotIn("carl.contract@example.com", [g["email_from"] for g in groups])
        self.assertEqual(sum(g["email_from_count"] for g in groups), 2)
        [(count,)] = Lead._read_group(domain, [], ["__count"])
        self.assertEqual(count, 2)
        found = {id_ for id_, _name in Lead.name_search("GDPR Test Lead", limit=100)}
        self.assertEqual(found, set(visible.ids))
        for lead in self.leads - visible:
            with self.subTest(lead=lead.name), self.assertRaises(AccessError):
                Lead.browse(lead.id).read(["email_from", "phone"])
        with self.assertRaises(AccessError):
            Lead.browse(self.lead_hidden.id).write({"user_id": self.restricted_user.id})
        with self.assertRaises(AccessError):
            Lead.create(
                {"name": "GDPR Test Lead New", "partner_id": self.partner_contract.id}
            )
        self.assertFalse(
            self.env["crm.lead"].search([("name", "=", "GDPR Test Lead New")])
        )

    def test_leads_unaffected_for_other_users(self):
        salesman = new_test_user(
            self.env,
            login="gdpr_all_leads",
            groups="base.group_user,sales_team.group_sale_salesman_all_leads",
        )
        self.assertEqual(
            self.env["crm.lead"]
            .with_user(salesman)
            .search([("id", "in", self.leads.ids)]),
            self.leads,
        )

    def test_lead_activity_report(self):
        """The report of done lead activities shows message bodies: only
        those of visible leads."""
        Report = self.as_restricted("crm.activity.report")
        all_rows = self.env["crm.activity.report"].search(
            [("lead_id", "in", self.leads.ids)]
        )
        self.assertEqual(all_rows.lead_id, self.lead_hidden | self.lead_visible)
        rows = Report.search_read([("lead_id", "in", self.leads.ids)], ["body"])
        self.assertEqual(
            {row["id"] for row in rows},
            set(all_rows.filtered(lambda r: r.lead_id == self.lead_visible).ids),
        )
        self.assertNotIn("Hidden", " ".join(str(row["body"]) for row in rows))
        groups = Report.read_group(
            [("lead_id", "in", self.leads.ids)], ["partner_id"], ["partner_id"]
        )
        self.assertEqual([g["partner_id"][0] for g in groups], self.partner_ads.ids)

    def test_mailing_contacts(self):
        Contact = self.as_restricted("mailing.contact")
        domain = [("id", "in", self.contacts.ids)]
        self.assertEqual(Contact.search(domain), self.contact_visible)
        self.assertFalse(Contact.search([("email", "ilike", "carl")]))
        rows = Contact.search_read(domain, ["email"])
        self.assertEqual([row["email"] for row in rows], ["anna.ads@example.com"])
        groups = Contact.read_group(domain, ["email"], ["email"])
        self.assertEqual([g["email"] for g in groups], ["anna.ads@example.com"])
        found = [id_ for id_, _name in Contact.name_search("GDPR Test", limit=100)]
        self.assertEqual(found, self.contact_visible.ids)
        for contact in self.contact_hidden | self.contact_unknown:
            with self.assertRaises(AccessError):
                Contact.browse(contact.id).read(["email", "name"])
        with self.assertRaises(AccessError):
            Contact.browse(self.contact_hidden.id).write({"email": "x@example.com"})
        self.assertEqual(self.contact_hidden.email, "carl.contract@example.com")
        Subscription = self.as_restricted("mailing.subscription")
        subscriptions = Subscription.search([("list_id", "=", self.mailing_list.id)])
        self.assertEqual(subscriptions.contact_id, self.contact_visible)
        self.assertEqual(
            self.mailing_list.with_user(self.restricted_user).contact_ids,
            self.contact_visible,
        )

    def test_messages(self):
        Message = self.as_restricted("mail.message")
        on_hidden = [
            ("model", "=", "res.partner"),
            ("res_id", "=", self.partner_contract.id),
        ]
        self.assertTrue(self.env["mail.message"].search(on_hidden))
        self.assertFalse(Message.search(on_hidden))
        self.assertFalse(
            Message.search(["|", ("body", "ilike", "secret note"), ("id", "=", 0)])
        )
        self.assertFalse(Message.search_read(on_hidden, ["body"]))
        self.assertFalse(Message.read_group(on_hidden, ["res_id"], ["res_id"]))
        with self.assertRaises(AccessError):
            Message.browse(self.message_hidden.id).read(["body"])
        with self.assertRaises(AccessError):
            self.as_restricted("res.partner").browse(self.partner_contract.id).read(
                ["message_ids"]
            )
        with self.assertRaises(AccessError):
            self.as_restricted("res.partner").browse(
                self.partner_contract.id
            ).message_post(body="GDPR Test injected")
        self.assertFalse(
            self.env["mail.message"].search([("body", "ilike", "GDPR Test injected")])
        )

    def test_attachments(self):
        Attachment = self.as_restricted("ir.attachment")
        on_hidden = [
            ("res_model", "=", "res.partner"),
            ("res_id", "=", self.partner_contract.id),
        ]
        self.assertFalse(Attachment.search(on_hidden))
        with self.assertRaises(AccessError):
            Attachment.browse(self.attachment_hidden.id).read(["raw", "name"])

    def test_activities(self):
        Activity = self.as_restricted("mail.activity")
        on_hidden = [
            ("res_model", "=", "res.partner"),
            ("res_id", "=", self.partner_contract.id),
        ]
        self.assertFalse(Activity.search(on_hidden))
        self.assertFalse(Activity.search_read(on_hidden, ["summary", "note"]))
        with self.assertRaises(AccessError):
            Activity.browse(self.activity_hidden.id).read(["summary"])
        with self.assertRaises(AccessError):
            Activity.create(
                {
                    "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                    "res_id": self.partner_contract.id,
                    "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
                    "user_id": self.restricted_user.id,
                    "summary": "GDPR Test planted",
                }
            )
        self.assertFalse(
            self.env["mail.activity"].search([("summary", "=", "GDPR Test planted")])
        )


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
