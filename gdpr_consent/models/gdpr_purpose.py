# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo import api, fields, models

from .gdpr_consent_event import SCOPE_SELECTION


class GdprPurpose(models.Model):
    _inherit = "gdpr.purpose"

    consent_validity_months = fields.Integer(
        string="Consent Validity (months)",
        default=24,
        help="A granted consent expires after this many months without "
        "confirmation or use. 0 means it does not expire.",
    )
    consent_channel_ids = fields.Many2many(
        "gdpr.channel",
        "gdpr_purpose_channel_rel",
        "purpose_id",
        "channel_id",
        string="Consent Channels",
        help="Channels offered for this purpose in the preference center. "
        "Empty means all channels.",
    )
    consent_scope = fields.Selection(
        SCOPE_SELECTION,
        string="Default Manner of Use",
        default="newsletter",
        help="Proposed as the manner of use (Art und Weise) when a consent "
        "for this purpose is recorded.",
    )
    consent_text_ids = fields.One2many(
        "gdpr.consent.text", "purpose_id", string="Consent Texts"
    )
    consent_channel_missing_text_ids = fields.Many2many(
        "gdpr.channel",
        string="Channels Without Consent Text",
        compute="_compute_consent_channel_missing_text_ids",
        help="Channels this purpose offers for which no consent text in force "
        "names the channel: no consent can be recorded on them.",
    )
    consent_ids = fields.One2many("gdpr.consent", "purpose_id", string="Consents")
    consent_count = fields.Integer(compute="_compute_consent_count")

    _sql_constraints = [
        (
            "consent_validity_positive",
            "CHECK(consent_validity_months >= 0)",
            "The consent validity cannot be negative.",
        ),
    ]

    def _compute_consent_count(self):
        counts = dict(
            self.env["gdpr.consent"]._read_group(
                [("purpose_id", "in", self.ids), ("state", "=", "granted")],
                ["purpose_id"],
                ["__count"],
            )
        )
        for purpose in self:
            purpose.consent_count = counts.get(purpose, 0)

    def _gdpr_requires_consent(self):
        """Advertising purposes and purposes based on consent may only be used
        for people who consented (Art. 6(1)(a) GDPR, §7 UWG)."""
        self.ensure_one()
        return self.is_marketing or self.legal_basis == "consent"

    @api.depends(
        "consent_channel_ids",
        "consent_text_ids.channel_ids",
        "consent_text_ids.active",
        "consent_text_ids.date_valid_from",
    )
    def _compute_consent_channel_missing_text_ids(self):
        for purpose in self:
            if not purpose._gdpr_requires_consent():
                purpose.consent_channel_missing_text_ids = False
                continue
            purpose.consent_channel_missing_text_ids = (
                purpose._gdpr_consent_channels() - purpose._gdpr_offered_channels()
            )

    def _gdpr_offered_channels(self):
        """Channels a consent can be given on: offered by the purpose and
        named by a consent text in force (the proof of what the person saw)."""
        self.ensure_one()
        Text = self.env["gdpr.consent.text"].sudo()
        return self._gdpr_consent_channels().filtered(
            lambda channel: Text._gdpr_get_current(self, channel)
        )

    def _gdpr_consent_channels(self):
        self.ensure_one()
        return self.consent_channel_ids or self.env["gdpr.channel"].search(
            [("active", "=", True)]
        )

    @api.model
    def _gdpr_get_by_code(self, code):
        if isinstance(code, models.BaseModel):
            return code
        return self.with_context(active_test=False).search(
            [("code", "=", code)], limit=1
        )

    def action_view_consents(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "gdpr_consent.action_gdpr_consent"
        )
        action["domain"] = [("purpose_id", "=", self.id)]
        # the button counts the granted consents: the list opens on them
        action["context"] = {"default_purpose_id": self.id, "search_default_granted": 1}
        return action
