"""Growth chart lines: the WHO curves at −3 … +3 SD for an index, sex and range.

Age-based indices are drawn in months: below 61 months from the daily WHO 2006 tables, from
61 months from the WHO 2007 reference (weight to 120 months, length/height and BMI to 228),
so one call gives the whole curve a child's page needs. Weight-for-length uses 45–110 cm,
weight-for-height 65–120 cm. Values come from the same tables and LMS formula as the z-scores.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from siklus.rules.anthropometry import lms
from siklus.rules.anthropometry.tables import (
    ACFA,
    BMI,
    BMI_2007,
    DAYS_PER_MONTH,
    HCFA,
    HFA_2007,
    LHFA,
    WFA,
    WFA_2007,
    WFH,
    WFL,
    WHO2006_LAST_DAY,
    WHO2007_FIRST_MONTH,
    table,
)
from siklus.rules.anthropometry.zscores import sex_code

# index → (WHO 2006 table, WHO 2007 table or None, last month)
_BY_AGE = {
    "wfa": (WFA, WFA_2007, 120),
    "lhfa": (LHFA, HFA_2007, 228),
    "bmi": (BMI, BMI_2007, 228),
    "hcfa": (HCFA, None, 60),
    "acfa": (ACFA, None, 60),
}
_BY_LENGTH = {"wfl": WFL, "wfh": WFH}
INDICATORS = tuple(_BY_AGE) + tuple(_BY_LENGTH)
DEFAULT_Z = (-3, -2, -1, 0, 1, 2, 3)


@dataclass(frozen=True)
class Curves:
    indicator: str
    sex: int  # 1 boy, 2 girl
    x_unit: str  # "month" or "cm"
    x: np.ndarray
    lines: dict[int, np.ndarray]  # z → measurement (kg, cm or kg/m²) at each x
    reference: tuple[str, ...]  # "WHO 2006" / "WHO 2007" for each x

    def as_dict(self) -> dict:
        """Plain lists, ready for JSON (an ECharts series per z)."""
        return {
            "indicator": self.indicator,
            "sex": self.sex,
            "x_unit": self.x_unit,
            "x": [round(v, 4) for v in self.x.tolist()],
            "lines": {str(z): [None if np.isnan(v) else round(v, 4) for v in values.tolist()]
                      for z, values in self.lines.items()},
            "reference": list(self.reference),
        }


def curves(indicator: str, sex, start: float | None = None, stop: float | None = None, *,
           step: float | None = None, z=DEFAULT_Z) -> Curves:
    """WHO curves of ``indicator`` ("wfa", "lhfa", "bmi", "hcfa", "acfa", "wfl", "wfh").

    ``start``/``stop`` in months (age-based) or cm, inclusive; ``step`` defaults to a week
    (0.25 month) in WHO 2006 ages, a month from 61 months, and 0.5 cm.
    """
    row = sex_code(sex) - 1
    if indicator in _BY_LENGTH:
        t = table(_BY_LENGTH[indicator])
        first, last = t.x[0], t.x[-1]
        x = _grid(first if start is None else start, last if stop is None else stop, step or 0.5)
        if x[0] < first - 1e-9 or x[-1] > last + 1e-9:
            raise ValueError(f"{indicator} covers {first:g}–{last:g} cm")
        l, m, s = _interpolate(t, row, (x - t.x0) / t.step)
        return Curves(indicator, row + 1, "cm", x, _lines(z, l, m, s), ("WHO 2006",) * len(x))
    try:
        young, old, last_month = _BY_AGE[indicator]
    except KeyError:
        raise KeyError(f"unknown indicator {indicator!r}; known: {', '.join(INDICATORS)}") from None
    start = 0.0 if start is None else float(start)
    stop = float(last_month) if stop is None else float(stop)
    if start < 0 or stop > last_month:
        raise ValueError(f"{indicator} covers 0–{last_month} months")
    seam = WHO2006_LAST_DAY / DAYS_PER_MONTH  # 60.98 months, the last daily row
    young_x = _grid(start, min(stop, seam), step or 0.25) if start <= seam else np.empty(0)
    old_x = _grid(max(start, WHO2007_FIRST_MONTH), stop, step or 1.0) if old and stop >= WHO2007_FIRST_MONTH else np.empty(0)
    t = table(young)
    day = np.clip(np.floor(young_x * DAYS_PER_MONTH + 0.5), 0, WHO2006_LAST_DAY).astype(int)
    parts = [(t.l[row, day], t.m[row, day], t.s[row, day])]
    if old is not None and old_x.size:
        parts.append(_interpolate(table(old), row, old_x))
    l, m, s = (np.concatenate([p[k] for p in parts]) for k in range(3))
    x = np.concatenate([young_x, old_x])
    reference = ("WHO 2006",) * len(young_x) + ("WHO 2007",) * len(old_x)
    return Curves(indicator, row + 1, "month", x, _lines(z, l, m, s), reference)


def _grid(start: float, stop: float, step: float) -> np.ndarray:
    if stop < start:
        raise ValueError("stop is before start")
    count = int(np.floor((stop - start) / step + 1e-9)) + 1
    x = start + step * np.arange(count)
    return x if np.isclose(x[-1], stop) else np.append(x, stop)


def _interpolate(t, row: int, column: np.ndarray):
    low = np.clip(np.floor(column + 1e-9), 0, t.width - 2).astype(int)
    diff = column - low
    return tuple(v[row, low] + diff * (v[row, low + 1] - v[row, low]) for v in (t.l, t.m, t.s))


def _lines(z_values, l, m, s) -> dict[int, np.ndarray]:
    return {int(z): lms.value_at(float(z), l, m, s) for z in z_values}
