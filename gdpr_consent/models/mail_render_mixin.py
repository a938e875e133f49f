# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo import api, models


class MailRenderMixin(models.AbstractModel):
    _inherit = "mail.render.mixin"

    @api.model
    def _shorten_links(self, html, link_tracker_vals, blacklist=None, base_url=None):
        # the preference center placeholder is replaced per recipient when the
        # mail is sent: it must not become a shared tracked link
        blacklist = list(blacklist or []) + ["/gdpr/preferences"]
        return super()._shorten_links(
            html, link_tracker_vals, blacklist=blacklist, base_url=base_url
        )
