# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo import Command, fields, models

from .gdpr_record_of_processing import REPORT

# Company fields the DPO maintains without being a settings administrator.
DPO_COMPANY_FIELDS = {"gdpr_tom_description"}
TOM_TEMPLATE = "gdpr_segments.tom_template"


class ResCompany(models.Model):
    _inherit = "res.company"

    gdpr_dpo_user_id = fields.Many2one(
        "res.users",
        string="Data Protection Officer",
        domain=lambda self: self.env["gdpr.dpo"]._dpo_users_domain(),
        help="Receives the activities of data-subject requests, retention "
        "runs and suppression matches of this company.",
    )
    gdpr_tom_description = fields.Html(
        string="Technical and Organisational Measures",
        translate=True,
        help="The measures that protect personal data (Art. 32 GDPR), as "
        "described in the record of processing activities (Art. 30(1)(g)).",
    )
    gdpr_ropa_version = fields.Integer(
        string="Record of Processing Version",
        readonly=True,
        copy=False,
        help="Version of the last printed record of processing activities.",
    )
    gdpr_ropa_attachment_ids = fields.Many2many(
        "ir.attachment",
        "gdpr_company_ropa_attachment_rel",
        "company_id",
        "attachment_id",
        string="Printed Records of Processing",
        readonly=True,
        copy=False,
    )

    def _gdpr_dpo_may_write(self, fnames):
        """Art. 30(1)(g): the DPO keeps the measures up to date, also when he
        may not change the company's other settings."""
        return (
            fnames
            and not self.env.su
            and set(fnames) <= DPO_COMPANY_FIELDS
            and not (self - self.env.user.company_ids)
            and self.env["gdpr.dpo"]._is_dpo()
        )

    def write(self, vals):
        if self._gdpr_dpo_may_write(vals):
            return super(ResCompany, self.sudo()).write(vals)
        return super().write(vals)

    def update_field_translations(self, field_name, translations, source_lang=None):
        companies = self.sudo() if self._gdpr_dpo_may_write([field_name]) else self
        return super(ResCompany, companies).update_field_translations(
            field_name, translations, source_lang=source_lang
        )

    def _gdpr_tom_template(self):
        """The shipped measures, in the language of the environment."""
        return self.env["ir.qweb"]._render(TOM_TEMPLATE, {"company": self})

    def action_gdpr_load_tom_template(self):
        """Replace the measures by the shipped template in every installed
        language, to adapt it afterwards."""
        self.env["gdpr.dpo"]._check_dpo()
        field = self._fields["gdpr_tom_description"]
        langs = [code for code, __ in self.env["res.lang"].get_installed()]
        for company in self.sudo().with_context(lang="en_US"):
            # the source (English) text, then its terms in each language:
            # the template has the same structure in every language
            source = company._gdpr_tom_template()
            company.gdpr_tom_description = source
            terms = field.get_trans_terms(source)
            company.update_field_translations(
                "gdpr_tom_description",
                {
                    lang: dict(
                        zip(
                            terms,
                            field.get_trans_terms(
                                company.with_context(lang=lang)._gdpr_tom_template()
                            ),
                            strict=True,
                        )
                    )
                    for lang in langs
                    if lang != "en_US"
                },
            )
        return True

    def action_gdpr_print_ropa(self):
        """Print the record of processing activities (Art. 30 GDPR) and keep
        the print: each print is a new version, archived on the company."""
        self.ensure_one()
        self.env["gdpr.dpo"]._check_dpo()
        company = self.sudo()
        version = company.gdpr_ropa_version + 1
        content, mimetype, extension = self.env["gdpr.record.processing"]._gdpr_render(
            self, version
        )
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": self.env._(
                        "Record of processing activities %(date)s v%(version)s",
                        date=fields.Date.context_today(self),
                        version=version,
                    )
                    + f".{extension}",
                    "raw": content,
                    "mimetype": mimetype,
                    "res_model": "res.company",
                    "res_id": self.id,
                }
            )
        )
        company.write(
            {
                "gdpr_ropa_version": version,
                "gdpr_ropa_attachment_ids": [Command.link(attachment.id)],
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    def action_gdpr_preview_ropa(self):
        """The record as it would be printed now, without archiving it."""
        self.ensure_one()
        self.env["gdpr.dpo"]._check_dpo()
        action = self.env.ref(REPORT).report_action(self)
        action["report_type"] = "qweb-html"
        return action

    def _gdpr_action_ropa(self):
        """The record of processing of the current company, for the menu."""
        self.env["gdpr.dpo"]._check_dpo()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record of Processing"),
            "res_model": "res.company",
            "res_id": self.env.company.id,
            "view_mode": "form",
            "views": [
                (
                    self.env.ref("gdpr_segments.res_company_view_form_gdpr_ropa").id,
                    "form",
                )
            ],
            "target": "current",
        }
