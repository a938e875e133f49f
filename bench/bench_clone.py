# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Set-based SQL helpers of the data generator: clone a prototype row once per
source row, and the expressions that vary the clones. Shared by
``bench_data`` and ``bench_consent``."""

from odoo.tools import SQL


def table_columns(cr, table):
    cr.execute(
        """
        SELECT column_name FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name = %s
         ORDER BY ordinal_position
        """,
        [table],
    )
    return [row[0] for row in cr.fetchall()]


def clone(cr, table, proto_id, source, overrides):
    """``INSERT INTO table SELECT`` one row per row of ``source`` (aliased
    ``s``), copying every column of the prototype row (aliased ``p``) except
    the ``overrides`` (column -> SQL expression). Returns the row count."""
    columns = [c for c in table_columns(cr, table) if c != "id" or "id" in overrides]
    unknown = set(overrides) - set(columns)
    if unknown:
        raise ValueError(f"{table} has no column {', '.join(sorted(unknown))}")
    exprs = []
    for column in columns:
        value = overrides.get(column)
        if value is None:
            exprs.append(SQL("p.%s", SQL.identifier(column)))
        elif isinstance(value, SQL):
            exprs.append(value)
        else:
            exprs.append(SQL(value))
    cr.execute(
        SQL(
            "INSERT INTO %s (%s) SELECT %s FROM %s p CROSS JOIN (%s) s WHERE p.id = %s",
            SQL.identifier(table),
            SQL(", ").join(SQL.identifier(c) for c in columns),
            SQL(", ").join(exprs),
            SQL.identifier(table),
            source,
            proto_id,
        )
    )
    return cr.rowcount


def days_ago(number_sql, modulo):
    """SQL timestamp ``mod(number, modulo)`` days before now (UTC)."""
    return SQL(
        "(now() at time zone 'UTC') - make_interval(days => mod(%s, %s))",
        SQL(number_sql),
        modulo,
    )


def pick(array, index_sql):
    """SQL expression choosing an element of a Python list by an index."""
    return SQL("(%s::text[])[1 + mod(%s, %s)]", list(array), SQL(index_sql), len(array))
