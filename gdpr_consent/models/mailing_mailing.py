# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
import logging

from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# failure type of mass_mailing (mass_mailing_sms) for a recipient without address
MISSING_ADDRESS_FAILURE = {"mail": "mail_email_missing", "sms": "sms_number_missing"}

# mailing type -> (channel code, field holding the address on the recipient
# model and on res.partner); "sms" is used when mass_mailing_sms is installed
CHANNEL_BY_MAILING_TYPE = {
    "mail": ("email", "email_normalized"),
    "sms": ("sms", "phone_sanitized"),
}


class MailingMailing(models.Model):
    _inherit = "mailing.mailing"

    def _default_gdpr_purpose_id(self):
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("gdpr_consent.default_mailing_purpose_id")
        )
        purpose = self.env["gdpr.purpose"].browse(int(value)) if value else None
        return purpose.exists().id if purpose else False

    gdpr_purpose_id = fields.Many2one(
        "gdpr.purpose",
        string="Purpose",
        default=lambda self: self._default_gdpr_purpose_id(),
        ondelete="restrict",
        index="btree_not_null",
        tracking=True,
        help="Processing purpose of this mailing. For advertising purposes and "
        "purposes based on consent, only recipients holding a granted, "
        "unexpired consent for this purpose on the mailing's channel receive "
        "it, whatever the recipient filter says.",
    )
    gdpr_consent_required = fields.Boolean(
        string="Consent Required", compute="_compute_gdpr_consent_required"
    )
    gdpr_excluded_count = fields.Integer(
        string="Excluded for Missing Consent",
        compute="_compute_gdpr_excluded_count",
    )
    # before sending: what the consent filter will do to the audience
    gdpr_recipient_count = fields.Integer(
        string="Recipients with Consent",
        compute="_compute_gdpr_audience_counts",
        help="Recipients of the filter with an address and, where the purpose "
        "needs it, a granted consent: they receive the mailing.",
    )
    gdpr_missing_consent_count = fields.Integer(
        string="Excluded for Missing Consent (Preview)",
        compute="_compute_gdpr_audience_counts",
        help="Recipients of the filter with an address but no granted consent "
        "for the purpose on the mailing's channel: they will not receive it.",
    )
    gdpr_missing_address_count = fields.Integer(
        string="Without Address",
        compute="_compute_gdpr_audience_counts",
        help="Recipients of the filter without an email address (or phone "
        "number for SMS): nothing can be sent to them, consent or not.",
    )

    @api.depends("gdpr_purpose_id", "mailing_type")
    def _compute_gdpr_consent_required(self):
        for mailing in self:
            mailing.gdpr_consent_required = bool(
                mailing.gdpr_purpose_id
                and mailing.gdpr_purpose_id._gdpr_requires_consent()
            )

    def _compute_gdpr_excluded_count(self):
        counts = dict(
            self.env["mailing.trace"]._read_group(
                [
                    ("mass_mailing_id", "in", self.ids),
                    ("failure_type", "=", "gdpr_no_consent"),
                ],
                ["mass_mailing_id"],
                ["__count"],
            )
        )
        for mailing in self:
            mailing.gdpr_excluded_count = counts.get(mailing, 0)

    @api.depends(
        "mailing_model_id",
        "mailing_domain",
        "contact_list_ids",
        "gdpr_purpose_id",
        "mailing_type",
    )
    def _compute_gdpr_audience_counts(self):
        for mailing in self:
            counts = mailing._gdpr_audience_counts()
            mailing.gdpr_recipient_count = counts[0]
            mailing.gdpr_missing_consent_count = counts[1]
            mailing.gdpr_missing_address_count = counts[2]

    def _gdpr_audience_counts(self):
        """(recipients, excluded for missing consent, without address) of the
        audience as the user defined it, in one counting query."""
        self.ensure_one()
        _channel_code, key_field = CHANNEL_BY_MAILING_TYPE.get(
            self.mailing_type, (None, None)
        )
        if not self.mailing_model_real:
            return (0, 0, 0)
        target = self.env[self.mailing_model_real].with_context(active_test=True)
        if key_field not in target._fields:
            return (0, 0, 0)
        query = target._search(self._gdpr_audience_domain())
        target.flush_model([key_field])
        key = SQL.identifier(query.table, key_field)
        consent_domain = self._gdpr_consent_domain()
        if not consent_domain:
            excluded = SQL("0")
        elif consent_domain[0][0] == key_field:
            excluded = SQL(
                "COUNT(*) FILTER (WHERE %s IS NOT NULL AND %s NOT IN %s)",
                key,
                key,
                consent_domain[0][2],
            )
        else:
            # the filter fails closed (no such channel): nobody has consent
            excluded = SQL("COUNT(*) FILTER (WHERE %s IS NOT NULL)", key)
        row = self.env.execute_query(
            query.select(
                SQL("COUNT(*) FILTER (WHERE %s IS NOT NULL)", key),
                excluded,
                SQL("COUNT(*) FILTER (WHERE %s IS NULL)", key),
            )
        )[0]
        with_address, missing_consent, missing_address = row
        return (with_address - missing_consent, missing_consent, missing_address)

    def _gdpr_missing_consent_domain(self):
        """Domain (JSON-safe, for a list) of the audience with an address but
        no granted consent: the people the count excludes."""
        self.ensure_one()
        channel_code, key_field = CHANNEL_BY_MAILING_TYPE.get(
            self.mailing_type, (None, None)
        )
        if not self.gdpr_consent_required or not key_field:
            return [("id", "=", 0)]
        return expression.AND(
            [
                self._gdpr_audience_domain(),
                [
                    (key_field, "!=", False),
                    (
                        "gdpr_address_consent",
                        "!=",
                        f"{self.gdpr_purpose_id.code}:{channel_code}",
                    ),
                ],
            ]
        )

    def action_view_gdpr_missing_consent(self):
        """Before sending: list the recipients excluded for missing consent."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Excluded for Missing Consent"),
            "res_model": self.mailing_model_real,
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": self._gdpr_missing_consent_domain(),
            "context": {"create": False},
        }

    # ------------------------------------------------------------------
    # Consent filter
    # ------------------------------------------------------------------

    def _gdpr_consent_domain(self):
        """Domain on the recipients model keeping only recipients with a
        granted, unexpired consent for the mailing's purpose and channel.

        Empty list when the mailing needs no consent. The domain holds one SQL
        sub-select, so it is evaluated by PostgreSQL whatever the size of the
        audience. Models without a normalized address fail closed.
        """
        self.ensure_one()
        if not self.gdpr_consent_required:
            return []
        channel_code, key_field = CHANNEL_BY_MAILING_TYPE.get(
            self.mailing_type, (None, None)
        )
        channels = self.env["gdpr.channel"].search([("code", "=", channel_code)])
        target = self.env[self.mailing_model_real]
        if not channels or key_field not in target._fields:
            return [("id", "=", 0)]
        subselect = self.env["gdpr.consent"]._gdpr_granted_address_sql(
            self.gdpr_purpose_id, channels, key_field
        )
        return [(key_field, "in", subselect)]

    def _get_recipients_domain(self):
        # Applied on top of whatever the user wrote in the domain, at sending
        # time: editing the mailing domain cannot bypass the consent filter.
        domain = super()._get_recipients_domain()
        consent_domain = self._gdpr_consent_domain()
        if consent_domain:
            domain = expression.AND([domain, consent_domain])
        return domain

    def _gdpr_audience_domain(self):
        """The recipients as the user defined them, before the consent filter."""
        return super()._get_recipients_domain()  # pylint: disable=super-method-mismatch

    def _gdpr_excluded_query(self, res_ids=None):
        """Query of the recipients the consent filter removes and that have
        no trace for this mailing yet."""
        self.ensure_one()
        target = self.env[self.mailing_model_real].with_context(active_test=True)
        _channel_code, key_field = CHANNEL_BY_MAILING_TYPE.get(
            self.mailing_type, (None, "email_normalized")
        )
        consent_domain = self._gdpr_consent_domain()
        if res_ids is not None:
            base_domain = [("id", "in", list(res_ids))]
        else:
            base_domain = self._gdpr_audience_domain()
        if consent_domain and consent_domain[0][0] == key_field:
            not_consented = [
                "|",
                (key_field, "=", False),
                (key_field, "not in", consent_domain[0][2]),
            ]
        else:
            not_consented = []
        traced = (
            self.env["mailing.trace"]
            .sudo()
            ._search([("mass_mailing_id", "=", self.id), ("model", "=", target._name)])
        )
        return target._search(
            expression.AND(
                [
                    base_domain,
                    not_consented,
                    [("id", "not in", traced.subselect("res_id"))],
                ]
            )
        )

    def _gdpr_record_consent_exclusions(self, res_ids=None):
        """Write one cancelled trace with the reason 'No consent (GDPR)' per
        excluded recipient, in one INSERT ... SELECT, so that the mailing
        statistics show how many people were left out and why.

        :return: number of new exclusion traces
        """
        count = 0
        for mailing in self:
            if not mailing.gdpr_consent_required:
                continue
            target = self.env[mailing.mailing_model_real]
            query = mailing._gdpr_excluded_query(res_ids)
            # raw INSERT ... SELECT: pending ORM writes must reach the database
            target.flush_model()
            self.env["mailing.trace"].flush_model()
            self.env.cr.execute(
                SQL(
                    """
                    INSERT INTO mailing_trace (
                        trace_type, mass_mailing_id, campaign_id, model, res_id,
                        email, trace_status, failure_type, failure_reason,
                        create_uid, create_date, write_uid, write_date
                    )
                    %(select)s
                    """,
                    select=query.select(mailing._gdpr_exclusion_columns(query)),
                )
            )
            count += self.env.cr.rowcount
            _logger.info(
                "Mailing %s: %s recipients excluded for missing consent",
                mailing.id,
                self.env.cr.rowcount,
            )
        if count:
            self.env["mailing.trace"].invalidate_model()
            self.invalidate_recordset()
        return count

    def _gdpr_exclusion_columns(self, query):
        """The trace columns of each excluded recipient of ``query``.
        Recipients without an address are not excluded for missing consent:
        they are recorded as mass_mailing records them."""
        self.ensure_one()
        target = self.env[self.mailing_model_real]
        alias = query.table
        email_sql = (
            SQL.identifier(alias, "email_normalized")
            if "email_normalized" in target._fields
            else SQL("NULL")
        )
        _channel_code, key_field = CHANNEL_BY_MAILING_TYPE.get(
            self.mailing_type, (None, None)
        )
        no_address = (
            SQL("%s IS NULL", SQL.identifier(alias, key_field))
            if key_field in target._fields
            else SQL("FALSE")
        )
        return SQL(
            "%s, %s, %s, %s, %s, %s, 'cancel', "
            "CASE WHEN %s THEN %s ELSE 'gdpr_no_consent' END, "
            "CASE WHEN %s THEN %s ELSE %s END, "
            "%s, NOW() AT TIME ZONE 'UTC', %s, "
            "NOW() AT TIME ZONE 'UTC'",
            self.mailing_type,
            self.id,
            self.campaign_id.id or None,
            target._name,
            SQL.identifier(alias, "id"),
            email_sql,
            no_address,
            MISSING_ADDRESS_FAILURE.get(self.mailing_type, "mail_email_missing"),
            no_address,
            self.env._("No address to send to"),
            self.env._(
                "No granted consent for the purpose %(purpose)s",
                purpose=self.gdpr_purpose_id.display_name,
            ),
            self.env.uid,
            self.env.uid,
        )

    def _get_remaining_recipients(self):
        # Record the exclusions first: also when nobody is left to send to, the
        # statistics must show who was excluded and why.
        self._gdpr_record_consent_exclusions()
        return super()._get_remaining_recipients()

    def _action_send_mail(self, res_ids=None):
        for mailing in self:
            if not mailing.gdpr_consent_required:
                super(MailingMailing, mailing)._action_send_mail(res_ids=res_ids)
                continue
            allowed = None
            if res_ids:
                # explicit recipients go through the same consent filter
                excluded = mailing._gdpr_record_consent_exclusions(res_ids)
                allowed = (
                    self.env[mailing.mailing_model_real]
                    .search(
                        expression.AND(
                            [
                                [("id", "in", list(res_ids))],
                                mailing._gdpr_consent_domain(),
                            ]
                        )
                    )
                    .ids
                )
            else:
                excluded = mailing._gdpr_record_consent_exclusions()
                allowed = mailing._get_remaining_recipients()
            if not allowed and excluded:
                # everybody lacked consent: the mailing is done, nobody mailed
                mailing.write(
                    {
                        "state": "done",
                        "sent_date": fields.Datetime.now(),
                        "kpi_mail_required": not mailing.sent_date,
                    }
                )
                continue
            super(MailingMailing, mailing)._action_send_mail(res_ids=allowed or None)
            mailing._gdpr_mark_consents_used()
        return True

    def _gdpr_mark_consents_used(self):
        """Consents used by a sent mailing stay valid (validity counted from
        the last use)."""
        self.ensure_one()
        if self.mailing_type != "mail":
            return
        channel_code, _key = CHANNEL_BY_MAILING_TYPE["mail"]
        traces = (
            self.env["mailing.trace"]
            .sudo()
            ._search(
                [
                    ("mass_mailing_id", "=", self.id),
                    ("trace_status", "not in", ("cancel", "error", "bounce")),
                    ("email", "!=", False),
                ]
            )
        )
        consents = (
            self.env["gdpr.consent"]
            .sudo()
            .search(
                [
                    ("purpose_id", "=", self.gdpr_purpose_id.id),
                    ("channel_id.code", "=", channel_code),
                    ("state", "=", "granted"),
                    ("partner_id.email_normalized", "in", traces.subselect("email")),
                ]
            )
        )
        consents._gdpr_mark_used()

    def action_view_gdpr_excluded(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mass_mailing.mailing_trace_action"
        )
        action["domain"] = [
            ("mass_mailing_id", "=", self.id),
            ("failure_type", "=", "gdpr_no_consent"),
        ]
        action["context"] = {}
        return action
