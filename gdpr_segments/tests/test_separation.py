# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Separation duty (Trennungspflicht) against purpose-restricted users who
script the ORM over RPC."""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .security_common import GdprSecurityCommon


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
