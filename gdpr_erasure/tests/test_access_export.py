# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
import base64
import io
import json
import zipfile

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import EMAIL, NAME, GdprErasureCase, create_person, gdpr_users, json_rpc

SECTIONS = [
    "controller",
    "data_subject",
    "purposes",
    "origin",
    "recipients",
    "consents",
    "requests",
    "related_records",
]


@tagged("post_install", "-at_install", "gdpr_erasure")
class TestAccessExport(GdprErasureCase):
    def test_access_export(self):
        request = (
            self.env["gdpr.request"]
            .with_user(self.dpo)
            .create({"request_type": "access", "partner_id": self.person.id})
        )
        request.action_verify()
        request.action_process()
        self.assertEqual(request.state, "done")
        attachment = request.export_attachment_id
        self.assertEqual(attachment.res_model, "gdpr.request")
        self.assertEqual(attachment.mimetype, "application/zip")
        archive = zipfile.ZipFile(io.BytesIO(base64.b64decode(attachment.datas)))
        printable = self.env["ir.actions.report"].get_wkhtmltopdf_state() in (
            "ok",
            "upgrade",
            "workers",
        )
        expected = ["access_export.json", "access_report.html"]
        self.assertEqual(
            sorted(archive.namelist()),
            expected + ["access_report.pdf"] if printable else expected,
        )
        data = json.loads(archive.read("access_export.json"))
        for section in SECTIONS:
            self.assertIn(section, data)
        names = [p["name"] for p in data["data_subject"]]
        self.assertIn(NAME, names)
        self.assertEqual(data["data_subject"][0]["email"], EMAIL)
        self.assertEqual(data["purposes"][0]["code"], "customer_care")
        self.assertTrue(data["purposes"][0]["legal_basis"])
        self.assertEqual(data["origin"][0]["detail"], "Trade fair Hamburg")
        self.assertEqual(data["requests"][0]["reference"], request.name)
        related = {s["model"]: s for s in data["related_records"]}
        self.assertIn("mail.message", related)
        self.assertIn("ir.attachment", related)
        bodies = " ".join(
            str(r.get("body")) for r in related["mail.message"]["records"]
        )
        self.assertIn("Phoned", bodies)
        if "gdpr.consent" in self.env:
            self.assertIsInstance(data["consents"], list)
        else:
            self.assertEqual(data["consents"], [])
        html = archive.read("access_report.html").decode()
        for section in SECTIONS[1:]:
            self.assertIn(f'id="{section}"', html)
        self.assertIn(NAME, html)
        self.assertIn("Trade fair Hamburg", html)
        # nothing changed on the person
        self.assertEqual(self.person.name, NAME)


@tagged("post_install", "-at_install", "gdpr_erasure")
class TestAccessExportOverHttp(HttpCase):
    """The buttons as the browser calls them: inside a web request, where
    QWeb's own ``request`` variable is the web request (it once hid the
    data-subject request and crashed the export)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dpo, cls.sales = gdpr_users(cls.env)
        cls.person = create_person(cls.env)["person"]

    def test_both_export_buttons(self):
        request = self.env["gdpr.request"].create(
            {"request_type": "access", "partner_id": self.person.id}
        )
        request.action_verify()
        self.authenticate("gdpr_dpo", "gdpr_dpo")
        for method in ("action_generate_export", "action_process"):
            with self.subTest(method=method):
                result = json_rpc(
                    self, "call_button", "gdpr.request", method, [request.ids]
                )
                self.assertNotIn("error", result, result.get("error"))
        request.invalidate_recordset()
        self.assertEqual(request.state, "done")
        archive = zipfile.ZipFile(
            io.BytesIO(base64.b64decode(request.export_attachment_id.datas))
        )
        html = archive.read("access_report.html").decode()
        self.assertIn(request.name, html)
        self.assertIn(NAME, html)

    def test_report_for_a_german_contact_is_a_german_letter(self):
        """Rendered inside a web request, as the button does: German
        throughout, field labels, local dates, only the person's data."""
        self.env["res.lang"]._activate_lang("de_DE")
        self.person.lang = "de_DE"
        request = self.env["gdpr.request"].create(
            {"request_type": "access", "partner_id": self.person.id}
        )
        request.activity_schedule(
            "mail.mail_activity_data_todo", summary="Internal DPO reminder"
        )
        request.action_verify()
        self.authenticate("gdpr_dpo", "gdpr_dpo")
        result = json_rpc(
            self, "call_button", "gdpr.request", "action_process", [request.ids]
        )
        self.assertNotIn("error", result, result.get("error"))
        request.invalidate_recordset()
        archive = zipfile.ZipFile(
            io.BytesIO(base64.b64decode(request.export_attachment_id.datas))
        )
        html = archive.read("access_report.html").decode()
        self.assertTrue(html.startswith("<!DOCTYPE html>"))
        self.assertNotIn("&lt;!DOCTYPE", html)
        self.assertIn('lang="de-DE"', html)
        for german in (
            "Ihre Daten",
            "Woher die Daten stammen",
            "Ihre Einwilligungen",
            "Ihre Rechte",
            "Ihr Beschwerderecht",
            "Rechtsgrundlage",
            "E-Mail",
        ):
            self.assertIn(german, html)
        for technical in ("is_company", "gdpr_last_interaction", "res_model"):
            self.assertNotIn(technical, html)
        today = fields.Date.context_today(self.person)
        self.assertIn(today.strftime("%d.%m.%Y"), html)  # German date format
        self.assertNotIn(today.isoformat(), html)
        # the company's own work is not the person's data
        self.assertNotIn("Internal DPO reminder", html)
        data = json.loads(archive.read("access_export.json"))
        models = {section["model"] for section in data["related_records"]}
        self.assertFalse({"mail.tracking.value", "gdpr.request"} & models)
