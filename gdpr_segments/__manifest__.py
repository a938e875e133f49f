# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
{
    "name": "GDPR Purposes and Segments",
    "summary": "Bind partner data to purposes with legal basis, origin, "
    "retention, customer segments and recipients (DSGVO)",
    "version": "18.0.1.0.0",
    "author": "GDPR Addons Contributors",
    "website": "https://github.com/gdpr-addons/odoo-gdpr",
    "license": "AGPL-3",
    "category": "Data Protection",
    "depends": ["contacts", "mail"],
    "data": [
        "security/gdpr_security.xml",
        "security/ir.model.access.csv",
        "data/res_country_group_data.xml",
        "data/gdpr_purpose_data.xml",
        "data/gdpr_data_category_data.xml",
        "data/gdpr_breach_data.xml",
        "data/gdpr_data_subject_category_data.xml",
        "data/gdpr_purpose_record_data.xml",
        "data/gdpr_processor_data.xml",
        "data/gdpr_tom_template.xml",
        "views/gdpr_purpose_views.xml",
        "views/gdpr_partner_purpose_views.xml",
        "views/gdpr_segment_views.xml",
        "views/gdpr_data_category_views.xml",
        "views/gdpr_disclosure_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/gdpr_breach_views.xml",
        "views/gdpr_dashboard_views.xml",
        "report/gdpr_breach_letter.xml",
        "views/gdpr_record_of_processing_views.xml",
        "report/gdpr_record_of_processing_report.xml",
        "views/gdpr_menus.xml",
    ],
    "demo": [
        "demo/gdpr_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "gdpr_segments/static/src/dashboard/*",
        ],
        "web.assets_tests": [
            "gdpr_segments/static/tests/tours/*.js",
        ],
    },
    "installable": True,
    "application": True,
}
