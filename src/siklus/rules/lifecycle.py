"""Age and life-cycle stage (ILP.md §2).

Ages are completed days, months and years from the birth date to the service date. The same
word means different age bands in different programmes (usia dewasa is 18–59 in the Klaster 3
juknis but 19–59 in the kader home-visit checklist; usia produktif is 15–59 in SPM), so each
programme's band is a separate row of a versioned table, and a person can be in several
stages at once (a 16-year-old girl is anak usia sekolah, remaja, usia produktif and WUS).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from siklus.rules.messages import gettext_noop
from siklus.rules.versioning import JUKNIS_ILP, JUKNIS_ILP_FROM, Edition, Versioned


@dataclass(frozen=True)
class Age:
    days: int  # completed days since birth (0 on the birth date)
    months: int  # completed calendar months
    years: int  # completed years


def _add_months(day: date, months: int) -> date:
    """The same day ``months`` later; a day missing in the target month becomes its last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def age_on(birth: date, on: date) -> Age:
    """Completed age on ``on``.

    A month is completed on the same day of a later month, or on that month's last day when it
    has no such day (born 31 January → 1 month old on 28/29 February). A child born on 29
    February completes a year on 28 February of a common year. This is the convention of
    ``dateutil.relativedelta`` and of civil age in Indonesia.
    """
    if on < birth:
        raise ValueError("the date is before the birth date")
    months = (on.year - birth.year) * 12 + (on.month - birth.month)
    if _add_months(birth, months) > on:
        months -= 1
    return Age(days=(on - birth).days, months=months, years=months // 12)


def date_at_age(birth: date, *, years: int = 0, months: int = 0, days: int = 0) -> date:
    """The date on which a person born on ``birth`` completes the given age."""
    return _add_months(birth, years * 12 + months) + timedelta(days=days)


@dataclass(frozen=True)
class StageBand:
    code: str
    label: str  # Indonesian, as programmes word it (a catalogue msgid)
    programme: str  # which programme's band this is
    unit: str  # "days", "months" or "years"
    lower: int  # inclusive, completed units
    upper: int | None  # inclusive, completed units; None = no upper bound
    sex: str | None = None  # "P" for women-only bands
    source: str = ""


@dataclass(frozen=True)
class Stage:
    code: str
    label: str
    programme: str
    rule_version: str


# ILP.md §2. The upper bound is inclusive in completed units: "0–11 bulan" includes a child of
# 11 months and 30 days; "10 – <18 tahun" is years 10..17.
STAGE_BANDS = Versioned(
    Edition(
        JUKNIS_ILP,
        JUKNIS_ILP_FROM,
        (
            StageBand("neonatus", gettext_noop("Bayi baru lahir (neonatus)"), "kia", "days", 0, 28, source="ILP.md §2 [M] Permenkes 25/2014"),
            StageBand("bayi", gettext_noop("Bayi"), "kia", "months", 0, 11, source="ILP.md §2 [M]; IDL window [V:S7]"),
            StageBand("baduta", gettext_noop("Baduta"), "kia", "months", 0, 23, source="ILP.md §2 [M]"),
            StageBand("balita", gettext_noop("Balita"), "kia", "months", 0, 59, source="ILP.md §2 [M]"),
            StageBand("apras", gettext_noop("Anak prasekolah"), "kia", "months", 60, 72, source="ILP.md §2 [M]"),
            StageBand("anak_sekolah", gettext_noop("Anak usia sekolah"), "klaster2", "years", 6, 18, source="ILP.md §2 [V:S1b]"),
            StageBand("remaja", gettext_noop("Remaja"), "klaster2", "years", 10, 17, source="ILP.md §2 [V:S1b]"),
            StageBand("usia_pendidikan_dasar", gettext_noop("Usia pendidikan dasar"), "spm", "years", 7, 15, source="ILP.md §2 [M]"),
            StageBand("usia_dewasa", gettext_noop("Usia dewasa"), "klaster3", "years", 18, 59, source="ILP.md §2 [V:S1b]"),
            StageBand("usia_dewasa_kader", gettext_noop("Usia dewasa (kunjungan rumah)"), "kader", "years", 19, 59, source="ILP.md §2 [V3:S6]"),
            StageBand("usia_produktif", gettext_noop("Usia produktif"), "spm", "years", 15, 59, source="ILP.md §2 [V3:S23]"),
            StageBand("pra_lansia", gettext_noop("Pra-lansia"), "lansia", "years", 45, 59, source="ILP.md §2 [M]"),
            StageBand("lansia", gettext_noop("Lansia"), "klaster3", "years", 60, None, source="ILP.md §2 [V:S1b]"),
            StageBand("wus", gettext_noop("Wanita usia subur (WUS)"), "kia", "years", 15, 49, sex="P", source="ILP.md §2 [M]"),
        ),
    )
)

# The life-cycle cluster a person is served in at the Puskesmas (ILP.md §1.3): Klaster 2 up to
# 17 years, Klaster 3 from 18 (usia dewasa 18–59 and lansia ≥60). Pregnancy puts anyone in Klaster 2.
ADULT_FROM_YEARS = 18


def stages(birth: date, on: date, sex: str | None = None, programme: str | None = None) -> tuple[Stage, ...]:
    """Every life-cycle stage the person is in on ``on`` (optionally of one programme)."""
    age = age_on(birth, on)
    edition = STAGE_BANDS.at(on)
    found = []
    for band in edition.value:
        if programme and band.programme != programme:
            continue
        if band.sex and band.sex != sex:
            continue
        value = {"days": age.days, "months": age.months, "years": age.years}[band.unit]
        if value >= band.lower and (band.upper is None or value <= band.upper):
            found.append(Stage(band.code, band.label, band.programme, edition.version))
    return tuple(found)


# The one stage shown on a person's page: the life-cycle group of the ILP service package
# (ILP.md §1.7), first match wins.
_MAIN_STAGE_ORDER = ("neonatus", "bayi", "balita", "apras", "anak_sekolah", "usia_dewasa", "lansia")


def main_stage(birth: date, on: date, sex: str | None = None) -> Stage:
    found = {s.code: s for s in stages(birth, on, sex)}
    for code in _MAIN_STAGE_ORDER:
        if code in found:
            return found[code]
    raise AssertionError("every age falls in a life-cycle stage")  # bands cover 0 days upwards


def cluster(birth: date, on: date, pregnant: bool = False) -> int:
    """The Puskesmas cluster of the life cycle: 2 (ibu dan anak) or 3 (usia dewasa dan lansia)."""
    if pregnant:
        return 2
    return 2 if age_on(birth, on).years < ADULT_FROM_YEARS else 3
