# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo import fields, models


class GdprDataSubjectCategory(models.Model):
    """Category of data subjects (Art. 30(1)(c) GDPR): whose data a purpose
    processes, e.g. customers, prospects or newsletter subscribers."""

    _name = "gdpr.data.subject.category"
    _description = "Data Subject Category"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Stable technical code used by integrations and data files.",
    )
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "code_unique",
            "unique(code)",
            "The data subject category code must be unique.",
        ),
    ]
