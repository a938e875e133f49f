# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo.exceptions import UserError
from odoo.tests import tagged

from .security_common import GdprSecurityCommon


def cards_by_key(dashboard):
    return {card["key"]: card for card in dashboard.get_cards()}


@tagged("post_install", "-at_install", "gdpr_segments")
class TestDashboard(GdprSecurityCommon):
    """The dashboard counts with the rights of the user who looks at it."""

    def _disclose(self, partner, purpose):
        return self.Disclosure.create(
            {
                "partner_id": partner.id,
                "recipient_id": self.recipient_us.id,
                "purpose_id": purpose.id,
                "data_categories": [(6, 0, self.category_contact.ids)],
            }
        )

    def test_third_country_card_respects_purpose_separation(self):
        dpo = self.env["gdpr.dashboard"].with_user(self.dpo_user)
        restricted = self.env["gdpr.dashboard"].with_user(self.restricted_user)
        before_dpo = cards_by_key(dpo)["third_country"]["count"]
        before_restricted = cards_by_key(restricted)["third_country"]["count"]
        # visible to the marketing team (advertising, partner held for it)
        self._disclose(self.partner_ads, self.purpose_advertising)
        # contract data: hidden from the purpose-restricted user
        self._disclose(self.partner_contract, self.purpose_contract)
        # a recipient in Germany is no third-country transfer
        self.Disclosure.create(
            {
                "partner_id": self.partner_ads.id,
                "recipient_id": self.recipient_de.id,
                "purpose_id": self.purpose_advertising.id,
            }
        )
        card = cards_by_key(dpo)["third_country"]
        self.assertEqual(card["count"], before_dpo + 2)
        self.assertEqual(card["severity"], "info")
        self.assertEqual(
            cards_by_key(restricted)["third_country"]["count"], before_restricted + 1
        )

    def test_card_opens_the_list_it_counts(self):
        self._disclose(self.partner_ads, self.purpose_advertising)
        self._disclose(self.partner_contract, self.purpose_contract)
        restricted = self.env["gdpr.dashboard"].with_user(self.restricted_user)
        action = restricted.action_open_card("third_country")
        self.assertEqual(action["type"], "ir.actions.act_window")
        self.assertEqual(action["res_model"], "gdpr.disclosure")
        self.assertEqual(action["name"], "Third-Country Transfers")
        self.assertNotIn("search_default_third_country", action["context"])
        shown = (
            self.env["gdpr.disclosure"]
            .with_user(self.restricted_user)
            .search(action["domain"])
        )
        self.assertEqual(len(shown), cards_by_key(restricted)["third_country"]["count"])
        self.assertEqual(shown.partner_id, self.partner_ads)

    def test_card_titles_in_german(self):
        self.env["res.lang"]._activate_lang("de_DE")
        dpo = self.env["gdpr.dashboard"].with_user(self.dpo_user)
        cards = cards_by_key(dpo.with_context(lang="de_DE"))
        self.assertEqual(cards["third_country"]["title"], "Drittlandübermittlungen")
        self.assertEqual(cards["without_purpose"]["title"], "Kontakte ohne Zweck")
        action = dpo.with_context(lang="de_DE").action_open_card("without_purpose")
        self.assertEqual(action["name"], "Kontakte ohne Zweck")
        # the title the web client shows above the list
        self.assertEqual(action["display_name"], "Kontakte ohne Zweck")

    def test_contacts_without_purpose(self):
        dpo = self.env["gdpr.dashboard"].with_user(self.dpo_user)
        before = cards_by_key(dpo)["without_purpose"]["count"]
        self.Partner.create({"name": "GDPR Test Forgotten Fritz"})
        self.Partner.create({"name": "GDPR Test Company AG", "is_company": True})
        card = cards_by_key(dpo)["without_purpose"]
        self.assertEqual(card["count"], before + 1)
        self.assertEqual(card["severity"], "warning")

    def test_unknown_card_is_refused(self):
        with self.assertRaises(UserError):
            self.env["gdpr.dashboard"].with_user(self.sales_user).action_open_card(
                "no_such_card"
            )

    def test_dashboard_is_the_first_menu(self):
        root = self.env.ref("gdpr_segments.menu_gdpr_root")
        action = self.env.ref("gdpr_segments.action_gdpr_dashboard")
        self.assertEqual(root.action, action)
        first = self.env["ir.ui.menu"].search([("parent_id", "=", root.id)], limit=1)
        self.assertEqual(first, self.env.ref("gdpr_segments.menu_gdpr_dashboard"))
        settings = self.env.ref("gdpr_segments.menu_gdpr_settings")
        self.assertEqual(
            settings.parent_id, self.env.ref("gdpr_segments.menu_gdpr_config")
        )
        self.assertEqual(
            settings.action.context, "{'module': 'gdpr_segments', 'bin_size': False}"
        )
