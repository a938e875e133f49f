# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo import api, models
from odoo.osv import expression


class IrRule(models.Model):
    _inherit = "ir.rule"

    @api.model
    def _compute_domain(self, model_name, mode="read"):
        """Add the separation duty to the rules of documents of optional
        modules (leads, mailing contacts, see ``gdpr.separation``).

        Added here rather than as ir.rule records: those would need the
        models' modules as dependencies, and as group rules they would be
        OR-ed with the sales team's rules ("all leads") instead of
        restricting them. Computed per call, so a module installed later is
        covered at once."""
        domain = super()._compute_domain(model_name, mode)
        if self.env.su:
            return domain
        separation = self.env["gdpr.separation"]._document_domain(model_name)
        if separation is None:
            return domain
        return expression.AND([domain, separation]) if domain else separation
