# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.gdpr_consent_event import SCOPE_SELECTION, SOURCE_SELECTION


class GdprConsentRecordWizard(models.TransientModel):
    """Record what a person said about advertising, in a few clicks, from the
    partner form (R9): one consent per selected channel."""

    _name = "gdpr.consent.record.wizard"
    _description = "Record Consent"

    partner_id = fields.Many2one("res.partner", required=True, readonly=True)
    purpose_id = fields.Many2one(
        "gdpr.purpose",
        required=True,
        default=lambda self: self._default_purpose_id(),
        domain="['|', ('is_marketing', '=', True), ('legal_basis', '=', 'consent')]",
    )
    channel_ids = fields.Many2many(
        "gdpr.channel",
        "gdpr_consent_record_wizard_channel_rel",
        "wizard_id",
        "channel_id",
        string="Channels",
        required=True,
    )
    action = fields.Selection(
        [
            ("grant", "Consent given"),
            ("refuse", "Consent refused"),
            ("withdraw", "Consent withdrawn"),
            ("request", "Send a confirmation request (double opt-in)"),
        ],
        string="What happened",
        required=True,
        default="grant",
    )
    scope = fields.Selection(
        SCOPE_SELECTION,
        compute="_compute_scope",
        store=True,
        readonly=False,
        precompute=True,
    )
    source = fields.Selection(
        SOURCE_SELECTION, string="Consent Source", required=True, default="phone"
    )
    source_detail = fields.Char(string="Consent Source Detail")
    text_id = fields.Many2one(
        "gdpr.consent.text",
        string="Consent Text Version",
        compute="_compute_text_id",
        store=True,
        readonly=False,
        domain="[('purpose_id', '=', purpose_id), ('channel_ids', 'in', channel_ids)]",
    )
    evidence_file = fields.Binary(string="Evidence")
    evidence_filename = fields.Char()
    note = fields.Text()
    double_opt_in_info = fields.Char(
        string="Double Opt-in Information", compute="_compute_double_opt_in_info"
    )

    @api.model
    def _default_purpose_id(self):
        """The purpose of the mailings (settings), else the first advertising
        purpose: what sales staff record most."""
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("gdpr_consent.default_mailing_purpose_id")
        )
        purpose = (
            self.env["gdpr.purpose"].browse(int(value)).exists() if value else None
        )
        return (
            purpose
            or self.env["gdpr.purpose"].search([("is_marketing", "=", True)], limit=1)
        ).id

    @api.depends("purpose_id")
    def _compute_scope(self):
        for wizard in self:
            wizard.scope = wizard.purpose_id.consent_scope or "newsletter"

    @api.depends("purpose_id", "channel_ids")
    def _compute_text_id(self):
        Text = self.env["gdpr.consent.text"]
        for wizard in self:
            if not wizard.purpose_id:
                wizard.text_id = False
                continue
            wizard.text_id = Text._gdpr_get_current(
                wizard.purpose_id, wizard.channel_ids[:1] or None
            )

    @api.depends("channel_ids", "action", "source")
    def _compute_double_opt_in_info(self):
        for wizard in self:
            channels = wizard._double_opt_in_channels()
            wizard.double_opt_in_info = (
                self.env._(
                    "%(channels)s needs a confirmation by the person: a double "
                    "opt-in email is sent and the consent stays pending until "
                    "it is confirmed.",
                    channels=", ".join(channels.mapped("name")),
                )
                if channels
                else False
            )

    def _double_opt_in_channels(self):
        self.ensure_one()
        if self.action == "request":
            return self.channel_ids
        if self.action != "grant" or self.source == "written":
            return self.env["gdpr.channel"]
        # a signed written form is proof enough; other grants of a double
        # opt-in channel must be confirmed by the person
        return self.channel_ids.filtered("double_opt_in")

    def action_confirm(self):
        """Hand what the person said to the consent service (which runs as
        superuser: the user must be allowed to change this contact)."""
        self.ensure_one()
        self.partner_id.check_access("write")
        if self.action == "grant" and not self.text_id:
            raise UserError(
                self.env._(
                    "Choose the version of the consent text the person "
                    "agreed to: a consent cannot be granted without it."
                )
            )
        values = {"scope": self.scope, "note": self.note}
        if self.evidence_file:
            values.update(
                evidence_file=self.evidence_file,
                evidence_filename=self.evidence_filename,
            )
        self.env["gdpr.consent"]._gdpr_record_consent(
            self.partner_id,
            self.purpose_id,
            self.channel_ids,
            self.action,
            source=self.source,
            source_detail=self.source_detail,
            text=self.text_id if self.action in ("grant", "request") else None,
            values=values,
        )
        return {"type": "ir.actions.act_window_close"}
