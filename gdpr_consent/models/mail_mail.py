# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo import models, tools

PREFERENCE_PLACEHOLDER = "/gdpr/preferences"


class MailMail(models.Model):
    _inherit = "mail.mail"

    def _prepare_outgoing_list(
        self, mail_server=False, recipients_follower_status=None
    ):
        """Replace the generic preference center link of a mailing
        (``<base url>/gdpr/preferences``) by the recipient's personal link."""
        email_list = super()._prepare_outgoing_list(
            mail_server=mail_server,
            recipients_follower_status=recipients_follower_status,
        )
        if not self.mailing_id:
            return email_list
        base_url = self.mailing_id.get_base_url()
        placeholder = f"{base_url}{PREFERENCE_PLACEHOLDER}"
        Partner = self.env["res.partner"].sudo()
        for email_values in email_list:
            body = email_values.get("body")
            if not body or not email_values.get("email_to"):
                continue
            if f'{placeholder}"' not in body and f"{placeholder}'" not in body:
                continue
            partner = Partner.browse()
            if self.model == "res.partner" and self.res_id:
                partner = Partner.browse(self.res_id).exists()
            if not partner:
                email = tools.email_normalize(email_values["email_to"][0])
                partner = email and Partner.search(
                    [("email_normalized", "=", email)], order="id", limit=1
                )
            if not partner:
                continue
            url = partner.gdpr_preference_url
            for quote in ('"', "'"):
                body = body.replace(f"{placeholder}{quote}", f"{url}{quote}")
            email_values["body"] = body
        return email_list
