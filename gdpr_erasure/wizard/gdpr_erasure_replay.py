# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
import base64
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError


class GdprErasureReplay(models.TransientModel):
    """'Re-apply erasures since <date>': after a backup restore, the persons
    erased since the backup are found again by the register of the erasures
    and erased again, with a preview. Also downloads the register."""

    _name = "gdpr.erasure.replay"
    _description = "Re-apply Erasures After a Restore"

    date_from = fields.Date(
        string="Erasures Since",
        required=True,
        default=lambda self: fields.Date.context_today(self),
        help="Usually the date of the restored backup: the erasures logged "
        "since then are re-applied.",
    )
    source = fields.Selection(
        [
            ("file", "Register exported before the restore"),
            ("database", "Erasure logs of this database"),
        ],
        string="Erasures From",
        required=True,
        default="file",
    )
    register_file = fields.Binary(string="Register", attachment=False)
    register_filename = fields.Char()
    export_file = fields.Binary(string="Register File", readonly=True, attachment=False)
    export_filename = fields.Char(readonly=True)
    state = fields.Selection(
        [("draft", "Choose"), ("preview", "Preview"), ("done", "Done")],
        default="draft",
        required=True,
    )
    entry_count = fields.Integer(string="Erasures in the Register", readonly=True)
    match_count = fields.Integer(string="Erasures to Re-apply", readonly=True)
    partner_count = fields.Integer(string="Contacts", readonly=True)
    record_count = fields.Integer(string="Records", readonly=True)
    summary = fields.Text(string="Persons Found", readonly=True)
    blocking = fields.Text(readonly=True)
    line_ids = fields.One2many("gdpr.erasure.wizard.line", "replay_id")
    confirm = fields.Boolean(
        string="I confirm the irreversible erasure of these persons again",
    )
    log_ids = fields.Many2many("gdpr.erasure.log", string="New Logs", readonly=True)
    result = fields.Text(readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        self.env["gdpr.erasure.engine"]._gdpr_check_manager()
        return super().create(vals_list)

    def _gdpr_entries(self):
        self.ensure_one()
        service = self.env["gdpr.erasure.replay.service"]
        if self.source == "database":
            return service._gdpr_entries_from_logs(self.date_from)
        if not self.register_file:
            raise UserError(
                self.env._(
                    "Choose the register file exported from the database in "
                    "which the erasures were made."
                )
            )
        return service._gdpr_entries_from_file(
            base64.b64decode(self.register_file), self.date_from
        )

    def _gdpr_action_open(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Re-apply Erasures"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_export(self):
        """Download the register of the erasures since the date."""
        self.ensure_one()
        data = self.env["gdpr.erasure.replay.service"]._gdpr_export(self.date_from)
        self.write(
            {
                "export_file": base64.b64encode(data),
                "export_filename": f"erasure-register-{self.date_from}.json",
            }
        )
        return self._gdpr_action_open()

    def action_preview(self):
        self.ensure_one()
        entries = self._gdpr_entries()
        matches = self.env["gdpr.erasure.replay.service"]._gdpr_plan(entries)
        totals = defaultdict(int)
        first = {}
        for match in matches:
            for line in match.plan.lines:
                key = (line.model, line.action, line.rule_id)
                totals[key] += line.count
                first.setdefault(key, line)
        partners = self.env["res.partner"].sudo().with_context(active_test=False)
        summary = []
        for match in matches:
            names = partners.browse(match.partner_ids).mapped("display_name")
            summary.append(
                self.env._(
                    "%(ref)s of %(date)s: %(found)s",
                    ref=match.entry["ref"],
                    date=match.entry["date"][:10],
                    found=", ".join(names + match.emails),
                )
            )
        lines = [fields.Command.clear()]
        for key, count in sorted(totals.items(), key=lambda kv: kv[0][:2]):
            model, action, rule_id = key
            line = first[key]
            lines.append(
                fields.Command.create(
                    {
                        "model": model,
                        "model_description": line.model_description,
                        "action": action,
                        "count": count,
                        "rule_id": rule_id,
                        "reason": line.reason,
                        "via": line.via,
                    }
                )
            )
        blocking = [msg for match in matches for msg in match.plan.blocking]
        self.write(
            {
                "state": "preview",
                "entry_count": len(entries),
                "match_count": len(matches),
                "partner_count": sum(len(m.partner_ids) for m in matches),
                "record_count": sum(totals.values()),
                "summary": "\n".join(summary) or False,
                "blocking": "\n".join(blocking) or False,
                "confirm": False,
                "line_ids": lines,
            }
        )
        return self._gdpr_action_open()

    def action_apply(self):
        self.ensure_one()
        if not self.confirm:
            raise UserError(
                self.env._("Tick the confirmation first: the erasure cannot be undone.")
            )
        logs = self.env["gdpr.erasure.replay.service"]._gdpr_apply(self._gdpr_entries())
        self.write(
            {
                "state": "done",
                "log_ids": [fields.Command.set(logs.ids)],
                "result": self.env._(
                    "Done: %(count)s erasures re-applied, %(records)s records "
                    "processed. The verification scan checks them in the "
                    "background.",
                    count=len(logs),
                    records=sum(logs.mapped("record_count")),
                ),
            }
        )
        return self._gdpr_action_open()

    def action_view_logs(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Erasure Logs"),
            "res_model": "gdpr.erasure.log",
            "domain": [("id", "in", self.log_ids.ids)],
            "view_mode": "list,form",
        }
