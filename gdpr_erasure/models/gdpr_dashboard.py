# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from datetime import timedelta

from odoo import api, fields, models

from odoo.addons.gdpr_segments.models.gdpr_dashboard import DashboardCard

REQUEST_DUE_SOON_DAYS = 7
RECENT_ERASURE_DAYS = 30
OPEN_REQUEST_STATES = ("new", "verified")


class GdprDashboard(models.AbstractModel):
    _inherit = "gdpr.dashboard"

    @api.model
    def _gdpr_dashboard_cards(self):
        cards = super()._gdpr_dashboard_cards()
        today = fields.Date.context_today(self)
        notice = self.env.company.gdpr_retention_notice_days or 14
        open_requests = [("state", "in", OPEN_REQUEST_STATES)]
        request_action = "gdpr_erasure.action_gdpr_request"
        cards += [
            # Art. 12(3) GDPR: one month, extendable by two.
            DashboardCard(
                key="request_overdue",
                sequence=10,
                severity="danger",
                title=self.env._("Overdue Requests"),
                description=self.env._(
                    "Open data-subject requests past their deadline"
                ),
                model="gdpr.request",
                domain=[*open_requests, ("date_deadline", "<", today)],
                action=request_action,
            ),
            DashboardCard(
                key="request_due_soon",
                sequence=20,
                severity="warning",
                title=self.env._("Requests Due Soon"),
                description=self.env._(
                    "Open requests whose deadline is within %(days)s days",
                    days=REQUEST_DUE_SOON_DAYS,
                ),
                model="gdpr.request",
                domain=[
                    *open_requests,
                    ("date_deadline", ">=", today),
                    (
                        "date_deadline",
                        "<=",
                        today + timedelta(days=REQUEST_DUE_SOON_DAYS),
                    ),
                ],
                action=request_action,
            ),
            DashboardCard(
                key="request_open",
                sequence=25,
                title=self.env._("Open Requests"),
                description=self.env._("All data-subject requests not yet closed"),
                model="gdpr.request",
                domain=open_requests,
                action=request_action,
            ),
            # Art. 5(1)(e) GDPR: storage limitation.
            DashboardCard(
                key="retention_proposal",
                sequence=30,
                severity="warning",
                title=self.env._("Erasure Proposals to Decide"),
                description=self.env._(
                    "Contacts whose purposes have all ended wait for approval"
                ),
                model="gdpr.retention.proposal",
                domain=[("state", "=", "proposed")],
                action="gdpr_erasure.action_gdpr_retention_proposal",
            ),
            DashboardCard(
                key="retention_due_soon",
                sequence=35,
                title=self.env._("Contacts Due for Erasure Soon"),
                description=self.env._(
                    "Their last purpose ends within the notice period (%(days)s days)",
                    days=notice,
                ),
                model="gdpr.retention.due",
                domain=[
                    ("date_due", ">=", today),
                    ("date_due", "<", today + timedelta(days=notice)),
                ],
            ),
            DashboardCard(
                key="erasure_recent",
                sequence=80,
                title=self.env._("Recent Erasures"),
                description=self.env._(
                    "Erasure log entries of the last %(days)s days",
                    days=RECENT_ERASURE_DAYS,
                ),
                model="gdpr.erasure.log",
                domain=[
                    (
                        "date",
                        ">=",
                        fields.Datetime.now() - timedelta(days=RECENT_ERASURE_DAYS),
                    )
                ],
                action="gdpr_erasure.action_gdpr_erasure_log",
            ),
        ]
        return cards

    @api.model
    def _gdpr_card_details(self, card, count):
        details = super()._gdpr_card_details(card, count)
        if card.key != "erasure_recent":
            return details
        # What the log proves today, summed in SQL; a verification of the
        # erasure adds its own line here.
        [(erased, anonymized, restricted, files)] = self.env[
            "gdpr.erasure.log"
        ]._read_group(
            card.domain,
            aggregates=[
                "partner_count:sum",
                "anonymized_count:sum",
                "restricted_count:sum",
                "file_count:sum",
            ],
        )
        details.append(
            self.env._(
                "Contacts: %(contacts)s (anonymized: %(anonymized)s, restricted "
                "under legal hold: %(restricted)s), files removed: %(files)s",
                contacts=erased or 0,
                anonymized=anonymized or 0,
                restricted=restricted or 0,
                files=files or 0,
            )
        )
        return details
