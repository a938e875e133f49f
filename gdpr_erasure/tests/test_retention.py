# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from datetime import date, timedelta
from unittest.mock import patch

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase
from odoo.tools import SQL, mute_logger

from odoo.addons.gdpr_segments.models.gdpr_dpo import DPO_GROUP

RUN_MODEL = "odoo.addons.gdpr_erasure.models.gdpr_retention_run.GdprRetentionRun"


@tagged("post_install", "-at_install", "gdpr_retention")
class TestRetention(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.today = fields.Date.context_today(cls.env["gdpr.retention.run"])
        cls.dpo = new_test_user(
            cls.env,
            login="retention_dpo",
            groups=f"base.group_user,{DPO_GROUP}",
        )
        cls.sales = new_test_user(
            cls.env,
            login="retention_sales",
            groups="base.group_user,sales_team.group_sale_salesman",
        )
        cls.Run = cls.env["gdpr.retention.run"].with_user(cls.dpo)
        cls.company = cls.env.company
        cls.company.write(
            {"gdpr_retention_mode": "review", "gdpr_retention_notice_days": 14}
        )
        # A purpose that ends 12 months after it started.
        cls.lead_purpose = cls.env["gdpr.purpose"].create(
            {
                "name": "Retention test: prospects",
                "code": "retention_test_prospects",
                "legal_basis": "legitimate_interest",
                "retention_months": 12,
                "retention_from": "start",
            }
        )
        # A purpose without a retention limit while it is active.
        cls.contract_purpose = cls.env["gdpr.purpose"].create(
            {
                "name": "Retention test: contract",
                "code": "retention_test_contract",
                "legal_basis": "contract",
                "retention_months": 36,
                "retention_from": "end",
            }
        )
        cls.env.company.gdpr_dpo_user_id = cls.dpo

    def _person(self, name, started, purpose=None, **values):
        partner = self.env["res.partner"].create(
            dict({"name": name, "email": f"{name.lower()}@example.com"}, **values)
        )
        self.env["gdpr.partner.purpose"].create(
            {
                "partner_id": partner.id,
                "purpose_id": (purpose or self.lead_purpose).id,
                "date_start": started,
                "origin_type": "web_form",
                "origin_detail": "Contact form",
                "origin_date": started,
            }
        )
        return partner

    def _expired(self, name, **values):
        """A person whose only purpose ended a month ago."""
        return self._person(name, self.today - relativedelta(months=13), **values)

    def _run(self):
        return self.Run._run_retention(trigger="manual")

    # ------------------------------------------------------------------

    def test_run_title_in_the_users_time_zone(self):
        run = self.Run.sudo().create({"date_start": "2026-01-15 10:30:00"})
        self.dpo.tz = "Europe/Berlin"
        self.assertIn("11:30", run.with_user(self.dpo).display_name)
        self.dpo.tz = "America/New_York"
        run.invalidate_recordset(["display_name"])
        self.assertIn("05:30", run.with_user(self.dpo).display_name)

    def test_expired_purpose_is_ended_and_partner_proposed_in_review_mode(self):
        expired = self._expired("Anna")
        current = self._person("Bert", self.today - relativedelta(months=2))
        run = self._run()
        assignment = expired.gdpr_partner_purpose_ids
        self.assertEqual(assignment.state, "ended")
        self.assertEqual(assignment.date_end, self.today)
        self.assertEqual(current.gdpr_partner_purpose_ids.state, "active")
        self.assertEqual(run.assignments_ended, 1)
        # Review mode: nothing is erased without the DPO's decision.
        self.assertTrue(expired.exists())
        proposal = self.env["gdpr.retention.proposal"].search(
            [("partner_id", "=", expired.id)]
        )
        self.assertEqual(proposal.state, "proposed")
        self.assertEqual(run.proposals_created, 1)
        self.assertEqual(run.partners_erased, 0)
        self.assertEqual(run.state, "done")
        # A second run does not propose the same partner twice.
        self.assertEqual(self._run().proposals_created, 0)

    def test_approval_in_bulk_erases_at_the_next_run(self):
        people = self._expired("Carla") | self._expired("Dirk") | self._expired("Emil")
        self._run()
        Proposal = self.env["gdpr.retention.proposal"].with_user(self.dpo)
        proposals = Proposal.search(
            [("partner_id", "in", people.ids)], order="partner_ref"
        )
        self.assertEqual(len(proposals), 3)
        proposals[:2].action_approve()
        self.assertEqual(proposals[0].approved_by_id, self.dpo)
        proposals[2].action_postpone()
        run = self._run()
        self.assertEqual(run.partners_erased, 2)
        self.assertFalse(people[:2].exists().filtered(lambda p: not p.gdpr_erased))
        self.assertEqual(proposals[:2].mapped("state"), ["done", "done"])
        self.assertEqual(proposals[:2].mapped("result"), ["erased", "erased"])
        self.assertEqual(proposals[2].state, "postponed")
        self.assertEqual(proposals[2].postponed_until, self.today + timedelta(days=14))
        self.assertTrue(people[2].exists())
        log = self.env["gdpr.erasure.log"].search([], order="id desc", limit=1)
        self.assertEqual(log.trigger, "retention")
        # After the postponement, the proposal comes back for a decision.
        with freeze_time(self.today + timedelta(days=15)):
            self.Run._run_retention()
        self.assertEqual(proposals[2].state, "proposed")

    def test_proposal_of_a_partner_with_a_new_purpose_is_withdrawn(self):
        partner = self._expired("Fritz")
        self._run()
        proposal = self.env["gdpr.retention.proposal"].search(
            [("partner_id", "=", partner.id)]
        )
        self._person_purpose(partner, self.contract_purpose)
        self._run()
        self.assertEqual(proposal.state, "cancelled")
        self.assertTrue(partner.exists())

    def _person_purpose(self, partner, purpose):
        return self.env["gdpr.partner.purpose"].create(
            {"partner_id": partner.id, "purpose_id": purpose.id}
        )

    def test_automatic_mode_erases_without_review(self):
        self.company.gdpr_retention_mode = "automatic"
        expired = self._expired("Gerda", phone="+49 30 1234567")
        run = self._run()
        self.assertEqual(run.partners_erased, 1)
        self.assertFalse(
            self.env["res.partner"].search_count([("email", "=", "gerda@example.com")])
        )
        self.assertFalse(expired.exists() and not expired.gdpr_erased)
        self.assertFalse(
            self.env["gdpr.retention.proposal"].search_count(
                [("partner_ref", "=", expired.id)]
            )
        )

    def test_partners_with_purpose_user_or_no_assignment_are_kept(self):
        self.company.gdpr_retention_mode = "automatic"
        self._person("Hanna", self.today - relativedelta(months=13))
        with_contract = self._expired("Ingo")
        self._person_purpose(with_contract, self.contract_purpose)
        no_purpose = self.env["res.partner"].create({"name": "Jonas"})
        employee = self._expired("Karl")
        self.env["res.users"].create(
            {"name": "Karl", "login": "karl_ret", "partner_id": employee.id}
        )
        run = self._run()
        self.assertEqual(run.partners_erased, 1)
        self.assertTrue(with_contract.exists())
        self.assertFalse(with_contract.gdpr_erased)
        self.assertTrue(no_purpose.exists())
        self.assertFalse(employee.gdpr_erased)

    def test_advance_notice_is_one_activity_per_run(self):
        soon = self.today - relativedelta(months=12) + timedelta(days=5)
        self._person("Lena", soon)
        self._person("Mia", soon + timedelta(days=3))
        self._person("Nora", self.today - relativedelta(months=12) + timedelta(days=40))
        run = self._run()
        self.assertEqual(run.due_soon_count, 2)
        self.assertEqual(len(run.activity_ids), 1)
        activity = run.activity_ids
        self.assertEqual(activity.user_id, self.dpo)
        self.assertIn("2", activity.summary)
        due = self.env["gdpr.retention.due"].with_user(self.dpo)
        action = due.action_open_due_soon()
        names = due.search(action["domain"]).partner_id.mapped("name")
        self.assertEqual(sorted(names), ["Lena", "Mia"])

    def test_legal_hold_restricts_then_final_erasure_after_retention(self):
        self.company.gdpr_retention_mode = "automatic"
        partner = self._expired("Otto")
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": self.today,
                "invoice_line_ids": [
                    Command.create({"name": "Consulting", "price_unit": 100.0})
                ],
            }
        )
        invoice.action_post()
        run = self._run()
        self.assertEqual(run.partners_erased, 0)
        self.assertEqual(run.partners_restricted, 1)
        self.assertTrue(partner.gdpr_restricted)
        hold_until = partner.gdpr_hold_until
        self.assertEqual(hold_until, date(self.today.year + 10, 12, 31))
        self.assertTrue(invoice.exists())
        # Restricted partners are not erased again while the hold lasts.
        self.assertEqual(self._run().partners_restricted, 0)
        with freeze_time(hold_until + timedelta(days=2)):
            final = self.Run._run_retention()
        self.assertEqual(final.finals_erased, 1)
        self.assertFalse(partner.exists() and partner.gdpr_restricted)

    def test_hold_periods_per_document_type(self):
        """Since 1 January 2025: an invoice (voucher) is kept eight years, its
        journal items (the books) ten, a confirmed order (business letter)
        six, each from the end of the calendar year of its date."""
        partner = self._expired("Vera")
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": date(2026, 3, 15),
                "invoice_line_ids": [
                    Command.create({"name": "Consulting", "price_unit": 100.0})
                ],
            }
        )
        invoice.action_post()
        product = self.env["product.product"].create({"name": "Consulting"})
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [Command.create({"product_id": product.id})],
            }
        )
        order.action_confirm()
        order.date_order = "2026-05-04 10:00:00"
        plan = partner.with_user(self.dpo)._gdpr_erasure_plan()
        self.assertEqual(
            plan.record_hold[("account.move", invoice.id)], date(2034, 12, 31)
        )
        self.assertEqual(
            {
                plan.record_hold[("account.move.line", line.id)]
                for line in invoice.line_ids
            },
            {date(2036, 12, 31)},
        )
        self.assertEqual(plan.record_hold[("sale.order", order.id)], date(2032, 12, 31))
        # The person stays restricted as long as the longest hold.
        self.assertEqual(plan.hold_date, date(2036, 12, 31))
        reasons = {
            line.model: line.reason for line in plan.lines if line.action == "hold"
        }
        self.assertIn("§14b", reasons["account.move"])
        self.assertIn("§257(1) no. 2", reasons["sale.order"])

    def test_crash_mid_run_then_next_run_completes(self):
        self.company.gdpr_retention_mode = "automatic"
        self.env["ir.config_parameter"].set_param(
            "gdpr_erasure.retention_batch_size", 2
        )
        people = self.env["res.partner"]
        for name in ("Paul", "Quirin", "Rita", "Sven", "Tina"):
            people |= self._expired(name)
        calls = []
        original = type(self.Run)._erase_partners

        def killed_on_second_batch(run_model, partners):
            calls.append(partners.ids)
            if len(calls) == 2:
                # The worker dies in the middle of the second batch.
                original(run_model, partners[:1])
                raise KeyboardInterrupt
            return original(run_model, partners)

        # Not self.assertRaises: Odoo's rolls back what happened inside it,
        # and the first batch must stay done as it would after its commit.
        interrupted = False
        with patch(f"{RUN_MODEL}._erase_partners", killed_on_second_batch):
            try:
                self._run()
            except KeyboardInterrupt:
                interrupted = True
        self.assertTrue(interrupted)
        self.env.invalidate_all()
        erased = people.filtered(lambda p: not p.exists() or p.gdpr_erased)
        self.assertEqual(len(erased), 2, "only the first batch is done")
        for partner in people - erased:
            # No partner of the killed batch is half-erased.
            self.assertEqual(partner.email, f"{partner.name.lower()}@example.com")
            self.assertTrue(partner.gdpr_partner_purpose_ids)
        run = self._run()
        self.assertEqual(run.partners_erased, 3)
        self.assertFalse(people.exists().filtered(lambda p: not p.gdpr_erased))
        self.assertEqual(run.state, "done")

    def test_failing_partner_is_logged_and_skipped(self):
        self.company.gdpr_retention_mode = "automatic"
        first, failing, last = (
            self._expired("Ute"),
            self._expired("Volker"),
            self._expired("Wanda"),
        )
        # A custom module's database constraint: legacy customers must keep
        # an email address. It makes the erasure of that partner fail.
        self.env.cr.execute(
            "ALTER TABLE res_partner ADD COLUMN x_legacy_ref varchar, "
            "ADD CONSTRAINT x_legacy_needs_email "
            "CHECK (x_legacy_ref IS NULL OR email IS NOT NULL)"
        )
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner SET x_legacy_ref = 'L-1' WHERE id = %s",
                failing.id,
            )
        )
        with mute_logger(
            "odoo.sql_db",
            "odoo.addons.gdpr_erasure.models.gdpr_erasure_engine",
            "odoo.addons.gdpr_erasure.models.gdpr_retention_run",
        ):
            run = self._run()
        self.assertEqual(run.partners_failed, 1)
        self.assertIn(f"res.partner #{failing.id}", run.error_log)
        self.assertNotIn("volker@example.com", run.error_log)
        self.assertEqual(run.partners_erased, 2)
        self.assertFalse(first.exists() and not first.gdpr_erased)
        self.assertFalse(last.exists() and not last.gdpr_erased)
        self.assertEqual(failing.email, "volker@example.com")
        self.assertTrue(failing.gdpr_partner_purpose_ids)

    def _end_assignment(self, assignment, date_end, retention_date):
        self.env.cr.execute(
            SQL(
                "UPDATE gdpr_partner_purpose SET state = 'ended', date_end = %s, "
                "retention_date = %s WHERE id = %s",
                date_end,
                retention_date,
                assignment.id,
            )
        )
        self.env.invalidate_all()

    def test_purge_keeps_origin_for_24_months(self):
        started = date(2020, 1, 1)
        young = self._person("Xaver", started, purpose=self.contract_purpose)
        old = self._person("Yvonne", started, purpose=self.contract_purpose)
        other = self._person("Zoe", started, purpose=self.contract_purpose)
        self._person_purpose(other, self.lead_purpose)
        boundary = self.today - relativedelta(months=24)
        yesterday = self.today - timedelta(days=1)
        young_origin = young.gdpr_partner_purpose_ids
        old_origin = old.gdpr_partner_purpose_ids
        other_origin = other.gdpr_partner_purpose_ids.filtered(
            lambda a: a.purpose_id == self.contract_purpose
        )
        # Ended one day less than 24 months ago: kept (R7).
        self._end_assignment(young_origin, boundary + timedelta(days=1), yesterday)
        # Ended one day more than 24 months ago, retention still running: kept.
        self._end_assignment(old_origin, boundary - timedelta(days=1), self.today)
        # Old enough, but the partner still has an active purpose: kept.
        self._end_assignment(other_origin, boundary - timedelta(days=1), yesterday)
        run = self._run()
        self.assertEqual(run.origins_purged, 0)
        self.assertTrue(young_origin.exists() and old_origin.exists())
        self.assertTrue(other_origin.exists())
        # Once the retention has passed as well, the old origin goes.
        self._end_assignment(old_origin, boundary - timedelta(days=1), yesterday)
        run = self._run()
        self.assertEqual(run.origins_purged, 1)
        self.assertFalse(old_origin.exists())
        self.assertTrue(young_origin.exists())
        self.assertTrue(other_origin.exists())

    def test_purge_keeps_disclosures_for_24_months(self):
        recipient = self.env["res.partner"].create(
            {
                "name": "Letter shop GmbH",
                "is_company": True,
                "gdpr_is_recipient": True,
                "country_id": self.env.ref("base.de").id,
            }
        )
        # A contact whose purposes are over but whose retention still runs
        # (so it is not erased), and one that still has an active purpose.
        former = self._person("Gustav", date(2020, 1, 1), purpose=self.contract_purpose)
        self._end_assignment(
            former.gdpr_partner_purpose_ids, self.today, self.today + timedelta(400)
        )
        current = self._person("Helga", self.today)
        boundary = self.today - relativedelta(months=24)
        Disclosure = self.env["gdpr.disclosure"]

        def disclose(partner, day):
            return Disclosure.create(
                {
                    "partner_id": partner.id,
                    "recipient_id": recipient.id,
                    "purpose_id": self.contract_purpose.id,
                    "date": day,
                    "country_id": self.env.ref("base.de").id,
                }
            )

        older = disclose(former, boundary - timedelta(days=1))
        on_boundary = disclose(former, boundary)
        younger = disclose(former, boundary + timedelta(days=1))
        still_needed = disclose(current, boundary - timedelta(days=1))
        run = self._run()
        self.assertEqual(run.disclosures_purged, 1)
        self.assertFalse(older.exists())
        self.assertTrue(on_boundary.exists() and younger.exists())
        self.assertTrue(still_needed.exists())
        # A day later the disclosure that was exactly 24 months old goes too.
        with freeze_time(self.today + timedelta(days=1)):
            self.assertEqual(self.Run._run_retention().disclosures_purged, 1)
        self.assertFalse(on_boundary.exists())
        self.assertTrue(younger.exists())

    def test_erasure_logs_are_purged_after_the_configured_years(self):
        Log = self.env["gdpr.erasure.log"].sudo()
        old, recent = Log.create({"name": "OLD"}), Log.create({"name": "RECENT"})
        self.env.cr.execute(
            SQL(
                "UPDATE gdpr_erasure_log SET date = %s WHERE id = %s",
                fields.Datetime.now() - relativedelta(years=10, days=1),
                old.id,
            )
        )
        self.env.cr.execute(
            SQL(
                "UPDATE gdpr_erasure_log SET date = %s WHERE id = %s",
                fields.Datetime.now() - relativedelta(years=9, months=11),
                recent.id,
            )
        )
        run = self._run()
        self.assertEqual(run.logs_purged, 1)
        self.assertFalse(old.exists())
        self.assertTrue(recent.exists())
        self.company.gdpr_erasure_log_keep_years = 5
        self.assertEqual(self._run().logs_purged, 1)
        self.assertFalse(recent.exists())

    def test_preview_shows_the_next_run_and_writes_nothing(self):
        self._expired("Albert")
        self._expired("Berta")
        self._person(
            "Caspar", self.today - relativedelta(months=12) + timedelta(days=3)
        )
        runs_before = self.env["gdpr.retention.run"].search_count([])
        preview = self.env["gdpr.retention.preview"].with_user(self.dpo).create({})
        self.assertEqual(preview.assignments_to_end, 2)
        self.assertEqual(preview.due_soon, 1)
        self.assertEqual(
            self.env["gdpr.partner.purpose"].search_count(
                [
                    ("state", "=", "ended"),
                    ("partner_id.name", "in", ["Albert", "Berta"]),
                ]
            ),
            0,
        )
        self.assertEqual(self.env["gdpr.retention.run"].search_count([]), runs_before)
        run = self._run()
        self.assertEqual(run.assignments_ended, preview.assignments_to_end)
        self.assertEqual(run.proposals_created, 2)
        self.assertEqual(run.due_soon_count, preview.due_soon)

    def test_only_the_dpo_runs_the_job_and_decides(self):
        partner = self._expired("Dora")
        with self.assertRaises(AccessError):
            self.env["gdpr.retention.run"].with_user(self.sales)._run_retention()
        with self.assertRaises(AccessError):
            self.env["gdpr.retention.run"].with_user(self.sales)._retention_preview()
        self._run()
        proposal = self.env["gdpr.retention.proposal"].search(
            [("partner_id", "=", partner.id)]
        )
        with self.assertRaises(AccessError):
            proposal.with_user(self.sales).action_approve()
        proposal.with_user(self.dpo).action_approve()
        with self.assertRaises(UserError):
            proposal.with_user(self.dpo).action_postpone()

    def test_cron_is_daily_and_runs_the_job(self):
        cron = self.env.ref("gdpr_erasure.ir_cron_gdpr_retention")
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))
        self._expired("Erik")
        cron.method_direct_trigger()
        last = self.env["gdpr.retention.run"].search([], limit=1)
        self.assertEqual(last.proposals_created, 1)
        self.assertEqual(last.state, "done")
