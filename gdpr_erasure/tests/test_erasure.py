# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
import hashlib
import hmac
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import SQL

from ..models.gdpr_erasure_engine import GdprErasureEngine
from .common import EMAIL, NAME, PHONE, GdprErasureCase, create_person


@tagged("post_install", "-at_install", "gdpr_erasure")
class TestErasure(GdprErasureCase):
    def test_plan_writes_nothing(self):
        before = self.write_stats()
        plan = self.person.with_user(self.dpo)._gdpr_erasure_plan()
        self.assertEqual(
            self.write_stats(), before, "the preview wrote to the database"
        )
        lines = {(line.model, line.action): line for line in plan.lines}
        self.assertEqual(lines[("ir.attachment", "delete")].count, 6)
        self.assertIn(("mail.message", "delete"), lines)
        self.assertIn(("mail.activity", "delete"), lines)
        self.assertIn(("gdpr.partner.purpose", "delete"), lines)
        self.assertEqual(lines[("res.partner", "anonymize")].count, 2)
        self.assertTrue(all(line.reason for line in plan.lines))
        # a model without a rule gets the safe default, shown with its reason
        tags = lines[("res.partner.category", "detach")]
        self.assertFalse(tags.rule_id)
        self.assertIn("safe default", tags.reason)
        # the email sent by the person to the colleague's record is found
        message = self.env["mail.message"].search(
            [("model", "=", "res.partner"), ("res_id", "=", self.colleague.id)]
        )
        received = message.filtered(
            lambda m: "zeisberger" in (m.email_from or "").lower()
        )
        self.assertEqual(len(received), 1)
        self.assertIn(received.id, plan.records["mail.message"])
        self.assertEqual(self.person.name, NAME)
        self.assertTrue(self.attachment.exists())

    def test_erase_person(self):
        person, delivery = self.person, self.delivery
        log = person.with_user(self.dpo)._gdpr_erase()
        person = person.with_context(active_test=False)
        self.assertTrue(person.gdpr_erased)
        self.assertFalse(person.active)
        self.assertNotEqual(person.name, NAME)
        for fname in ("email", "phone", "street", "city", "website", "comment"):
            self.assertFalse(person[fname], fname)
        self.assertFalse(person.image_1920)
        self.assertFalse(person.category_id)
        self.assertFalse(person.bank_ids)
        self.assertFalse(person.parent_id)
        self.assertFalse(person.gdpr_partner_purpose_ids)
        self.assertEqual(self.count_messages(person), 0)
        self.assertFalse(self.attachment.exists())
        self.assertFalse(
            self.env["mail.activity"].search(
                [("res_model", "=", "res.partner"), ("res_id", "=", person.id)]
            )
        )
        self.assertFalse(
            self.env["mail.message"].search([("email_from", "ilike", "zeisberger")])
        )
        self.assertNotIn(person, self.colleague.message_partner_ids)
        # own address erased, colleague and company untouched
        delivery = delivery.with_context(active_test=False)
        self.assertTrue(delivery.gdpr_erased)
        self.assertFalse(delivery.street)
        self.assertEqual(self.colleague.name, "Colleague Kept")
        self.assertTrue(self.colleague.active)
        self.assertEqual(self.colleague.parent_id, self.company)
        self.assertTrue(self.company.active)
        self.assertEqual(log.partner_count, 2)
        self.assertEqual(log.anonymized_count, 2)
        # no tracking value keeps the old name
        self.assertFalse(
            self.env["mail.tracking.value"].search(
                [
                    "|",
                    ("old_value_char", "ilike", "zeisberger"),
                    ("new_value_char", "ilike", "zeisberger"),
                ]
            )
        )

    def test_rollback_on_failure(self):
        person = self.person
        messages = self.count_messages(person)
        logs = self.env["gdpr.erasure.log"].search_count([])
        original = GdprErasureEngine._gdpr_anonymize_partners

        def fail(engine, plan):
            original(engine, plan)
            raise RuntimeError("disk full")

        with (
            patch.object(GdprErasureEngine, "_gdpr_anonymize_partners", fail),
            self.assertRaisesRegex(UserError, "nothing was changed.*disk full"),
            self.assertLogs(GdprErasureEngine.__module__, level="ERROR"),
        ):
            person.with_user(self.dpo)._gdpr_erase()
        self.assertEqual(person.name, NAME)
        self.assertEqual(person.email, EMAIL)
        self.assertTrue(person.active)
        self.assertTrue(person.image_1920)
        self.assertEqual(self.count_messages(person), messages)
        self.assertTrue(self.attachment.exists())
        self.assertTrue(person.gdpr_partner_purpose_ids)
        self.assertEqual(self.env["gdpr.erasure.log"].search_count([]), logs)
        self.assertFalse(
            self.env["gdpr.erasure.suppression"].search_count([]),
            "no suppression entry without an erasure",
        )

    def test_duplicates_are_shown_not_erased(self):
        twin = self.env["res.partner"].create({"name": "Twin", "email": EMAIL})
        plan = self.person.with_user(self.dpo)._gdpr_erasure_plan()
        self.assertIn("same email address: 1.", plan.warnings[0])
        self.person.with_user(self.dpo)._gdpr_erase()
        self.assertEqual(twin.email, EMAIL)
        self.assertTrue(twin.active)

    def test_internal_user_refused(self):
        employee = new_test_user(self.env, login="gdpr_employee", name="Emma Employee")
        partner = employee.partner_id
        partner.message_post(body="<p>internal note</p>")
        messages = self.count_messages(partner)
        plan = partner.with_user(self.dpo)._gdpr_erasure_plan()
        self.assertTrue(plan.blocking)
        with self.assertRaisesRegex(UserError, "gdpr_employee"):
            partner.with_user(self.dpo)._gdpr_erase()
        self.assertEqual(partner.name, "Emma Employee")
        self.assertTrue(employee.active)
        self.assertEqual(self.count_messages(partner), messages)

    def test_portal_user_anonymized(self):
        portal = new_test_user(
            self.env,
            login=EMAIL,
            groups="base.group_portal",
            partner_id=self.person.id,
        )
        self.person.with_user(self.dpo)._gdpr_erase()
        portal = portal.with_context(active_test=False)
        self.assertFalse(portal.active)
        self.assertNotIn("zeisberger", portal.login)
        self.assertNotEqual(portal.name, NAME)
        self.assertFalse(
            self.env["mail.mail"].search([("email_to", "ilike", "zeisberger")]),
            "no 'login changed' email to the erased address",
        )

    def test_batch_erasure(self):
        other = create_person(
            self.env, name="Bartholomäus Quint", email="bq@example.com", phone="+49 1"
        )["person"]
        log = (self.person | other).with_user(self.dpo)._gdpr_erase(trigger="retention")
        self.assertEqual(log.trigger, "retention")
        self.assertEqual(log.partner_count, 4)
        self.assertEqual(len(log.email_hash.split()), 2)
        self.assertTrue(
            all(
                (self.person | other)
                .with_context(active_test=False)
                .mapped("gdpr_erased")
            )
        )

    def test_audit_log_without_pii(self):
        request = self.env["gdpr.request"].create(
            {
                "request_type": "erasure",
                "partner_id": self.person.id,
                "partner_name": NAME,
                "email": EMAIL,
                "state": "verified",
            }
        )
        log = self.person.with_user(self.dpo)._gdpr_erase(request=request)
        self.assertEqual(log.request_ref, request.name)
        self.assertEqual(log.user_id, self.dpo)
        self.assertTrue(log.line_ids)
        self.assertGreater(log.record_count, 5)
        salt = (
            self.env["ir.config_parameter"].sudo().get_param("gdpr_erasure.hash_salt")
        )
        self.assertGreaterEqual(len(salt), 32)
        expected = hmac.new(salt.encode(), EMAIL.lower().encode(), hashlib.sha256)
        self.assertEqual(log.email_hash, expected.hexdigest())
        needles = [NAME.lower(), "zeisberger", EMAIL.lower(), PHONE[-6:], "musterweg"]
        for record in [log, *log.line_ids]:
            for fname, field in record._fields.items():
                if field.type not in ("char", "text", "html", "selection"):
                    continue
                value = str(record[fname] or "").lower()
                for needle in needles:
                    self.assertNotIn(needle, value, f"{record._name}.{fname}")
        # the request keeps its reference, not the person
        self.assertFalse(request.partner_name)
        self.assertFalse(request.email)
        # immutable, even for the superuser
        with self.assertRaises(UserError):
            log.sudo().write({"request_ref": "changed"})
        with self.assertRaises(UserError):
            log.sudo().unlink()
        with self.assertRaises(UserError):
            log.line_ids[:1].sudo().write({"count": 0})

    def test_legal_hold_restricts(self):
        """A rule with legal hold keeps its records; the person referenced by
        them is restricted (Art. 18) instead of anonymized."""
        self.env["gdpr.erasure.rule"].create(
            {
                "model_id": self.env["ir.model"]._get_id("mail.message"),
                "sequence": 1,
                "action": "keep",
                "legal_hold": True,
                "retention_months": 120,
                "domain": "[('subject', '=', 'Signed contract')]",
                "reason": "Contracts are kept ten years.",
            }
        )
        contract = self.colleague.message_post(
            body="<p>contract</p>", subject="Signed contract", author_id=self.person.id
        )
        log = self.person.with_user(self.dpo)._gdpr_erase()
        person = self.person.with_context(active_test=False)
        self.assertTrue(contract.exists())
        self.assertEqual(contract.author_id, person)
        self.assertTrue(person.gdpr_restricted)
        self.assertFalse(person.active)
        self.assertEqual(person.name, NAME, "the name stays for the kept record")
        self.assertEqual(person.street, "Musterweg 5")
        self.assertFalse(person.email)
        self.assertFalse(person.phone)
        self.assertFalse(person.image_1920)
        self.assertGreaterEqual(person.gdpr_hold_until.year, 2036)
        self.assertEqual(log.restricted_count, 1)
        self.assertEqual(log.hold_until, person.gdpr_hold_until)
        # excluded from searches of users, visible on explicit request
        Partner = self.env["res.partner"].with_user(self.dpo)
        self.assertFalse(
            Partner.with_context(active_test=False).search([("name", "=", NAME)])
        )
        self.assertFalse(Partner.name_search(NAME))
        self.assertEqual(
            Partner.with_context(active_test=False).search(
                [("gdpr_restricted", "=", True), ("name", "=", NAME)]
            ),
            person,
        )
        # still readable where a kept record refers to it
        self.assertEqual(contract.with_user(self.dpo).author_id.name, NAME)

    def test_wizard_requires_confirmation(self):
        action = self.person.with_user(self.dpo).action_gdpr_forget()
        wizard = (
            self.env["gdpr.erasure.wizard"].browse(action["res_id"]).with_user(self.dpo)
        )
        self.assertTrue(wizard.line_ids)
        with self.assertRaisesRegex(UserError, "confirmation"):
            wizard.action_erase()
        self.assertEqual(self.person.name, NAME)
        with Form(wizard) as form:
            form.confirm = True
        wizard.action_erase()
        self.assertEqual(wizard.state, "done")
        self.assertTrue(wizard.log_id)
        self.assertTrue(self.person.with_context(active_test=False).gdpr_erased)

    def test_integrator_rule_anonymize(self):
        """A rule for a model without a partner link finds records by email
        and anonymizes the listed fields."""
        model = self.env["ir.model"]._get("res.partner.category")
        self.env["gdpr.erasure.rule"].create(
            {
                "model_id": model.id,
                "action": "anonymize",
                "text_field_ids": [
                    (6, 0, [self.env["ir.model.fields"]._get(model.model, "name").id])
                ],
                "field_ids": [
                    (6, 0, [self.env["ir.model.fields"]._get(model.model, "name").id])
                ],
            }
        )
        tag = self.env["res.partner.category"].create({"name": f"Lead of {EMAIL}"})
        self.person.with_user(self.dpo)._gdpr_erase()
        self.assertTrue(tag.exists())
        self.assertNotIn("zeisberger", tag.name or "")

    def test_indexes_for_lookups(self):
        """Finding a sender by email and deleting attachments use indexes."""
        cr = self.env.cr
        cr.execute(
            "SELECT indexname FROM pg_indexes WHERE indexname IN "
            "('mail_message__email_from_gdpr_email_index', "
            "'ir_attachment__gdpr_original_id_index')"
        )
        self.assertEqual(len(cr.fetchall()), 2)
        discovery = self.env["gdpr.erasure.discovery"]
        cr.execute("SET LOCAL enable_seqscan = off")
        cr.execute(
            SQL(
                "EXPLAIN SELECT id FROM mail_message WHERE %s",
                discovery._gdpr_email_condition("email_from", [EMAIL]),
            )
        )
        plan = " ".join(row[0] for row in cr.fetchall())
        cr.execute("SET LOCAL enable_seqscan = on")
        self.assertIn("mail_message__email_from_gdpr_email_index", plan)
