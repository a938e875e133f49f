#!/usr/bin/env python3
# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Compare two benchmark result files, measurement by measurement.

    python3 bench/compare.py bench-results/A.json bench-results/B.json

Prints the medians of both runs, B/A for our figure, and the ratio to the
baseline in each run (the figure that travels between machines)."""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_report import fmt_time


def load(path):
    data = json.loads(Path(path).read_text())
    return data, {row["key"]: row for row in data["measurements"]}


def median(row, side):
    stats = row.get(side) if row else None
    return stats["median_s"] if stats else None


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    (a, rows_a), (b, rows_b) = load(argv[0]), load(argv[1])
    for label, data in (("A", a), ("B", b)):
        machine, git = data["machine"], data["git"]
        print(
            f"{label}: {data['scale']} {data['created_at']} {git['describe']} "
            f"({machine['cpu_cores']} cores, load {machine['load_average']})"
        )
    if a["scale"] != b["scale"]:
        print("warning: the two runs are of different scales")
    header = f"{'measurement':32} {'A ours':>10} {'B ours':>10} {'B/A':>6}"
    print(header + f" {'A ratio':>8} {'B ratio':>8}")
    for key in list(dict.fromkeys([*rows_a, *rows_b])):
        ra, rb = rows_a.get(key), rows_b.get(key)
        ma, mb = median(ra, "ours"), median(rb, "ours")
        change = f"{mb / ma:.2f}" if ma and mb else "-"
        ratio_a = f"{ra['ratio']:.2f}x" if ra and ra.get("ratio") else "-"
        ratio_b = f"{rb['ratio']:.2f}x" if rb and rb.get("ratio") else "-"
        print(
            f"{key:32} {fmt_time(ma):>10} {fmt_time(mb):>10} {change:>6} "
            f"{ratio_a:>8} {ratio_b:>8}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
