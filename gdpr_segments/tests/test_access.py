# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
import xmlrpc.client

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import RESTRICTED_PASSWORD, GdprSegmentsCommon


@tagged("post_install", "-at_install", "gdpr_segments")
class TestPurposeRestrictedAccess(GdprSegmentsCommon):
    """Separation duty: a restricted user only sees partners held for a
    purpose the user's groups are allowed for."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_marketing_setup()
        cls.domain = [("name", "ilike", "GDPR Test")]

    def test_search(self):
        partners = self.Partner.with_user(self.restricted_user).search(self.domain)
        self.assertEqual(partners, self.partner_ads)
        # own partner and the company stay visible
        own = self.Partner.with_user(self.restricted_user).search(
            [
                (
                    "id",
                    "in",
                    (self.restricted_user.partner_id | self.env.company.partner_id).ids,
                )
            ]
        )
        self.assertEqual(len(own), 2)

    def test_read(self):
        as_restricted = self.Partner.with_user(self.restricted_user)
        self.assertEqual(
            as_restricted.browse(self.partner_ads.id).read(["name"])[0]["name"],
            "GDPR Test Ads Anna",
        )
        for partner in (self.partner_contract, self.partner_none, self.partner_ended):
            with self.assertRaises(AccessError):
                as_restricted.browse(partner.id).read(["name"])
        with self.assertRaises(AccessError):
            as_restricted.browse(self.partner_contract.id).write({"name": "Changed"})
        self.assertEqual(self.partner_contract.name, "GDPR Test Contract Carl")

    def test_name_search(self):
        found = self.Partner.with_user(self.restricted_user).name_search("GDPR Test")
        self.assertEqual([pid for pid, _name in found], self.partner_ads.ids)

    def test_read_group(self):
        as_restricted = self.Partner.with_user(self.restricted_user)
        groups = as_restricted.read_group(self.domain, ["country_id"], ["country_id"])
        self.assertEqual(
            [(g["country_id"][0], g["country_id_count"]) for g in groups],
            [(self.country_de.id, 1)],
        )
        [(count,)] = as_restricted._read_group(self.domain, [], ["__count"])
        self.assertEqual(count, 1)

    def test_assignments_of_other_purposes_hidden(self):
        assignments = self.Assignment.with_user(self.restricted_user).search([])
        self.assertEqual(assignments.purpose_id, self.purpose_advertising)
        self.assertIn(self.assignment_ads, assignments)
        self.assertNotIn(self.assignment_contract, assignments)

    def test_assignment_grants_access(self):
        """Assigning an allowed purpose makes the partner visible; ending it
        hides the partner again."""
        as_restricted = self.Partner.with_user(self.restricted_user)
        assignment = self.Assignment.create(
            {
                "partner_id": self.partner_none.id,
                "purpose_id": self.purpose_advertising.id,
            }
        )
        self.assertIn(self.partner_none, as_restricted.search(self.domain))
        assignment.action_end()
        self.assertNotIn(self.partner_none, as_restricted.search(self.domain))

    def test_unrestricted_user_unaffected(self):
        partners = self.Partner.with_user(self.internal_user).search(self.domain)
        self.assertEqual(
            partners, self.test_partners | self.recipient_de | self.recipient_us
        )


@tagged("post_install", "-at_install", "gdpr_segments")
class TestPurposeRestrictedRpc(HttpCase, GdprSegmentsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_marketing_setup()

    def _execute(self, model, method, *args, **kwargs):
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname,
            self.restricted_user.id,
            RESTRICTED_PASSWORD,
            model,
            method,
            list(args),
            kwargs,
        )

    def test_rpc(self):
        """Over XML-RPC the restricted user finds only partners of allowed
        purposes; reading another one is refused."""
        rows = self._execute(
            "res.partner",
            "search_read",
            [("name", "ilike", "GDPR Test")],
            fields=["name"],
        )
        self.assertEqual([row["name"] for row in rows], ["GDPR Test Ads Anna"])
        with self.assertRaisesRegex(xmlrpc.client.Fault, r"res\.partner"):
            self._execute("res.partner", "read", self.partner_contract.ids, ["name"])
