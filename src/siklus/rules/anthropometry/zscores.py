"""WHO z-scores for many children at once, exactly as WHO's software computes them.

One call takes columns (numpy arrays, one entry per child) and returns columns. The method is
WHO's (igrowup macros and the R packages anthro and anthroplus, ILP.md §5.6):

* age: exact days, rounded half up to the row of the daily WHO 2006 tables; months are
  days / 30.4375 and are never rounded. WHO 2006 below 61 months (setting
  ``anthropometry.who2006_upper_age_months``; whether completed calendar months decide instead
  is the setting ``anthropometry.index_switch_age_basis``), the WHO 2007 reference from 61
  months for length/height- and BMI-for-age to 228.0 months and weight-for-age to 120.0 months,
  both inclusive on the decimal age as in anthroplus, its L, M, S interpolated between the whole
  months around the age.
* length/height: +0.7 cm for a child under 731 days measured standing, −0.7 cm for a child of
  731 days or more measured lying; position unknown → the value as given. BMI uses the
  corrected value. Under 9 months measured standing: corrected too, and ``c9mo_flag`` set
  (measure again lying, ILP.md §0.1 C9).
* weight-for-length/height: the table by age (under 731 days the length table, 45–110 cm,
  else the height table, 65–120 cm; without an age by position, or by 87 cm when that is
  unknown too), looked up with the corrected value cut to 0.1 cm and L, M, S interpolated to
  the next 0.1 cm row.
* the restricted LMS (linear beyond ±3 SD) for the weight-based indicators, BMI and arm
  circumference; the plain LMS for length/height and head circumference.
* oedema blanks weight-for-age, weight-for-length/height and BMI-for-age; a measurement ≤ 0
  gives no score; z is rounded to 2 decimals and the flags are set on the rounded z.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

import numpy as np

from siklus.rules import common, config, units
from siklus.rules.anthropometry import lms, settings
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
    WFH_RANGE_CM,
    WFL,
    WFL_RANGE_CM,
    WHO2006_LAST_DAY,
    WHO2007_FIRST_MONTH,
    table,
)

# Codes of the vector API (the scalar API and the command accept the usual spellings).
MALE, FEMALE = 1, 2
POSITION_UNKNOWN, LYING, STANDING = 0, 1, 2
# Which reference produced the age-based scores of a child.
REFERENCE_NONE, REFERENCE_WHO2006, REFERENCE_WHO2007 = 0, 1, 2
# Which weight-for-length/height table was used.
WFLH_NONE, WFLH_LENGTH, WFLH_HEIGHT = 0, 1, 2

HEIGHT_ADJUSTMENT_CM = 0.7
LENGTH_UNTIL_DAY = 731  # under 731 days (24 months) length, from 731 days height
UNKNOWN_AGE_LENGTH_BELOW_CM = 87.0  # WHO: without age nor position, < 87 cm is a length
# Last month with a WHO 2007 score, inclusive on the decimal age: anthroplus zscores.R keeps
# "age_in_months >= 60 & age_in_months <= age_upper_bound" (120 weight, 228 height and BMI), so
# 120.0 months has a weight-for-age z and 120.01 none (ILP.md §5.6).
WHO2007_UPPER_MONTHS = {HFA_2007: 228, BMI_2007: 228, WFA_2007: 120}

# WHO's flags for implausible values, on the rounded z: (low, high) → flag if z < low or z > high.
FLAG_LIMITS = {
    "zwei": (-6.0, 5.0),
    "zlen": (-6.0, 6.0),
    "zwfl": (-5.0, 5.0),
    "zbmi": (-5.0, 5.0),
    "zhc": (-5.0, 5.0),
    "zac": (-5.0, 5.0),
}
DECIMALS = 2


@dataclass(frozen=True)
class ZScores:
    """Result columns, one entry per child. NaN means "not computed"."""

    age_days: np.ndarray  # whole days used for the daily tables (rounded half up)
    age_months: np.ndarray  # unrounded months
    clenhei: np.ndarray  # length/height after the 0.7 cm correction
    cbmi: np.ndarray  # BMI from weight and clenhei
    zwei: np.ndarray
    zlen: np.ndarray
    zwfl: np.ndarray
    zbmi: np.ndarray
    zhc: np.ndarray
    zac: np.ndarray
    fwei: np.ndarray  # flags: 1.0 implausible, 0.0 plausible, NaN no score
    flen: np.ndarray
    fwfl: np.ndarray
    fbmi: np.ndarray
    fhc: np.ndarray
    fac: np.ndarray
    reference: np.ndarray  # int8: REFERENCE_* of zwei/zlen/zbmi (zhc, zac are WHO 2006 only)
    wflh_table: np.ndarray  # int8: WFLH_* of zwfl
    # WHO anthro's c9mo_flag: 1.0 for a child under 9 months measured standing (measure again
    # lying down, ILP.md §0.1 C9), else 0.0.
    c9mo_flag: np.ndarray

    def __len__(self) -> int:
        return len(self.zwei)

    def row(self, i: int) -> dict:
        return {f.name: getattr(self, f.name)[i].item() for f in fields(self)}


def compute(
    sex,
    *,
    age_days=None,
    age_months=None,
    weight=None,
    lenhei=None,
    measure=None,
    headc=None,
    muac=None,
    oedema=None,
    completed_months=None,
) -> ZScores:
    """Z-scores and flags for children given as columns.

    ``sex``: 1 boy, 2 girl (anything else: no score). ``age_days``: exact age in days (may be
    fractional); ``age_months``: decimal months; give either (where one is NaN the other is
    used). ``weight`` kg, ``lenhei`` cm as measured, ``measure``: 0 unknown, 1 lying, 2
    standing; ``headc`` and ``muac`` cm; ``oedema``: true for bilateral pitting oedema.
    Missing values are NaN (or None for a whole column). ``completed_months``: age in completed
    calendar months (*bulan penuh*, from the dates), used only for the 0–60 / 5–18 switch when
    ``anthropometry.index_switch_age_basis`` is "completed_months".
    """
    n = _length(sex, age_days, age_months, weight, lenhei, measure, headc, muac, oedema, completed_months)
    sex = _column(sex, n)
    weight, lenhei, headc, muac = (_column(v, n) for v in (weight, lenhei, headc, muac))
    measure = _column(measure, n, fill=POSITION_UNKNOWN)
    oedema = _column(oedema, n, fill=0.0) > 0

    days_exact, months = _ages(_column(age_days, n), _column(age_months, n))
    day = np.floor(days_exact + 0.5)  # WHO rounds half up
    known_age = np.isfinite(day)
    known_sex = (sex == MALE) | (sex == FEMALE)
    row = np.where(sex == FEMALE, 1, 0)

    with np.errstate(invalid="ignore"):
        upper = config.get(settings.WHO2006_UPPER_AGE_MONTHS.name)
        switch_age = months
        if config.get(settings.INDEX_SWITCH_AGE_BASIS.name) == "completed_months" and completed_months is not None:
            completed = _column(completed_months, n)
            switch_age = np.where(np.isfinite(completed), completed, months)
        # The daily WHO 2006 tables end at day 1856: a child of 60 completed months but 1857 or
        # 1858 days (a long 61st month) goes to the WHO 2007 reference either way.
        who2006 = known_sex & (day <= WHO2006_LAST_DAY) & (switch_age < upper)
        who2007 = known_sex & ~who2006 & ((day > WHO2006_LAST_DAY) | (switch_age >= max(upper, WHO2007_FIRST_MONTH)))
        # WHO anthro flags a child under 9 months measured standing as implausible (c9mo_flag);
        # siklus keeps the +0.7 cm correction by default and tells the kader to measure lying.
        c9mo = (measure == STANDING) & (months < 9)
        if config.get(settings.STANDING_UNDER_9_MONTHS.name) == "ignore_position":
            measure = np.where(c9mo, POSITION_UNKNOWN, measure)
        clenhei = lenhei + np.where(known_age & (day < LENGTH_UNTIL_DAY) & (measure == STANDING), HEIGHT_ADJUSTMENT_CM, 0.0)
        clenhei -= np.where(known_age & (day >= LENGTH_UNTIL_DAY) & (measure == LYING), HEIGHT_ADJUSTMENT_CM, 0.0)
        cbmi = weight / (clenhei / 100.0) ** 2
    no_oedema_weight = np.where(oedema, np.nan, weight)
    no_oedema_bmi = np.where(oedema, np.nan, cbmi)

    # WHO 2006, by day: computed over all rows, rows outside the age range masked to NaN.
    day_column = np.clip(np.nan_to_num(day, nan=0.0), 0, WHO2006_LAST_DAY).astype(np.intp)
    flat_day = row * (WHO2006_LAST_DAY + 1) + day_column
    mask2006 = np.where(who2006, 1.0, np.nan)
    zwei = _by_index(WFA, no_oedema_weight * mask2006, flat_day, restricted=True)
    zlen = _by_index(LHFA, clenhei * mask2006, flat_day, restricted=False)
    zbmi = _by_index(BMI, no_oedema_bmi * mask2006, flat_day, restricted=True)
    zhc = _by_index(HCFA, headc * mask2006, flat_day, restricted=False)
    zac = _by_index(ACFA, muac * mask2006, flat_day, restricted=True)  # NaN rows: days < 91, > 1826

    # WHO 2007, by month, only for the (usually few) older children.
    older = np.flatnonzero(who2007)
    if older.size:
        # Half a day below 61 months the rounded day is already 1857: use the first month row.
        m = np.maximum(months[older], float(WHO2007_FIRST_MONTH))
        # _by_month picks the restricted LMS by table (all but height-for-age).
        for z, name, y in (
            (zwei, WFA_2007, no_oedema_weight),
            (zlen, HFA_2007, clenhei),
            (zbmi, BMI_2007, no_oedema_bmi),
        ):
            z[older] = _by_month(name, y[older], row[older], m)

    zwfl, wflh_table = _weight_for_lenhei(
        no_oedema_weight, clenhei, measure, row, known_sex, known_age, who2006, day
    )

    scores = {"zwei": zwei, "zlen": zlen, "zwfl": zwfl, "zbmi": zbmi, "zhc": zhc, "zac": zac}
    flags = {}
    for name, z in scores.items():
        z[:] = np.round(z, DECIMALS) + 0.0  # + 0.0 turns −0.00 into 0.00
        low, high = FLAG_LIMITS[name]
        with np.errstate(invalid="ignore"):
            flags["f" + name[1:]] = np.where(np.isnan(z), np.nan, ((z < low) | (z > high)).astype(float))

    reference = np.where(who2006 & known_age, REFERENCE_WHO2006, np.where(who2007 & (months <= WHO2007_UPPER_MONTHS[HFA_2007]), REFERENCE_WHO2007, REFERENCE_NONE))
    return ZScores(
        age_days=day,
        age_months=months,
        clenhei=clenhei,
        cbmi=cbmi,
        **scores,
        **flags,
        reference=reference.astype(np.int8),
        wflh_table=wflh_table,
        c9mo_flag=c9mo.astype(float),
    )


def _by_index(name: str, y: np.ndarray, flat: np.ndarray, *, restricted: bool) -> np.ndarray:
    t = table(name)
    return lms.zscore(
        y, t.l.ravel()[flat], t.m.ravel()[flat], t.s.ravel()[flat],
        restricted=restricted, l_is_one=t.l_is_one, l_near_zero=t.l_near_zero,
    )


def _by_month(name: str, y: np.ndarray, row: np.ndarray, months: np.ndarray) -> np.ndarray:
    """anthroplus: L, M, S linear between the whole months below and above the age."""
    t = table(name)
    valid = months <= WHO2007_UPPER_MONTHS[name]
    low = np.minimum(np.floor(months), t.width - 2).astype(np.intp)
    diff = months - low
    base = row * t.width + low
    l, m, s = ((v.ravel()[base] + diff * (v.ravel()[base + 1] - v.ravel()[base])) for v in (t.l, t.m, t.s))
    return lms.zscore(
        np.where(valid, y, np.nan), l, m, s,
        restricted=name != HFA_2007, l_is_one=t.l_is_one, l_near_zero=t.l_near_zero,
    )


def _weight_for_lenhei(weight, clenhei, measure, row, known_sex, known_age, who2006, day):
    with np.errstate(invalid="ignore"):
        unknown_position = measure == POSITION_UNKNOWN
        by_length = np.where(
            known_age,
            day < LENGTH_UNTIL_DAY,
            (measure == LYING) | (unknown_position & (clenhei < UNKNOWN_AGE_LENGTH_BELOW_CM)),
        )
        by_height = np.where(
            known_age,
            day >= LENGTH_UNTIL_DAY,
            (measure == STANDING) | (unknown_position & (clenhei >= UNKNOWN_AGE_LENGTH_BELOW_CM)),
        )
        (l_low, l_high), (h_low, h_high) = WFL_RANGE_CM, WFH_RANGE_CM
        in_range = np.where(by_length, (clenhei >= l_low) & (clenhei <= l_high), (clenhei >= h_low) & (clenhei <= h_high))
        valid = known_sex & (by_length | by_height) & in_range & (who2006 | ~known_age)

        wfl, wfh = table(WFL), table(WFH)
        # WHO: cut to 0.1 cm, interpolate towards the next 0.1 cm row.
        low10 = np.trunc(np.where(valid, clenhei, 70.0) * 10.0)  # 70 cm: a row of both tables
        diff = (clenhei - low10 / 10.0) / 0.1
        first10 = np.where(by_length, round(wfl.x0 * 10), round(wfh.x0 * 10))
        width = np.where(by_length, wfl.width, wfh.width)
        column = np.clip(low10 - first10, 0, width - 1).astype(np.intp)
        upper = np.minimum(column + 1, width - 1)
        # One flat array holding both tables: [wfl boys, wfl girls, wfh boys, wfh girls].
        offset = np.where(by_length, row * wfl.width, 2 * wfl.width + row * wfh.width)
        l_all, m_all, s_all = _joined_wflh()
        lo, up = offset + column, offset + upper
        l, m, s = ((v[lo] + diff * (v[up] - v[lo])) for v in (l_all, m_all, s_all))
        z = lms.zscore(np.where(valid, weight, np.nan), l, m, s, restricted=True,
                       l_near_zero=wfl.l_near_zero or wfh.l_near_zero)
        kind = np.where(valid, np.where(by_length, WFLH_LENGTH, WFLH_HEIGHT), WFLH_NONE).astype(np.int8)
    return z, kind


_JOINED: tuple | None = None


def _joined_wflh():
    global _JOINED
    if _JOINED is None:
        wfl, wfh = table(WFL), table(WFH)
        _JOINED = tuple(np.concatenate([getattr(wfl, k).ravel(), getattr(wfh, k).ravel()]) for k in "lms")
    return _JOINED


def _ages(days, months):
    with np.errstate(invalid="ignore"):
        days = np.where(np.isfinite(days), days, months * DAYS_PER_MONTH)
        months = np.where(np.isfinite(months), months, days / DAYS_PER_MONTH)
        negative = (days < 0) | (months < 0)
    days[negative] = np.nan
    months[negative] = np.nan
    return days, months


def _length(*columns) -> int:
    lengths = {np.size(c) for c in columns if c is not None and np.ndim(c) > 0}
    if len(lengths) > 1:
        raise ValueError(f"columns of different lengths: {sorted(lengths)}")
    return lengths.pop() if lengths else 1


def _column(values, n: int, fill: float = np.nan) -> np.ndarray:
    if values is None:
        return np.full(n, fill)
    array = np.asarray(values, dtype=float)  # not copied: compute() never writes to inputs
    return np.full(n, float(array)) if array.ndim == 0 else array


# ----------------------------------------------------------------------------- one child


@dataclass(frozen=True)
class ChildZScores:
    """The z-scores of one child (None where not computed) with WHO's flags."""

    age_days: int | None
    age_months: float | None
    clenhei: float | None
    cbmi: float | None
    zwei: float | None
    zlen: float | None
    zwfl: float | None
    zbmi: float | None
    zhc: float | None
    zac: float | None
    fwei: bool | None
    flen: bool | None
    fwfl: bool | None
    fbmi: bool | None
    fhc: bool | None
    fac: bool | None
    reference: str | None  # "WHO 2006" or "WHO 2007" for the age-based scores
    wflh_table: str | None  # "length" (BB/PB) or "height" (BB/TB)
    c9mo_flag: bool  # under 9 months measured standing: measure again lying (ILP.md §0.1 C9)


def child(
    sex,
    *,
    age_days: float | None = None,
    age_months: float | None = None,
    birth_date: date | None = None,
    visit_date: date | None = None,
    weight_kg: float | None = None,
    lenhei_cm: float | None = None,
    measure=None,
    headc_cm: float | None = None,
    muac_cm: float | None = None,
    oedema=False,
) -> ChildZScores:
    """Z-scores of one child: a thin wrapper over :func:`compute`.

    ``sex`` accepts 1/2, "L"/"P" (laki-laki/perempuan) and "M"/"F"; ``measure`` "l"/"h" (or
    "PB"/"TB"); ``oedema`` a bool or "y"/"n". Age from ``age_days``, ``age_months`` or the two
    dates (the dates also give the completed months of the 0–60 / 5–18 switch setting).

    Weight and length/height pass the unit guard first (ILP.md §0.1 C6): grams or metres raise
    :class:`~siklus.rules.units.ImplausibleValue`, a ValueError naming the unit. Other values
    outside the guard's range are left to WHO's method (≤ 0: no score; extreme: flagged).
    """
    for quantity, value in (("weight_kg", weight_kg), ("height_cm", lenhei_cm)):
        finding = None if value is None else units.check(quantity, value)
        if finding is not None and finding.code == units.UNIT_SLIP:
            raise units.ImplausibleValue(finding)
    completed = None
    if birth_date and visit_date:
        completed = float(completed_calendar_months(birth_date, visit_date))
        if age_days is None and age_months is None:
            age_days = (visit_date - birth_date).days
    result = compute(
        np.array([sex_code(sex)], dtype=float),
        age_days=_optional(age_days),
        age_months=_optional(age_months),
        weight=_optional(weight_kg),
        lenhei=_optional(lenhei_cm),
        measure=measure_code(measure),
        headc=_optional(headc_cm),
        muac=_optional(muac_cm),
        oedema=float(oedema_code(oedema)),
        completed_months=_optional(completed),
    ).row(0)
    values: dict[str, Any] = {k: (None if isinstance(v, float) and np.isnan(v) else v) for k, v in result.items()}
    for flag in ("fwei", "flen", "fwfl", "fbmi", "fhc", "fac"):
        values[flag] = None if values[flag] is None else bool(values[flag])
    values["age_days"] = None if values["age_days"] is None else int(values["age_days"])
    values["reference"] = {REFERENCE_WHO2006: "WHO 2006", REFERENCE_WHO2007: "WHO 2007"}.get(values["reference"])
    values["wflh_table"] = {WFLH_LENGTH: "length", WFLH_HEIGHT: "height"}.get(values["wflh_table"])
    values["c9mo_flag"] = bool(values["c9mo_flag"])
    return ChildZScores(**values)


def completed_calendar_months(birth: date, on: date) -> int:
    """Age in completed calendar months (*umur bulan penuh*): the month-day has come round."""
    months = (on.year - birth.year) * 12 + on.month - birth.month
    return months - (1 if on.day < birth.day else 0)


def _optional(value) -> float:
    return np.nan if value is None else float(value)


MEASURE_CODES = {"": POSITION_UNKNOWN, "l": LYING, "pb": LYING, "lying": LYING,
            "h": STANDING, "tb": STANDING, "standing": STANDING}
OEDEMA_CODES = {"": False, "n": False, "2": False, "no": False, "tidak": False, "false": False,
           "y": True, "1": True, "yes": True, "ya": True, "true": True}


def sex_code(value) -> int:
    """WHO's coding, 1 (boy) or 2 (girl), from 1/2 or any spelling :func:`siklus.rules.common.sex_code`
    reads (L/P, M/F …); ValueError otherwise."""
    if str(value).strip() in ("1", "2", "1.0", "2.0") and not isinstance(value, bool):
        return int(float(value))
    return MALE if common.sex_code(value) == "L" else FEMALE


def measure_code(value) -> int:
    """LYING, STANDING or POSITION_UNKNOWN (None or empty) from l/h."""
    key = "" if value is None else str(value).strip().lower()
    try:
        return MEASURE_CODES[key]
    except KeyError:
        raise ValueError(f"unknown measuring position {value!r} (use l for lying, h for standing)") from None


def oedema_code(value) -> bool:
    if isinstance(value, bool):
        return value
    key = "" if value is None else str(value).strip().lower()
    try:
        return OEDEMA_CODES[key]
    except KeyError:
        raise ValueError(f"unknown oedema value {value!r} (use y or n)") from None
