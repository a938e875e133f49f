# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common import GdprConsentCommon

FIELDS = ["partner_id", "purpose_id", "channel_id", "state", "source", "text_id"]


@tagged("post_install", "-at_install", "gdpr_consent")
class TestConsentImport(GdprConsentCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gdpr_consent()
        cls.partner_bad = cls.env["res.partner"].create(
            {"name": "Malformed Mail", "email": "broken@@example"}
        )

    @mute_logger("odoo.sql_db")
    def test_import_reports_errors_per_row(self):
        rows = [
            [
                "Erika Mustermann",
                "Advertising",
                "phone",
                "granted",
                "import",
                "Advertising consent",
            ],
            [
                "Erika Mustermann",
                "Advertising",
                "fax",
                "granted",
                "import",
                "Advertising consent",
            ],
            ["John Doe", "Advertising", "post", "granted", "import", ""],
            [
                "Malformed Mail",
                "Newsletter",
                "email",
                "granted",
                "import",
                "Newsletter consent",
            ],
            [
                "John Doe",
                "Newsletter",
                "email",
                "pending",
                "import",
                "Newsletter consent",
            ],
        ]
        result = self.env["gdpr.consent"].load(FIELDS, rows)
        self.assertFalse(result["ids"], "nothing is imported while rows have errors")
        errors = [m for m in result["messages"] if m["type"] == "error"]
        self.assertEqual(
            sorted({m["record"] for m in errors}), [1, 2, 3], result["messages"]
        )
        by_row = {}
        for message in errors:
            by_row[message["record"]] = (
                by_row.get(message["record"], "") + " " + message["message"]
            )
        self.assertIn("fax", by_row[1])
        self.assertIn("consent text", by_row[2])
        self.assertIn("broken@@example", by_row[3])
        self.assertFalse(self.env["gdpr.consent"].search([]))

        # the valid rows import cleanly, with their history
        result = self.env["gdpr.consent"].load(FIELDS, [rows[0], rows[4]])
        self.assertEqual(len(result["ids"]), 2, result["messages"])
        consents = self.env["gdpr.consent"].browse(result["ids"])
        self.assertEqual(consents.mapped("state"), ["granted", "pending"])
        self.assertEqual(set(consents.event_ids.mapped("source")), {"import"})
        self.assertTrue(self.partner._gdpr_has_consent("advertising", "phone"))
