# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from datetime import timedelta

from odoo import api, fields, models, tools
from odoo.tools import SQL


class GdprRetentionDue(models.Model):
    """Partners whose every purpose has a retention date (Art. 5(1)(e) GDPR).

    A partner is due on the latest retention date of its purpose assignments;
    a purpose without a retention limit, a restricted assignment (Art. 18) or
    an internal user account keeps it out of the list. A database view, so the list is
    always current and costs one aggregate query, not a stored recompute.
    """

    _name = "gdpr.retention.due"
    _description = "Partner Due for Retention Erasure"
    _auto = False
    _order = "date_due, partner_id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date_due = fields.Date(string="Due Date", readonly=True)
    purpose_count = fields.Integer(string="Purposes", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %s AS (
                    SELECT a.partner_id AS id,
                           a.partner_id,
                           p.company_id,
                           MAX(a.retention_date) AS date_due,
                           COUNT(*) AS purpose_count
                      FROM gdpr_partner_purpose a
                      JOIN res_partner p ON p.id = a.partner_id
                     WHERE p.active
                       AND p.gdpr_erased IS NOT TRUE
                       AND p.gdpr_restricted IS NOT TRUE
                       AND NOT EXISTS (
                           SELECT 1 FROM res_users u
                            WHERE u.partner_id = p.id AND NOT u.share)
                       AND NOT EXISTS (
                           SELECT 1 FROM res_company c WHERE c.partner_id = p.id)
                  GROUP BY a.partner_id, p.company_id
                    HAVING bool_and(a.retention_date IS NOT NULL
                                    AND a.state <> 'restricted')
                )
                """,
                SQL.identifier(self._table),
            )
        )

    @api.model
    def action_open_due_soon(self):
        """Partners due within the company's notice period (Art. 5(1)(e))."""
        today = fields.Date.context_today(self)
        notice = self.env.company.gdpr_retention_notice_days or 14
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Due for Erasure Soon"),
            "res_model": self._name,
            "view_mode": "list",
            "domain": [
                ("date_due", ">=", today),
                ("date_due", "<", today + timedelta(days=notice)),
            ],
            "help": self.env._(
                "<p>No partner loses its last purpose within the next "
                "%(days)s days.</p>",
                days=notice,
            ),
        }
