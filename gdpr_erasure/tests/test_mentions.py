# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from unittest import SkipTest

from markupsafe import Markup

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import BaseCase, tagged

from ..erasure.mentions import MentionMatcher
from .common import NAME, GdprErasureCase


@tagged("gdpr_erasure")
class TestMentionMatcher(BaseCase):
    def setUp(self):
        super().setUp()
        self.matcher = MentionMatcher(
            names=["Max Mustermann", "Max"],
            emails=["max@example.com"],
            phones=["171234567"],
            placeholder="[X]",
        )

    def sub(self, text):
        return self.matcher.sub(text)[0]

    def test_names(self):
        self.assertEqual(
            self.sub("Call Max Mustermann and Maxi Musterfrau"),
            "Call [X] and Maxi Musterfrau",
        )
        self.assertEqual(self.sub("MAX  MUSTERMANN, Max"), "[X], Max")
        self.assertEqual(self.sub("Mustermann, Max: call back"), "[X]: call back")
        self.assertEqual(self.sub("Max Mustermanns Auftrag"), "[X] Auftrag")
        self.assertEqual(self.sub("<p>Max&nbsp;Mustermann</p>"), "<p>[X]</p>")
        # a single first name, or a longer word, is not the person
        self.assertEqual(self.sub("Max Mustermannson, Max"), "Max Mustermannson, Max")

    def test_emails(self):
        self.assertEqual(
            self.sub("Mail max@example.com or maxi@example.com"),
            "Mail [X] or maxi@example.com",
        )
        self.assertEqual(self.sub("<Max@Example.COM>"), "<[X]>")
        self.assertEqual(
            self.sub("xmax@example.com max@example.com.au"),
            "xmax@example.com max@example.com.au",
        )

    def test_phones(self):
        for written in ("+49 171 234567", "0171/23 45 67", "(0171) 234-567"):
            self.assertEqual(self.sub(f"Tel. {written}."), "Tel. [X].", written)
        self.assertEqual(self.sub("call (0171 234567)"), "call ([X])")
        # other numbers, dates and amounts stay
        text = "0171 7654321 on 2026-12-03, 171.234 EUR"
        self.assertEqual(self.sub(text), text)
        self.assertEqual(self.matcher.sub("Max Mustermann 0171 234567")[1], 2)

    def test_translated_value(self):
        value = {
            "en_US": "Meeting with Max Mustermann",
            "de_DE": "Termin mit Max Mustermann",
        }
        new, count = self.matcher.sub_value(value, {"de_DE": "[gelöscht]"})
        self.assertEqual(count, 2)
        self.assertEqual(
            new, {"en_US": "Meeting with [X]", "de_DE": "Termin mit [gelöscht]"}
        )
        self.assertEqual(self.matcher.placeholder, "[X]")


@tagged("post_install", "-at_install", "gdpr_erasure")
class TestMentions(GdprErasureCase):
    """Records that stay for other people lose the person's mentions."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if "calendar.event" not in cls.env:
            raise SkipTest("needs calendar")
        cls.event = cls.env["calendar.event"].create(
            {
                "name": f"Meeting with {NAME}",
                "partner_ids": [(6, 0, (cls.person | cls.colleague).ids)],
                "description": Markup(
                    "<p>Ask %s (w.zeisberger@example.com, 040 555 123 45) "
                    "and Colleague Kept (kept@example.com)</p>"
                )
                % NAME,
            }
        )
        cls.note = cls.event.message_post(
            body=Markup("<p>Spoke to %s today</p>") % NAME,
            author_id=cls.colleague.id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )

    def line(self, plan, model, action):
        lines = [x for x in plan.lines if (x.model, x.action) == (model, action)]
        return lines[0] if lines else None

    def test_preview_counts_and_writes_nothing(self):
        before = self.write_stats()
        plan = self.person.with_user(self.dpo)._gdpr_erasure_plan()
        self.assertEqual(self.write_stats(), before)
        self.assertEqual(self.line(plan, "calendar.event", "scrub").count, 1)
        # the note and the invitation sent to the colleague
        self.assertEqual(self.line(plan, "mail.message", "scrub").count, 2)
        self.assertIn("[erased]", self.line(plan, "calendar.event", "scrub").reason)
        self.assertIn(NAME, self.event.name)

    def test_erasure_replaces_mentions_only(self):
        log = self.person.with_user(self.dpo)._gdpr_erase()
        self.assertTrue(self.event.exists())
        self.assertEqual(self.event.name, "Meeting with [erased]")
        description = str(self.event.description)
        self.assertNotIn("Zeisberger", description)
        self.assertNotIn("w.zeisberger@example.com", description)
        self.assertNotIn("555 123 45", description)
        self.assertIn("Colleague Kept (kept@example.com)", description)
        self.assertEqual(self.event.partner_ids, self.colleague)
        self.assertTrue(self.note.exists())
        self.assertEqual(str(self.note.body), "<p>Spoke to [erased] today</p>")
        self.assertEqual(self.note.author_id, self.colleague)
        messages = self.env["mail.message"].search(
            [("model", "=", "calendar.event"), ("res_id", "=", self.event.id)]
        )
        invitation = messages.filtered(lambda m: "Colleague Kept" in str(m.body))
        self.assertEqual(len(invitation), 1, "the colleague's invitation stays")
        for message in messages:
            texts = f"{message.body} {message.subject} {message.record_name}"
            self.assertNotIn("Zeisberger", texts)
        logged = {(x.model, x.action): x.count for x in log.line_ids}
        self.assertEqual(logged[("calendar.event", "scrub")], 1)
        self.assertEqual(logged[("mail.message", "scrub")], 2)
        self.env.cr.execute(
            "SELECT count(*) FROM calendar_event WHERE name ILIKE %s",
            ["%zeisberger%"],
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)

    def test_placeholder_in_the_users_language(self):
        if "de_DE" not in dict(self.env["res.lang"].get_installed()):
            self.skipTest("German is not installed")
        self.person.with_user(self.dpo).with_context(lang="de_DE")._gdpr_erase()
        self.assertEqual(self.event.name, "Meeting with [gelöscht]")

    def test_rule_keeps_mentions_with_reason(self):
        Rule = self.env["gdpr.erasure.rule"]
        description = self.env["ir.model.fields"]._get("calendar.event", "description")
        vals = {
            "model_id": self.env["ir.model"]._get_id("calendar.event"),
            "sequence": 1,
            "action": "detach",
            "keep_text_field_ids": [(6, 0, [description.id])],
        }
        with self.assertRaises(ValidationError):
            Rule.create(vals)
        rule = Rule.create(dict(vals, keep_text_reason="Minutes stay as approved."))
        plan = self.person.with_user(self.dpo)._gdpr_erasure_plan()
        kept = self.line(plan, "calendar.event", "keep_text")
        self.assertEqual((kept.count, kept.rule_id), (1, rule.id))
        self.assertEqual(kept.reason, "Minutes stay as approved.")
        log = self.person.with_user(self.dpo)._gdpr_erase()
        self.assertEqual(self.event.name, "Meeting with [erased]")
        self.assertIn(NAME, str(self.event.description))
        self.assertIn(
            ("calendar.event", "keep_text"),
            {(x.model, x.action) for x in log.line_ids},
        )

    def test_legal_hold_keeps_texts(self):
        self.env["gdpr.erasure.rule"].create(
            {
                "model_id": self.env["ir.model"]._get_id("calendar.event"),
                "sequence": 1,
                "action": "keep",
                "legal_hold": True,
                "retention_months": 72,
                "reason": "Minutes of board meetings are kept six years.",
            }
        )
        plan = self.person.with_user(self.dpo)._gdpr_erasure_plan()
        self.assertIsNone(self.line(plan, "calendar.event", "scrub"))
        self.person.with_user(self.dpo)._gdpr_erase()
        self.assertEqual(self.event.name, f"Meeting with {NAME}")

    def test_task_and_order_of_other_modules(self):
        """Generic: a task that stays loses the name; a quotation that never
        became an order is deleted; a confirmed order is a business letter
        under legal hold (six years) and keeps its text, the person is
        restricted."""
        if "project.task" not in self.env or "sale.order" not in self.env:
            self.skipTest("needs project and sale")
        project = self.env["project.project"].create({"name": "Website relaunch"})
        task = self.env["project.task"].create(
            {
                "name": f"Aufgabe für {NAME}",
                "project_id": project.id,
                "partner_id": self.person.id,
                "description": Markup("<p>Colleague Kept reviews it.</p>"),
            }
        )
        quotation = self.env["sale.order"].create(
            {"partner_id": self.person.id, "note": Markup("<p>For %s</p>") % NAME}
        )
        plan = self.person.with_user(self.dpo)._gdpr_erasure_plan()
        self.assertEqual(self.line(plan, "project.task", "scrub").count, 1)
        self.assertEqual(self.line(plan, "sale.order", "delete").count, 1)
        product = self.env["product.product"].create({"name": "Relaunch"})
        order = self.env["sale.order"].create(
            {
                "partner_id": self.person.id,
                "note": Markup("<p>For %s</p>") % NAME,
                "order_line": [fields.Command.create({"product_id": product.id})],
            }
        )
        order.action_confirm()
        plan = self.person.with_user(self.dpo)._gdpr_erasure_plan()
        self.assertEqual(self.line(plan, "sale.order", "hold").count, 1)
        self.assertEqual(plan.hold_date.year, order.date_order.year + 6)
        self.person.with_user(self.dpo)._gdpr_erase()
        self.assertFalse(quotation.exists())
        self.assertEqual(str(order.note), f"<p>For {NAME}</p>")
        self.assertEqual(order.state, "sale")
        self.assertTrue(self.person.with_context(active_test=False).gdpr_restricted)
        # Records that are not under the hold lose the mention all the same.
        self.assertEqual(task.name, "Aufgabe für [erased]")

    def test_records_without_link_that_mention_the_person(self):
        """Other people's records name the person without a link to them:
        their texts lose the mentions too (not those under legal hold)."""
        self.colleague.comment = (
            Markup("<p>Backup for %s: 040/555 123-45, or Anna Alt (0171 7654321)</p>")
            % NAME
        )
        other = self.env["res.partner"].create(
            {"name": "Phone only", "comment": "<p>Call 040/555 123-45</p>"}
        )
        tag = self.env["res.partner.category"].create({"name": f"Friends of {NAME}"})
        plan = self.person.with_user(self.dpo)._gdpr_erasure_plan()
        self.assertEqual(self.line(plan, "res.partner", "scrub").count, 1)
        self.assertEqual(self.line(plan, "res.partner.category", "scrub").count, 1)
        self.person.with_user(self.dpo)._gdpr_erase()
        self.assertEqual(
            str(self.colleague.comment),
            "<p>Backup for [erased]: [erased], or Anna Alt (0171 7654321)</p>",
        )
        # a phone number alone, without a link: left to the verification scan
        self.assertIn("123-45", str(other.comment))
        self.assertEqual(tag.name, "Friends of [erased]")
        self.assertEqual(self.colleague.name, "Colleague Kept")

    def test_namesakes_keep_their_name(self):
        """Another contact with the same name and another email is another
        person: the name is their own, nothing of their record changes."""
        namesake = self.env["res.partner"].create(
            {
                "name": NAME,
                "email": "namesake@example.net",
                "comment": f"<p>Not to be confused with the other {NAME}</p>",
            }
        )
        self.person.with_user(self.dpo)._gdpr_erase()
        self.assertEqual(namesake.name, NAME)
        self.assertEqual(namesake.email, "namesake@example.net")
        self.assertIn(NAME, str(namesake.comment))

    def test_large_batches_leave_records_without_link_to_the_scan(self):
        self.env["ir.config_parameter"].set_param(
            "gdpr_erasure.mention_search_max_persons", "0"
        )
        tag = self.env["res.partner.category"].create({"name": f"Friends of {NAME}"})
        self.person.with_user(self.dpo)._gdpr_erase()
        self.assertEqual(tag.name, f"Friends of {NAME}")
        self.assertEqual(self.event.name, "Meeting with [erased]")

    def test_forgotten_everywhere_verified_by_the_scan(self):
        """CRM, sales, project and calendar name the person in records that
        stay; after the erasure the scan of every text column and text file
        finds none of the identifiers, and other people's data is intact."""
        for model in ("crm.lead", "sale.order", "project.task"):
            if model not in self.env:
                self.skipTest(f"needs {model}")
        anna = self.env["res.partner"].create(
            {"name": "Anna Alt", "email": "anna@example.com"}
        )
        lead = self.env["crm.lead"].create(
            {
                "name": "Anna Alt's referral",
                "partner_id": anna.id,
                "description": Markup(
                    "<p>Recommended by %s (%s, %s); Anna Alt will call back.</p>"
                )
                % (NAME, "w.zeisberger@example.com", "+49 40 555 123 45"),
            }
        )
        order = self.env["sale.order"].create(
            {"partner_id": anna.id, "note": Markup("<p>Gift for %s</p>") % NAME}
        )
        project = self.env["project.project"].create({"name": "Relaunch"})
        task = self.env["project.task"].create(
            {"name": f"Call {NAME} and Anna Alt", "project_id": project.id}
        )
        anna.message_post(
            body=Markup("<p>Anna Alt knows %s</p>") % NAME,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        log = self.person.with_user(self.dpo)._gdpr_erase()
        scan = self.env["gdpr.erasure.scan"]._gdpr_take_pending()
        self.assertTrue(scan._gdpr_run())
        residues = {r.table_name: r.count for r in log.sudo().scan_residue_ids}
        self.assertEqual(residues, {})
        self.assertEqual(log.scan_summary, "Verified: 0 residues")
        self.assertIn("Anna Alt will call back", str(lead.description))
        self.assertEqual(str(order.note), "<p>Gift for [erased]</p>")
        self.assertEqual(task.name, "Call [erased] and Anna Alt")
        self.assertEqual(self.event.name, "Meeting with [erased]")
        self.assertEqual(anna.email, "anna@example.com")

    def test_text_files_that_stay_lose_the_mentions(self):
        attachment = self.env["ir.attachment"].create(
            {
                "name": "minutes.txt",
                "raw": f"Minutes: {NAME} and Colleague Kept agreed.".encode(),
                "mimetype": "text/plain",
                "res_model": "res.partner",
                "res_id": self.colleague.id,
            }
        )
        old_file = attachment.store_fname
        plan = self.person.with_user(self.dpo)._gdpr_erasure_plan()
        # this file and the calendar invitations (.ics) of the meeting
        self.assertIn(attachment.id, plan.files)
        self.assertEqual(self.line(plan, "ir.attachment", "scrub").count, 3)
        self.person.with_user(self.dpo)._gdpr_erase()
        self.assertEqual(
            attachment.raw, b"Minutes: [erased] and Colleague Kept agreed."
        )
        self.assertNotEqual(attachment.store_fname, old_file)
