# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo.tests import tagged

from .common import GdprSegmentsCommon


@tagged("post_install", "-at_install", "gdpr_segments")
class TestGermanTranslation(GdprSegmentsCommon):
    """A user working in German sees the data protection labels in German."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("de_DE")
        cls.env["ir.module.module"]._load_module_terms(
            ["gdpr_segments"], ["de_DE"], overwrite=True
        )
        cls.german_user = cls._create_sales_user()
        cls.german_user.lang = "de_DE"
        cls.env_de = cls.env(user=cls.german_user, context={"lang": "de_DE"})

    def test_partner_form_page(self):
        arch = self.env_de["res.partner"].get_views([(False, "form")])["views"]["form"][
            "arch"
        ]
        self.assertIn('string="Datenschutz"', arch)
        self.assertIn("Zwecke und Herkunft", arch)
        self.assertIn("Weitergaben an Empfänger", arch)
        fields_de = self.env_de["res.partner"].fields_get(
            ["gdpr_partner_purpose_ids", "gdpr_is_recipient", "gdpr_dpa_date"],
            ["string"],
        )
        self.assertEqual(
            fields_de["gdpr_partner_purpose_ids"]["string"], "Zweckzuordnungen"
        )
        self.assertEqual(fields_de["gdpr_is_recipient"]["string"], "Datenempfänger")
        self.assertIn("AVV", fields_de["gdpr_dpa_date"]["string"])
        selection = dict(
            self.env_de["gdpr.partner.purpose"].fields_get(["origin_type"])[
                "origin_type"
            ]["selection"]
        )
        self.assertEqual(selection["event"], "Messe oder Veranstaltung")
        legal_basis = dict(
            self.env_de["gdpr.purpose"].fields_get(["legal_basis"])["legal_basis"][
                "selection"
            ]
        )
        self.assertEqual(
            legal_basis["consent"], "Einwilligung (Art. 6 Abs. 1 lit. a DSGVO)"
        )

    def test_menus(self):
        menus = self.env_de["ir.ui.menu"].browse(
            [
                self.env.ref(f"gdpr_segments.{xmlid}").id
                for xmlid in (
                    "menu_gdpr_root",
                    "menu_gdpr_dashboard",
                    "menu_gdpr_overview",
                    "menu_gdpr_segment",
                    "menu_gdpr_recipient",
                    "menu_gdpr_disclosure",
                )
            ]
        )
        self.assertEqual(
            menus.mapped("name"),
            [
                "Datenschutz",
                "Übersicht",
                "Berichte",
                "Kundengruppen",
                "Empfänger",
                "Weitergaben",
            ],
        )

    def test_shipped_purposes(self):
        purposes = self.env_de["gdpr.purpose"].browse(
            (
                self.purpose_contract
                | self.purpose_accounting
                | self.purpose_care
                | self.purpose_lead
                | self.purpose_advertising
                | self.purpose_newsletter
            ).ids
        )
        self.assertEqual(
            purposes.mapped("name"),
            [
                "Vertragserfüllung",
                "Gesetzliche Aufbewahrung von Buchungsbelegen",
                "Stammkundenbetreuung",
                "Bearbeitung von Leads und Interessenten",
                "Werbung",
                "Newsletter",
            ],
        )
        self.assertIn("§ 147 Abs. 1 Nr. 4", purposes[1].description)
        categories = self.env_de["gdpr.data.category"].browse(self.category_contact.ids)
        self.assertEqual(categories.name, "Kontaktdaten")
