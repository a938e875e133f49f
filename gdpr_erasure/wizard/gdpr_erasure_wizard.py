# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from dataclasses import asdict

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.gdpr_erasure_log import LOG_ACTION_SELECTION


class GdprErasureWizard(models.TransientModel):
    """'Forget this person': shows the plan, asks for an explicit
    confirmation, executes the erasure and shows the result."""

    _name = "gdpr.erasure.wizard"
    _description = "Forget This Person"

    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        ondelete="cascade",
        help="Empty for a person who is no contact: the request's email and "
        "name find their leads, mailing contacts and messages.",
    )
    request_id = fields.Many2one("gdpr.request", ondelete="cascade")
    state = fields.Selection(
        [("preview", "Preview"), ("done", "Done")], default="preview", required=True
    )
    line_ids = fields.One2many("gdpr.erasure.wizard.line", "wizard_id")
    blocking = fields.Text(readonly=True)
    warnings = fields.Text(readonly=True)
    restricted = fields.Boolean(readonly=True)
    hold_until = fields.Date(readonly=True)
    partner_count = fields.Integer(string="Contacts", readonly=True)
    record_count = fields.Integer(string="Records", readonly=True)
    confirm = fields.Boolean(
        string="I confirm the irreversible erasure of this person",
        help="The erasure cannot be undone.",
    )
    log_id = fields.Many2one("gdpr.erasure.log", readonly=True)
    result = fields.Text(readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        self.env["gdpr.erasure.engine"]._gdpr_check_manager()
        return super().create(vals_list)

    def _gdpr_compute_preview(self):
        self.ensure_one()
        engine = self.env["gdpr.erasure.engine"]
        emails, names = engine._gdpr_request_identity(
            self.partner_id, self.request_id or None
        )
        plan = self.env["gdpr.erasure.planner"]._gdpr_plan(
            self.partner_id, extra_emails=emails, extra_names=names
        )
        self.line_ids = [fields.Command.clear()] + [
            fields.Command.create(asdict(line)) for line in plan.lines
        ]
        self.write(
            {
                "blocking": "\n".join(plan.blocking) or False,
                "warnings": "\n".join(plan.warnings) or False,
                "restricted": bool(plan.hold_until),
                "hold_until": plan.hold_date,
                "partner_count": len(plan.partner_ids),
                "record_count": plan.record_count,
            }
        )

    def _gdpr_action_open(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Forget This Person"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_refresh(self):
        self._gdpr_compute_preview()
        return self._gdpr_action_open()

    def action_erase(self):
        self.ensure_one()
        self.env["gdpr.erasure.engine"]._gdpr_check_manager()
        if not self.confirm:
            raise UserError(
                self.env._("Tick the confirmation first: the erasure cannot be undone.")
            )
        if self.blocking:
            raise UserError(self.blocking)
        request = self.request_id
        log = self.env["gdpr.erasure.engine"]._gdpr_execute(
            self.partner_id, request=request or None
        )
        if request:
            request.erasure_log_id = log
            request._mark_done()
        if log.restricted_count:
            result = self.env._(
                "Done. Log %(log)s: %(records)s records processed. The contact is "
                "restricted under legal hold until %(date)s; the final erasure is "
                "scheduled for then.",
                log=log.name,
                records=log.record_count,
                date=log.hold_until,
            )
        else:
            result = self.env._(
                "Done. Log %(log)s: %(records)s records processed. The person has "
                "been forgotten.",
                log=log.name,
                records=log.record_count,
            )
        self.write({"state": "done", "log_id": log.id, "result": result})
        return self._gdpr_action_open()

    def action_view_log(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "gdpr.erasure.log",
            "res_id": self.log_id.id,
            "view_mode": "form",
        }


class GdprErasureWizardLine(models.TransientModel):
    _name = "gdpr.erasure.wizard.line"
    _description = "Erasure Preview Line"
    _order = "id"

    wizard_id = fields.Many2one("gdpr.erasure.wizard", ondelete="cascade")
    replay_id = fields.Many2one("gdpr.erasure.replay", ondelete="cascade")
    model = fields.Char(readonly=True)
    model_description = fields.Char(string="Records", readonly=True)
    action = fields.Selection(LOG_ACTION_SELECTION, readonly=True)
    count = fields.Integer(readonly=True)
    rule_id = fields.Many2one("gdpr.erasure.rule", readonly=True)
    reason = fields.Text(readonly=True)
    via = fields.Char(string="Found Through", readonly=True)
