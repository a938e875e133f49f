# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Separation duty (Trennungspflicht): users of the purpose-restricted group
process only the partners held for a purpose their groups are allowed for.

Record rules hide the rest: ``security/gdpr_security.xml`` for res.partner
and the GDPR models, ``_document_domains`` below (applied in ``ir_rule.py``)
for documents of modules this addon does not depend on. Rules do not look
at the target of a write, so the services below are also called where a
restricted user could grant himself access."""

from odoo import api, models
from odoo.exceptions import AccessError

# The only place outside XML that names the restricted group.
RESTRICTED_GROUP = "gdpr_segments.group_gdpr_restricted"


class GdprSeparation(models.AbstractModel):
    _name = "gdpr.separation"
    _description = "Purpose Separation Service"

    @api.model
    def _is_restricted(self):
        """True when the separation applies to the current call: a user of
        the restricted group, not superuser code."""
        return not self.env.su and self.env.user.has_group(RESTRICTED_GROUP)

    @api.model
    def _partner_domain(self):
        """The partners the current user may read, as the record rules say."""
        return self.env["ir.rule"].sudo(False)._compute_domain("res.partner", "read")

    @api.model
    def _document_domains(self, partner_domain):
        """Domain per model of the documents that carry a partner's personal
        data in modules this addon does not depend on, applied with the
        record rules of restricted users where the model is installed.
        Integrators add their models by extending this method.

        :param list partner_domain: the partners the user may read
        """
        # a lead without partner shows when its email is the email of a
        # partner the user may process
        lead = [
            "|",
            ("partner_id", "any", partner_domain),
            "&",
            ("partner_id", "=", False),
            ("gdpr_email_allowed", "=", True),
        ]
        # mailing contacts have no partner: matched by their email
        mailing_contact = [("gdpr_email_allowed", "=", True)]
        return {
            "crm.lead": lead,
            # the messages of the leads, as a report
            "crm.activity.report": [("lead_id", "any", lead)],
            "mailing.contact": mailing_contact,
            "mailing.subscription": [("contact_id", "any", mailing_contact)],
        }

    @api.model
    def _document_domain(self, model_name):
        """Separation domain of a document model for the current user, or
        None where the separation does not apply."""
        if model_name not in self._document_domains([]) or not self._is_restricted():
            return None
        partner_domain = self._partner_domain() or [(1, "=", 1)]
        return self._document_domains(partner_domain)[model_name]

    @api.model
    def _check_values(
        self, vals_list, partner_field="partner_id", purpose_field="purpose_id"
    ):
        """Check the partners and purposes a create or write would set: a
        restricted user records data for purposes he is allowed for, on
        partners he can already read. Needed besides the record rules,
        which do not look at the target of a write."""
        if not self._is_restricted():
            return
        purpose_ids = {
            vals[purpose_field] for vals in vals_list if vals.get(purpose_field)
        }
        partner_ids = {
            vals[partner_field] for vals in vals_list if vals.get(partner_field)
        }
        self._check_purposes(self.env["gdpr.purpose"].browse(purpose_ids))
        self._check_partners(self.env["res.partner"].browse(partner_ids))

    @api.model
    def _check_purposes(self, purposes):
        """Refuse purposes none of the user's groups is allowed for."""
        if not purposes or not self._is_restricted():
            return
        groups = self.env.user.groups_id
        denied = purposes.sudo().filtered(lambda p: not p.allowed_group_ids & groups)
        if denied:
            raise AccessError(
                self.env._(
                    "You may only record data for the purposes your groups are "
                    "allowed for (separation of data by purpose). Not allowed: "
                    "%(purposes)s.",
                    purposes=", ".join(denied.mapped("display_name")),
                )
            )

    @api.model
    def _check_partners(self, partners):
        """Refuse partners the user cannot read already: a restricted user
        cannot make a hidden partner visible by assigning a purpose to it.
        A partner the user creates in the same transaction is his own data
        (the partner form saves the partner and its purposes together)."""
        if not partners or not self._is_restricted():
            return
        partners = partners.sudo(False).with_context(active_test=False).exists()
        hidden = partners - partners._filtered_access("read")
        now = self.env.cr.now()
        hidden = hidden.sudo().filtered(
            lambda p: not (p.create_uid == self.env.user and p.create_date == now)
        )
        if hidden:
            raise AccessError(
                self.env._(
                    "You may only record data for contacts you are allowed to "
                    "process (separation of data by purpose)."
                )
            )
