# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
{
    "name": "GDPR Erasure and Data-Subject Requests",
    "summary": "Right to be forgotten through every related record, legal hold, "
    "access export, data-subject requests and retention jobs (DSGVO)",
    "version": "18.0.1.0.0",
    "author": "GDPR Addons Contributors",
    "website": "https://github.com/gdpr-addons/odoo-gdpr",
    "license": "AGPL-3",
    "category": "Data Protection",
    "depends": ["gdpr_segments"],
    "data": [
        "security/gdpr_erasure_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/mail_activity_type_data.xml",
        "data/ir_config_parameter_data.xml",
        "data/gdpr_erasure_rule_data.xml",
        "data/gdpr_retention_cron.xml",
        "report/gdpr_access_report_templates.xml",
        "views/gdpr_erasure_rule_views.xml",
        "views/gdpr_erasure_log_views.xml",
        "views/gdpr_request_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/gdpr_retention_views.xml",
        "wizard/gdpr_erasure_wizard_views.xml",
        "wizard/gdpr_erasure_replay_views.xml",
        "views/gdpr_erasure_menus.xml",
    ],
    "demo": ["demo/gdpr_erasure_demo.xml"],
    "assets": {
        "web.assets_tests": [
            "gdpr_erasure/static/tests/tours/gdpr_erasure_tour.js",
            "gdpr_erasure/static/tests/tours/gdpr_erasure_buttons_de.js",
        ],
    },
    "installable": True,
}
