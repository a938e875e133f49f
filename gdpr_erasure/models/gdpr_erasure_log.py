# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
import hashlib
import hmac
import secrets

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import email_normalize

from .gdpr_erasure_rule import ACTION_SELECTION

SALT_PARAM = "gdpr_erasure.hash_salt"
LOG_ACTION_SELECTION = ACTION_SELECTION + [
    ("restrict", "Restrict"),
    ("hold", "Legal hold"),
    ("scrub", "Mentions replaced"),
    ("keep_text", "Mentions kept"),
]


class GdprErasureLog(models.Model):
    """Proof that an erasure happened (Art. 5(2) GDPR), without the data that
    was erased: reference, date, user, counts and a salted email hash."""

    _name = "gdpr.erasure.log"
    _description = "Erasure Log"
    _order = "date desc, id desc"

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        default=lambda self: self.env._("New"),
    )
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    user_id = fields.Many2one(
        "res.users",
        string="Executed By",
        required=True,
        readonly=True,
        ondelete="restrict",
        default=lambda self: self.env.user,
    )
    request_ref = fields.Char(
        string="Request Reference",
        readonly=True,
        help="Reference of the data-subject request, if any.",
    )
    request_id = fields.Many2one("gdpr.request", readonly=True, ondelete="set null")
    trigger = fields.Selection(
        [
            ("manual", "Manual"),
            ("request", "Data-subject request"),
            ("retention", "Retention period"),
            ("replay", "Re-applied after a restore"),
        ],
        required=True,
        readonly=True,
        default="manual",
    )
    replay_ref = fields.Char(
        string="Re-applies",
        readonly=True,
        help="Reference of the erasure that this one re-applied after a "
        "backup restore brought the person back.",
    )
    partner_count = fields.Integer(string="Contacts", readonly=True)
    anonymized_count = fields.Integer(string="Anonymized Contacts", readonly=True)
    restricted_count = fields.Integer(string="Restricted Contacts", readonly=True)
    hold_until = fields.Date(
        readonly=True,
        help="Records under legal retention: the final erasure is due after this date.",
    )
    email_hash = fields.Text(
        string="Email Hashes",
        readonly=True,
        help="Salted SHA-256 hashes of the erased normalized email addresses: "
        "they prove an erasure for a given address without revealing it.",
    )
    file_count = fields.Integer(string="Files Removed", readonly=True)
    identity_hashes = fields.Text(
        readonly=True,
        groups="base.group_system",
        help="Salted hashes of the erased emails, phone numbers and name words "
        "(JSON): the verification scan recognizes residues with them, never "
        "with the identifiers themselves.",
    )
    changed_tables = fields.Text(
        readonly=True,
        groups="base.group_system",
        help="Tables in which the erasure deleted or overwrote rows (vacuumed "
        "by the verification scan).",
    )
    scan_ids = fields.Many2many(
        "gdpr.erasure.scan",
        "gdpr_erasure_scan_log_rel",
        "log_id",
        "scan_id",
        string="Verification Scans",
        readonly=True,
    )
    scan_residue_ids = fields.One2many(
        "gdpr.erasure.scan.residue", "log_id", string="Residues", readonly=True
    )
    scan_summary = fields.Char(string="Verification", compute="_compute_scan_summary")
    line_ids = fields.One2many("gdpr.erasure.log.line", "log_id", readonly=True)
    record_count = fields.Integer(string="Records", compute="_compute_record_count")

    @api.depends("line_ids.count")
    def _compute_record_count(self):
        for log in self:
            log.record_count = sum(log.line_ids.mapped("count"))

    @api.depends("scan_ids.state", "scan_residue_ids.count")
    def _compute_scan_summary(self):
        _ = self.env._
        for log in self:
            scan = log.scan_ids.sorted("id")[-1:]
            residues = log.scan_residue_ids.filtered(lambda r, s=scan: r.scan_id == s)
            if not scan and not log.sudo().identity_hashes:
                log.scan_summary = _("Not verified")
            elif not scan or scan.state in ("queued", "running"):
                log.scan_summary = _("Verification in progress")
            elif not residues:
                log.scan_summary = _("Verified: 0 residues")
            else:
                log.scan_summary = _(
                    "Residues: %(count)s rows in %(tables)s tables",
                    count=sum(residues.mapped("count")),
                    tables=len(set(residues.mapped("table_name"))),
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].sudo().next_by_code(
                    "gdpr.erasure.log"
                ) or self.env._("New")
        return super().create(vals_list)

    def write(self, vals):
        # Accountability (Art. 5(2)): the audit trail cannot be edited, not
        # even by the superuser.
        if vals:
            raise UserError(self.env._("Erasure logs cannot be modified."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("Erasure logs cannot be deleted."))

    # ------------------------------------------------------------------
    # Built from the erasure plan
    # ------------------------------------------------------------------
    @api.model
    def _gdpr_create_from_plan(
        self,
        plan,
        hashes,
        request=None,
        trigger="manual",
        file_count=0,
        identity_hashes=False,
        changed_tables=(),
        replay_ref=False,
    ):
        """The log of an executed :class:`ErasurePlan`: counts per model,
        action and rule, the email hashes, nothing personal."""
        hold = plan.hold_until
        return self.sudo().create(
            {
                "request_id": request.id if request else False,
                "request_ref": request.name if request else False,
                "trigger": "request" if request and trigger == "manual" else trigger,
                "user_id": self.env.uid,
                "partner_count": len(plan.partner_ids),
                "restricted_count": len(hold),
                "anonymized_count": len(plan.partner_ids) - len(hold),
                "hold_until": plan.hold_date,
                "email_hash": "\n".join(hashes) or False,
                "file_count": file_count,
                "identity_hashes": identity_hashes,
                "changed_tables": " ".join(changed_tables) or False,
                "replay_ref": replay_ref,
                "line_ids": [
                    fields.Command.create(vals)
                    for vals in self._gdpr_line_vals_from_plan(plan)
                ],
            }
        )

    @api.model
    def _gdpr_line_vals_from_plan(self, plan):
        descriptions = {line.model: line.model_description for line in plan.lines}
        line_vals = [
            {
                "model": model,
                "model_description": descriptions.get(model, model),
                "action": action,
                "count": count,
                "rule_id": rule_id,
            }
            for (model, action, rule_id), count in plan.counts()
        ]
        line_vals += [
            {
                "model": line.model,
                "model_description": line.model_description,
                "action": line.action,
                "count": line.count,
            }
            for line in plan.cascade_lines()
        ]
        return line_vals

    # ------------------------------------------------------------------
    # Hashing
    # ------------------------------------------------------------------
    @api.model
    def _gdpr_hash_salt(self):
        """Per-database secret salt, created on install."""
        icp = self.env["ir.config_parameter"].sudo()
        salt = icp.get_param(SALT_PARAM)
        if not salt:
            salt = secrets.token_hex(32)
            icp.set_param(SALT_PARAM, salt)
        return salt

    @api.model
    def _gdpr_hash_email(self, email):
        """Salted hash of a normalized email, or False for no/invalid email."""
        normalized = email_normalize(email or "", strict=False)
        if not normalized:
            return False
        salt = self._gdpr_hash_salt().encode()
        return hmac.new(salt, normalized.encode(), hashlib.sha256).hexdigest()


class GdprErasureLogLine(models.Model):
    _name = "gdpr.erasure.log.line"
    _description = "Erasure Log Line"
    _order = "log_id, model, action"

    log_id = fields.Many2one(
        "gdpr.erasure.log", required=True, ondelete="cascade", index=True
    )
    model = fields.Char(required=True, readonly=True)
    model_description = fields.Char(readonly=True)
    action = fields.Selection(LOG_ACTION_SELECTION, required=True, readonly=True)
    count = fields.Integer(readonly=True)
    rule_id = fields.Many2one("gdpr.erasure.rule", readonly=True, ondelete="set null")

    def write(self, vals):
        if vals:
            raise UserError(self.env._("Erasure logs cannot be modified."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("Erasure logs cannot be deleted."))
