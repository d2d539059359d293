"""Children beyond growth (ILP.md §4.6): vitamin A, PKAT, KPSP, school health screening.

Growth itself (z-scores, N/T) is in the anthropometry rules; this module says *when* a child is
due for the other child-health services. Ages are completed calendar months/years
(:func:`siklus.rules.lifecycle.age_on`). Facts ILP.md tags [M] are ``children.*`` settings.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable

from siklus.rules import config
from siklus.rules.immunization import State, estimated_school_class, format_date, format_month, school_year_start
from siklus.rules.lifecycle import age_on, date_at_age
from siklus.rules.versioning import Edition, Versioned

config.declare(
    "children.vitamin_a_capsules",
    ((6, 11, "100.000 IU (kapsul biru)"), (12, 59, "200.000 IU (kapsul merah)")),
    "Vitamin A capsule by age band: (first month, last month, dose text). The age bands 6–11 and "
    "12–59 months are verified; the doses and capsule colours are not.",
    "ILP.md §4.6 [V:S1b] bands; doses [M]",
)
config.declare(
    "children.kpsp_ages_months",
    (3, 6, 9, 12, 15, 18, 21, 24, 30, 36, 42, 48, 54, 60, 66, 72),
    "Ages (completed months) at which KPSP development screening is due: every 3 months to 24 "
    "months, every 6 months to 72 months. A KPSP age stays due until the next KPSP age.",
    "ILP.md §4.6 [M]",
)
config.declare(
    "children.kpsp_sesuai_min_yes",
    9,
    "KPSP: at least this many 'ya' answers (of 10) = sesuai umur.",
    "ILP.md §4.6 [M] (9–10 sesuai)",
)
config.declare(
    "children.kpsp_meragukan_min_yes",
    7,
    "KPSP: at least this many 'ya' answers (and fewer than the 'sesuai' minimum) = meragukan; fewer "
    "= ada kemungkinan penyimpangan.",
    "ILP.md §4.6 [M] (7–8 meragukan, ≤6 penyimpangan)",
)
config.declare(
    "children.kpsp_retest_days",
    14,
    "KPSP 'meragukan': stimulate and re-test after this many days.",
    "ILP.md §4.6 [V:S2] ('re-test in 2 weeks')",
)


@dataclass(frozen=True)
class CheckStatus:
    """A child-health service on the evaluation date."""

    code: str
    label: str
    state: State
    reason: str  # Indonesian
    earliest: date | None = None  # first day of the window (current or next)
    by: date | None = None  # last day of the window
    done_on: date | None = None
    detail: str = ""  # e.g. which capsule, which KPSP form
    rule_version: str = ""


def _soon(soon_days: int | None) -> int:
    return int(config.get("immunization.due_soon_days") if soon_days is None else soon_days)


def _month_end(day: date) -> date:
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


# --------------------------------------------------------------------------------------------
# Vitamin A (February and August)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VitaminARule:
    months: tuple[int, ...]  # distribution months
    first_month_of_age: int
    last_month_of_age: int


# ILP.md §4.6 [V:S1b]: bayi 6–11 bulan and balita 12–59 bulan in February and August.
VITAMIN_A: Versioned[VitaminARule] = Versioned(
    Edition("juknis-ilp-2023", date(2023, 1, 1), VitaminARule((2, 8), 6, 59)),
)


def _capsule(months: int) -> str:
    for first, last, text in config.get("children.vitamin_a_capsules"):
        if first <= months <= last:
            return text
    return ""


def _round_window(birth: date, rule: VitaminARule, month_start: date) -> tuple[date, date] | None:
    """The days of a distribution month on which the child is 6–59 months old, if any."""
    first = max(month_start, date_at_age(birth, months=rule.first_month_of_age))
    last = min(_month_end(month_start), date_at_age(birth, months=rule.last_month_of_age + 1) - timedelta(days=1))
    return (first, last) if first <= last else None


def vitamin_a_status(birth: date, on: date, given: Iterable[date] = (), *, soon_days: int | None = None) -> CheckStatus:
    """Vitamin A on ``on``: due in the current distribution month, or when the next round is."""
    edition = VITAMIN_A.at(on)
    rule = edition.value
    given = sorted(d for d in given if birth <= d <= on)
    soon = _soon(soon_days)
    common = dict(code="vitamin-a", label="Kapsul vitamin A", rule_version=edition.version)

    # The current month, then the following distribution months until the child is too old.
    month = date(on.year, on.month, 1)
    for _ in range(0, 12 * 6):
        if month.month in rule.months:
            window = _round_window(birth, rule, month)
            if window is not None and window[1] >= on:
                first, last = window
                age_months = age_on(birth, max(first, on)).months
                detail = _capsule(age_months)
                round_text = f"pembagian vitamin A {format_month(month)}"
                done = [d for d in given if first <= d <= last]
                if done:
                    return CheckStatus(state=State.GIVEN,
                                       reason=f"Sudah diberikan {format_date(done[0])} ({round_text}).",
                                       earliest=first, by=last, done_on=done[0], detail=detail, **common)
                if first <= on:
                    return CheckStatus(state=State.DUE, reason=(
                        f"Waktunya: {round_text}, umur {age_months} bulan — {detail}; sampai {format_date(last)}."),
                        earliest=first, by=last, detail=detail, **common)
                state = State.DUE_SOON if (first - on).days <= soon else State.NOT_YET
                prefix = "Segera" if state is State.DUE_SOON else "Belum waktunya"
                never = "" if given or age_on(birth, on).months < 7 else " Belum tercatat pernah mendapat vitamin A."
                return CheckStatus(state=state,
                                   reason=f"{prefix}: {round_text} mulai {format_date(first)} — {detail}.{never}",
                                   earliest=first, by=last, detail=detail, **common)
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
        if month > date_at_age(birth, months=rule.last_month_of_age + 1):
            break
    return CheckStatus(state=State.CLOSED, reason="Tidak lagi: vitamin A untuk umur 6–59 bulan.", **common)


# --------------------------------------------------------------------------------------------
# PKAT at 6 months
# --------------------------------------------------------------------------------------------

# ILP.md §4.6 [V:S1b]: Pemeriksaan Kesehatan Anak Terintegrasi at 6 – <7 months.
PKAT: Versioned[tuple[int, int]] = Versioned(Edition("juknis-ilp-2023", date(2023, 1, 1), (6, 7)))

PKAT_CONTENT = "KPSP, ASI eksklusif, MP-ASI, kelengkapan imunisasi, vitamin A pertama"


def pkat_status(birth: date, on: date, done: Iterable[date] = (), *, soon_days: int | None = None) -> CheckStatus:
    edition = PKAT.at(on)
    start_m, end_m = edition.value
    first = date_at_age(birth, months=start_m)
    last = date_at_age(birth, months=end_m) - timedelta(days=1)
    common = dict(code="pkat", label="PKAT (Pemeriksaan Kesehatan Anak Terintegrasi)", earliest=first, by=last,
                  detail=PKAT_CONTENT, rule_version=edition.version)
    done_in = [d for d in sorted(done) if first <= d <= min(last, on)]
    if done_in:
        return CheckStatus(state=State.GIVEN, reason=f"Sudah dilakukan {format_date(done_in[0])}.",
                           done_on=done_in[0], **common)
    if on < first:
        state = State.DUE_SOON if (first - on).days <= _soon(soon_days) else State.NOT_YET
        prefix = "Segera" if state is State.DUE_SOON else "Belum waktunya"
        return CheckStatus(state=state, reason=f"{prefix}: umur 6 bulan, mulai {format_date(first)} ({PKAT_CONTENT}).",
                           **common)
    if on <= last:
        return CheckStatus(state=State.DUE, reason=(
            f"Waktunya: umur 6 bulan, paling lambat {format_date(last)} ({PKAT_CONTENT})."), **common)
    return CheckStatus(state=State.CLOSED,
                       reason=f"Terlewat: PKAT untuk umur 6 – <7 bulan (sampai {format_date(last)}).", **common)


# --------------------------------------------------------------------------------------------
# KPSP
# --------------------------------------------------------------------------------------------


def kpsp_status(birth: date, on: date, done: Iterable[date] = (), *, soon_days: int | None = None) -> CheckStatus:
    """KPSP due on ``on``: the screening age the child is in, until the next screening age."""
    ages = tuple(sorted(config.get("children.kpsp_ages_months")))
    months = age_on(birth, on).months
    done = sorted(d for d in done if birth <= d <= on)
    common = dict(code="kpsp", label="Skrining perkembangan (KPSP)", rule_version="kpsp-sdidtk")
    for index, age in enumerate(ages):
        nxt = ages[index + 1] if index + 1 < len(ages) else age + 1
        first = date_at_age(birth, months=age)
        last = date_at_age(birth, months=nxt) - timedelta(days=1)
        if on > last:
            continue
        detail = f"KPSP {age} bulan"
        if on < first:
            state = State.DUE_SOON if (first - on).days <= _soon(soon_days) else State.NOT_YET
            prefix = "Segera" if state is State.DUE_SOON else "Belum waktunya"
            return CheckStatus(state=state, reason=f"{prefix}: {detail}, mulai {format_date(first)}.",
                               earliest=first, by=last, detail=detail, **common)
        done_in = [d for d in done if first <= d <= last]
        if done_in:
            return CheckStatus(state=State.GIVEN, reason=f"{detail} sudah dilakukan {format_date(done_in[0])}.",
                               earliest=first, by=last, done_on=done_in[0], detail=detail, **common)
        until = format_date(last + timedelta(days=1))
        return CheckStatus(state=State.DUE, reason=f"Waktunya: {detail} (umur {months} bulan), sebelum {until}.",
                           earliest=first, by=last, detail=detail, **common)
    return CheckStatus(state=State.CLOSED, reason=f"KPSP dijadwalkan sampai umur {ages[-1]} bulan.", **common)


@dataclass(frozen=True)
class KpspResult:
    category: str  # "sesuai umur", "meragukan", "ada kemungkinan penyimpangan"
    action: str
    retest_on: date | None
    refer: bool
    rule_version: str


def kpsp_result(yes_count: int, on: date | None = None, *, questions: int = 10) -> KpspResult:
    """Interpretation of a KPSP form (ILP.md §4.6): 'ya' answers out of ``questions``."""
    if not 0 <= yes_count <= questions:
        raise ValueError(f"jumlah jawaban 'ya' harus 0–{questions}, bukan {yes_count}")
    if yes_count >= int(config.get("children.kpsp_sesuai_min_yes")):
        return KpspResult("sesuai umur", "Beri pujian; lanjutkan stimulasi sesuai umur.", None, False, "kpsp-sdidtk")
    if yes_count >= int(config.get("children.kpsp_meragukan_min_yes")):
        days = int(config.get("children.kpsp_retest_days"))
        retest = on + timedelta(days=days) if on else None
        when = f" pada {format_date(retest)}" if retest else f" {days} hari lagi"
        return KpspResult("meragukan", f"Stimulasi sesuai umur; ulangi KPSP{when}.", retest, False, "kpsp-sdidtk")
    return KpspResult("ada kemungkinan penyimpangan", "Rujuk ke Puskesmas/rumah sakit untuk pemeriksaan lanjut.",
                      None, True, "kpsp-sdidtk")


# --------------------------------------------------------------------------------------------
# School health screening (UKS/M)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SchoolScreeningRule:
    penjaringan: tuple[int, ...]  # classes screened on entry to a school level
    berkala: tuple[int, ...]  # classes with the yearly periodic check
    sdq: tuple[int, ...]
    hb_remaja_putri: tuple[int, ...]
    ttd_remaja_putri: tuple[int, ...]


# ILP.md §4.6 [V:S1b]: penjaringan kesehatan yearly for kelas 1, 7, 10; pemeriksaan berkala for
# kelas 2–6, 8–9, 11–12; SDQ kelas 1, 7, 10 (§4.3 mental health); Hb for remaja putri kelas 7 & 10
# and weekly TTD kelas 7–12 (§4.3 anaemia).
SCHOOL_SCREENING: Versioned[SchoolScreeningRule] = Versioned(
    Edition("juknis-ilp-2023", date(2023, 1, 1), SchoolScreeningRule(
        penjaringan=(1, 7, 10),
        berkala=(2, 3, 4, 5, 6, 8, 9, 11, 12),
        sdq=(1, 7, 10),
        hb_remaja_putri=(7, 10),
        ttd_remaja_putri=(7, 8, 9, 10, 11, 12),
    )),
)

PENJARINGAN_CONTENT = ("BB/TB, kebersihan diri, kebugaran (guru); tekanan darah, tajam penglihatan, "
                       "pendengaran (tes bisik), gigi, telinga, nadi, napas (Puskesmas)")


@dataclass(frozen=True)
class SchoolScreening:
    school_class: int
    estimated: bool  # class estimated from age
    kind: str  # "penjaringan kesehatan" or "pemeriksaan berkala"
    items: tuple[str, ...]
    school_year: int  # the school year starting in July of this year
    rule_version: str

    @property
    def label(self) -> str:
        return f"{self.kind.capitalize()} kelas {self.school_class}"


def school_screening(birth: date, sex: str, on: date, school_class: int | None = None) -> SchoolScreening | None:
    """The yearly school health check for the child's class in the school year containing ``on``.

    ``school_class`` is the recorded class (1–12); when unknown it is estimated from age
    (``immunization.school_class_age_offset``). None outside kelas 1–12.
    """
    edition = SCHOOL_SCREENING.at(on)
    rule = edition.value
    year = school_year_start(on)
    estimated = school_class is None
    cls = estimated_school_class(birth, year) if estimated else school_class
    if cls is None or not 1 <= cls <= 12:
        return None
    kind = "penjaringan kesehatan" if cls in rule.penjaringan else "pemeriksaan berkala"
    items = [PENJARINGAN_CONTENT]
    age = age_on(birth, on).years
    if 10 <= age <= 18:
        items.append("kuesioner merokok (+ tes CO)")
    if cls in rule.sdq:
        items.append("SDQ (kesehatan jiwa)")
    if sex == "P" and cls in rule.hb_remaja_putri:
        items.append("pemeriksaan Hb remaja putri")
    if sex == "P" and cls in rule.ttd_remaja_putri:
        items.append("tablet tambah darah 1 tablet/minggu")
    if cls == 1:
        items.append("cek riwayat imunisasi bayi/baduta dan BIAS")
    elif cls in (2, 5) or (cls == 6 and sex == "P"):
        items.append("cek riwayat imunisasi BIAS")
    return SchoolScreening(cls, estimated, kind, tuple(items), year, edition.version)
