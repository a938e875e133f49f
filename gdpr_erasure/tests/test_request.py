# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from datetime import date

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import EMAIL, NAME, GdprErasureCase


@tagged("post_install", "-at_install", "gdpr_erasure")
class TestRequest(GdprErasureCase):
    def _request(self, **vals):
        values = {
            "request_type": "access",
            "partner_id": self.person.id,
            "date_received": date(2026, 1, 31),
            "user_id": self.dpo.id,
        }
        values.update(vals)
        return self.env["gdpr.request"].with_user(self.dpo).create(values)

    def test_deadline_and_activity(self):
        request = self._request()
        self.assertTrue(request.name.startswith("DSR/"))
        # Art. 12(3): one month (end of February for January 31)
        self.assertEqual(request.date_deadline, date(2026, 2, 28))
        activity = request.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.dpo)
        self.assertEqual(activity.date_deadline, date(2026, 2, 28))
        # Named by its type, in the reader's language (no frozen summary).
        self.assertFalse(activity.summary)
        self.assertEqual(
            activity.activity_type_id.with_context(lang="de_DE").name,
            "Betroffenenanfrage beantworten",
        )
        self.assertTrue(request.is_overdue)
        self.assertIn(
            request, self.env["gdpr.request"].search([("is_overdue", "=", True)])
        )
        self.assertNotIn(
            request, self.env["gdpr.request"].search([("is_overdue", "=", False)])
        )

    def test_extension_needs_reason(self):
        request = self._request()
        with self.assertRaisesRegex(UserError, "reason"):
            request.action_extend()
        self.assertFalse(request.extended)
        request.extension_reason = "Very many requests this month"
        request.action_extend()
        self.assertEqual(request.date_deadline, date(2026, 4, 30))
        self.assertEqual(request.activity_ids.date_deadline, date(2026, 4, 30))
        with self.assertRaisesRegex(UserError, "once"):
            request.action_extend()

    def test_states_and_rejection(self):
        request = self._request(request_type="erasure")
        with self.assertRaises(UserError):
            request.action_process()
        request.action_verify()
        self.assertEqual(request.state, "verified")
        with self.assertRaisesRegex(UserError, "legal reason"):
            request.action_reject()
        request.rejection_reason = "legal_obligation"
        request.action_reject()
        self.assertEqual(request.state, "rejected")
        self.assertFalse(request.activity_ids)
        self.assertTrue(request.date_done)
        self.assertFalse(request.is_overdue)
        # tracked in the chatter (tracking is written at commit time)
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.assertTrue(
            request.sudo().message_ids.tracking_value_ids.filtered(
                lambda v: v.field_id.name == "state"
            )
        )

    def test_request_without_partner(self):
        request = self._request(partner_id=False, partner_name=NAME, email=EMAIL)
        request.action_verify()
        with self.assertRaisesRegex(UserError, "contact"):
            request.action_process()
        with Form(request) as form:
            form.partner_id = self.person
        self.assertEqual(request.email, EMAIL)

    def test_erasure_request_flow(self):
        request = self._request(request_type="erasure", email=EMAIL)
        request.action_verify()
        action = request.action_process()
        wizard = (
            self.env["gdpr.erasure.wizard"].browse(action["res_id"]).with_user(self.dpo)
        )
        self.assertEqual(wizard.request_id, request)
        wizard.confirm = True
        wizard.action_erase()
        self.assertEqual(request.state, "done")
        self.assertEqual(request.erasure_log_id.request_ref, request.name)
        self.assertFalse(request.partner_name)
        self.assertFalse(request.email)
        self.assertFalse(request.activity_ids)

    def test_access_export_only_for_access_requests(self):
        """The ZIP with everything about the person answers an access request
        only: on any other request the button is hidden and the call refused,
        nothing is attached."""
        for request_type in ("erasure", "restriction", "objection"):
            with self.subTest(request_type):
                request = self._request(request_type=request_type)
                request.action_verify()
                with self.assertRaisesRegex(UserError, "no access request"):
                    request.action_generate_export()
                self.assertFalse(request.export_attachment_id)
                self.assertFalse(
                    self.env["ir.attachment"].search_count(
                        [
                            ("res_model", "=", "gdpr.request"),
                            ("res_id", "=", request.id),
                        ]
                    )
                )
        done = self._request()
        done.action_verify()
        done.action_process()
        first = done.export_attachment_id
        with self.assertRaises(UserError):
            done.action_generate_export()
        self.assertEqual(done.export_attachment_id, first)

    def test_restriction_and_objection(self):
        newsletter = self.env.ref("gdpr_segments.purpose_newsletter")
        self.env["gdpr.partner.purpose"].create(
            {"partner_id": self.person.id, "purpose_id": newsletter.id}
        )
        objection = self._request(request_type="objection")
        objection.action_verify()
        objection.action_process()
        self.assertEqual(objection.state, "done")
        assignments = self.person.gdpr_partner_purpose_ids
        self.assertEqual(
            assignments.filtered(lambda a: a.purpose_id == newsletter).state, "ended"
        )
        self.assertTrue(self.person.is_blacklisted)
        restriction = self._request(request_type="restriction")
        restriction.action_verify()
        restriction.action_process()
        self.assertEqual(
            set(assignments.filtered(lambda a: a.state != "ended").mapped("state")),
            {"restricted"},
        )

    def test_labels_in_german(self):
        env_de = self.env(context=dict(self.env.context, lang="de_DE"))
        labels = dict(
            env_de["gdpr.request"]
            ._fields["request_type"]
            ._description_selection(env_de)
        )
        self.assertEqual(labels["erasure"], "Löschung (Art. 17)")
        self.assertEqual(labels["access"], "Auskunft (Art. 15 / 20)")
        rule = self.env["gdpr.erasure.rule"].search(
            [("default_key", "=", "mail.message")]
        )
        self.assertIn("Nachrichten", rule.with_context(lang="de_DE").reason)
