# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged, users

from .common import GdprSegmentsCommon


@tagged("post_install", "-at_install", "gdpr_segments")
class TestDisclosure(GdprSegmentsCommon):
    def _disclose(self, recipient, **values):
        return self.env["gdpr.disclosure"].create(
            {
                "partner_id": self.partner_ads.id,
                "recipient_id": recipient.id,
                "purpose_id": self.purpose_advertising.id,
                "data_categories": [Command.set(self.category_contact.ids)],
                **values,
            }
        )

    def test_shipped_data_categories(self):
        codes = set(self.env["gdpr.data.category"].search([]).mapped("code"))
        self.assertLessEqual(
            {
                "master_data",
                "contact_data",
                "contract_data",
                "payment_data",
                "communication",
            },
            codes,
        )

    def test_eea_recipient_is_not_third_country(self):
        disclosure = self._disclose(self.recipient_de)
        self.assertEqual(disclosure.country_id, self.country_de)
        self.assertFalse(disclosure.is_third_country)
        self.assertFalse(disclosure.transfer_mechanism)
        self.assertEqual(disclosure.legal_basis, "consent")
        norway = self._disclose(self.recipient_de, country_id=self.country_no.id)
        self.assertFalse(norway.is_third_country, "Norway is in the EEA")
        self.assertEqual(self.partner_ads.gdpr_disclosure_count, 2)

    def test_third_country_takes_recipient_mechanism(self):
        disclosure = self._disclose(self.recipient_us)
        self.assertTrue(disclosure.is_third_country)
        self.assertEqual(disclosure.transfer_mechanism, "dpf")
        self.assertTrue(self.recipient_us.gdpr_is_third_country)
        third = self.Disclosure.search([("is_third_country", "=", True)])
        self.assertIn(disclosure, third)

    def test_third_country_without_mechanism_refused(self):
        """A third-country disclosure without transfer mechanism is refused
        with a clear message and nothing is saved."""
        self.recipient_de.gdpr_transfer_mechanism = False
        with self.assertRaisesRegex(ValidationError, "third country outside the EU"):
            self._disclose(self.recipient_de, country_id=self.country_ch.id)
        disclosure = self._disclose(self.recipient_de)
        with self.assertRaisesRegex(ValidationError, "Choose the transfer mechanism"):
            disclosure.country_id = self.country_us
        self.env.invalidate_all()
        self.assertEqual(disclosure.country_id, self.country_de)
        self.assertEqual(
            self.Disclosure.search_count([("partner_id", "=", self.partner_ads.id)]), 1
        )
        ok = self._disclose(
            self.recipient_de,
            country_id=self.country_ch.id,
            transfer_mechanism="adequacy",
        )
        self.assertTrue(ok.is_third_country)

    def test_disclosure_form(self):
        """In the form, the recipient fills in its country and mechanism."""
        with Form(self.Disclosure) as form:
            form.partner_id = self.partner_ads
            form.purpose_id = self.purpose_newsletter
            form.recipient_id = self.recipient_us
            self.assertEqual(form.country_id, self.country_us)
            self.assertTrue(form.is_third_country)
            self.assertEqual(form.transfer_mechanism, "dpf")
        self.assertEqual(form.record.legal_basis, "consent")

    @users("admin")
    def test_recent_disclosure_cannot_be_deleted(self):
        """Disclosures younger than 24 months cannot be deleted, not even by
        the data protection officer or the superuser; older ones can."""
        recent = self._disclose(self.recipient_de)
        with self.assertRaisesRegex(UserError, "kept for 24 months"):
            recent.unlink()
        with self.assertRaisesRegex(UserError, "kept for 24 months"):
            recent.sudo().unlink()
        self.assertTrue(recent.exists())
        old = self._disclose(
            self.recipient_de,
            date=fields.Date.today() - relativedelta(months=24, days=1),
        )
        old.unlink()
        self.assertFalse(old.exists())

    def test_recipient_fields_tracked(self):
        """Recipient settings are tracked in the recipient's chatter (on a
        partner that exists before the transaction: new ones log creation)."""
        recipient = self.env.ref("base.main_partner")
        recipient.write(
            {
                "gdpr_is_recipient": True,
                "gdpr_transfer_mechanism": "scc",
                "gdpr_dpa_date": "2025-01-15",
            }
        )
        self.env.flush_all()
        self.env.cr.precommit.run()
        messages = self.env["mail.message"].search(
            [("model", "=", "res.partner"), ("res_id", "=", recipient.id)]
        )
        tracked = messages.tracking_value_ids.field_id.mapped("name")
        self.assertIn("gdpr_is_recipient", tracked)
        self.assertIn("gdpr_transfer_mechanism", tracked)
        self.assertIn("gdpr_dpa_date", tracked)

    def test_purge_removes_only_what_was_kept_24_months(self):
        """The purge service of this addon (called by the retention job)."""
        today = fields.Date.today()
        old = today - relativedelta(months=24, days=1)
        # partner_ads' only purpose ended 24 months ago: both old ones go
        also_gone = self._disclose(self.recipient_de, date=old)
        self.assignment_ads.action_end()
        self.assignment_ads.write(
            {"date_start": old - relativedelta(years=1), "date_end": old}
        )
        gone = self._disclose(self.recipient_de, date=old)
        recent = self._disclose(
            self.recipient_de, date=today - relativedelta(months=23)
        )
        other = self.Assignment.create(
            {
                "partner_id": self.partner_contract.id,
                "purpose_id": self.purpose_advertising.id,
            }
        )
        self.env["gdpr.disclosure"].create(
            {
                "partner_id": self.partner_contract.id,
                "recipient_id": self.recipient_de.id,
                "purpose_id": self.purpose_advertising.id,
                "date": old,
            }
        )
        counts = self.env["gdpr.records.purge"]._gdpr_purge(today, chunk=1)
        self.assertFalse(gone.exists())
        self.assertFalse(also_gone.exists())
        self.assertTrue(recent.exists())
        self.assertFalse(self.assignment_ads.exists())  # ended 24 months ago
        self.assertTrue(other.exists())
        # partner_contract still has active purposes: its old disclosure stays
        self.assertEqual(
            self.env["gdpr.disclosure"].search_count(
                [("partner_id", "=", self.partner_contract.id)]
            ),
            1,
        )
        self.assertEqual(counts, {"disclosures_purged": 2, "origins_purged": 1})
