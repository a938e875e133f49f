# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

REQUEST_TYPES = [
    ("access", "Access (Art. 15 / 20)"),
    ("erasure", "Erasure (Art. 17)"),
    ("restriction", "Restriction (Art. 18)"),
    ("objection", "Objection (Art. 21)"),
]

REJECTION_REASONS = [
    ("identity", "Identity could not be verified (Art. 12(6))"),
    ("unfounded", "Manifestly unfounded or excessive (Art. 12(5))"),
    ("legal_obligation", "Legal obligation to retain (Art. 17(3)(b))"),
    ("legal_claims", "Establishment or defence of legal claims (Art. 17(3)(e))"),
    ("compelling_grounds", "Compelling legitimate grounds (Art. 21(1))"),
    ("other", "Other legal reason"),
]


class GdprRequest(models.Model):
    """A data-subject request with its legal deadline (Art. 12(3) GDPR: one
    month, extendable by two further months with a reason)."""

    _name = "gdpr.request"
    _description = "Data-Subject Request"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_deadline, id desc"

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    request_type = fields.Selection(
        REQUEST_TYPES, string="Type", required=True, default="access", tracking=True
    )
    state = fields.Selection(
        [
            ("new", "New"),
            ("verified", "Identity Verified"),
            ("done", "Done"),
            ("rejected", "Rejected"),
        ],
        required=True,
        default="new",
        tracking=True,
        index=True,
        copy=False,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        tracking=True,
        index=True,
        help="The data subject; leave empty when no contact was found and "
        "fill in name and email.",
    )
    partner_name = fields.Char(string="Name")
    email = fields.Char()
    description = fields.Text(help="What the person asked for, in their words.")
    channel = fields.Selection(
        [
            ("email", "Email"),
            ("letter", "Letter"),
            ("phone", "Phone"),
            ("web", "Web form"),
            ("in_person", "In person"),
        ],
        default="email",
    )
    date_received = fields.Date(
        string="Received On",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
    )
    extended = fields.Boolean(
        string="Deadline Extended", readonly=True, copy=False, tracking=True
    )
    extension_reason = fields.Text(
        help="Why the request needs two more months (complexity or number of "
        "requests, Art. 12(3) GDPR); the person must be told within the "
        "first month."
    )
    date_deadline = fields.Date(
        string="Deadline",
        compute="_compute_date_deadline",
        store=True,
        index=True,
        tracking=True,
    )
    is_overdue = fields.Boolean(
        string="Overdue", compute="_compute_is_overdue", search="_search_is_overdue"
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        tracking=True,
        default=lambda self: self.env.user,
        domain=lambda self: self.env["gdpr.dpo"]._dpo_users_domain(),
    )
    rejection_reason = fields.Selection(REJECTION_REASONS, tracking=True)
    rejection_note = fields.Text()
    date_done = fields.Datetime(string="Closed On", readonly=True, copy=False)
    export_attachment_id = fields.Many2one(
        "ir.attachment", string="Access Export", readonly=True, copy=False
    )
    erasure_log_id = fields.Many2one("gdpr.erasure.log", readonly=True, copy=False)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    @api.depends("date_received", "extended")
    def _compute_date_deadline(self):
        for request in self:
            if not request.date_received:
                request.date_deadline = False
                continue
            months = 3 if request.extended else 1
            request.date_deadline = request.date_received + relativedelta(months=months)

    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for request in self:
            request.is_overdue = bool(
                request.state in ("new", "verified")
                and request.date_deadline
                and request.date_deadline < today
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on overdue requests."))
        domain = [
            ("state", "in", ("new", "verified")),
            ("date_deadline", "<", fields.Date.context_today(self)),
        ]
        positive = (operator == "=") == value
        return domain if positive else ["!", "&", *domain]

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        if self.partner_id:
            self.partner_name = self.partner_id.name
            self.email = self.partner_id.email

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code(
                    "gdpr.request"
                ) or self.env._("New")
        requests = super().create(vals_list)
        requests.filtered(
            lambda r: r.state in ("new", "verified")
        )._gdpr_schedule_deadline_activity()
        return requests

    def write(self, vals):
        res = super().write(vals)
        if {"date_received", "extended", "user_id"} & set(vals):
            self.filtered(
                lambda r: r.state in ("new", "verified")
            )._gdpr_schedule_deadline_activity()
        return res

    def _gdpr_dpo(self):
        user = self.user_id
        if not user:
            user = self.env["gdpr.dpo"]._dpo_user()
        return user

    def _gdpr_schedule_deadline_activity(self):
        """One activity per request, due at the legal deadline; its type
        names it in the language of whoever reads it."""
        activity_type = self.env.ref("gdpr_erasure.mail_activity_type_gdpr_request")
        for request in self:
            existing = request.activity_ids.filtered(
                lambda a, t=activity_type: a.activity_type_id == t
            )
            user = request._gdpr_dpo()
            if existing:
                existing.write(
                    {"date_deadline": request.date_deadline, "user_id": user.id}
                )
                continue
            request.activity_schedule(
                "gdpr_erasure.mail_activity_type_gdpr_request",
                date_deadline=request.date_deadline,
                user_id=user.id,
            )

    def _gdpr_close_activities(self):
        self.activity_ids.action_feedback(feedback=self.env._("Request closed."))

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def _check_state(self, states):
        wrong = self.filtered(lambda r: r.state not in states)
        if wrong:
            raise UserError(
                self.env._(
                    "The request %(name)s cannot do this in its current state.",
                    name=wrong[0].name,
                )
            )

    def _check_partner(self):
        missing = self.filtered(lambda r: not r.partner_id)
        if missing:
            raise UserError(
                self.env._(
                    "Link the request %(name)s to a contact first.",
                    name=missing[0].name,
                )
            )

    def action_verify(self):
        self._check_state(["new"])
        self.write({"state": "verified"})
        return True

    def action_extend(self):
        self._check_state(["new", "verified"])
        for request in self:
            if request.extended:
                raise UserError(self.env._("The deadline can only be extended once."))
            if not (request.extension_reason or "").strip():
                raise UserError(
                    self.env._("Give the reason for the extension before extending it.")
                )
        self.write({"extended": True})
        return True

    def action_reject(self):
        self._check_state(["new", "verified"])
        for request in self:
            if not request.rejection_reason:
                raise UserError(
                    self.env._(
                        "Choose the legal reason for rejecting %(name)s.",
                        name=request.name,
                    )
                )
        self.write({"state": "rejected", "date_done": fields.Datetime.now()})
        self._gdpr_close_activities()
        return True

    def action_reset(self):
        self._check_state(["rejected"])
        self.write({"state": "new", "date_done": False, "rejection_reason": False})
        self._gdpr_schedule_deadline_activity()
        return True

    def _mark_done(self):
        self.write({"state": "done", "date_done": fields.Datetime.now()})
        self._gdpr_close_activities()

    def action_process(self):
        """Do what the request asks for (the identity must be verified)."""
        self.ensure_one()
        self.env["gdpr.erasure.engine"]._gdpr_check_manager()
        self._check_state(["verified"])
        if self.request_type != "erasure" or not self.email:
            # A person who is no contact is found by the email to be erased.
            self._check_partner()
        if self.request_type == "erasure":
            wizard = self.env["gdpr.erasure.wizard"].create(
                {"partner_id": self.partner_id.id, "request_id": self.id}
            )
            wizard._gdpr_compute_preview()
            return wizard._gdpr_action_open()
        if self.request_type == "access":
            self.action_generate_export()
        elif self.request_type == "restriction":
            self._gdpr_restrict()
        elif self.request_type == "objection":
            self._gdpr_object()
        self._mark_done()
        return True

    def action_generate_export(self):
        """Build the Art. 15 / 20 ZIP and attach it to the request (access
        requests only: the export holds everything about the person)."""
        self.ensure_one()
        self.env["gdpr.erasure.engine"]._gdpr_check_manager()
        if self.request_type != "access":
            raise UserError(
                self.env._(
                    "The access export answers an access request (Art. 15, 20 "
                    "GDPR); %(name)s is no access request.",
                    name=self.name,
                )
            )
        self._check_state(["new", "verified"])
        self._check_partner()
        attachment = self.env["gdpr.access.export"]._gdpr_export_zip(
            self.partner_id, request=self
        )
        self.export_attachment_id = attachment
        self.message_post(
            body=self.env._("Access export generated."), attachment_ids=attachment.ids
        )
        return True

    def _gdpr_restrict(self):
        """Art. 18: processing stops, storage only (the partner's service)."""
        assignments = self.partner_id._gdpr_restrict_processing(source_detail=self.name)
        self.message_post(
            body=self.env._(
                "Processing restricted: %(count)s purpose assignments set to "
                "restricted.",
                count=len(assignments),
            )
        )

    def _gdpr_object(self):
        """Art. 21: the same objection as on the preference center."""
        assignments = self.partner_id._gdpr_object_to_advertising(
            source="request", source_detail=self.name
        )
        self.message_post(
            body=self.env._(
                "Objection recorded: %(count)s marketing purposes ended.",
                count=len(assignments),
            )
        )
