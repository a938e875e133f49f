# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Terminal table and summary lines of a benchmark result."""

import textwrap


def fmt_time(seconds):
    if seconds is None:
        return "-"
    if seconds < 0.001:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1000:.1f} ms"
    if seconds < 100:
        return f"{seconds:.2f} s"
    return f"{seconds:.0f} s"


def fmt_stats(stats):
    if not stats:
        return "-"
    return (
        f"{fmt_time(stats['median_s'])} "
        f"({fmt_time(stats['min_s'])}–{fmt_time(stats['max_s'])})"
    )


def _search_note(row, d):
    if "result_rows" not in d:
        return []
    single = ""
    if not d.get("single_query"):
        single = f" ({d.get('partner_queries')} on res_partner)"
    return [
        (
            f"{d['result_rows']} rows vs {d['baseline_result_rows']}; "
            f"{d['queries']} query(ies){single}"
        )
    ]


def _mailing_note(row, d):
    if "recipients" in d:
        return [f"{d['recipients']} of {d['baseline_recipients']} recipients"]
    if "baseline_recipients" in d:
        return [f"baseline {d['baseline_recipients']} recipients"]
    return []


def _plan_note(row, d):
    return [f"{d.get('subject_records')} records exist; SQL finds {d.get('sql_found')}"]


def _erasure_note(row, d):
    parts = []
    if "left_behind_total" in d:
        parts.append(f"{d['left_behind_total']} of {d['subject_records']} left behind")
    left = sum((d.get("baseline_left_behind") or {}).values())
    parts.append(f"SQL leaves {left}")
    return parts


def _lookup_note(row, d):
    if "found" not in d:
        return []
    share = 100 * (d["found_share"] or 0)
    return [f"finds {d['found']} of {d['subject_records']} ({share:.1f} %)"]


def _retention_note(row, d):
    parts = []
    ours, base = row.get("ours"), row.get("baseline")
    if ours:
        parts.append(
            f"{ours['partners_per_s']:.0f} partners/s, "
            f"peak RSS {ours.get('peak_rss_mb')} MB"
        )
    if base:
        parts.append(f"SQL {base['partners_per_s']:.0f} partners/s")
    return parts


def _growth_note(row, d):
    parts = []
    for side in ("ours", "baseline"):
        g = d.get(side)
        if g:
            parts.append(
                f"{side}: x{g['size_factor']:.0f} partners -> "
                f"x{g['time_factor']} time, RSS +{g['peak_rss_growth_mb']} MB"
            )
    return parts


def _expiry_note(row, d):
    if "consents_due" not in d:
        return []
    return [
        (
            f"{d['consents_due']} due; expired {d['expired_after_job']} "
            f"(SQL {d['expired_after_baseline']})"
        )
    ]


def _scan_note(row, d):
    if "row_count" not in d:
        return []
    budget = "within" if d["within_budget"] else "OVER"
    return [
        (
            f"{d['table_count']} tables, {d['column_count']} columns, "
            f"{d['row_count']} rows, {d['file_count']} files; "
            f"{d['residue_count']} residues (clear-text search finds "
            f"{d['baseline_rows_found']}); {budget} the {d['budget_s']} s budget"
        )
    ]


NOTES = {
    "search_purpose": _search_note,
    "search_purpose_count": _search_note,
    "search_segment": _search_note,
    "search_segment_count": _search_note,
    "mailing_recipients": _mailing_note,
    "mailing_remaining_recipients": _mailing_note,
    "erasure_plan": _plan_note,
    "erasure": _erasure_note,
    "privacy_lookup": _lookup_note,
    "retention_tenth": _retention_note,
    "retention_all": _retention_note,
    "retention_growth": _growth_note,
    "consent_expiry": _expiry_note,
    "verification_scan": _scan_note,
}


def _note(row):
    d = row.get("details") or {}
    parts = []
    if row["status"] != "ok" and row.get("reason"):
        parts.append(row["reason"])
    parts += NOTES.get(row["key"], lambda row, d: [])(row, d)
    if d.get("scan_notes"):
        parts.append(f"{d['scan_notes']} scan note(s)")
    return "; ".join(parts)


def table(result):
    headers = [
        "#",
        "Measurement",
        "Ours: median (min–max)",
        "Baseline",
        "Ratio",
        "Notes",
    ]
    rows = []
    for index, r in enumerate(result["measurements"], 1):
        ratio = f"{r['ratio']:.2f}x" if r.get("ratio") is not None else "-"
        ours = (
            fmt_stats(r.get("ours"))
            if r.get("ours")
            else ("not available" if r["status"] != "ok" else "-")
        )
        rows.append(
            [
                str(index),
                r["title"],
                ours,
                fmt_stats(r.get("baseline")),
                ratio,
                _note(r),
            ]
        )
    widths = [len(h) for h in headers]
    note_width = 70
    for r in rows:
        for i, cell in enumerate(r[:-1]):
            widths[i] = max(widths[i], len(cell))
    widths[-1] = note_width
    lines = []

    def line(cells):
        wrapped = textwrap.wrap(cells[-1], note_width) or [""]
        first = " | ".join(c.ljust(w) for c, w in zip(cells[:-1], widths, strict=False))
        lines.append(first + " | " + wrapped[0])
        pad = " | ".join(" " * w for w in widths[:-1])
        for extra in wrapped[1:]:
            lines.append(pad + " | " + extra)

    line(headers)
    lines.append("-+-".join("-" * w for w in widths))
    for r in rows:
        line(r)
    return "\n".join(lines)


def summary(result):
    gen = result["generation"]
    machine = result["machine"]
    git = result["git"]
    steps = ", ".join(
        f"{k} {fmt_time(v)}" for k, v in gen["timings_s"].items() if k != "total"
    )
    by_model = ", ".join(
        f"{k} {v}" for k, v in gen["subject"]["records_by_model"].items()
    )
    out = [
        f"GDPR benchmark, scale {result['scale']} — database {result['database']}",
        (
            f"machine: {machine['cpu_cores']} cores ({machine['cpu_model']}), "
            f"{machine['memory_total_mb']} MB RAM, PostgreSQL {machine['postgresql']}, "
            f"load {machine['load_average']}"
        ),
        f"git: {git['branch']} {git['describe']}"
        + (" (dirty)" if git["dirty"] else ""),
        f"addons: {', '.join(result['addons'])}",
        (
            f"setup: database + install {fmt_time(result['timings_s'].get('install'))}"
            f", data generation {fmt_time(gen['timings_s']['total'])} ({steps})"
        ),
        "rows: " + ", ".join(f"{k} {v}" for k, v in gen["rows"].items()),
        (f"erasure subject: {gen['subject']['records']} related records ({by_model})"),
    ]
    return "\n".join(out)


def scan_notes(result, limit=20):
    notes = result.get("index_notes") or []
    mine = [n for n in notes if n.get("scope") in ("ours", "schema")]
    others = [n for n in notes if n.get("scope") not in ("ours", "schema")]
    if not mine:
        out = ["EXPLAIN: no whole-table scan where an index would do in our code."]
    else:
        out = [
            (
                f"EXPLAIN notes on the GDPR addons ({len(mine)}): whole-table scans "
                "where an index would do"
            )
        ]
    for note in mine[:limit]:
        where = note.get("measurement", "schema")
        out.append(f"- [{where}] {note['kind']}: {note['detail']}")
        if note.get("query"):
            out.append(f"    query: {note['query'][:300]}")
    if len(mine) > limit:
        out.append(f"  ... {len(mine) - limit} more in the JSON file")
    if others:
        tables = sorted({f"{n['table']} ({n.get('scope')})" for n in others})
        out.append(
            f"{len(others)} more in baselines and Odoo core code, on: "
            + ", ".join(tables)
        )
    return "\n".join(out)
