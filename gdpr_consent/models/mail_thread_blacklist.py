# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo import fields, models
from odoo.exceptions import UserError

from .mailing_mailing import CHANNEL_BY_MAILING_TYPE

# channel code -> address field of the recipient models
ADDRESS_FIELD_BY_CHANNEL = dict(CHANNEL_BY_MAILING_TYPE.values())


class MailThreadBlacklist(models.AbstractModel):
    """Recipients of mailings (contacts, mailing contacts, leads) searchable
    by consent the way a mailing checks it: by address, in SQL."""

    _inherit = "mail.thread.blacklist"

    gdpr_address_consent = fields.Char(
        string="Consent on the Address (purpose:channel)",
        compute="_compute_gdpr_address_consent",
        search="_search_gdpr_address_consent",
        help="Search only, e.g. [('gdpr_address_consent', '=', 'newsletter:email')]: "
        "recipients whose address holds a granted, unexpired consent for the "
        "purpose on the channel, as a mailing counts them.",
    )

    def _compute_gdpr_address_consent(self):
        self.gdpr_address_consent = False

    def _search_gdpr_address_consent(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, str):
            raise UserError(
                self.env._(
                    "Search on the consent of an address supports = and != "
                    "with a value like 'newsletter:email'."
                )
            )
        purpose_code, _sep, channel_code = value.partition(":")
        key_field = ADDRESS_FIELD_BY_CHANNEL.get(channel_code or "email")
        positive = operator == "="
        if key_field not in self._fields:
            # no address for this channel: nobody holds a consent on it
            return [("id", "=", 0)] if positive else []
        purpose = self.env["gdpr.purpose"]._gdpr_get_by_code(purpose_code)
        channels = self.env["gdpr.channel"].search(
            [("code", "=", channel_code or "email")]
        )
        consented = self.env["gdpr.consent"]._gdpr_granted_address_sql(
            purpose, channels, key_field
        )
        if positive:
            return [(key_field, "in", consented)]
        return ["|", (key_field, "=", False), (key_field, "not in", consented)]
