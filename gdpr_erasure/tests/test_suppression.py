# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo.tests import tagged

from odoo.addons.gdpr_segments.models.gdpr_dpo import DPO_GROUP

from .common import EMAIL, GdprErasureCase


@tagged("post_install", "-at_install", "gdpr_erasure")
class TestSuppression(GdprErasureCase):
    def test_reimport_is_flagged(self):
        self.person.with_user(self.dpo)._gdpr_erase()
        entry = self.env["gdpr.erasure.suppression"].search([])
        self.assertEqual(len(entry), 1)
        self.assertNotIn("zeisberger", entry.email_hash)
        result = self.env["res.partner"].load(
            ["name", "email"], [["Imported again", f" {EMAIL.upper()} "]]
        )
        self.assertFalse(result["messages"], result["messages"])
        partner = self.env["res.partner"].browse(result["ids"])
        self.assertTrue(partner.gdpr_previously_erased)
        activity = partner.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertIn(activity.user_id, self.env.ref(DPO_GROUP).users)
        self.assertEqual(entry.hit_count, 1)
        # another address is not flagged
        other = self.env["res.partner"].create(
            {"name": "Somebody", "email": "somebody@example.com"}
        )
        self.assertFalse(other.gdpr_previously_erased)
        self.assertFalse(other.activity_ids)

    def test_web_form_lead_is_flagged(self):
        self.person.with_user(self.dpo)._gdpr_erase()
        if "crm.lead" not in self.env:
            # any model with a primary email is checked, e.g. contacts
            record = self.env["res.partner"].create({"name": "Form", "email": EMAIL})
        else:
            record = (
                self.env["crm.lead"]
                .sudo()
                .create({"name": "Website form", "email_from": EMAIL})
            )
        dpo_users = self.env.ref(DPO_GROUP).users
        activity = record.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertIn(activity.user_id, dpo_users)
        self.assertIn("erased", str(activity.note))

    def test_suppression_disabled(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "gdpr_erasure.suppression_enabled", "0"
        )
        self.person.with_user(self.dpo)._gdpr_erase()
        self.assertFalse(self.env["gdpr.erasure.suppression"].search([]))
        partner = self.env["res.partner"].create({"name": "Again", "email": EMAIL})
        self.assertFalse(partner.gdpr_previously_erased)
