# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
import re
import time

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, consteq, email_normalize

from .gdpr_consent import gdpr_days_param, gdpr_sign

PREFERENCE_DAYS_PARAM = "gdpr_consent.preference_link_validity_days"
PREFERENCE_DAYS_DEFAULT = 365
# '<expiry>-<signature>': ASCII digits and hex only, checked before comparing
PREFERENCE_TOKEN_RE = re.compile(r"([0-9]{1,12})-([0-9a-f]{64})")
OBJECTION_FIELDS = {"gdpr_advertising_objection", "gdpr_objection_date"}


class ResPartner(models.Model):
    _inherit = "res.partner"

    gdpr_consent_ids = fields.One2many(
        "gdpr.consent",
        "partner_id",
        string="Consents",
        groups="gdpr_segments.group_gdpr_user",
    )
    gdpr_consent_count = fields.Integer(
        string="Consent Count",
        compute="_compute_gdpr_consent_count",
        groups="gdpr_segments.group_gdpr_user",
    )
    gdpr_consent_granted = fields.Char(
        string="Granted Consents",
        compute="_compute_gdpr_consent_granted",
        search="_search_gdpr_consent_granted",
        groups="gdpr_segments.group_gdpr_user",
        help="Granted, unexpired consents as 'purpose_code:channel_code'. "
        "Searchable in SQL, e.g. [('gdpr_consent_granted', '=', "
        "'newsletter:email')] in a mailing domain.",
    )
    gdpr_advertising_objection = fields.Boolean(
        string="Objected to Advertising",
        copy=False,
        groups="gdpr_segments.group_gdpr_user",
        help="The person objected to all advertising (Art. 21 GDPR).",
    )
    gdpr_objection_date = fields.Datetime(
        string="Objection Date",
        copy=False,
        readonly=True,
        groups="gdpr_segments.group_gdpr_user",
    )
    # gdpr_segments says "held for a marketing purpose"; what sales staff
    # need is whether the person may be contacted: a consent, no objection.
    gdpr_marketing_allowed = fields.Boolean(
        string="Advertising Allowed",
        help="The contact holds a granted, unexpired consent for an "
        "advertising purpose on at least one channel and did not object to "
        "advertising (Art. 21 GDPR).",
    )
    gdpr_advertising_channel_ids = fields.Many2many(
        "gdpr.channel",
        string="Advertising Allowed On",
        compute="_compute_gdpr_marketing_allowed",
        groups="gdpr_segments.group_gdpr_user",
        help="Channels with a granted, unexpired consent for an advertising "
        "purpose; empty after an objection.",
    )
    gdpr_preference_url = fields.Char(
        string="Preference Center Link",
        compute="_compute_gdpr_preference_url",
        compute_sudo=True,
        help="Personal link to the public preference center. Use it in email "
        "templates as {{ object.gdpr_preference_url }} (partner templates) "
        "or link to /gdpr/preferences in a mailing.",
    )

    def _compute_gdpr_consent_count(self):
        counts = dict(
            self.env["gdpr.consent"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.gdpr_consent_count = counts.get(partner, 0)

    def _compute_gdpr_consent_granted(self):
        consents = self.env["gdpr.consent"].search(
            [("partner_id", "in", self.ids), ("is_valid", "=", True)]
        )
        keys = {}
        for consent in consents:
            keys.setdefault(consent.partner_id.id, []).append(
                f"{consent.purpose_id.code}:{consent.channel_id.code}"
            )
        for partner in self:
            partner.gdpr_consent_granted = ",".join(sorted(keys.get(partner.id, [])))

    def _search_gdpr_consent_granted(self, operator, value):
        """Partners holding a granted, unexpired consent, as one sub-select.

        Values are 'purpose_code:channel_code' (a list with 'in'); a bare
        purpose code matches any channel.
        """
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(
                self.env._(
                    "Search on granted consents supports =, !=, in and not in "
                    "with values like 'newsletter:email'."
                )
            )
        values = [value] if isinstance(value, str) else list(value or [])
        Consent = self.env["gdpr.consent"].sudo()
        conditions = []
        for key in values:
            purpose_code, _sep, channel_code = str(key).partition(":")
            condition = [("purpose_id.code", "=", purpose_code)]
            if channel_code:
                condition.append(("channel_id.code", "=", channel_code))
            conditions.append(condition)
        if not conditions:
            query_domain = [("id", "=", 0)]
        else:
            query_domain = ["|"] * (len(conditions) - 1)
            for condition in conditions:
                query_domain += ["&"] * (len(condition) - 1) + condition
        query = Consent._search([("is_valid", "=", True)] + query_domain)
        negative = operator in ("!=", "not in")
        return [("id", "not in" if negative else "in", query.subselect("partner_id"))]

    @api.depends(
        "gdpr_consent_ids.state",
        "gdpr_consent_ids.date_expiry",
        "gdpr_consent_ids.channel_id",
        "gdpr_consent_ids.purpose_id.is_marketing",
        "gdpr_advertising_objection",
    )
    def _compute_gdpr_marketing_allowed(self):
        consents = (
            self.env["gdpr.consent"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", self._origin.ids),
                    ("is_valid", "=", True),
                    ("purpose_id.is_marketing", "=", True),
                ]
            )
        )
        channels = {partner.id: self.env["gdpr.channel"] for partner in self._origin}
        for consent in consents:
            channels[consent.partner_id.id] |= consent.channel_id
        for partner in self:
            allowed = self.env["gdpr.channel"]
            if not partner.sudo().gdpr_advertising_objection:
                allowed = channels.get(partner._origin.id, allowed)
            partner.gdpr_advertising_channel_ids = allowed.sorted()
            partner.gdpr_marketing_allowed = bool(allowed)

    def _search_gdpr_marketing_allowed(self, operator, value):
        """Contacts that may receive advertising, as one sub-select: a
        granted, unexpired consent for an advertising purpose, no objection."""
        if operator not in ("=", "!="):
            raise UserError(
                self.env._("Search on 'Advertising Allowed' supports = and != only.")
            )
        self.env["gdpr.consent"].flush_model(
            ["partner_id", "purpose_id", "state", "date_expiry"]
        )
        self.env["gdpr.purpose"].flush_model(["is_marketing"])
        self.flush_model(["gdpr_advertising_objection"])
        allowed = SQL(
            """(
                SELECT c.partner_id
                  FROM gdpr_consent c
                  JOIN gdpr_purpose pu ON pu.id = c.purpose_id
                  JOIN res_partner p ON p.id = c.partner_id
                 WHERE c.state = 'granted'
                   AND (c.date_expiry IS NULL OR c.date_expiry >= %(today)s)
                   AND pu.is_marketing
                   AND p.gdpr_advertising_objection IS NOT TRUE
            )""",
            today=fields.Date.context_today(self),
        )
        positive = (operator == "=") == bool(value)
        return [("id", "in" if positive else "not in", allowed)]

    def _gdpr_has_consent(self, purpose, channel):
        """True when the partner holds a granted, unexpired consent.

        :param purpose: ``gdpr.purpose`` record or its code
        :param channel: ``gdpr.channel`` record or its code
        """
        self.ensure_one()
        purpose = self.env["gdpr.purpose"]._gdpr_get_by_code(purpose)
        channel = self.env["gdpr.channel"]._gdpr_get_by_code(channel)
        if not purpose:
            return False
        return bool(
            self.env["gdpr.consent"]
            .sudo()
            .search_count(
                [
                    ("partner_id", "=", self.id),
                    ("purpose_id", "=", purpose.id),
                    ("channel_id", "=", channel.id),
                    ("is_valid", "=", True),
                ],
                limit=1,
            )
        )

    # ------------------------------------------------------------------
    # Preference center link
    # ------------------------------------------------------------------

    @api.model
    def _gdpr_preference_days(self):
        return gdpr_days_param(self.env, PREFERENCE_DAYS_PARAM, PREFERENCE_DAYS_DEFAULT)

    def _gdpr_preference_signature(self, expiry):
        self.ensure_one()
        return gdpr_sign(
            self.env,
            "gdpr_consent.preferences",
            self.id,
            email_normalize(self.email) or "",
            int(expiry),
        )

    def _gdpr_preference_token(self):
        """Token '<expiry>-<signature>'; the expiry is rounded to the day so
        that all links sent on one day are the same."""
        self.ensure_one()
        day = 86400
        expiry = (int(time.time()) // day + 1 + self._gdpr_preference_days()) * day
        return f"{expiry}-{self._gdpr_preference_signature(expiry)}"

    def _gdpr_check_preference_token(self, token):
        self.ensure_one()
        match = isinstance(token, str) and PREFERENCE_TOKEN_RE.fullmatch(token)
        if not match:
            return False
        expiry, signature = match.groups()
        valid = consteq(self._gdpr_preference_signature(int(expiry)), signature)
        return valid and int(expiry) > time.time()

    def _compute_gdpr_preference_url(self):
        for partner in self:
            if not partner.id:
                partner.gdpr_preference_url = False
                continue
            partner.gdpr_preference_url = (
                f"{partner.get_base_url()}/gdpr/preferences/{partner.id}/"
                f"{partner._gdpr_preference_token()}"
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_gdpr_record_consent(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record Consent"),
            "res_model": "gdpr.consent.record.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.id},
        }

    def action_gdpr_object_to_advertising(self):
        """Record an objection the person made (e.g. on the phone): any user
        may, since it only ever stops advertising."""
        self.check_access("write")
        self._gdpr_object_to_advertising(source="objection")
        return True

    def action_gdpr_view_consents(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "gdpr_consent.action_gdpr_consent"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    # ------------------------------------------------------------------
    # Objection (Art. 21): the one implementation, see gdpr_segments
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        # The objection is recorded by the service, with its events and
        # blacklist entries, also when it comes with an import or over RPC.
        objecting = []
        for vals in vals_list:
            objecting.append(bool(vals.pop("gdpr_advertising_objection", False)))
            if "gdpr_objection_date" in vals and not self.env.su:
                raise UserError(self._gdpr_objection_date_message())
            vals.pop("gdpr_objection_date", None)
        partners = super().create(vals_list)
        flags = zip(partners, objecting, strict=True)
        objected = partners.browse([partner.id for partner, flag in flags if flag])
        if objected:
            objected._gdpr_object_to_advertising(source=self._gdpr_write_source())
        return partners

    def write(self, vals):
        if not OBJECTION_FIELDS & vals.keys():
            return super().write(vals)
        if "gdpr_objection_date" in vals and not self.env.su:
            raise UserError(self._gdpr_objection_date_message())
        # the caller must be allowed to write the contact and the field, as
        # for any other write; the service then runs as superuser
        self.check_access("write")
        self.check_field_access_rights("write", list(OBJECTION_FIELDS & vals.keys()))
        vals = dict(vals)
        objection = vals.pop("gdpr_advertising_objection", None)
        vals.pop("gdpr_objection_date", None)
        res = super().write(vals) if vals else True
        if objection:
            new = self.filtered(lambda p: not p.sudo().gdpr_advertising_objection)
            new._gdpr_object_to_advertising(source=self._gdpr_write_source())
        elif objection is not None:
            self._gdpr_lift_objection()
        return res

    def _gdpr_objection_date_message(self):
        return self.env._(
            "The date of an objection is recorded when the objection is "
            "recorded and cannot be set or changed."
        )

    def _gdpr_emails(self):
        """Normalized email addresses of these partners."""
        return {email for email in map(email_normalize, self.mapped("email")) if email}

    def _gdpr_phone_numbers(self):
        """Phone numbers of these partners as the phone blacklist stores them."""
        numbers = set()
        for partner in self:
            for fname in partner._phone_get_number_fields():
                number = partner._phone_format(fname=fname)
                if number:
                    numbers.add(number)
        return numbers

    def _gdpr_write_source(self):
        return "import" if self.env.context.get("import_file") else "manual"

    def _gdpr_write_objection(self, vals):
        # the only writer of the objection fields: bypasses the guard above
        return super(ResPartner, self.sudo()).write(vals)

    def _gdpr_object_to_advertising(self, source="objection", source_detail=None):
        """Art. 21 GDPR: no advertising on any channel any more.

        Extends gdpr_segments (marketing purposes end): every consent on every
        channel is withdrawn, email and phones are blacklisted and the
        objection is flagged with its date.
        """
        assignments = super()._gdpr_object_to_advertising(
            source=source, source_detail=source_detail
        )
        detail = source_detail or self.env._(
            "Objection to all advertising (Art. 21 GDPR)"
        )
        consents = (
            self.env["gdpr.consent"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", self.ids),
                    ("state", "in", ("granted", "pending")),
                ]
            )
        )
        consents._gdpr_withdraw(source=source, source_detail=detail)
        message = Markup("<p>%s</p>") % self.env._(
            "Objection to all advertising (Art. 21 GDPR)."
        )
        partners = self.sudo()
        emails = sorted(partners._gdpr_emails())
        Blacklist = (
            self.env["mail.blacklist"]
            .sudo()
            .with_context(gdpr_consent_no_blacklist_sync=True)
        )
        for email in emails:
            Blacklist._add(email, message=message)
        numbers = sorted(partners._gdpr_phone_numbers())
        if numbers:
            self.env["phone.blacklist"].sudo().with_context(
                gdpr_consent_no_blacklist_sync=True
            )._add(numbers, message=message)
        partners._message_log_batch({partner.id: message for partner in partners})
        self._gdpr_write_objection(
            {
                "gdpr_advertising_objection": True,
                "gdpr_objection_date": fields.Datetime.now(),
            }
        )
        self.env["res.partner"].invalidate_model(
            ["is_blacklisted", "phone_blacklisted"]
        )
        return assignments

    def _gdpr_check_not_objected(self, lift_objection=False):
        """Before a new consent: an objection (Art. 21) blocks it unless the
        person acts themselves (``lift_objection``) or the DPO records it."""
        self.ensure_one()
        if not self.sudo().gdpr_advertising_objection:
            return
        if lift_objection or self.env["gdpr.dpo"]._is_dpo():
            self._gdpr_lift_objection()
            return
        raise UserError(
            self.env._(
                "%(partner)s objected to advertising on %(date)s. Only the "
                "person (in the preference center) or the data protection "
                "officer can lift the objection.",
                partner=self.display_name,
                date=fields.Datetime.context_timestamp(
                    self, self.sudo().gdpr_objection_date
                ).strftime("%Y-%m-%d"),
            )
        )

    def _gdpr_lift_objection(self):
        """The person consents again after an objection (only the person can:
        the preference center and the double opt-in confirmation call this;
        staff need the DPO)."""
        objected = self.sudo().filtered("gdpr_advertising_objection")
        if not objected:
            return self.browse()
        if not self.env.su:
            self.env["gdpr.dpo"]._check_dpo(
                self.env._(
                    "Only the person (in the preference center) or the data "
                    "protection officer can lift an objection to advertising."
                )
            )
        objected._gdpr_write_objection(
            {"gdpr_advertising_objection": False, "gdpr_objection_date": False}
        )
        message = Markup("<p>%s</p>") % self.env._(
            "Objection to advertising lifted: the person consented again."
        )
        objected._message_log_batch({partner.id: message for partner in objected})
        return objected
