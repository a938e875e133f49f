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
    "data": [],
    "demo": [],
    "installable": True,
}
