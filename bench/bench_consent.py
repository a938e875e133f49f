# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Consents and their event history (only when gdpr_consent is installed).

Shares of partners holding a consent, per purpose and channel; each consent
has the history a double opt-in leaves: requested (pending), then granted or
refused, and for withdrawn consents the withdrawal."""

from bench_clone import clone, table_columns

from odoo.tools import SQL

# (purpose code, channel code, share of partners in %, hash salt, needs phone)
CONSENT_PLAN = [
    ("newsletter", "email", 60, 201, False),
    ("advertising", "email", 40, 202, False),
    ("advertising", "phone", 35, 203, True),
    ("advertising", "post", 20, 204, False),
    ("advertising", "sms", 15, 205, True),
]


def _existing(cr, table, overrides):
    columns = set(table_columns(cr, table))
    return {key: value for key, value in overrides.items() if key in columns}


def generate_consents(gen):
    cr, env = gen.cr, gen.env
    purposes = gen.purposes_by_code
    channels = {
        c.code: c
        for c in env["gdpr.channel"].with_context(active_test=False).search([])
    }
    plan = [row for row in CONSENT_PLAN if row[1] in channels]
    gen.ids["channels"] = {code: channel.id for code, channel in channels.items()}
    Text = env["gdpr.consent.text"]
    texts = {}
    for code in {row[0] for row in plan}:
        texts[code] = Text.create(
            {
                "name": f"Bench consent text {code}",
                "purpose_id": purposes[code].id,
                # the channels this purpose's consents are given on
                "channel_ids": [
                    (6, 0, [channels[row[1]].id for row in plan if row[0] == code])
                ],
                "date_valid_from": "2020-01-01",
                "body": "<p>Ich willige ein, Werbung zu erhalten. "
                "Widerruf jederzeit.</p>",
            }
        )
    Consent = env["gdpr.consent"].with_context(gdpr_consent_no_blacklist_sync=True)
    proto = Consent.create(
        {
            "partner_id": gen.proto_partner.id,
            "purpose_id": purposes["newsletter"].id,
            "channel_id": channels["email"].id,
            "state": "granted",
            "text_id": texts["newsletter"].id,
            "source": "web_form",
        }
    )
    env.flush_all()
    # Granting it activated the newsletter purpose of the prototype partner
    # (a consent is the legal basis of its purpose): the baseline tags, held
    # by the partners with an active newsletter assignment, follow.
    for tag in ("tag_newsletter", "tag_marketing"):
        cr.execute(
            """
            INSERT INTO res_partner_res_partner_category_rel (category_id, partner_id)
            SELECT %s, %s
             WHERE NOT EXISTS (
                   SELECT 1 FROM res_partner_res_partner_category_rel
                    WHERE category_id = %s AND partner_id = %s)
            """,
            [gen.ids[tag], gen.proto_partner.id] * 2,
        )
    proto_event = proto.event_ids[:1]
    validity = {
        code: purposes[code].consent_validity_months
        if "consent_validity_months" in purposes[code]._fields
        else 24
        for code in {row[0] for row in plan}
    }
    cr.execute(
        """
        CREATE TABLE bench.consent (
            id int, partner_id int, n int, purpose_id int, channel_id int,
            text_id int, state text, created timestamp, granted timestamp,
            withdrawn timestamp, expiry date)
        """
    )
    for purpose_code, channel_code, pct, salt, needs_phone in plan:
        cr.execute(
            SQL(
                """
                INSERT INTO bench.consent
                SELECT nextval('gdpr_consent_id_seq')::int, p.id, p.n, %s, %s, %s,
                       x.state, x.created,
                       CASE WHEN x.state IN ('granted', 'withdrawn')
                            THEN x.created + interval '2 hours' END,
                       CASE WHEN x.state = 'withdrawn'
                            THEN x.created + interval '30 days' END,
                       CASE WHEN x.state = 'granted' AND %s > 0
                            THEN (x.created + interval '2 hours'
                                  + make_interval(months => %s))::date END
                  FROM bench.partner p
                  CROSS JOIN LATERAL (
                      SELECT CASE
                               WHEN bench.h(p.n, %s, 100) < 88 THEN 'granted'
                               WHEN bench.h(p.n, %s, 100) < 95 THEN 'withdrawn'
                               WHEN bench.h(p.n, %s, 100) < 98 THEN 'pending'
                               ELSE 'refused' END AS state,
                             (now() at time zone 'UTC') - make_interval(
                                 days => 1 + bench.h(p.n, %s, 600),
                                 secs => bench.h(p.n, %s, 86400)) AS created
                  ) x
                 WHERE p.kind IN ('person', 'contact')
                   AND bench.h(p.n, %s, 100) < %s
                   AND (%s OR p.phone IS NOT NULL)
                UNION ALL
                SELECT nextval('gdpr_consent_id_seq')::int, p.id, p.n, %s, %s, %s,
                       'granted', (now() at time zone 'UTC') - interval '200 days',
                       (now() at time zone 'UTC') - interval '200 days',
                       NULL,
                       CASE WHEN %s > 0 THEN (current_date - 200
                            + make_interval(months => %s))::date END
                  FROM bench.partner p WHERE p.kind = 'subject'
                """,
                purposes[purpose_code].id,
                channels[channel_code].id,
                texts[purpose_code].id,
                validity[purpose_code],
                validity[purpose_code],
                salt + 1,
                salt + 1,
                salt + 1,
                salt + 2,
                salt + 3,
                salt,
                pct,
                not needs_phone,
                purposes[purpose_code].id,
                channels[channel_code].id,
                texts[purpose_code].id,
                validity[purpose_code],
                validity[purpose_code],
            )
        )
    cr.execute("CREATE INDEX ON bench.consent (id)")
    cr.execute("ANALYZE bench.consent")
    gen.counts["consents_inserted"] = clone(
        cr,
        "gdpr_consent",
        proto.id,
        SQL("SELECT * FROM bench.consent"),
        _existing(
            cr,
            "gdpr_consent",
            {
                "id": "s.id",
                "partner_id": "s.partner_id",
                "purpose_id": "s.purpose_id",
                "channel_id": "s.channel_id",
                "text_id": "s.text_id",
                "state": "s.state",
                "scope": SQL(
                    "CASE WHEN s.purpose_id = %s THEN 'newsletter' ELSE 'offers' END",
                    purposes["newsletter"].id,
                ),
                "source": "'web_form'",
                "source_detail": "'Bench-Formular'",
                "company_id": "NULL",
                "date_granted": "s.granted",
                "date_confirmed": "s.granted",
                "date_withdrawn": "s.withdrawn",
                "date_expiry": "s.expiry",
                "date_last_use": "NULL",
                "doi_nonce": "NULL",
                "doi_requested": "s.created",
                "doi_expiry": "NULL",
                "ip_address": "'192.0.2.' || mod(s.n, 250)",
                "user_agent": "'Mozilla/5.0 (Bench)'",
                "create_date": "s.created",
                "write_date": "COALESCE(s.withdrawn, s.granted, s.created)",
            },
        ),
    )
    if proto_event:
        # the history: requested, then granted or refused, then withdrawn
        steps = SQL(
            """
            SELECT c.*, e.old_state, e.new_state, e.source, e.at
              FROM bench.consent c
              CROSS JOIN LATERAL (VALUES
                  (NULL, 'pending', 'web_form', c.created, true),
                  ('pending', CASE WHEN c.state = 'withdrawn' THEN 'granted'
                                   ELSE c.state END,
                   'double_opt_in', c.created + interval '2 hours',
                   c.state <> 'pending'),
                  ('granted', 'withdrawn', 'unsubscribe', c.withdrawn,
                   c.state = 'withdrawn')
              ) e(old_state, new_state, source, at, keep)
             WHERE e.keep
            """
        )
        gen.counts["consent_events_inserted"] = clone(
            cr,
            "gdpr_consent_event",
            proto_event.id,
            steps,
            _existing(
                cr,
                "gdpr_consent_event",
                {
                    "consent_id": "s.id",
                    "partner_id": "s.partner_id",
                    "purpose_id": "s.purpose_id",
                    "channel_id": "s.channel_id",
                    "text_id": "s.text_id",
                    "date": "s.at",
                    "old_state": "s.old_state",
                    "new_state": "s.new_state",
                    "source": "s.source",
                    "source_detail": "'Bench-Formular'",
                    "ip_address": "'192.0.2.' || mod(s.n, 250)",
                    "user_agent": "'Mozilla/5.0 (Bench)'",
                    "note": "NULL",
                    "create_date": "s.at",
                    "write_date": "s.at",
                },
            ),
        )
    # the prototype consent and its event are ordinary valid records of the
    # prototype partner; they stay (consents cannot be deleted by design)
    gen.ids["consent_texts"] = {code: text.id for code, text in texts.items()}
