# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError

# Changing these on a version that was shown to people would falsify the proof
# of what they consented to (Art. 7(1) GDPR): create a new version instead.
LOCKED_FIELDS = {"name", "body", "purpose_id", "channel_ids"}


class GdprConsentText(models.Model):
    """The wording shown to a person when asking for consent, versioned.

    Every consent and every history event keeps the version it was given on,
    so the exact text can be shown years later in its original language.
    """

    _name = "gdpr.consent.text"
    _description = "Consent Text Version"
    _order = "purpose_id, version desc, id desc"

    name = fields.Char(required=True, translate=True)
    purpose_id = fields.Many2one(
        "gdpr.purpose", required=True, ondelete="restrict", index=True
    )
    channel_ids = fields.Many2many(
        "gdpr.channel",
        "gdpr_consent_text_channel_rel",
        "text_id",
        "channel_id",
        string="Channels",
        required=True,
        help="Channels this wording names and covers. A consent on a channel "
        "can only be recorded with a text that names that channel.",
    )
    version = fields.Integer(readonly=True, copy=False, default=0)
    date_valid_from = fields.Date(
        string="Valid From", required=True, default=fields.Date.context_today
    )
    body = fields.Html(string="Consent Text", required=True, translate=True)
    active = fields.Boolean(default=True)
    consent_count = fields.Integer(compute="_compute_consent_count")
    is_used = fields.Boolean(string="Used as Proof", compute="_compute_consent_count")

    _sql_constraints = [
        (
            "version_unique",
            "unique(purpose_id, version)",
            "Each version number can be used only once per purpose.",
        ),
    ]

    @api.depends("name", "version")
    def _compute_display_name(self):
        for text in self:
            text.display_name = self.env._(
                "%(name)s (v%(version)s)", name=text.name or "", version=text.version
            )

    def _compute_consent_count(self):
        counts = dict(
            self.env["gdpr.consent"]
            .sudo()
            ._read_group([("text_id", "in", self.ids)], ["text_id"], ["__count"])
        )
        used = self._used_ids()
        for text in self:
            text.consent_count = counts.get(text, 0)
            text.is_used = text.id in used

    def _used_ids(self):
        if not self.ids:
            return set()
        events = (
            self.env["gdpr.consent.event"]
            .sudo()
            ._read_group([("text_id", "in", self.ids)], ["text_id"])
        )
        consents = (
            self.env["gdpr.consent"]
            .sudo()
            ._read_group([("text_id", "in", self.ids)], ["text_id"])
        )
        return {text.id for (text,) in events + consents}

    @api.model_create_multi
    def create(self, vals_list):
        purpose_ids = {vals.get("purpose_id") for vals in vals_list}
        last = defaultdict(int)
        for purpose, version in self.with_context(active_test=False)._read_group(
            [("purpose_id", "in", list(purpose_ids))], ["purpose_id"], ["version:max"]
        ):
            last[purpose.id] = version or 0
        for vals in vals_list:
            purpose_id = vals.get("purpose_id")
            last[purpose_id] += 1
            vals["version"] = last[purpose_id]
        return super().create(vals_list)

    def write(self, vals):
        if LOCKED_FIELDS & set(vals) and self._used_ids():
            raise UserError(
                self.env._(
                    "This consent text was already shown to people and is part "
                    "of the proof of their consent. Create a new version instead "
                    "of changing it."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        if self._used_ids():
            raise UserError(
                self.env._(
                    "A consent text that was shown to people cannot be deleted. "
                    "Archive it instead."
                )
            )

    def action_new_version(self):
        """Copy the wording into a new version valid from today."""
        self.ensure_one()
        new = self.copy({"date_valid_from": fields.Date.context_today(self)})
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": new.id,
            "view_mode": "form",
            "target": "current",
        }

    def _gdpr_set_translations(self, fname, translations):
        """Set translations of ``fname`` for the languages that are active.

        For data files: ``update_field_translations`` refuses inactive
        languages, a database may not have all of them.
        """
        active = {code for code, _name in self.env["res.lang"].get_installed()}
        translations = {
            lang: value for lang, value in translations.items() if lang in active
        }
        if translations:
            for text in self:
                text.update_field_translations(fname, translations)
        return True

    @api.model
    def _gdpr_get_current(self, purpose, channel=None):
        """The wording in force today for ``purpose`` (and ``channel``)."""
        domain = [
            ("purpose_id", "=", purpose.id),
            ("date_valid_from", "<=", fields.Date.context_today(self)),
        ]
        if channel:
            # explicit: a text proves consent only for the channels it names
            domain.append(("channel_ids", "in", channel.ids))
        return self.search(domain, order="version desc, id desc", limit=1)
