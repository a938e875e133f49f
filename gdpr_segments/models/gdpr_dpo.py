# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The data protection officer (Art. 37-39 GDPR): one answer to "who is the
DPO" and "may this user do what only the DPO may", for all three addons."""

from odoo import api, models
from odoo.exceptions import AccessError

# The only place outside XML that names the DPO group: import it from here.
DPO_GROUP = "gdpr_segments.group_gdpr_manager"


class GdprDpo(models.AbstractModel):
    """Service used by every DPO-only method. Checked inside the methods,
    not in the UI, because RPC reaches every public method of a model."""

    _name = "gdpr.dpo"
    _description = "Data Protection Officer Service"

    @api.model
    def _is_dpo(self, user=None):
        """True for superuser code and for users of the DPO group."""
        if user is None:
            if self.env.su:
                return True
            user = self.env.user
        return user.has_group(DPO_GROUP)

    @api.model
    def _check_dpo(self, message=None):
        """Raise a translated AccessError unless the DPO (or sudo) calls."""
        if not self._is_dpo():
            raise AccessError(
                message or self.env._("Only the data protection officer may do this.")
            )

    @api.model
    def _dpo_group(self):
        return self.env.ref(DPO_GROUP)

    @api.model
    def _dpo_users_domain(self):
        """Domain of the users who may be chosen as DPO or as responsible."""
        return [("groups_id", "in", self._dpo_group().id)]

    @api.model
    def _dpo_user(self, company=None):
        """The company's DPO: the configured user, else the first active user
        of the DPO group, else the administrator."""
        company = company or self.env.company
        user = company.sudo().gdpr_dpo_user_id
        if user and user.active and self._is_dpo(user):
            return user
        users = (
            self._dpo_group()
            .sudo()
            .users.filtered(lambda u: u.active and not u._is_superuser())
        )
        return users[:1] or self.env.ref("base.user_admin")
