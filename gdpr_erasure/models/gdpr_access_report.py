# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The human-readable answer to an access request (Art. 15 GDPR): the data
of the JSON export (Art. 20), as a letter to the person, in their language,
with field labels and local dates."""

import re
from datetime import date, datetime

from odoo import _lt, api, models
from odoo.tools import format_date, format_datetime

ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d$")
ISO_DATETIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?$")

# Column titles of the keys the export writes itself (not model fields).
LABELS = {
    "purpose": _lt("Purpose"),
    "code": _lt("Code"),
    "description": _lt("Description"),
    "legal_basis": _lt("Legal basis"),
    "state": _lt("Status"),
    "date_start": _lt("Since"),
    "date_end": _lt("Until"),
    "retention_months": _lt("Kept for (months)"),
    "retention_date": _lt("Kept until"),
    "origin": _lt("Where the data came from"),
    "detail": _lt("Detail"),
    "date": _lt("Date"),
    "reference": _lt("Reference"),
    "type": _lt("Type"),
    "date_received": _lt("Received on"),
    "date_deadline": _lt("Answer due by"),
    "name": _lt("Name"),
    "create_date": _lt("Created on"),
    "history": _lt("History"),
}
# The models whose records fill each section (for the field labels).
SECTION_MODELS = {
    "data_subject": "res.partner",
    "recipients": "gdpr.disclosure",
    "consents": "gdpr.consent",
}
HIDDEN_KEYS = {"id", "code", "model", "res_model", "res_id"}


class GdprAccessReport(models.AbstractModel):
    _name = "gdpr.access.report"
    _description = "Access Report"

    @api.model
    def _gdpr_label(self, key, model=None):
        field = model and model in self.env and self.env[model]._fields.get(key)
        if field:
            return field._description_string(self.env)
        label = LABELS.get(key)
        return str(label) if label else key.replace("_", " ").capitalize()

    @api.model
    def _gdpr_display(self, value, tz):
        """A value of the export as the person reads it: local dates."""
        if isinstance(value, str) and ISO_DATETIME.match(value):
            value = datetime.fromisoformat(value)
        elif isinstance(value, str) and ISO_DATE.match(value):
            value = date.fromisoformat(value)
        if isinstance(value, datetime):
            return format_datetime(self.env, value, tz=tz, dt_format="short")
        if isinstance(value, date):
            return format_date(self.env, value)
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return value

    @api.model
    def _gdpr_table(self, rows, tz, model=None):
        """``{"columns": [labels], "rows": [[values or sub-tables]]}``;
        technical and empty columns are left out."""
        keys = [
            k
            for k in (rows[0] if rows else {})
            if k not in HIDDEN_KEYS
            and any(row.get(k) not in (None, False, [], "") for row in rows)
        ]
        history_model = "gdpr.consent.event" if model == "gdpr.consent" else None
        return {
            "columns": [self._gdpr_label(k, model) for k in keys],
            "rows": [
                [
                    self._gdpr_table(row[k], tz, history_model)
                    if k == "history"
                    else self._gdpr_display(row.get(k), tz)
                    for k in keys
                ]
                for row in rows
            ],
        }

    @api.model
    def _gdpr_transposed(self, rows, tz, model):
        """One column per address of the person, one line per field: the
        master data reads like a form, not a spreadsheet."""
        table = self._gdpr_table(rows, tz, model)
        return {
            "columns": [""] + [row[0] for row in table["rows"]],
            "rows": [
                [label] + [row[index] for row in table["rows"]]
                for index, label in enumerate(table["columns"])
            ][1:],
        }

    @api.model
    def _gdpr_report_values(self, data, partner):
        """What the QWeb letter shows, built from the export's data."""
        tz = partner.tz or self.env.company.partner_id.tz or "Europe/Berlin"
        tables = {
            key: self._gdpr_table(data[key], tz, SECTION_MODELS.get(key))
            for key in (
                "data_subject",
                "purposes",
                "origin",
                "recipients",
                "consents",
                "requests",
            )
        }
        tables["data_subject"] = self._gdpr_transposed(
            data["data_subject"], tz, "res.partner"
        )
        related = [
            dict(
                section,
                table=self._gdpr_table(section["records"], tz, section["model"]),
            )
            for section in data["related_records"]
        ]
        dpo = self.env["gdpr.dpo"]._dpo_user(self.env.company)
        return {
            "tables": tables,
            "related": related,
            "generated_at": self._gdpr_display(data["generated_at"], tz),
            "dpo": dpo.partner_id,
            "authority": self.env.company.gdpr_supervisory_authority,
        }
