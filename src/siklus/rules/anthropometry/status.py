"""Nutritional status in Indonesian per Permenkes 2/2020 (ILP.md §5.2).

A scale lists an index's categories from low to high z and the cut-points between them, each
with the side the cut-point itself belongs to: Permenkes writes "−3 SD sd < −2 SD" (−3.00 is
"kurang", −2.00 is "normal") and "−2 SD sd +1 SD" (+1.00 is still "normal"). z is rounded to
2 decimals before classifying, as the published tables are (the z-scores of
:mod:`~siklus.rules.anthropometry.zscores` already are).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import numpy as np

from siklus.rules import config
from siklus.rules.anthropometry import settings
from siklus.rules.anthropometry import zscores as zscores_module
from siklus.rules.anthropometry.zscores import (
    DECIMALS,
    LENGTH_UNTIL_DAY,
    REFERENCE_WHO2006,
    REFERENCE_WHO2007,
    WFLH_HEIGHT,
    WFLH_LENGTH,
    WFLH_NONE,
    ChildZScores,
    ZScores,
)
from siklus.rules.nik import Finding
from siklus.rules.versioning import Edition, Versioned

LOWER, UPPER = False, True  # the category a cut-point itself falls in


@dataclass(frozen=True)
class Category:
    code: str  # stable machine code (English)
    label: str  # Permenkes 2/2020 wording


@dataclass(frozen=True)
class Scale:
    index: str  # e.g. "BB/U"
    categories: tuple[Category, ...]
    cuts: tuple[tuple[float, bool], ...]  # (z, True if z itself belongs to the upper category)

    def band(self, z) -> np.ndarray:
        """Category number of each z (0 = lowest); -1 where z is NaN."""
        z = np.round(np.asarray(z, dtype=float), DECIMALS)
        band = np.zeros(z.shape, dtype=np.int8)
        with np.errstate(invalid="ignore"):
            for cut, to_upper in self.cuts:
                band += (z >= cut) if to_upper else (z > cut)
        band[np.isnan(z)] = -1
        return band

    def codes(self) -> np.ndarray:
        return np.array([c.code for c in self.categories] + [None], dtype=object)

    def labels(self) -> np.ndarray:
        return np.array([c.label for c in self.categories] + [None], dtype=object)


def _scale(index, categories, cuts) -> Scale:
    return Scale(index, tuple(Category(*c) for c in categories), tuple(cuts))


_BB_U = _scale(
    "BB/U",
    [
        ("severely_underweight", "Berat badan sangat kurang (severely underweight)"),
        ("underweight", "Berat badan kurang (underweight)"),
        ("normal", "Berat badan normal"),
        ("risk_of_overweight", "Risiko berat badan lebih"),
    ],
    [(-3.0, UPPER), (-2.0, UPPER), (1.0, LOWER)],
)
_TB_U = _scale(
    "PB/U atau TB/U",
    [
        ("severely_stunted", "Sangat pendek (severely stunted)"),
        ("stunted", "Pendek (stunted)"),
        ("normal", "Normal"),
        ("tall", "Tinggi"),
    ],
    [(-3.0, UPPER), (-2.0, UPPER), (3.0, LOWER)],
)
_WASTING_CATEGORIES = [
    ("severely_wasted", "Gizi buruk (severely wasted)"),
    ("wasted", "Gizi kurang (wasted)"),
    ("normal", "Gizi baik (normal)"),
    ("possible_risk_of_overweight", "Berisiko gizi lebih (possible risk of overweight)"),
    ("overweight", "Gizi lebih (overweight)"),
    ("obese", "Obesitas (obese)"),
]
_WASTING_CUTS = [(-3.0, UPPER), (-2.0, UPPER), (1.0, LOWER), (2.0, LOWER), (3.0, LOWER)]
_BB_TB = _scale("BB/PB atau BB/TB", _WASTING_CATEGORIES, _WASTING_CUTS)
_IMT_U = _scale("IMT/U", _WASTING_CATEGORIES, _WASTING_CUTS)
_IMT_U_5_18 = _scale(
    "IMT/U 5-18 tahun",
    [
        ("severely_thin", "Gizi buruk (severely thinness)"),
        ("thin", "Gizi kurang (thinness)"),
        ("normal", "Gizi baik (normal)"),
        ("overweight", "Gizi lebih (overweight)"),
        ("obese", "Obesitas (obese)"),
    ],
    [(-3.0, UPPER), (-2.0, UPPER), (1.0, LOWER), (2.0, LOWER)],
)
_LK_U = _scale(
    "LK/U",
    [("microcephaly", "Mikrosefali"), ("normal", "Normal"), ("macrocephaly", "Makrosefali")],
    [(-2.0, UPPER), (2.0, LOWER)],  # cut values come from a setting, see scale()
)
_LILA = _scale(
    "LiLA",
    [
        ("severe_acute_malnutrition", "Gizi buruk"),
        ("moderate_acute_malnutrition", "Gizi kurang"),
        ("normal", "Gizi baik"),
    ],
    [(11.5, UPPER), (12.5, UPPER)],  # cm, from a setting, see scale()
)

INDICES = ("bb_u", "tb_u", "bb_tb", "imt_u", "imt_u_5_18", "lk_u", "lila")

# Permenkes 2/2020 was promulgated in January 2020; the exact day is not verified, the year is.
PERMENKES_2_2020 = Versioned(
    Edition(
        "permenkes-2-2020",
        date(2020, 1, 1),
        {"bb_u": _BB_U, "tb_u": _TB_U, "bb_tb": _BB_TB, "imt_u": _IMT_U,
         "imt_u_5_18": _IMT_U_5_18, "lk_u": _LK_U, "lila": _LILA},
    ),
)


def scale(index: str, on: date | None = None) -> tuple[Scale, str]:
    """The scale of an index in force on ``on`` and its rule version."""
    edition = PERMENKES_2_2020.at(on)
    try:
        result = edition.value[index]
    except KeyError:
        raise KeyError(f"unknown index {index!r}; known: {', '.join(INDICES)}") from None
    if index == "lk_u":
        low, high = config.get(settings.LKU_CUTOFFS.name)
        result = replace(result, cuts=((float(low), UPPER), (float(high), LOWER)))
    elif index == "lila":
        severe, moderate = config.get(settings.MUAC_CUTOFFS_CM.name)
        result = replace(result, cuts=((float(severe), UPPER), (float(moderate), UPPER)))
    elif index == "imt_u_5_18" and not config.get(settings.IMTU_5_18_SEVERE_ROW.name):
        result = replace(result, categories=result.categories[1:], cuts=result.cuts[1:])
    return result, edition.version


@dataclass(frozen=True)
class Status:
    index: str  # machine key, e.g. "tb_u"
    name: str  # "PB/U", "TB/U", "BB/PB" …
    code: str
    label: str
    version: str


def classify(index: str, z: float | None, *, on: date | None = None, age_days: int | None = None) -> Status | None:
    """The status of one z-score (None without a z). ``age_days`` names PB/U vs TB/U."""
    if z is None or np.isnan(z):
        return None
    sc, version = scale(index, on)
    category = sc.categories[int(sc.band(z))]
    return Status(index, _name(index, age_days), category.code, category.label, version)


def _name(index: str, age_days: int | None) -> str:
    older = age_days is not None and age_days >= LENGTH_UNTIL_DAY
    return {
        "bb_u": "BB/U",
        "tb_u": "TB/U" if older else "PB/U",
        "bb_tb": "BB/TB" if older else "BB/PB",
        "imt_u": "IMT/U",
        "imt_u_5_18": "IMT/U",
        "lk_u": "LK/U",
        "lila": "LiLA",
    }[index]


# ---------------------------------------------------------------------- many children at once


@dataclass(frozen=True)
class StatusTable:
    """Statuses of many children: codes and labels (object arrays, None where none applies)
    and the derived flags (1.0 yes, 0.0 no, NaN unknown)."""

    version: str
    codes: dict[str, np.ndarray]  # index → machine codes
    labels: dict[str, np.ndarray]  # index → Indonesian labels
    stunting: np.ndarray
    wasting: np.ndarray
    underweight: np.ndarray
    overweight: np.ndarray

    def label(self, index: str) -> np.ndarray:
        return self.labels[index]


def assess(z: ZScores, *, oedema=None, muac=None, on: date | None = None) -> StatusTable:
    """Permenkes statuses for the children of a :class:`ZScores` result.

    The 0–60 month indices (BB/U, PB/U or TB/U, BB/PB or BB/TB, IMT/U, LK/U) apply where the
    WHO 2006 standards were used; IMT/U 5–18 where the WHO 2007 reference was used, up to
    ``anthropometry.imtu_5_18_max_months``. The absolute LiLA cut-offs apply 6–59 months.
    """
    n = len(z)
    oedema = np.zeros(n, dtype=bool) if oedema is None else np.asarray(oedema, dtype=bool)
    muac = np.full(n, np.nan) if muac is None else np.asarray(muac, dtype=float)
    under5 = z.reference == REFERENCE_WHO2006
    with np.errstate(invalid="ignore"):
        completed_months = np.floor(z.age_months)
        school = (z.reference == REFERENCE_WHO2007) & (completed_months <= config.get(settings.IMTU_5_18_MAX_MONTHS.name))
        lila_from, lila_to = config.get(settings.MUAC_AGE_MONTHS.name)
        lila_age = (completed_months >= lila_from) & (completed_months < lila_to)
    severe_oedema = oedema & bool(config.get(settings.OEDEMA_COUNTS_AS_SEVERE.name))
    wflh_applies = (z.wflh_table != WFLH_NONE) | (severe_oedema & (under5 | np.isnan(z.age_months)))

    version = ""
    bands: dict[str, np.ndarray] = {}
    scales: dict[str, Scale] = {}

    def put(index, values, applies, oedema_lowest=False):
        nonlocal version
        sc, version = scale(index, on)
        band = sc.band(np.where(applies, values, np.nan))
        if oedema_lowest:
            band[applies & severe_oedema] = 0  # WHO: oedema counts as < −3 SD
        bands[index], scales[index] = band, sc

    put("bb_u", z.zwei, under5, oedema_lowest=True)
    put("tb_u", z.zlen, under5)
    put("bb_tb", z.zwfl, wflh_applies, oedema_lowest=True)
    put("imt_u", z.zbmi, under5, oedema_lowest=True)
    put("imt_u_5_18", z.zbmi, school, oedema_lowest=True)
    put("lk_u", z.zhc, under5)
    put("lila", muac, lila_age)

    codes = {i: scales[i].codes()[bands[i]] for i in INDICES}
    labels = {i: scales[i].labels()[bands[i]] for i in INDICES}

    cut = config.get(settings.DERIVED_FLAG_CUTOFFS.name)
    with np.errstate(invalid="ignore"):
        stunting = _flag(z.zlen < cut["stunting"], z.zlen, under5)
        wasting = _flag((z.zwfl < cut["wasting"]) | severe_oedema, z.zwfl, wflh_applies, severe_oedema)
        underweight = _flag((z.zwei < cut["underweight"]) | severe_oedema, z.zwei, under5, severe_oedema)
        overweight = _flag(z.zwfl > cut["overweight"], z.zwfl, z.wflh_table != WFLH_NONE)
    return StatusTable(version, codes, labels, stunting, wasting, underweight, overweight)


def _flag(condition, z, applies, known_anyway=None) -> np.ndarray:
    known = applies & ~np.isnan(z)
    if known_anyway is not None:
        known |= applies & known_anyway
    return np.where(known, condition.astype(float), np.nan)



# ------------------------------------------------------------------------------ one child


@dataclass(frozen=True)
class ChildAssessment:
    """Everything the growth page shows for one measurement of one child."""

    zscores: ChildZScores
    statuses: dict[str, Status]  # index → status, only the indices that apply
    stunting: bool | None
    wasting: bool | None
    underweight: bool | None
    overweight: bool | None
    version: str
    # Person-facing warnings (Indonesian template + params), e.g. measure again lying (C9).
    warnings: tuple[Finding, ...] = ()


def gettext_noop(template: str) -> str:
    """Marks a message for the translation catalogue without importing i18n machinery."""
    return template


MEASURE_LYING_AGAIN = Finding(
    "measure_lying_under_9_months",
    gettext_noop("Anak di bawah 9 bulan diukur berdiri: ukur ulang panjang badannya sambil berbaring (telentang)."),
)


def measurement_warnings(z: ChildZScores) -> tuple[Finding, ...]:
    """Warnings about how a child was measured: under 9 months measured standing → measure again
    lying down (WHO's c9mo_flag, ILP.md §0.1 C9). The scores are still given (+0.7 cm)."""
    return (MEASURE_LYING_AGAIN,) if z.c9mo_flag else ()


def assess_child(sex, *, on: date | None = None, **measurements) -> ChildAssessment:
    """Z-scores, Permenkes statuses and derived flags of one child.

    Takes the arguments of :func:`~siklus.rules.anthropometry.zscores.child`; the rule
    edition is the one in force ``on`` (default: the visit date, else today's edition).
    """
    on = on or measurements.get("visit_date")
    z = zscores_module.child(sex, **measurements)
    oedema = zscores_module.oedema_code(measurements.get("oedema", False))
    table_ = assess(_one_row(z), oedema=np.array([oedema]),
                    muac=np.array([np.nan if measurements.get("muac_cm") is None else float(measurements["muac_cm"])]), on=on)
    statuses = {}
    for index in INDICES:
        code = table_.codes[index][0]
        if code is not None:
            statuses[index] = Status(index, _name(index, z.age_days), code, table_.labels[index][0], table_.version)

    def flag(values):
        return None if np.isnan(values[0]) else bool(values[0])

    return ChildAssessment(z, statuses, flag(table_.stunting), flag(table_.wasting),
                           flag(table_.underweight), flag(table_.overweight), table_.version,
                           measurement_warnings(z))


def _one_row(z: ChildZScores) -> ZScores:
    codes = {"WHO 2006": REFERENCE_WHO2006, "WHO 2007": REFERENCE_WHO2007}
    tables = {"length": WFLH_LENGTH, "height": WFLH_HEIGHT}
    values = {}
    for name in ZScores.__dataclass_fields__:
        value = getattr(z, name)
        if name == "reference":
            values[name] = np.array([codes.get(value, 0)], dtype=np.int8)
        elif name == "wflh_table":
            values[name] = np.array([tables.get(value, WFLH_NONE)], dtype=np.int8)
        elif name == "c9mo_flag":
            values[name] = np.array([float(value)])
        else:
            values[name] = np.array([np.nan if value is None else float(value)])
    return ZScores(**values)
