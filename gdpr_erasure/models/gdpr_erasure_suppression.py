# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo import api, fields, models

SUPPRESSION_PARAM = "gdpr_erasure.suppression_enabled"


class GdprErasureSuppression(models.Model):
    """Salted hashes of erased email addresses. A later import or form with
    the same address is flagged to the DPO instead of silently re-entering
    marketing; the address itself is not kept."""

    _name = "gdpr.erasure.suppression"
    _description = "Erasure Suppression Entry"
    _order = "date desc, id desc"
    _rec_name = "email_hash"

    email_hash = fields.Char(required=True, readonly=True, index=True)
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    log_id = fields.Many2one("gdpr.erasure.log", readonly=True, ondelete="set null")
    hit_count = fields.Integer(string="Matches", readonly=True)
    last_hit = fields.Datetime(string="Last Match", readonly=True)

    _sql_constraints = [
        ("email_hash_unique", "unique(email_hash)", "The hash is already listed.")
    ]

    @api.model
    def _gdpr_enabled(self):
        value = self.env["ir.config_parameter"].sudo().get_param(SUPPRESSION_PARAM)
        return value not in ("0", "False", "false")

    @api.model
    def _gdpr_add(self, hashes, log=None):
        """Remember the hashes (set-based, duplicates ignored)."""
        hashes = sorted(set(filter(None, hashes)))
        if not hashes or not self._gdpr_enabled():
            return
        known = set(
            self.sudo().search([("email_hash", "in", hashes)]).mapped("email_hash")
        )
        self.sudo().create(
            [
                {"email_hash": h, "log_id": log.id if log else False}
                for h in hashes
                if h not in known
            ]
        )

    @api.model
    def _gdpr_match(self, emails):
        """Return {email: suppression} for the emails of erased persons."""
        if not emails or not self._gdpr_enabled():
            return {}
        Log = self.env["gdpr.erasure.log"]
        by_hash = {}
        for email in emails:
            email_hash = Log._gdpr_hash_email(email)
            if email_hash:
                by_hash.setdefault(email_hash, []).append(email)
        if not by_hash:
            return {}
        entries = self.sudo().search([("email_hash", "in", list(by_hash))])
        result = {}
        for entry in entries:
            for email in by_hash[entry.email_hash]:
                result[email] = entry
        if entries:
            entries.write({"last_hit": fields.Datetime.now()})
            for entry in entries:
                entry.hit_count += 1
        return result
