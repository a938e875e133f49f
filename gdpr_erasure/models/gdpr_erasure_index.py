# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The indexes behind the lookups of every erasure, and the SQL expressions
they index: the queries of the discovery use the same expressions, so that
finding a person never scans a whole table."""

from typing import NamedTuple

from odoo import api, models, tools
from odoo.tools import SQL


def email_sql(column):
    """Normalized address of a column holding 'Name <email>' or 'email'.

    The same expression is indexed (see _gdpr_ensure_indexes), so that finding
    a person by the sender of a message does not scan all messages."""
    return SQL(
        "lower(btrim(coalesce(substring(%s from '<([^<>]+)>'), %s)))",
        SQL.identifier(column),
        SQL.identifier(column),
    )


def phone_sql(column):
    """Last nine digits of a phone column: the same number in any notation
    (+49 30 ..., 030 ..., 0049-30-...) gives the same value."""
    return SQL(
        "right(regexp_replace(%s, '[^0-9]', '', 'g'), 9)", SQL.identifier(column)
    )


class IndexSpec(NamedTuple):
    """An index on ``table`` (created only where ``column`` exists), named
    ``<table>__<column>_<suffix>_index`` unless ``name`` is given."""

    table: str
    column: str
    suffix: str
    expression: SQL
    where: SQL | None = None
    name: str | None = None


# Indexes for the lookups of every erasure that stock Odoo 18 lacks: without
# them each erasure (and each batch of the retention job) scans these tables
# whole.
LOOKUP_INDEXES = (
    # Deleting attachments sets original_id of their resized copies
    # to NULL: without an index PostgreSQL scans the table per row.
    IndexSpec(
        "ir_attachment",
        "original_id",
        "gdpr",
        SQL("original_id"),
        SQL("original_id IS NOT NULL"),
        name="ir_attachment__gdpr_original_id_index",
    ),
    # a person who appears only as sender ('Name <email>')
    IndexSpec("mail_message", "email_from", "gdpr_email", email_sql("email_from")),
    # document pointers of mailing traces
    IndexSpec("mailing_trace", "res_id", "gdpr_pointer", SQL("res_id, model")),
    # a partner that asked for an activity
    IndexSpec(
        "mail_activity",
        "request_partner_id",
        "gdpr_partner",
        SQL("request_partner_id"),
        SQL("request_partner_id IS NOT NULL"),
    ),
    # contacts sharing the person's email (preview warning)
    IndexSpec(
        "res_partner",
        "email_normalized",
        "gdpr_email",
        SQL("email_normalized"),
        SQL("email_normalized IS NOT NULL"),
    ),
    # field history holding the person's link or email address
    IndexSpec(
        "mail_tracking_value",
        "old_value_integer",
        "gdpr_old_int",
        SQL("old_value_integer, field_id"),
        SQL("old_value_integer IS NOT NULL"),
    ),
    IndexSpec(
        "mail_tracking_value",
        "new_value_integer",
        "gdpr_new_int",
        SQL("new_value_integer, field_id"),
        SQL("new_value_integer IS NOT NULL"),
    ),
    IndexSpec(
        "mail_tracking_value",
        "old_value_char",
        "gdpr_old_email",
        SQL("old_value_char"),
        SQL("old_value_char LIKE %s", "%@%"),
    ),
    IndexSpec(
        "mail_tracking_value",
        "new_value_char",
        "gdpr_new_email",
        SQL("new_value_char"),
        SQL("new_value_char LIKE %s", "%@%"),
    ),
)


class GdprErasureIndex(models.AbstractModel):
    _name = "gdpr.erasure.index"
    _description = "Erasure Lookup Indexes"

    @api.model
    def init(self):
        res = super().init()
        self._gdpr_ensure_lookup_indexes()
        return res

    @api.model
    def _gdpr_lookup_indexes(self):
        """The indexes every erasure needs (LOOKUP_INDEXES); extend to add
        those of a custom model."""
        return list(LOOKUP_INDEXES)

    @api.model
    def _gdpr_ensure_lookup_indexes(self):
        """Create the lookup indexes, only where the table exists."""
        for spec in self._gdpr_lookup_indexes():
            if tools.sql.table_exists(self.env.cr, spec.table):
                self._gdpr_create_index(*spec)

    @api.model
    def _gdpr_ensure_indexes(self):
        """Index the email / phone columns the rules search, with the same
        expressions as the queries (no sequential scan of messages)."""
        self._gdpr_ensure_lookup_indexes()
        rules_by_model = self.env["gdpr.erasure.discovery"]._gdpr_rules_by_model()
        for rules in rules_by_model.values():
            for rule in rules:
                table = self.env[rule.model]._table
                for field in rule.email_field_ids:
                    if field.name.endswith("normalized"):
                        # stock Odoo does not index crm_lead / mailing_contact
                        self._gdpr_create_index(
                            table,
                            field.name,
                            "gdpr_email",
                            SQL.identifier(field.name),
                            SQL("%s IS NOT NULL", SQL.identifier(field.name)),
                        )
                        continue
                    self._gdpr_create_index(
                        table, field.name, "gdpr_email", email_sql(field.name)
                    )
                for field in rule.phone_field_ids:
                    self._gdpr_create_index(
                        table, field.name, "gdpr_phone", phone_sql(field.name)
                    )

    @api.model
    def _gdpr_create_index(
        self, table, column, suffix, expression, where=None, name=None
    ):
        if not tools.sql.column_exists(self.env.cr, table, column):
            return
        name = name or tools.sql.make_identifier(f"{table}__{column}_{suffix}_index")
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS %s ON %s (%s)%s",
                SQL.identifier(name),
                SQL.identifier(table),
                expression,
                SQL(" WHERE %s", where) if where else SQL(),
            )
        )
