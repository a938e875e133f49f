# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo import api, fields, models
from odoo.exceptions import UserError

STATE_SELECTION = [
    ("pending", "Pending"),
    ("granted", "Granted"),
    ("refused", "Refused"),
    ("withdrawn", "Withdrawn"),
    ("expired", "Expired"),
]

SCOPE_SELECTION = [
    ("newsletter", "Newsletter"),
    ("offers", "Product offers"),
    ("events", "Event invitations"),
    ("surveys", "Surveys and feedback"),
    ("other", "Other"),
]

SOURCE_SELECTION = [
    ("web_form", "Web form"),
    ("phone", "Phone call"),
    ("written", "Written form"),
    ("email", "Email"),
    ("event", "Event"),
    ("import", "Import"),
    ("preference_center", "Preference center"),
    ("api", "API"),
]

EVENT_SOURCE_SELECTION = SOURCE_SELECTION + [
    ("double_opt_in", "Double opt-in confirmation"),
    ("unsubscribe", "Unsubscribe link"),
    ("blacklist", "Blacklist"),
    ("objection", "Objection to advertising (Art. 21 GDPR)"),
    ("request", "Data-subject request"),
    ("cron", "Automatic expiry"),
    ("manual", "Recorded by a user"),
]


class GdprConsentEvent(models.Model):
    """Append-only history of a consent: the proof required by Art. 7(1) GDPR.

    Nobody changes or deletes an event through the ORM or RPC, administrators
    and the superuser included. Events disappear only with the person: the
    erasure of a partner removes them through the database cascade on
    ``partner_id`` (or a SQL DELETE of the erasure addon).
    """

    _name = "gdpr.consent.event"
    _description = "Consent History Event"
    _order = "date desc, id desc"
    _rec_name = "new_state"

    consent_id = fields.Many2one(
        "gdpr.consent", required=True, ondelete="cascade", index=True, readonly=True
    )
    partner_id = fields.Many2one(
        "res.partner", required=True, ondelete="cascade", index=True, readonly=True
    )
    purpose_id = fields.Many2one(
        "gdpr.purpose", required=True, ondelete="restrict", readonly=True
    )
    channel_id = fields.Many2one(
        "gdpr.channel", required=True, ondelete="restrict", readonly=True
    )
    date = fields.Datetime(
        required=True, default=fields.Datetime.now, readonly=True, index=True
    )
    old_state = fields.Selection(STATE_SELECTION, string="From", readonly=True)
    new_state = fields.Selection(
        STATE_SELECTION, string="To", required=True, readonly=True
    )
    source = fields.Selection(EVENT_SOURCE_SELECTION, required=True, readonly=True)
    source_detail = fields.Char(readonly=True)
    user_id = fields.Many2one(
        "res.users", string="Recorded By", ondelete="set null", readonly=True
    )
    ip_address = fields.Char(string="IP Address", readonly=True)
    user_agent = fields.Char(readonly=True)
    text_id = fields.Many2one(
        "gdpr.consent.text",
        string="Consent Text Version",
        ondelete="restrict",
        readonly=True,
    )
    text_version = fields.Integer(readonly=True)
    note = fields.Text(readonly=True)

    def write(self, vals):  # pylint: disable=method-required-super
        # Append-only by design: not even the superuser may rewrite the proof.
        raise UserError(
            self.env._(
                "The consent history is the proof of consent (Art. 7(1) GDPR) "
                "and cannot be changed."
            )
        )

    @api.ondelete(at_uninstall=True)
    def _unlink_never(self):
        # Runs for everybody, also with a forged uninstall context: only the
        # database cascade of an erased partner removes events.
        raise UserError(
            self.env._(
                "The consent history is the proof of consent (Art. 7(1) GDPR) "
                "and cannot be deleted. It is removed only when the person is "
                "erased."
            )
        )
