# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Data generator: fills a fresh database with realistic CRM, chatter,
mailing and GDPR data, set-based.

Every table is filled by ``INSERT ... SELECT`` cloning a *prototype* row
created through the ORM: the prototype brings every column the installed
modules define (defaults, required columns, translated JSON values), and the
generator overrides only what varies per row (names, emails, links, dates,
computed stored fields such as ``complete_name``, ``commercial_partner_id``,
``email_normalized``). Row identifiers come from the tables' own sequences.

A helper schema ``bench`` keeps the generated keys (partner number -> id,
leads, mailing contacts) and the list of records that belong to the
*erasure subject*, the one person with about 10,000 related records."""

import logging
import time

from bench_clone import clone, days_ago, pick
from bench_consent import generate_consents

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

_logger = logging.getLogger("gdpr_bench")

SCALES = {"small": 0.01, "medium": 0.1, "large": 1.0}

SUBJECT_NAME = "Henrike Beispielfrau"
SUBJECT_EMAIL = "henrike.beispielfrau@example.net"
SUBJECT_PHONE = "+49 30 9876543"

FIRST_NAMES = [
    "Anna", "Lukas", "Marie", "Leon", "Sophie", "Finn", "Emma", "Jonas",
    "Mia", "Paul", "Hannah", "Felix", "Lea", "Elias", "Lena", "Noah",
    "Laura", "Ben", "Julia", "Tim", "Sarah", "Jan", "Lisa", "Max", "Nina",
    "David", "Clara", "Moritz", "Johanna", "Simon", "Greta", "Tobias",
    "Ida", "Jakob", "Frieda", "Niklas", "Carla", "Philipp", "Emil", "Luisa",
]  # fmt: skip
LAST_NAMES = [
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner",
    "Becker", "Schulz", "Hoffmann", "Koch", "Richter", "Klein", "Wolf",
    "Schröder", "Neumann", "Schwarz", "Braun", "Zimmermann", "Krüger",
    "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Krause", "Meier",
    "Lehmann", "Schmid", "Schulze", "Maier", "Köhler", "Herrmann", "König",
    "Walter", "Mayer", "Huber", "Kaiser", "Fuchs", "Peters",
]  # fmt: skip
SECTORS = [
    "Maschinenbau", "Logistik", "Elektrotechnik", "Handel", "Bau",
    "Consulting", "Software", "Medien", "Gastronomie", "Immobilien",
]  # fmt: skip
LEGAL_FORMS = ["GmbH", "AG", "KG", "GmbH & Co. KG", "e.K.", "UG"]
MAIL_DOMAINS = [
    "gmail.com", "web.de", "gmx.de", "t-online.de", "outlook.com",
    "posteo.de", "example.org", "mailbox.org",
]  # fmt: skip
CITIES = [
    ("10115", "Berlin"), ("20095", "Hamburg"), ("80331", "München"),
    ("50667", "Köln"), ("60311", "Frankfurt am Main"), ("70173", "Stuttgart"),
    ("40213", "Düsseldorf"), ("04109", "Leipzig"), ("44135", "Dortmund"),
    ("28195", "Bremen"), ("01067", "Dresden"), ("30159", "Hannover"),
]  # fmt: skip
STREETS = [
    "Hauptstraße", "Schulstraße", "Gartenstraße", "Bahnhofstraße",
    "Dorfstraße", "Bergstraße", "Birkenweg", "Lindenstraße", "Kirchstraße",
    "Waldstraße",
]  # fmt: skip

# Purposes assigned to partners: code -> (share of partners in %, hash salt)
PURPOSE_PLAN = {
    "customer_care": (55, 11),
    "contract": (30, 12),
    "lead": (20, 13),
    "newsletter": (40, 14),
    "advertising": (25, 15),
    "accounting_retention": (10, 16),
}
MESSAGE_SALTS = {
    "partner_note": 61,
    "partner_email": 62,
    "partner_outgoing": 63,
    "partner_tracking": 64,
    "lead_message": 65,
    "lead_email_only": 66,
}
ORIGIN_TYPES = [
    "data_subject", "web_form", "event", "contract", "inquiry",
    "third_party", "public_source", "import",
]  # fmt: skip


def sizes(scale):
    """Row counts of a scale: large = 100,000 partners, 1,000,000 messages."""
    f = SCALES[scale]
    partners = int(100_000 * f)
    messages = int(1_000_000 * f)
    return {
        "partners": partners,
        "companies": partners * 8 // 100,
        "company_contacts": partners * 32 // 100,
        "messages": messages,
        "leads": int(20_000 * f),
        "activities": int(10_000 * f),
        "attachments": int(10_000 * f),
        "mailing_contacts": int(30_000 * f),
        "mailings": 5,
        "traces": int(100_000 * f),
        # the erasure subject: about 10,000 related records (1,000 at small)
        "subject_records": min(10_000, messages // 10),
        # retention job sizes: a tenth of the partners, then all of them
        "retention_sizes": [partners // 10, partners],
        "consent_expiry": int(100_000 * f),
        "mailing_recipients": partners,
    }


# ---------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------


class Generator:
    def __init__(self, env, scale):
        self.env = env
        self.cr = env.cr
        self.scale = scale
        self.size = sizes(scale)
        self.timings = {}
        self.counts = {}
        self.ids = {}

    # -- bookkeeping ---------------------------------------------------------

    def _step(self, name, function):
        start = time.perf_counter()
        function()
        self.env.flush_all()
        self.timings[name] = round(time.perf_counter() - start, 3)
        _logger.info("generated %s in %.1f s", name, self.timings[name])

    def _count(self, key, table, where="TRUE"):
        self.cr.execute(
            SQL("SELECT count(*) FROM %s WHERE %s", SQL.identifier(table), SQL(where))
        )
        self.counts[key] = self.cr.fetchone()[0]

    def run(self):
        start = time.perf_counter()
        steps = [
            ("setup", self.setup),
            ("partners", self.partners),
            ("purposes", self.purposes),
            ("consents", self.consents),
            ("leads", self.leads),
            ("messages", self.messages),
            ("activities", self.activities),
            ("attachments", self.attachments),
            ("mailing", self.mailing),
            ("subject", self.subject_truth),
        ]
        for name, function in steps:
            self._step(name, function)
        self.env.cr.commit()
        self.timings["total"] = round(time.perf_counter() - start, 3)
        for key, table in [
            ("res_partner", "res_partner"),
            ("gdpr_partner_purpose", "gdpr_partner_purpose"),
            ("crm_lead", "crm_lead"),
            ("mail_message", "mail_message"),
            ("mail_tracking_value", "mail_tracking_value"),
            ("mail_activity", "mail_activity"),
            ("ir_attachment", "ir_attachment"),
            ("mail_followers", "mail_followers"),
            ("mailing_contact", "mailing_contact"),
            ("mailing_subscription", "mailing_subscription"),
            ("mailing_trace", "mailing_trace"),
        ]:
            self._count(key, table)
        if self.consent_installed:
            self._count("gdpr_consent", "gdpr_consent")
            self._count("gdpr_consent_event", "gdpr_consent_event")
        return {
            "sizes": self.size,
            "timings_s": self.timings,
            "rows": self.counts,
            "subject": self.subject_info,
            "ids": self.ids,
        }

    # -- setup ---------------------------------------------------------------

    def setup(self):
        cr, env = self.cr, self.env
        cr.execute("DROP SCHEMA IF EXISTS bench CASCADE")
        cr.execute("CREATE SCHEMA bench")
        # deterministic pseudo-random numbers in [0, m)
        cr.execute(
            """
            CREATE FUNCTION bench.h(n bigint, salt int, m int) RETURNS int
            IMMUTABLE LANGUAGE sql AS
            'SELECT mod(mod(n * 2654435761 + salt * 1000003, 2147483647), m)::int'
            """
        )
        self.consent_installed = "gdpr.consent" in env
        self.admin = env.ref("base.user_admin")
        self.de = env.ref("base.de")
        self.ids["countries"] = [
            env.ref("base.de").id,
            env.ref("base.at").id,
            env.ref("base.ch").id,
        ]
        # phone numbers are stored sanitized (E.164) only when the
        # phonenumbers library is installed; follow what the ORM does
        probe = env["res.partner"]._phone_format(
            number="+49 30 1234567", country=self.de, force_format="E164"
        )
        self.strip_phone = probe == "+49301234567"
        Partner = env["res.partner"].with_context(tracking_disable=True)
        self.proto_partner = Partner.create(
            {
                "name": "Bench Prototype",
                "email": "bench.prototype@example.com",
                "phone": "+49 30 1234567",
                "street": "Hauptstraße 1",
                "zip": "10115",
                "city": "Berlin",
                "country_id": self.de.id,
            }
        )
        self.proto_company = Partner.create(
            {"name": "Bench Prototype GmbH", "is_company": True}
        )
        env.flush_all()

    def _phone_sanitized(self, column):
        if self.strip_phone:
            return SQL("replace(%s, ' ', '')", SQL(column))
        return SQL(column)

    # -- partners ------------------------------------------------------------

    def partners(self):
        cr, size = self.cr, self.size
        companies, contacts = size["companies"], size["company_contacts"]
        cr.execute(
            """
            CREATE TABLE bench.partner AS
            SELECT g AS n,
                   nextval('res_partner_id_seq')::int AS id,
                   CASE WHEN g <= %s THEN 'company'
                        WHEN g <= %s THEN 'contact'
                        ELSE 'person' END AS kind
              FROM generate_series(1, %s) g
            """,
            [companies, companies + contacts, size["partners"] - 1],
        )
        # the erasure subject is one more individual, the last number
        cr.execute(
            "INSERT INTO bench.partner SELECT max(n) + 1, "
            "nextval('res_partner_id_seq')::int, 'subject' FROM bench.partner"
        )
        cr.execute(
            SQL(
                """
                ALTER TABLE bench.partner
                    ADD COLUMN parent_n int, ADD COLUMN first text,
                    ADD COLUMN last text, ADD COLUMN name text,
                    ADD COLUMN email text, ADD COLUMN phone text,
                    ADD COLUMN zip text, ADD COLUMN city text, ADD COLUMN street text,
                    ADD COLUMN country_id int, ADD COLUMN created timestamp,
                    ADD COLUMN last_interaction timestamp;
                UPDATE bench.partner SET
                    parent_n = CASE WHEN kind = 'contact'
                        THEN 1 + mod(n - %s - 1, %s) END,
                    first = %s, last = %s,
                    zip = %s, city = %s,
                    street = %s || ' ' || (1 + bench.h(n, 7, 120)),
                    country_id = CASE WHEN bench.h(n, 8, 100) < 85 THEN %s
                        WHEN bench.h(n, 8, 100) < 95 THEN %s ELSE %s END,
                    created = (now() at time zone 'UTC')
                        - make_interval(days => 30 + bench.h(n, 9, 1800),
                                        secs => bench.h(n, 10, 86400)),
                    last_interaction = (now() at time zone 'UTC')
                        - make_interval(days => bench.h(n, 21, 900),
                                        secs => bench.h(n, 22, 86400));
                """,
                companies,
                max(companies, 1),
                pick(FIRST_NAMES, "bench.h(n, 1, 1000000)"),
                pick(LAST_NAMES, "bench.h(n, 2, 1000000)"),
                pick([c[0] for c in CITIES], "bench.h(n, 3, 1000000)"),
                pick([c[1] for c in CITIES], "bench.h(n, 3, 1000000)"),
                pick(STREETS, "bench.h(n, 4, 1000000)"),
                *self.ids["countries"],
            )
        )
        ascii_name = "translate(lower(%s), 'äöüß', 'aous')"
        cr.execute(
            SQL(
                """
                UPDATE bench.partner SET
                    name = CASE WHEN kind = 'company'
                        THEN last || ' ' || %s || ' ' || %s
                        ELSE first || ' ' || last END,
                    email = CASE kind
                        WHEN 'company' THEN 'info@' || %s || '-' || n || '.example.com'
                        WHEN 'contact' THEN %s || '.' || %s || '@'
                            || %s || '-' || parent_n || '.example.com'
                        ELSE %s || '.' || %s || '.' || n || '@' || %s END,
                    phone = CASE WHEN bench.h(n, 5, 100) < 70 THEN
                        '+49 ' || (30 + bench.h(n, 6, 900)) || ' '
                        || (1000000 + bench.h(n, 11, 8999999)) END
                 WHERE kind <> 'subject'
                """,
                pick(SECTORS, "bench.h(n, 12, 1000000)"),
                pick(LEGAL_FORMS, "bench.h(n, 13, 1000000)"),
                SQL(ascii_name % "last"),
                SQL(ascii_name % "first"),
                SQL(ascii_name % "last"),
                # the company's last name, from the same hash of its number
                SQL(
                    ascii_name % "%s", pick(LAST_NAMES, "bench.h(parent_n, 2, 1000000)")
                ),
                SQL(ascii_name % "first"),
                SQL(ascii_name % "last"),
                pick(MAIL_DOMAINS, "bench.h(n, 14, 1000000)"),
            )
        )
        cr.execute(
            """
            UPDATE bench.partner SET name = %s, email = %s, phone = %s,
                   country_id = %s, zip = '10115', city = 'Berlin',
                   street = 'Musterweg 7'
             WHERE kind = 'subject'
            """,
            [SUBJECT_NAME, SUBJECT_EMAIL, SUBJECT_PHONE, self.de.id],
        )
        cr.execute("CREATE UNIQUE INDEX ON bench.partner (n)")
        cr.execute("CREATE UNIQUE INDEX ON bench.partner (id)")
        cr.execute("ANALYZE bench.partner")
        source = SQL(
            """
            SELECT b.*, c.id AS company_id, c.name AS company_name
              FROM bench.partner b
              LEFT JOIN bench.partner c ON c.n = b.parent_n
            """
        )
        self.counts["partners_inserted"] = clone(
            cr,
            "res_partner",
            self.proto_partner.id,
            source,
            {
                "id": "s.id",
                "name": "s.name",
                "complete_name": "CASE WHEN s.company_id IS NOT NULL "
                "THEN s.company_name || ', ' || s.name ELSE s.name END",
                "parent_id": "s.company_id",
                "commercial_partner_id": "COALESCE(s.company_id, s.id)",
                "commercial_company_name": "CASE WHEN s.kind = 'company' "
                "THEN s.name ELSE s.company_name END",
                "is_company": "s.kind = 'company'",
                "function": "CASE WHEN s.kind = 'contact' THEN 'Einkauf' END",
                "email": "s.email",
                "email_normalized": "lower(s.email)",
                "phone": "s.phone",
                "phone_sanitized": self._phone_sanitized("s.phone"),
                "street": "s.street",
                "zip": "s.zip",
                "city": "s.city",
                "country_id": "s.country_id",
                "gdpr_last_interaction": "s.last_interaction",
                "create_uid": SQL("%s", self.admin.id),
                "write_uid": SQL("%s", self.admin.id),
                "create_date": "s.created",
                "write_date": "s.created",
            },
        )
        cr.execute("SELECT id FROM bench.partner WHERE kind = 'subject'")
        self.subject_id = cr.fetchone()[0]
        self.ids["subject_partner"] = self.subject_id

    # -- purposes ------------------------------------------------------------

    def purposes(self):
        cr, env = self.cr, self.env
        purposes = {
            p.code: p
            for p in env["gdpr.purpose"].with_context(active_test=False).search([])
        }
        missing = set(PURPOSE_PLAN) - set(purposes)
        if missing:
            raise RuntimeError(f"gdpr_segments lacks the purposes {sorted(missing)}")
        self.purposes_by_code = purposes
        self.ids["purposes"] = {code: p.id for code, p in purposes.items()}
        proto = env["gdpr.partner.purpose"].create(
            {
                "partner_id": self.proto_partner.id,
                "purpose_id": purposes["customer_care"].id,
                "origin_type": "web_form",
                "origin_detail": "Kontaktformular",
            }
        )
        env.flush_all()
        cr.execute(
            """
            CREATE TABLE bench.purpose_plan (
                code text, id int, pct int, salt int, is_marketing bool,
                legal_basis text, months int, from_ text)
            """
        )
        for code, (pct, salt) in PURPOSE_PLAN.items():
            purpose = purposes[code]
            cr.execute(
                "INSERT INTO bench.purpose_plan VALUES (%s,%s,%s,%s,%s,%s,%s,%s)",
                [
                    code,
                    purpose.id,
                    pct,
                    salt,
                    purpose.is_marketing,
                    purpose.legal_basis,
                    purpose.retention_months,
                    purpose.retention_from,
                ],
            )
        source = SQL(
            """
            SELECT x.*,
                   CASE WHEN x.ended THEN x.date_start
                        + bench.h(x.n, x.salt + 3, 400) END AS date_end
              FROM (
                SELECT b.id AS partner_id, b.n, b.last_interaction, b.kind,
                       pp.id AS purpose_id, pp.is_marketing, pp.legal_basis,
                       pp.months, pp.from_, pp.salt,
                       bench.h(b.n, pp.salt + 1, 100) < 10 AS ended,
                       (current_date - 450 - bench.h(b.n, pp.salt + 2, 1200))::date
                           AS date_start
                  FROM bench.partner b
                  JOIN bench.purpose_plan pp
                    ON bench.h(b.n, pp.salt, 100) < pp.pct
                 WHERE b.kind <> 'subject'
                UNION ALL
                SELECT b.id, b.n, b.last_interaction, b.kind, pp.id,
                       pp.is_marketing, pp.legal_basis, pp.months, pp.from_,
                       pp.salt, false, current_date - 700
                  FROM bench.partner b
                  JOIN bench.purpose_plan pp
                    ON pp.code IN ('customer_care', 'contract', 'newsletter',
                                   'advertising')
                 WHERE b.kind = 'subject'
              ) x
            """
        )
        retention = """CASE WHEN s.months = 0 THEN NULL
            WHEN s.from_ = 'start' THEN (s.date_start
                + make_interval(months => s.months))::date
            WHEN s.from_ = 'end' THEN (s.date_end
                + make_interval(months => s.months))::date
            ELSE (GREATEST(s.last_interaction::date, s.date_start)
                + make_interval(months => s.months))::date END"""
        self.counts["purposes_inserted"] = clone(
            cr,
            "gdpr_partner_purpose",
            proto.id,
            source,
            {
                "partner_id": "s.partner_id",
                "purpose_id": "s.purpose_id",
                "company_id": "NULL",
                "is_marketing": "s.is_marketing",
                "legal_basis": "s.legal_basis",
                "state": "CASE WHEN s.ended THEN 'ended' ELSE 'active' END",
                "date_start": "s.date_start",
                "date_end": "s.date_end",
                "origin_type": pick(ORIGIN_TYPES, "bench.h(s.n, s.salt + 4, 1000)"),
                "origin_detail": "'Bench ' || s.kind",
                "origin_date": "s.date_start",
                "retention_date": retention,
                "create_date": "s.date_start::timestamp",
                "write_date": "s.date_start::timestamp",
                "create_uid": SQL("%s", self.admin.id),
                "write_uid": SQL("%s", self.admin.id),
            },
        )
        proto.unlink()
        # Baseline for the search measurements: a plain partner tag held by
        # exactly the partners with an active newsletter assignment, and a
        # second tag matching the segment purposes.
        Category = env["res.partner.category"]
        newsletter_tag = Category.create({"name": "Bench: newsletter"})
        segment_tag = Category.create({"name": "Bench: marketing"})
        env.flush_all()
        self.ids["tag_newsletter"] = newsletter_tag.id
        self.ids["tag_marketing"] = segment_tag.id
        cr.execute(
            """
            INSERT INTO res_partner_res_partner_category_rel (category_id, partner_id)
            SELECT %s, partner_id FROM gdpr_partner_purpose
             WHERE state = 'active' AND purpose_id = %s
            """,
            [newsletter_tag.id, purposes["newsletter"].id],
        )
        cr.execute(
            """
            INSERT INTO res_partner_res_partner_category_rel (category_id, partner_id)
            SELECT DISTINCT %s, partner_id FROM gdpr_partner_purpose
             WHERE state = 'active' AND purpose_id IN %s
            """,
            [
                segment_tag.id,
                (purposes["newsletter"].id, purposes["advertising"].id),
            ],
        )
        if "gdpr.segment" in env:
            segment = env["gdpr.segment"].create(
                {
                    "name": "Bench: marketing contacts in Germany",
                    "purpose_ids": [
                        (6, 0, [purposes["newsletter"].id, purposes["advertising"].id])
                    ],
                    "domain": repr([("country_id", "=", self.de.id)]),
                }
            )
            env.flush_all()
            self.ids["segment"] = segment.id

    # -- consents ------------------------------------------------------------

    def consents(self):
        """Consents per purpose and channel, with their event history."""
        if not self.consent_installed:
            return
        generate_consents(self)

    # -- leads ---------------------------------------------------------------

    def leads(self):
        cr, env, size = self.cr, self.env, self.size
        subject_leads = max(3, size["subject_records"] * 2 // 100)
        self.subject_lead_count = subject_leads
        Lead = env["crm.lead"].with_context(
            tracking_disable=True, mail_create_nolog=True
        )
        proto = Lead.create(
            {
                "name": "Bench prototype lead",
                "partner_id": self.proto_partner.id,
                "type": "opportunity",
                "user_id": self.admin.id,
            }
        )
        env.flush_all()
        stages = env["crm.stage"].search([]).ids
        self.ids["lead_stages"] = stages
        generic = self._generic_domains()
        cr.execute(
            SQL(
                """
                CREATE TABLE bench.lead AS
                SELECT g AS n, nextval('crm_lead_id_seq')::int AS id,
                       CASE WHEN bench.h(g, 41, 100) < 60
                            THEN 1 + bench.h(g, 42, %s) END AS partner_n,
                       false AS subject
                  FROM generate_series(1, %s) g
                """,
                size["partners"] - 1,
                size["leads"],
            )
        )
        cr.execute(
            """
            INSERT INTO bench.lead
            SELECT (SELECT max(n) FROM bench.lead) + g,
                   nextval('crm_lead_id_seq')::int,
                   CASE WHEN mod(g, 3) <> 0
                        THEN (SELECT n FROM bench.partner WHERE kind = 'subject') END,
                   true
              FROM generate_series(1, %s) g
            """,
            [subject_leads],
        )
        cr.execute(
            SQL(
                """
                ALTER TABLE bench.lead ADD COLUMN partner_id int,
                    ADD COLUMN name text, ADD COLUMN contact_name text,
                    ADD COLUMN partner_name text, ADD COLUMN email text,
                    ADD COLUMN phone text, ADD COLUMN created timestamp;
                UPDATE bench.lead l SET
                    partner_id = p.id,
                    contact_name = CASE WHEN p.kind = 'company' THEN NULL
                                        ELSE p.name END,
                    partner_name = COALESCE(c.name,
                        CASE WHEN p.kind = 'company' THEN p.name END),
                    email = p.email, phone = p.phone
                  FROM bench.partner p
                  LEFT JOIN bench.partner c ON c.n = p.parent_n
                 WHERE p.n = l.partner_n;
                UPDATE bench.lead SET
                    contact_name = %s || ' ' || %s,
                    email = 'anfrage.' || n || '@' || %s,
                    phone = '+49 ' || (30 + bench.h(n, 43, 900)) || ' '
                        || (1000000 + bench.h(n, 44, 8999999))
                 WHERE partner_n IS NULL AND NOT subject;
                UPDATE bench.lead SET contact_name = %s, email = %s, phone = %s
                 WHERE partner_n IS NULL AND subject;
                UPDATE bench.lead SET
                    name = CASE
                        WHEN subject THEN 'Anfrage ' || contact_name || ' #' || n
                        ELSE %s || ' für ' || COALESCE(partner_name, contact_name) END,
                    created = (now() at time zone 'UTC')
                        - make_interval(days => 5 + bench.h(n, 45, 1000),
                                        secs => bench.h(n, 46, 86400));
                """,
                pick(FIRST_NAMES, "bench.h(n, 47, 1000000)"),
                pick(LAST_NAMES, "bench.h(n, 48, 1000000)"),
                pick(MAIL_DOMAINS, "bench.h(n, 49, 1000000)"),
                SUBJECT_NAME,
                SUBJECT_EMAIL,
                SUBJECT_PHONE,
                pick(
                    [
                        "Angebot",
                        "Anfrage",
                        "Wartungsvertrag",
                        "Rahmenvertrag",
                        "Lizenz",
                    ],
                    "bench.h(n, 50, 1000000)",
                ),
            )
        )
        # numbering to pick leads evenly: unlinked ones, and the subject's
        cr.execute(
            """
            ALTER TABLE bench.lead ADD COLUMN rn_unlinked int,
                ADD COLUMN rn_subject int;
            UPDATE bench.lead l SET rn_unlinked = x.rn FROM (
                SELECT n, row_number() OVER (PARTITION BY subject ORDER BY n) AS rn
                  FROM bench.lead WHERE partner_id IS NULL) x
             WHERE x.n = l.n;
            UPDATE bench.lead l SET rn_subject = x.rn FROM (
                SELECT n, row_number() OVER (ORDER BY n) AS rn
                  FROM bench.lead WHERE subject) x
             WHERE x.n = l.n;
            """
        )
        cr.execute(
            "SELECT count(*) FILTER (WHERE partner_id IS NULL AND NOT subject), "
            "count(*) FILTER (WHERE partner_id IS NULL AND subject) FROM bench.lead"
        )
        self.unlinked_leads, self.subject_unlinked_leads = cr.fetchone()
        cr.execute("CREATE UNIQUE INDEX ON bench.lead (n)")
        cr.execute("ANALYZE bench.lead")
        domain_case = SQL(
            "CASE WHEN split_part(lower(s.email), '@', 2) = ANY(%s) "
            "THEN lower(s.email) ELSE '@' || split_part(lower(s.email), '@', 2) END",
            generic,
        )
        self.counts["leads_inserted"] = clone(
            cr,
            "crm_lead",
            proto.id,
            SQL("SELECT * FROM bench.lead"),
            {
                "id": "s.id",
                "name": "s.name",
                "partner_id": "s.partner_id",
                "contact_name": "s.contact_name",
                "partner_name": "s.partner_name",
                "email_from": "s.email",
                "email_normalized": "lower(s.email)",
                "email_domain_criterion": domain_case,
                "email_state": "'correct'",
                "phone": "s.phone",
                "phone_sanitized": self._phone_sanitized("s.phone"),
                "stage_id": SQL(
                    "(%s::int[])[1 + bench.h(s.n, 51, %s)]", stages, len(stages)
                ),
                "date_open": "s.created",
                "date_last_stage_update": "s.created",
                "create_date": "s.created",
                "write_date": "s.created",
                "create_uid": SQL("%s", self.admin.id),
                "write_uid": SQL("%s", self.admin.id),
            },
        )
        proto.unlink()
        # partners follow their own leads
        cr.execute(
            """
            INSERT INTO mail_followers (res_model, res_id, partner_id)
            SELECT 'crm.lead', id, partner_id FROM bench.lead
             WHERE partner_id IS NOT NULL
            ON CONFLICT DO NOTHING
            """
        )

    def _generic_domains(self):
        from odoo.addons.iap.tools import iap_tools

        return [
            domain
            for domain in MAIL_DOMAINS
            if not iap_tools.mail_prepare_for_domain_search(f"x@{domain}").startswith(
                "@"
            )
        ]

    # -- messages ------------------------------------------------------------

    def messages(self):
        cr, env, size = self.cr, self.env, self.size
        self.mt_note = env.ref("mail.mt_note").id
        self.mt_comment = env.ref("mail.mt_comment").id
        proto = self.proto_partner.with_context(mail_create_nolog=True).message_post(
            body="Bench prototype", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        env.flush_all()
        self.proto_message = proto.id
        self.admin_partner = self.admin.partner_id
        n = size["messages"]
        # shares of the 1,000,000 messages by kind
        plan = [
            ("partner_note", 25),
            ("partner_email", 20),
            ("partner_outgoing", 5),
            ("partner_tracking", 15),
            ("lead_message", 25),
            ("lead_email_only", 10),
        ]
        cr.execute("SELECT COALESCE(max(id), 0) FROM mail_message")
        first_id = cr.fetchone()[0]
        for kind, share in plan:
            self._insert_messages(kind, n * share // 100)
        self._insert_subject_messages()
        self._insert_tracking_values(first_id)

    def _message_overrides(self):
        return {
            "model": "s.model",
            "res_id": "s.res_id",
            "record_name": "s.record_name",
            "author_id": "s.author_id",
            "email_from": "s.email_from",
            "message_type": "s.message_type",
            "subtype_id": "s.subtype_id",
            "is_internal": "s.is_internal",
            "subject": "NULL",
            "body": "s.body",
            "date": "s.date",
            "message_id": "'<bench-' || s.kind || '-' || s.g || '@example.org>'",
            "reply_to": "NULL",
            "create_date": "s.date",
            "write_date": "s.date",
            "create_uid": "s.uid",
            "write_uid": "s.uid",
            "parent_id": "NULL",
        }

    def _message_source(self, kind, count, subject=False):
        """Rows (one per message) for each kind of message. ``subject``
        targets the erasure subject's own records."""
        admin = self.admin_partner
        admin_email = f'"{admin.name}" <{admin.email or "admin@example.com"}>'
        salt = MESSAGE_SALTS[kind]
        partners = self.size["partners"] - 1
        leads = self.size["leads"]
        common = SQL(
            """
            %s AS kind, g,
            (now() at time zone 'UTC') - make_interval(
                days => bench.h(g, %s, 1000), secs => bench.h(g, %s, 86400)) AS date
            """,
            kind + ("-subject" if subject else ""),
            salt + 100,
            salt + 200,
        )
        body = (
            "'<p>' || %s || ' – Nachricht ' || g || ': Vielen Dank für Ihre "
            "Nachricht, wir melden uns in Kürze mit einem Angebot. Mit freundlichen "
            "Grüßen</p>'"
        )
        if kind.startswith("partner_"):
            message_type = {
                "partner_note": "'comment'",
                "partner_email": "'email'",
                "partner_outgoing": "'comment'",
                "partner_tracking": "'notification'",
            }[kind]
            from_partner = kind == "partner_email"
            join = (
                SQL("JOIN bench.partner p ON p.kind = 'subject'")
                if subject
                else SQL(
                    "JOIN bench.partner p ON p.n = 1 + bench.h(g, %s, %s)",
                    salt,
                    partners,
                )
            )
            return SQL(
                """
                SELECT %s, 'res.partner' AS model, p.id AS res_id,
                       p.name AS record_name,
                       %s AS author_id, %s AS email_from,
                       %s AS message_type, %s AS subtype_id, %s AS is_internal,
                       %s AS body, %s AS uid
                  FROM generate_series(1, %s) g
                  %s
                """,
                common,
                SQL("p.id") if from_partner else self.admin_partner.id,
                SQL("'\"' || p.name || '\" <' || p.email || '>'")
                if from_partner
                else admin_email,
                SQL(message_type),
                self.mt_note
                if kind in ("partner_note", "partner_tracking")
                else self.mt_comment,
                kind in ("partner_note", "partner_tracking"),
                SQL(body % "p.name"),
                SUPERUSER_ID if from_partner else self.admin.id,
                count,
                join,
            )
        # lead messages: emails from the lead's contact and answers; the
        # "email only" kind has no author, only the sender address
        email_only = kind == "lead_email_only"
        if subject and email_only:
            join = SQL(
                "JOIN bench.lead l ON l.subject AND l.partner_id IS NULL "
                "AND l.rn_unlinked = 1 + mod(g, %s)",
                self.subject_unlinked_leads,
            )
        elif subject:
            join = SQL(
                "JOIN bench.lead l ON l.subject AND l.rn_subject = 1 + mod(g, %s)",
                self.subject_lead_count,
            )
        elif email_only:
            join = SQL(
                "JOIN bench.lead l ON NOT l.subject AND l.partner_id IS NULL "
                "AND l.rn_unlinked = 1 + bench.h(g, %s, %s)",
                salt,
                self.unlinked_leads,
            )
        else:
            join = SQL("JOIN bench.lead l ON l.n = 1 + bench.h(g, %s, %s)", salt, leads)
        incoming = SQL("bench.h(g, %s, 2) = 0", salt + 300)
        return SQL(
            """
            SELECT %s, 'crm.lead' AS model, l.id AS res_id, l.name AS record_name,
                   CASE WHEN %s THEN NULL
                        WHEN %s THEN l.partner_id ELSE %s END AS author_id,
                   CASE WHEN %s OR %s
                        THEN '"' || l.contact_name || '" <' || l.email || '>'
                        ELSE %s END AS email_from,
                   CASE WHEN %s OR %s THEN 'email' ELSE 'comment' END AS message_type,
                   %s AS subtype_id, false AS is_internal,
                   %s AS body, %s AS uid
              FROM generate_series(1, %s) g
              %s
            """,
            common,
            email_only,
            incoming,
            self.admin_partner.id,
            email_only,
            incoming,
            admin_email,
            email_only,
            incoming,
            self.mt_comment,
            SQL(body % "COALESCE(l.contact_name, l.partner_name)"),
            SUPERUSER_ID,
            count,
            join,
        )

    def _insert_messages(self, kind, count, subject=False):
        if count <= 0:
            return 0
        inserted = clone(
            self.cr,
            "mail_message",
            self.proto_message,
            self._message_source(kind, count, subject=subject),
            self._message_overrides(),
        )
        key = f"messages_{kind}" + ("_subject" if subject else "")
        self.counts[key] = self.counts.get(key, 0) + inserted
        return inserted

    def _insert_subject_messages(self):
        """About 70 % of the subject's related records are messages: on her
        partner record, on her leads, and sent by her on other threads."""
        r = self.size["subject_records"]
        self._insert_messages("partner_email", r * 18 // 100, subject=True)
        self._insert_messages("partner_note", r * 12 // 100, subject=True)
        self._insert_messages("partner_tracking", r * 5 // 100, subject=True)
        self._insert_messages("lead_message", r * 25 // 100, subject=True)
        self._insert_messages("lead_email_only", r * 8 // 100, subject=True)
        # emails she wrote on other people's threads (e.g. the company of a
        # colleague): only author_id and email_from point to her
        source = SQL(
            """
            SELECT 'subject-elsewhere' AS kind, g,
                   (now() at time zone 'UTC')
                       - make_interval(days => mod(g, 700)) AS date,
                   'res.partner' AS model, p.id AS res_id, p.name AS record_name,
                   s.id AS author_id,
                   '"' || s.name || '" <' || s.email || '>' AS email_from,
                   'email' AS message_type, %s AS subtype_id, false AS is_internal,
                   '<p>Weitergeleitet von ' || s.name || ' (' || g || ')</p>' AS body,
                   %s AS uid
              FROM generate_series(1, %s) g
              JOIN bench.partner s ON s.kind = 'subject'
              JOIN bench.partner p ON p.n = 1 + bench.h(g, 77, %s)
            """,
            self.mt_comment,
            SUPERUSER_ID,
            r * 8 // 100,
            self.size["partners"] - 1,
        )
        self.counts["messages_subject_elsewhere"] = clone(
            self.cr,
            "mail_message",
            self.proto_message,
            source,
            self._message_overrides(),
        )

    def _insert_tracking_values(self, first_id):
        """Tracking messages keep the old and new email address, as Odoo does
        when a tracked field changes."""
        field = self.env["ir.model.fields"]._get("res.partner", "email")
        self.cr.execute(
            """
            INSERT INTO mail_tracking_value (field_id, old_value_char, new_value_char,
                mail_message_id, create_uid, create_date, write_uid, write_date)
            SELECT %s, 'alt.' || p.email, p.email, m.id, m.create_uid,
                   m.create_date, m.write_uid, m.write_date
              FROM mail_message m
              JOIN res_partner p ON p.id = m.res_id
             WHERE m.id > %s AND m.model = 'res.partner'
               AND m.message_type = 'notification'
            """,
            [field.id, first_id],
        )
        self.counts["tracking_values"] = self.cr.rowcount

    # -- activities ----------------------------------------------------------

    def activities(self):
        cr, env, size = self.cr, self.env, self.size
        todo = env.ref("mail.mail_activity_data_todo")
        proto = (
            env["mail.activity"]
            .with_context(mail_activity_quick_update=True)
            .create(
                {
                    "res_model_id": env["ir.model"]._get_id("res.partner"),
                    "res_id": self.proto_partner.id,
                    "activity_type_id": todo.id,
                    "summary": "Bench prototype",
                    "user_id": self.admin.id,
                    "date_deadline": "2026-01-01",
                }
            )
        )
        env.flush_all()
        model_partner = env["ir.model"]._get_id("res.partner")
        model_lead = env["ir.model"]._get_id("crm.lead")
        r = size["subject_records"]
        subject_count = r * 4 // 100
        source = self._spread(
            salts=(81, 82, 83),
            count=size["activities"],
            subject_count=subject_count,
            model_ids=(model_partner, model_lead),
        )
        self.counts["activities_inserted"] = clone(
            cr,
            "mail_activity",
            proto.id,
            source,
            {
                "res_model_id": "s.model_id",
                "res_model": "s.model",
                "res_id": "s.res_id",
                "res_name": "s.res_name",
                "summary": "'Nachfassen ' || abs(s.g)",
                "note": "'<p>Bitte zurückrufen.</p>'",
                "date_deadline": "current_date + mod(s.g, 60) - 20",
                "create_date": days_ago("abs(s.g)", 90),
                "write_date": days_ago("abs(s.g)", 90),
            },
        )
        proto.unlink()

    def _spread(self, salts, count, subject_count, model_ids):
        """Rows spread over partners and leads (half each): ``count`` on
        random ones, ``subject_count`` on the subject's partner and leads.
        Columns g, model, model_id, res_id, res_name. Four equi-joins, so
        PostgreSQL hashes them whatever the size."""
        on_partner, partner_salt, lead_salt = salts
        return SQL(
            """
            SELECT t.g, 'res.partner' AS model, %(mp)s AS model_id,
                   p.id AS res_id, p.name AS res_name
              FROM generate_series(1, %(count)s) t(g)
              JOIN bench.partner p ON p.n = 1 + bench.h(t.g, %(ps)s, %(partners)s)
             WHERE bench.h(t.g, %(op)s, 2) = 0
            UNION ALL
            SELECT t.g, 'crm.lead', %(ml)s, l.id, l.name
              FROM generate_series(1, %(count)s) t(g)
              JOIN bench.lead l ON l.n = 1 + bench.h(t.g, %(ls)s, %(leads)s)
             WHERE bench.h(t.g, %(op)s, 2) = 1
            UNION ALL
            SELECT -t.g, 'res.partner', %(mp)s, p.id, p.name
              FROM generate_series(1, %(subject)s) t(g)
              JOIN bench.partner p ON p.kind = 'subject'
             WHERE mod(t.g, 2) = 0
            UNION ALL
            SELECT -t.g, 'crm.lead', %(ml)s, l.id, l.name
              FROM generate_series(1, %(subject)s) t(g)
              JOIN bench.lead l ON l.subject
                   AND l.rn_subject = 1 + mod(t.g, %(subject_leads)s)
             WHERE mod(t.g, 2) = 1
            """,
            mp=model_ids[0],
            ml=model_ids[1],
            count=count,
            subject=subject_count,
            op=on_partner,
            ps=partner_salt,
            ls=lead_salt,
            partners=self.size["partners"] - 1,
            leads=self.size["leads"],
            subject_leads=self.subject_lead_count,
        )

    # -- attachments ---------------------------------------------------------

    def attachments(self):
        cr, env, size = self.cr, self.env, self.size
        protos = []
        for index in range(10):
            content = (
                f"Bench document {index}\n"
                + "Lorem ipsum dolor sit amet. " * (40 * (index + 1))
            ).encode()
            protos.append(
                env["ir.attachment"].create(
                    {
                        "name": f"bench-{index}.txt",
                        "raw": content,
                        "res_model": "res.partner",
                        "res_id": self.proto_partner.id,
                    }
                )
            )
        env.flush_all()
        r = size["subject_records"]
        per_proto = size["attachments"] // len(protos)
        subject_per_proto = max(1, r * 4 // 100 // len(protos))
        total = 0
        for index, proto in enumerate(protos):
            source = self._spread(
                salts=(90 + index, 100 + index, 110 + index),
                count=per_proto,
                subject_count=subject_per_proto,
                model_ids=(0, 0),
            )
            total += clone(
                cr,
                "ir_attachment",
                proto.id,
                source,
                {
                    "res_model": "s.model",
                    "res_id": "s.res_id",
                    "name": SQL("'Dokument-' || abs(s.g) || %s", f"-{index}.txt"),
                    "create_date": days_ago("abs(s.g)", 500),
                    "write_date": days_ago("abs(s.g)", 500),
                    "create_uid": SQL("%s", self.admin.id),
                    "write_uid": SQL("%s", self.admin.id),
                },
            )
        self.counts["attachments_inserted"] = total

    # -- mailing contacts, lists, mailings, traces -------------------------

    def mailing(self):
        cr, env, size = self.cr, self.env, self.size
        lists = env["mailing.list"].create(
            [{"name": "Bench: Newsletter"}, {"name": "Bench: Produktinfos"}]
        )
        proto = env["mailing.contact"].create(
            {"name": "Bench Prototype", "email": "bench.contact@example.com"}
        )
        env.flush_all()
        self.ids["mailing_lists"] = lists.ids
        cr.execute(
            """
            CREATE TABLE bench.mcontact AS
            SELECT nextval('mailing_contact_id_seq')::int AS id, p.n, p.name,
                   p.email, p.country_id, p.kind
              FROM bench.partner p
             WHERE (p.kind IN ('person', 'contact') AND bench.h(p.n, 91, 100) < 30)
                OR p.kind = 'subject'
            UNION ALL
            -- the subject subscribed twice, once with a typo-free alias
            SELECT nextval('mailing_contact_id_seq')::int, p.n, p.name,
                   upper(p.email), p.country_id, p.kind
              FROM bench.partner p WHERE p.kind = 'subject'
            """
        )
        clone(
            cr,
            "mailing_contact",
            proto.id,
            SQL("SELECT * FROM bench.mcontact"),
            {
                "id": "s.id",
                "name": "s.name",
                "email": "s.email",
                "email_normalized": "lower(s.email)",
                "country_id": "s.country_id",
                "create_date": days_ago("s.n", 700),
                "write_date": days_ago("s.n", 700),
            },
        )
        proto.unlink()
        cr.execute(
            """
            INSERT INTO mailing_subscription (contact_id, list_id, opt_out,
                opt_out_datetime, create_uid, create_date, write_uid, write_date)
            SELECT c.id, l.list_id, bench.h(c.n, 92 + l.k, 100) < 5,
                   CASE WHEN bench.h(c.n, 92 + l.k, 100) < 5
                        THEN (now() at time zone 'UTC')
                             - make_interval(days => mod(c.n, 300)) END,
                   %s, now() at time zone 'UTC', %s, now() at time zone 'UTC'
              FROM bench.mcontact c
              JOIN (VALUES (1, %s), (2, %s)) l(k, list_id)
                ON l.k = 1 OR bench.h(c.n, 94, 2) = 0 OR c.kind = 'subject'
            """,
            [self.admin.id, self.admin.id, *lists.ids],
        )
        model_partner = env["ir.model"]._get_id("res.partner")
        mailings = env["mailing.mailing"].create(
            [
                {
                    "subject": f"Bench Newsletter {index + 1}",
                    "body_html": "<p>Neuigkeiten</p>",
                    "mailing_model_id": model_partner,
                    "mailing_domain": "[('email', '!=', False)]",
                }
                for index in range(size["mailings"])
            ]
        )
        env.flush_all()
        cr.execute(
            """
            UPDATE mailing_mailing SET state = 'done',
                   sent_date = (now() at time zone 'UTC')
                       - make_interval(days => 30 * id)
             WHERE id IN %s
            """,
            [tuple(mailings.ids)],
        )
        self.ids["mailings"] = mailings.ids
        trace = env["mailing.trace"].create(
            {
                "mass_mailing_id": mailings[0].id,
                "model": "res.partner",
                "res_id": self.proto_partner.id,
                "email": "bench.prototype@example.com",
                "trace_type": "mail",
                "trace_status": "sent",
            }
        )
        env.flush_all()
        per_mailing = size["traces"] // len(mailings)
        subject_traces = max(1, size["subject_records"] * 5 // 100 // len(mailings))
        statuses = ["sent", "open", "reply", "bounce", "sent", "open", "sent"]
        source = SQL(
            """
            SELECT m.id AS mailing_id, p.id AS res_id, lower(p.email) AS email,
                   g, m.k, m.sent
              FROM (SELECT k, id, (now() at time zone 'UTC')
                           - make_interval(days => (30 * k)::int) AS sent
                      FROM unnest(%s::int[]) WITH ORDINALITY t(id, k)) m
              CROSS JOIN generate_series(1, %s) g
              JOIN bench.partner p ON p.n = 1 + bench.h(g * 10 + m.k, 95, %s)
            UNION ALL
            SELECT m.id, p.id, lower(p.email), -g, m.k, (now() at time zone 'UTC')
                   - make_interval(days => (30 * m.k)::int)
              FROM unnest(%s::int[]) WITH ORDINALITY m(id, k)
              CROSS JOIN generate_series(1, %s) g
              JOIN bench.partner p ON p.kind = 'subject'
            """,
            mailings.ids,
            per_mailing,
            size["partners"] - 1,
            mailings.ids,
            subject_traces,
        )
        self.counts["traces_inserted"] = clone(
            cr,
            "mailing_trace",
            trace.id,
            source,
            {
                "mass_mailing_id": "s.mailing_id",
                "res_id": "s.res_id",
                "email": "s.email",
                "message_id": "'<bench-trace-' || s.k || '-' || s.g || '@example.org>'",
                "trace_status": pick(statuses, "bench.h(s.g, 96, 1000)"),
                "sent_datetime": "s.sent",
                "create_date": "s.sent",
                "write_date": "s.sent",
            },
        )
        trace.unlink()

    # -- the erasure subject: what exists about her ------------------------

    def subject_truth(self):
        """Every record that holds or points to the subject's data, as
        (model, id): the reference for what an erasure must reach and what
        privacy_lookup should find."""
        cr = self.cr
        cr.execute(
            """
            CREATE TABLE bench.subject_truth AS
            WITH s AS (SELECT id, email FROM bench.partner WHERE kind = 'subject'),
            leads AS (
                SELECT l.id FROM crm_lead l, s
                 WHERE l.partner_id = s.id OR l.email_normalized = s.email),
            messages AS (
                SELECT m.id FROM mail_message m, s
                 WHERE m.author_id = s.id
                    OR (m.model = 'res.partner' AND m.res_id = s.id)
                    OR (m.model = 'crm.lead' AND m.res_id IN (SELECT id FROM leads))
                    OR m.email_from ILIKE '%%' || s.email || '%%')
            SELECT 'res.partner'::text AS model, s.id AS res_id FROM s
            UNION ALL SELECT 'crm.lead', id FROM leads
            UNION ALL SELECT 'mail.message', id FROM messages
            UNION ALL SELECT 'mail.tracking.value', t.id FROM mail_tracking_value t
                WHERE t.mail_message_id IN (SELECT id FROM messages)
            UNION ALL SELECT 'mail.activity', a.id FROM mail_activity a, s
                WHERE (a.res_model = 'res.partner' AND a.res_id = s.id)
                   OR (a.res_model = 'crm.lead' AND a.res_id IN (SELECT id FROM leads))
            UNION ALL SELECT 'ir.attachment', a.id FROM ir_attachment a, s
                WHERE (a.res_model = 'res.partner' AND a.res_id = s.id)
                   OR (a.res_model = 'crm.lead' AND a.res_id IN (SELECT id FROM leads))
            UNION ALL SELECT 'mail.followers', f.id FROM mail_followers f, s
                WHERE f.partner_id = s.id
                   OR (f.res_model = 'res.partner' AND f.res_id = s.id)
            UNION ALL SELECT 'mailing.trace', t.id FROM mailing_trace t, s
                WHERE (t.model = 'res.partner' AND t.res_id = s.id) OR t.email = s.email
            UNION ALL SELECT 'mailing.contact', c.id FROM mailing_contact c, s
                WHERE c.email_normalized = s.email
            UNION ALL SELECT 'mailing.subscription', ms.id
                FROM mailing_subscription ms
                JOIN mailing_contact c ON c.id = ms.contact_id, s
                WHERE c.email_normalized = s.email
            UNION ALL SELECT 'gdpr.partner.purpose', pp.id
                FROM gdpr_partner_purpose pp, s
                WHERE pp.partner_id = s.id
            """
        )
        if self.consent_installed:
            cr.execute(
                """
                INSERT INTO bench.subject_truth
                SELECT 'gdpr.consent', c.id FROM gdpr_consent c
                  JOIN bench.partner s ON s.kind = 'subject' AND c.partner_id = s.id
                """
            )
            cr.execute(
                """
                INSERT INTO bench.subject_truth
                SELECT 'gdpr.consent.event', e.id FROM gdpr_consent_event e
                 WHERE e.consent_id IN (SELECT res_id FROM bench.subject_truth
                                         WHERE model = 'gdpr.consent')
                """
            )
        cr.execute(
            "SELECT model, count(*) FROM bench.subject_truth "
            "GROUP BY model ORDER BY 2 DESC"
        )
        by_model = dict(cr.fetchall())
        self.subject_info = {
            "partner_id": self.subject_id,
            "name": SUBJECT_NAME,
            "email": SUBJECT_EMAIL,
            "records": sum(by_model.values()),
            "records_by_model": by_model,
        }


def generate(registry, scale):
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        result = Generator(env, scale).run()
    return result


def expire_partners(cr, count):
    """Make ``count`` partners due for retention: every purpose assignment
    ended long enough ago that even the ten-year legal retention has passed,
    and no interaction for eleven years. Partners without any assignment get
    an old one, ended like the others. The partners are a fixed pseudo-random
    sample, so every size has the same mix of companies, contacts and
    persons."""
    cr.execute(
        """
        CREATE TEMP TABLE IF NOT EXISTS bench_expired (id int PRIMARY KEY)
        """
    )
    cr.execute("TRUNCATE bench_expired")
    cr.execute(
        """
        INSERT INTO bench_expired
        SELECT id FROM bench.partner WHERE kind <> 'subject'
         ORDER BY bench.h(n, 97, 1000003), n LIMIT %s
        """,
        [count],
    )
    # A partner that never had a purpose is not due: the job only erases
    # data whose purposes have ended. Give those an old prospect purpose.
    cr.execute(
        """
        INSERT INTO gdpr_partner_purpose
               (partner_id, purpose_id, legal_basis, is_marketing, state,
                date_start, origin_type, origin_detail, origin_date,
                create_uid, create_date, write_uid, write_date)
        SELECT e.id, pur.id, pur.legal_basis, pur.is_marketing, 'active',
               current_date - 4400, 'import', 'Bench', current_date - 4400,
               1, now() at time zone 'UTC', 1, now() at time zone 'UTC'
          FROM bench_expired e
          JOIN gdpr_purpose pur ON pur.code = 'lead'
         WHERE NOT EXISTS (
               SELECT 1 FROM gdpr_partner_purpose a WHERE a.partner_id = e.id)
        """
    )
    cr.execute(
        """
        UPDATE gdpr_partner_purpose pp
           SET state = 'ended',
               date_start = current_date - interval '12 years',
               date_end = current_date - interval '11 years',
               retention_date = (current_date - interval '11 years'
                   + make_interval(months => pur.retention_months))::date
          FROM gdpr_purpose pur
         WHERE pur.id = pp.purpose_id
           AND pp.partner_id IN (SELECT id FROM bench_expired)
        """
    )
    cr.execute(
        """
        UPDATE res_partner SET gdpr_last_interaction =
               (now() at time zone 'UTC') - interval '11 years'
         WHERE id IN (SELECT id FROM bench_expired)
        """
    )
    cr.execute("ANALYZE bench_expired")
    return count
