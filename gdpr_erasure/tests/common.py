# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
import base64
import json

from markupsafe import Markup

from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase

from odoo.addons.gdpr_segments.models.gdpr_dpo import DPO_GROUP

NAME = "Wilhelmine Zeisberger"
EMAIL = "w.zeisberger@example.com"
PHONE = "+49 40 55512345"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9"
    "awAAAABJRU5ErkJggg=="
)


def gdpr_users(env):
    """A DPO and a sales user (internal user without the DPO group)."""
    sales_groups = ["base.group_user", "base.group_partner_manager"]
    if env.ref("sales_team.group_sale_salesman", raise_if_not_found=False):
        sales_groups.append("sales_team.group_sale_salesman")
    dpo = new_test_user(
        env,
        login="gdpr_dpo",
        name="Dora DPO",
        groups=f"base.group_user,base.group_partner_manager,{DPO_GROUP}",
    )
    sales = new_test_user(env, login="gdpr_sales", groups=",".join(sales_groups))
    return dpo, sales


def create_person(env, name=NAME, email=EMAIL, phone=PHONE):
    """A person with an own delivery address, a colleague at the same
    company, chatter, an attachment, an activity and a purpose."""
    Partner = env["res.partner"].with_context(mail_notify_force_send=False)
    company = Partner.create(
        {"name": "Employer of the person GmbH", "is_company": True}
    )
    colleague = Partner.create(
        {"name": "Colleague Kept", "parent_id": company.id, "email": "kept@example.com"}
    )
    tag = env["res.partner.category"].create({"name": "GDPR test tag"})
    person = Partner.create(
        {
            "name": name,
            "parent_id": company.id,
            "email": email,
            "phone": phone,
            "street": "Musterweg 5",
            "city": "Hamburg",
            "website": "https://person.example.com",
            "comment": f"<p>Notes about {name}</p>",
            "image_1920": base64.b64encode(PNG),
            "category_id": [(6, 0, tag.ids)],
        }
    )
    delivery = Partner.create(
        {
            "name": f"{name} home",
            "type": "delivery",
            "parent_id": person.id,
            "street": "Heimweg 1",
        }
    )
    env["res.partner.bank"].create(
        {"partner_id": person.id, "acc_number": "DE89370400440532013000"}
    )
    person.message_post(
        body=Markup("<p>Phoned %s</p>") % name,
        message_type="comment",
        subtype_xmlid="mail.mt_note",
    )
    # an email from the person received on the colleague's record
    colleague.message_post(
        body="<p>Hello</p>",
        author_id=False,
        email_from=f'"{name}" <{email.upper()}>',
        message_type="email",
    )
    attachment = env["ir.attachment"].create(
        {
            "name": "passport.txt",
            "raw": f"Passport of {name}".encode(),
            "res_model": "res.partner",
            "res_id": person.id,
        }
    )
    person.activity_schedule(summary=f"Call {name}", user_id=env.uid)
    colleague.message_subscribe(partner_ids=person.ids)
    env["gdpr.partner.purpose"].create(
        {
            "partner_id": person.id,
            "purpose_id": env.ref("gdpr_segments.purpose_customer_care").id,
            "origin_type": "event",
            "origin_detail": "Trade fair Hamburg",
        }
    )
    return {
        "person": person,
        "company": company,
        "colleague": colleague,
        "delivery": delivery,
        "attachment": attachment,
        "tag": tag,
    }


class GdprErasureCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, mail_notify_force_send=False))
        cls.dpo, cls.sales = gdpr_users(cls.env)
        data = create_person(cls.env)
        cls.person = data["person"]
        cls.company = data["company"]
        cls.colleague = data["colleague"]
        cls.delivery = data["delivery"]
        cls.attachment = data["attachment"]
        cls.tag = data["tag"]

    def count_messages(self, partner):
        return self.env["mail.message"].search_count(
            [("model", "=", "res.partner"), ("res_id", "=", partner.id)]
        )

    def write_stats(self):
        """Rows inserted, updated and deleted by this transaction so far."""
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) "
            "FROM pg_stat_xact_user_tables"
        )
        return self.env.cr.fetchone()[0]


def json_rpc(case, route, model, method, args):
    """Call ``model.method(*args)`` as the web client does (``route`` is
    ``call_kw`` or ``call_button``) in the session of an HttpCase."""
    payload = {
        "jsonrpc": "2.0",
        "method": "call",
        "id": 1,
        "params": {"model": model, "method": method, "args": args, "kwargs": {}},
    }
    response = case.url_open(
        f"/web/dataset/{route}/{model}/{method}",
        data=json.dumps(payload),
        headers={"Content-Type": "application/json"},
    )
    case.assertEqual(response.status_code, 200)
    return response.json()
