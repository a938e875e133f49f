# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The erasure rules shipped with the module (see gdpr.erasure.rule)."""

from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

# Shipped defaults. Each one is created as a normal, editable rule as soon as
# its model exists in the database (now or when the module is installed
# later), so that gdpr_erasure never depends on crm, sale, account, ...
# Keys identify a default: a rule the DPO deletes is not created again.
DEFAULT_RULES = [
    {
        "key": "mail.message",
        "model": "mail.message",
        "action": "delete",
        "email": ["email_from"],
        "reason": _lt(
            "Messages written by or sent to the person, and the chatter of "
            "erased records, are deleted with their tracking values."
        ),
    },
    {
        "key": "mail.mail",
        "model": "mail.mail",
        "action": "delete",
        "text": ["email_to", "email_cc"],
        "reason": _lt("Queued and sent emails addressed to the person are deleted."),
    },
    {
        "key": "mail.notification",
        "model": "mail.notification",
        "action": "delete",
        "email": ["mail_email_address"],
        "reason": _lt("Delivery notifications to the person are deleted."),
    },
    {
        "key": "mail.activity",
        "model": "mail.activity",
        "action": "delete",
        "reason": _lt("Activities planned on erased records are deleted."),
    },
    {
        "key": "mail.followers",
        "model": "mail.followers",
        "action": "delete",
        "reason": _lt("The person no longer follows any document."),
    },
    {
        "key": "ir.attachment",
        "model": "ir.attachment",
        "action": "delete",
        "reason": _lt(
            "Files of erased records are deleted, including their content in "
            "the filestore."
        ),
    },
    {
        "key": "mail.blacklist",
        "model": "mail.blacklist",
        "action": "delete",
        "email": ["email"],
        "reason": _lt(
            "The blacklisted address is personal data; the suppression hash "
            "replaces it."
        ),
    },
    {
        "key": "phone.blacklist",
        "model": "phone.blacklist",
        "action": "delete",
        "phone": ["number"],
        "reason": _lt("The blacklisted phone number is personal data."),
    },
    {
        "key": "bus.bus",
        "model": "bus.bus",
        "action": "delete",
        "text": ["message"],
        "match_name": True,
        "reason": _lt(
            "Pending live notifications that mention the person are deleted."
        ),
    },
    {
        "key": "mail.message.reaction",
        "model": "mail.message.reaction",
        "action": "delete",
        "reason": _lt("Reactions of the person are deleted."),
    },
    {
        "key": "discuss.channel.member",
        "model": "discuss.channel.member",
        "action": "delete",
        "reason": _lt("The person leaves every discussion channel."),
    },
    {
        "key": "rating.rating",
        "model": "rating.rating",
        "action": "delete",
        "reason": _lt("Ratings given by the person are deleted."),
    },
    {
        "key": "gdpr.partner.purpose",
        "model": "gdpr.partner.purpose",
        "action": "delete",
        "reason": _lt(
            "Purpose assignments end with the person; the audit log keeps "
            "the proof that the data was erased."
        ),
    },
    {
        "key": "gdpr.disclosure",
        "model": "gdpr.disclosure",
        "action": "delete",
        "reason": _lt(
            "Disclosures are deleted; notify the recipients of the erasure "
            "(Art. 19 GDPR)."
        ),
    },
    {
        "key": "gdpr.consent",
        "model": "gdpr.consent",
        "action": "delete",
        "reason": _lt("Consents are deleted together with their proof."),
    },
    {
        "key": "gdpr.consent.event",
        "model": "gdpr.consent.event",
        "action": "delete",
        "reason": _lt(
            "The consent history is deleted with the person (Art. 17 GDPR); "
            "only erasure can remove it."
        ),
    },
    {
        "key": "gdpr.request",
        "model": "gdpr.request",
        "action": "anonymize",
        "fields": ["partner_name", "email", "description"],
        "email": ["email"],
        "reason": _lt(
            "Requests stay as proof of their handling, without the name and "
            "email of the requester; their files (access exports) are deleted."
        ),
    },
    {
        "key": "res.users",
        "model": "res.users",
        "action": "anonymize",
        "fields": ["login", "signature"],
        "reason": _lt(
            "Portal accounts are archived, their login and name replaced; "
            "internal users are refused."
        ),
    },
    {
        "key": "crm.lead",
        "model": "crm.lead",
        "action": "delete",
        "email": ["email_normalized"],
        "phone": ["phone_sanitized"],
        "reason": _lt(
            "Leads and opportunities of the person, also when only the email "
            "or phone matches, are deleted."
        ),
    },
    {
        "key": "mailing.contact",
        "model": "mailing.contact",
        "action": "delete",
        "email": ["email_normalized"],
        "reason": _lt("Mailing list contacts with the person's email are deleted."),
    },
    {
        "key": "mailing.trace",
        "model": "mailing.trace",
        "action": "delete",
        "email": ["email"],
        "reason": _lt("Mailing statistics of the person are deleted."),
    },
    {
        "key": "sms.sms",
        "model": "sms.sms",
        "action": "delete",
        "phone": ["number"],
        "reason": _lt("Text messages to the person are deleted."),
    },
    {
        "key": "calendar.attendee",
        "model": "calendar.attendee",
        "action": "delete",
        "reason": _lt("The person's attendance of calendar events is deleted."),
    },
    {
        "key": "calendar.event",
        "model": "calendar.event",
        "action": "detach",
        "reason": _lt(
            "Calendar events stay for the other attendees; the person is "
            "removed from them."
        ),
    },
    {
        "key": "sale.order.quotation",
        "model": "sale.order",
        "sequence": 5,
        "action": "delete",
        "domain": "[('state', 'in', ('draft', 'sent', 'cancel'))]",
        "reason": _lt("Quotations that never became an order are deleted."),
    },
    {
        "key": "sale.order",
        "model": "sale.order",
        "action": "keep",
        "legal_hold": True,
        "retention_months": 72,
        "hold_date_field": "date_order",
        "reason": _lt(
            "Confirmed orders and their confirmations are business letters, "
            "kept six years from the end of the calendar year (§257(1) no. 2, "
            "3, (4) HGB, §147(1) no. 2, 3, (3) AO): the person is restricted "
            "(Art. 18 GDPR) instead of erased until then."
        ),
    },
    {
        "key": "account.move.hold",
        "model": "account.move",
        "sequence": 5,
        "action": "keep",
        "domain": "[('state', '!=', 'draft')]",
        "legal_hold": True,
        "retention_months": 96,
        "hold_date_field": "date",
        "reason": _lt(
            "Posted invoices and entries are accounting vouchers, kept eight "
            "years from the end of the calendar year since 1 January 2025 "
            "(§147(1) no. 4, (3) AO, §257(1) no. 4, (4) HGB, §14b(1) UStG): "
            "the person is restricted (Art. 18 GDPR) instead of erased until "
            "then. Their journal items belong to the books (ten years)."
        ),
    },
    {
        "key": "account.move",
        "model": "account.move",
        "action": "delete",
        "domain": "[('state', '=', 'draft')]",
        "reason": _lt("Draft invoices that were never posted are deleted."),
    },
    {
        "key": "account.move.line",
        "model": "account.move.line",
        "action": "keep",
        "domain": "[('parent_state', '!=', 'draft')]",
        "legal_hold": True,
        "retention_months": 120,
        "hold_date_field": "date",
        "reason": _lt(
            "Journal items of posted entries are the books, kept ten years "
            "from the end of the calendar year (§147(1) no. 1, (3) AO, "
            "§257(1) no. 1, (4) HGB)."
        ),
    },
    {
        "key": "account.payment",
        "model": "account.payment",
        "action": "keep",
        "legal_hold": True,
        "retention_months": 96,
        "hold_date_field": "date",
        "reason": _lt(
            "Payments are accounting vouchers, kept eight years from the end of "
            "the calendar year (§147(1) no. 4, (3) AO, §257(1) no. 4, (4) HGB)."
        ),
    },
    {
        "key": "payment.transaction",
        "model": "payment.transaction",
        "action": "anonymize",
        "fields": [
            "partner_name",
            "partner_email",
            "partner_address",
            "partner_zip",
            "partner_city",
            "partner_phone",
        ],
        "reason": _lt(
            "Payment transactions stay for the books without the copied "
            "name, address, email and phone."
        ),
    },
    {
        "key": "project.task",
        "model": "project.task",
        "action": "anonymize",
        "fields": ["email_cc"],
        "text": ["email_cc"],
        "reason": _lt(
            "Tasks stay for the project; the link to the person and copied "
            "email addresses are removed."
        ),
    },
    {
        "key": "project.project",
        "model": "project.project",
        "action": "detach",
        "reason": _lt("Projects stay; the person is removed as customer."),
    },
]
