# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The breach register (Art. 33, 34 GDPR): every personal data breach is
documented, notified or not (Art. 33(5)), with the 72-hour notification to
the supervisory authority and the information of the data subjects when the
risk is high."""

from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

# Art. 33(1): "not later than 72 hours after having become aware of it".
NOTIFICATION_HOURS = 72
OPEN_STATES = ("new", "assessed")
ACTIVITY_TYPE = "gdpr_segments.mail_activity_type_gdpr_breach"
LETTER_TEMPLATE = "gdpr_segments.gdpr_breach_letter_body"

NATURE_SELECTION = [
    ("confidentiality", "Confidentiality breach (unauthorised disclosure or access)"),
    ("integrity", "Integrity breach (unauthorised alteration)"),
    ("availability", "Availability breach (loss of access or destruction)"),
]
RISK_SELECTION = [
    ("none", "Unlikely to result in a risk (no notification)"),
    ("risk", "Risk: notify the supervisory authority (Art. 33)"),
    ("high", "High risk: also inform the data subjects (Art. 34)"),
]
SUBJECT_METHOD_SELECTION = [
    ("email", "Email"),
    ("letter", "Letter"),
    ("phone", "Phone"),
    ("public", "Public communication"),
    ("other", "Other"),
]
SUBJECT_EXCEPTION_SELECTION = [
    ("unintelligible", "Data unintelligible to others, e.g. encrypted (Art. 34(3)(a))"),
    ("mitigated", "High risk no longer likely after measures taken (Art. 34(3)(b))"),
    (
        "disproportionate",
        "Disproportionate effort, public communication instead (Art. 34(3)(c))",
    ),
]
# Written by Odoo itself on any record with a chatter; allowed after closing.
CHATTER_PREFIXES = ("message_", "activity_")


class GdprBreach(models.Model):
    """A personal data breach and what was done about it. Closed breaches
    are proof (Art. 5(2), 33(5)) and cannot be changed or deleted."""

    _name = "gdpr.breach"
    _description = "Personal Data Breach"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_discovered desc, id desc"

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    state = fields.Selection(
        [
            ("new", "New"),
            ("assessed", "Assessed"),
            ("notified", "Notified"),
            ("not_notified", "Not Notified"),
            ("closed", "Closed"),
        ],
        required=True,
        default="new",
        tracking=True,
        index=True,
        copy=False,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        tracking=True,
        default=lambda self: self.env["gdpr.dpo"]._dpo_user(),
        domain=lambda self: self.env["gdpr.dpo"]._dpo_users_domain(),
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    # What happened (Art. 33(3)(a), 33(5))
    date_discovered = fields.Datetime(
        string="Discovered At",
        required=True,
        default=fields.Datetime.now,
        tracking=True,
        help="When the company became aware of the breach: the 72 hours of "
        "Art. 33(1) GDPR run from here.",
    )
    date_occurred_from = fields.Datetime(string="Occurred From")
    date_occurred_to = fields.Datetime(string="Occurred Until")
    nature = fields.Selection(NATURE_SELECTION, required=True, tracking=True)
    description = fields.Text(help="What happened, how it was discovered.")
    data_category_ids = fields.Many2many("gdpr.data.category", string="Data Categories")
    subject_categories = fields.Text(string="Categories of Data Subjects")
    subject_count = fields.Integer(string="Approx. Number of Data Subjects")
    record_count = fields.Integer(string="Approx. Number of Records")
    partner_ids = fields.Many2many(
        "res.partner",
        "gdpr_breach_res_partner_rel",
        "breach_id",
        "partner_id",
        string="Affected Contacts",
        help="Optional: the contacts known to be affected; they receive the "
        "letter to the data subjects.",
    )
    consequences = fields.Text(string="Likely Consequences")
    measures = fields.Text(
        string="Measures Taken or Proposed",
        help="To address the breach and mitigate its possible adverse effects "
        "(Art. 33(3)(d)).",
    )
    risk_level = fields.Selection(
        RISK_SELECTION, string="Risk to Data Subjects", tracking=True
    )
    risk_reasoning = fields.Text(string="Reasoning of the Risk Assessment")
    # Notification of the supervisory authority (Art. 33)
    date_deadline = fields.Datetime(
        string="Notification Deadline",
        compute="_compute_date_deadline",
        store=True,
        index=True,
    )
    is_overdue = fields.Boolean(
        string="Overdue", compute="_compute_is_overdue", search="_search_is_overdue"
    )
    hours_left = fields.Float(
        compute="_compute_is_overdue",
        help="Hours until the notification deadline; negative when it passed.",
    )
    deadline_info = fields.Char(string="Countdown", compute="_compute_is_overdue")
    authority_id = fields.Many2one("res.partner", string="Supervisory Authority")
    date_authority_notified = fields.Datetime(
        string="Authority Notified At", tracking=True, copy=False
    )
    authority_reference = fields.Char(string="Authority Reference", copy=False)
    late_reason = fields.Text(
        string="Reason for the Delay",
        help="Required when the authority is notified after 72 hours "
        "(Art. 33(1) GDPR).",
    )
    not_notifiable_reason = fields.Text(
        string="Why No Notification",
        help="Why the breach is unlikely to result in a risk to the rights "
        "and freedoms of natural persons (Art. 33(1) GDPR).",
    )
    # Communication to the data subjects (Art. 34)
    date_subjects_notified = fields.Datetime(
        string="Data Subjects Informed At", tracking=True, copy=False
    )
    subject_method = fields.Selection(SUBJECT_METHOD_SELECTION, string="Informed By")
    subject_exception = fields.Selection(
        SUBJECT_EXCEPTION_SELECTION, string="Exception", tracking=True
    )
    subject_exception_reason = fields.Text(string="Reason for the Exception")
    date_closed = fields.Datetime(string="Closed At", readonly=True, copy=False)

    @api.depends("date_discovered")
    def _compute_date_deadline(self):
        for breach in self:
            breach.date_deadline = breach.date_discovered and (
                breach.date_discovered + timedelta(hours=NOTIFICATION_HOURS)
            )

    @api.depends("state", "date_deadline", "date_authority_notified")
    @api.depends_context("lang")
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for breach in self:
            waiting = breach.state in OPEN_STATES and breach.date_deadline
            hours = (
                (breach.date_deadline - now).total_seconds() / 3600 if waiting else 0
            )
            breach.is_overdue = bool(waiting and hours < 0)
            breach.hours_left = hours
            breach.deadline_info = breach._gdpr_deadline_info(waiting, hours)

    def _gdpr_deadline_info(self, waiting, hours):
        _ = self.env._
        minutes = int(abs(hours) * 60)
        duration = f"{minutes // 60}:{minutes % 60:02d}"
        if waiting and hours >= 0:
            return _("%(duration)s h left to notify the authority", duration=duration)
        if waiting:
            return _(
                "72-hour deadline passed %(duration)s h ago: notify now and give "
                "the reason for the delay",
                duration=duration,
            )
        if self.state == "not_notified":
            return _("Not notifiable: documented only")
        if self.date_authority_notified:
            return _("Authority notified")
        return False

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on overdue breaches."))
        domain = [
            ("state", "in", OPEN_STATES),
            ("date_deadline", "<", fields.Datetime.now()),
        ]
        positive = (operator == "=") == value
        return domain if positive else ["!", "&", *domain]

    # ------------------------------------------------------------------
    # Proof: closed breaches are immutable
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].sudo().next_by_code(
                    "gdpr.breach"
                ) or self.env._("New")
        breaches = super().create(vals_list)
        breaches._gdpr_schedule_deadline_activity()
        return breaches

    def write(self, vals):
        # Art. 5(2), 33(5): the register proves what was known and done; not
        # even the superuser edits a closed breach. Odoo's own chatter and
        # activity bookkeeping stays possible.
        if any(not name.startswith(CHATTER_PREFIXES) for name in vals):
            closed = self.filtered(lambda b: b.state == "closed")
            if closed:
                raise UserError(
                    self.env._(
                        "The breach %(name)s is closed and cannot be modified.",
                        name=closed[0].name,
                    )
                )
        res = super().write(vals)
        if {"date_discovered", "user_id"} & set(vals):
            self._gdpr_schedule_deadline_activity()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_only_new(self):
        # Art. 33(5): every breach stays documented, also those not notified;
        # only a new entry made by mistake can be removed.
        kept = self.filtered(lambda b: b.state != "new")
        if kept:
            raise UserError(
                self.env._(
                    "The breach %(name)s is documented in the register and "
                    "cannot be deleted.",
                    name=kept[0].name,
                )
            )

    # ------------------------------------------------------------------
    # The DPO's deadline activity
    # ------------------------------------------------------------------
    def _gdpr_schedule_deadline_activity(self):
        """One activity per open breach for its responsible person, due on
        the day of the 72-hour deadline (in that person's time zone)."""
        activity_type = self.env.ref(ACTIVITY_TYPE)
        for breach in self.filtered(lambda b: b.state in OPEN_STATES):
            user = breach.user_id or self.env["gdpr.dpo"]._dpo_user(breach.company_id)
            deadline = fields.Datetime.context_timestamp(
                breach.with_context(tz=user.tz or "UTC"), breach.date_deadline
            ).date()
            existing = breach.activity_ids.filtered(
                lambda a, t=activity_type: a.activity_type_id == t
            )
            if existing:
                existing.write({"date_deadline": deadline, "user_id": user.id})
                continue
            breach.activity_schedule(
                ACTIVITY_TYPE, date_deadline=deadline, user_id=user.id
            )

    def _gdpr_close_deadline_activity(self, feedback):
        activity_type = self.env.ref(ACTIVITY_TYPE)
        self.activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type
        ).action_feedback(feedback=feedback)

    # ------------------------------------------------------------------
    # Workflow (DPO only)
    # ------------------------------------------------------------------
    def _gdpr_check(self, states):
        self.env["gdpr.dpo"]._check_dpo()
        wrong = self.filtered(lambda b: b.state not in states)
        if wrong:
            raise UserError(
                self.env._(
                    "The breach %(name)s cannot do this in its current state.",
                    name=wrong[0].name,
                )
            )

    def _gdpr_require(self, field_names, message):
        for breach in self:
            missing = [
                breach._fields[name].get_description(self.env)["string"]
                for name in field_names
                if not breach[name]
            ]
            if missing:
                raise UserError(
                    self.env._(
                        "%(message)s Missing in %(name)s: %(fields)s.",
                        message=message,
                        name=breach.name,
                        fields=", ".join(missing),
                    )
                )

    def action_assess(self):
        """Record the risk assessment (Art. 33(1), 34(1))."""
        self._gdpr_check(["new"])
        self._gdpr_require(
            ["risk_level", "risk_reasoning"],
            self.env._("Assess the risk and give its reasoning."),
        )
        self.write({"state": "assessed"})
        return True

    def action_notify_authority(self):
        """The supervisory authority was notified (Art. 33(1), (3))."""
        self._gdpr_check(OPEN_STATES)
        self._gdpr_require(
            ["nature", "risk_level"],
            self.env._("The notification describes the breach and its risk."),
        )
        now = fields.Datetime.now()
        for breach in self:
            notified = breach.date_authority_notified or now
            if (
                notified > breach.date_deadline
                and not (breach.late_reason or "").strip()
            ):
                raise UserError(
                    self.env._(
                        "The breach %(name)s is notified later than 72 hours "
                        "after its discovery: give the reason for the delay "
                        "(Art. 33(1) GDPR).",
                        name=breach.name,
                    )
                )
            breach.write({"state": "notified", "date_authority_notified": notified})
        self._gdpr_close_deadline_activity(
            self.env._("Supervisory authority notified.")
        )
        return True

    def action_not_notifiable(self):
        """No notification: the breach is unlikely to result in a risk; it
        stays documented (Art. 33(5))."""
        self._gdpr_check(OPEN_STATES)
        if self.filtered(lambda b: b.risk_level != "none"):
            raise UserError(
                self.env._(
                    "Only a breach assessed as unlikely to result in a risk is "
                    "exempt from notification."
                )
            )
        self._gdpr_require(
            ["not_notifiable_reason"],
            self.env._("Give the reason why no notification is needed."),
        )
        self.write({"state": "not_notified"})
        self._gdpr_close_deadline_activity(
            self.env._("Not notifiable: unlikely to result in a risk.")
        )
        return True

    def action_subjects_informed(self):
        """The data subjects were informed (Art. 34(1), (2))."""
        self._gdpr_check(["assessed", "notified"])
        self._gdpr_check_high_risk()
        self._gdpr_require(
            ["subject_method"], self.env._("Say how the data subjects were informed.")
        )
        for breach in self.filtered(lambda b: not b.date_subjects_notified):
            breach.date_subjects_notified = fields.Datetime.now()
        return True

    def _gdpr_check_high_risk(self):
        if self.filtered(lambda b: b.risk_level != "high"):
            raise UserError(
                self.env._(
                    "The data subjects are informed of breaches with a high "
                    "risk (Art. 34(1) GDPR)."
                )
            )

    def action_close(self):
        """Close the file; from now on the breach is proof and immutable."""
        self._gdpr_check(["notified", "not_notified"])
        self._gdpr_require(
            ["consequences", "measures"],
            self.env._("Document the consequences and the measures taken."),
        )
        for breach in self.filtered(lambda b: b.risk_level == "high"):
            if not breach.date_subjects_notified and not (
                breach.subject_exception
                and (breach.subject_exception_reason or "").strip()
            ):
                raise UserError(
                    self.env._(
                        "The breach %(name)s has a high risk: inform the data "
                        "subjects or record the exception of Art. 34(3) GDPR "
                        "with its reason before closing.",
                        name=breach.name,
                    )
                )
        self.write({"state": "closed", "date_closed": fields.Datetime.now()})
        return True

    # ------------------------------------------------------------------
    # The letter to the data subjects (Art. 34(2))
    # ------------------------------------------------------------------
    def _gdpr_selection_label(self, field_name):
        """The label of a selection value in the current language."""
        selection = self._fields[field_name]._description_selection(self.env)
        return dict(selection).get(self[field_name], "")

    def _gdpr_letter_lang(self, partner=None):
        return (partner and partner.lang) or self.company_id.partner_id.lang

    def _gdpr_render_letter(self, partner=None):
        """The letter in the language of the person (else the company's)."""
        self.ensure_one()
        lang = self._gdpr_letter_lang(partner)
        breach = self.with_context(lang=lang)
        return breach.env["ir.qweb"]._render(
            LETTER_TEMPLATE,
            {
                "breach": breach,
                "partner": partner,
                "company": breach.company_id,
                "dpo": breach.user_id or self.env["gdpr.dpo"]._dpo_user(),
            },
        )

    def action_print_subject_letter(self):
        """Printable letters: one per affected contact, else one addressed
        to whom it may concern."""
        self._gdpr_check(["assessed", "notified"])
        self._gdpr_check_high_risk()
        return self.env.ref(
            "gdpr_segments.action_report_gdpr_breach_letter"
        ).report_action(self)

    def action_send_subject_letter(self):
        """Email the letter to each affected contact, one message each (no
        one sees the others), documented in the chatter."""
        self.ensure_one()
        self._gdpr_check(["assessed", "notified"])
        self._gdpr_check_high_risk()
        recipients = self.partner_ids.filtered("email")
        if not recipients:
            raise UserError(
                self.env._("None of the affected contacts has an email address.")
            )
        for partner in recipients:
            subject = self.with_context(lang=self._gdpr_letter_lang(partner)).env._(
                "Information about a personal data breach"
            )
            self.message_post(
                body=Markup(self._gdpr_render_letter(partner)),
                subject=subject,
                partner_ids=partner.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        without = self.partner_ids - recipients
        if without:
            self.message_post(
                body=self.env._(
                    "No email address, print the letter for: %(names)s",
                    names=", ".join(without.mapped("display_name")),
                )
            )
        self.write(
            {
                "subject_method": self.subject_method or "email",
                "date_subjects_notified": self.date_subjects_notified
                or fields.Datetime.now(),
            }
        )
        return True
