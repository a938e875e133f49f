# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
import logging
import threading
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL, split_every

_logger = logging.getLogger(__name__)


class GdprConsent(models.Model):
    """Validity of consents: expiry after the purpose's validity, renewal by
    use, the daily expiry job, and the SQL filter of valid consents."""

    _inherit = "gdpr.consent"

    def _gdpr_compute_expiry(self, start=None):
        self.ensure_one()
        months = self.purpose_id.consent_validity_months
        if not months:
            return False
        start = start or fields.Date.context_today(self)
        return start + relativedelta(months=months)

    def _gdpr_renew_expiry(self):
        """A grant or a use starts the validity period again."""
        by_purpose = defaultdict(lambda: self.browse())
        for consent in self:
            by_purpose[consent.purpose_id] |= consent
        today = fields.Date.context_today(self)
        for consents in by_purpose.values():
            expiry = consents[0]._gdpr_compute_expiry(today)
            consents._gdpr_write({"date_expiry": expiry})

    # ------------------------------------------------------------------
    # Cron
    # ------------------------------------------------------------------

    @api.model
    def _gdpr_expiry_domain(self):
        return [
            "|",
            "&",
            ("state", "=", "granted"),
            ("date_expiry", "<", fields.Date.context_today(self)),
            "&",
            ("state", "=", "pending"),
            ("doi_expiry", "<", fields.Datetime.now()),
        ]

    @api.model
    def _cron_gdpr_consent_expiry(self, batch_size=1000):
        """Expire consents past their validity and unconfirmed requests past
        their link expiry, in batches, with one event per consent."""
        consents = self.sudo().search(self._gdpr_expiry_domain(), order="id")
        total = len(consents)
        done = 0
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        for batch in split_every(batch_size, consents.ids, self.sudo().browse):
            batch._gdpr_set_state(
                "expired", source="cron", note=self.env._("Validity period ended.")
            )
            done += len(batch)
            self.env["ir.cron"]._notify_progress(done=done, remaining=total - done)
            if auto_commit:
                # each batch is complete on its own: keep it if a later batch fails
                self.env.cr.commit()  # pylint: disable=invalid-commit
        _logger.info("GDPR consent expiry: %s consents expired", done)
        return done

    # ------------------------------------------------------------------
    # Mass mailing use
    # ------------------------------------------------------------------

    @api.model
    def _gdpr_granted_address_sql(self, purpose, channels, partner_field):
        """Sub-select of the partner addresses (``partner_field``, e.g.
        ``email_normalized`` or ``phone_sanitized``) holding a granted,
        unexpired consent for ``purpose`` on ``channels``: the set-based
        mailing filter, evaluated by PostgreSQL whatever the audience size."""
        self.env["gdpr.consent"].flush_model(
            ["partner_id", "purpose_id", "channel_id", "state", "date_expiry"]
        )
        self.env["res.partner"].flush_model(
            [partner_field, "active", "gdpr_advertising_objection"]
        )
        column = SQL.identifier("p", partner_field)
        return SQL(
            """(
                SELECT %(column)s
                  FROM gdpr_consent c
                  JOIN res_partner p ON p.id = c.partner_id
                 WHERE c.purpose_id = %(purpose)s
                   AND c.channel_id IN %(channels)s
                   AND c.state = 'granted'
                   AND (c.date_expiry IS NULL OR c.date_expiry >= %(today)s)
                   AND p.active
                   AND p.gdpr_advertising_objection IS NOT TRUE
                   AND %(column)s IS NOT NULL
            )""",
            column=column,
            purpose=purpose.id,
            channels=tuple(channels.ids) or (0,),
            today=fields.Date.context_today(self),
        )

    @api.model
    def _gdpr_granted_email_sql(self, purpose, channels):
        return self._gdpr_granted_address_sql(purpose, channels, "email_normalized")

    def _gdpr_mark_used(self):
        """A consent that is used stays valid: push its expiry forward."""
        today = fields.Date.context_today(self)
        for purpose, consents in self.grouped("purpose_id").items():
            months = purpose.consent_validity_months
            vals = {"date_last_use": fields.Datetime.now()}
            if months:
                vals["date_expiry"] = today + relativedelta(months=months)
            consents._gdpr_write(vals)
        return True
