# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import GdprErasureCase

REQUEST_CARDS = {"request_overdue", "request_due_soon", "request_open"}
DPO_ONLY_CARDS = REQUEST_CARDS | {
    "retention_proposal",
    "retention_due_soon",
    "erasure_recent",
}


@tagged("post_install", "-at_install", "gdpr_erasure")
class TestErasureDashboard(GdprErasureCase):
    def _cards(self, user):
        return {
            card["key"]: card
            for card in self.env["gdpr.dashboard"].with_user(user).get_cards()
        }

    def _request(self, received, **vals):
        return self.env["gdpr.request"].create(
            dict(
                {
                    "partner_id": self.person.id,
                    "request_type": "access",
                    "date_received": received,
                },
                **vals,
            )
        )

    def test_requests_by_deadline(self):
        before = self._cards(self.dpo)
        today = fields.Date.context_today(self.env.user)
        overdue = self._request(today - relativedelta(months=1, days=3))
        self._request(today - relativedelta(months=1) + relativedelta(days=3))
        self._request(today)
        # closed requests count nowhere, even past their deadline
        self._request(today - relativedelta(months=2), state="done")
        cards = self._cards(self.dpo)
        self.assertEqual(
            cards["request_overdue"]["count"], before["request_overdue"]["count"] + 1
        )
        self.assertEqual(cards["request_overdue"]["severity"], "danger")
        self.assertEqual(
            cards["request_due_soon"]["count"], before["request_due_soon"]["count"] + 1
        )
        self.assertEqual(cards["request_due_soon"]["severity"], "warning")
        self.assertEqual(
            cards["request_open"]["count"], before["request_open"]["count"] + 3
        )
        # the most urgent card comes first
        keys = [
            c["key"] for c in self.env["gdpr.dashboard"].with_user(self.dpo).get_cards()
        ]
        self.assertEqual(keys[0], "request_overdue")
        action = (
            self.env["gdpr.dashboard"]
            .with_user(self.dpo)
            .action_open_card("request_overdue")
        )
        self.assertEqual(action["res_model"], "gdpr.request")
        self.assertEqual(action["name"], "Overdue Requests")
        # the list shows what the card counted, not the action's "Open" filter
        self.assertNotIn("search_default_open", action["context"])
        listed = self.env["gdpr.request"].with_user(self.dpo).search(action["domain"])
        self.assertIn(overdue, listed)
        self.assertEqual(len(listed), cards["request_overdue"]["count"])

    def test_sales_user_gets_no_dpo_figures(self):
        """Requests, retention and the erasure log are the DPO's: a sales user
        sees neither the cards nor their counts, and cannot open them over
        RPC."""
        self._request(
            fields.Date.context_today(self.env.user) - relativedelta(months=2)
        )
        cards = self._cards(self.sales)
        self.assertFalse(DPO_ONLY_CARDS & set(cards))
        self.assertIn("third_country", cards)
        self.assertTrue(DPO_ONLY_CARDS <= set(self._cards(self.dpo)))
        for key in DPO_ONLY_CARDS:
            with self.assertRaises(UserError):
                self.env["gdpr.dashboard"].with_user(self.sales).action_open_card(key)

    def test_recent_erasures_with_their_counts(self):
        before = self._cards(self.dpo)["erasure_recent"]["count"]
        self.person.with_user(self.dpo)._gdpr_erase()
        card = self._cards(self.dpo)["erasure_recent"]
        self.assertEqual(card["count"], before + 1)
        self.assertTrue(card["details"])
        self.assertIn("anonymized", card["details"][0])
        action = (
            self.env["gdpr.dashboard"]
            .with_user(self.dpo)
            .action_open_card("erasure_recent")
        )
        self.assertEqual(action["res_model"], "gdpr.erasure.log")
        logs = self.env["gdpr.erasure.log"].with_user(self.dpo).search(action["domain"])
        self.assertEqual(len(logs), card["count"])

    def test_retention_proposals(self):
        before = self._cards(self.dpo)["retention_proposal"]["count"]
        self.env["gdpr.retention.proposal"].sudo().create(
            {
                "partner_id": self.person.id,
                "partner_ref": self.person.id,
                "date_due": fields.Date.context_today(self.env.user),
            }
        )
        card = self._cards(self.dpo)["retention_proposal"]
        self.assertEqual(card["count"], before + 1)
        self.assertEqual(card["severity"], "warning")
