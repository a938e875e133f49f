# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Every button of gdpr_segments, clicked in a browser by German users; the
tours are in static/tests/tours/gdpr_segments_buttons_de.js."""

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from ..models.gdpr_dpo import DPO_GROUP
from .common import GdprSegmentsCommon

ASSIGNMENT_URL = "/odoo/action-gdpr_segments.action_gdpr_partner_purpose/%s"


@tagged("post_install", "-at_install", "gdpr_segments")
class TestSegmentsButtonToursGerman(HttpCase, GdprSegmentsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("de_DE")
        # staff: every internal user is a data protection user
        cls.sales_de = new_test_user(
            cls.env,
            login="gdpr_sales_tour_de",
            name="Sven Vertrieb",
            lang="de_DE",
            groups="base.group_user",
        )
        cls.dpo_de = new_test_user(
            cls.env,
            login="gdpr_dpo_tour_de",
            name="Dora Datenschutz",
            lang="de_DE",
            groups=f"base.group_user,{DPO_GROUP}",
        )

    def _disclose(self, partner, recipient, purpose):
        return self.Disclosure.create(
            {
                "partner_id": partner.id,
                "recipient_id": recipient.id,
                "purpose_id": purpose.id,
                "data_categories": [Command.set(self.category_contact.ids)],
            }
        )

    def _chatter_text(self, partner):
        return " ".join(partner.message_ids.mapped("body"))

    def test_dpo_restricts_reactivates_and_ends(self):
        """Restrict, Reactivate (lifting a restriction is the DPO's) and End
        Purpose: each changes the state, the end sets today's date, and each
        step is logged on the contact in German."""
        assignment = self.assignment_ads
        self.start_tour(
            ASSIGNMENT_URL % assignment.id,
            "gdpr_segments_assignment_dpo_de",
            login=self.dpo_de.login,
        )
        self.assertEqual(assignment.state, "ended")
        self.assertEqual(assignment.date_end, fields.Date.context_today(assignment))
        chatter = self._chatter_text(self.partner_ads)
        for line in (
            "Verarbeitung eingeschränkt (Art. 18 DSGVO): Werbung",
            "Zweck reaktiviert: Werbung",
            "Zweck beendet: Werbung",
        ):
            self.assertIn(line, chatter)
        self.assertFalse(self.partner_ads.gdpr_purpose_ids)

    def test_staff_reactivates_an_ended_purpose(self):
        """Staff see no Restrict button; Reactivate makes an ended purpose
        active again and clears its end date."""
        assignment = self.assignment_ended
        self.assertTrue(assignment.date_end)
        self.start_tour(
            ASSIGNMENT_URL % assignment.id,
            "gdpr_segments_assignment_staff_de",
            login=self.sales_de.login,
        )
        self.assertEqual(assignment.state, "active")
        self.assertFalse(assignment.date_end)
        self.assertEqual(self.partner_ended.gdpr_purpose_ids, self.purpose_advertising)
        self.assertIn(
            "Zweck reaktiviert: Werbung", self._chatter_text(self.partner_ended)
        )

    def test_staff_cannot_lift_a_restriction(self):
        """Reactivate on a restricted purpose is refused to staff with a
        German message (Art. 18: only the DPO lifts a restriction)."""
        assignment = self.assignment_contract
        assignment.action_restrict()
        # the refusal is an expected AccessError, logged by odoo.http
        with mute_logger("odoo.http"):
            self.start_tour(
                ASSIGNMENT_URL % assignment.id,
                "gdpr_segments_assignment_staff_restricted_de",
                login=self.sales_de.login,
            )
        self.assertEqual(assignment.state, "restricted")
        self.assertNotIn("Zweck reaktiviert", self._chatter_text(self.partner_contract))

    def test_staff_ends_a_purpose_on_the_contact(self):
        """The End button of a purpose row on the contact form ends it today."""
        self.start_tour(
            f"/odoo/contacts/{self.partner_ads.id}",
            "gdpr_segments_partner_end_purpose_de",
            login=self.sales_de.login,
        )
        assignment = self.assignment_ads
        self.assertEqual(assignment.state, "ended")
        self.assertEqual(assignment.date_end, fields.Date.context_today(assignment))
        self.assertEqual(assignment.write_uid, self.sales_de)
        self.assertFalse(self.partner_ads.gdpr_marketing_allowed)

    def test_contact_smart_buttons(self):
        """The contact's buttons open its active assignments and its
        disclosures: the records they count."""
        ended = self.Assignment.create(
            {
                "partner_id": self.partner_ads.id,
                "purpose_id": self.purpose_lead.id,
                "origin_type": "event",
            }
        )
        ended.action_end()
        disclosures = self._disclose(
            self.partner_ads, self.recipient_us, self.purpose_advertising
        ) | self._disclose(
            self.partner_ads, self.recipient_de, self.purpose_advertising
        )
        self.start_tour(
            f"/odoo/contacts/{self.partner_ads.id}",
            "gdpr_segments_partner_smart_buttons_de",
            login=self.sales_de.login,
        )
        partner = self.partner_ads.with_user(self.sales_de)
        action = partner.action_gdpr_view_assignments()
        self.assertEqual(action["context"]["search_default_active_state"], 1)
        assignments = self.Assignment.search(action["domain"])
        self.assertEqual(assignments, self.assignment_ads | ended)
        self.assertEqual(
            assignments.filtered(lambda a: a.state == "active"), self.assignment_ads
        )
        self.assertEqual(partner.gdpr_purpose_count, 1)
        action = partner.action_gdpr_view_disclosures()
        self.assertEqual(self.Disclosure.search(action["domain"]), disclosures)

    def test_purpose_smart_button(self):
        """The purpose's button counts and lists its active assignments."""
        self.start_tour(
            f"/odoo/action-gdpr_segments.action_gdpr_purpose/"
            f"{self.purpose_advertising.id}",
            "gdpr_segments_purpose_assignments_de",
            login=self.sales_de.login,
        )
        action = self.purpose_advertising.action_view_assignments()
        active = self.Assignment.search(action["domain"] + [("state", "=", "active")])
        self.assertEqual(active, self.assignment_ads)
        self.assertEqual(self.purpose_advertising.assignment_count, 1)

    def test_segment_members(self):
        """The segment's button lists its members: the contacts in Germany
        with an active advertising purpose."""
        segment = self.Segment.create(
            {
                "name": "Werbung Deutschland",
                "purpose_ids": [Command.set(self.purpose_advertising.ids)],
                "domain": "[('country_id.code', '=', 'DE')]",
            }
        )
        self.start_tour(
            f"/odoo/action-gdpr_segments.action_gdpr_segment/{segment.id}",
            "gdpr_segments_segment_members_de",
            login=self.sales_de.login,
        )
        action = segment.action_view_members()
        self.assertEqual(self.Partner.search(action["domain"]), self.partner_ads)
        self.assertEqual(segment.member_count, 1)

    def test_dashboard_cards(self):
        """Third-country transfers: two to the United States (the one to
        Germany is none); contacts without purpose: the list has as many
        as the card."""
        self._disclose(self.partner_ads, self.recipient_us, self.purpose_advertising)
        self._disclose(self.partner_contract, self.recipient_us, self.purpose_contract)
        self._disclose(self.partner_ads, self.recipient_de, self.purpose_advertising)
        dashboard = self.env["gdpr.dashboard"].with_user(self.dpo_de)
        cards = {card["key"]: card for card in dashboard.get_cards()}
        self.assertEqual(cards["third_country"]["count"], 2)
        self.start_tour(
            "/odoo/action-gdpr_segments.action_gdpr_dashboard",
            "gdpr_segments_dashboard_de",
            login=self.dpo_de.login,
        )
        action = dashboard.action_open_card("without_purpose")
        shown = self.Partner.with_user(self.dpo_de).search(action["domain"])
        self.assertEqual(len(shown), cards["without_purpose"]["count"])
        self.assertIn(self.partner_none, shown)
        self.assertIn(self.partner_ended, shown)
        self.assertNotIn(self.partner_ads, shown)
