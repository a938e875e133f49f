# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from markupsafe import Markup

from odoo import api, models


class MailThreadBlacklist(models.AbstractModel):
    """Contacts, leads, mailing contacts...: warn the DPO when an email
    address that belonged to an erased person comes back (import, web form).

    Methods only: a stored field on the mixin would need a column in the
    tables of modules gdpr_erasure does not depend on (crm, mass_mailing);
    contacts carry the flag (res.partner.gdpr_previously_erased)."""

    _inherit = "mail.thread.blacklist"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._gdpr_check_suppression()
        return records

    def write(self, vals):
        res = super().write(vals)
        if vals.get(self._primary_email):
            self._gdpr_check_suppression()
        return res

    def _gdpr_check_suppression(self):
        Suppression = self.env["gdpr.erasure.suppression"].sudo()
        emails = {r.email_normalized for r in self if r.email_normalized}
        if not emails:
            return
        matches = Suppression._gdpr_match(emails)
        hits = self.filtered(lambda r: r.email_normalized in matches)
        if not hits:
            return
        hits = hits.sudo()
        if "gdpr_previously_erased" in hits._fields:
            hits.write({"gdpr_previously_erased": True})
        dpo = self.env["gdpr.dpo"]._dpo_user()
        summary = self.env._("Email of an erased person is back")
        note = self.env._(
            "This email address belonged to a person whose data was erased. "
            "Check the legal basis (e.g. a new consent) before processing it."
        )
        for record in hits:
            if hasattr(record, "activity_schedule"):
                record.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=summary,
                    note=note,
                    user_id=dpo.id,
                )
            else:
                record.message_post(
                    body=Markup("<p>%s</p>") % note,
                    partner_ids=dpo.partner_id.ids,
                    subtype_xmlid="mail.mt_note",
                )
