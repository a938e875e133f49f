# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Art. 21 GDPR across addons: a data-subject request of type objection
(gdpr_erasure) leaves the person in exactly the state the preference center
leaves them in (gdpr_consent's tests assert the same end state)."""

import unittest


def _case_class():
    from odoo.addons.gdpr_consent.tests.common import GdprConsentCommon

    class ObjectionCase(GdprConsentCommon, unittest.TestCase):
        def runTest(self):  # pragma: no cover - only the assertions are used
            pass

    return ObjectionCase


def test_objection_request_has_the_preference_center_outcome(odoo_env):
    case_class = _case_class()
    case_class.env = odoo_env
    case_class._setup_gdpr_consent()
    env = case_class.env
    person = case_class._setup_reachable_person("Ruth Request")
    request = env["gdpr.request"].create(
        {
            "request_type": "objection",
            "partner_id": person.id,
            "email": person.email,
            "channel": "letter",
        }
    )
    request.action_verify()
    request.action_process()
    assert request.state == "done"
    case_class().assertObjected(person)
    events = person.gdpr_consent_ids.event_ids.filtered(
        lambda e: e.new_state == "withdrawn"
    )
    assert set(events.mapped("source")) == {"request"}
    assert set(events.mapped("source_detail")) == {request.name}
