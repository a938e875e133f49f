# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from datetime import date
from unittest import SkipTest

from markupsafe import Markup

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import GdprErasureCase

OTTO = "Otto Nichtkontakt"
OTTO_EMAIL = "otto.nk@example.org"


@tagged("post_install", "-at_install", "gdpr_erasure")
class TestNonContact(GdprErasureCase):
    """A person known only from leads, mailing contacts and messages (no
    contact) is erased through the same preview and cascade."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for model in ("crm.lead", "mailing.contact"):
            if model not in cls.env:
                raise SkipTest(f"needs {model}")
        cls.lead = cls.env["crm.lead"].create(
            {"name": "Website request", "contact_name": OTTO, "email_from": OTTO_EMAIL}
        )
        cls.mailing_contact = cls.env["mailing.contact"].create(
            {"name": OTTO, "email": OTTO_EMAIL.upper()}
        )
        cls.colleague.message_post(
            body=Markup("<p>Question</p>"),
            author_id=False,
            email_from=f"{OTTO} <{OTTO_EMAIL}>",
            message_type="email",
        )
        cls.other_lead = cls.env["crm.lead"].create(
            {"name": f"Referral by {OTTO}", "email_from": "other@example.com"}
        )
        cls.request = (
            cls.env["gdpr.request"]
            .with_user(cls.dpo)
            .create(
                {
                    "request_type": "erasure",
                    "partner_name": OTTO,
                    "email": OTTO_EMAIL,
                    "date_received": date.today(),
                    "user_id": cls.dpo.id,
                }
            )
        )

    def test_request_without_contact_erases_by_email(self):
        request = self.request
        request.action_verify()
        action = request.action_process()
        wizard = (
            self.env["gdpr.erasure.wizard"].with_user(self.dpo).browse(action["res_id"])
        )
        self.assertFalse(wizard.partner_id)
        lines = {(x.model, x.action): x.count for x in wizard.line_ids}
        self.assertEqual(lines[("crm.lead", "delete")], 1)
        self.assertEqual(lines[("mailing.contact", "delete")], 1)
        self.assertGreaterEqual(lines[("mail.message", "delete")], 1)
        self.assertEqual(lines[("crm.lead", "scrub")], 1)
        self.assertNotIn(("res.partner", "anonymize"), lines)
        with Form(wizard) as form:
            form.confirm = True
        wizard.action_erase()
        self.assertFalse(self.lead.exists())
        self.assertFalse(self.mailing_contact.exists())
        self.assertEqual(self.other_lead.name, "Referral by [erased]")
        self.assertFalse(
            self.env["mail.message"].search_count([("email_from", "ilike", OTTO_EMAIL)])
        )
        self.assertEqual(request.state, "done")
        self.assertNotIn("otto", (request.partner_name or "").lower())
        self.assertEqual(wizard.log_id.partner_count, 0)

    def test_nothing_to_find_is_refused(self):
        request = self.request
        request.email = False
        request.action_verify()
        with self.assertRaisesRegex(UserError, "contact first"):
            request.action_process()
        with self.assertRaisesRegex(UserError, "Nothing to erase"):
            self.env["gdpr.erasure.engine"].with_user(self.dpo)._gdpr_execute(
                self.env["res.partner"]
            )
