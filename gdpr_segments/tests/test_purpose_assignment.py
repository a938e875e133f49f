# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from ..models.gdpr_dpo import DPO_GROUP
from .common import GdprSegmentsCommon


@tagged("post_install", "-at_install", "gdpr_segments")
class TestPurposeAssignment(GdprSegmentsCommon):
    def test_shipped_purposes(self):
        """The shipped purposes carry their legal basis and retention; the
        commercial and tax ones count from the end of the calendar year."""
        accounting = self.purpose_accounting
        self.assertEqual(accounting.legal_basis, "legal_obligation")
        # Since 1 January 2025: vouchers 8 years, books 10, letters 6.
        retention = {
            self.env.ref(f"gdpr_segments.{xmlid}"): months
            for xmlid, months in (
                ("purpose_accounting", 96),
                ("purpose_accounting_books", 120),
                ("purpose_business_letters", 72),
            )
        }
        for purpose, months in retention.items():
            self.assertEqual(purpose.retention_months, months)
            self.assertTrue(purpose.retention_year_end)
        assignment = self.Assignment.create(
            {
                "partner_id": self.partner_none.id,
                "purpose_id": accounting.id,
                "date_start": date(2026, 3, 15),
            }
        )
        assignment.write({"state": "ended", "date_end": date(2026, 3, 20)})
        self.assertEqual(assignment.retention_date, date(2034, 12, 31))
        self.assertEqual(self.purpose_advertising.legal_basis, "consent")
        self.assertTrue(self.purpose_newsletter.is_marketing)
        self.assertEqual(self.purpose_care.legal_basis, "legitimate_interest")
        self.assertEqual(self.purpose_care.retention_from, "last_interaction")
        self.assertTrue(self.purpose_lead.description)
        legal_basis = dict(self.env["gdpr.purpose"]._fields["legal_basis"].selection)
        self.assertEqual(legal_basis["consent"], "Consent (Art. 6(1)(a) GDPR)")

    def test_legal_basis_defaults_from_purpose(self):
        """A new assignment takes the purpose's legal basis, in the form too."""
        with Form(self.Assignment) as form:
            form.partner_id = self.partner_none
            form.purpose_id = self.purpose_care
            self.assertEqual(form.legal_basis, "legitimate_interest")
            form.origin_type = "inquiry"
        assignment = form.save()
        self.assertEqual(assignment.legal_basis, "legitimate_interest")
        self.assertEqual(assignment.state, "active")
        self.assertIn(self.purpose_care, self.partner_none.gdpr_purpose_ids)

    def test_retention_date(self):
        """Retention counts from the start, the end or the last interaction."""
        start = date(2025, 3, 1)
        assignment = self.Assignment.create(
            {
                "partner_id": self.partner_none.id,
                "purpose_id": self.purpose_contract.id,
                "date_start": start,
            }
        )
        self.assertFalse(assignment.retention_date, "counted from the end: none yet")
        assignment.date_end = date(2025, 6, 30)
        self.assertEqual(assignment.retention_date, date(2028, 6, 30))
        lead = self.Assignment.create(
            {
                "partner_id": self.partner_none.id,
                "purpose_id": self.purpose_lead.id,
                "date_start": start,
            }
        )
        self.assertEqual(lead.retention_date, date(2026, 3, 1))
        self.partner_none.sudo()._gdpr_touch_interaction(
            self.partner_none.ids, when=fields.Datetime.to_datetime("2025-09-15 10:00")
        )
        self.assertEqual(lead.retention_date, date(2026, 9, 15))

    def test_second_active_assignment_refused(self):
        """A second active assignment for the same purpose is refused with a
        clear message and nothing is created."""
        before = self.Assignment.search_count(
            [("partner_id", "=", self.partner_ads.id)]
        )
        with self.assertRaisesRegex(
            ValidationError, "already has an active assignment"
        ):
            self.Assignment.create(
                {
                    "partner_id": self.partner_ads.id,
                    "purpose_id": self.purpose_advertising.id,
                }
            )
        self.assertEqual(
            self.Assignment.search_count([("partner_id", "=", self.partner_ads.id)]),
            before,
        )
        # reactivating an ended assignment next to an active one is refused too
        self.Assignment.create(
            {
                "partner_id": self.partner_ended.id,
                "purpose_id": self.purpose_advertising.id,
            }
        )
        with self.assertRaisesRegex(
            ValidationError, "already has an active assignment"
        ):
            self.assignment_ended.action_reactivate()
        self.assertEqual(self.assignment_ended.state, "ended")

    def test_end_before_start_refused(self):
        """An end date before the start date is refused, on create and write."""
        with self.assertRaisesRegex(ValidationError, "cannot be before the start"):
            self.Assignment.create(
                {
                    "partner_id": self.partner_none.id,
                    "purpose_id": self.purpose_lead.id,
                    "date_start": "2025-05-10",
                    "date_end": "2025-05-01",
                }
            )
        self.assertFalse(self.partner_none.gdpr_partner_purpose_ids)
        with self.assertRaisesRegex(ValidationError, "cannot be before the start"):
            self.assignment_contract.date_end = self.assignment_contract.date_start - (
                relativedelta(days=1)
            )
        self.assignment_contract.invalidate_recordset()
        self.assertFalse(self.assignment_contract.date_end)

    def test_delete_purpose_in_use_refused(self):
        """A purpose in use cannot be deleted; an unused one can."""
        with self.assertRaisesRegex(UserError, "Archive it instead"):
            self.purpose_contract.unlink()
        self.assertTrue(self.purpose_contract.exists())
        unused = self.env["gdpr.purpose"].create(
            {"name": "Unused test purpose", "code": "unused_test"}
        )
        unused.unlink()
        self.assertFalse(unused.exists())

    def test_changes_in_partner_chatter(self):
        """Assignments created, ended and restricted show in the chatter."""
        assignment = self.Assignment.create(
            {
                "partner_id": self.partner_none.id,
                "purpose_id": self.purpose_lead.id,
                "origin_type": "event",
                "origin_detail": "Fair Hannover",
            }
        )
        body = self.partner_none.message_ids[0].body
        self.assertIn("Purpose assigned", body)
        self.assertIn("Lead and prospect handling", body)
        self.assertIn("Trade fair or event", body)
        self.assertIn("Fair Hannover", body)
        assignment.action_end()
        self.assertEqual(assignment.state, "ended")
        self.assertEqual(assignment.date_end, fields.Date.context_today(assignment))
        self.assertIn("Purpose ended", self.partner_none.message_ids[0].body)
        assignment.action_restrict()
        self.assertIn("Processing restricted", self.partner_none.message_ids[0].body)
        self.assertNotIn(self.purpose_lead, self.partner_none.gdpr_purpose_ids)

    def test_purpose_smart_button(self):
        """The purpose form counts and opens its active assignments."""
        self.assertEqual(self.purpose_contract.assignment_count, 1)
        action = self.purpose_contract.action_view_assignments()
        self.assertEqual(
            self.Assignment.search(action["domain"]), self.assignment_contract
        )
        action = self.partner_ads.action_gdpr_view_assignments()
        self.assertEqual(self.Assignment.search(action["domain"]), self.assignment_ads)
        self.assertEqual(self.partner_ads.gdpr_purpose_count, 1)

    def test_smart_buttons_open_what_they_count(self):
        """Both buttons count active assignments only: their lists open
        filtered on the active ones (a filter the user may remove)."""
        self.assertEqual(self.purpose_advertising.assignment_count, 1)
        self.assertEqual(self.partner_ended.gdpr_purpose_count, 0)
        for action in (
            self.purpose_advertising.action_view_assignments(),
            self.partner_ended.action_gdpr_view_assignments(),
        ):
            self.assertEqual(action["context"].get("search_default_active_state"), 1)
        # without the filter the list still holds the ended assignment
        action = self.purpose_advertising.action_view_assignments()
        self.assertIn(self.assignment_ended, self.Assignment.search(action["domain"]))

    def test_only_the_dpo_lifts_a_restriction(self):
        """Art. 18: staff cannot undo a restriction by reactivating or ending
        the assignment, whatever method they call."""
        sales = new_test_user(self.env, login="gdpr_sales_restriction")
        dpo = new_test_user(
            self.env,
            login="gdpr_dpo_restriction",
            groups=f"base.group_user,{DPO_GROUP}",
        )
        self.assignment_ads.action_restrict()
        as_sales = self.assignment_ads.with_user(sales)
        for call in (
            as_sales.action_reactivate,
            as_sales.action_end,
            lambda: as_sales.write({"state": "active"}),
        ):
            with self.assertRaises(AccessError):
                call()
        self.assertEqual(self.assignment_ads.state, "restricted")
        self.assignment_ads.with_user(dpo).action_reactivate()
        self.assertEqual(self.assignment_ads.state, "active")

    def test_staff_cannot_bring_the_erasure_forward(self):
        """The retention job erases contacts whose purposes ended long ago:
        staff cannot backdate an end, move a start back or set the date."""
        sales = new_test_user(self.env, login="gdpr_sales_backdating")
        as_sales = self.assignment_ads.with_user(sales)
        before = self.assignment_ads.read(["date_start", "date_end"])
        past = fields.Date.today() - relativedelta(years=5)
        for vals in (
            {"date_end": past},
            {"date_start": past},
            {"retention_date": past},
            {"state": "ended", "date_end": past},
        ):
            with self.assertRaises(AccessError):
                as_sales.write(vals)
        self.assertEqual(self.assignment_ads.read(["date_start", "date_end"]), before)
        # ending today and moving the start forward stay possible
        as_sales.action_end()
        self.assertEqual(self.assignment_ads.date_end, fields.Date.today())
