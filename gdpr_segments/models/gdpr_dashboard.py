# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The data protection dashboard: what needs the attention of the people who
do the work, each figure a link to the list behind it."""

from dataclasses import dataclass, field

from odoo import api, models
from odoo.exceptions import UserError

from .gdpr_breach import OPEN_STATES as BREACH_OPEN_STATES

# Shown when a card counts something; a card counting nothing is "ok".
SEVERITIES = ("danger", "warning", "info")


@dataclass(frozen=True)
class DashboardCard:
    """One card: what it counts (model and domain, evaluated with the rights
    of the user who looks) and which list opens on a click."""

    key: str
    title: str
    model: str
    domain: list
    sequence: int = 100
    severity: str = "info"
    description: str = ""
    # XML id of the ir.actions.act_window whose views and help the list
    # uses; empty: the model's default list and form views.
    action: str = ""
    context: dict = field(default_factory=dict)


class GdprDashboard(models.AbstractModel):
    """Service behind the dashboard client action.

    Each addon adds the cards about its own data by extending
    `_gdpr_dashboard_cards()` with super(). Every count is one
    `search_count` as the current user: a card whose model the user may not
    read is left out, and record rules (purpose separation, companies) apply
    to the figure exactly as to the list it opens.
    """

    _name = "gdpr.dashboard"
    _description = "Data Protection Dashboard"

    @api.model
    def _gdpr_dashboard_cards(self):
        """The cards of this addon; extend with super() to add yours."""
        open_breaches = [("state", "in", BREACH_OPEN_STATES)]
        return [
            # Art. 33(1) GDPR: 72 hours after the discovery. Only the DPO may
            # read breaches, so only the DPO sees these cards.
            DashboardCard(
                key="breach_overdue",
                sequence=12,
                severity="danger",
                title=self.env._("Overdue Breach Notifications"),
                description=self.env._(
                    "Breaches discovered more than 72 hours ago, not yet notified"
                ),
                model="gdpr.breach",
                domain=[("is_overdue", "=", True)],
                action="gdpr_segments.action_gdpr_breach",
            ),
            DashboardCard(
                key="breach_to_notify",
                sequence=15,
                severity="warning",
                title=self.env._("Breaches to Notify"),
                description=self.env._(
                    "Breaches waiting for the notification of the supervisory "
                    "authority or the decision not to notify"
                ),
                model="gdpr.breach",
                domain=open_breaches,
                action="gdpr_segments.action_gdpr_breach",
            ),
            DashboardCard(
                key="third_country",
                sequence=60,
                title=self.env._("Third-Country Transfers"),
                description=self.env._(
                    "Disclosures to recipients outside the EU/EEA (Chapter V GDPR)"
                ),
                model="gdpr.disclosure",
                domain=[("is_third_country", "=", True)],
                action="gdpr_segments.action_gdpr_disclosure_third_country",
                context={"search_default_group_country": 1},
            ),
            DashboardCard(
                key="without_purpose",
                sequence=70,
                severity="warning",
                title=self.env._("Contacts without Purpose"),
                description=self.env._(
                    "Personal data kept for no recorded purpose (Art. 5(1)(b) GDPR)"
                ),
                model="res.partner",
                domain=[
                    ("gdpr_purpose_ids", "=", False),
                    ("is_company", "=", False),
                    ("user_ids", "=", False),
                ],
                action="gdpr_segments.action_gdpr_partner_without_purpose",
            ),
        ]

    @api.model
    def _gdpr_visible_cards(self):
        """The cards whose model the current user may read."""
        cards = [
            card
            for card in self._gdpr_dashboard_cards()
            if card.model in self.env and self.env[card.model].has_access("read")
        ]
        return sorted(cards, key=lambda card: (card.sequence, card.key))

    @api.model
    def _gdpr_card_details(self, card, count):
        """Extra lines under the count of a card (e.g. totals of the erasure
        log); override per card key. Only called for visible cards."""
        return []

    @api.model
    def get_cards(self):
        """Public: the cards of the current user, with their counts."""
        result = []
        for card in self._gdpr_visible_cards():
            count = self.env[card.model].search_count(card.domain)
            result.append(
                {
                    "key": card.key,
                    "title": card.title,
                    "description": card.description,
                    "count": count,
                    "severity": card.severity if count else "ok",
                    "details": self._gdpr_card_details(card, count) if count else [],
                }
            )
        return result

    @api.model
    def action_open_card(self, key):
        """Public: the list behind a card, filtered by the card's domain, so
        that it shows exactly the records the card counted."""
        card = next(
            (card for card in self._gdpr_visible_cards() if card.key == key), None
        )
        if card is None:
            raise UserError(self.env._("This dashboard card does not exist."))
        if card.action:
            action = self.env["ir.actions.act_window"]._for_xml_id(card.action)
        else:
            action = {
                "type": "ir.actions.act_window",
                "res_model": card.model,
                "views": [(False, "list"), (False, "form")],
            }
        # The card's domain replaces the action's default filters, so that
        # the list and the figure agree; the web client titles the list with
        # display_name (set by _for_xml_id) before name.
        action.update(
            name=card.title,
            display_name=card.title,
            domain=card.domain,
            context=dict(card.context, create=False),
        )
        return action
