# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo import models


class MailBlacklist(models.Model):
    """A blacklisted address has withdrawn its email consents."""

    _name = "mail.blacklist"
    _inherit = ["mail.blacklist", "gdpr.blacklist.sync"]
    _gdpr_value_field = "email"
    _gdpr_partner_field = "email_normalized"
    _gdpr_channel = "email"
