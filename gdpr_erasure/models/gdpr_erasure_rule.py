# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
import logging

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.safe_eval import safe_eval

from ..erasure.default_rules import DEFAULT_RULES

_logger = logging.getLogger(__name__)

ACTION_SELECTION = [
    ("delete", "Delete"),
    ("anonymize", "Anonymize"),
    ("detach", "Detach"),
    ("keep", "Keep"),
]

SYNCED_PARAM = "gdpr_erasure.default_rules_synced"


class GdprErasureRule(models.Model):
    """What the right-to-be-forgotten cascade does with the records of one
    model that belong to or identify the person (Art. 17 GDPR)."""

    _name = "gdpr.erasure.rule"
    _description = "Erasure Rule"
    _order = "model, sequence, id"

    name = fields.Char(compute="_compute_name", store=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    model_id = fields.Many2one(
        "ir.model", required=True, ondelete="cascade", index=True
    )
    model = fields.Char(
        string="Model Name", related="model_id.model", store=True, index=True
    )
    action = fields.Selection(ACTION_SELECTION, required=True, default="detach")
    domain = fields.Char(
        default="[]",
        help="The rule applies to the found records matching this domain; "
        "the others go to the next rule of the model.",
    )
    field_ids = fields.Many2many(
        "ir.model.fields",
        "gdpr_erasure_rule_field_rel",
        "rule_id",
        "field_id",
        string="Fields to Anonymize",
        domain="[('model_id', '=', model_id), ('store', '=', True)]",
        help="With 'Anonymize': these fields are replaced by neutral values. "
        "Links to the person are always cleared.",
    )
    email_field_ids = fields.Many2many(
        "ir.model.fields",
        "gdpr_erasure_rule_email_field_rel",
        "rule_id",
        "field_id",
        string="Match Email In",
        domain="[('model_id', '=', model_id), ('store', '=', True), "
        "('ttype', 'in', ('char', 'text'))]",
        help="Also find records without a link to the person whose field holds "
        "the person's email address ('Name <email>' forms included).",
    )
    phone_field_ids = fields.Many2many(
        "ir.model.fields",
        "gdpr_erasure_rule_phone_field_rel",
        "rule_id",
        "field_id",
        string="Match Phone In",
        domain="[('model_id', '=', model_id), ('store', '=', True), "
        "('ttype', '=', 'char')]",
        help="Also find records whose field holds one of the person's phone "
        "numbers, in any notation.",
    )
    text_field_ids = fields.Many2many(
        "ir.model.fields",
        "gdpr_erasure_rule_text_field_rel",
        "rule_id",
        "field_id",
        string="Search Text In",
        domain="[('model_id', '=', model_id), ('store', '=', True), "
        "('ttype', 'in', ('char', 'text', 'html', 'json'))]",
        help="Also find records whose field contains the person's email (or "
        "name, see below) anywhere in the text. Needs a full scan: use it "
        "for small tables only.",
    )
    match_name = fields.Boolean(
        string="Match Full Name",
        help="Text search also matches the person's full name. Names are not "
        "unique: only use it for transient technical data.",
    )
    legal_hold = fields.Boolean(
        help="Matching records are under legal retention: they are kept and "
        "the person is restricted (Art. 18 GDPR) until the end of the "
        "retention instead of being erased (Art. 17(3)(b) GDPR).",
    )
    retention_months = fields.Integer(
        string="Retention (months)",
        default=120,
        help="Counted from the end of the calendar year of the hold date (§147(4) AO).",
    )
    hold_date_field_id = fields.Many2one(
        "ir.model.fields",
        ondelete="set null",
        domain="[('model_id', '=', model_id), ('store', '=', True), "
        "('ttype', 'in', ('date', 'datetime'))]",
        help="Date the retention starts from; the creation date when empty.",
    )
    reason = fields.Text(
        translate=True,
        help="Why the records are treated this way; shown in the preview.",
    )
    keep_text_field_ids = fields.Many2many(
        "ir.model.fields",
        "gdpr_erasure_rule_keep_text_field_rel",
        "rule_id",
        "field_id",
        string="Keep Mentions In",
        domain="[('model_id', '=', model_id), ('store', '=', True), "
        "('ttype', 'in', ('char', 'text', 'html'))]",
        help="The person's name, email and phone are replaced in every text "
        "of the records that stay, except in these fields (e.g. the wording "
        "of a contract that must stay as signed).",
    )
    keep_text_reason = fields.Char(
        string="Why Mentions Stay",
        translate=True,
        help="Shown in the preview next to the records whose texts keep the "
        "mentions of the person.",
    )
    default_key = fields.Char(
        readonly=True, copy=False, help="Set on rules shipped with the module."
    )

    _sql_constraints = [
        (
            "retention_positive",
            "CHECK(retention_months >= 0)",
            "The retention period cannot be negative.",
        ),
    ]

    @api.depends("model_id", "action")
    def _compute_name(self):
        actions = dict(self._fields["action"]._description_selection(self.env))
        for rule in self:
            model_name = rule.model_id.name or rule.model or ""
            rule.name = f"{model_name}: {actions.get(rule.action, '')}"

    @api.constrains("domain", "model_id")
    def _check_domain(self):
        for rule in self:
            try:
                domain = safe_eval(rule.domain or "[]")
                if rule.model in self.env:
                    self.env[rule.model].sudo()._search(domain)
            except Exception as exc:
                raise ValidationError(
                    self.env._(
                        "The domain of the rule %(rule)s is not valid: %(error)s",
                        rule=rule.display_name,
                        error=exc,
                    )
                ) from exc

    @api.constrains(
        "field_ids",
        "email_field_ids",
        "phone_field_ids",
        "text_field_ids",
        "keep_text_field_ids",
        "hold_date_field_id",
        "model_id",
    )
    def _check_fields_model(self):
        for rule in self:
            fields_ = (
                rule.field_ids
                | rule.email_field_ids
                | rule.phone_field_ids
                | rule.text_field_ids
                | rule.keep_text_field_ids
                | rule.hold_date_field_id
            )
            wrong = fields_.filtered(lambda f, r=rule: f.model_id != r.model_id)
            if wrong:
                raise ValidationError(
                    self.env._(
                        "The fields %(fields)s do not belong to the model "
                        "%(model)s of the rule.",
                        fields=", ".join(wrong.mapped("name")),
                        model=rule.model_id.name,
                    )
                )

    @api.constrains("keep_text_field_ids", "keep_text_reason")
    def _check_keep_text_reason(self):
        for rule in self:
            if rule.keep_text_field_ids and not rule.keep_text_reason:
                raise ValidationError(
                    self.env._(
                        "The rule %(rule)s keeps the mentions of the person in "
                        "some texts: say why (shown in the preview).",
                        rule=rule.display_name,
                    )
                )

    def _get_domain(self):
        self.ensure_one()
        return safe_eval(self.domain or "[]")

    # ------------------------------------------------------------------
    # Shipped defaults
    # ------------------------------------------------------------------
    def _register_hook(self):
        # A module installed after gdpr_erasure (crm, sale, ...) brings new
        # models: create their default rules on the next registry load.
        res = super()._register_hook()
        try:
            with self.env.cr.savepoint():
                self._gdpr_sync_default_rules()
        except Exception:  # pylint: disable=broad-except
            _logger.exception("Could not create the default erasure rules")
        return res

    @api.model
    def _gdpr_sync_default_rules(self):
        """Create the shipped rules whose model is installed and which were
        never created before (a rule the DPO deleted stays deleted)."""
        rules_model = self.sudo().with_context(active_test=False)
        icp = rules_model.env["ir.config_parameter"]
        synced = set(filter(None, (icp.get_param(SYNCED_PARAM) or "").split(",")))
        todo = [
            d
            for d in DEFAULT_RULES
            if d["key"] not in synced and d["model"] in rules_model.env.registry
        ]
        if not todo:
            return rules_model.browse()
        models_ = {
            m.model: m
            for m in rules_model.env["ir.model"].search(
                [("model", "in", [d["model"] for d in todo])]
            )
        }
        existing = set(
            rules_model.search([("default_key", "!=", False)]).mapped("default_key")
        )
        vals_list = []
        for default in todo:
            model = models_.get(default["model"])
            if not model:
                continue
            synced.add(default["key"])
            if default["key"] in existing:
                continue
            vals_list.append(rules_model._gdpr_default_rule_vals(default, model))
        rules = rules_model.create(vals_list)
        rules._gdpr_translate_default_reasons()
        icp.set_param(SYNCED_PARAM, ",".join(sorted(synced)))
        return rules

    @api.model
    def _gdpr_default_rule_vals(self, default, model):
        """Values of the shipped rule ``default`` (a DEFAULT_RULES entry) for
        the installed ``model`` (ir.model)."""
        IrFields = self.env["ir.model.fields"]

        def _fields(names):
            if not names:
                return [(6, 0, [])]
            return [
                (
                    6,
                    0,
                    IrFields.search(
                        [("model_id", "=", model.id), ("name", "in", names)]
                    ).ids,
                )
            ]

        hold_field = default.get("hold_date_field")
        return {
            "model_id": model.id,
            "sequence": default.get("sequence", 10),
            "action": default["action"],
            "domain": default.get("domain", "[]"),
            "field_ids": _fields(default.get("fields")),
            "email_field_ids": _fields(default.get("email")),
            "phone_field_ids": _fields(default.get("phone")),
            "text_field_ids": _fields(default.get("text")),
            "match_name": default.get("match_name", False),
            "legal_hold": default.get("legal_hold", False),
            "retention_months": default.get("retention_months", 0),
            "hold_date_field_id": hold_field
            and IrFields._get(default["model"], hold_field).id,
            "reason": default["reason"]._source,
            "default_key": default["key"],
        }

    @api.model_create_multi
    def create(self, vals_list):
        rules = super().create(vals_list)
        self.env["gdpr.erasure.index"]._gdpr_ensure_indexes()
        return rules

    def write(self, vals):
        res = super().write(vals)
        if {"email_field_ids", "phone_field_ids", "active", "model_id"} & set(vals):
            self.env["gdpr.erasure.index"]._gdpr_ensure_indexes()
        return res

    def _gdpr_translate_default_reasons(self):
        """Give shipped rules the reason in every installed language."""
        by_key = {d["key"]: d for d in DEFAULT_RULES}
        langs = [
            code
            for code, _name in self.env["res.lang"].get_installed()
            if code != "en_US"
        ]
        for rule in self.filtered("default_key"):
            reason = by_key[rule.default_key]["reason"]
            translations = {lang: reason._translate(lang) for lang in langs}
            if translations:
                rule.update_field_translations("reason", translations)
