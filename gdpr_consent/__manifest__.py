# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
{
    "name": "GDPR Consent",
    "summary": "Per-channel advertising consent with proof, double opt-in, "
    "preference center and enforcement in email marketing (DSGVO)",
    "version": "18.0.1.0.0",
    "author": "GDPR Addons Contributors",
    "website": "https://github.com/gdpr-addons/odoo-gdpr",
    "license": "AGPL-3",
    "category": "Data Protection",
    "depends": ["gdpr_segments", "mass_mailing", "phone_validation", "sms"],
    "data": [
        "security/ir.model.access.csv",
        "security/gdpr_consent_security.xml",
        "data/gdpr_channel_data.xml",
        "data/gdpr_purpose_data.xml",
        "data/ir_cron_data.xml",
        "data/mail_template_data.xml",
        "views/gdpr_channel_views.xml",
        "views/gdpr_consent_text_views.xml",
        "views/gdpr_consent_event_views.xml",
        "views/gdpr_consent_views.xml",
        "views/gdpr_purpose_views.xml",
        "views/res_partner_views.xml",
        "views/mailing_mailing_views.xml",
        "views/res_config_settings_views.xml",
        "views/gdpr_consent_templates.xml",
        "wizard/gdpr_consent_record_wizard_views.xml",
        "wizard/gdpr_postal_export_wizard_views.xml",
        "views/gdpr_consent_menus.xml",
    ],
    "demo": [
        "demo/gdpr_consent_demo.xml",
    ],
    "installable": True,
    "assets": {
        "web.assets_tests": [
            "gdpr_consent/static/tests/tours/*.js",
        ],
    },
}
