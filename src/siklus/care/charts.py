"""The WHO growth curves the person page draws, as one static JSON file the browser caches.

The curves are fixed tables (WHO 2006/2007 via :func:`siklus.rules.anthropometry.charts.curves`),
so they are written once to ``static/siklus/who-curves.json`` (``python -m siklus.care.charts``)
instead of being sent with every page; a test checks the file equals what the rules give.
Per sex: weight-for-age (with the +1 SD orange line of the KMS referral rule, ILP.md §0.1 C8),
length/height-for-age and head circumference-for-age by month, weight-for-length (45–110 cm) and
weight-for-height (65–120 cm) by centimetre.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from siklus.rules.anthropometry.charts import curves

PATH = Path(__file__).resolve().parents[1] / "static" / "siklus" / "who-curves.json"
LINES = (-3, -2, 0, 2, 3)
# index → (first x, last x, step, lines): ages in months to 72 (anak prasekolah), lengths in cm.
CHARTS = {
    "wfa": (0, 72, 0.5, (-3, -2, 0, 1, 2, 3)),
    "lhfa": (0, 72, 0.5, LINES),
    "hcfa": (0, 60, 0.5, LINES),
    "wfl": (45, 110, 1.0, LINES),
    "wfh": (65, 120, 1.0, LINES),
}


def who_curves() -> dict:
    found: dict = {"lines": list(LINES), "orange": 1}
    for sex in ("L", "P"):
        found[sex] = {}
        for index, (start, stop, step, z) in CHARTS.items():
            c = curves(index, sex, start, stop, step=step, z=z)
            found[sex][index] = {
                "x": [round(v, 2) for v in c.x.tolist()],
                "lines": {str(k): [round(v, 2) for v in values.tolist()] for k, values in c.lines.items()},
            }
    return found


def text() -> str:
    return json.dumps(who_curves(), separators=(",", ":"), sort_keys=True) + "\n"


if __name__ == "__main__":
    PATH.write_text(text(), encoding="utf-8")
    sys.stdout.write(f"{PATH} ({PATH.stat().st_size} bytes)\n")
