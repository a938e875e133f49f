# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Timing, memory and query tools: repeated runs with median/min/max, peak
RSS sampling, query capture through Odoo's cursor hooks, rolled-back
sandboxes, and EXPLAIN (ANALYZE) checks for whole-table scans."""

import json
import statistics
import threading
import time
from contextlib import contextmanager

import psutil

MB = 2**20


class RssSampler:
    """Samples the resident set size of this process while a block runs.

    ``ru_maxrss`` only grows over the life of a process, so a per-run peak
    needs sampling; 5 ms is fine enough for runs of 10 ms and more."""

    def __init__(self, interval=0.005):
        self.interval = interval
        self.process = psutil.Process()
        self.start_rss = 0
        self.peak_rss = 0
        self._stop = threading.Event()
        self._thread = None

    def _sample(self):
        while not self._stop.is_set():
            rss = self.process.memory_info().rss
            self.peak_rss = max(self.peak_rss, rss)
            self._stop.wait(self.interval)

    def __enter__(self):
        self.start_rss = self.peak_rss = self.process.memory_info().rss
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        rss = self.process.memory_info().rss
        self.peak_rss = max(self.peak_rss, rss)
        return False


@contextmanager
def capture_queries():
    """Record every query executed by this thread (Odoo's ``query_hooks``)."""
    thread = threading.current_thread()
    captured = []

    def hook(cr, query, params, start, delay):
        captured.append((query, params, delay))

    previous = getattr(thread, "query_hooks", ())
    thread.query_hooks = (*previous, hook)
    try:
        yield captured
    finally:
        thread.query_hooks = previous


def stats(times, rss=None, queries=None, extra=None):
    result = {
        "runs": len(times),
        "median_s": statistics.median(times),
        "min_s": min(times),
        "max_s": max(times),
        "times_s": [round(t, 6) for t in times],
    }
    if rss:
        result["peak_rss_mb"] = round(max(r[1] for r in rss) / MB, 1)
        result["rss_growth_mb"] = round(max(r[1] - r[0] for r in rss) / MB, 1)
    if queries is not None:
        result["queries"] = queries
    if extra:
        result.update(extra)
    return result


def repeat(run, runs, warmup=1, prepare=None, cleanup=None):
    """Run ``run()`` ``warmup + runs`` times; time the last ``runs``.

    ``prepare()`` returns the argument given to ``run``; ``cleanup(arg)``
    follows each run (both untimed). Returns (stats, last result): the
    result also carries the queries of the last run (count) and peak RSS."""
    times, rss = [], []
    last = None
    query_counts = []
    for index in range(warmup + runs):
        arg = prepare() if prepare else None
        with capture_queries() as captured, RssSampler() as sampler:
            start = time.perf_counter()
            last = run(arg) if prepare else run()
            elapsed = time.perf_counter() - start
        if cleanup:
            cleanup(arg)
        if index >= warmup:
            times.append(elapsed)
            rss.append((sampler.start_rss, sampler.peak_rss))
            query_counts.append(len(captured))
    return stats(times, rss, queries=max(query_counts)), last


@contextmanager
def sandbox(registry):
    """A transaction that is always rolled back.

    The registry is put in test mode on a real cursor, so cursors opened
    inside (and code that commits between batches, like crons) work on
    savepoints of that one transaction; nothing reaches the database."""
    base_cr = registry.cursor()
    registry.enter_test_mode(base_cr)
    try:
        yield base_cr
    finally:
        registry.leave_test_mode()
        base_cr.rollback()
        base_cr.close()


class Savepoint:
    """Named savepoint on the sandbox cursor, rolled back on ``rollback()``."""

    def __init__(self, cr, name):
        self.cr = cr
        self.name = name
        cr._obj.execute(f"SAVEPOINT {name}")

    def rollback(self):
        self.cr._obj.execute(f"ROLLBACK TO SAVEPOINT {self.name}")


# ---------------------------------------------------------------------------
# EXPLAIN: whole-table scans where an index would do
# ---------------------------------------------------------------------------

EXPLAINABLE = ("select", "with", "update", "delete", "insert")


def table_sizes(cr):
    cr.execute(
        """
        SELECT c.relname, GREATEST(c.reltuples, 0)::bigint
          FROM pg_class c
          JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind = 'r'
        """
    )
    return dict(cr.fetchall())


def _walk(node, depth=0):
    yield node, depth
    for child in node.get("Plans", ()):
        yield from _walk(child, depth + 1)


def render_plan(plan, limit=25):
    """A compact text rendering of an EXPLAIN (FORMAT JSON) plan tree."""
    lines = []
    for node, depth in _walk(plan["Plan"]):
        node = {
            key: _shorten(value, 300) if isinstance(value, str) else value
            for key, value in node.items()
        }
        label = node["Node Type"]
        if node.get("Relation Name"):
            label += f" on {node['Relation Name']}"
        if node.get("Index Name"):
            label += f" using {node['Index Name']}"
        details = [
            f"rows={node.get('Actual Rows')}",
            f"loops={node.get('Actual Loops')}",
            f"time={node.get('Actual Total Time')}ms",
        ]
        for key in ("Filter", "Index Cond", "Hash Cond", "Join Filter"):
            if node.get(key):
                details.append(f"{key}: {node[key]}")
        if node.get("Rows Removed by Filter"):
            details.append(f"removed by filter={node['Rows Removed by Filter']}")
        lines.append("  " * depth + "-> " + label + " (" + ", ".join(details) + ")")
        if len(lines) >= limit:
            lines.append("  ...")
            break
    for trigger in plan.get("Triggers", ()):
        lines.append(
            f"Trigger {trigger.get('Trigger Name')} on {trigger.get('Relation')}: "
            f"time={trigger.get('Time')}ms calls={trigger.get('Calls')}"
        )
    return "\n".join(lines)


def _trigger_constraints(cr):
    cr.execute(
        """
        SELECT t.tgname, con.conname, rel.relname,
               array_to_string(ARRAY(
                   SELECT a.attname FROM pg_attribute a
                    WHERE a.attrelid = con.conrelid AND a.attnum = ANY(con.conkey)
               ), ',')
          FROM pg_trigger t
          JOIN pg_constraint con ON con.oid = t.tgconstraint
          JOIN pg_class rel ON rel.oid = con.conrelid
         WHERE t.tgname LIKE 'RI_ConstraintTrigger%%'
        """
    )
    return {row[0]: row[1:] for row in cr.fetchall()}


def explain_queries(cr, captured, label, min_table_rows, max_queries=150):
    """EXPLAIN (ANALYZE) each distinct query captured during one run and
    report sequential scans that filter a large table down to a few rows,
    plus foreign-key triggers that dominate a DELETE.

    Each query runs again inside a savepoint that is rolled back; queries
    that fail out of their original context are skipped."""
    sizes = table_sizes(cr)
    constraints = None
    by_text = {}
    for query, params, delay in captured:
        text = query.decode() if isinstance(query, bytes) else str(query)
        if not text.lstrip().lower().startswith(EXPLAINABLE):
            continue
        if "explain" in text.lower()[:20]:
            continue
        previous = by_text.get(text)
        if previous is None or delay > previous[1]:
            by_text[text] = (params, delay)
    ordered = sorted(by_text.items(), key=lambda item: -item[1][1])[:max_queries]
    notes = []
    for text, (params, _delay) in ordered:
        cr._obj.execute("SAVEPOINT bench_explain")
        try:
            cr._obj.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + text, params)
            plan = cr._obj.fetchone()[0][0]
        except Exception:  # noqa: BLE001 - out-of-context query, skip it
            cr._obj.execute("ROLLBACK TO SAVEPOINT bench_explain")
            continue
        cr._obj.execute("ROLLBACK TO SAVEPOINT bench_explain")
        found = _scan_notes(plan, sizes, min_table_rows)
        for trigger in plan.get("Triggers", ()):
            # action triggers (ON DELETE/UPDATE of the referenced row) that
            # take more than 0.1 ms a row scan the referencing table
            name = trigger.get("Trigger Name") or ""
            spent, calls = trigger.get("Time") or 0, trigger.get("Calls") or 1
            if not name.startswith("RI_ConstraintTrigger_a_") or spent < 20:
                continue
            if spent / calls < 0.1:
                continue
            if constraints is None:
                constraints = _trigger_constraints(cr)
            con = constraints.get(trigger.get("Trigger Name"))
            if con:
                found.append(
                    {
                        "kind": "foreign key check",
                        "table": con[1],
                        "column": con[2],
                        "detail": f"constraint {con[0]}: {trigger['Time']:.0f} ms "
                        f"for {trigger.get('Calls')} rows",
                    }
                )
        if found:
            query_text = cr._obj.mogrify(text, params).decode(errors="replace")
            for note in found:
                note.update(
                    measurement=label,
                    query=_shorten(query_text, 800),
                    plan=render_plan(plan),
                )
                notes.append(note)
    return _dedupe(notes)


def _scan_notes(plan, sizes, min_table_rows):
    found = []
    for node, _depth in _walk(plan["Plan"]):
        if node["Node Type"] not in ("Seq Scan", "Parallel Seq Scan"):
            continue
        table = node.get("Relation Name")
        table_rows = sizes.get(table, 0)
        if table_rows < min_table_rows or not node.get("Filter"):
            continue
        loops = node.get("Actual Loops") or 1
        kept = (node.get("Actual Rows") or 0) * loops
        removed = (node.get("Rows Removed by Filter") or 0) * loops
        if removed and kept <= 0.1 * (kept + removed):
            found.append(
                {
                    "kind": "sequential scan",
                    "table": table,
                    "column": None,
                    "detail": f"Seq Scan on {table} ({table_rows} rows) x{loops} "
                    f"keeps {kept}, filter: {_shorten(node['Filter'], 300)}, "
                    f"{node.get('Actual Total Time')} ms",
                }
            )
    return found


def _shorten(text, size):
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 3] + "..."


def _dedupe(notes):
    seen = set()
    result = []
    for note in notes:
        key = (note["kind"], note["table"], note.get("column"), note["detail"][:60])
        if key in seen:
            continue
        seen.add(key)
        result.append(note)
    return result


def unindexed_foreign_keys(cr, referenced_tables, min_rows):
    """Foreign keys to ``referenced_tables`` whose column has no index led by
    it: deleting a referenced row makes PostgreSQL scan the whole table."""
    cr.execute(
        """
        SELECT src.relname, a.attname, dst.relname, con.conname,
               GREATEST(src.reltuples, 0)::bigint
          FROM pg_constraint con
          JOIN pg_class src ON src.oid = con.conrelid
          JOIN pg_class dst ON dst.oid = con.confrelid
          JOIN pg_attribute a ON a.attrelid = con.conrelid
                             AND a.attnum = con.conkey[1]
         WHERE con.contype = 'f'
           AND array_length(con.conkey, 1) = 1
           AND dst.relname = ANY(%s)
           AND src.reltuples >= %s
           AND NOT EXISTS (
               SELECT 1 FROM pg_index i
                WHERE i.indrelid = con.conrelid
                  AND i.indkey[0] = con.conkey[1]
           )
         ORDER BY src.reltuples DESC
        """,
        [list(referenced_tables), min_rows],
    )
    return [
        {
            "scope": "schema",
            "kind": "foreign key without index",
            "table": src,
            "column": column,
            "detail": f"{src}.{column} -> {dst} ({constraint}), {rows} rows: "
            f"each delete on {dst} scans {src}",
        }
        for src, column, dst, constraint, rows in cr.fetchall()
    ]


def dumps(data):
    return json.dumps(data, indent=2, sort_keys=False, default=str)
