# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo import models

from .gdpr_erasure_engine import email_sql


class MailMessage(models.Model):
    _inherit = "mail.message"

    def init(self):
        res = super().init()
        # Finding the messages of a person who appears only as sender
        # ('Name <email>') must not scan every message.
        self.env["gdpr.erasure.engine"]._gdpr_create_index(
            self._table, "email_from", "gdpr_email", email_sql("email_from")
        )
        return res
