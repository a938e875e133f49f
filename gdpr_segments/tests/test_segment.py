# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import GdprSegmentsCommon


@tagged("post_install", "-at_install", "gdpr_segments")
class TestSegment(GdprSegmentsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.segment_ads_de = cls.Segment.create(
            {
                "name": "Test advertising Germany",
                "purpose_ids": [
                    Command.set((cls.purpose_advertising | cls.purpose_newsletter).ids)
                ],
                "domain": "[('country_id.code', '=', 'DE')]",
            }
        )
        cls.segment_customers = cls.Segment.create(
            {
                "name": "Test customers",
                "purpose_ids": [Command.set(cls.purpose_contract.ids)],
                "domain": "[('name', 'ilike', 'GDPR Test')]",
            }
        )
        # in the US: matches the purpose but not the filter
        cls.partner_ads_us = cls.Partner.create(
            {
                "name": "GDPR Test Ads US",
                "country_id": cls.country_us.id,
                "gdpr_partner_purpose_ids": [
                    Command.create({"purpose_id": cls.purpose_advertising.id})
                ],
            }
        )

    def _search_test_partners(self, domain):
        return self.Partner.search([("id", "in", self.all_test_partners.ids), *domain])

    @property
    def all_test_partners(self):
        return self.test_partners | self.partner_ads_us

    def test_members(self):
        """Members match the filter and hold an active assignment for one of
        the purposes; ended assignments do not count."""
        members = self._search_test_partners(
            [("gdpr_segment_ids", "in", self.segment_ads_de.ids)]
        )
        self.assertEqual(members, self.partner_ads)
        self.assertEqual(self.segment_ads_de.member_count, 1)
        self.assertEqual(self.segment_ads_de.member_ids, self.partner_ads)
        self.assertEqual(self.partner_ads.gdpr_segment_ids, self.segment_ads_de)
        self.assertFalse(self.partner_ended.gdpr_segment_ids)
        self.assertEqual(self.partner_contract.gdpr_segment_ids, self.segment_customers)
        action = self.segment_ads_de.action_view_members()
        self.assertEqual(self.Partner.search(action["domain"]), self.partner_ads)

    def test_search_operators(self):
        """Segments work in list filters: by id, by name, negated, none."""
        self.assertEqual(
            self._search_test_partners([("gdpr_segment_ids", "=", "advertising")]),
            self.partner_ads,
        )
        self.assertEqual(
            self._search_test_partners(
                [("gdpr_segment_ids", "not in", self.segment_ads_de.ids)]
            ),
            self.all_test_partners - self.partner_ads,
        )
        self.assertEqual(
            self._search_test_partners([("gdpr_segment_ids", "=", False)]),
            self.partner_none | self.partner_ended | self.partner_ads_us,
        )
        self.assertEqual(
            self._search_test_partners([("gdpr_segment_ids", "!=", False)]),
            self.partner_ads | self.partner_contract,
        )

    def test_search_is_one_query(self):
        """Searching partners by segment or purpose is a single SQL query,
        whatever the number of partners (no Python loop over partners)."""
        self.segment_ads_de._get_partner_domain()  # segment fields in cache
        self.env.flush_all()
        with self.assertQueryCount(1):
            by_segment = self.Partner.search(
                [("gdpr_segment_ids", "in", self.segment_ads_de.ids)]
            )
        with self.assertQueryCount(1):
            by_purpose = self.Partner.search(
                [("gdpr_purpose_ids", "in", self.purpose_advertising.ids)]
            )
        self.assertIn(self.partner_ads, by_segment)
        self.assertNotIn(self.partner_ads_us, by_segment)
        self.assertIn(self.partner_ads_us, by_purpose)

    def test_invalid_domain_refused(self):
        """An invalid filter is refused with a clear message; nothing changes."""
        with self.assertRaisesRegex(ValidationError, "not a valid domain"):
            self.segment_ads_de.domain = "[('no_such_field', '=', 1)]"
        with self.assertRaisesRegex(ValidationError, "not a valid domain"):
            self.Segment.create(
                {
                    "name": "Broken",
                    "purpose_ids": [Command.set(self.purpose_contract.ids)],
                    "domain": "[('name', '=',",
                }
            )
        self.env.invalidate_all()
        self.assertEqual(self.segment_ads_de.domain, "[('country_id.code', '=', 'DE')]")
        self.assertFalse(self.Segment.search([("name", "=", "Broken")]))

    def test_segment_needs_purpose(self):
        with self.assertRaisesRegex(ValidationError, "needs at least one purpose"):
            self.Segment.create({"name": "No purpose", "domain": "[]"})

    def test_partner_filters_and_grouping(self):
        """'Without purpose' and 'marketing allowed' filters, group by purpose
        and by origin in lists and pivots."""
        self.assertEqual(
            self._search_test_partners([("gdpr_purpose_ids", "=", False)]),
            self.partner_none | self.partner_ended,
        )
        if "gdpr.consent" not in self.env:
            # gdpr_consent computes it from the consents instead (tested there)
            self.assertEqual(
                self._search_test_partners([("gdpr_marketing_allowed", "=", True)]),
                self.partner_ads | self.partner_ads_us,
            )
            self.assertTrue(self.partner_ads.gdpr_marketing_allowed)
            self.assertFalse(self.partner_contract.gdpr_marketing_allowed)
        self.assertEqual(self.partner_ads.gdpr_origin_type, "web_form")
        self.assertEqual(
            self._search_test_partners([("gdpr_origin_type", "=", "contract")]),
            self.partner_contract,
        )
        by_purpose = dict(
            self.Partner._read_group(
                [("id", "in", self.all_test_partners.ids)],
                ["gdpr_purpose_ids"],
                ["__count"],
            )
        )
        self.assertEqual(by_purpose[self.purpose_advertising], 2)
        self.assertEqual(by_purpose[self.purpose_contract], 1)
        self.assertEqual(by_purpose[self.env["gdpr.purpose"]], 2)
        groups = self.Partner.read_group(
            [("id", "in", self.all_test_partners.ids)],
            ["gdpr_origin_type"],
            ["gdpr_origin_type"],
        )
        counts = {g["gdpr_origin_type"]: g["gdpr_origin_type_count"] for g in groups}
        self.assertEqual(counts["web_form"], 1)
        self.assertEqual(counts["contract"], 1)
        fields_info = self.Partner.fields_get(["gdpr_purpose_ids", "gdpr_origin_type"])
        self.assertTrue(fields_info["gdpr_purpose_ids"]["groupable"])
        self.assertTrue(fields_info["gdpr_origin_type"]["groupable"])
