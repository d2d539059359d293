"""Routine immunization (ILP.md §3): schedule, dose states, IDL/IBL, BIAS and Td status.

The schedule is the national routine schedule (ILP.md §3.2, as corrected by §0.1 C1–C3) with the
Buku KIA colour windows (§3.3): **white** = the right age (*waktunya*), **yellow** = late but
still allowed to complete infant/baduta immunization (*terlambat, masih boleh*), **pink** =
*imunisasi kejar* (catch-up), **grey** = not allowed. A dose can be given when the child's age is
in a white, yellow or pink window, the previous dose of the same antigen has been given, and the
minimum interval since that dose has passed.

Ages are in completed calendar months from :func:`siklus.rules.lifecycle.age_on`. A window
"3–11 bulan" covers the completed months 3 to 11, i.e. from the date the child is 3 months old up
to the day before the first birthday. Dates only: the hour of birth is not known, so "HB0 < 24
jam" is read as the birth date or the day after.

Every result carries the version of the schedule edition that produced it. Facts ILP.md tags
[M], and points where its sources disagree, are settings (``immunization.*``) — see the
``config.declare`` calls below.

Product text (labels, reasons, notes) is :class:`siklus.rules.messages.Message`: an Indonesian
template with raw parameters that the interface translates; ``.label`` and ``.reason`` give the
Indonesian text.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from siklus.rules import config
from siklus.rules.common import month_end, sex_code
from siklus.rules.lifecycle import age_on, date_at_age
from siklus.rules.messages import Age, Duration, Join, Message, MonthYear, Worded, format_date, gettext_noop, text
from siklus.rules.versioning import Edition, Versioned

# Schedule editions (ILP.md §3.2 and §0.1 C1), each id defined once.
SCHEDULE_2023_06 = "imunisasi-rutin-2023-06"  # IPV2 introduced 12 June 2023 (≥4 weeks after IPV1)
SCHEDULE_2024 = "imunisasi-rutin-2024"  # IPV2 ≥4 months after IPV1; HPV two doses (kelas 5 and 6)
SCHEDULE_2025 = "imunisasi-rutin-2025"  # KMK 1098/2024 as amended by KMK HK.01.07/MENKES/35/2025: HPV one dose
TD_WUS_2017 = "td-wus-permenkes-12-2017"
IDL_KLASIK, IDL_ANTIGEN_BARU = "idl-klasik", "idl-antigen-baru"
IBL_KLASIK, IBL_ANTIGEN_BARU = "ibl-klasik", "ibl-antigen-baru"

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
    "immunization.idl_basket",
    IDL_KLASIK,
    "Which IDL (Imunisasi Dasar Lengkap) basket counts by default: 'idl-klasik' (Renstra "
    "2020–2024: HB0, BCG, OPV×4, DPT-HB-Hib×3, IPV×1, MR×1) or 'idl-antigen-baru' (17 doses incl. "
    "PCV1–2, RV1–3, IPV1–2). Neither is verified as the official current definition.",
    "ILP.md §3.4 [M] / [V3:S21]",
)
config.declare(
    "immunization.ibl_basket",
    IBL_KLASIK,
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
# Shared helpers (children.py and due.py use them too)
# --------------------------------------------------------------------------------------------


def age_of(birth: date, on: date) -> Age:
    """The age on ``on`` as a message parameter (``9 bulan 3 hari``, ``2 tahun 1 bulan``)."""
    months = age_on(birth, on).months
    return Age(months, (on - date_at_age(birth, months=months)).days)


def age_text(birth: date, on: date) -> str:
    """Completed age as a bidan says it, in Indonesian: ``9 bulan 3 hari``, ``2 tahun 1 bulan``."""
    return text(age_of(birth, on))


SOON = Message(gettext_noop("Segera"))
NOT_YET_PREFIX = Message(gettext_noop("Belum waktunya"))


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
    def title(self) -> Message:
        return _STATE_TITLES[self]

    @property
    def label(self) -> str:
        return text(self.title)

    @property
    def actionable(self) -> bool:
        """Can (and should) be done today."""
        return self in (State.DUE, State.OVERDUE, State.CATCH_UP)

    @property
    def prefix(self) -> Message:
        """'Segera' / 'Belum waktunya' at the head of an upcoming item's reason."""
        return SOON if self is State.DUE_SOON else NOT_YET_PREFIX


_STATE_TITLES = {
    State.GIVEN: Message(gettext_noop("sudah diberikan")),
    State.DUE: Message(gettext_noop("waktunya sekarang")),
    State.DUE_SOON: Message(gettext_noop("segera")),
    State.OVERDUE: Message(gettext_noop("terlambat, masih boleh")),
    State.CATCH_UP: Message(gettext_noop("imunisasi kejar")),
    State.NOT_YET: Message(gettext_noop("belum waktunya")),
    State.CLOSED: Message(gettext_noop("tidak boleh lagi")),
}

DoseState = State

SEXES = ("L", "P")


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
    last_age: Duration  # the last allowed age as printed, e.g. 11 bulan, 6 bulan 29 hari

    def first_day(self, birth: date) -> date:
        return self.start.date_for(birth)

    def last_day(self, birth: date) -> date:
        return min(end.date_for(birth) for end in self.ends) - timedelta(days=1)

    def contains(self, birth: date, day: date) -> bool:
        return self.first_day(birth) <= day <= self.last_day(birth)


def months_window(first: int, last: int) -> Window:
    """Completed months ``first`` to ``last`` inclusive (a Buku KIA column range)."""
    return Window(AgeBound(first), (AgeBound(last + 1),), Duration(months=last))


# Rotavirus: "last dose no later than 6 bulan 29 hari", never at 7 months (ILP.md §3.2, §3.3, §0.1 C2).
RV_LAST_WINDOW = Window(AgeBound(3), (AgeBound(6, 30), AgeBound(7)), Duration(months=6, days=29))


@dataclass(frozen=True)
class Interval:
    """Minimum interval after the previous dose: calendar months plus days."""

    months: int = 0
    days: int = 0
    span: Duration = Duration()  # as printed: 1 bulan, 4 minggu

    def after(self, day: date) -> date:
        return date_at_age(day, months=self.months, days=self.days)


ONE_MONTH = Interval(months=1, span=Duration(months=1))
FOUR_WEEKS = Interval(days=28, span=Duration(weeks=4))
EIGHT_WEEKS = Interval(days=56, span=Duration(weeks=8))
FOUR_MONTHS = Interval(months=4, span=Duration(months=4))
SIX_MONTHS = Interval(months=6, span=Duration(months=6))
TWELVE_MONTHS = Interval(months=12, span=Duration(months=12))
ONE_YEAR = Interval(months=12, span=Duration(years=1))


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
    label: str  # Indonesian display name (a catalogue msgid)
    ideal: Window
    late: Window | None = None  # yellow
    catch_up: Window | None = None  # pink
    previous: str | None = None  # code of the dose that must come first
    min_interval: Interval | None = None  # after ``previous``
    endemic_only: bool = False
    source: str = ""

    @property
    def title(self) -> Message:
        return Message(self.label)

    def windows(self) -> tuple[tuple[Window, Colour], ...]:
        found = [(self.ideal, Colour.WHITE)]
        if self.late is not None:
            found.append((self.late, Colour.YELLOW))
        if self.catch_up is not None:
            found.append((self.catch_up, Colour.PINK))
        return tuple(found)


@dataclass(frozen=True)
class SchoolDose:
    """A BIAS dose: given at school in a month of the school year of one class (ILP.md §3.5).

    ``catch_up_class``: a later class whose BIAS round of the same month is imunisasi kejar for a
    child who never had the dose (HPV from 2025: kelas 6 for a girl with no dose, §0.1 C1).
    """

    code: str
    antigen: str
    label: str  # a catalogue msgid
    school_class: int
    month: int  # 8 = Agustus, 11 = November
    sex: str | None = None  # "P" for HPV
    catch_up_class: int | None = None
    source: str = "ILP.md §3.2, §3.5 [V:S1b]"

    @property
    def title(self) -> Message:
        return Message(self.label)


@dataclass(frozen=True)
class Schedule:
    doses: tuple[DoseRule, ...]
    school: tuple[SchoolDose, ...]
    retired: tuple[str, ...] = ()  # codes no longer scheduled; a recorded one is history, not assessed

    def rule(self, code: str) -> DoseRule | SchoolDose:
        items: tuple[DoseRule | SchoolDose, ...] = (*self.doses, *self.school)
        for item in items:
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
# BCG and OPV1: ideal at any age up to the end of the 2nd month of life (< 2 completed months):
# Permenkes 12/2017 lists them at "1 bulan" and Buku KIA colours 0–1 bulan white (ILP.md §0.1 C3).
_BCG_OPV1 = "ILP.md §0.1 C3 (Permenkes 12/2017 Lampiran; Buku KIA 2023/2024 [V3]), §3.3"
# Rotavirus: 3 doses at 2, 3, 4 months, minimum interval 4 weeks (28 days, not a calendar month),
# last dose by 6 months 29 days; a late starter gets every dose that fits (ILP.md §0.1 C2: Ditjen
# P2P letter IM.02.02/C/3052/2023 item 2 [V]). Every edition here (from June 2023) carries it.
_RV = "ILP.md §0.1 C2 (Ditjen P2P IM.02.02/C/3052/2023 [V]), §3.2 [V:S10], §3.3"


def _schedule(ipv2: DoseRule, school: tuple[SchoolDose, ...], retired: tuple[str, ...] = ()) -> Schedule:
    """The 14-antigen schedule (ILP.md §3.2) with Buku KIA windows (§3.3)."""
    doses = (
        # HB0: "<24 jam" → birth date or the next day (dates cannot resolve hours); Buku KIA
        # column 0 keeps it allowed for the rest of the first month (ASIK's "1–7 hari" slot).
        _dose("HB0", "Hepatitis B", 0, gettext_noop("HB0 (Hepatitis B <24 jam)"),
              Window(AgeBound(0), (AgeBound(0, 2),), Duration(days=1)),
              Window(AgeBound(0, 2), (AgeBound(1),), Duration(months=0)), source=_S),
        _dose("BCG", "BCG", 1, gettext_noop("BCG"), (0, 1), (2, 11), source=_BCG_OPV1),
        _dose("OPV1", "Polio tetes (OPV)", 1, gettext_noop("Polio tetes 1 (OPV1)"), (0, 1), (2, 11), (12, 59),
              source=_BCG_OPV1),
        _dose("DPT-HB-Hib1", "DPT-HB-Hib", 1, gettext_noop("DPT-HB-Hib 1"), (2, 2), (3, 11), (12, 59), source=_S),
        _dose("OPV2", "Polio tetes (OPV)", 2, gettext_noop("Polio tetes 2 (OPV2)"), (2, 2), (3, 11), (12, 59),
              previous="OPV1", interval=ONE_MONTH, source=_S),
        _dose("PCV1", "PCV", 1, gettext_noop("PCV 1"), (2, 2), (3, 11), (12, 59), source=_S),
        _dose("RV1", "Rotavirus", 1, gettext_noop("Rotavirus 1 (RV1)"), (2, 2),
              Window(AgeBound(3), RV_LAST_WINDOW.ends, RV_LAST_WINDOW.last_age), source=_RV),
        _dose("DPT-HB-Hib2", "DPT-HB-Hib", 2, gettext_noop("DPT-HB-Hib 2"), (3, 3), (4, 11), (12, 59),
              previous="DPT-HB-Hib1", interval=ONE_MONTH, source=_S),
        _dose("OPV3", "Polio tetes (OPV)", 3, gettext_noop("Polio tetes 3 (OPV3)"), (3, 3), (4, 11), (12, 59),
              previous="OPV2", interval=ONE_MONTH, source=_S),
        _dose("PCV2", "PCV", 2, gettext_noop("PCV 2"), (3, 3), (4, 11), (12, 59),
              previous="PCV1", interval=ONE_MONTH, source=_S),
        _dose("RV2", "Rotavirus", 2, gettext_noop("Rotavirus 2 (RV2)"), (3, 3),
              Window(AgeBound(4), RV_LAST_WINDOW.ends, RV_LAST_WINDOW.last_age),
              previous="RV1", interval=FOUR_WEEKS, source=_RV),
        _dose("DPT-HB-Hib3", "DPT-HB-Hib", 3, gettext_noop("DPT-HB-Hib 3"), (4, 4), (5, 11), (12, 59),
              previous="DPT-HB-Hib2", interval=ONE_MONTH, source=_S),
        _dose("OPV4", "Polio tetes (OPV)", 4, gettext_noop("Polio tetes 4 (OPV4)"), (4, 4), (5, 11), (12, 59),
              previous="OPV3", interval=ONE_MONTH, source=_S),
        _dose("RV3", "Rotavirus", 3, gettext_noop("Rotavirus 3 (RV3)"), (4, 4),
              Window(AgeBound(5), RV_LAST_WINDOW.ends, RV_LAST_WINDOW.last_age),
              previous="RV2", interval=FOUR_WEEKS, source=_RV),
        _dose("IPV1", "Polio suntik (IPV)", 1, gettext_noop("Polio suntik 1 (IPV1)"), (4, 4), (5, 11), (12, 59),
              source=_S),
        _dose("MR1", "Campak-Rubela (MR)", 1, gettext_noop("Campak-Rubela 1 (MR1)"), (9, 9), (10, 11), (12, 59),
              source=_S),
        ipv2,
        _dose("JE", "Japanese Encephalitis", 1, gettext_noop("Japanese Encephalitis (JE)"), (10, 10), None,
              (11, 59), endemic_only=True, source=_S + "; endemic areas only"),
        # PCV3: Buku KIA columns 12 (white), 18–23 (yellow), 23–59 (pink); the months between the
        # printed columns belong to the column on their left, so white is 12–17 and pink 24–59.
        _dose("PCV3", "PCV", 3, gettext_noop("PCV 3 (lanjutan)"), (12, 17), (18, 23), (24, 59),
              previous="PCV2", interval=EIGHT_WEEKS, source=_S),
        # DPT-HB-Hib4 and MR2: column 18 white (18–22), 23 yellow, 23–59 pink (24–59).
        _dose("DPT-HB-Hib4", "DPT-HB-Hib", 4, gettext_noop("DPT-HB-Hib 4 (lanjutan)"), (18, 22), (23, 23),
              (24, 59), previous="DPT-HB-Hib3", interval=TWELVE_MONTHS, source=_S),
        _dose("MR2", "Campak-Rubela (MR)", 2, gettext_noop("Campak-Rubela 2 (MR2, lanjutan)"), (18, 22), (23, 23),
              (24, 59), previous="MR1", interval=SIX_MONTHS, source=_S),
    )
    return Schedule(doses, school, retired)


_BIAS_CORE = (
    SchoolDose("MR-BIAS", "Campak-Rubela (MR)", gettext_noop("MR (BIAS kelas 1)"), 1, 8),
    SchoolDose("DT-BIAS", "DT", gettext_noop("DT (BIAS kelas 1)"), 1, 11),
    SchoolDose("Td-BIAS2", "Td", gettext_noop("Td (BIAS kelas 2)"), 2, 11),
    SchoolDose("Td-BIAS5", "Td", gettext_noop("Td (BIAS kelas 5)"), 5, 11),
)
# Until 2024: HPV dose 1 in kelas 5 and dose 2 in kelas 6, both in August (ILP.md §3.2, §3.5).
_HPV_TWO_DOSES = (
    SchoolDose("HPV1", "HPV", gettext_noop("HPV dosis 1 (BIAS kelas 5, anak perempuan)"), 5, 8, sex="P"),
    SchoolDose("HPV2", "HPV", gettext_noop("HPV dosis 2 (BIAS kelas 6, anak perempuan)"), 6, 8, sex="P"),
)
# From 2025: one dose in kelas 5 (August); kelas 6 only as catch-up for a girl with no dose; one
# recorded dose is complete (ILP.md §0.1 C1: KMK 1098/2024 amended by KMK 35/2025).
_HPV_ONE_DOSE = (
    SchoolDose("HPV1", "HPV", gettext_noop("HPV (BIAS kelas 5, anak perempuan, 1 dosis)"), 5, 8, sex="P",
               catch_up_class=6, source="ILP.md §0.1 C1 (KMK HK.01.07/MENKES/35/2025) [V3]"),
)

# IPV2 was introduced nationally on 12 June 2023 at 9–11 months, ≥4 weeks after IPV1; from 2024
# it is given at 9 months with MR1, ≥4 months after IPV1, with catch-up to 59 months for children
# who have not had 2 IPV doses (ILP.md §3.2 [V:S9]). The exact day the 2024 rule took effect is not
# given in ILP.md: 1 January 2024 is assumed.
_IPV2_2023 = _dose("IPV2", "Polio suntik (IPV)", 2, gettext_noop("Polio suntik 2 (IPV2)"), (9, 9), (10, 11), None,
                   previous="IPV1", interval=FOUR_WEEKS, source="ILP.md §3.2 IPV2 2023 [V:S9]")
_IPV2_2024 = _dose("IPV2", "Polio suntik (IPV)", 2, gettext_noop("Polio suntik 2 (IPV2)"), (9, 9), (10, 11),
                   (12, 59), previous="IPV1", interval=FOUR_MONTHS, source="ILP.md §3.2 IPV2 2024 [V:S9], §3.3")

SCHEDULE: Versioned[Schedule] = Versioned(
    Edition(SCHEDULE_2023_06, date(2023, 6, 12), _schedule(_IPV2_2023, _BIAS_CORE + _HPV_TWO_DOSES)),
    Edition(SCHEDULE_2024, date(2024, 1, 1), _schedule(_IPV2_2024, _BIAS_CORE + _HPV_TWO_DOSES)),
    Edition(SCHEDULE_2025, date(2025, 1, 1), _schedule(_IPV2_2024, _BIAS_CORE + _HPV_ONE_DOSE, retired=("HPV2",))),
)


@dataclass(frozen=True)
class Basket:
    name: str  # "IDL" or "IBL"
    label: str  # a catalogue msgid
    doses: tuple[str, ...]


_IDL_KLASIK = ("HB0", "BCG", "OPV1", "OPV2", "OPV3", "OPV4",
               "DPT-HB-Hib1", "DPT-HB-Hib2", "DPT-HB-Hib3", "IPV1", "MR1")
_IDL_BARU = _IDL_KLASIK[:10] + ("PCV1", "PCV2", "RV1", "RV2", "RV3", "IPV2", "MR1")

# ILP.md §3.4. Both baskets stay available (dashboards and reconciliation with ASIK may need
# either); which one counts by default is the setting ``immunization.idl_basket``.
IDL_BASKETS: Versioned[Basket] = Versioned(
    Edition(IDL_KLASIK, date(2020, 1, 1),
            Basket("IDL", gettext_noop("Imunisasi Dasar Lengkap (klasik, Renstra 2020–2024)"), _IDL_KLASIK)),
    Edition(IDL_ANTIGEN_BARU, date(2024, 1, 1),
            Basket("IDL", gettext_noop("Imunisasi Dasar Lengkap (17 dosis, dengan PCV, RV, IPV2)"), _IDL_BARU)),
)
IBL_BASKETS: Versioned[Basket] = Versioned(
    Edition(IBL_KLASIK, date(2020, 1, 1),
            Basket("IBL", gettext_noop("Imunisasi Baduta Lengkap (DPT-HB-Hib4, MR2)"), ("DPT-HB-Hib4", "MR2"))),
    Edition(IBL_ANTIGEN_BARU, date(2024, 1, 1),
            Basket("IBL", gettext_noop("Imunisasi Baduta Lengkap (DPT-HB-Hib4, MR2, PCV3)"),
                   ("DPT-HB-Hib4", "MR2", "PCV3"))),
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

_NOTHING = Join(())  # an empty optional part of a message


@dataclass(frozen=True)
class DoseStatus(Worded):
    code: str
    title: Message  # the dose's name
    state: State
    why: tuple[Message, ...]  # why this state (sentences)
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
class CompletionStatus(Worded):
    """IDL or IBL."""

    name: str  # "IDL" / "IBL"
    title: Message
    complete: bool
    state: str  # "lengkap", "belum lengkap", "tidak lengkap"
    deadline: date  # doses must be given before this date
    completed_on: date | None
    missing: tuple[str, ...]  # basket doses not given before the deadline
    why: Message
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
    remarks: tuple[Message, ...]
    rule_version: str

    @property
    def notes(self) -> tuple[str, ...]:
        return tuple(text(m) for m in self.remarks)

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


def _given_dose(rule: DoseRule, birth: date, given_on: date, given: dict[str, date], windows, common) -> DoseStatus:
    first_day = windows[0][0].first_day(birth)
    last_window = windows[-1][0]
    last_day = last_window.last_day(birth)
    problems: list[Message] = []
    if given_on < first_day:
        problems.append(Message(gettext_noop("diberikan terlalu dini (umur %(age)s; paling cepat %(date)s)"),
                                {"age": age_of(birth, given_on), "date": first_day}))
    elif given_on > last_day:
        problems.append(Message(gettext_noop("diberikan setelah batas umur %(limit)s (%(date)s)"),
                                {"limit": last_window.last_age, "date": last_day}))
    details: list[Message] = []
    if rule.previous:
        prev_day = given.get(rule.previous)
        if prev_day is None:
            details.append(Message(gettext_noop("; %(dose)s belum tercatat"), {"dose": rule.previous}))
        elif rule.min_interval is not None and given_on < rule.min_interval.after(prev_day):
            problems.append(Message(
                gettext_noop("jarak dari %(dose)s (%(given)s) kurang dari %(interval)s; paling cepat %(date)s"),
                {"dose": rule.previous, "given": prev_day, "interval": rule.min_interval.span,
                 "date": rule.min_interval.after(prev_day)}))
    if problems:
        details.insert(0, Message(gettext_noop("; tidak sesuai aturan: %(problems)s — perlu ditinjau nakes"),
                                  {"problems": Join(tuple(problems), "; ")}))
    why = Message(gettext_noop("Diberikan %(date)s (umur %(age)s)%(details)s."),
                  {"date": given_on, "age": age_of(birth, given_on), "details": Join(tuple(details), "")})
    return DoseStatus(state=State.GIVEN, why=(why,), given_on=given_on, valid=not problems,
                      colour=_colour_on(windows, birth, given_on), **common)


def _evaluate_dose(rule: DoseRule, birth: date, on: date, given: dict[str, date],
                   done: dict[str, DoseStatus], soon: int, version: str) -> DoseStatus:
    windows = rule.windows()
    first_day = windows[0][0].first_day(birth)
    last_window = windows[-1][0]
    last_day = last_window.last_day(birth)
    ideal_until = windows[0][0].last_day(birth)
    ideal = _ideal_age(rule)
    common: dict[str, Any] = dict(code=rule.code, title=rule.title, last_day=last_day, ideal_until=ideal_until,
                  rule_version=version)

    previous = done.get(rule.previous) if rule.previous else None
    given_on = given.get(rule.code)
    if given_on is not None:
        return _given_dose(rule, birth, given_on, given, windows, common)

    # Not given: when can it be given?
    earliest = first_day
    waiting_for = None
    if previous is not None:
        if previous.state is State.CLOSED:
            return DoseStatus(state=State.CLOSED, why=(Message(
                gettext_noop("Tidak dapat diberikan: %(previous)s sudah tidak boleh diberikan lagi."),
                {"previous": previous.title}),), **common)
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
            why = Message(gettext_noop("Tidak boleh diberikan lagi: batas umur %(limit)s sudah lewat (%(date)s)."),
                          {"limit": last_window.last_age, "date": last_day})
        else:
            why = Message(gettext_noop(
                "Tidak boleh diberikan lagi: paling cepat %(earliest)s (setelah %(previous)s + %(interval)s), "
                "melewati batas umur %(limit)s (%(date)s)."),
                {"earliest": earliest, "previous": rule.previous or "",
                 "interval": rule.min_interval.span if rule.min_interval else Duration(),
                 "limit": last_window.last_age, "date": last_day})
        return DoseStatus(state=State.CLOSED, why=(why,), earliest=None, **common)

    if on >= earliest:
        colour = _colour_on(windows, birth, on)
        assert colour is not None  # windows are contiguous from first_day to last_day
        if colour is Colour.WHITE:
            state = State.DUE
            why = Message(gettext_noop(
                "Waktunya: umur ideal %(ideal)s; berikan sekarang, paling lambat %(date)s agar tepat waktu."),
                {"ideal": ideal, "date": ideal_until})
        elif colour is Colour.YELLOW:
            state = State.OVERDUE
            yellow = next(w for w, c in windows if c is Colour.YELLOW)
            why = Message(gettext_noop(
                "Terlambat: umur ideal %(ideal)s sudah lewat; masih boleh diberikan sampai umur %(limit)s "
                "(%(date)s)."), {"ideal": ideal, "limit": yellow.last_age, "date": yellow.last_day(birth)})
        else:
            state = State.CATCH_UP
            why = Message(gettext_noop(
                "Imunisasi kejar: umur ideal %(ideal)s sudah lewat; boleh dikejar sampai umur %(limit)s (%(date)s)."),
                {"ideal": ideal, "limit": last_window.last_age, "date": last_day})
        reasons = [why]
        if previous is not None and previous.given_on is not None and rule.min_interval is not None:
            reasons.append(Message(gettext_noop("Jarak dari %(previous)s sudah ≥ %(interval)s."),
                                   {"previous": previous.code, "interval": rule.min_interval.span}))
        return DoseStatus(state=state, why=tuple(reasons), earliest=earliest, colour=colour,
                          window_until=_window_last_day(windows, colour, birth), **common)

    state = State.DUE_SOON if (earliest - on).days <= soon else State.NOT_YET
    if waiting_for is not None:
        why = Message(gettext_noop(
            "%(prefix)s: setelah %(previous)s diberikan, dengan jarak minimal %(interval)s; paling cepat "
            "%(earliest)s."), {"prefix": state.prefix, "previous": waiting_for.title,
                               "interval": rule.min_interval.span if rule.min_interval else "-",
                               "earliest": earliest})
    elif earliest > first_day and previous is not None:
        why = Message(gettext_noop(
            "%(prefix)s: jarak minimal %(interval)s setelah %(previous)s (%(given)s); paling cepat %(earliest)s."),
            {"prefix": state.prefix, "interval": rule.min_interval.span if rule.min_interval else "-",
             "previous": previous.code, "given": previous.given_on, "earliest": earliest})
    else:
        why = Message(gettext_noop("%(prefix)s: umur ideal %(ideal)s, mulai %(earliest)s."),
                      {"prefix": state.prefix, "ideal": ideal, "earliest": earliest})
    colour_then = _colour_on(windows, birth, earliest)
    assert colour_then is not None  # earliest ≤ last_day, and the windows are contiguous
    window_until = ideal_until if earliest <= ideal_until else _window_last_day(windows, colour_then, birth)
    return DoseStatus(state=state, why=(why,), earliest=earliest, window_until=window_until, **common)


def _ideal_age(rule: DoseRule) -> Message:
    if rule.code == "HB0":
        return Message(gettext_noop("<24 jam setelah lahir"))
    ideal = rule.windows()[0][0]
    first = ideal.start.months
    last = min(e.months for e in ideal.ends) - 1
    if first == 0:
        return Message(gettext_noop("<%(age)s"), {"age": Duration(months=last + 1)})
    if first == last:
        return Message(gettext_noop("%(age)s"), {"age": Duration(months=first)})
    return Message(gettext_noop("%(first)s–%(last)s bulan"), {"first": first, "last": last})


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


def _class_school_year(birth: date, on: date, school_class_wanted: int, school_class: int | None) -> int:
    """The school year (starting July) in which the child is in ``school_class_wanted``."""
    current_year = school_year_start(on)
    if school_class is not None:
        return current_year + (school_class_wanted - school_class)
    current_class = estimated_school_class(birth, current_year)
    return current_year + (school_class_wanted - current_class)


ESTIMATED_CLASS = Message(gettext_noop(" (kelas diperkirakan dari umur)"))


@dataclass(frozen=True)
class _Round:
    """One BIAS round of a dose: its month in the school year of a class."""

    start: date
    end: date  # last day of the BIAS month
    last_day: date  # last day it may still be given (end of the school year, or of the month)
    about: Message  # "BIAS Agustus 2026, kelas 6"


def _round(dose: SchoolDose, school_class_wanted: int, birth: date, on: date, school_class: int | None) -> _Round:
    year = _class_school_year(birth, on, school_class_wanted, school_class)
    round_year = year if dose.month >= 7 else year + 1
    start = date(round_year, dose.month, 1)
    end = month_end(start)
    last_day = date(year + 1, 6, 30) if config.get("immunization.bias_same_school_year_completion") else end
    about = Message(gettext_noop("BIAS %(month)s, kelas %(class)s%(estimated)s"),
                    {"month": MonthYear(round_year, dose.month), "class": school_class_wanted,
                     "estimated": ESTIMATED_CLASS if school_class is None else _NOTHING})
    return _Round(start, end, last_day, about)


def _evaluate_school_dose(dose: SchoolDose, birth: date, on: date, given: dict[str, date],
                          school_class: int | None, soon: int, version: str) -> DoseStatus:
    main = _round(dose, dose.school_class, birth, on, school_class)
    catch_up = (_round(dose, dose.catch_up_class, birth, on, school_class)
                if dose.catch_up_class is not None else None)
    common: dict[str, Any] = dict(code=dose.code, title=dose.title, ideal_until=main.end,
                  last_day=(catch_up or main).last_day, school=True, rule_version=version)
    given_on = given.get(dose.code)
    if given_on is not None:
        return DoseStatus(state=State.GIVEN, given_on=given_on,
                          why=(Message(gettext_noop("Diberikan %(date)s."), {"date": given_on}),), **common)
    if on < main.start:
        state = State.DUE_SOON if (main.start - on).days <= soon else State.NOT_YET
        return DoseStatus(state=state, earliest=main.start, window_until=main.end, why=(
            Message(gettext_noop("%(prefix)s: %(round)s."), {"prefix": state.prefix, "round": main.about}),),
            **common)
    if on <= main.end:
        return DoseStatus(state=State.DUE, earliest=main.start, window_until=main.end, why=(
            Message(gettext_noop("Waktunya: %(round)s; diberikan di sekolah."), {"round": main.about}),), **common)
    if on <= main.last_day:
        return DoseStatus(state=State.OVERDUE, earliest=main.start, window_until=main.last_day, why=(Message(
            gettext_noop("Terlambat: %(round)s terlewat; masih dapat dilengkapi sampai akhir tahun ajaran (%(date)s)."),
            {"round": main.about, "date": main.last_day}),), **common)
    if catch_up is not None and on <= catch_up.last_day:
        # A child who never had the dose gets it as imunisasi kejar in the later class's round.
        if on < catch_up.start:
            state = State.DUE_SOON if (catch_up.start - on).days <= soon else State.NOT_YET
            return DoseStatus(state=state, earliest=catch_up.start, window_until=catch_up.end, why=(Message(
                gettext_noop("%(prefix)s: imunisasi kejar %(round)s (%(missed)s terlewat)."),
                {"prefix": state.prefix, "round": catch_up.about, "missed": main.about}),), **common)
        return DoseStatus(state=State.CATCH_UP, earliest=catch_up.start, window_until=catch_up.last_day, why=(Message(
            gettext_noop("Imunisasi kejar: %(round)s, karena %(missed)s terlewat; diberikan di sekolah, "
                         "sampai %(date)s."),
            {"round": catch_up.about, "missed": main.about, "date": catch_up.last_day}),), **common)
    last = catch_up or main
    return DoseStatus(state=State.CLOSED, why=(
        Message(gettext_noop("Jadwal %(round)s sudah lewat."), {"round": last.about}),), **common)


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
    sex = sex_code(sex)
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
    remarks: list[Message] = []

    done: dict[str, DoseStatus] = {}
    for rule in schedule.doses:
        if rule.endemic_only and not endemic and rule.code not in history:
            continue
        done[rule.code] = _evaluate_dose(rule, birth, on, history, done, soon, edition.version)
    if not endemic:
        remarks.append(Message(gettext_noop("JE tidak dijadwalkan: hanya untuk daerah endemis JE.")))
    for dose in schedule.school:
        if dose.sex and dose.sex != sex and dose.code not in history:
            continue
        done[dose.code] = _evaluate_school_dose(dose, birth, on, history, school_class, soon, edition.version)

    known = {r.code for r in schedule.doses} | {d.code for d in schedule.school} | set(schedule.retired)
    for code in sorted(set(history) - known):
        remarks.append(Message(gettext_noop("%(dose)s tidak ada dalam jadwal %(version)s; tidak dinilai."),
                               {"dose": code, "version": edition.version}))

    open_doses = [d for d in done.values() if d.state not in (State.GIVEN, State.CLOSED)]
    next_visit = None
    if open_doses:
        next_visit = min(on if d.state.actionable or d.earliest is None else d.earliest for d in open_doses)
    next_doses = tuple(d.code for d in open_doses if next_visit is not None and (
        d.state.actionable or (d.earliest is not None and d.earliest <= next_visit)))

    return ImmunizationStatus(
        birth=birth,
        sex=sex,
        on=on,
        doses=tuple(done.values()),
        next_visit=next_visit,
        next_visit_doses=next_doses,
        idl=idl_status(birth, history, on),
        ibl=ibl_status(birth, history, on),
        remarks=tuple(remarks),
        rule_version=edition.version,
    )


# --------------------------------------------------------------------------------------------
# IDL / IBL
# --------------------------------------------------------------------------------------------


def _completion(basket_edition: Edition[Basket], birth: date, given: dict[str, date], on: date,
                deadline: date, period: Message) -> CompletionStatus:
    basket = basket_edition.value
    in_time = {code: given[code] for code in basket.doses if code in given and given[code] < deadline}
    missing = tuple(code for code in basket.doses if code not in in_time)
    title = Message(basket.label)
    if not missing:
        completed_on = max(in_time.values())
        return CompletionStatus(basket.name, title, True, "lengkap", deadline, completed_on, (),
                                Message(gettext_noop("%(basket)s lengkap pada %(date)s."),
                                        {"basket": basket.name, "date": completed_on}),
                                basket_edition.version)
    params = {"basket": basket.name, "missing": Join(missing), "deadline": deadline, "period": period}
    if on < deadline:
        state = "belum lengkap"
        why = Message(gettext_noop("%(basket)s belum lengkap; kurang %(missing)s — harus lengkap sebelum "
                                   "%(deadline)s (%(period)s)."), params)
    else:
        state = "tidak lengkap"
        why = Message(gettext_noop("%(basket)s tidak tercapai: %(missing)s tidak diberikan sebelum %(deadline)s "
                                   "(%(period)s)."), params)
    return CompletionStatus(basket.name, title, False, state, deadline, None, missing, why, basket_edition.version)


_BEFORE_AGE = gettext_noop("sebelum umur %(age)s")


def idl_status(birth: date, given: Mapping[str, date] | Iterable[tuple[str, date]], on: date,
               basket: str | None = None) -> CompletionStatus:
    """Imunisasi Dasar Lengkap: every basket dose given before the first birthday (ILP.md §3.4).

    Recorded doses count as given even when flagged as given too early (the programme counts
    records; the flag is shown on the dose for a nakes to review).
    """
    history = {c: d for c, d in normalise_history(given).items() if d <= on}
    edition = IDL_BASKETS.version(basket or config.get("immunization.idl_basket"))
    return _completion(edition, birth, history, on, date_at_age(birth, years=1),
                       Message(_BEFORE_AGE, {"age": Duration(years=1)}))


def ibl_status(birth: date, given: Mapping[str, date] | Iterable[tuple[str, date]], on: date,
               basket: str | None = None) -> CompletionStatus:
    """Imunisasi Baduta Lengkap: the lanjutan doses given before the deadline age (ILP.md §3.4)."""
    history = {c: d for c, d in normalise_history(given).items() if d <= on}
    edition = IBL_BASKETS.version(basket or config.get("immunization.ibl_basket"))
    months = int(config.get("immunization.ibl_deadline_months"))
    return _completion(edition, birth, history, on, date_at_age(birth, months=months),
                       Message(_BEFORE_AGE, {"age": Duration(months=months)}))


# --------------------------------------------------------------------------------------------
# Td for WUS and ibu hamil (T status)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TdStep:
    level: int  # T status reached by this dose
    min_interval: Interval | None  # after the dose that reached the previous level
    protection_years: int | None  # None: no protection yet (T1)
    protection: Message


_UNPROTECTED = Message(gettext_noop("belum terlindungi"))
_YEARS = gettext_noop("%(years)s")

# ILP.md §3.6 [V:S8].
TD_STEPS: Versioned[tuple[TdStep, ...]] = Versioned(
    Edition(TD_WUS_2017, date(2017, 1, 1), (
        TdStep(1, None, None, _UNPROTECTED),
        TdStep(2, FOUR_WEEKS, 3, Message(_YEARS, {"years": Duration(years=3)})),
        TdStep(3, SIX_MONTHS, 5, Message(_YEARS, {"years": Duration(years=5)})),
        TdStep(4, ONE_YEAR, 10, Message(_YEARS, {"years": Duration(years=10)})),
        TdStep(5, ONE_YEAR, 25, Message(gettext_noop("lebih dari %(years)s"), {"years": Duration(years=25)})),
    )),
)


@dataclass(frozen=True)
class TdDose:
    given_on: date
    counted: bool
    level: int  # T status after this dose
    why: Message

    @property
    def reason(self) -> str:
        return text(self.why)


@dataclass(frozen=True)
class TdStatus:
    level: int  # 0 = no T dose known, 5 = T5
    label: str  # "T0" … "T5"
    last_dose: date | None  # the dose that reached ``level``
    protected_until: date | None
    protection: Message
    next_label: str | None  # "T3"; None when T5
    next_earliest: date | None
    state: State  # GIVEN when T5, else DUE / DUE_SOON / NOT_YET for the next dose
    why: Message
    doses: tuple[TdDose, ...]
    credited_from_childhood: tuple[str, ...]
    rule_version: str

    @property
    def reason(self) -> str:
        return text(self.why)

    @property
    def protection_text(self) -> str:
        return text(self.protection)


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
            evaluated.append(TdDose(day, False, level, Message(
                gettext_noop("sudah T5; dosis tambahan tidak mengubah status"))))
            continue
        step = steps[level + 1]
        ready = step.min_interval.after(last) if (step.min_interval and last) else None
        if ready is not None and step.min_interval is not None and day < ready:
            evaluated.append(TdDose(day, False, level, Message(gettext_noop(
                "terlalu cepat: T%(next)s paling cepat %(date)s (%(interval)s setelah T%(level)s); tidak dihitung"),
                {"next": level + 1, "date": ready, "interval": step.min_interval.span, "level": level})))
            continue
        level, last = level + 1, day
        evaluated.append(TdDose(day, True, level, Message(gettext_noop("T%(level)s"), {"level": level})))

    current = steps.get(level)
    protected_until = None
    protection = _UNPROTECTED
    if current is not None and current.protection_years is not None and last is not None:
        protected_until = date_at_age(last, years=current.protection_years)
        protection = current.protection

    source = (Message(gettext_noop(" (termasuk imunisasi masa anak: %(doses)s)"), {"doses": Join(tuple(credited))})
              if credited else _NOTHING)
    if level >= 5:
        return TdStatus(5, "T5", last, protected_until, protection, None, None, State.GIVEN,
                        Message(gettext_noop("Status T5%(source)s: terlindungi %(protection)s; tidak perlu Td lagi."),
                                {"source": source, "protection": protection}),
                        tuple(evaluated), tuple(credited), edition.version)

    nxt = steps[level + 1]
    if last is not None and nxt.min_interval is not None:
        earliest = nxt.min_interval.after(last)
    else:
        earliest = on
    if earliest <= on:
        state = State.DUE
        status = Message(gettext_noop("Status T%(level)s%(source)s; waktunya Td untuk T%(next)s"),
                         {"level": level, "source": source, "next": level + 1})
    else:
        state = State.DUE_SOON if (earliest - on).days <= soon else State.NOT_YET
        status = Message(gettext_noop(
            "Status T%(level)s%(source)s; Td untuk T%(next)s paling cepat %(date)s (%(interval)s setelah T%(level)s)"),
            {"level": level, "source": source, "next": level + 1, "date": earliest,
             "interval": nxt.min_interval.span if nxt.min_interval else Duration()})
    lasting: Message | Join = _NOTHING
    if protected_until is not None:
        template = (gettext_noop("; perlindungan %(protection)s berakhir %(date)s") if protected_until <= on
                    else gettext_noop("; perlindungan %(protection)s sampai %(date)s"))
        lasting = Message(template, {"protection": protection, "date": protected_until})
    why = Message(gettext_noop("%(status)s%(protection)s. Target: T5."), {"status": status, "protection": lasting})
    return TdStatus(level, f"T{level}", last, protected_until, protection, f"T{level + 1}",
                    earliest, state, why, tuple(evaluated), tuple(credited), edition.version)
