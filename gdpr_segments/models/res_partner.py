# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    gdpr_partner_purpose_ids = fields.One2many(
        "gdpr.partner.purpose",
        "partner_id",
        string="Purpose Assignments",
        groups="gdpr_segments.group_gdpr_user",
    )
    gdpr_purpose_ids = fields.Many2many(
        "gdpr.purpose",
        string="Active Purposes",
        compute="_compute_gdpr_purpose_ids",
        search="_search_gdpr_purpose_ids",
        groups="gdpr_segments.group_gdpr_user",
        help="Purposes with an active assignment: the data may be used for "
        "these purposes only (Art. 5(1)(b) GDPR).",
    )
    gdpr_last_interaction = fields.Datetime(
        string="Last Interaction",
        index=True,
        copy=False,
        readonly=True,
        help="Latest message, order, lead or invoice of this contact; "
        "retention counted from the last interaction starts here.",
    )

    @api.depends(
        "gdpr_partner_purpose_ids.state", "gdpr_partner_purpose_ids.purpose_id"
    )
    def _compute_gdpr_purpose_ids(self):
        for partner in self:
            partner.gdpr_purpose_ids = partner.gdpr_partner_purpose_ids.filtered(
                lambda a: a.state == "active"
            ).purpose_id

    def _search_gdpr_purpose_ids(self, operator, value):
        """Search partners by active purpose in SQL (one sub-select)."""
        assignment = self.env["gdpr.partner.purpose"].sudo()
        if operator in ("=", "!=") and value is False:
            # "has no active purpose" / "has an active purpose"
            query = assignment._search([("state", "=", "active")])
            op = "not in" if operator == "=" else "in"
            return [("id", op, query.subselect("partner_id"))]
        negative = operator in ("!=", "not in", "not ilike")
        positive_operator = {
            "!=": "=",
            "not in": "in",
            "not ilike": "ilike",
        }.get(operator, operator)
        query = assignment._search(
            [("state", "=", "active"), ("purpose_id", positive_operator, value)]
        )
        return [("id", "not in" if negative else "in", query.subselect("partner_id"))]
