# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
import base64
import csv
import io

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

EXPORT_COLUMNS = [
    ("name", _lt("Name")),
    ("street", _lt("Street")),
    ("street2", _lt("Street 2")),
    ("zip", _lt("ZIP")),
    ("city", _lt("City")),
    ("state_id", _lt("State")),
    ("country_id", _lt("Country")),
]


class GdprPostalExportWizard(models.TransientModel):
    """Address list for a postal campaign: postal advertising needs its own
    consent (R6), so only partners holding it are exported."""

    _name = "gdpr.postal.export.wizard"
    _description = "Postal Campaign Export"

    purpose_id = fields.Many2one(
        "gdpr.purpose",
        required=True,
        domain="['|', ('is_marketing', '=', True), ('legal_basis', '=', 'consent')]",
    )
    partner_ids = fields.Many2many(
        "res.partner",
        "gdpr_postal_export_wizard_partner_rel",
        "wizard_id",
        "partner_id",
        string="Partners",
        help="Partners to consider. Empty means all contacts.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Done")],
        string="Export Status",
        default="draft",
        required=True,
    )
    candidate_count = fields.Integer(string="Considered", readonly=True)
    included_count = fields.Integer(string="Exported", readonly=True)
    excluded_count = fields.Integer(
        string="Left Out (no postal consent)", readonly=True
    )
    incomplete_count = fields.Integer(
        string="Left Out (incomplete address)", readonly=True
    )
    export_file = fields.Binary(string="File", readonly=True)
    export_filename = fields.Char(readonly=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if (
            "partner_ids" in fields_list
            and context.get("active_model") == "res.partner"
            and context.get("active_ids")
        ):
            values["partner_ids"] = [fields.Command.set(context["active_ids"])]
        return values

    def action_export(self):
        self.ensure_one()
        channel = self.env["gdpr.channel"].search([("code", "=", "post")], limit=1)
        if not channel:
            raise UserError(self.env._("The postal channel (code 'post') is missing."))
        Partner = self.env["res.partner"]
        base = [("id", "in", self.partner_ids.ids)] if self.partner_ids else []
        consent_key = f"{self.purpose_id.code}:{channel.code}"
        candidate_count = Partner.search_count(base)
        consented = base + [("gdpr_consent_granted", "=", consent_key)]
        consented_count = Partner.search_count(consented)
        partners = Partner.search(
            consented + [("street", "!=", False), ("city", "!=", False)],
            order="name, id",
        )
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(
            [label._translate(self.env.lang) for _fname, label in EXPORT_COLUMNS]
        )
        for partner in partners:
            writer.writerow(
                [
                    partner[fname].display_name
                    if partner._fields[fname].type == "many2one"
                    else partner[fname] or ""
                    for fname, _label in EXPORT_COLUMNS
                ]
            )
        self.env["gdpr.consent"].sudo().search(
            [
                ("partner_id", "in", partners.ids),
                ("purpose_id", "=", self.purpose_id.id),
                ("channel_id", "=", channel.id),
                ("state", "=", "granted"),
            ]
        )._gdpr_mark_used()
        self.write(
            {
                "state": "done",
                "candidate_count": candidate_count,
                "included_count": len(partners),
                "excluded_count": candidate_count - consented_count,
                "incomplete_count": consented_count - len(partners),
                "export_file": base64.b64encode(buffer.getvalue().encode("utf-8-sig")),
                "export_filename": self.env._(
                    "postal-campaign-%(purpose)s.csv", purpose=self.purpose_id.code
                ),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Postal Campaign Export"),
        }
