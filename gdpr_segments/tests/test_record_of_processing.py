# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
import tempfile
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools import file_open, format_date
from odoo.tools.misc import ReadonlyDict
from odoo.tools.translate import (
    PYTHON_TRANSLATION_COMMENT,
    TranslationFileReader,
    TranslationImporter,
    code_translations,
)

from ..models.gdpr_dpo import DPO_GROUP
from ..models.gdpr_record_of_processing import REPORT
from .common import GdprSegmentsCommon


@tagged("post_install", "-at_install", "gdpr_segments")
class TestRecordOfProcessing(GdprSegmentsCommon):
    """Art. 30(1) GDPR: the record of processing activities, its completeness
    check, its archived prints, and the review of processor agreements."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._load_german()
        cls.company = cls.env.company
        cls.company.name = "GDPR Test Controller GmbH"
        cls.dpo = new_test_user(
            cls.env,
            login="gdpr_ropa_dpo",
            name="GDPR Ropa Dora",
            email="dora@example.com",
            groups=f"base.group_user,{DPO_GROUP}",
        )
        cls.company.gdpr_dpo_user_id = cls.dpo
        cls.recipient_us.write(
            {"gdpr_is_processor": True, "gdpr_dpa_date": "2026-01-15"}
        )
        cls.purpose_contract.recipient_ids = cls.recipient_us
        cls.company.with_user(cls.dpo).action_gdpr_load_tom_template()

    @classmethod
    def _load_german(cls):
        """de.po as it is in the branch. Odoo merges the .pot into de.po when
        loading it and drops what the .pot lacks; the .pot is regenerated
        after the merge, so read de.po alone (a copy without .pot beside)."""
        cls.env["res.lang"]._activate_lang("de_DE")
        with (
            file_open("gdpr_segments/i18n/de.po", "rb") as po,
            tempfile.NamedTemporaryFile(suffix=".po") as copy,
        ):
            copy.write(po.read())
            copy.flush()
            importer = TranslationImporter(cls.env.cr, verbose=False)
            importer.load(copy, "po", "de_DE")
            importer.save(overwrite=True)
            copy.seek(0)
            python = {
                row["src"]: row["value"]
                for row in TranslationFileReader(copy, fileformat="po")
                if row["type"] == "code"
                and row["value"]
                and PYTHON_TRANSLATION_COMMENT in row["comments"]
            }
        key = ("gdpr_segments", "de_DE")
        previous = code_translations.python_translations.pop(key, None)
        code_translations.python_translations[key] = ReadonlyDict(python)

        def restore():
            code_translations.python_translations.pop(key, None)
            if previous is not None:
                code_translations.python_translations[key] = previous

        cls.addClassCleanup(restore)

    def _render(self, user=None, lang="en_US"):
        Report = self.env["ir.actions.report"].with_user(user or self.dpo)
        html, __ = Report.with_context(lang=lang)._render_qweb_html(
            REPORT, self.company.ids
        )
        return html.decode()

    def test_report_contains_every_art_30_element(self):
        html = self._render()
        for expected in (
            "GDPR Test Controller GmbH",  # (a) controller
            "GDPR Ropa Dora",  # (a) data protection officer
            "dora@example.com",
            "Contract performance",  # (b) purpose
            "Contract (Art. 6(1)(b) GDPR)",
            "Customers",  # (c) data subjects
            "Payment data",  # (c) personal data
            "GDPR Test Cloud Inc.",  # (d) recipient
            "Carriers, payment service providers",  # (d) categories
            "EU-US Data Privacy Framework",  # (e) transfer mechanism
            "36 months, counted from: End of the purpose",  # (f) retention
            "§195 BGB",
            "Technical and organisational measures",  # (g)
            "two-factor authentication",
        ):
            self.assertIn(expected, html)
        # the agreement date of the processor is shown
        self.assertIn(format_date(self.env, "2026-01-15"), html)
        # the shipped purposes are complete: no warning about them
        self.assertNotIn("Missing in this record", html)

    def test_report_in_german(self):
        german = self.dpo.copy({"login": "gdpr_ropa_dpo_de", "lang": "de_DE"})
        html = self._render(german, "de_DE")
        self.assertIn("Verzeichnis von Verarbeitungstätigkeiten", html)
        self.assertIn("Technische und organisatorische Maßnahmen", html)
        self.assertIn("Vertragserfüllung", html)
        self.assertIn("Zwei-Faktor-Authentifizierung", html)
        self.assertNotIn("two-factor authentication", html)

    def test_completeness_check(self):
        purpose = self.env["gdpr.purpose"].create(
            {"name": "GDPR Test Raffle", "code": "test_raffle"}
        )
        processor = self.Partner.create(
            {
                "name": "GDPR Test Print Shop",
                "gdpr_is_recipient": True,
                "gdpr_is_processor": True,
                "country_id": self.country_de.id,
            }
        )
        purpose.recipient_ids = processor
        issues = self.env["gdpr.record.processing"]._gdpr_purpose_issues(
            purpose + self.purpose_contract
        )
        codes = {issue.code for issue in issues[purpose.id]}
        self.assertEqual(
            codes,
            {"no_data_categories", "no_data_subjects", "processor_without_agreement"},
        )
        self.assertEqual(issues[self.purpose_contract.id], [])
        self.assertIn("GDPR Test Print Shop", purpose.ropa_issues)
        self.assertIn("No data categories.", purpose.ropa_issues)
        self.assertFalse(self.purpose_contract.ropa_issues)
        html = self._render()
        self.assertIn("Missing in this record", html)
        self.assertIn("GDPR Test Raffle</span>: <span>No data categories.", html)

    def test_third_country_recipient_without_mechanism(self):
        self.recipient_us.gdpr_transfer_mechanism = False
        issues = self.env["gdpr.record.processing"]._gdpr_purpose_issues(
            self.purpose_contract
        )
        self.assertEqual(
            [i.code for i in issues[self.purpose_contract.id]],
            ["transfer_without_mechanism"],
        )

    def test_print_archives_each_version(self):
        company = self.company.with_user(self.dpo)
        company.action_gdpr_print_ropa()
        company.action_gdpr_print_ropa()
        prints = self.company.gdpr_ropa_attachment_ids.sorted("id")
        self.assertEqual(self.company.gdpr_ropa_version, 2)
        self.assertEqual(len(prints), 2)
        # While tests run Odoo renders reports as HTML, never through
        # wkhtmltopdf (which would deadlock on the test server).
        self.assertTrue(prints[0].name.endswith("v1.html"), prints[0].name)
        self.assertTrue(prints[1].name.endswith("v2.html"), prints[1].name)
        self.assertEqual(set(prints.mapped("res_model")), {"res.company"})
        self.assertIn(b"Version 2,", prints[1].raw)
        self.assertIn(b"Version 1,", prints[0].raw)

    def test_sales_user_cannot_print(self):
        sales = self._create_sales_user()
        with self.assertRaises(AccessError):
            self.company.with_user(sales).action_gdpr_print_ropa()
        with self.assertRaises(AccessError):
            self._render(sales)
        with self.assertRaises(AccessError):
            self.company.with_user(sales).write(
                {"gdpr_tom_description": "<p>nothing</p>"}
            )
        with self.assertRaises(AccessError):
            self.company.with_user(sales).update_field_translations(
                "gdpr_tom_description", {"de_DE": {"Integrity": "Nichts"}}
            )
        self.assertFalse(self.company.gdpr_ropa_attachment_ids)

    def test_dpo_edits_the_measures(self):
        self.company.with_user(self.dpo).write(
            {"gdpr_tom_description": "<p>Our own measures</p>"}
        )
        self.assertIn("Our own measures", self._render())
        # and its German translation, from the form's translation dialog
        self.company.with_user(self.dpo).update_field_translations(
            "gdpr_tom_description",
            {"de_DE": {"Our own measures": "Unsere eigenen Maßnahmen"}},
        )
        self.assertIn(
            "Unsere eigenen Maßnahmen",
            self.company.with_context(lang="de_DE").gdpr_tom_description,
        )
        with self.assertRaises(AccessError):
            self.company.with_user(self.dpo).write({"name": "Renamed"})

    def test_review_activity_created_once(self):
        today = fields.Date.context_today(self.recipient_us)
        self.recipient_us.gdpr_dpa_review_date = today + timedelta(days=10)
        self.recipient_de.write(
            {
                "gdpr_is_processor": True,
                "gdpr_dpa_review_date": today + timedelta(days=200),
            }
        )
        activity_type = self.env.ref("gdpr_segments.mail_activity_type_dpa_review")
        Partner = self.env["res.partner"]
        Partner._cron_gdpr_dpa_review()
        activities = self.env["mail.activity"].search(
            [("activity_type_id", "=", activity_type.id)]
        )
        self.assertEqual(activities.res_id, self.recipient_us.id)
        self.assertEqual(activities.user_id, self.dpo)
        self.assertEqual(activities.date_deadline, today + timedelta(days=10))
        # done, then the cron runs again: no second activity for that date
        activities.action_feedback()
        Partner._cron_gdpr_dpa_review()
        self.assertFalse(
            self.env["mail.activity"].search(
                [("activity_type_id", "=", activity_type.id)]
            )
        )
        # a new review date brings a new activity
        self.recipient_us.gdpr_dpa_review_date = today + timedelta(days=5)
        Partner._cron_gdpr_dpa_review()
        self.assertEqual(
            self.env["mail.activity"]
            .search([("activity_type_id", "=", activity_type.id)])
            .res_id,
            self.recipient_us.id,
        )
