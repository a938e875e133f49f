# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .gdpr_purpose import LEGAL_BASIS_SELECTION

# Chapter V GDPR: the legal instruments that allow a transfer of personal
# data to a country outside the EU/EEA.
TRANSFER_MECHANISM_SELECTION = [
    ("adequacy", "Adequacy decision (Art. 45 GDPR)"),
    ("dpf", "EU-US Data Privacy Framework"),
    ("scc", "Standard contractual clauses (Art. 46(2)(c) GDPR)"),
    ("bcr", "Binding corporate rules (Art. 47 GDPR)"),
    ("derogation", "Derogation (Art. 49 GDPR)"),
]

# Origin and recipients must be kept at least two years to answer access
# requests (Art. 15(1)(c) GDPR, German practice).
DISCLOSURE_MIN_KEEP_MONTHS = 24


class GdprDisclosure(models.Model):
    """Personal data of a partner handed to a recipient (Art. 4(9) GDPR),
    with the transfer instrument when the recipient is in a third country."""

    _name = "gdpr.disclosure"
    _description = "Disclosure to a Recipient"
    _order = "date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner",
        string="Data Subject",
        required=True,
        ondelete="cascade",
        index=True,
    )
    recipient_id = fields.Many2one(
        "res.partner",
        required=True,
        ondelete="restrict",
        index=True,
        domain=[("gdpr_is_recipient", "=", True)],
    )
    purpose_id = fields.Many2one(
        "gdpr.purpose", required=True, ondelete="restrict", index=True
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    data_categories = fields.Many2many(
        "gdpr.data.category",
        "gdpr_disclosure_data_category_rel",
        "disclosure_id",
        "category_id",
    )
    legal_basis = fields.Selection(
        LEGAL_BASIS_SELECTION,
        compute="_compute_legal_basis",
        store=True,
        readonly=False,
        precompute=True,
    )
    country_id = fields.Many2one(
        "res.country",
        string="Recipient Country",
        compute="_compute_country_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    is_third_country = fields.Boolean(
        string="Third Country",
        compute="_compute_is_third_country",
        store=True,
        index=True,
        precompute=True,
        help="The recipient country is outside the EU/EEA (Chapter V GDPR).",
    )
    transfer_mechanism = fields.Selection(
        TRANSFER_MECHANISM_SELECTION,
        compute="_compute_transfer_mechanism",
        store=True,
        readonly=False,
        precompute=True,
        help="Legal instrument that allows the transfer to a third country.",
    )
    note = fields.Text()
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, index=True
    )

    @api.model
    def _eea_countries(self):
        """EU and EEA countries: transfers inside them need no Chapter V
        instrument. Integrators adapt the country group, not the code."""
        group = self.env.ref(
            "gdpr_segments.country_group_eea", raise_if_not_found=False
        )
        return group.sudo().country_ids if group else self.env["res.country"]

    @api.depends("partner_id", "recipient_id", "date")
    def _compute_display_name(self):
        for disclosure in self:
            disclosure.display_name = self.env._(
                "%(partner)s to %(recipient)s (%(date)s)",
                partner=disclosure.partner_id.display_name or "",
                recipient=disclosure.recipient_id.display_name or "",
                date=disclosure.date or "",
            )

    @api.depends("purpose_id")
    def _compute_legal_basis(self):
        for disclosure in self:
            if disclosure.purpose_id and not disclosure.legal_basis:
                disclosure.legal_basis = disclosure.purpose_id.legal_basis

    @api.depends("recipient_id")
    def _compute_country_id(self):
        for disclosure in self:
            if disclosure.recipient_id.country_id:
                disclosure.country_id = disclosure.recipient_id.country_id

    @api.depends("country_id")
    def _compute_is_third_country(self):
        eea = self._eea_countries()
        for disclosure in self:
            disclosure.is_third_country = bool(
                disclosure.country_id and disclosure.country_id not in eea
            )

    @api.depends("recipient_id", "is_third_country")
    def _compute_transfer_mechanism(self):
        for disclosure in self:
            if not disclosure.is_third_country:
                disclosure.transfer_mechanism = False
            elif not disclosure.transfer_mechanism:
                disclosure.transfer_mechanism = (
                    disclosure.recipient_id.gdpr_transfer_mechanism
                )

    def _check_transfer(self, recipient, country, mechanism):
        """Chapter V GDPR: a transfer to a third country needs a mechanism."""
        if country and country not in self._eea_countries() and not mechanism:
            raise ValidationError(
                self.env._(
                    "%(recipient)s is in %(country)s, a third country outside the "
                    "EU/EEA. Choose the transfer mechanism that allows the "
                    "transfer (Art. 44-49 GDPR), e.g. standard contractual "
                    "clauses, before saving the disclosure.",
                    recipient=recipient.display_name,
                    country=country.display_name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self.env["gdpr.separation"]._check_values(vals_list)
        # checked on the values, before anything is written
        Partner = self.env["res.partner"]
        Country = self.env["res.country"]
        for vals in vals_list:
            recipient = Partner.browse(vals.get("recipient_id"))
            country = (
                Country.browse(vals["country_id"])
                if vals.get("country_id")
                else recipient.country_id
            )
            self._check_transfer(
                recipient,
                country,
                vals.get("transfer_mechanism") or recipient.gdpr_transfer_mechanism,
            )
        return super().create(vals_list)

    def write(self, vals):
        self.env["gdpr.separation"]._check_values([vals])
        if {"recipient_id", "country_id", "transfer_mechanism"} & vals.keys():
            for disclosure in self:
                recipient = (
                    self.env["res.partner"].browse(vals["recipient_id"])
                    if "recipient_id" in vals
                    else disclosure.recipient_id
                )
                if "country_id" in vals:
                    country = self.env["res.country"].browse(vals["country_id"])
                elif "recipient_id" in vals and recipient.country_id:
                    country = recipient.country_id
                else:
                    country = disclosure.country_id
                mechanism = vals.get(
                    "transfer_mechanism",
                    disclosure.transfer_mechanism or recipient.gdpr_transfer_mechanism,
                )
                self._check_transfer(recipient, country, mechanism)
        return super().write(vals)

    @api.constrains("country_id", "is_third_country", "transfer_mechanism")
    def _check_transfer_mechanism(self):
        for disclosure in self:
            self._check_transfer(
                disclosure.recipient_id,
                disclosure.country_id,
                disclosure.transfer_mechanism,
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_recent(self):
        """Recipients must stay known for 24 months, for every user: only the
        erasure of the person (which deletes in SQL) removes them earlier."""
        limit = fields.Date.context_today(self) - relativedelta(
            months=DISCLOSURE_MIN_KEEP_MONTHS
        )
        recent = self.filtered(lambda d: d.date > limit)
        if recent:
            newest = max(recent.mapped("date"))
            raise UserError(
                self.env._(
                    "Disclosures must be kept for %(months)s months to answer "
                    "access requests (Art. 15(1)(c) GDPR). %(count)s of the "
                    "selected disclosures are younger; the last of them can be "
                    "deleted from %(date)s.",
                    months=DISCLOSURE_MIN_KEEP_MONTHS,
                    count=len(recent),
                    date=newest + relativedelta(months=DISCLOSURE_MIN_KEEP_MONTHS),
                )
            )
