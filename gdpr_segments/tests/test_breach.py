# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from datetime import timedelta

import pytz

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from ..models.gdpr_dpo import DPO_GROUP
from .common import GdprSegmentsCommon


@tagged("post_install", "-at_install", "gdpr_segments")
class TestBreach(GdprSegmentsCommon):
    """The breach register (Art. 33, 34 GDPR) as the DPO works with it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dpo = new_test_user(
            cls.env,
            login="gdpr_breach_dpo",
            name="GDPR Breach DPO Doris",
            groups=f"base.group_user,{DPO_GROUP}",
            tz="Europe/Berlin",
        )
        cls.env.company.gdpr_dpo_user_id = cls.dpo
        cls.sales = cls._create_sales_user()
        cls.Breach = cls.env["gdpr.breach"].with_user(cls.dpo)
        cls.activity_type = cls.env.ref("gdpr_segments.mail_activity_type_gdpr_breach")
        cls.env["res.lang"]._activate_lang("de_DE")
        cls.env["res.lang"]._activate_lang("en_US")
        cls.env["ir.module.module"]._load_module_terms(
            ["gdpr_segments"], ["de_DE"], overwrite=True
        )

    def _breach(self, hours_ago=1, **vals):
        return self.Breach.create(
            {
                "date_discovered": fields.Datetime.now() - timedelta(hours=hours_ago),
                "nature": "confidentiality",
                "description": "Laptop with the customer list stolen",
                "data_category_ids": [(6, 0, self.category_contact.ids)],
                "subject_count": 120,
                "record_count": 480,
                **vals,
            }
        )

    def _deadline_activity(self, breach):
        return breach.activity_ids.filtered(
            lambda a: a.activity_type_id == self.activity_type
        )

    def _close_notified(self, breach):
        breach.write(
            {
                "risk_level": "risk",
                "risk_reasoning": "Contact data only, disk not encrypted",
                "consequences": "Phishing emails",
                "measures": "Passwords reset, customers warned",
            }
        )
        breach.action_assess()
        breach.action_notify_authority()
        breach.action_close()
        return breach

    def test_deadline_72_hours_after_discovery(self):
        breach = self._breach(hours_ago=2)
        self.assertRegex(breach.name, r"^BR/\d{4}/\d{4}$")
        self.assertEqual(breach.state, "new")
        self.assertEqual(
            breach.date_deadline, breach.date_discovered + timedelta(hours=72)
        )
        self.assertFalse(breach.is_overdue)
        self.assertAlmostEqual(breach.hours_left, 70, delta=0.1)
        self.assertRegex(
            breach.deadline_info, r"^(70:00|69:59) h left to notify the authority$"
        )
        # an earlier discovery date moves the deadline
        breach.date_discovered -= timedelta(days=1)
        self.assertEqual(
            breach.date_deadline, breach.date_discovered + timedelta(hours=72)
        )
        self.assertAlmostEqual(breach.hours_left, 46, delta=0.1)

    def test_73_hours_not_notified_is_overdue_with_dpo_activity(self):
        late = self._breach(hours_ago=73)
        recent = self._breach(hours_ago=1)
        overdue = self.Breach.search([("is_overdue", "=", True)])
        self.assertIn(late, overdue)
        self.assertNotIn(recent, overdue)
        self.assertIn(recent, self.Breach.search([("is_overdue", "=", False)]))
        self.assertTrue(late.is_overdue)
        self.assertIn("deadline passed 1:00 h ago", late.deadline_info)
        activity = self._deadline_activity(late)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.dpo)
        self.assertEqual(
            activity.activity_type_id.name, "Notify the Supervisory Authority"
        )
        berlin = pytz.utc.localize(late.date_deadline).astimezone(
            pytz.timezone("Europe/Berlin")
        )
        self.assertEqual(activity.date_deadline, berlin.date())
        # the dashboard shows it in red, to the DPO only
        cards = {
            c["key"]: c
            for c in self.env["gdpr.dashboard"].with_user(self.dpo).get_cards()
        }
        self.assertEqual(cards["breach_overdue"]["severity"], "danger")
        self.assertGreaterEqual(cards["breach_overdue"]["count"], 1)
        self.assertGreaterEqual(cards["breach_to_notify"]["count"], 2)
        sales_cards = self.env["gdpr.dashboard"].with_user(self.sales).get_cards()
        self.assertNotIn("breach_overdue", [c["key"] for c in sales_cards])

    def test_notifying_closes_the_activity_and_stores_the_date(self):
        breach = self._breach(
            hours_ago=5, risk_level="risk", risk_reasoning="Unencrypted"
        )
        breach.action_assess()
        self.assertEqual(breach.state, "assessed")
        before = fields.Datetime.now()
        breach.authority_reference = "LDI-2026-0815"
        breach.action_notify_authority()
        self.assertEqual(breach.state, "notified")
        self.assertGreaterEqual(
            breach.date_authority_notified, before.replace(microsecond=0)
        )
        self.assertEqual(breach.authority_reference, "LDI-2026-0815")
        self.assertFalse(self._deadline_activity(breach))
        self.assertFalse(breach.is_overdue)
        self.assertNotIn(breach, self.Breach.search([("is_overdue", "=", True)]))
        self.assertIn(
            "Supervisory authority notified.",
            "".join(breach.message_ids.mapped("body")),
        )

    def test_late_notification_requires_the_reason(self):
        breach = self._breach(
            hours_ago=80, risk_level="risk", risk_reasoning="Unencrypted"
        )
        with self.assertRaisesRegex(UserError, "reason for the delay"):
            breach.action_notify_authority()
        self.assertEqual(breach.state, "new")
        self.assertTrue(self._deadline_activity(breach))
        breach.late_reason = "The extent was only known after the forensic analysis"
        breach.action_notify_authority()
        self.assertEqual(breach.state, "notified")
        self.assertFalse(breach.is_overdue)
        # notified in time (date entered by the DPO): no reason needed
        on_time = self._breach(hours_ago=80, risk_level="risk", risk_reasoning="x")
        on_time.date_authority_notified = on_time.date_discovered + timedelta(hours=30)
        on_time.action_notify_authority()
        self.assertEqual(on_time.state, "notified")

    def test_not_notifiable_only_without_risk_and_with_reason(self):
        breach = self._breach(risk_level="risk", risk_reasoning="Unencrypted")
        with self.assertRaisesRegex(UserError, "unlikely to result in a risk"):
            breach.action_not_notifiable()
        breach.risk_level = "none"
        with self.assertRaisesRegex(UserError, "Why No Notification"):
            breach.action_not_notifiable()
        breach.not_notifiable_reason = "Encrypted laptop, key not compromised"
        breach.action_not_notifiable()
        self.assertEqual(breach.state, "not_notified")
        self.assertFalse(self._deadline_activity(breach))
        # documented, also when not notified (Art. 33(5))
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            breach.unlink()

    def test_closed_breach_cannot_be_edited_or_deleted(self):
        breach = self._close_notified(self._breach())
        self.assertEqual(breach.state, "closed")
        self.assertTrue(breach.date_closed)
        for env in (self.Breach.env, self.env(su=True)):
            record = breach.with_env(env)
            with self.assertRaisesRegex(UserError, "closed and cannot be modified"):
                record.write({"measures": "Nothing happened"})
            with self.assertRaisesRegex(UserError, "closed and cannot be modified"):
                record.state = "new"
            with self.assertRaisesRegex(UserError, "cannot be deleted"):
                record.unlink()
        self.assertEqual(breach.measures, "Passwords reset, customers warned")
        self.assertTrue(breach.exists())
        # the chatter stays usable
        breach.message_post(body="Audit: file reviewed")
        breach.activity_schedule("mail.mail_activity_data_todo", user_id=self.dpo.id)
        self.assertEqual(len(breach.activity_ids), 1)
        self.assertIn("Audit: file reviewed", breach.message_ids[0].body)

    def test_high_risk_informs_the_data_subjects(self):
        anna = self.Partner.create(
            {"name": "GDPR Breach Anna", "email": "anna@example.com", "lang": "de_DE"}
        )
        bob = self.Partner.create(
            {"name": "GDPR Breach Bob", "email": "bob@example.com", "lang": "en_US"}
        )
        breach = self._breach(
            risk_level="high",
            risk_reasoning="Bank details",
            consequences="Fraudulent direct debits",
            measures="Bank informed",
            partner_ids=[(6, 0, (anna | bob).ids)],
        )
        breach.action_assess()
        breach.action_notify_authority()
        with self.assertRaisesRegex(UserError, "Art. 34"):
            breach.action_close()
        breach.action_send_subject_letter()
        letters = breach.message_ids.filtered(lambda m: m.partner_ids)
        self.assertEqual(sorted(letters.partner_ids.ids), sorted((anna | bob).ids))
        self.assertEqual(len(letters), 2, "one message per person")
        letter_anna = letters.filtered(lambda m: m.partner_ids == anna)
        self.assertIn(
            "Verletzung des Schutzes personenbezogener Daten", letter_anna.body
        )
        self.assertIn("Fraudulent direct debits", letter_anna.body)
        letter_bob = letters.filtered(lambda m: m.partner_ids == bob)
        self.assertIn("Dear GDPR Breach Bob", letter_bob.body)
        self.assertEqual(breach.subject_method, "email")
        self.assertTrue(breach.date_subjects_notified)
        emailed = self.env["mail.notification"].search(
            [
                ("mail_message_id", "in", letters.ids),
                ("notification_type", "=", "email"),
            ]
        )
        self.assertEqual(emailed.res_partner_id, anna | bob)
        breach.action_close()
        self.assertEqual(breach.state, "closed")

    def test_high_risk_exception_of_art_34_3(self):
        breach = self._breach(
            risk_level="high",
            risk_reasoning="Health data",
            consequences="x",
            measures="y",
        )
        breach.action_assess()
        breach.action_notify_authority()
        breach.subject_exception = "unintelligible"
        with self.assertRaisesRegex(UserError, "Art. 34"):
            breach.action_close()
        breach.subject_exception_reason = "AES-256 encrypted, key safe"
        breach.action_close()
        self.assertEqual(breach.state, "closed")

    def test_printed_letter_without_contacts(self):
        # addressed to whom it may concern, in the company's language
        self.env.company.partner_id.lang = "de_DE"
        breach = self._breach(
            risk_level="high", risk_reasoning="x", consequences="Spam"
        )
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "gdpr_segments.action_report_gdpr_breach_letter", breach.ids
            )[0]
            .decode()
        )
        self.assertIn("Sehr geehrte Damen und Herren,", html)
        self.assertIn("Verletzung des Schutzes personenbezogener Daten", html)
        self.assertIn("Spam", html)
        self.assertIn("GDPR Breach DPO Doris", html)
        low = self._breach(risk_level="risk", risk_reasoning="Contact data only")
        low.action_assess()
        with self.assertRaisesRegex(UserError, "high risk"):
            low.action_print_subject_letter()

    def test_sales_user_has_no_access(self):
        breach = self._breach()
        as_sales = self.env["gdpr.breach"].with_user(self.sales)
        with self.assertRaises(AccessError):
            as_sales.create({"nature": "integrity"})
        with self.assertRaises(AccessError):
            as_sales.search([])
        with self.assertRaises(AccessError):
            breach.with_user(self.sales).read(["description"])
        with self.assertRaises(AccessError):
            breach.with_user(self.sales).write({"description": "nothing"})
        with self.assertRaises(AccessError):
            breach.with_user(self.sales).action_assess()
        self.assertEqual(breach.description, "Laptop with the customer list stolen")
        menu = self.env.ref("gdpr_segments.menu_gdpr_breach")
        self.assertNotIn(
            menu, self.env["ir.ui.menu"].with_user(self.sales)._visible_menu_ids()
        )

    def test_german_labels(self):
        env_de = self.Breach.with_context(lang="de_DE").env
        model = env_de["ir.model"]._get("gdpr.breach")
        self.assertEqual(model.name, "Datenschutzverletzung")
        labels = env_de["gdpr.breach"].fields_get(
            ["date_discovered", "date_deadline", "risk_level"], ["string", "selection"]
        )
        self.assertEqual(labels["date_discovered"]["string"], "Entdeckt am")
        self.assertEqual(labels["date_deadline"]["string"], "Meldefrist")
        self.assertEqual(
            dict(labels["risk_level"]["selection"])["high"],
            "Hohes Risiko: auch die Betroffenen benachrichtigen (Art. 34)",
        )
        breach = self._breach(hours_ago=73).with_context(lang="de_DE")
        self.assertIn("überfällig", breach.deadline_info)
        self.assertEqual(
            self._deadline_activity(breach)
            .with_context(lang="de_DE")
            .activity_type_id.name,
            "Aufsichtsbehörde benachrichtigen",
        )
        with self.assertRaisesRegex(UserError, "abgeschlossen"):
            self._close_notified(self._breach()).with_context(lang="de_DE").write(
                {"measures": "x"}
            )
