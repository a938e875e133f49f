# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo import http
from odoo.http import request
from odoo.tools import email_normalize

from odoo.addons.mass_mailing.controllers.main import MassMailController


class GdprMassMailController(MassMailController):
    """Odoo's own unsubscribe links become withdrawal events (Art. 7(3))."""

    @http.route()
    def mailing_unsubscribe(
        self, mailing_id, document_id=None, email=None, hash_token=None, **kwargs
    ):
        request.update_context(
            gdpr_consent_event_source="unsubscribe",
            gdpr_consent_event_detail=f"mailing.mailing,{int(mailing_id)}",
        )
        return super().mailing_unsubscribe(
            mailing_id, document_id=document_id, email=email, hash_token=hash_token
        )

    def _mailing_unsubscribe_from_list(self, mailing, document_id, email, hash_token):
        response = super()._mailing_unsubscribe_from_list(
            mailing, document_id, email, hash_token
        )
        email_normalized = email_normalize(email)
        if mailing.gdpr_purpose_id and email_normalized:
            consents = (
                request.env["gdpr.consent"]
                .sudo()
                .search(
                    [
                        ("purpose_id", "=", mailing.gdpr_purpose_id.id),
                        ("channel_id.blacklist_type", "=", "email"),
                        ("state", "in", ("granted", "pending")),
                        ("partner_id.email_normalized", "=", email_normalized),
                    ]
                )
            )
            consents._gdpr_withdraw(
                source="unsubscribe", source_detail=f"mailing.mailing,{mailing.id}"
            )
        return response
