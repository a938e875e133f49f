# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Consents and purposes agree: a granted consent is the legal basis of its
purpose for the person (Art. 6(1)(a) GDPR), and the purpose ends when no
consent is left (Art. 7(3)). Every state change of a consent goes through
:meth:`_gdpr_set_state` or ``create``, so this is the one place for it."""

from odoo import api, models
from odoo.tools import SQL

# Consent source -> origin of the data (gdpr_segments' ``origin_type``)
SOURCE_TO_ORIGIN = {
    "web_form": "web_form",
    "preference_center": "web_form",
    "phone": "inquiry",
    "email": "inquiry",
    "written": "data_subject",
    "event": "event",
    "import": "import",
    "api": "other",
}
# states after which a consent no longer supports its purpose
ENDING_STATES = ("withdrawn", "refused", "expired")


class GdprConsent(models.Model):
    _inherit = "gdpr.consent"

    @api.model_create_multi
    def create(self, vals_list):
        consents = super().create(vals_list)
        consents.filtered(lambda c: c.state == "granted")._gdpr_activate_purposes()
        return consents

    def _gdpr_set_state(self, new_state, *args, **kwargs):
        changed = super()._gdpr_set_state(new_state, *args, **kwargs)
        if new_state == "granted":
            changed._gdpr_activate_purposes()
        elif new_state in ENDING_STATES:
            changed._gdpr_end_purposes()
        return changed

    def _gdpr_pairs(self):
        return {(consent.partner_id.id, consent.purpose_id.id) for consent in self}

    def _gdpr_assignments(self, states):
        """Assignments of these consents' partners and purposes in ``states``."""
        pairs = self._gdpr_pairs()
        assignments = (
            self.env["gdpr.partner.purpose"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", self.partner_id.ids),
                    ("purpose_id", "in", self.purpose_id.ids),
                    ("state", "in", states),
                ]
            )
        )
        return assignments.filtered(
            lambda a: (a.partner_id.id, a.purpose_id.id) in pairs
        )

    def _gdpr_activate_purposes(self):
        """The purpose becomes active for the person, on the basis of consent,
        with the consent's source as the origin of the data. An active or a
        restricted (Art. 18) assignment is left as it is."""
        if not self:
            return self.env["gdpr.partner.purpose"]
        held = self._gdpr_assignments(("active", "restricted"))
        taken = {(a.partner_id.id, a.purpose_id.id) for a in held}
        vals_list = []
        for consent in self.sudo().sorted("id"):
            key = (consent.partner_id.id, consent.purpose_id.id)
            if key in taken:
                continue
            taken.add(key)
            vals_list.append(
                {
                    "partner_id": consent.partner_id.id,
                    "purpose_id": consent.purpose_id.id,
                    "legal_basis": "consent",
                    "origin_type": SOURCE_TO_ORIGIN.get(consent.source, "other"),
                    "origin_detail": consent.source_detail,
                }
            )
        return self.env["gdpr.partner.purpose"].sudo().create(vals_list)

    def _gdpr_end_purposes(self):
        """Art. 7(3) GDPR: once a person holds no granted or pending consent
        for a purpose, the processing based on consent ends (assignments on
        another legal basis, e.g. a contract, stay)."""
        if not self:
            return self.env["gdpr.partner.purpose"]
        # One statement for the batch (the expiry job ends thousands at once).
        self.flush_model(["partner_id", "purpose_id", "state"])
        self.env["gdpr.partner.purpose"].flush_model(
            ["partner_id", "purpose_id", "state", "legal_basis"]
        )
        partner_ids, purpose_ids = zip(*sorted(self._gdpr_pairs()), strict=True)
        self.env.cr.execute(
            SQL(
                """
                SELECT a.id
                  FROM gdpr_partner_purpose a
                  JOIN unnest(%s::int[], %s::int[]) AS k(partner_id, purpose_id)
                    ON a.partner_id = k.partner_id AND a.purpose_id = k.purpose_id
                 WHERE a.state = 'active' AND a.legal_basis = 'consent'
                   AND NOT EXISTS (
                       SELECT 1 FROM gdpr_consent c
                        WHERE c.partner_id = a.partner_id
                          AND c.purpose_id = a.purpose_id
                          AND c.state IN ('granted', 'pending'))
                """,
                list(partner_ids),
                list(purpose_ids),
            )
        )
        ending = (
            self.env["gdpr.partner.purpose"]
            .sudo()
            .browse([row[0] for row in self.env.cr.fetchall()])
        )
        ending.action_end()
        return ending
