# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The record of processing activities (Art. 30(1) GDPR): what it says per
purpose, what is still missing, and its printed, archived versions."""

from dataclasses import dataclass, field

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date, is_html_empty

REPORT = "gdpr_segments.action_report_record_of_processing"
PRINTABLE_STATES = ("ok", "upgrade", "workers")


@dataclass
class RopaIssue:
    """Something the record lacks; `code` is stable, `message` translated."""

    code: str
    message: str


@dataclass
class RopaTransfer:
    """A transfer to a third country (Art. 30(1)(e)) and its mechanism."""

    recipient: models.BaseModel
    country: models.BaseModel
    mechanism: str  # translated label, empty when none is recorded


@dataclass
class RopaPurpose:
    """One processing activity of the record, Art. 30(1)(b)-(f)."""

    purpose: models.BaseModel
    legal_basis: str
    data_subjects: models.BaseModel
    data_categories: models.BaseModel
    recipients: models.BaseModel
    recipient_categories: str
    transfers: list = field(default_factory=list)
    retention: str = ""
    retention_basis: str = ""
    issues: list = field(default_factory=list)


@dataclass
class RopaRecord:
    """The whole record of one company, as printed."""

    company: models.BaseModel
    dpo: models.BaseModel
    purposes: list
    processors: models.BaseModel
    tom: str
    tom_is_template: bool
    version: int
    date: str
    subtitle: str = ""
    issues: list = field(default_factory=list)


class GdprRecordProcessing(models.AbstractModel):
    """Builds the record from the purposes, recipients and disclosures; the
    report, the purpose form and the print action all read it from here."""

    _name = "gdpr.record.processing"
    _description = "Record of Processing Activities"

    @api.model
    def _selection_labels(self, model, fname):
        return dict(self.env[model]._fields[fname]._description_selection(self.env))

    @api.model
    def _disclosed(self, purposes, company=None):
        """Recipients and third-country transfers of recorded disclosures,
        per purpose id."""
        domain = [("purpose_id", "in", purposes._origin.ids)]
        if company:
            domain += [("company_id", "in", [company.id, False])]
        groups = (
            self.env["gdpr.disclosure"]
            .sudo()
            ._read_group(
                domain,
                ["purpose_id", "recipient_id", "country_id", "transfer_mechanism"],
                ["is_third_country:bool_or"],
            )
        )
        result = {}
        for purpose, recipient, country, mechanism, third in groups:
            entry = result.setdefault(purpose.id, {"recipients": recipient, "tr": []})
            entry["recipients"] |= recipient
            if third:
                entry["tr"].append((recipient, country, mechanism))
        return result

    @api.model
    def _gdpr_purpose_entries(self, purposes, company=None):
        """The record's entries of `purposes`, in their order, issues included."""
        purposes = purposes.sudo()
        bases = self._selection_labels("gdpr.purpose", "legal_basis")
        starts = self._selection_labels("gdpr.purpose", "retention_from")
        mechanisms = self._selection_labels("gdpr.disclosure", "transfer_mechanism")
        disclosed = self._disclosed(purposes, company)
        entries = []
        for purpose in purposes:
            found = disclosed.get(purpose._origin.id, {})
            recipients = purpose.recipient_ids | found.get(
                "recipients", self.env["res.partner"]
            )
            transfers = {
                (r, r.country_id, r.gdpr_transfer_mechanism)
                for r in recipients
                if r.gdpr_is_third_country
            }
            transfers.update(found.get("tr", []))
            entry = RopaPurpose(
                purpose=purpose,
                legal_basis=bases.get(purpose.legal_basis, ""),
                data_subjects=purpose.data_subject_category_ids,
                data_categories=purpose.data_category_ids,
                recipients=recipients.sorted("name"),
                recipient_categories=purpose.recipient_categories or "",
                transfers=[
                    RopaTransfer(r, c, mechanisms.get(m, ""))
                    for r, c, m in sorted(
                        transfers, key=lambda t: (t[0].name or "", t[1].name or "")
                    )
                ],
                retention_basis=purpose.retention_basis or "",
            )
            if purpose.retention_months:
                entry.retention = self.env._(
                    "%(months)s months, counted from: %(start)s",
                    months=purpose.retention_months,
                    start=starts.get(purpose.retention_from, ""),
                )
                if purpose.retention_year_end:
                    entry.retention += self.env._(
                        ", from the end of that calendar year"
                    )
            entry.issues = self._gdpr_issues(entry)
            entries.append(entry)
        return entries

    @api.model
    def _gdpr_issues(self, entry):
        """What Art. 30(1) and Art. 28 still ask for in this entry."""
        _ = self.env._
        issues = []
        if not entry.data_categories:
            issues.append(RopaIssue("no_data_categories", _("No data categories.")))
        if not entry.data_subjects:
            issues.append(
                RopaIssue("no_data_subjects", _("No categories of data subjects."))
            )
        if not entry.purpose.retention_months:
            issues.append(RopaIssue("no_retention", _("No retention period.")))
        for recipient in entry.recipients:
            if recipient.gdpr_is_processor and not recipient.gdpr_dpa_date:
                issues.append(
                    RopaIssue(
                        "processor_without_agreement",
                        _(
                            "Processor %(recipient)s has no data processing "
                            "agreement date.",
                            recipient=recipient.display_name,
                        ),
                    )
                )
        for transfer in entry.transfers:
            if not transfer.mechanism:
                issues.append(
                    RopaIssue(
                        "transfer_without_mechanism",
                        _(
                            "The transfer to %(recipient)s (%(country)s) has no "
                            "transfer mechanism.",
                            recipient=transfer.recipient.display_name,
                            country=transfer.country.display_name or "",
                        ),
                    )
                )
        return issues

    @api.model
    def _gdpr_purpose_issues(self, purposes):
        """Structured completeness check: purpose id -> list of RopaIssue."""
        return {
            entry.purpose._origin.id or entry.purpose.id: entry.issues
            for entry in self._gdpr_purpose_entries(purposes)
        }

    @api.model
    def _gdpr_record(self, company, version=None):
        """The record of `company` in the reader's language."""
        company = company.sudo()
        purposes = (
            self.env["gdpr.purpose"]
            .sudo()
            .search([("company_id", "in", [company.id, False])])
        )
        entries = self._gdpr_purpose_entries(purposes, company)
        tom = company.gdpr_tom_description
        record = RopaRecord(
            company=company,
            dpo=self.env["gdpr.dpo"]._dpo_user(company).sudo(),
            purposes=entries,
            processors=self.env["res.partner"]
            .sudo()
            .search(
                [
                    ("gdpr_is_processor", "=", True),
                    ("company_id", "in", [company.id, False]),
                ],
                order="name",
            ),
            tom=tom if not is_html_empty(tom) else company._gdpr_tom_template(),
            tom_is_template=is_html_empty(tom),
            version=version or company.gdpr_ropa_version,
            date=format_date(self.env, fields.Date.context_today(self)),
        )
        record.subtitle = self.env._(
            "Art. 30(1) GDPR. Version %(version)s, as of %(date)s.",
            version=record.version or "-",
            date=record.date,
        )
        if record.tom_is_template:
            record.issues.append(
                RopaIssue(
                    "no_tom",
                    self.env._(
                        "The technical and organisational measures are the "
                        "shipped template: adapt them to your company."
                    ),
                )
            )
        return record

    @api.model
    def _gdpr_render(self, company, version):
        """The printed record: PDF where Odoo can print, else HTML. Odoo
        itself renders HTML instead of PDF while tests run (wkhtmltopdf would
        fetch the report's styles from the server that waits for the test:
        a deadlock)."""
        Report = self.env["ir.actions.report"]
        data = {"version": version}
        if Report.get_wkhtmltopdf_state() in PRINTABLE_STATES:
            try:
                content, kind = Report._render_qweb_pdf(REPORT, company.ids, data=data)
                if kind == "pdf":
                    return content, "application/pdf", "pdf"
            except UserError:
                pass  # wkhtmltopdf failed: the HTML is the record then
        html, __ = Report._render_qweb_html(REPORT, company.ids, data=data)
        return html, "text/html", "html"


class ReportRecordOfProcessing(models.AbstractModel):
    _name = "report.gdpr_segments.report_record_of_processing"
    _description = "Record of Processing Activities Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        self.env["gdpr.dpo"]._check_dpo()
        companies = self.env["res.company"].browse(docids)
        version = (data or {}).get("version")
        Record = self.env["gdpr.record.processing"]
        return {
            "doc_ids": docids,
            "doc_model": "res.company",
            "docs": companies,
            "records": [Record._gdpr_record(c, version) for c in companies],
        }
