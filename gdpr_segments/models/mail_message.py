# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from collections import defaultdict

from odoo import api, models

# Incoming emails and messages or notes written by users. System
# notifications (stage changes, tracking) and automatic outgoing mailings are
# not an interaction: a newsletter must not extend the retention of the data
# it is sent to.
INTERACTION_MESSAGE_TYPES = ("email", "comment")


class MailMessage(models.Model):
    _inherit = "mail.message"

    @api.model_create_multi
    def create(self, vals_list):
        messages = super().create(vals_list)
        messages._gdpr_update_last_interaction()
        return messages

    def _gdpr_update_last_interaction(self):
        """Update the last interaction of the partners concerned by these new
        messages: the partner itself, the partner of the document, and the
        author of an incoming email. One UPDATE for the whole batch."""
        res_ids_by_model = defaultdict(set)
        partner_ids = set()
        for message in self:
            if message.message_type not in INTERACTION_MESSAGE_TYPES:
                continue
            if message.model and message.res_id:
                res_ids_by_model[message.model].add(message.res_id)
            if message.message_type == "email" and message.author_id:
                partner_ids.add(message.author_id.id)
        for model_name, res_ids in res_ids_by_model.items():
            if model_name not in self.env:
                continue
            documents = self.env[model_name].browse(res_ids)
            if hasattr(documents, "_gdpr_interaction_partner_ids"):
                partner_ids |= documents._gdpr_interaction_partner_ids()
        if partner_ids:
            self.env["res.partner"]._gdpr_touch_interaction(partner_ids)
