# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo.tests import HttpCase, tagged

from .common import GdprSegmentsCommon


@tagged("post_install", "-at_install", "gdpr_segments")
class TestPartnerFormTour(HttpCase, GdprSegmentsCommon):
    def test_sales_user_adds_purpose_with_origin(self):
        """A sales user records a purpose and its origin on the partner form,
        in a real browser, and saves."""
        sales_user = self._create_sales_user()
        self.assertTrue(sales_user.has_group("gdpr_segments.group_gdpr_user"))
        partner = self.partner_none
        self.start_tour(
            f"/odoo/res.partner/{partner.id}",
            "gdpr_segments_partner_purpose_tour",
            login=sales_user.login,
        )
        assignment = partner.gdpr_partner_purpose_ids
        self.assertEqual(len(assignment), 1)
        self.assertEqual(assignment.purpose_id, self.purpose_lead)
        self.assertEqual(assignment.legal_basis, "legitimate_interest")
        self.assertEqual(assignment.origin_type, "event")
        self.assertEqual(assignment.origin_detail, "Hannover Messe booth")
        self.assertEqual(assignment.state, "active")
        self.assertEqual(assignment.create_uid, sales_user)
        # logged in the chatter, in the language of the sales user
        self.assertIn("Hannover Messe booth", partner.message_ids[0].body)
