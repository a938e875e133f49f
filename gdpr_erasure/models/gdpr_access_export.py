# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
import base64
import io
import json
import zipfile
from datetime import date, datetime

from odoo import api, fields, models
from odoo.tools import html2plaintext, is_html_empty

MASTER_FIELDS = [
    "name",
    "type",
    "is_company",
    "parent_id",
    "function",
    "email",
    "phone",
    "mobile",
    "street",
    "street2",
    "zip",
    "city",
    "state_id",
    "country_id",
    "vat",
    "website",
    "lang",
    "category_id",
    "comment",
    "create_date",
    "gdpr_last_interaction",
]
DISCLOSURE_FIELDS = [
    "recipient_id",
    "purpose_id",
    "date",
    "data_categories",
    "country_id",
    "is_third_country",
    "transfer_mechanism",
]
CONSENT_FIELDS = [
    "purpose_id",
    "channel_id",
    "state",
    "scope",
    "source",
    "date_granted",
    "date_withdrawn",
    "date_expiry",
]
KEY_FIELDS = [
    "email",
    "email_from",
    "email_normalized",
    "phone",
    "subject",
    "state",
    "stage_id",
    "date",
    "date_order",
    "invoice_date",
    "amount_total",
    "start",
    "stop",
    "message_type",
    "body",
    "summary",
    "res_model",
    "model",
    "res_id",
]
# Records about the company's own work, not data of the person: technical
# rows, field history and the GDPR records (shown in their own sections).
SKIPPED_MODELS = {
    "bus.bus",
    "mail.followers",
    "mail.notification",
    "mail.tracking.value",
    "mail.message.reaction",
}
# System logs (tracked changes, "created", the GDPR logs), notifications to
# users and messages without text are the company's, not the person's data.
SYSTEM_MESSAGE_TYPES = ("notification", "user_notification", "auto_comment")


class GdprAccessExport(models.AbstractModel):
    """Right of access (Art. 15) and data portability (Art. 20): everything
    known about a person, machine-readable (JSON) and human-readable (HTML)."""

    _name = "gdpr.access.export"
    _description = "Access Export"

    @api.model
    def _gdpr_value(self, record, fname):
        field = record._fields[fname]
        value = record[fname]
        if field.type == "many2one":
            return value.display_name or None
        if field.type in ("many2many", "one2many"):
            return value.mapped("display_name")
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(value) or None
        if field.type == "html":
            return html2plaintext(value or "") or None
        if isinstance(value, (datetime, date)):
            return value.isoformat()
        if field.type == "binary":
            return None
        if value is False and field.type != "boolean":
            return None
        return value

    @api.model
    def _gdpr_values(self, record, fnames):
        return {f: self._gdpr_value(record, f) for f in fnames if f in record._fields}

    @api.model
    def _gdpr_collect(self, partner):
        """Everything about the person, in the person's language."""
        self.env["gdpr.erasure.engine"]._gdpr_check_manager()
        lang = self._gdpr_lang(partner)
        return self.with_context(lang=lang)._gdpr_collect_data(partner)

    @api.model
    def _gdpr_collect_data(self, partner):
        partner = partner.sudo().with_context(
            active_test=False, gdpr_include_restricted=True, lang=self.env.lang
        )
        persons = self.env["gdpr.erasure.discovery"]._gdpr_expand_partners(partner)
        company = self.env.company
        data = {
            "format": "gdpr_erasure.access_export",
            "version": 1,
            "generated_at": fields.Datetime.now().isoformat(),
            "controller": {
                "name": company.name,
                "address": ", ".join(
                    filter(None, [company.street, company.zip, company.city])
                ),
                "email": company.email or None,
            },
            "data_subject": [
                dict(self._gdpr_values(p, MASTER_FIELDS), id=p.id) for p in persons
            ],
        }
        data.update(self._gdpr_collect_purposes(persons))
        data["recipients"] = self._gdpr_collect_recipients(persons)
        data["consents"] = self._gdpr_collect_consents(persons)
        data["requests"] = [
            {
                "reference": r.name,
                "type": self._gdpr_value(r, "request_type"),
                "state": self._gdpr_value(r, "state"),
                "date_received": self._gdpr_value(r, "date_received"),
                "date_deadline": self._gdpr_value(r, "date_deadline"),
            }
            for r in self.env["gdpr.request"]
            .sudo()
            .search([("partner_id", "in", persons.ids)])
        ]
        data["related_records"] = self._gdpr_collect_related(persons)
        return data

    @api.model
    def _gdpr_collect_purposes(self, persons):
        """Purposes with their legal basis and retention, and the origin of
        the data (R7)."""
        assignments = persons.gdpr_partner_purpose_ids
        purposes = [
            {
                "purpose": a.purpose_id.name,
                "code": a.purpose_id.code,
                "description": a.purpose_id.description or None,
                "legal_basis": self._gdpr_value(a, "legal_basis"),
                "state": self._gdpr_value(a, "state"),
                "date_start": self._gdpr_value(a, "date_start"),
                "date_end": self._gdpr_value(a, "date_end"),
                "retention_months": a.purpose_id.retention_months,
                "retention_date": self._gdpr_value(a, "retention_date"),
            }
            for a in assignments
        ]
        origin = [
            {
                "purpose": a.purpose_id.name,
                "origin": self._gdpr_value(a, "origin_type"),
                "detail": a.origin_detail or None,
                "date": self._gdpr_value(a, "origin_date"),
            }
            for a in assignments
        ]
        return {"purposes": purposes, "origin": origin}

    @api.model
    def _gdpr_records_of(self, model_name, persons):
        """Records of ``model_name`` that belong to ``persons`` (partner_id),
        archived ones included."""
        return (
            self.env[model_name]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "in", persons.ids)])
        )

    @api.model
    def _gdpr_collect_recipients(self, persons):
        if "gdpr.disclosure" not in self.env:
            return []
        disclosures = self._gdpr_records_of("gdpr.disclosure", persons)
        return [self._gdpr_values(d, DISCLOSURE_FIELDS) for d in disclosures]

    @api.model
    def _gdpr_collect_consents(self, persons):
        if "gdpr.consent" not in self.env:
            return []
        consents = self._gdpr_records_of("gdpr.consent", persons)
        events_by_consent = {}
        if "gdpr.consent.event" in self.env:
            Event = (
                self.env["gdpr.consent.event"].sudo().with_context(active_test=False)
            )
            link = next(
                (
                    f.name
                    for f in Event._fields.values()
                    if f.type == "many2one" and f.comodel_name == "gdpr.consent"
                ),
                None,
            )
            if link:
                event_fields = [
                    f.name
                    for f in Event._fields.values()
                    if f.store
                    and f.type not in ("binary", "one2many", "many2many")
                    and f.name not in models.MAGIC_COLUMNS
                    and f.name not in ("id", link, "display_name")
                ]
                for event in Event.search([(link, "in", consents.ids)]):
                    events_by_consent.setdefault(event[link].id, []).append(
                        self._gdpr_values(event, event_fields + ["create_date"])
                    )
        return [
            dict(
                self._gdpr_values(c, CONSENT_FIELDS),
                history=events_by_consent.get(c.id, []),
            )
            for c in consents
        ]

    @api.model
    def _gdpr_lang(self, partner):
        installed = dict(self.env["res.lang"].get_installed())
        for lang in (partner.lang, self.env.company.partner_id.lang, self.env.lang):
            if lang in installed:
                return lang
        return "en_US"

    @api.model
    def _gdpr_about_person(self, records):
        """Drop the company's internal records: notifications to users,
        field history without text, and the messages and activities of the
        GDPR records themselves (the DPO's work on a request)."""
        if "message_type" in records._fields and "model" in records._fields:
            records = records.filtered(self._gdpr_is_person_message)
        elif records._name == "ir.attachment":
            # field storage (the photo and its resized copies): master data
            records = records.filtered(lambda a: not a.res_field)
        elif "res_model" in records._fields and records._name == "mail.activity":
            records = records.filtered(
                lambda a: not (a.res_model or "").startswith("gdpr.")
            )
        return records

    @api.model
    def _gdpr_is_person_message(self, message):
        return (
            message.message_type not in SYSTEM_MESSAGE_TYPES
            and not is_html_empty(message.body)
            and not (message.model or "").startswith("gdpr.")
        )

    @api.model
    def _gdpr_collect_related(self, persons):
        """The records that belong to the person, found as the erasure finds
        them."""
        found = self.env["gdpr.erasure.discovery"]._gdpr_discover(persons)
        descriptions = {
            m.model: m.name
            for m in self.env["ir.model"]
            .sudo()
            .search([("model", "in", list(found.records))])
        }
        sections = []
        for model in sorted(found.records):
            ids = sorted(found.records[model])
            if not ids or model in SKIPPED_MODELS or model.startswith("gdpr."):
                continue
            Model = self.env[model].sudo().with_context(active_test=False)
            records = self._gdpr_about_person(Model.browse(ids).exists())
            if not records:
                continue
            via = sorted(
                v
                for v in found.via.get(model, ())
                if ":" not in v and v in Model._fields
            )
            fnames = [f for f in KEY_FIELDS + via if f in Model._fields]
            sections.append(
                {
                    "model": model,
                    "description": descriptions.get(model, model),
                    "count": len(records),
                    "records": [
                        dict(
                            self._gdpr_values(rec, fnames),
                            id=rec.id,
                            name=rec.display_name,
                            create_date=self._gdpr_value(rec, "create_date"),
                        )
                        for rec in records
                    ],
                }
            )
        return sections

    @api.model
    def _gdpr_pdf(self, html):
        """The letter as PDF, where Odoo can print (wkhtmltopdf installed);
        the HTML is always there."""
        Report = self.env["ir.actions.report"]
        if Report.get_wkhtmltopdf_state() not in ("ok", "upgrade", "workers"):
            return None
        return Report._run_wkhtmltopdf([html])

    @api.model
    def _gdpr_export_zip(self, partner, request=None):
        """ZIP with access_export.json and access_report.html, attached to
        the request (or to the contact)."""
        data = self._gdpr_collect(partner)
        lang = self._gdpr_lang(partner)
        report = self.env["gdpr.access.report"].with_context(lang=lang)
        html = "<!DOCTYPE html>\n" + str(
            self.env["ir.qweb"]
            .with_context(lang=lang)
            ._render(
                "gdpr_erasure.access_report_html",
                # not "request": QWeb's name for the web request, which
                # hides the data-subject request inside an HTTP request
                {
                    "data": data,
                    "report": report._gdpr_report_values(data, partner),
                    "subject_request": request,
                    "partner": partner.with_context(lang=lang),
                    "company": self.env.company.with_context(lang=lang),
                },
            )
        )
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(
                "access_export.json",
                json.dumps(data, indent=2, ensure_ascii=False, default=str),
            )
            archive.writestr("access_report.html", html)
            pdf = self._gdpr_pdf(html)
            if pdf:
                archive.writestr("access_report.pdf", pdf)
        reference = request.name if request else f"partner-{partner.id}"
        return (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": f"{reference}-access-export.zip".replace("/", "-"),
                    "datas": base64.b64encode(buffer.getvalue()),
                    "mimetype": "application/zip",
                    "res_model": request._name if request else partner._name,
                    "res_id": request.id if request else partner.id,
                }
            )
        )
