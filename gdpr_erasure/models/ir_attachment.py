# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo import models
from odoo.tools import SQL


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def init(self):
        res = super().init()
        # Deleting attachments sets original_id of their resized copies to
        # NULL: without an index PostgreSQL scans the table once per row.
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS ir_attachment__gdpr_original_id_index "
                "ON ir_attachment (original_id) WHERE original_id IS NOT NULL"
            )
        )
        return res
