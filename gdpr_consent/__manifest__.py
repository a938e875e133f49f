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
    "depends": ["gdpr_segments", "mass_mailing", "phone_validation"],
    "data": [],
    "demo": [],
    "installable": True,
}
