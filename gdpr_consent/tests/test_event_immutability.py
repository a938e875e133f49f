# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from xmlrpc.client import Fault

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import GdprConsentCommon


@tagged("post_install", "-at_install", "gdpr_consent")
class TestEventImmutability(GdprConsentCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gdpr_consent()
        cls.admin = cls.env.ref("base.user_admin")
        cls.admin.password = "gdpr-admin-pw"
        cls.consent = cls._create_consent(
            cls.partner, cls.purpose_advertising, cls.channel_phone
        )
        cls.event = cls.consent.event_ids

    def test_orm_as_admin_and_superuser(self):
        for env in (self.env(user=self.admin), self.env(user=self.admin, su=True)):
            event = self.event.with_env(env)
            with self.assertRaises(UserError):
                event.write({"new_state": "withdrawn"})
            with self.assertRaises(UserError):
                event.write({"ip_address": "203.0.113.9"})
            with self.assertRaises(UserError):
                event.unlink()
        self.assertTrue(self.event.exists())
        self.assertEqual(self.event.new_state, "granted")
        self.assertFalse(self.event.ip_address)

    @mute_logger("odoo.http")
    def test_rpc_as_admin(self):
        db = self.env.cr.dbname
        uid = self.admin.id
        with self.assertRaises(Fault):
            self.xmlrpc_object.execute(
                db,
                uid,
                "gdpr-admin-pw",
                "gdpr.consent.event",
                "write",
                self.event.ids,
                {"new_state": "withdrawn"},
            )
        with self.assertRaises(Fault):
            self.xmlrpc_object.execute(
                db, uid, "gdpr-admin-pw", "gdpr.consent.event", "unlink", self.event.ids
            )
        with self.assertRaises(Fault):
            # fabricating proof is not possible either
            self.xmlrpc_object.execute(
                db,
                uid,
                "gdpr-admin-pw",
                "gdpr.consent.event",
                "create",
                {
                    "consent_id": self.consent.id,
                    "partner_id": self.partner.id,
                    "purpose_id": self.purpose_advertising.id,
                    "channel_id": self.channel_phone.id,
                    "new_state": "granted",
                    "source": "api",
                },
            )
        # reading works: the history is the proof
        rows = self.xmlrpc_object.execute(
            db,
            uid,
            "gdpr-admin-pw",
            "gdpr.consent.event",
            "read",
            self.event.ids,
            ["new_state"],
        )
        self.assertEqual(rows[0]["new_state"], "granted")
        self.event.invalidate_recordset()
        self.assertTrue(self.event.exists())
        self.assertEqual(self.event.new_state, "granted")
        self.assertEqual(len(self.consent.event_ids), 1)
