# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from datetime import timedelta

from odoo import api, fields, models

from odoo.addons.gdpr_segments.models.gdpr_dashboard import DashboardCard

EXPIRY_WARNING_DAYS = 30


class GdprDashboard(models.AbstractModel):
    _inherit = "gdpr.dashboard"

    @api.model
    def _gdpr_dashboard_cards(self):
        cards = super()._gdpr_dashboard_cards()
        days = self.env["gdpr.consent"]._gdpr_double_opt_in_days()
        limit = fields.Datetime.now() - timedelta(days=days)
        today = fields.Date.context_today(self)
        cards += [
            DashboardCard(
                key="doi_stale",
                sequence=40,
                severity="warning",
                title=self.env._("Unconfirmed Double Opt-ins"),
                description=self.env._(
                    "Pending for longer than the link is valid (%(days)s days): "
                    "the person never confirmed",
                    days=days,
                ),
                model="gdpr.consent",
                domain=[
                    ("state", "=", "pending"),
                    ("doi_requested", "!=", False),
                    ("doi_requested", "<", limit),
                ],
                action="gdpr_consent.action_gdpr_consent_pending_doi",
            ),
            DashboardCard(
                key="consent_expiring",
                sequence=50,
                severity="warning",
                title=self.env._("Consents Expiring Soon"),
                description=self.env._(
                    "Granted consents that expire within %(days)s days",
                    days=EXPIRY_WARNING_DAYS,
                ),
                model="gdpr.consent",
                domain=[
                    ("state", "=", "granted"),
                    ("date_expiry", "!=", False),
                    ("date_expiry", "<=", today + timedelta(days=EXPIRY_WARNING_DAYS)),
                ],
                action="gdpr_consent.action_gdpr_consent_expiring",
            ),
        ]
        return cards
