# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Processors (Art. 28 GDPR): recipients that process personal data on the
company's behalf, with their data processing agreement (AVV) and its review."""

from datetime import timedelta

from odoo import api, fields, models

# How many days before the review date of an agreement the DPO gets an
# activity; the system parameter of the same name overrides it.
DPA_REVIEW_NOTICE_DAYS = 30
DPA_REVIEW_NOTICE_PARAM = "gdpr_segments.dpa_review_notice_days"
DPA_REVIEW_ACTIVITY = "gdpr_segments.mail_activity_type_dpa_review"


class ResPartner(models.Model):
    _inherit = "res.partner"

    gdpr_is_processor = fields.Boolean(
        string="Processor",
        copy=False,
        tracking=True,
        groups="gdpr_segments.group_gdpr_user",
        help="Processes personal data on behalf of the company and needs a "
        "data processing agreement (Art. 28 GDPR).",
    )
    gdpr_dpa_document = fields.Binary(
        string="Agreement Document",
        attachment=True,
        copy=False,
        groups="gdpr_segments.group_gdpr_user",
        help="The signed data processing agreement (AVV).",
    )
    gdpr_dpa_document_name = fields.Char(
        string="Agreement File Name",
        copy=False,
        groups="gdpr_segments.group_gdpr_user",
    )
    gdpr_dpa_review_date = fields.Date(
        string="Agreement Review Date",
        copy=False,
        tracking=True,
        groups="gdpr_segments.group_gdpr_user",
        help="When the agreement and the processor's technical and "
        "organisational measures are checked again (Art. 28(1) GDPR). The DPO "
        "gets an activity before that day.",
    )
    gdpr_dpa_review_notified = fields.Date(
        string="Review Activity Created For",
        copy=False,
        readonly=True,
        groups="gdpr_segments.group_gdpr_manager",
        help="The review date the DPO's activity was created for: one "
        "activity per review date, even after it is marked as done.",
    )

    @api.model
    def _gdpr_dpa_review_notice_days(self):
        value = (
            self.env["ir.config_parameter"].sudo().get_param(DPA_REVIEW_NOTICE_PARAM)
        )
        return int(value) if value and value.isdigit() else DPA_REVIEW_NOTICE_DAYS

    @api.model
    def _cron_gdpr_dpa_review(self):
        """Daily: an activity for the DPO on each processor whose agreement
        review date is near, once per review date."""
        today = fields.Date.context_today(self)
        limit = today + timedelta(days=self._gdpr_dpa_review_notice_days())
        processors = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("gdpr_is_processor", "=", True),
                    ("gdpr_dpa_review_date", "!=", False),
                    ("gdpr_dpa_review_date", "<=", limit),
                ]
            )
            .filtered(lambda p: p.gdpr_dpa_review_notified != p.gdpr_dpa_review_date)
        )
        Dpo = self.env["gdpr.dpo"]
        for processor in processors:
            company = processor.company_id or self.env.company
            processor.activity_schedule(
                DPA_REVIEW_ACTIVITY,
                date_deadline=max(processor.gdpr_dpa_review_date, today),
                user_id=Dpo._dpo_user(company).id,
            )
            processor.gdpr_dpa_review_notified = processor.gdpr_dpa_review_date
        return processors
