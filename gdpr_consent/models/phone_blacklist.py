# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo import models


class PhoneBlacklist(models.Model):
    """A blacklisted number has withdrawn its phone and SMS consents."""

    _name = "phone.blacklist"
    _inherit = ["phone.blacklist", "gdpr.blacklist.sync"]
    _gdpr_value_field = "number"
    _gdpr_partner_field = "phone_sanitized"
    _gdpr_channel = "phone"
