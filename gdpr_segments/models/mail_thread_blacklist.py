# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo import api, fields, models
from odoo.exceptions import UserError


class MailThreadBlacklist(models.AbstractModel):
    """Documents with an email address (contacts, leads, mailing contacts):
    whether it is the address of a partner the current user may read. The
    separation duty hides documents without a partner by it."""

    _inherit = "mail.thread.blacklist"

    gdpr_email_allowed = fields.Boolean(
        string="Email of an Accessible Contact",
        compute="_compute_gdpr_email_allowed",
        search="_search_gdpr_email_allowed",
        groups="base.group_user",
        help="The email address is the address of a contact you may process.",
    )

    def _gdpr_readable_partners(self):
        # as the user, even inside record rules (evaluated as superuser)
        return (
            self.env["res.partner"].sudo(False).with_context(active_test=False).browse()
        )

    @api.depends("email_normalized")
    @api.depends_context("uid")
    def _compute_gdpr_email_allowed(self):
        emails = {email for email in self.mapped("email_normalized") if email}
        allowed = set()
        if emails:
            allowed = set(
                self._gdpr_readable_partners()
                .search([("email_normalized", "in", list(emails))])
                .mapped("email_normalized")
            )
        for record in self:
            record.gdpr_email_allowed = record.email_normalized in allowed

    def _search_gdpr_email_allowed(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Operation not supported"))
        partners = self._gdpr_readable_partners()._search(
            [("email_normalized", "!=", False)]
        )
        positive = (operator == "=") == value
        return [
            (
                "email_normalized",
                "in" if positive else "not in",
                partners.subselect("email_normalized"),
            )
        ]
