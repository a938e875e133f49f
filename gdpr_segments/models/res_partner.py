# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError
from odoo.osv import expression
from odoo.tools import SQL

from .gdpr_disclosure import TRANSFER_MECHANISM_SELECTION
from .gdpr_partner_purpose import ORIGIN_TYPE_SELECTION

NEGATIVE_OPERATORS = {
    "!=": "=",
    "not in": "in",
    "not ilike": "ilike",
    "not like": "like",
    "not any": "any",
}

# Partner fields computed from the active assignments that can be grouped
# by in lists, pivots and graphs: field name -> assignment column.
GROUPABLE_ASSIGNMENT_FIELDS = {
    "gdpr_purpose_ids": "purpose_id",
    "gdpr_origin_type": "origin_type",
}

# The last interaction is kept with a precision of one hour: retention counts
# in months, and a busy partner then costs one UPDATE per hour, not one per
# message.
INTERACTION_PRECISION = timedelta(hours=1)


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
    gdpr_purpose_count = fields.Integer(
        string="Purposes Count",
        compute="_compute_gdpr_purpose_ids",
        groups="gdpr_segments.group_gdpr_user",
    )
    gdpr_origin_type = fields.Selection(
        ORIGIN_TYPE_SELECTION,
        string="Data Origin",
        compute="_compute_gdpr_purpose_ids",
        search="_search_gdpr_origin_type",
        groups="gdpr_segments.group_gdpr_user",
        help="Where the data came from, as recorded on the first active "
        "purpose assignment (Art. 14(2)(f) GDPR).",
    )
    gdpr_marketing_allowed = fields.Boolean(
        string="Marketing Allowed",
        compute="_compute_gdpr_marketing_allowed",
        search="_search_gdpr_marketing_allowed",
        groups="gdpr_segments.group_gdpr_user",
        help="The data is held for an active marketing purpose.",
    )
    gdpr_segment_ids = fields.Many2many(
        "gdpr.segment",
        string="Customer Segments",
        compute="_compute_gdpr_segment_ids",
        search="_search_gdpr_segment_ids",
        groups="gdpr_segments.group_gdpr_user",
    )
    gdpr_last_interaction = fields.Datetime(
        string="Last Interaction",
        index=True,
        copy=False,
        readonly=True,
        help="Latest message, order, lead or invoice of this contact; "
        "retention counted from the last interaction starts here.",
    )
    gdpr_disclosure_ids = fields.One2many(
        "gdpr.disclosure",
        "partner_id",
        string="Disclosures",
        groups="gdpr_segments.group_gdpr_user",
    )
    gdpr_disclosure_count = fields.Integer(
        string="Disclosures Count",
        compute="_compute_gdpr_disclosure_count",
        groups="gdpr_segments.group_gdpr_user",
    )
    gdpr_is_recipient = fields.Boolean(
        string="Data Recipient",
        copy=False,
        tracking=True,
        groups="gdpr_segments.group_gdpr_user",
        help="Personal data is disclosed to this partner, e.g. a processor, "
        "carrier, tax advisor or cloud provider (Art. 4(9) GDPR).",
    )
    gdpr_transfer_mechanism = fields.Selection(
        TRANSFER_MECHANISM_SELECTION,
        string="Default Transfer Mechanism",
        tracking=True,
        groups="gdpr_segments.group_gdpr_user",
        help="Proposed on disclosures to this recipient when it is in a third country.",
    )
    gdpr_dpa_date = fields.Date(
        string="Data Processing Agreement (AVV)",
        tracking=True,
        groups="gdpr_segments.group_gdpr_user",
        help="Date of the data processing agreement (Art. 28 GDPR) signed with "
        "this recipient.",
    )
    gdpr_is_third_country = fields.Boolean(
        string="In a Third Country",
        compute="_compute_gdpr_is_third_country",
        groups="gdpr_segments.group_gdpr_user",
    )

    # ------------------------------------------------------------------
    # Protected values
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        partners = self
        if not self.env.su:
            # moves retention dates: set by _gdpr_touch_interaction only,
            # neither from the values nor from a default in the context
            vals_list = [
                {k: v for k, v in vals.items() if k != "gdpr_last_interaction"}
                for vals in vals_list
            ]
            context = dict(self.env.context)
            if context.pop("default_gdpr_last_interaction", None) is not None:
                partners = self.with_context(context)
            self._gdpr_check_parents(vals_list)
        return super(ResPartner, partners).create(vals_list)

    def write(self, vals):
        if not self.env.su:
            if "gdpr_last_interaction" in vals:
                vals = self._gdpr_check_interaction_write(vals)
            self._gdpr_check_parents([vals])
        return super().write(vals)

    def _gdpr_check_interaction_write(self, vals):
        """Refuse to move the last interaction: retention counted from it
        would erase the contact early, or keep it too long. An unchanged
        value (a merge writing back what it read) is dropped."""
        value = fields.Datetime.to_datetime(vals["gdpr_last_interaction"])
        if all(partner.gdpr_last_interaction == value for partner in self):
            return {k: v for k, v in vals.items() if k != "gdpr_last_interaction"}
        raise AccessError(
            self.env._(
                "The last interaction of a contact is recorded automatically "
                "from its messages and documents and cannot be changed by hand: "
                "retention periods are counted from it."
            )
        )

    def _gdpr_check_parents(self, vals_list):
        """A restricted user cannot attach a contact to a company hidden from
        him: the company's address and commercial data would be copied to it."""
        parent_ids = {vals["parent_id"] for vals in vals_list if vals.get("parent_id")}
        if parent_ids:
            self.env["gdpr.separation"]._check_partners(self.browse(parent_ids))

    # ------------------------------------------------------------------
    # Purposes
    # ------------------------------------------------------------------

    @api.depends(
        "gdpr_partner_purpose_ids.state",
        "gdpr_partner_purpose_ids.purpose_id",
        "gdpr_partner_purpose_ids.origin_type",
        "gdpr_partner_purpose_ids.date_start",
    )
    def _compute_gdpr_purpose_ids(self):
        for partner in self:
            active = partner.gdpr_partner_purpose_ids.filtered(
                lambda a: a.state == "active"
            )
            partner.gdpr_purpose_ids = active.purpose_id
            partner.gdpr_purpose_count = len(active.purpose_id)
            first = active.sorted(lambda a: (a.date_start, a.id or 0))[:1]
            partner.gdpr_origin_type = first.origin_type

    @api.depends(
        "gdpr_partner_purpose_ids.state", "gdpr_partner_purpose_ids.is_marketing"
    )
    def _compute_gdpr_marketing_allowed(self):
        # its own compute: gdpr_consent computes it from the consents instead
        for partner in self:
            partner.gdpr_marketing_allowed = any(
                assignment.state == "active" and assignment.is_marketing
                for assignment in partner.gdpr_partner_purpose_ids
            )

    def _search_on_active_assignments(self, operator, domain):
        query = (
            self.env["gdpr.partner.purpose"]
            .sudo()
            ._search(expression.AND([[("state", "=", "active")], domain]))
        )
        return [("id", operator, query.subselect("partner_id"))]

    def _search_gdpr_purpose_ids(self, operator, value):
        """Search partners by active purpose in SQL (one sub-select)."""
        if operator in ("=", "!=") and value is False:
            # "has no active purpose" / "has an active purpose"
            return self._search_on_active_assignments(
                "not in" if operator == "=" else "in", []
            )
        negative = operator in NEGATIVE_OPERATORS
        return self._search_on_active_assignments(
            "not in" if negative else "in",
            [("purpose_id", NEGATIVE_OPERATORS.get(operator, operator), value)],
        )

    def _search_gdpr_origin_type(self, operator, value):
        if operator in ("=", "!=") and value is False:
            return self._search_on_active_assignments(
                "not in" if operator == "=" else "in", [("origin_type", "!=", False)]
            )
        negative = operator in NEGATIVE_OPERATORS
        return self._search_on_active_assignments(
            "not in" if negative else "in",
            [("origin_type", NEGATIVE_OPERATORS.get(operator, operator), value)],
        )

    def _search_gdpr_marketing_allowed(self, operator, value):
        positive = (operator == "=") == bool(value)
        return self._search_on_active_assignments(
            "in" if positive else "not in", [("is_marketing", "=", True)]
        )

    @api.model
    def _read_group_groupby(self, groupby_spec, query):
        """Group partners by active purpose or origin: a join on the active
        assignments, so lists, pivots and graphs need no stored copy."""
        fname = groupby_spec.split(":")[0].split(".")[0]
        column = GROUPABLE_ASSIGNMENT_FIELDS.get(fname)
        if not column:
            return super()._read_group_groupby(groupby_spec, query)
        self.check_field_access_rights("read", [fname])
        alias = query.make_alias(self._table, fname)
        query.add_join(
            "LEFT JOIN",
            alias,
            "gdpr_partner_purpose",
            SQL(
                "%s = %s AND %s = %s",
                SQL.identifier(alias, "partner_id"),
                SQL.identifier(self._table, "id"),
                SQL.identifier(alias, "state"),
                "active",
            ),
        )
        return SQL.identifier(alias, column)

    # ------------------------------------------------------------------
    # Segments
    # ------------------------------------------------------------------

    @api.depends(
        "gdpr_partner_purpose_ids.state", "gdpr_partner_purpose_ids.purpose_id"
    )
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_gdpr_segment_ids(self):
        # segments without purpose have no members
        segments = self.env["gdpr.segment"].search([("purpose_ids", "!=", False)])
        members = {partner.id: [] for partner in self}
        real = self._origin
        for segment in segments:
            # one query per segment, never per partner
            matching = real.search(
                expression.AND(
                    [[("id", "in", real.ids)], segment._safe_partner_domain()]
                )
            )
            for partner_id in matching.ids:
                members.setdefault(partner_id, []).append(segment.id)
        for partner in self:
            partner.gdpr_segment_ids = [
                Command.set(members.get(partner._origin.id, []))
            ]

    def _search_gdpr_segment_ids(self, operator, value):
        """Members of segments as one domain: the segments' filters OR-ed,
        each with its purpose sub-select. The database does the rest."""
        Segment = self.env["gdpr.segment"].sudo()
        negative = operator in NEGATIVE_OPERATORS
        operator = NEGATIVE_OPERATORS.get(operator, operator)
        if value is False and operator == "=":
            # "in no segment" / "in any segment"
            segments = Segment.search([("purpose_ids", "!=", False)])
            negative = not negative
        elif operator in ("=", "in") and not isinstance(value, str):
            ids = value if isinstance(value, list | tuple) else [value]
            segments = Segment.browse([i for i in ids if i])
        else:
            # a text, as typed in the search bar: match segment names
            if operator in ("=", "in"):
                operator = "ilike"
            segments = Segment.search([("name", operator, value)])
        domain = (
            expression.OR([segment._safe_partner_domain() for segment in segments])
            or expression.FALSE_DOMAIN
        )
        if negative:
            return ["!", *expression.normalize_domain(domain)]
        return domain

    # ------------------------------------------------------------------
    # Recipients and disclosures
    # ------------------------------------------------------------------

    def _compute_gdpr_disclosure_count(self):
        counts = dict(
            self.env["gdpr.disclosure"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.gdpr_disclosure_count = counts.get(partner._origin, 0)

    @api.depends("country_id")
    def _compute_gdpr_is_third_country(self):
        eea = self.env["gdpr.disclosure"]._eea_countries()
        for partner in self:
            partner.gdpr_is_third_country = bool(
                partner.country_id and partner.country_id not in eea
            )

    # ------------------------------------------------------------------
    # Last interaction
    # ------------------------------------------------------------------

    @api.model
    def _gdpr_touch_interaction(self, partner_ids, when=None):
        """Set the last interaction of these partners in one UPDATE.

        Called when messages are posted or documents created; rows already
        up to date (within an hour) are left alone, so no lock is taken.
        """
        partner_ids = tuple({pid for pid in partner_ids if pid})
        if not partner_ids:
            return
        when = when or fields.Datetime.now()
        self.flush_model(["gdpr_last_interaction"])
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner
                   SET gdpr_last_interaction = %(when)s
                 WHERE id IN %(ids)s
                   AND (gdpr_last_interaction IS NULL
                        OR gdpr_last_interaction < %(threshold)s)
             RETURNING id
                """,
                when=when,
                ids=partner_ids,
                threshold=when - INTERACTION_PRECISION,
            )
        )
        touched = self.browse([row[0] for row in self.env.cr.fetchall()])
        if touched:
            touched.invalidate_recordset(["gdpr_last_interaction"])
            # recompute retention dates counted from the last interaction
            touched.modified(["gdpr_last_interaction"])

    # ------------------------------------------------------------------
    # Legal acts (the one implementation every entry point calls)
    # ------------------------------------------------------------------

    def _gdpr_object_to_advertising(self, source="objection", source_detail=None):
        """Art. 21(2), (3) GDPR: the person objects to direct marketing.

        gdpr_segments ends the marketing purposes; gdpr_consent extends it
        (every consent withdrawn, email and phones blacklisted, flag set).
        Forms, public pages, data-subject requests and imports call this.

        :param str source: who recorded it (event source of gdpr_consent)
        :param str source_detail: free text, e.g. the request reference
        :return: the marketing assignments that ended
        """
        assignments = (
            self.env["gdpr.partner.purpose"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", self.ids),
                    ("state", "=", "active"),
                    ("is_marketing", "=", True),
                ]
            )
        )
        assignments.action_end()
        return assignments

    def _gdpr_restrict_processing(self, source_detail=None):
        """Art. 18 GDPR: processing stops, the data is only stored.

        Active purpose assignments become restricted; gdpr_erasure extends it
        to hide the partner from every search, mailing and export.

        :return: the assignments that were restricted
        """
        assignments = (
            self.env["gdpr.partner.purpose"]
            .sudo()
            .search([("partner_id", "in", self.ids), ("state", "=", "active")])
        )
        assignments.action_restrict()
        return assignments

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_gdpr_view_assignments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "gdpr_segments.action_gdpr_partner_purpose"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        # the button counts the active purposes: the list opens on them
        action["context"] = {
            "default_partner_id": self.id,
            "search_default_active_state": 1,
        }
        return action

    def action_gdpr_view_disclosures(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "gdpr_segments.action_gdpr_disclosure"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
