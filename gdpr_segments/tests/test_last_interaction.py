# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import tagged

from .common import GdprSegmentsCommon


@tagged("post_install", "-at_install", "gdpr_segments")
class TestLastInteraction(GdprSegmentsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.care = cls.Assignment.create(
            {
                "partner_id": cls.partner_none.id,
                "purpose_id": cls.purpose_care.id,
                "date_start": date(2023, 1, 1),
            }
        )

    def _set_last_interaction(self, partners, when):
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_partner SET gdpr_last_interaction = %s WHERE id IN %s",
            (when, tuple(partners.ids)),
        )
        partners.invalidate_recordset(["gdpr_last_interaction"])

    def assertRecent(self, value):
        self.assertTrue(value)
        self.assertLess(abs(fields.Datetime.now() - value), timedelta(minutes=5))

    def test_message_on_partner(self):
        """A message posted on the partner is an interaction and moves the
        retention date of purposes counted from the last interaction."""
        self.assertFalse(self.partner_none.gdpr_last_interaction)
        self.assertEqual(self.care.retention_date, date(2025, 1, 1))
        self.partner_none.message_post(body="Called back", message_type="comment")
        self.assertRecent(self.partner_none.gdpr_last_interaction)
        self.assertEqual(
            self.care.retention_date,
            fields.Date.context_today(self.care) + relativedelta(months=24),
        )

    def test_notification_is_not_interaction(self):
        """System notes and automatic outgoing mailings do not count."""
        self.partner_none._message_log(body="System note")
        self.env["mail.message"].create(
            {
                "model": "res.partner",
                "res_id": self.partner_none.id,
                "message_type": "email_outgoing",
                "body": "Newsletter",
            }
        )
        self.assertFalse(self.partner_none.gdpr_last_interaction)

    def test_recent_value_kept(self):
        """Within the hour no write happens; an older value is replaced."""
        recent = fields.Datetime.now() - timedelta(minutes=10)
        self._set_last_interaction(self.partner_none, recent)
        self.partner_none.message_post(body="Hello", message_type="comment")
        self.assertEqual(self.partner_none.gdpr_last_interaction, recent)
        self._set_last_interaction(self.partner_none, datetime(2024, 1, 1))
        self.partner_none.message_post(body="Hello again", message_type="comment")
        self.assertRecent(self.partner_none.gdpr_last_interaction)

    def test_batch_of_messages(self):
        """Messages on several partners update all of them at once."""
        partners = self.partner_none | self.partner_ads
        self.env["mail.message"].create(
            [
                {
                    "model": "res.partner",
                    "res_id": partner.id,
                    "message_type": "comment",
                    "body": "Batch",
                }
                for partner in partners
            ]
        )
        for partner in partners:
            self.assertRecent(partner.gdpr_last_interaction)

    def test_documents_of_partner(self):
        """Creating a lead, order or invoice for the partner, or a message on
        such a document, is an interaction (only where those apps exist)."""
        if "crm.lead" in self.env:
            lead = self.env["crm.lead"].create(
                {"name": "GDPR lead", "partner_id": self.partner_none.id}
            )
            self.assertRecent(self.partner_none.gdpr_last_interaction)
            self._set_last_interaction(self.partner_none, datetime(2024, 1, 1))
            lead.message_post(body="Offer sent", message_type="comment")
            self.assertRecent(self.partner_none.gdpr_last_interaction)
        if "sale.order" in self.env:
            self.env["sale.order"].create({"partner_id": self.partner_ads.id})
            self.assertRecent(self.partner_ads.gdpr_last_interaction)
        # an incoming email from the partner counts on any document
        self._set_last_interaction(self.partner_contract, datetime(2024, 1, 1))
        self.partner_ended.message_post(
            body="Reply",
            message_type="email",
            author_id=self.partner_contract.id,
        )
        self.assertRecent(self.partner_contract.gdpr_last_interaction)
        self.assertRecent(self.partner_ended.gdpr_last_interaction)
