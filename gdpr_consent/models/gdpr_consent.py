# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
import hashlib
import hmac
import logging

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, email_normalize
from odoo.tools.mail import single_email_re

from .gdpr_consent_event import SCOPE_SELECTION, SOURCE_SELECTION, STATE_SELECTION

_logger = logging.getLogger(__name__)

# Allowed state changes; the key False stands for a new record. A change to
# the same state renews it (granted: confirmation, pending: new request).
TRANSITIONS = {
    False: {"pending", "granted", "refused"},
    "pending": {"pending", "granted", "refused", "withdrawn", "expired"},
    "granted": {"granted", "withdrawn", "expired"},
    "refused": {"pending", "granted"},
    "withdrawn": {"pending", "granted", "refused"},
    "expired": {"pending", "granted", "refused"},
}


# Proof recorded by the server: never taken from a caller (R18). Only the
# consent services write them (as superuser, with an event).
SERVER_FIELDS = {
    "ip_address",
    "user_agent",
    "date_granted",
    "date_confirmed",
    "date_withdrawn",
    "date_expiry",
    "date_last_use",
    "doi_nonce",
    "doi_requested",
    "doi_expiry",
    "user_id",
}
# What the person said and how: set when the consent is recorded, then fixed.
PROOF_FIELDS = SERVER_FIELDS | {"state", "text_id", "scope", "source", "source_detail"}


def gdpr_valid_email(email):
    """Normalized address when ``email`` is one well-formed address, else False.

    ``email_normalize`` alone accepts e.g. 'broken@@example' (as '@example').
    """
    normalized = email_normalize(email or "", strict=True)
    if not normalized or not single_email_re.match(normalized):
        return False
    return normalized


def gdpr_days_param(env, key, default):
    """A positive number of days from a system parameter, else ``default``."""
    try:
        days = int(env["ir.config_parameter"].sudo().get_param(key))
    except (TypeError, ValueError):
        return default
    return days if days > 0 else default


def gdpr_sign(env, scope, *parts):
    """HMAC-SHA256 of ``parts`` with the database secret, bound to ``scope``."""
    secret = env["ir.config_parameter"].sudo().get_param("database.secret")
    message = repr((env.cr.dbname, scope) + tuple(parts)).encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


class GdprConsent(models.Model):
    """The current consent of one partner for one purpose through one channel.

    State changes go through :meth:`_gdpr_set_state`, which validates the
    transition and appends a :class:`gdpr.consent.event` with the proof.
    """

    _name = "gdpr.consent"
    _description = "Consent"
    _order = "partner_id, purpose_id, channel_id"

    partner_id = fields.Many2one(
        "res.partner", required=True, ondelete="cascade", index=True
    )
    purpose_id = fields.Many2one(
        "gdpr.purpose", required=True, ondelete="restrict", index=True
    )
    channel_id = fields.Many2one(
        "gdpr.channel", required=True, ondelete="restrict", index=True
    )
    state = fields.Selection(
        STATE_SELECTION,
        string="Status",
        required=True,
        default="pending",
        index=True,
        readonly=True,
    )
    scope = fields.Selection(
        SCOPE_SELECTION,
        default="newsletter",
        help="The manner of use the person agreed to (Art und Weise).",
    )
    # how the consent was given; the origin of the data is on the purpose
    # assignment (gdpr_segments' origin_type)
    source = fields.Selection(
        SOURCE_SELECTION,
        string="Consent Source",
        required=True,
        default="web_form",
        help="How the person gave the consent. The origin of the data is "
        "recorded on the purpose assignment.",
    )
    source_detail = fields.Char(
        string="Consent Source Detail",
        help="For example the web page, the fair, the call or the file.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Recorded By",
        default=lambda self: self.env.user,
        ondelete="set null",
    )
    text_id = fields.Many2one(
        "gdpr.consent.text",
        string="Consent Text Version",
        ondelete="restrict",
        domain="[('purpose_id', '=', purpose_id)]",
        help="The wording shown to the person when the consent was given.",
    )
    date_granted = fields.Datetime(string="Granted On", copy=False)
    date_confirmed = fields.Datetime(string="Confirmed On", copy=False)
    date_withdrawn = fields.Datetime(string="Withdrawn On", copy=False)
    date_expiry = fields.Date(string="Expires On", copy=False, index=True)
    date_last_use = fields.Datetime(string="Last Used On", copy=False)
    ip_address = fields.Char(string="IP Address")
    user_agent = fields.Char()
    evidence_file = fields.Binary(string="Evidence", attachment=True, copy=False)
    evidence_filename = fields.Char(copy=False)
    note = fields.Text()
    event_ids = fields.One2many("gdpr.consent.event", "consent_id", string="History")
    doi_nonce = fields.Char(
        string="Confirmation Nonce", copy=False, groups="base.group_system"
    )
    doi_requested = fields.Datetime(string="Confirmation Requested On", copy=False)
    doi_expiry = fields.Datetime(
        string="Confirmation Link Expires", copy=False, index="btree_not_null"
    )
    double_opt_in_url = fields.Char(
        compute="_compute_double_opt_in_url",
        string="Confirmation Link",
        compute_sudo=True,
        groups="base.group_system",
    )
    partner_email = fields.Char(related="partner_id.email", string="Email")
    is_valid = fields.Boolean(
        compute="_compute_is_valid",
        search="_search_is_valid",
        string="Valid",
        help="Granted and not expired.",
    )
    company_id = fields.Many2one(related="partner_id.company_id", store=True)

    _sql_constraints = [
        (
            "partner_purpose_channel_unique",
            "unique(partner_id, purpose_id, channel_id)",
            (
                "A consent for this partner, purpose and channel already exists: "
                "change its state instead of creating a second one."
            ),
        ),
    ]

    def init(self):
        # The mailing filter and _gdpr_has_consent look consents up by
        # purpose, channel and state: one index serves all of them.
        self.env.cr.execute(
            SQL(
                """
                CREATE INDEX IF NOT EXISTS gdpr_consent_purpose_channel_state_idx
                ON gdpr_consent (purpose_id, channel_id, state, partner_id)
                """
            )
        )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("partner_id", "purpose_id", "channel_id")
    def _compute_display_name(self):
        for consent in self:
            consent.display_name = self.env._(
                "%(partner)s: %(purpose)s (%(channel)s)",
                partner=consent.partner_id.display_name or "",
                purpose=consent.purpose_id.display_name or "",
                channel=consent.channel_id.display_name or "",
            )

    @api.depends("state", "date_expiry")
    def _compute_is_valid(self):
        today = fields.Date.context_today(self)
        for consent in self:
            consent.is_valid = consent.state == "granted" and (
                not consent.date_expiry or consent.date_expiry >= today
            )

    def _search_is_valid(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(self.env._("Unsupported search on validity."))
        today = fields.Date.context_today(self)
        domain = [
            ("state", "=", "granted"),
            "|",
            ("date_expiry", "=", False),
            ("date_expiry", ">=", today),
        ]
        positive = (operator == "=") == bool(value)
        return domain if positive else ["!"] + domain

    @api.depends("doi_nonce", "doi_expiry", "partner_id.email", "state")
    def _compute_double_opt_in_url(self):
        for consent in self:
            token = consent._gdpr_double_opt_in_token()
            consent.double_opt_in_url = token and (
                f"{consent.get_base_url()}/gdpr/consent/confirm/{consent.id}/{token}"
            )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        now = fields.Datetime.now()
        if not self.env.su:
            self._gdpr_check_user_create(vals_list)
        for vals in vals_list:
            state = vals.get("state", "pending")
            if state not in TRANSITIONS[False]:
                raise ValidationError(
                    self.env._(
                        "A new consent can only be pending, granted or refused, "
                        "not %(state)s.",
                        state=dict(STATE_SELECTION).get(state, state),
                    )
                )
            if state == "granted":
                vals.setdefault("date_granted", now)
        consents = super().create(vals_list)
        granted = consents.filtered(lambda c: c.state == "granted")
        granted.filtered(lambda c: not c.date_expiry)._gdpr_renew_expiry()
        consents._gdpr_check_consistency()
        consents._gdpr_append_events(
            [
                {
                    "consent_id": consent.id,
                    "old_state": False,
                    "new_state": consent.state,
                    "source": consent.source,
                    "source_detail": consent.source_detail,
                    "ip_address": consent.ip_address,
                    "user_agent": consent.user_agent,
                    "text_id": consent.text_id.id,
                    "note": consent.note,
                }
                for consent in consents
            ]
        )
        granted._gdpr_sync_blacklist_on_grant()
        return consents

    def _gdpr_check_user_create(self, vals_list):
        """A user (not the services) creates consents: the evidence comes from
        the server, and an email consent needs the person's confirmation."""
        evidence = self._gdpr_request_evidence()
        Channel = self.env["gdpr.channel"].sudo()
        for vals in vals_list:
            forged = sorted(SERVER_FIELDS & vals.keys() - {"user_id"})
            if forged or vals.get("user_id", self.env.uid) != self.env.uid:
                raise UserError(self._gdpr_server_fields_message())
            vals.update(evidence, user_id=self.env.uid)
            channel = Channel.browse(vals.get("channel_id"))
            if (
                vals.get("state") == "granted"
                and channel.double_opt_in
                and vals.get("source") != "written"
            ):
                raise ValidationError(
                    self.env._(
                        "A consent on %(channel)s must be confirmed by the "
                        "person (double opt-in): send a confirmation request "
                        "instead, or record a signed written form.",
                        channel=channel.display_name,
                    )
                )

    def _gdpr_server_fields_message(self):
        return self.env._(
            "The evidence of a consent (IP address, user agent, dates, who "
            "recorded it) is recorded by the server and cannot be set or "
            "changed. Use Record Consent or Withdraw: every change appends an "
            "event to the history."
        )

    def write(self, vals):
        if {"partner_id", "purpose_id", "channel_id"} & set(vals):
            for consent in self:
                for fname in ("partner_id", "purpose_id", "channel_id"):
                    if fname in vals and consent[fname].id != vals[fname]:
                        raise UserError(
                            self.env._(
                                "The partner, purpose and channel of a consent "
                                "cannot be changed: record a new consent instead."
                            )
                        )
        if not self.env.su:
            return self._gdpr_user_write(vals)
        if "state" in vals:
            vals = dict(vals)
            new_state = vals.pop("state")
            res = super().write(vals) if vals else True
            self._gdpr_set_state(
                new_state,
                source=vals.get("source") or "manual",
                source_detail=vals.get("source_detail"),
            )
            return res
        res = super().write(vals)
        if "text_id" in vals:
            self._gdpr_check_consistency()
        return res

    def _gdpr_user_write(self, vals):
        """What a user may change directly: the internal note, the scanned
        evidence while there is none, and a withdrawal (through the service)."""
        if (PROOF_FIELDS - {"state"}) & vals.keys() or (
            "state" in vals and vals["state"] != "withdrawn"
        ):
            raise UserError(self._gdpr_server_fields_message())
        if {"evidence_file", "evidence_filename"} & vals.keys() and any(
            self.sudo().mapped("evidence_file")
        ):
            raise UserError(
                self.env._(
                    "The scanned evidence of a consent cannot be replaced: it "
                    "is part of the proof."
                )
            )
        vals = dict(vals)
        withdraw = vals.pop("state", None)
        self.check_access("write")
        res = super().write(vals) if vals else True
        if withdraw:
            self._gdpr_withdraw(source="manual")
        return res

    def _gdpr_write(self, vals):
        """Internal write of the services: state and evidence, no user check.
        Private (not callable over RPC); callers append the event."""
        return super(GdprConsent, self.sudo()).write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_proof(self):
        raise UserError(
            self.env._(
                "A consent is part of the proof of consent and cannot be "
                "deleted: withdraw it instead. It is removed only when the "
                "person is erased."
            )
        )

    # ------------------------------------------------------------------
    # Validation
    # ------------------------------------------------------------------

    def _gdpr_check_consistency(self):
        """Raise a clear error when a consent cannot be in its state."""
        for consent in self:
            partner = consent.partner_id
            channel = consent.channel_id
            if consent.text_id and consent.text_id.purpose_id != consent.purpose_id:
                raise ValidationError(
                    self.env._(
                        "The consent text %(text)s belongs to the purpose "
                        "%(text_purpose)s, not to %(purpose)s.",
                        text=consent.text_id.display_name,
                        text_purpose=consent.text_id.purpose_id.display_name,
                        purpose=consent.purpose_id.display_name,
                    )
                )
            if (
                consent.text_id
                and consent.state in ("pending", "granted")
                and channel not in consent.text_id.channel_ids
            ):
                raise ValidationError(consent._gdpr_text_missing_message())
            if consent.state == "granted" and not consent.text_id:
                raise ValidationError(
                    self.env._(
                        "The consent of %(partner)s for %(purpose)s "
                        "(%(channel)s) cannot be granted without the version of "
                        "the consent text shown to the person.",
                        partner=partner.display_name,
                        purpose=consent.purpose_id.display_name,
                        channel=channel.display_name,
                    )
                )
            if consent.state in ("pending", "granted"):
                consent._gdpr_check_address()

    def _gdpr_check_address(self, email=False):
        """A pending or granted consent needs an address on its channel (and
        a valid email address when ``email``: the confirmation goes there)."""
        self.ensure_one()
        partner, channel = self.partner_id, self.channel_id
        if email or channel.blacklist_type == "email" or channel.double_opt_in:
            if not partner.email:
                raise ValidationError(
                    self.env._(
                        "%(partner)s has no email address: an email consent "
                        "cannot be recorded.",
                        partner=partner.display_name,
                    )
                )
            if not gdpr_valid_email(partner.email):
                raise ValidationError(
                    self.env._(
                        "The email address %(email)s of %(partner)s is not valid.",
                        email=partner.email,
                        partner=partner.display_name,
                    )
                )
        if channel.blacklist_type == "phone" and not (partner.phone or partner.mobile):
            raise ValidationError(
                self.env._(
                    "%(partner)s has no phone number: a consent for "
                    "%(channel)s cannot be recorded.",
                    partner=partner.display_name,
                    channel=channel.display_name,
                )
            )

    def _gdpr_text_missing_message(self):
        self.ensure_one()
        return self.env._(
            "There is no consent text for %(purpose)s that names the channel "
            "%(channel)s. The proof of a consent is the wording the person saw "
            "for that channel: add a consent text for %(channel)s to the "
            "purpose first.",
            purpose=self.purpose_id.display_name,
            channel=self.channel_id.display_name,
        )

    # ------------------------------------------------------------------
    # State machine
    # ------------------------------------------------------------------

    def _gdpr_set_state(
        self,
        new_state,
        source="manual",
        source_detail=None,
        ip_address=None,
        user_agent=None,
        text=None,
        note=None,
        date=None,
    ):
        """Move consents to ``new_state`` and append one event each.

        :param str source: key of the event source selection
        :param text: ``gdpr.consent.text`` shown to the person (grants)
        :return: the consents that changed
        """
        if not self:
            return self
        self._gdpr_check_transition(new_state)
        now = date or fields.Datetime.now()
        if ip_address is None and user_agent is None:
            evidence = self._gdpr_request_evidence()
            ip_address = evidence.get("ip_address")
            user_agent = evidence.get("user_agent")
        old_states = {consent.id: consent.state for consent in self}
        vals = self._gdpr_state_vals(
            new_state, now, source, text, ip_address, user_agent
        )
        self._gdpr_write(vals)
        if new_state == "granted":
            self._gdpr_renew_expiry()
        if new_state in ("pending", "granted"):
            # a withdrawal, refusal or expiry never fails on other data
            self._gdpr_check_consistency()
        self._gdpr_append_events(
            [
                {
                    "consent_id": consent.id,
                    "old_state": old_states[consent.id],
                    "new_state": new_state,
                    "source": source,
                    "source_detail": source_detail,
                    "ip_address": ip_address,
                    "user_agent": user_agent,
                    "text_id": (text or consent.text_id).id
                    if new_state in ("granted", "pending")
                    else False,
                    "note": note,
                    "date": now,
                }
                for consent in self
            ]
        )
        if new_state == "granted":
            self._gdpr_sync_blacklist_on_grant()
        elif new_state == "withdrawn":
            self._gdpr_sync_blacklist_on_withdraw()
        return self

    def _gdpr_check_transition(self, new_state):
        if new_state not in dict(STATE_SELECTION):
            raise UserError(
                self.env._("Unknown consent state %(state)s.", state=new_state)
            )
        labels = dict(self._fields["state"]._description_selection(self.env))
        for consent in self:
            if new_state not in TRANSITIONS[consent.state]:
                raise UserError(
                    self.env._(
                        "The consent of %(partner)s for %(purpose)s (%(channel)s) "
                        "cannot change from %(old)s to %(new)s.",
                        partner=consent.partner_id.display_name,
                        purpose=consent.purpose_id.display_name,
                        channel=consent.channel_id.display_name,
                        old=labels[consent.state],
                        new=labels[new_state],
                    )
                )

    @api.model
    def _gdpr_state_vals(self, new_state, now, source, text, ip_address, user_agent):
        vals = {"state": new_state}
        if new_state != "pending":
            vals["doi_nonce"] = False
            vals["doi_expiry"] = False
        if new_state == "granted":
            vals.update(date_granted=now, date_withdrawn=False)
            if source == "double_opt_in":
                vals["date_confirmed"] = now
            if ip_address:
                vals["ip_address"] = ip_address
            if user_agent:
                vals["user_agent"] = user_agent
        elif new_state == "withdrawn":
            vals["date_withdrawn"] = now
        if text and new_state in ("granted", "pending"):
            vals["text_id"] = text.id
        return vals

    def _gdpr_append_events(self, vals_list):
        consents = {consent.id: consent for consent in self}
        for vals in vals_list:
            consent = consents[vals["consent_id"]]
            text = self.env["gdpr.consent.text"].browse(vals.get("text_id"))
            vals.update(
                partner_id=consent.partner_id.id,
                purpose_id=consent.purpose_id.id,
                channel_id=consent.channel_id.id,
                user_id=self.env.user.id,
                text_version=text.version if text else 0,
            )
            for key in ("ip_address", "user_agent", "source_detail"):
                if vals.get(key):
                    vals[key] = vals[key][:255]
        events = self.env["gdpr.consent.event"].sudo().create(vals_list)
        # newest first in the history, as everywhere else
        self.invalidate_recordset(["event_ids"])
        return events
