# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
import re

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


class GdprChannel(models.Model):
    """A way of addressing a person for advertising (email, phone, SMS, post).

    German law asks for a separate consent per channel (§7 UWG); integrators
    add channels (e.g. messenger) as data records with their own code.
    """

    _name = "gdpr.channel"
    _description = "Consent Channel"
    _order = "sequence, id"
    _rec_names_search = ["name", "code"]

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Stable technical code (lower case letters, digits, underscore) "
        "used by integrations, imports and mailing filters.",
    )
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    double_opt_in = fields.Boolean(
        string="Double Opt-in Required",
        help="A consent for this channel becomes valid only after the person "
        "confirmed it through the link sent by email.",
    )
    requires_explicit_consent = fields.Boolean(
        string="Explicit Consent Required",
        default=True,
        help="Advertising through this channel needs an explicit, recorded "
        "consent (Art. 6(1)(a), Art. 7 GDPR, §7 UWG).",
    )
    blacklist_type = fields.Selection(
        [("email", "Email blacklist"), ("phone", "Phone blacklist")],
        string="Blacklist Synchronisation",
        help="Withdrawing every consent of this kind puts the address on the "
        "blacklist; granting one again removes it.",
    )
    active = fields.Boolean(default=True)
    consent_count = fields.Integer(compute="_compute_consent_count")

    _sql_constraints = [
        ("code_unique", "unique(code)", "The channel code must be unique."),
    ]

    @api.constrains("code")
    def _check_code(self):
        for channel in self:
            if not CODE_PATTERN.match(channel.code or ""):
                raise ValidationError(
                    self.env._(
                        "The channel code %(code)s is not valid: use lower case "
                        "letters, digits and underscores only.",
                        code=channel.code,
                    )
                )

    def _compute_consent_count(self):
        counts = dict(
            self.env["gdpr.consent"]._read_group(
                [("channel_id", "in", self.ids), ("state", "=", "granted")],
                ["channel_id"],
                ["__count"],
            )
        )
        for channel in self:
            channel.consent_count = counts.get(channel, 0)

    @api.model
    def _gdpr_get_by_code(self, code):
        """Return the channel with ``code``; raise a clear error otherwise."""
        if isinstance(code, models.BaseModel):
            return code
        channel = self.with_context(active_test=False).search(
            [("code", "=", code)], limit=1
        )
        if not channel:
            raise UserError(
                self.env._(
                    "There is no consent channel with the code %(code)s.", code=code
                )
            )
        return channel
