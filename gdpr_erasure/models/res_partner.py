# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.osv import expression

from odoo.addons.gdpr_segments.models.gdpr_dpo import DPO_GROUP


def _mentions(domain, fname):
    return any(
        isinstance(leaf, (list, tuple)) and str(leaf[0]).split(".")[0] == fname
        for leaf in domain or []
    )


def _reads_records(domain):
    """The domain with which the ORM reads given records (``fetch``): the
    records are asked for by their ids, not searched."""
    return (
        len(domain or []) == 1
        and isinstance(domain[0], (list, tuple))
        and tuple(domain[0][:2]) == ("id", "in")
    )


# Set only by the erasure engine and the restriction service (as superuser):
# a user who could write them would hide, expose or "erase" contacts.
ERASURE_FLAGS = {
    "gdpr_erased",
    "gdpr_restricted",
    "gdpr_hold_until",
    "gdpr_previously_erased",
    "gdpr_erasure_date",
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    gdpr_erased = fields.Boolean(
        string="Erased",
        readonly=True,
        copy=False,
        help="The personal data of this contact was erased (Art. 17 GDPR).",
    )
    gdpr_restricted = fields.Boolean(
        string="Processing Restricted",
        readonly=True,
        copy=False,
        index=True,
        help="Processing is restricted (Art. 18 GDPR), on request or because "
        "the contact is kept only for records under legal retention: excluded "
        "from searches, mailings and exports.",
    )
    gdpr_hold_until = fields.Date(
        string="Legal Hold Until",
        readonly=True,
        copy=False,
        index=True,
        help="End of the legal retention; the final erasure is due then.",
    )
    gdpr_previously_erased = fields.Boolean(
        string="Previously Erased",
        readonly=True,
        copy=False,
        help="This email address belonged to a person whose data was erased. "
        "Check with the data protection officer before using it, e.g. for "
        "marketing.",
    )
    gdpr_erasure_date = fields.Datetime(
        string="Erasure Date", readonly=True, copy=False
    )
    gdpr_request_ids = fields.One2many(
        "gdpr.request",
        "partner_id",
        string="Data-Subject Requests",
        groups=DPO_GROUP,
    )
    gdpr_request_count = fields.Integer(
        string="Request Count",
        compute="_compute_gdpr_request_count",
        groups=DPO_GROUP,
    )

    def _compute_gdpr_request_count(self):
        counts = dict(
            self.env["gdpr.request"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.gdpr_request_count = counts.get(partner, 0)

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        # Art. 18 GDPR: restricted contacts are out of every search of every
        # user but the DPO (lists, mailings, exports, many2one pickers, RPC),
        # whatever the domain or the context says. The DPO sees them when the
        # restriction itself is searched for (the filter) or asked for, and
        # reads those found (the form, to lift the restriction);
        # superuser code (sudo: the services, access checks) keeps seeing them.
        if not self.env.su and not (
            self.env["gdpr.dpo"]._is_dpo()
            and (
                self.env.context.get("gdpr_include_restricted")
                or _mentions(domain, "gdpr_restricted")
                or _reads_records(domain)
            )
        ):
            domain = expression.AND([domain or [], [("gdpr_restricted", "=", False)]])
        return super()._search(domain, offset=offset, limit=limit, order=order)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(ERASURE_FLAGS & vals.keys() for vals in vals_list):
            self._gdpr_raise_flags()
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and ERASURE_FLAGS & vals.keys():
            self._gdpr_raise_flags()
        return super().write(vals)

    def _gdpr_raise_flags(self):
        raise AccessError(
            self.env._(
                "Erasure and restriction of a contact are recorded only by "
                "'Forget this person', the data-subject requests and the "
                "retention job, never by editing the contact."
            )
        )

    # ------------------------------------------------------------------
    # Public API (DESIGN.md)
    # ------------------------------------------------------------------
    def _gdpr_erasure_plan(self, extra_emails=()):
        """What the erasure of these partners would do, per model, without
        writing anything (an ErasurePlan; its ``lines`` are the preview).
        DPO only. Works on batches of partners."""
        return self.env["gdpr.erasure.planner"]._gdpr_plan(
            self, extra_emails=extra_emails
        )

    def _gdpr_erase(self, request=None, trigger="manual"):
        """Erase these partners and everything that identifies them, in one
        transaction (all or nothing). DPO only. Returns the audit log."""
        return self.env["gdpr.erasure.engine"]._gdpr_execute(
            self, request=request, trigger=trigger
        )

    def _gdpr_access_data(self):
        """Everything about the person for an Art. 15 / Art. 20 answer."""
        return self.env["gdpr.access.export"]._gdpr_collect(self)

    def action_gdpr_forget(self):
        """Open the 'Forget this person' wizard with its preview."""
        self.ensure_one()
        self.env["gdpr.erasure.engine"]._gdpr_check_manager()
        wizard = self.env["gdpr.erasure.wizard"].create({"partner_id": self.id})
        wizard._gdpr_compute_preview()
        return wizard._gdpr_action_open()

    def action_view_gdpr_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "gdpr_erasure.action_gdpr_request"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def _gdpr_restrict_processing(self, source_detail=None):
        """Art. 18: besides the purposes (gdpr_segments), the contact leaves
        every search, mailing and export of users other than the DPO."""
        assignments = super()._gdpr_restrict_processing(source_detail=source_detail)
        partners = self.sudo().filtered(lambda p: not p.gdpr_restricted)
        partners.write({"gdpr_restricted": True})
        message = self.env._("Processing restricted (Art. 18 GDPR).")
        partners._message_log_batch({partner.id: message for partner in partners})
        return assignments

    def action_gdpr_lift_restriction(self):
        """DPO: end the restriction before the hold ends (e.g. hold rule
        changed); the contact becomes visible again, still archived."""
        self.env["gdpr.erasure.engine"]._gdpr_check_manager()
        self.sudo().write({"gdpr_restricted": False})
        for partner in self:
            partner.message_post(body=self.env._("Restriction of processing lifted."))
        return True
