# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""German browser tours for every button gdpr_erasure adds (tours in
static/tests/tours/gdpr_erasure_buttons_de.js); each test checks what the
user would notice after the tour."""

import base64
import json
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from .common import EMAIL, NAME, PHONE, create_person, gdpr_users


class GermanTourCase(HttpCase):
    """A DPO working in German, and the person of tests/common.py."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, mail_notify_force_send=False))
        cls.dpo, _sales = gdpr_users(cls.env)
        cls.dpo.write({"lang": "de_DE"})
        cls.today = fields.Date.context_today(cls.dpo)
        cls.env.company.write(
            {"gdpr_retention_mode": "review", "gdpr_retention_notice_days": 14}
        )

    def tour(self, url, name):
        self.start_tour(url, name, login=self.dpo.login)

    def person(self, name=NAME, email=EMAIL):
        return create_person(self.env, name=name, email=email)["person"]

    def request(self, partner, request_type="access", state="new", **vals):
        return self.env["gdpr.request"].create(
            {
                "partner_id": partner.id,
                "email": partner.email,
                "request_type": request_type,
                "state": state,
                "user_id": self.dpo.id,
                **vals,
            }
        )

    def request_tour(self, request, name):
        self.tour(f"/odoo/gdpr.request/{request.id}", name)

    def open_activities(self, request):
        request.invalidate_recordset(["activity_ids"])
        return request.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref("gdpr_erasure.mail_activity_type_gdpr_request")
            )
        )


@tagged("post_install", "-at_install", "gdpr_erasure", "gdpr_tours_de")
class TestRequestToursDe(GermanTourCase):
    """The buttons of the data-subject request form."""

    def test_generate_access_export(self):
        request = self.request(self.person())
        self.request_tour(request, "gdpr_erasure_de_generate_export")
        attachment = request.export_attachment_id
        self.assertEqual(attachment.mimetype, "application/zip")
        self.assertEqual(
            (attachment.res_model, attachment.res_id), ("gdpr.request", request.id)
        )
        # only the export: the request stays open with its deadline activity
        self.assertEqual(request.state, "new")
        self.assertFalse(request.date_done)
        self.assertTrue(self.open_activities(request))

    def test_verify_then_export_and_close(self):
        request = self.request(self.person())
        self.request_tour(request, "gdpr_erasure_de_verify_export_close")
        self.assertEqual(request.state, "done")
        self.assertTrue(request.date_done)
        self.assertEqual(request.export_attachment_id.mimetype, "application/zip")
        self.assertIn(b"access_export.json", request.export_attachment_id.raw)
        self.assertFalse(self.open_activities(request))

    def test_restrict_processing(self):
        person = self.person()
        request = self.request(person, "restriction", state="verified")
        self.request_tour(request, "gdpr_erasure_de_restrict")
        self.assertEqual(request.state, "done")
        self.assertTrue(person.gdpr_restricted)
        self.assertEqual(
            set(person.gdpr_partner_purpose_ids.mapped("state")), {"restricted"}
        )

    def test_record_objection(self):
        person = self.person()
        newsletter = self.env.ref("gdpr_segments.purpose_newsletter")
        marketing = self.env["gdpr.partner.purpose"].create(
            {"partner_id": person.id, "purpose_id": newsletter.id}
        )
        request = self.request(person, "objection", state="verified")
        self.request_tour(request, "gdpr_erasure_de_object")
        self.assertEqual(request.state, "done")
        self.assertEqual(marketing.state, "ended")
        self.assertTrue(person.is_blacklisted)

    def test_extend_deadline(self):
        received = self.today - timedelta(days=10)
        request = self.request(self.person(), date_received=received)
        before = request.date_deadline
        self.request_tour(request, "gdpr_erasure_de_extend")
        self.assertTrue(request.extended)
        self.assertEqual(request.extension_reason, "Viele gleichzeitige Anfragen")
        self.assertEqual(request.date_deadline, before + relativedelta(months=2))
        # the deadline activity moves with it
        self.assertEqual(
            self.open_activities(request).date_deadline, request.date_deadline
        )

    def test_reject_and_reopen(self):
        request = self.request(self.person())
        self.request_tour(request, "gdpr_erasure_de_reject_reopen")
        self.assertEqual(request.state, "new")
        self.assertFalse(request.rejection_reason)
        self.assertFalse(request.date_done)
        state_changes = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", "gdpr.request"),
                ("mail_message_id.res_id", "=", request.id),
                ("field_id.name", "=", "state"),
            ]
        )
        self.assertEqual(len(state_changes), 2)  # rejected, then new again
        # the rejection closed the deadline activity, the reopening plans it again
        self.assertEqual(len(self.open_activities(request)), 1)

    def test_forget_from_request_with_refreshed_preview(self):
        """The erasure wizard of a request; the lead recorded while the
        wizard is open appears after Refresh Preview and is erased."""
        self.dpo.groups_id = [
            Command.link(self.env.ref("sales_team.group_sale_salesman").id)
        ]
        person = self.person()
        request = self.request(person, "erasure", state="verified")
        self.request_tour(request, "gdpr_erasure_de_request_forget")
        wizard = self.env["gdpr.erasure.wizard"].search(
            [("request_id", "=", request.id)]
        )
        self.assertIn("crm.lead", wizard.line_ids.mapped("model"))
        self.assertEqual(request.state, "done")
        log = request.erasure_log_id
        self.assertEqual(wizard.log_id, log)
        self.assertEqual(log.user_id, self.dpo)
        person = person.with_context(active_test=False)
        self.assertTrue(person.gdpr_erased)
        self.assertNotEqual(person.name, NAME)
        self.assertFalse(
            self.env["crm.lead"]
            .with_context(active_test=False)
            .search_count([("email_from", "ilike", EMAIL)])
        )


@tagged("post_install", "-at_install", "gdpr_erasure", "gdpr_tours_de")
class TestErasureToursDe(GermanTourCase):
    """Contact form, retention, re-applied erasures and the dashboard cards."""

    def test_contact_requests_and_forget(self):
        person = self.person()
        request = self.request(person)
        self.tour(f"/odoo/res.partner/{person.id}", "gdpr_erasure_de_contact_forget")
        person = person.with_context(active_test=False)
        self.assertTrue(person.gdpr_erased)
        self.assertNotEqual(person.name, NAME)
        self.assertFalse(person.email)
        log = self.env["gdpr.erasure.log"].search([("user_id", "=", self.dpo.id)])
        self.assertEqual(len(log), 1)
        self.assertEqual(log.request_id, self.env["gdpr.request"])
        self.assertTrue(request.exists())

    def test_lift_restriction(self):
        person = self.person()
        person.with_user(self.dpo)._gdpr_restrict_processing()
        self.assertTrue(person.gdpr_restricted)
        self.tour(f"/odoo/res.partner/{person.id}", "gdpr_erasure_de_lift_restriction")
        self.assertFalse(person.gdpr_restricted)
        self.assertIn(
            "Einschränkung der Verarbeitung aufgehoben.",
            person.message_ids.mapped("body")[0],
        )
        self.assertIn(
            person,
            self.env["res.partner"]
            .with_user(self.dpo)
            .search([("id", "=", person.id)]),
        )

    def proposal(self, name, **vals):
        partner = self.env["res.partner"].create({"name": name})
        return self.env["gdpr.retention.proposal"].create(
            {
                "partner_id": partner.id,
                "partner_ref": partner.id,
                "date_due": self.today - timedelta(days=3),
                **vals,
            }
        )

    def test_proposals_plan_approve_postpone(self):
        anna = self.proposal("Anna Ablauf")
        bruno = self.proposal("Bruno Bedenkzeit")
        self.tour(
            "/odoo/action-gdpr_erasure.action_gdpr_retention_proposal",
            "gdpr_erasure_de_proposals",
        )
        self.assertEqual(anna.state, "approved")
        self.assertEqual(anna.approved_by_id, self.dpo)
        self.assertEqual(bruno.state, "postponed")
        self.assertEqual(bruno.postponed_until, self.today + timedelta(days=14))
        # "Plan" only showed the erasure preview of Anna
        self.assertTrue(
            self.env["gdpr.erasure.wizard"].search(
                [("partner_id", "=", anna.partner_id.id)]
            )
        )
        self.assertFalse(anna.partner_id.gdpr_erased)

    def test_retention_preview_and_run_now(self):
        purpose = self.env["gdpr.purpose"].create(
            {
                "name": "Tour: Interessenten",
                "code": "tour_prospects",
                "legal_basis": "legitimate_interest",
                "retention_months": 12,
                "retention_from": "start",
            }
        )
        proposal = self.proposal("Carla Abgelaufen", state="approved")
        self.env["gdpr.partner.purpose"].create(
            {
                "partner_id": proposal.partner_id.id,
                "purpose_id": purpose.id,
                "date_start": self.today - relativedelta(months=13),
                "origin_type": "web_form",
                "origin_detail": "Kontaktformular",
            }
        )
        self.tour(
            "/odoo/action-gdpr_erasure.action_gdpr_retention_proposal",
            "gdpr_erasure_de_retention_run",
        )
        run = self.env["gdpr.retention.run"].search([("trigger", "=", "manual")])
        self.assertEqual(len(run), 1)
        self.assertEqual(run.user_id, self.dpo)
        self.assertEqual(run.partners_erased, 1)
        self.assertEqual(proposal.state, "done")
        self.assertEqual(proposal.result, "erased")
        # erased: anonymized, or deleted where nothing else refers to it
        partner = self.env["res.partner"].browse(proposal.partner_ref).exists()
        self.assertFalse(partner and not partner.gdpr_erased)
        self.assertFalse(
            self.env["res.partner"]
            .with_context(active_test=False)
            .search_count([("name", "=", "Carla Abgelaufen")])
        )

    def test_replay_after_restore(self):
        log = self.person().with_user(self.dpo)._gdpr_erase()
        restored = self.env["res.partner"].create(
            {"name": NAME, "email": EMAIL, "phone": PHONE}
        )
        self.tour(
            "/odoo/action-gdpr_erasure.action_gdpr_request", "gdpr_erasure_de_replay"
        )
        wizard = self.env["gdpr.erasure.replay"].search(
            [("create_uid", "=", self.dpo.id)]
        )
        register = json.loads(base64.b64decode(wizard.export_file))
        self.assertEqual([entry["ref"] for entry in register["entries"]], [log.name])
        self.assertEqual(wizard.state, "done")
        new_log = wizard.log_ids
        self.assertEqual(len(new_log), 1)
        self.assertEqual(new_log.trigger, "replay")
        self.assertEqual(new_log.replay_ref, log.name)
        restored = restored.with_context(active_test=False)
        self.assertNotEqual(restored.name, NAME)
        self.assertFalse(restored.email)
        self.assertFalse(restored.phone)

    def test_dashboard_cards(self):
        Partner = self.env["res.partner"]
        month = relativedelta(months=1)
        for name, received in (
            ("Ulla Überfällig", self.today - month - timedelta(days=3)),
            ("Bodo Baldfällig", self.today - month + timedelta(days=3)),
            ("Otto Offen", self.today),
        ):
            self.request(Partner.create({"name": name}), date_received=received)
        self.proposal("Pia Vorschlag")
        purpose = self.env["gdpr.purpose"].create(
            {
                "name": "Tour: Messe",
                "code": "tour_fair",
                "legal_basis": "legitimate_interest",
                "retention_months": 12,
                "retention_from": "start",
            }
        )
        self.env["gdpr.partner.purpose"].create(
            {
                "partner_id": Partner.create({"name": "Doris Demnächst"}).id,
                "purpose_id": purpose.id,
                # the only purpose ends in five days
                "date_start": self.today - relativedelta(months=12) + timedelta(days=5),
                "origin_type": "event",
                "origin_detail": "Messe",
            }
        )
        Partner.create({"name": "Erna Erledigt"}).with_user(self.dpo)._gdpr_erase()
        cards = {
            card["key"]: card
            for card in self.env["gdpr.dashboard"]
            .with_user(self.dpo)
            .with_context(lang="de_DE")
            .get_cards()
        }
        expected = {
            "request_overdue": 1,
            "request_due_soon": 1,
            "request_open": 3,
            "retention_proposal": 1,
            "retention_due_soon": 1,
            "erasure_recent": 1,
        }
        self.assertEqual({key: cards[key]["count"] for key in expected}, expected)
        self.assertEqual(cards["request_overdue"]["title"], "Überfällige Anfragen")
        # the tour checks each card shows its count and opens its list
        self.tour(
            "/odoo/action-gdpr_segments.action_gdpr_dashboard",
            "gdpr_erasure_de_dashboard",
        )
