# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
import base64

from odoo.tests import TransactionCase, tagged

from .common import GdprConsentCommon


@tagged("post_install", "-at_install", "gdpr_consent")
class TestPostalExport(GdprConsentCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gdpr_consent()
        Partner = cls.env["res.partner"]
        cls.with_post = Partner.create(
            {
                "name": "Anna Post",
                "street": "Am Markt 2",
                "zip": "80331",
                "city": "München",
            }
        )
        cls.without_address = Partner.create({"name": "Bernd Ohneadresse"})
        cls.email_only = Partner.create(
            {
                "name": "Clara Mail",
                "email": "clara@example.com",
                "street": "Weg 3",
                "city": "Köln",
            }
        )
        cls.withdrawn = Partner.create(
            {"name": "Dora Widerruf", "street": "Allee 4", "city": "Hamburg"}
        )
        cls._create_consent(cls.with_post, cls.purpose_advertising, cls.channel_post)
        cls._create_consent(
            cls.without_address, cls.purpose_advertising, cls.channel_post
        )
        cls._create_consent(cls.email_only, cls.purpose_advertising, cls.channel_email)
        cls._create_consent(
            cls.withdrawn, cls.purpose_advertising, cls.channel_post
        ).action_withdraw()
        cls.selection = (
            cls.with_post | cls.without_address | cls.email_only | cls.withdrawn
        )

    def test_export_only_partners_with_postal_consent(self):
        wizard = (
            self.env["gdpr.postal.export.wizard"]
            .with_context(active_model="res.partner", active_ids=self.selection.ids)
            .create({"purpose_id": self.purpose_advertising.id})
        )
        self.assertEqual(wizard.partner_ids, self.selection)
        wizard.action_export()
        self.assertEqual(wizard.state, "done")
        self.assertEqual(wizard.candidate_count, 4)
        self.assertEqual(wizard.included_count, 1)
        self.assertEqual(wizard.excluded_count, 2)
        self.assertEqual(wizard.incomplete_count, 1)
        content = base64.b64decode(wizard.export_file).decode("utf-8-sig")
        lines = content.strip().splitlines()
        self.assertEqual(len(lines), 2)
        self.assertIn("Anna Post", lines[1])
        self.assertIn("München", lines[1])
        self.assertNotIn("Clara", content)
        self.assertNotIn("Dora", content)
        self.assertTrue(wizard.export_filename.endswith(".csv"))

    def test_export_other_purpose_is_empty(self):
        wizard = self.env["gdpr.postal.export.wizard"].create(
            {
                "purpose_id": self.purpose_newsletter.id,
                "partner_ids": [(6, 0, self.selection.ids)],
            }
        )
        wizard.action_export()
        self.assertEqual(wizard.included_count, 0)
        self.assertEqual(wizard.excluded_count, 4)
