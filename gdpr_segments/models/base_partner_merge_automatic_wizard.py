# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo import models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _update_values(self, src_partners, dst_partner):
        """The merged contact keeps the latest interaction of the merged
        contacts. Set in SQL before the merge copies the values, so that the
        merge only writes back the value the contact already has (writing
        another one through the ORM is refused)."""
        latest = [
            when
            for when in (src_partners | dst_partner).mapped("gdpr_last_interaction")
            if when
        ]
        if latest:
            self.env["res.partner"]._gdpr_touch_interaction(
                dst_partner.ids, max(latest)
            )
        return super()._update_values(src_partners, dst_partner)
