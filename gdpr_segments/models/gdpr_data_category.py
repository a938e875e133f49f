# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo import fields, models


class GdprDataCategory(models.Model):
    """Category of personal data (Art. 30(1)(c) GDPR), used to say which data
    was disclosed to a recipient."""

    _name = "gdpr.data.category"
    _description = "Personal Data Category"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Stable technical code used by integrations and data files.",
    )
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    color = fields.Integer()
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "The data category code must be unique."),
    ]
