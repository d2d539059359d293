"""Routine immunization (ILP.md §3): schedule, dose states, IDL/IBL, BIAS and Td status.

The schedule is the national routine schedule of the Juknis ILP (ILP.md §3.2) with the Buku KIA
colour windows (§3.3): **white** = the right age (*waktunya*), **yellow** = late but still allowed
to complete infant/baduta immunization (*terlambat, masih boleh*), **pink** = *imunisasi kejar*
(catch-up), **grey** = not allowed. A dose can be given when the child's age is in a white,
yellow or pink window, the previous dose of the same antigen has been given, and the minimum
interval since that dose has passed.

Ages are in completed calendar months from :func:`siklus.rules.lifecycle.age_on`. A window
"3–11 bulan" covers the completed months 3 to 11, i.e. from the date the child is 3 months old up
to the day before the first birthday. Dates only: the hour of birth is not known, so "HB0 < 24
jam" is read as the birth date or the day after.

Every result carries the version of the schedule edition that produced it. Facts ILP.md tags
[M], and points where its sources disagree, are settings (``immunization.*``) — see the
``config.declare`` calls below.

Product text (labels, reasons) is Indonesian; it is shown to kader and bidan as is.
"""

from __future__ import annotations

import calendar
import enum
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable, Mapping

from siklus.rules import config
from siklus.rules.lifecycle import age_on, date_at_age
from siklus.rules.versioning import Edition, Versioned

# --------------------------------------------------------------------------------------------
# Settings
# --------------------------------------------------------------------------------------------

config.declare(
    "immunization.je_endemic",
    False,
    "Whether the area is endemic for Japanese encephalitis, so the JE dose (10 months, catch-up "
    "to 59 months) is scheduled. JE is given in endemic areas only; which areas are endemic is a "
    "regional decision, so a deployment in such an area turns this on.",
    "ILP.md §3.2 (JE 'endemic areas only'), §3.3",
)
config.declare(
    "immunization.bcg_opv1_ideal_until_months",
    1,
    "BCG and OPV1 are at the ideal age (white) below this many completed months; from then on "
    "they are late but allowed (yellow) up to 11 months (BCG) or 11 months then catch-up (OPV1). "
    "The Juknis ILP says '<1 bulan' (default); the Buku KIA colour table transcription shows the "
    "0 and 1 month columns white, i.e. 2.",
    "ILP.md §3.2 [V:S1b] '<1 bulan' vs §3.3 [V3:S21] white 0–1",
)
config.declare(
    "immunization.idl_basket",
    "idl-klasik",
    "Which IDL (Imunisasi Dasar Lengkap) basket counts by default: 'idl-klasik' (Renstra "
    "2020–2024: HB0, BCG, OPV×4, DPT-HB-Hib×3, IPV×1, MR×1) or 'idl-antigen-baru' (17 doses incl. "
    "PCV1–2, RV1–3, IPV1–2). Neither is verified as the official current definition.",
    "ILP.md §3.4 [M] / [V3:S21]",
)
config.declare(
    "immunization.ibl_basket",
    "ibl-klasik",
    "Which IBL (Imunisasi Baduta Lengkap) basket counts by default: 'ibl-klasik' (DPT-HB-Hib4, "
    "MR2) or 'ibl-antigen-baru' (+ PCV3).",
    "ILP.md §3.4 [M] / [V3:S21]",
)
config.declare(
    "immunization.ibl_deadline_months",
    24,
    "IBL counts lanjutan doses given before the child is this many completed months old "
    "(baduta '12–23(24) bulan').",
    "ILP.md §3.4 [M]",
)
config.declare(
    "immunization.td_childhood_credit",
    (("DPT-HB-Hib3", 2), ("DPT-HB-Hib4", 3), ("DT-BIAS", 4), ("Td-BIAS2", 5)),
    "How childhood tetanus-containing doses map to the T status of a woman: pairs (dose code, "
    "T status reached), applied in order while each dose is recorded. The commonly taught mapping "
    "is the default; an empty tuple counts only Td doses given as WUS/ibu hamil.",
    "ILP.md §3.6 [M] (confirm with the Pedoman Tetanus bagi WUS dan Ibu Hamil)",
)
config.declare(
    "immunization.school_class_age_offset",
    6,
    "When a child's school class is not recorded it is estimated as completed years of age on "
    "1 July (start of the school year) minus this offset: 7-year-olds in kelas 1, 8 in kelas 2, "
    "11 in kelas 5, 12 in kelas 6. Also used for school screening classes.",
    "ILP.md §3.5 (kelas 1, 2, 5, 6 ≈ ages 7, 8, 11, 12) [M for the estimate]",
)
config.declare(
    "immunization.due_soon_days",
    30,
    "A dose that becomes due within this many days is shown as 'segera' (due soon), so the next "
    "monthly Posyandu can plan for it.",
    "product choice (Posyandu opens monthly, ILP.md §1.7)",
)
config.declare(
    "immunization.bias_same_school_year_completion",
    True,
    "A BIAS dose missed in its month (August or November) stays 'terlambat, masih boleh' until "
    "the end of that school year (30 June), for sweeping at the school or Puskesmas; when off it "
    "is closed at the end of the BIAS month.",
    "ILP.md §3.5 (BIAS months) [M for sweeping after the month]",
)


# --------------------------------------------------------------------------------------------
# Indonesian text helpers (shared by children.py and due.py)
# --------------------------------------------------------------------------------------------

MONTH_NAMES = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)


def format_date(day: date) -> str:
    """``1 Desember 2025``."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def format_month(day: date) -> str:
    """``Februari 2026``."""
    return f"{MONTH_NAMES[day.month - 1]} {day.year}"


def age_text(birth: date, on: date) -> str:
    """Completed age as a bidan says it: ``9 bulan 3 hari``, ``2 tahun 1 bulan``, ``5 hari``."""
    age = age_on(birth, on)
    rest_days = (on - date_at_age(birth, months=age.months)).days
    if age.months == 0:
        return f"{rest_days} hari"
    if age.years < 2:
        return f"{age.months} bulan" + (f" {rest_days} hari" if rest_days else "")
    rest_months = age.months - 12 * age.years
    return f"{age.years} tahun" + (f" {rest_months} bulan" if rest_months else "")


class State(enum.Enum):
    """Where a dose, visit or check stands on the evaluation date."""

    GIVEN = "sudah"  # recorded as given/done
    DUE = "waktunya"  # at the ideal age / in its window now (Buku KIA white)
    DUE_SOON = "segera"  # becomes due within the 'soon' horizon
    OVERDUE = "terlambat"  # ideal age passed, still allowed (yellow)
    CATCH_UP = "kejar"  # imunisasi kejar (pink)
    NOT_YET = "belum waktunya"
    CLOSED = "tidak boleh lagi"  # window closed: no longer allowed (grey) or missed

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]

    @property
    def actionable(self) -> bool:
        """Can (and should) be done today."""
        return self in (State.DUE, State.OVERDUE, State.CATCH_UP)


_STATE_LABELS = {
    State.GIVEN: "sudah diberikan",
    State.DUE: "waktunya sekarang",
    State.DUE_SOON: "segera",
    State.OVERDUE: "terlambat, masih boleh",
    State.CATCH_UP: "imunisasi kejar",
    State.NOT_YET: "belum waktunya",
    State.CLOSED: "tidak boleh lagi",
}

DoseState = State

SEXES = ("L", "P")


def check_sex(sex: str) -> str:
    if sex not in SEXES:
        raise ValueError(f"jenis kelamin harus 'L' (laki-laki) atau 'P' (perempuan), bukan {sex!r}")
    return sex


# --------------------------------------------------------------------------------------------
# Schedule tables
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgeBound:
    """An age as completed months plus days: the date is birth + months (calendar) + days."""

    months: int = 0
    days: int = 0

    def date_for(self, birth: date) -> date:
        return date_at_age(birth, months=self.months, days=self.days)


@dataclass(frozen=True)
class Window:
    """Ages from ``start`` (inclusive) to the earliest of ``ends`` (exclusive).

    Several ends express a hard stop such as the rotavirus limit "6 bulan 29 hari", which must
    also never pass the 7-month birthday (a child born 1 August is 6 months 27 days old on
    28 February and 7 months old on 1 March).
    """

    start: AgeBound
    ends: tuple[AgeBound, ...]
    last_text: str  # the last allowed age as printed, e.g. "11 bulan", "6 bulan 29 hari"

    def first_day(self, birth: date) -> date:
        return self.start.date_for(birth)

    def last_day(self, birth: date) -> date:
        return min(end.date_for(birth) for end in self.ends) - timedelta(days=1)

    def contains(self, birth: date, day: date) -> bool:
        return self.first_day(birth) <= day <= self.last_day(birth)


def months_window(first: int, last: int) -> Window:
    """Completed months ``first`` to ``last`` inclusive (a Buku KIA column range)."""
    return Window(AgeBound(first), (AgeBound(last + 1),), f"{last} bulan")


# Rotavirus: "last dose no later than 6 bulan 29 hari", never at 7 months (ILP.md §3.2, §3.3).
RV_LAST_WINDOW = Window(AgeBound(3), (AgeBound(6, 30), AgeBound(7)), "6 bulan 29 hari")


@dataclass(frozen=True)
class Interval:
    """Minimum interval after the previous dose: calendar months plus days."""

    months: int = 0
    days: int = 0
    text: str = ""

    def after(self, day: date) -> date:
        return date_at_age(day, months=self.months, days=self.days)


ONE_MONTH = Interval(months=1, text="1 bulan")
FOUR_WEEKS = Interval(days=28, text="4 minggu")
EIGHT_WEEKS = Interval(days=56, text="8 minggu")
FOUR_MONTHS = Interval(months=4, text="4 bulan")
SIX_MONTHS = Interval(months=6, text="6 bulan")
TWELVE_MONTHS = Interval(months=12, text="12 bulan")


class Colour(enum.Enum):
    WHITE = "putih"  # ideal age
    YELLOW = "kuning"  # still allowed
    PINK = "merah muda"  # imunisasi kejar


@dataclass(frozen=True)
class DoseRule:
    """One dose of the infant/baduta schedule with its Buku KIA windows."""

    code: str  # e.g. "DPT-HB-Hib2"
    antigen: str
    number: int
    label: str  # Indonesian display name
    ideal: Window
    late: Window | None = None  # yellow
    catch_up: Window | None = None  # pink
    previous: str | None = None  # code of the dose that must come first
    min_interval: Interval | None = None  # after ``previous``
    endemic_only: bool = False
    ideal_until_setting: str | None = None  # a setting moving the white/yellow border
    source: str = ""

    def windows(self) -> tuple[tuple[Window, Colour], ...]:
        ideal, late = self.ideal, self.late
        if self.ideal_until_setting:
            border = int(config.get(self.ideal_until_setting))
            ideal = Window(ideal.start, (AgeBound(border),), f"{border - 1} bulan")
            if late is not None:
                late = Window(AgeBound(border), late.ends, late.last_text)
        found = [(ideal, Colour.WHITE)]
        if late is not None:
            found.append((late, Colour.YELLOW))
        if self.catch_up is not None:
            found.append((self.catch_up, Colour.PINK))
        return tuple(found)


@dataclass(frozen=True)
class SchoolDose:
    """A BIAS dose: given at school in a month of the school year of one class (ILP.md §3.5)."""

    code: str
    antigen: str
    label: str
    school_class: int
    month: int  # 8 = Agustus, 11 = November
    sex: str | None = None  # "P" for HPV
    source: str = "ILP.md §3.2, §3.5 [V:S1b]"


@dataclass(frozen=True)
class Schedule:
    doses: tuple[DoseRule, ...]
    school: tuple[SchoolDose, ...]

    def rule(self, code: str) -> DoseRule | SchoolDose:
        for item in self.doses + self.school:  # type: ignore[operator]
            if item.code == code:
                return item
        raise KeyError(code)


def _dose(code, antigen, number, label, white, yellow=None, pink=None, previous=None, interval=None, **kw):
    return DoseRule(
        code=code,
        antigen=antigen,
        number=number,
        label=label,
        ideal=white if isinstance(white, Window) else months_window(*white),
        late=yellow if (yellow is None or isinstance(yellow, Window)) else months_window(*yellow),
        catch_up=pink if (pink is None or isinstance(pink, Window)) else months_window(*pink),
        previous=previous,
        min_interval=interval,
        **kw,
    )


_S = "ILP.md §3.2 [V:S1b], windows §3.3 [V3:S21]"


def _schedule(ipv2: DoseRule) -> Schedule:
    """The 14-antigen schedule (ILP.md §3.2) with Buku KIA windows (§3.3)."""
    rv = "ILP.md §3.2 rotavirus [V:S10], §3.3"
    doses = (
        # HB0: "<24 jam" → birth date or the next day (dates cannot resolve hours); Buku KIA
        # column 0 keeps it allowed for the rest of the first month (ASIK's "1–7 hari" slot).
        _dose("HB0", "Hepatitis B", 0, "HB0 (Hepatitis B <24 jam)",
              Window(AgeBound(0), (AgeBound(0, 2),), "1 hari"),
              Window(AgeBound(0, 2), (AgeBound(1),), "0 bulan"), source=_S),
        _dose("BCG", "BCG", 1, "BCG", (0, 0), (1, 11),
              ideal_until_setting="immunization.bcg_opv1_ideal_until_months", source=_S),
        _dose("OPV1", "Polio tetes (OPV)", 1, "Polio tetes 1 (OPV1)", (0, 0), (1, 11), (12, 59),
              ideal_until_setting="immunization.bcg_opv1_ideal_until_months", source=_S),
        _dose("DPT-HB-Hib1", "DPT-HB-Hib", 1, "DPT-HB-Hib 1", (2, 2), (3, 11), (12, 59), source=_S),
        _dose("OPV2", "Polio tetes (OPV)", 2, "Polio tetes 2 (OPV2)", (2, 2), (3, 11), (12, 59),
              previous="OPV1", interval=ONE_MONTH, source=_S),
        _dose("PCV1", "PCV", 1, "PCV 1", (2, 2), (3, 11), (12, 59), source=_S),
        _dose("RV1", "Rotavirus", 1, "Rotavirus 1 (RV1)", (2, 2),
              Window(AgeBound(3), RV_LAST_WINDOW.ends, RV_LAST_WINDOW.last_text), source=rv),
        _dose("DPT-HB-Hib2", "DPT-HB-Hib", 2, "DPT-HB-Hib 2", (3, 3), (4, 11), (12, 59),
              previous="DPT-HB-Hib1", interval=ONE_MONTH, source=_S),
        _dose("OPV3", "Polio tetes (OPV)", 3, "Polio tetes 3 (OPV3)", (3, 3), (4, 11), (12, 59),
              previous="OPV2", interval=ONE_MONTH, source=_S),
        _dose("PCV2", "PCV", 2, "PCV 2", (3, 3), (4, 11), (12, 59),
              previous="PCV1", interval=ONE_MONTH, source=_S),
        _dose("RV2", "Rotavirus", 2, "Rotavirus 2 (RV2)", (3, 3),
              Window(AgeBound(4), RV_LAST_WINDOW.ends, RV_LAST_WINDOW.last_text),
              previous="RV1", interval=ONE_MONTH, source=rv),
        _dose("DPT-HB-Hib3", "DPT-HB-Hib", 3, "DPT-HB-Hib 3", (4, 4), (5, 11), (12, 59),
              previous="DPT-HB-Hib2", interval=ONE_MONTH, source=_S),
        _dose("OPV4", "Polio tetes (OPV)", 4, "Polio tetes 4 (OPV4)", (4, 4), (5, 11), (12, 59),
              previous="OPV3", interval=ONE_MONTH, source=_S),
        _dose("RV3", "Rotavirus", 3, "Rotavirus 3 (RV3)", (4, 4),
              Window(AgeBound(5), RV_LAST_WINDOW.ends, RV_LAST_WINDOW.last_text),
              previous="RV2", interval=ONE_MONTH, source=rv),
        _dose("IPV1", "Polio suntik (IPV)", 1, "Polio suntik 1 (IPV1)", (4, 4), (5, 11), (12, 59), source=_S),
        _dose("MR1", "Campak-Rubela (MR)", 1, "Campak-Rubela 1 (MR1)", (9, 9), (10, 11), (12, 59), source=_S),
        ipv2,
        _dose("JE", "Japanese Encephalitis", 1, "Japanese Encephalitis (JE)", (10, 10), None, (11, 59),
              endemic_only=True, source=_S + "; endemic areas only"),
        # PCV3: Buku KIA columns 12 (white), 18–23 (yellow), 23–59 (pink); the months between the
        # printed columns belong to the column on their left, so white is 12–17 and pink 24–59.
        _dose("PCV3", "PCV", 3, "PCV 3 (lanjutan)", (12, 17), (18, 23), (24, 59),
              previous="PCV2", interval=EIGHT_WEEKS, source=_S),
        # DPT-HB-Hib4 and MR2: column 18 white (18–22), 23 yellow, 23–59 pink (24–59).
        _dose("DPT-HB-Hib4", "DPT-HB-Hib", 4, "DPT-HB-Hib 4 (lanjutan)", (18, 22), (23, 23), (24, 59),
              previous="DPT-HB-Hib3", interval=TWELVE_MONTHS, source=_S),
        _dose("MR2", "Campak-Rubela (MR)", 2, "Campak-Rubela 2 (MR2, lanjutan)", (18, 22), (23, 23), (24, 59),
              previous="MR1", interval=SIX_MONTHS, source=_S),
    )
    school = (
        SchoolDose("MR-BIAS", "Campak-Rubela (MR)", "MR (BIAS kelas 1)", 1, 8),
        SchoolDose("DT-BIAS", "DT", "DT (BIAS kelas 1)", 1, 11),
        SchoolDose("Td-BIAS2", "Td", "Td (BIAS kelas 2)", 2, 11),
        SchoolDose("Td-BIAS5", "Td", "Td (BIAS kelas 5)", 5, 11),
        SchoolDose("HPV1", "HPV", "HPV dosis 1 (BIAS kelas 5, anak perempuan)", 5, 8, sex="P"),
        SchoolDose("HPV2", "HPV", "HPV dosis 2 (BIAS kelas 6, anak perempuan)", 6, 8, sex="P"),
    )
    return Schedule(doses, school)


# IPV2 was introduced nationally on 12 June 2023 at 9–11 months, ≥4 weeks after IPV1; from 2024
# it is given at 9 months with MR1, ≥4 months after IPV1, with catch-up to 59 months for children
# who have not had 2 IPV doses (ILP.md §3.2 [V:S9]). The exact day the 2024 rule took effect is not
# given in ILP.md: 1 January 2024 is assumed.
_IPV2_2023 = _dose("IPV2", "Polio suntik (IPV)", 2, "Polio suntik 2 (IPV2)", (9, 9), (10, 11), None,
                   previous="IPV1", interval=FOUR_WEEKS, source="ILP.md §3.2 IPV2 2023 [V:S9]")
_IPV2_2024 = _dose("IPV2", "Polio suntik (IPV)", 2, "Polio suntik 2 (IPV2)", (9, 9), (10, 11), (12, 59),
                   previous="IPV1", interval=FOUR_MONTHS, source="ILP.md §3.2 IPV2 2024 [V:S9], §3.3")

SCHEDULE: Versioned[Schedule] = Versioned(
    Edition("imunisasi-rutin-2023-06", date(2023, 6, 12), _schedule(_IPV2_2023)),
    Edition("imunisasi-rutin-2024", date(2024, 1, 1), _schedule(_IPV2_2024)),
)


@dataclass(frozen=True)
class Basket:
    name: str  # "IDL" or "IBL"
    label: str
    doses: tuple[str, ...]


_IDL_KLASIK = ("HB0", "BCG", "OPV1", "OPV2", "OPV3", "OPV4",
               "DPT-HB-Hib1", "DPT-HB-Hib2", "DPT-HB-Hib3", "IPV1", "MR1")
_IDL_BARU = _IDL_KLASIK[:10] + ("PCV1", "PCV2", "RV1", "RV2", "RV3", "IPV2", "MR1")

# ILP.md §3.4. Both baskets stay available (dashboards and reconciliation with ASIK may need
# either); which one counts by default is the setting ``immunization.idl_basket``.
IDL_BASKETS: Versioned[Basket] = Versioned(
    Edition("idl-klasik", date(2020, 1, 1),
            Basket("IDL", "Imunisasi Dasar Lengkap (klasik, Renstra 2020–2024)", _IDL_KLASIK)),
    Edition("idl-antigen-baru", date(2024, 1, 1),
            Basket("IDL", "Imunisasi Dasar Lengkap (17 dosis, dengan PCV, RV, IPV2)", _IDL_BARU)),
)
IBL_BASKETS: Versioned[Basket] = Versioned(
    Edition("ibl-klasik", date(2020, 1, 1),
            Basket("IBL", "Imunisasi Baduta Lengkap (DPT-HB-Hib4, MR2)", ("DPT-HB-Hib4", "MR2"))),
    Edition("ibl-antigen-baru", date(2024, 1, 1),
            Basket("IBL", "Imunisasi Baduta Lengkap (DPT-HB-Hib4, MR2, PCV3)", ("DPT-HB-Hib4", "MR2", "PCV3"))),
)


# --------------------------------------------------------------------------------------------
# Dose names
# --------------------------------------------------------------------------------------------

_ALIASES = {
    "HB0": "HB0", "HBO": "HB0", "HEPB0": "HB0", "HEPATITISB0": "HB0", "HB024JAM": "HB0",
    "HB0KURANGDARI24JAM": "HB0", "HB017HARI": "HB0",
    "BCG": "BCG",
    "MRBIAS": "MR-BIAS", "MRKELAS1": "MR-BIAS", "CAMPAKRUBELABIAS": "MR-BIAS",
    "DTBIAS": "DT-BIAS", "DT": "DT-BIAS", "DTKELAS1": "DT-BIAS",
    "TDBIAS2": "Td-BIAS2", "TDKELAS2": "Td-BIAS2", "TDBIAS5": "Td-BIAS5", "TDKELAS5": "Td-BIAS5",
    "JE": "JE", "JAPANESEENCEPHALITIS": "JE",
}
for _n in range(1, 5):
    for _prefix in ("OPV", "BOPV", "POLIO", "POLIOTETES"):
        _ALIASES[f"{_prefix}{_n}"] = f"OPV{_n}"
    for _prefix in ("DPTHBHIB", "PENTA", "PENTABIO", "DPT"):
        _ALIASES[f"{_prefix}{_n}"] = f"DPT-HB-Hib{_n}"
for _n in range(1, 4):
    for _prefix in ("PCV",):
        _ALIASES[f"{_prefix}{_n}"] = f"PCV{_n}"
    for _prefix in ("RV", "ROTA", "ROTAVIRUS"):
        _ALIASES[f"{_prefix}{_n}"] = f"RV{_n}"
for _n in range(1, 3):
    for _prefix in ("IPV", "POLIOSUNTIK"):
        _ALIASES[f"{_prefix}{_n}"] = f"IPV{_n}"
    for _prefix in ("MR", "CAMPAKRUBELA", "CAMPAK"):
        _ALIASES[f"{_prefix}{_n}"] = f"MR{_n}"
    _ALIASES[f"HPV{_n}"] = f"HPV{_n}"
    _ALIASES[f"HPVDOSIS{_n}"] = f"HPV{_n}"
_ALIASES["IPV"] = "IPV1"


def dose_code(name: str) -> str:
    """The schedule code of a dose name as written in records ("DPT-HB-Hib 1", "Penta1", "Polio 2")."""
    key = re.sub(r"[^0-9A-Z]", "", name.upper())
    try:
        return _ALIASES[key]
    except KeyError:
        raise ValueError(f"jenis imunisasi tidak dikenal: {name!r}") from None


def normalise_history(given: Mapping[str, date] | Iterable[tuple[str, date]]) -> dict[str, date]:
    """Dose code → date of the first recorded dose; names are normalised with :func:`dose_code`."""
    pairs = given.items() if isinstance(given, Mapping) else given
    found: dict[str, date] = {}
    for name, day in pairs:
        code = dose_code(name)
        if code not in found or day < found[code]:
            found[code] = day
    return found


# --------------------------------------------------------------------------------------------
# Evaluation
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DoseStatus:
    code: str
    label: str
    state: State
    reason: str  # Indonesian, why this state
    given_on: date | None = None
    valid: bool = True  # False: given outside the window or before the minimum interval
    earliest: date | None = None  # first day it may be given (not given yet)
    ideal_until: date | None = None  # last day of the white window / BIAS month
    last_day: date | None = None  # last allowed day (None = no age limit, e.g. Td)
    colour: Colour | None = None  # Buku KIA colour on the evaluation date (or given date)
    school: bool = False  # a BIAS dose
    rule_version: str = ""
    window_until: date | None = None  # last day of the window the dose is due in now (or next)

    @property
    def by(self) -> date | None:
        """The date to give it by: the end of the white window when due or upcoming, the end of the
        yellow window when late (after it, it is catch-up and no longer counts for IDL), the last
        allowed day when catch-up."""
        if self.state in (State.GIVEN, State.CLOSED):
            return None
        return self.window_until or self.ideal_until or self.last_day


@dataclass(frozen=True)
class CompletionStatus:
    """IDL or IBL."""

    name: str  # "IDL" / "IBL"
    label: str
    complete: bool
    state: str  # "lengkap", "belum lengkap", "tidak lengkap"
    deadline: date  # doses must be given before this date
    completed_on: date | None
    missing: tuple[str, ...]  # basket doses not given before the deadline
    reason: str
    rule_version: str


@dataclass(frozen=True)
class ImmunizationStatus:
    birth: date
    sex: str
    on: date
    doses: tuple[DoseStatus, ...]
    next_visit: date | None  # the evaluation date if something is due now
    next_visit_doses: tuple[str, ...]
    idl: CompletionStatus
    ibl: CompletionStatus
    notes: tuple[str, ...]
    rule_version: str

    def dose(self, code: str) -> DoseStatus:
        for status in self.doses:
            if status.code == code:
                return status
        raise KeyError(code)

    def in_state(self, *states: State) -> tuple[DoseStatus, ...]:
        return tuple(d for d in self.doses if d.state in states)


def _colour_on(windows, birth: date, day: date) -> Colour | None:
    for window, colour in windows:
        if window.contains(birth, day):
            return colour
    return None


_WINDOW_TEXT = {
    Colour.WHITE: "umur ideal",
    Colour.YELLOW: "terlambat, masih boleh",
    Colour.PINK: "imunisasi kejar",
}


def _evaluate_dose(rule: DoseRule, birth: date, on: date, given: dict[str, date],
                   done: dict[str, DoseStatus], soon: int, version: str) -> DoseStatus:
    windows = rule.windows()
    first_day = windows[0][0].first_day(birth)
    last_window = windows[-1][0]
    last_day = last_window.last_day(birth)
    ideal_until = windows[0][0].last_day(birth)
    ideal_text = _ideal_age_text(rule)
    common = dict(code=rule.code, label=rule.label, last_day=last_day, ideal_until=ideal_until,
                  rule_version=version)

    previous = done.get(rule.previous) if rule.previous else None
    given_on = given.get(rule.code)

    if given_on is not None:
        colour = _colour_on(windows, birth, given_on)
        problems = []
        if given_on < first_day:
            problems.append(f"diberikan terlalu dini (umur {age_text(birth, given_on)}; paling cepat "
                            f"{format_date(first_day)})")
        elif given_on > last_day:
            problems.append(f"diberikan setelah batas umur {last_window.last_text} ({format_date(last_day)})")
        notes = []
        if rule.previous:
            prev_day = given.get(rule.previous)
            if prev_day is None:
                notes.append(f"{rule.previous} belum tercatat")
            elif rule.min_interval is not None and given_on < rule.min_interval.after(prev_day):
                problems.append(
                    f"jarak dari {rule.previous} ({format_date(prev_day)}) kurang dari "
                    f"{rule.min_interval.text}; paling cepat {format_date(rule.min_interval.after(prev_day))}")
        reason = f"Diberikan {format_date(given_on)} (umur {age_text(birth, given_on)})"
        if problems:
            reason += "; tidak sesuai aturan: " + "; ".join(problems) + " — perlu ditinjau nakes"
        if notes:
            reason += "; " + "; ".join(notes)
        return DoseStatus(state=State.GIVEN, reason=reason + ".", given_on=given_on, valid=not problems,
                          colour=colour, **common)

    # Not given: when can it be given?
    earliest = first_day
    waiting_for = None
    if previous is not None:
        if previous.state is State.CLOSED:
            return DoseStatus(
                state=State.CLOSED,
                reason=f"Tidak dapat diberikan: {previous.label} sudah tidak boleh diberikan lagi.",
                **common)
        if previous.given_on is not None:
            prev_ref = previous.given_on
        else:
            prev_ref = max(on, previous.earliest or on)
            waiting_for = previous
        ready = rule.min_interval.after(prev_ref) if rule.min_interval else prev_ref
        if ready > earliest:
            earliest = ready

    if earliest > last_day or on > last_day:
        if on > last_day:
            why = f"batas umur {last_window.last_text} sudah lewat ({format_date(last_day)})"
        else:
            why = (f"paling cepat {format_date(earliest)} (setelah {rule.previous} + "
                   f"{rule.min_interval.text if rule.min_interval else ''}), melewati batas umur "
                   f"{last_window.last_text} ({format_date(last_day)})")
        return DoseStatus(state=State.CLOSED, reason=f"Tidak boleh diberikan lagi: {why}.", earliest=None, **common)

    if on >= earliest:
        colour = _colour_on(windows, birth, on)
        assert colour is not None  # windows are contiguous from first_day to last_day
        if colour is Colour.WHITE:
            state = State.DUE
            reason = (f"Waktunya: umur ideal {ideal_text}; berikan sekarang, paling lambat "
                      f"{format_date(ideal_until)} agar tepat waktu.")
        elif colour is Colour.YELLOW:
            state = State.OVERDUE
            yellow_end = _window_last_day(windows, Colour.YELLOW, birth)
            reason = (f"Terlambat: umur ideal {ideal_text} sudah lewat; masih boleh diberikan sampai umur "
                      f"{_window_last_text(windows, Colour.YELLOW)} ({format_date(yellow_end)}).")
        else:
            state = State.CATCH_UP
            reason = (f"Imunisasi kejar: umur ideal {ideal_text} sudah lewat; boleh dikejar sampai umur "
                      f"{last_window.last_text} ({format_date(last_day)}).")
        if previous is not None and previous.given_on is not None and rule.min_interval is not None:
            reason += f" Jarak dari {previous.code} sudah ≥ {rule.min_interval.text}."
        return DoseStatus(state=state, reason=reason, earliest=earliest, colour=colour,
                          window_until=_window_last_day(windows, colour, birth), **common)

    state = State.DUE_SOON if (earliest - on).days <= soon else State.NOT_YET
    prefix = "Segera" if state is State.DUE_SOON else "Belum waktunya"
    if waiting_for is not None:
        reason = (f"{prefix}: setelah {waiting_for.label} diberikan, dengan jarak minimal "
                  f"{rule.min_interval.text if rule.min_interval else '-'}; paling cepat {format_date(earliest)}.")
    elif earliest > first_day and previous is not None:
        reason = (f"{prefix}: jarak minimal {rule.min_interval.text} setelah {previous.code} "
                  f"({format_date(previous.given_on)}); paling cepat {format_date(earliest)}.")
    else:
        reason = f"{prefix}: umur ideal {ideal_text}, mulai {format_date(earliest)}."
    window_until = ideal_until if earliest <= ideal_until else _window_last_day(
        windows, _colour_on(windows, birth, earliest), birth)
    return DoseStatus(state=state, reason=reason, earliest=earliest, window_until=window_until, **common)


def _ideal_age_text(rule: DoseRule) -> str:
    if rule.code == "HB0":
        return "<24 jam setelah lahir"
    ideal = rule.windows()[0][0]
    first = ideal.start.months
    last = min(e.months for e in ideal.ends) - 1
    if first == 0:
        return f"<{last + 1} bulan"
    if first == last:
        return f"{first} bulan"
    return f"{first}–{last} bulan"


def _window_last_text(windows, colour: Colour) -> str:
    return next(w.last_text for w, c in windows if c is colour)


def _window_last_day(windows, colour: Colour, birth: date) -> date:
    return next(w.last_day(birth) for w, c in windows if c is colour)


def school_year_start(day: date) -> int:
    """The calendar year in which the school year containing ``day`` began (July–June)."""
    return day.year if day.month >= 7 else day.year - 1


def estimated_school_class(birth: date, school_year: int) -> int:
    """Class a child is expected to be in during the school year starting July ``school_year``."""
    offset = int(config.get("immunization.school_class_age_offset"))
    start = date(school_year, 7, 1)
    if start < birth:
        return -offset
    return age_on(birth, start).years - offset


def _bias_school_year(birth: date, on: date, dose: SchoolDose, school_class: int | None) -> int:
    current_year = school_year_start(on)
    if school_class is not None:
        return current_year + (dose.school_class - school_class)
    current_class = estimated_school_class(birth, current_year)
    return current_year + (dose.school_class - current_class)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _evaluate_school_dose(dose: SchoolDose, birth: date, on: date, given: dict[str, date],
                          school_class: int | None, soon: int, version: str) -> DoseStatus:
    year = _bias_school_year(birth, on, dose, school_class)
    round_year = year if dose.month >= 7 else year + 1
    round_start = date(round_year, dose.month, 1)
    round_end = _month_end(round_year, dose.month)
    if config.get("immunization.bias_same_school_year_completion"):
        last_day = date(year + 1, 6, 30)
    else:
        last_day = round_end
    estimated = "" if school_class is not None else " (kelas diperkirakan dari umur)"
    bias = f"BIAS {format_month(round_start)}, kelas {dose.school_class}{estimated}"
    common = dict(code=dose.code, label=dose.label, ideal_until=round_end, last_day=last_day,
                  school=True, rule_version=version)
    given_on = given.get(dose.code)
    if given_on is not None:
        return DoseStatus(state=State.GIVEN, given_on=given_on,
                          reason=f"Diberikan {format_date(given_on)}.", **common)
    if on < round_start:
        state = State.DUE_SOON if (round_start - on).days <= soon else State.NOT_YET
        prefix = "Segera" if state is State.DUE_SOON else "Belum waktunya"
        return DoseStatus(state=state, earliest=round_start, reason=f"{prefix}: {bias}.",
                          window_until=round_end, **common)
    if on <= round_end:
        return DoseStatus(state=State.DUE, earliest=round_start, window_until=round_end,
                          reason=f"Waktunya: {bias}; diberikan di sekolah.", **common)
    if on <= last_day:
        return DoseStatus(state=State.OVERDUE, earliest=round_start, window_until=last_day,
                          reason=(f"Terlambat: {bias} terlewat; masih dapat dilengkapi sampai akhir tahun "
                                  f"ajaran ({format_date(last_day)})."), **common)
    return DoseStatus(state=State.CLOSED,
                      reason=f"Jadwal {bias} sudah lewat.", **common)


def evaluate(
    birth: date,
    sex: str,
    given: Mapping[str, date] | Iterable[tuple[str, date]],
    on: date,
    *,
    je_endemic: bool | None = None,
    school_class: int | None = None,
    soon_days: int | None = None,
    version: str | None = None,
) -> ImmunizationStatus:
    """The state of every routine dose for a child on ``on``.

    ``given`` maps dose names (see :func:`dose_code`) to the date each was given; doses dated
    after ``on`` are ignored (the status is as of ``on``). ``school_class`` is the child's class
    in the school year containing ``on`` (estimated from age when unknown). ``version`` picks a
    schedule edition; by default the edition in force on ``on``.
    """
    check_sex(sex)
    if on < birth:
        raise ValueError("tanggal penilaian sebelum tanggal lahir")
    history = normalise_history(given)
    for code, day in history.items():
        if day < birth:
            raise ValueError(f"tanggal imunisasi {code} ({format_date(day)}) sebelum tanggal lahir")
    history = {code: day for code, day in history.items() if day <= on}

    edition = SCHEDULE.version(version) if version else SCHEDULE.at(on)
    schedule: Schedule = edition.value
    soon = int(config.get("immunization.due_soon_days") if soon_days is None else soon_days)
    endemic = bool(config.get("immunization.je_endemic") if je_endemic is None else je_endemic)
    notes = []

    done: dict[str, DoseStatus] = {}
    for rule in schedule.doses:
        if rule.endemic_only and not endemic and rule.code not in history:
            continue
        done[rule.code] = _evaluate_dose(rule, birth, on, history, done, soon, edition.version)
    if not endemic:
        notes.append("JE tidak dijadwalkan: hanya untuk daerah endemis JE.")
    for dose in schedule.school:
        if dose.sex and dose.sex != sex and dose.code not in history:
            continue
        done[dose.code] = _evaluate_school_dose(dose, birth, on, history, school_class, soon, edition.version)

    known = {r.code for r in schedule.doses + schedule.school}  # type: ignore[operator]
    for code in sorted(set(history) - known):
        notes.append(f"{code} tidak ada dalam jadwal {edition.version}; tidak dinilai.")

    open_doses = [d for d in done.values() if d.state not in (State.GIVEN, State.CLOSED)]
    next_visit = None
    if open_doses:
        next_visit = min(on if d.state.actionable else d.earliest for d in open_doses)  # type: ignore[type-var]
    next_doses = tuple(d.code for d in open_doses
                       if next_visit is not None and (d.state.actionable or d.earliest <= next_visit))

    return ImmunizationStatus(
        birth=birth,
        sex=sex,
        on=on,
        doses=tuple(done.values()),
        next_visit=next_visit,
        next_visit_doses=next_doses,
        idl=idl_status(birth, history, on),
        ibl=ibl_status(birth, history, on),
        notes=tuple(notes),
        rule_version=edition.version,
    )


# --------------------------------------------------------------------------------------------
# IDL / IBL
# --------------------------------------------------------------------------------------------


def _completion(basket_edition: Edition[Basket], birth: date, given: dict[str, date], on: date,
                deadline: date, period: str) -> CompletionStatus:
    basket = basket_edition.value
    in_time = {code: given[code] for code in basket.doses if code in given and given[code] < deadline}
    missing = tuple(code for code in basket.doses if code not in in_time)
    if not missing:
        completed_on = max(in_time.values())
        return CompletionStatus(basket.name, basket.label, True, "lengkap", deadline, completed_on, (),
                                f"{basket.name} lengkap pada {format_date(completed_on)}.", basket_edition.version)
    if on < deadline:
        state = "belum lengkap"
        reason = (f"{basket.name} belum lengkap; kurang {', '.join(missing)} — harus lengkap sebelum "
                  f"{format_date(deadline)} ({period}).")
    else:
        state = "tidak lengkap"
        reason = (f"{basket.name} tidak tercapai: {', '.join(missing)} tidak diberikan sebelum "
                  f"{format_date(deadline)} ({period}).")
    return CompletionStatus(basket.name, basket.label, False, state, deadline, None, missing, reason,
                            basket_edition.version)


def idl_status(birth: date, given: Mapping[str, date] | Iterable[tuple[str, date]], on: date,
               basket: str | None = None) -> CompletionStatus:
    """Imunisasi Dasar Lengkap: every basket dose given before the first birthday (ILP.md §3.4).

    Recorded doses count as given even when flagged as given too early (the programme counts
    records; the flag is shown on the dose for a nakes to review).
    """
    history = {c: d for c, d in normalise_history(given).items() if d <= on}
    edition = IDL_BASKETS.version(basket or config.get("immunization.idl_basket"))
    return _completion(edition, birth, history, on, date_at_age(birth, years=1), "sebelum umur 1 tahun")


def ibl_status(birth: date, given: Mapping[str, date] | Iterable[tuple[str, date]], on: date,
               basket: str | None = None) -> CompletionStatus:
    """Imunisasi Baduta Lengkap: the lanjutan doses given before the deadline age (ILP.md §3.4)."""
    history = {c: d for c, d in normalise_history(given).items() if d <= on}
    edition = IBL_BASKETS.version(basket or config.get("immunization.ibl_basket"))
    months = int(config.get("immunization.ibl_deadline_months"))
    return _completion(edition, birth, history, on, date_at_age(birth, months=months),
                       f"sebelum umur {months} bulan")


# --------------------------------------------------------------------------------------------
# Td for WUS and ibu hamil (T status)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TdStep:
    level: int  # T status reached by this dose
    min_interval: Interval | None  # after the dose that reached the previous level
    protection_years: int | None  # None: no protection yet (T1)
    protection_text: str


# ILP.md §3.6 [V:S8].
TD_STEPS: Versioned[tuple[TdStep, ...]] = Versioned(
    Edition("td-wus-permenkes-12-2017", date(2017, 1, 1), (
        TdStep(1, None, None, "belum terlindungi"),
        TdStep(2, FOUR_WEEKS, 3, "3 tahun"),
        TdStep(3, SIX_MONTHS, 5, "5 tahun"),
        TdStep(4, Interval(months=12, text="1 tahun"), 10, "10 tahun"),
        TdStep(5, Interval(months=12, text="1 tahun"), 25, "lebih dari 25 tahun"),
    )),
)


@dataclass(frozen=True)
class TdDose:
    given_on: date
    counted: bool
    level: int  # T status after this dose
    reason: str


@dataclass(frozen=True)
class TdStatus:
    level: int  # 0 = no T dose known, 5 = T5
    label: str  # "T0" … "T5"
    last_dose: date | None  # the dose that reached ``level``
    protected_until: date | None
    protection_text: str
    next_label: str | None  # "T3"; None when T5
    next_earliest: date | None
    state: State  # GIVEN when T5, else DUE / DUE_SOON / NOT_YET for the next dose
    reason: str
    doses: tuple[TdDose, ...]
    credited_from_childhood: tuple[str, ...]
    rule_version: str


def td_status(
    td_doses: Iterable[date],
    on: date,
    *,
    childhood: Mapping[str, date] | Iterable[tuple[str, date]] | None = None,
    soon_days: int | None = None,
) -> TdStatus:
    """T status of a WUS or ibu hamil from her Td doses (ILP.md §3.6).

    A dose counts towards the next T status only when the minimum interval since the dose that
    reached the current status has passed; an earlier dose is listed as not counted. Childhood
    doses in ``childhood`` (dose code → date) are credited per ``immunization.td_childhood_credit``.
    """
    edition = TD_STEPS.at(on)
    steps = {s.level: s for s in edition.value}
    soon = int(config.get("immunization.due_soon_days") if soon_days is None else soon_days)

    level, last = 0, None
    credited: list[str] = []
    if childhood is not None:
        history = normalise_history(childhood)
        for code, reached in config.get("immunization.td_childhood_credit"):
            day = history.get(code)
            if day is None or day > on or reached <= level:
                break
            level, last = int(reached), day
            credited.append(code)

    evaluated = []
    for day in sorted(d for d in td_doses if d <= on):
        if level >= 5:
            evaluated.append(TdDose(day, False, level, "sudah T5; dosis tambahan tidak mengubah status"))
            continue
        step = steps[level + 1]
        ready = step.min_interval.after(last) if (step.min_interval and last) else None
        if ready is not None and day < ready:
            evaluated.append(TdDose(day, False, level,
                                    f"terlalu cepat: T{level + 1} paling cepat {format_date(ready)} "
                                    f"({step.min_interval.text} setelah T{level}); tidak dihitung"))
            continue
        level, last = level + 1, day
        evaluated.append(TdDose(day, True, level, f"T{level}"))

    current = steps.get(level)
    protected_until = None
    protection = "belum terlindungi"
    if current is not None and current.protection_years is not None and last is not None:
        protected_until = date_at_age(last, years=current.protection_years)
        protection = current.protection_text

    source = f" (termasuk imunisasi masa anak: {', '.join(credited)})" if credited else ""
    if level >= 5:
        return TdStatus(5, "T5", last, protected_until, protection, None, None, State.GIVEN,
                        f"Status T5{source}: terlindungi {protection}; tidak perlu Td lagi.",
                        tuple(evaluated), tuple(credited), edition.version)

    nxt = steps[level + 1]
    if last is not None and nxt.min_interval is not None:
        earliest = nxt.min_interval.after(last)
    else:
        earliest = on
    if earliest <= on:
        state = State.DUE
        reason = f"Status T{level}{source}; waktunya Td untuk T{level + 1}"
    else:
        state = State.DUE_SOON if (earliest - on).days <= soon else State.NOT_YET
        reason = (f"Status T{level}{source}; Td untuk T{level + 1} paling cepat {format_date(earliest)} "
                  f"({nxt.min_interval.text} setelah T{level})")
    if protected_until is not None:
        lapsed = protected_until <= on
        reason += f"; perlindungan {protection} {'berakhir' if lapsed else 'sampai'} {format_date(protected_until)}"
    reason += ". Target: T5."
    return TdStatus(level, f"T{level}", last, protected_until, protection, f"T{level + 1}",
                    earliest, state, reason, tuple(evaluated), tuple(credited), edition.version)
