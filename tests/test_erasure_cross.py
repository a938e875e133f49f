# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Right to be forgotten across every installed module (issue 5).

A person gets leads, chatter messages and emails, attachments, activities,
followers, mailing contacts and traces, calendar events, a portal user, a
sale order, a posted invoice, tasks, consents and disclosures. After the
erasure, every text, varchar and JSON column of every table and every file of
the filestore is scanned for the person's name, email and phone: only the
records kept under legal hold (the invoice) may still hold them.

The scenario commits (the files are removed from the filestore only after the
commit); ``make test`` runs it on a throwaway database.
"""

import base64
import io
import os
import time
import zipfile
from datetime import date

NAME = "Zacharias Quellmalz"
EMAIL = "zq.erasure@example.org"
PHONE = "+49 30 98765432"
NEEDLES = ["Quellmalz", "zq.erasure", "98765432"]
# smallest valid PNG
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9"
    "awAAAABJRU5ErkJggg=="
)
CTX = {"mail_notify_force_send": False, "no_mail_to_attendees": True}


def _create_filled(env, model, vals):
    """Create a record of a model of another addon, filling required fields
    this scenario does not know with the first existing record or a value."""
    Model = env[model]
    vals = dict(vals)
    for fname, field in Model._fields.items():
        if fname in vals or not field.required or field.compute or field.default:
            continue
        if field.type == "many2one":
            comodel = env[field.comodel_name]
            vals[fname] = (
                comodel.search([], limit=1).id
                or comodel.create({"name": f"Scenario {fname}"}).id
            )
        elif field.type == "selection":
            selection = field._description_selection(env)
            vals[fname] = selection[0][0]
        elif field.type in ("char", "text", "html"):
            vals[fname] = "scenario"
        elif field.type in ("date", "datetime"):
            vals[fname] = "2026-01-01"
    return Model.create(vals)


def _build_person(env):
    env = env(context=dict(env.context, **CTX))
    Partner = env["res.partner"]
    company = Partner.create({"name": "Acme Scenario GmbH", "is_company": True})
    colleague = Partner.create(
        {
            "name": "Other Colleague",
            "parent_id": company.id,
            "email": "colleague@example.org",
        }
    )
    tag = env["res.partner.category"].create({"name": "Scenario VIP"})
    person = Partner.create(
        {
            "name": NAME,
            "parent_id": company.id,
            "email": EMAIL,
            "phone": PHONE,
            "mobile": "+49 171 98765432",
            "function": "Buyer",
            "website": "https://quellmalz.example.org",
            "comment": f"<p>{NAME} prefers calls in the morning</p>",
            "image_1920": base64.b64encode(PNG),
            "category_id": [(6, 0, tag.ids)],
        }
    )
    delivery = Partner.create(
        {
            "name": "Quellmalz home",
            "type": "delivery",
            "parent_id": person.id,
            "street": "Quellmalzweg 1",
            "city": "Berlin",
        }
    )
    env["res.partner.bank"].create(
        {"partner_id": person.id, "acc_number": "DE02100100109307118603"}
    )
    data = {"person": person, "company": company, "colleague": colleague}
    data["delivery"] = delivery

    # leads: linked, by email only, by phone only
    Lead = env["crm.lead"]
    lead = Lead.create({"name": "Kitchen offer", "partner_id": person.id})
    Lead.create(
        {
            "name": "Web inquiry",
            "contact_name": NAME,
            "email_from": f"{NAME} <{EMAIL.upper()}>",
        }
    )
    Lead.create({"name": "Phone inquiry", "contact_name": NAME, "phone": PHONE})

    # chatter, emails, attachments, activities, followers
    person.message_post(body=f"<p>Met {NAME} at the fair</p>")
    lead.message_post(
        body=f"<p>Hello {NAME}, here is the offer</p>",
        partner_ids=person.ids,
        message_type="comment",
        subtype_xmlid="mail.mt_comment",
    )
    attachment = env["ir.attachment"].create(
        {
            "name": "quellmalz-offer.txt",
            "raw": f"Offer for {NAME}, {EMAIL}".encode(),
            "res_model": "crm.lead",
            "res_id": lead.id,
        }
    )
    env["ir.attachment"].create(
        {
            "name": "id-card.txt",
            "raw": f"Identity card of {NAME} {PHONE}".encode(),
            "res_model": "res.partner",
            "res_id": person.id,
        }
    )
    lead.activity_schedule(summary=f"Call {NAME}", user_id=env.uid)
    person.activity_schedule(summary=f"Visit {NAME}", user_id=env.uid)
    colleague.message_subscribe(partner_ids=person.ids)

    project = env["project.project"].create({"name": "Scenario fit-out"})
    task = env["project.task"].create(
        {
            "name": "Measure the kitchen",
            "project_id": project.id,
            "partner_id": person.id,
            "email_cc": EMAIL,
        }
    )
    # an email received from the person on a document that stays
    task.message_post(
        body="<p>Please call me back</p>",
        author_id=False,
        email_from=f'"{NAME}" <{EMAIL}>',
        message_type="email",
    )

    # mailing contacts and traces
    mailing_list = env["mailing.list"].create({"name": "Scenario newsletter"})
    contact = env["mailing.contact"].create(
        {"name": NAME, "email": EMAIL, "list_ids": [(6, 0, mailing_list.ids)]}
    )
    mailing = env["mailing.mailing"].create(
        {
            "subject": "Spring news",
            "body_html": "<p>News</p>",
            "mailing_model_id": env["ir.model"]._get_id("mailing.list"),
            "contact_list_ids": [(6, 0, mailing_list.ids)],
        }
    )
    env["mailing.trace"].create(
        {
            "mass_mailing_id": mailing.id,
            "model": "mailing.contact",
            "res_id": contact.id,
            "email": EMAIL,
            "trace_status": "sent",
        }
    )
    env["mail.blacklist"].create({"email": EMAIL})

    # calendar
    event = env["calendar.event"].create(
        {
            "name": "Kitchen planning",
            "start": "2026-03-02 10:00:00",
            "stop": "2026-03-02 11:00:00",
            "partner_ids": [(6, 0, (person | env.user.partner_id).ids)],
        }
    )
    data["event"] = event

    # portal user
    portal = env["res.users"].create(
        {
            "name": NAME,
            "login": EMAIL,
            "partner_id": person.id,
            "groups_id": [(6, 0, [env.ref("base.group_portal").id])],
        }
    )
    data["portal"] = portal

    # sale order, confirmed, and an email about it
    product = env["product.product"].create(
        {"name": "Scenario kitchen", "type": "consu", "list_price": 1000}
    )
    order = env["sale.order"].create(
        {
            "partner_id": person.id,
            "partner_shipping_id": delivery.id,
            "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 1})],
        }
    )
    order.action_confirm()
    order.message_post(
        body=f"<p>Dear {NAME}, your order is confirmed</p>",
        partner_ids=person.ids,
        message_type="comment",
        subtype_xmlid="mail.mt_comment",
    )
    data["order"] = order

    # posted invoice: legal hold
    invoice = env["account.move"].create(
        {
            "move_type": "out_invoice",
            "partner_id": person.id,
            "invoice_line_ids": [
                (0, 0, {"product_id": product.id, "quantity": 1, "price_unit": 1000})
            ],
        }
    )
    invoice.action_post()
    data["invoice"] = invoice

    # purposes, consents, disclosures, the request and its access export
    purpose = env.ref("gdpr_segments.purpose_newsletter")
    env["gdpr.partner.purpose"].create(
        {
            "partner_id": person.id,
            "purpose_id": purpose.id,
            "origin_type": "web_form",
            "origin_detail": f"Form filled by {NAME}",
        }
    )
    if "gdpr.consent" in env:
        channel_model = env["gdpr.consent"]._fields["channel_id"].comodel_name
        channel = env[channel_model].search([("code", "=", "email")], limit=1)
        vals = {
            "partner_id": person.id,
            "purpose_id": purpose.id,
            "channel_id": channel.id,
            "state": "granted",
        }
        consent_fields = env["gdpr.consent"]._fields
        if "text_id" in consent_fields:
            text_model = consent_fields["text_id"].comodel_name
            vals["text_id"] = _create_filled(
                env,
                text_model,
                {"purpose_id": purpose.id, "channel_ids": [(6, 0, channel.ids)]},
            ).id
        consent = _create_filled(env, "gdpr.consent", vals)
        if hasattr(consent, "action_withdraw"):
            consent.action_withdraw()  # a second event in the proof history
        env.flush_all()
    if "gdpr.disclosure" in env:
        recipient_model = env["gdpr.disclosure"]._fields["recipient_id"].comodel_name
        recipient = _create_filled(env, recipient_model, {"name": "Print shop"})
        _create_filled(
            env,
            "gdpr.disclosure",
            {
                "partner_id": person.id,
                "recipient_id": recipient.id,
                "purpose_id": purpose.id,
            },
        )
    # An earlier access request answered with the export (a ZIP with the
    # person's data, attached to that request).
    access = env["gdpr.request"].create(
        {"request_type": "access", "partner_id": person.id, "state": "verified"}
    )
    access.action_process()
    assert access.export_attachment_id
    data["access_request"] = access
    request = env["gdpr.request"].create(
        {
            "request_type": "erasure",
            "partner_id": person.id,
            "partner_name": NAME,
            "email": EMAIL,
            "description": f"{NAME} asks to be forgotten",
            "state": "verified",
        }
    )
    data["request"] = request
    data["attachment"] = attachment
    env.flush_all()
    return data


def _text_columns(cr):
    cr.execute(
        """
        SELECT c.table_name, c.column_name
          FROM information_schema.columns c
          JOIN information_schema.tables t
            ON t.table_name = c.table_name AND t.table_schema = c.table_schema
         WHERE c.table_schema = 'public'
           AND t.table_type = 'BASE TABLE'
           AND c.data_type IN ('text', 'character varying', 'json', 'jsonb')
         ORDER BY 1, 2
        """
    )
    return cr.fetchall()


def _scan_database(cr):
    """Every (table, column, id) whose value contains a needle."""
    from odoo.tools import SQL

    patterns = [f"%{n}%" for n in NEEDLES]
    cr.execute(
        "SELECT table_name FROM information_schema.columns "
        "WHERE table_schema = 'public' AND column_name = 'id'"
    )
    with_id = {row[0] for row in cr.fetchall()}
    hits = []
    for table, column in _text_columns(cr):
        key = SQL.identifier("id") if table in with_id else SQL("NULL")
        cr.execute(
            SQL(
                "SELECT %s FROM %s WHERE %s::text ILIKE ANY(%s)",
                key,
                SQL.identifier(table),
                SQL.identifier(column),
                patterns,
            )
        )
        hits.extend((table, column, row[0]) for row in cr.fetchall())
    return hits


def _allowed_rows(cr, data):
    """Rows of the records kept under legal hold (Art. 17(3)(b))."""
    invoice = data["invoice"].id
    allowed = {("account_move", invoice)}
    cr.execute("SELECT id FROM res_partner WHERE gdpr_restricted")
    allowed |= {("res_partner", r[0]) for r in cr.fetchall()}
    cr.execute("SELECT id FROM account_move_line WHERE move_id = %s", [invoice])
    allowed |= {("account_move_line", r[0]) for r in cr.fetchall()}
    cr.execute(
        "SELECT id FROM mail_message WHERE model = 'account.move' AND res_id = %s",
        [invoice],
    )
    messages = [r[0] for r in cr.fetchall()]
    allowed |= {("mail_message", m) for m in messages}
    if messages:
        cr.execute(
            "SELECT id FROM mail_tracking_value WHERE mail_message_id = ANY(%s)",
            [messages],
        )
        allowed |= {("mail_tracking_value", r[0]) for r in cr.fetchall()}
    cr.execute(
        "SELECT id FROM ir_attachment WHERE res_model = 'account.move' AND res_id = %s",
        [invoice],
    )
    allowed |= {("ir_attachment", r[0]) for r in cr.fetchall()}
    return allowed


def _scan_filestore(path, kept_files, since):
    """Files written during the scenario that mention the person (files of
    earlier runs on a reused database name cannot hold this person)."""
    hits = []
    needles = [n.lower().encode() for n in NEEDLES]
    for root, _dirs, files in os.walk(path):
        for name in files:
            full = os.path.join(root, name)
            if os.path.relpath(full, path) in kept_files:
                continue
            if os.path.getmtime(full) < since:
                continue
            with open(full, "rb") as handle:
                content = handle.read()
            contents = [content.lower()]
            if zipfile.is_zipfile(io.BytesIO(content)):
                with zipfile.ZipFile(io.BytesIO(content)) as archive:
                    contents += [archive.read(n).lower() for n in archive.namelist()]
            if any(n in c for n in needles for c in contents):
                hits.append(full)
    return hits


def test_forget_person_everywhere(odoo_registry):
    from odoo import SUPERUSER_ID, api

    started = time.time() - 1
    with odoo_registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        data = _build_person(env)
        consent_installed = "gdpr.consent" in env
        person = data["person"]
        cr.execute(
            "SELECT store_fname FROM ir_attachment WHERE store_fname IS NOT NULL "
            "AND ((res_model = 'crm.lead' AND res_id = %s) "
            "OR (res_model = 'res.partner' AND res_id = %s) "
            "OR (res_model = 'gdpr.request' AND res_id = %s))",
            [data["attachment"].res_id, person.id, data["access_request"].id],
        )
        files = [r[0] for r in cr.fetchall()]
        assert len(files) >= 3, "the scenario must store files"
        if consent_installed:
            cr.execute(
                "SELECT count(*) FROM gdpr_consent WHERE partner_id = %s", [person.id]
            )
            assert cr.fetchone()[0] == 1
        cr.commit()

        plan = person._gdpr_erasure_plan()
        planned = {(line.model, line.action) for line in plan.lines}
        assert ("account.move", "hold") in planned
        assert ("crm.lead", "delete") in planned
        assert ("res.partner", "restrict") in planned

        log = person._gdpr_erase(request=data["request"])
        cr.commit()
        env.invalidate_all()

        filestore = env["ir.attachment"]._filestore()
        for fname in files:
            assert not os.path.exists(os.path.join(filestore, fname)), fname

        # the invoice is still there, the person restricted (Art. 18)
        invoice = data["invoice"]
        assert invoice.exists() and invoice.state == "posted"
        person = person.with_context(active_test=False)
        assert person.gdpr_restricted and not person.active
        # The invoice is a voucher: eight years from the end of its year. Its
        # journal items (the books, ten years) refer to the person's company.
        invoice_year = data["invoice"].date.year
        assert person.gdpr_hold_until == date(invoice_year + 8, 12, 31)
        assert person.name == NAME, "the name stays for the retained invoice"
        assert not person.email and not person.phone and not person.mobile
        assert not person.image_1920 and not person.category_id
        assert not person.bank_ids
        admin = env.ref("base.user_admin")
        Partner = env["res.partner"].with_user(admin).with_context(active_test=False)
        assert not Partner.search([("name", "ilike", "Quellmalz")])
        assert not Partner.name_search("Quellmalz")
        assert Partner.with_context(gdpr_include_restricted=True).search(
            [("id", "=", person.id)]
        )
        # own address gone, the colleague and the company untouched
        # the invoice refers to the delivery address too: it is restricted
        delivery = data["delivery"].with_context(active_test=False)
        assert delivery.gdpr_erased or delivery.gdpr_restricted
        assert not delivery.active
        assert data["colleague"].active and data["colleague"].name == "Other Colleague"
        assert data["company"].active
        assert data["order"].exists() and data["order"].state == "sale"
        assert data["event"].exists() and person not in data["event"].partner_ids
        portal = data["portal"].with_context(active_test=False)
        assert not portal.active and "quellmalz" not in portal.login.lower()
        assert data["request"].state == "verified" or data["request"].exists()
        if consent_installed:
            cr.execute(
                "SELECT count(*) FROM gdpr_consent WHERE partner_id = %s", [person.id]
            )
            assert cr.fetchone()[0] == 0
            if "gdpr.consent.event" in env:
                event_model = env["gdpr.consent.event"]
                if "partner_id" in event_model._fields:
                    cr.execute(
                        "SELECT count(*) FROM gdpr_consent_event WHERE partner_id = %s",
                        [person.id],
                    )
                    assert cr.fetchone()[0] == 0
        if "gdpr.disclosure" in env:
            cr.execute(
                "SELECT count(*) FROM gdpr_disclosure WHERE partner_id = %s",
                [person.id],
            )
            assert cr.fetchone()[0] == 0

        # the log proves the erasure without personal data
        assert log.request_ref == data["request"].name
        assert log.restricted_count >= 1 and log.record_count > 10

        # no trace of the person outside the legal hold
        allowed = _allowed_rows(cr, data)
        leftovers = [
            hit for hit in _scan_database(cr) if (hit[0], hit[2]) not in allowed
        ]
        assert not leftovers, leftovers
        cr.execute(
            "SELECT store_fname FROM ir_attachment WHERE res_model = 'account.move' "
            "AND res_id = %s AND store_fname IS NOT NULL",
            [invoice.id],
        )
        kept_files = {r[0] for r in cr.fetchall()}
        assert not _scan_filestore(filestore, kept_files, started)
