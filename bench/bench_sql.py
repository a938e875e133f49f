# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Hand-written SQL baselines: what a database administrator would run to
find, erase or anonymize people, and to expire consents, without the ORM.

They work on a temporary table ``bench_target(id)`` of partner ids, so the
same script serves one person (erasure) and 100,000 (retention)."""

from odoo.tools import SQL

# normalized sender address of a message: the part in <...>, else the field
# (the expression gdpr_erasure indexes, so both sides can use that index)
SENDER = (
    "lower(btrim(coalesce(substring(m.email_from from '<([^<>]+)>'), m.email_from)))"
)


def _exists(cr, table):
    cr.execute("SELECT to_regclass(%s) IS NOT NULL", [f"public.{table}"])
    return cr.fetchone()[0]


def set_target(cr, partner_ids=None, from_table=None):
    """(Re)create ``bench_target`` with the partners to process."""
    cr.execute("DROP TABLE IF EXISTS bench_target")
    cr.execute("CREATE TEMP TABLE bench_target (id int PRIMARY KEY, email varchar)")
    if from_table:
        cr.execute(
            SQL(
                "INSERT INTO bench_target SELECT p.id, p.email_normalized "
                "FROM res_partner p WHERE p.id IN (SELECT id FROM %s)",
                SQL.identifier(from_table),
            )
        )
    else:
        cr.execute(
            "INSERT INTO bench_target SELECT id, email_normalized FROM res_partner "
            "WHERE id = ANY(%s)",
            [list(partner_ids)],
        )
    cr.execute("ANALYZE bench_target")


def collect(cr):
    """Temporary tables of the leads and messages of the target partners."""
    cr.execute("DROP TABLE IF EXISTS bench_t_lead, bench_t_msg")
    cr.execute(
        """
        CREATE TEMP TABLE bench_t_lead AS
        SELECT l.id FROM crm_lead l WHERE l.partner_id IN (SELECT id FROM bench_target)
        UNION
        SELECT l.id FROM crm_lead l
         WHERE l.email_normalized IN (SELECT email FROM bench_target
                                       WHERE email IS NOT NULL)
        """
    )
    cr.execute(
        SQL(
            """
            CREATE TEMP TABLE bench_t_msg AS
            SELECT m.id FROM mail_message m
             WHERE m.author_id IN (SELECT id FROM bench_target)
            UNION
            SELECT m.id FROM mail_message m
             WHERE m.model = 'res.partner'
               AND m.res_id IN (SELECT id FROM bench_target)
            UNION
            SELECT m.id FROM mail_message m
             WHERE m.model = 'crm.lead' AND m.res_id IN (SELECT id FROM bench_t_lead)
            UNION
            SELECT m.id FROM mail_message m
             WHERE m.email_from IS NOT NULL AND m.author_id IS NULL
               AND %s IN (SELECT email FROM bench_target WHERE email IS NOT NULL)
            """,
            SQL(SENDER),
        )
    )
    cr.execute("ANALYZE bench_t_lead")
    cr.execute("ANALYZE bench_t_msg")


LOOKUP = [
    ("res.partner", "SELECT count(*) FROM bench_target"),
    ("crm.lead", "SELECT count(*) FROM bench_t_lead"),
    ("mail.message", "SELECT count(*) FROM bench_t_msg"),
    (
        "mail.tracking.value",
        (
            "SELECT count(*) FROM mail_tracking_value "
            "WHERE mail_message_id IN (SELECT id FROM bench_t_msg)"
        ),
    ),
    (
        "mail.activity",
        (
            "SELECT count(*) FROM mail_activity WHERE "
            "(res_model = 'res.partner' AND res_id IN (SELECT id FROM bench_target)) "
            "OR (res_model = 'crm.lead' AND res_id IN (SELECT id FROM bench_t_lead))"
        ),
    ),
    (
        "ir.attachment",
        (
            "SELECT count(*) FROM ir_attachment WHERE "
            "(res_model = 'res.partner' AND res_id IN (SELECT id FROM bench_target)) "
            "OR (res_model = 'crm.lead' AND res_id IN (SELECT id FROM bench_t_lead))"
        ),
    ),
    (
        "mail.followers",
        (
            "SELECT count(*) FROM mail_followers WHERE "
            "partner_id IN (SELECT id FROM bench_target) "
            "OR (res_model = 'res.partner' AND res_id IN (SELECT id FROM bench_target))"
        ),
    ),
    (
        "mailing.trace",
        (
            "SELECT count(*) FROM mailing_trace WHERE "
            "(model = 'res.partner' AND res_id IN (SELECT id FROM bench_target)) "
            "OR email IN (SELECT email FROM bench_target)"
        ),
    ),
    (
        "mailing.contact",
        (
            "SELECT count(*) FROM mailing_contact "
            "WHERE email_normalized IN (SELECT email FROM bench_target)"
        ),
    ),
    (
        "mailing.subscription",
        (
            "SELECT count(*) FROM mailing_subscription WHERE contact_id IN ("
            "SELECT id FROM mailing_contact "
            "WHERE email_normalized IN (SELECT email FROM bench_target))"
        ),
    ),
    (
        "gdpr.partner.purpose",
        (
            "SELECT count(*) FROM gdpr_partner_purpose "
            "WHERE partner_id IN (SELECT id FROM bench_target)"
        ),
    ),
]
CONSENT_LOOKUP = [
    (
        "gdpr.consent",
        (
            "SELECT count(*) FROM gdpr_consent "
            "WHERE partner_id IN (SELECT id FROM bench_target)"
        ),
    ),
    (
        "gdpr.consent.event",
        (
            "SELECT count(*) FROM gdpr_consent_event "
            "WHERE partner_id IN (SELECT id FROM bench_target)"
        ),
    ),
]


def lookup(cr):
    """Find everything about the target partners; counts per model."""
    collect(cr)
    queries = LOOKUP + (CONSENT_LOOKUP if _exists(cr, "gdpr_consent") else [])
    counts = {}
    for model, query in queries:
        cr.execute(query)
        counts[model] = cr.fetchone()[0]
    return counts


def erase(cr):
    """Delete what belongs to the target partners and anonymize the partner
    rows themselves (they may be referenced by accounting or sales)."""
    collect(cr)
    statements = [
        "DELETE FROM mail_message WHERE id IN (SELECT id FROM bench_t_msg)",
        """DELETE FROM mail_activity WHERE
            (res_model = 'res.partner' AND res_id IN (SELECT id FROM bench_target))
            OR (res_model = 'crm.lead' AND res_id IN (SELECT id FROM bench_t_lead))""",
        """DELETE FROM ir_attachment WHERE
            (res_model = 'res.partner' AND res_id IN (SELECT id FROM bench_target))
            OR (res_model = 'crm.lead' AND res_id IN (SELECT id FROM bench_t_lead))""",
        """DELETE FROM mail_followers WHERE partner_id IN (SELECT id FROM bench_target)
            OR (res_model = 'res.partner' AND res_id IN (SELECT id FROM bench_target))
            OR (res_model = 'crm.lead' AND res_id IN (SELECT id FROM bench_t_lead))""",
        "DELETE FROM crm_lead WHERE id IN (SELECT id FROM bench_t_lead)",
        """DELETE FROM mailing_trace WHERE
            (model = 'res.partner' AND res_id IN (SELECT id FROM bench_target))
            OR email IN (SELECT email FROM bench_target)""",
        """DELETE FROM mailing_contact
            WHERE email_normalized IN (SELECT email FROM bench_target)""",
        """DELETE FROM res_partner_res_partner_category_rel
            WHERE partner_id IN (SELECT id FROM bench_target)""",
    ]
    if _exists(cr, "gdpr_consent"):
        statements += [
            (
                "DELETE FROM gdpr_consent_event "
                "WHERE partner_id IN (SELECT id FROM bench_target)"
            ),
            (
                "DELETE FROM gdpr_consent "
                "WHERE partner_id IN (SELECT id FROM bench_target)"
            ),
        ]
    statements += [
        (
            "DELETE FROM gdpr_partner_purpose "
            "WHERE partner_id IN (SELECT id FROM bench_target)"
        ),
        """UPDATE res_partner SET
            name = 'Anonymized ' || id, complete_name = 'Anonymized ' || id,
            email = NULL, email_normalized = NULL, phone = NULL,
            phone_sanitized = NULL, mobile = NULL, street = NULL, street2 = NULL,
            zip = NULL, city = NULL, vat = NULL, website = NULL, comment = NULL,
            function = NULL, ref = NULL, commercial_company_name = NULL,
            active = false, write_date = now() at time zone 'UTC'
          WHERE id IN (SELECT id FROM bench_target)""",
        # contacts of an anonymized company carry its name in complete_name
        """UPDATE res_partner c SET
            complete_name = 'Anonymized ' || c.parent_id || ', ' || c.name,
            commercial_company_name = 'Anonymized ' || c.parent_id
          WHERE c.parent_id IN (SELECT id FROM bench_target)
            AND c.id NOT IN (SELECT id FROM bench_target)""",
    ]
    affected = 0
    for statement in statements:
        cr.execute(statement)
        affected += cr.rowcount
    return affected


def expire_consents(cr):
    """The consent expiry as one statement: expire and record the event."""
    cr.execute(
        """
        WITH expired AS (
            UPDATE gdpr_consent
               SET state = 'expired', doi_expiry = NULL, doi_nonce = NULL,
                   write_date = now() at time zone 'UTC', write_uid = 1
             WHERE (state = 'granted' AND date_expiry < current_date)
                OR (state = 'pending' AND doi_expiry < now() at time zone 'UTC')
         RETURNING id, partner_id, purpose_id, channel_id, text_id
        )
        INSERT INTO gdpr_consent_event (consent_id, partner_id, purpose_id,
            channel_id, text_id, date, old_state, new_state, source, user_id,
            create_uid, create_date, write_uid, write_date)
        SELECT e.id, e.partner_id, e.purpose_id, e.channel_id, e.text_id,
               now() at time zone 'UTC', 'granted', 'expired', 'cron', 1,
               1, now() at time zone 'UTC', 1, now() at time zone 'UTC'
          FROM expired e
        """
    )
    return cr.rowcount


# what of the subject is still there (and still personal) after an erasure
LEFT_BEHIND = """
WITH s AS (SELECT id, email, name FROM bench.partner WHERE kind = 'subject'),
t AS (SELECT * FROM bench.subject_truth)
SELECT 'res.partner', count(*) FROM res_partner p, s
 WHERE p.id = s.id AND (p.name = s.name OR p.email_normalized = s.email
                        OR p.complete_name = s.name)
UNION ALL
SELECT 'crm.lead', count(*) FROM crm_lead l, s
 WHERE l.id IN (SELECT res_id FROM t WHERE model = 'crm.lead')
   AND (l.partner_id = s.id OR l.email_normalized = s.email
        OR l.contact_name = s.name)
UNION ALL
SELECT 'mail.message', count(*) FROM mail_message m, s
 WHERE m.id IN (SELECT res_id FROM t WHERE model = 'mail.message')
   AND (m.author_id = s.id OR m.email_from ILIKE '%%' || s.email || '%%'
        OR m.body ILIKE '%%' || s.name || '%%'
        OR m.record_name = s.name)
UNION ALL
SELECT 'mail.tracking.value', count(*) FROM mail_tracking_value v, s
 WHERE v.id IN (SELECT res_id FROM t WHERE model = 'mail.tracking.value')
   AND (v.old_value_char ILIKE '%%' || s.email || '%%'
        OR v.new_value_char ILIKE '%%' || s.email || '%%')
UNION ALL
SELECT 'mail.activity', count(*) FROM mail_activity a
 WHERE a.id IN (SELECT res_id FROM t WHERE model = 'mail.activity')
UNION ALL
SELECT 'ir.attachment', count(*) FROM ir_attachment a
 WHERE a.id IN (SELECT res_id FROM t WHERE model = 'ir.attachment')
UNION ALL
SELECT 'mail.followers', count(*) FROM mail_followers f
 WHERE f.id IN (SELECT res_id FROM t WHERE model = 'mail.followers')
UNION ALL
SELECT 'mailing.trace', count(*) FROM mailing_trace tr, s
 WHERE tr.id IN (SELECT res_id FROM t WHERE model = 'mailing.trace')
   AND tr.email = s.email
UNION ALL
SELECT 'mailing.contact', count(*) FROM mailing_contact c, s
 WHERE c.id IN (SELECT res_id FROM t WHERE model = 'mailing.contact')
   AND (c.email_normalized = s.email OR c.name = s.name)
UNION ALL
SELECT 'mailing.subscription', count(*) FROM mailing_subscription ms
 WHERE ms.id IN (SELECT res_id FROM t WHERE model = 'mailing.subscription')
UNION ALL
SELECT 'gdpr.partner.purpose', count(*) FROM gdpr_partner_purpose pp
 WHERE pp.id IN (SELECT res_id FROM t WHERE model = 'gdpr.partner.purpose')
"""
LEFT_BEHIND_CONSENT = """
UNION ALL
SELECT 'gdpr.consent', count(*) FROM gdpr_consent c
 WHERE c.id IN (SELECT res_id FROM bench.subject_truth WHERE model = 'gdpr.consent')
UNION ALL
SELECT 'gdpr.consent.event', count(*) FROM gdpr_consent_event e
 WHERE e.id IN (SELECT res_id FROM bench.subject_truth
                 WHERE model = 'gdpr.consent.event')
"""


def left_behind(cr):
    """Records of the erasure subject that still exist with personal data."""
    query = LEFT_BEHIND + (LEFT_BEHIND_CONSENT if _exists(cr, "gdpr_consent") else "")
    cr.execute(query.replace("%%", "%"))
    return {model: count for model, count in cr.fetchall() if count}


def still_personal(cr, table="bench_expired"):
    """Partners of ``table`` that still carry their generated name or email."""
    cr.execute(
        SQL(
            """
            SELECT count(*) FROM res_partner p
              JOIN bench.partner b ON b.id = p.id
             WHERE p.id IN (SELECT id FROM %s)
               AND (p.name = b.name OR p.email_normalized = lower(b.email))
            """,
            SQL.identifier(table),
        )
    )
    return cr.fetchone()[0]
