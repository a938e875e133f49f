# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo.tests import HttpCase, tagged

from .common import NAME, create_person, gdpr_users


@tagged("post_install", "-at_install", "gdpr_erasure")
class TestForgetTour(HttpCase):
    def test_forget_this_person_tour(self):
        dpo, _sales = gdpr_users(self.env)
        person = create_person(self.env)["person"]
        self.start_tour(
            f"/odoo/res.partner/{person.id}",
            "gdpr_erasure_forget_tour",
            login=dpo.login,
        )
        person = person.with_context(active_test=False)
        self.assertTrue(person.gdpr_erased)
        self.assertNotEqual(person.name, NAME)
        log = self.env["gdpr.erasure.log"].search([], limit=1)
        self.assertEqual(log.user_id, dpo)
