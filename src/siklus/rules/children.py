"""Children beyond growth (ILP.md §4.6): vitamin A, PKAT, KPSP, school health screening.

Growth itself (z-scores, N/T) is in the anthropometry rules; this module says *when* a child is
due for the other child-health services. Ages are completed calendar months/years
(:func:`siklus.rules.lifecycle.age_on`), except the KPSP age, which rounds a remainder over 16
days up to a full month (ILP.md §0.1 C7). Facts ILP.md tags [M] are ``children.*`` settings.
Texts are :class:`siklus.rules.messages.Message`; ``.label``, ``.reason`` and ``.detail`` give
the Indonesian text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from siklus.rules import config
from siklus.rules.common import month_end
from siklus.rules.immunization import State, age_of, estimated_school_class, school_year_start
from siklus.rules.lifecycle import age_on, date_at_age
from siklus.rules.messages import Join, Message, MonthYear, Worded, gettext_noop, text
from siklus.rules.versioning import JUKNIS_ILP, JUKNIS_ILP_FROM, Edition, Versioned

VITAMIN_A_2015 = "vitamin-a-permenkes-21-2015"  # ILP.md §0.1 C4: blue capsule once, then red
KPSP_SDIDTK = "kpsp-sdidtk"  # Pedoman SDIDTK 2016: KPSP age rounds a remainder > 16 days up (§0.1 C7)

config.declare(
    "children.kpsp_ages_months",
    (3, 6, 9, 12, 15, 18, 21, 24, 30, 36, 42, 48, 54, 60, 66, 72),
    "Ages (KPSP months, see ILP.md §0.1 C7) at which KPSP development screening is due: every 3 "
    "months to 24 months, every 6 months to 72 months. A KPSP age stays due until the next KPSP age.",
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
class CheckStatus(Worded):
    """A child-health service on the evaluation date."""

    code: str
    title: Message
    state: State
    why: Message
    earliest: date | None = None  # first day of the window (current or next)
    by: date | None = None  # last day of the window
    done_on: date | None = None
    about: Message | None = None  # e.g. which capsule, which KPSP form
    rule_version: str = ""

    @property
    def detail(self) -> str:
        return text(self.about) if self.about is not None else ""


def _soon(soon_days: int | None) -> int:
    return int(config.get("immunization.due_soon_days") if soon_days is None else soon_days)


# --------------------------------------------------------------------------------------------
# Vitamin A (February and August)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Capsule:
    first_month_of_age: int
    last_month_of_age: int
    title: Message  # dose and colour
    once: bool  # given in one round only (the blue capsule), else every round


@dataclass(frozen=True)
class VitaminARule:
    months: tuple[int, ...]  # distribution months
    capsules: tuple[Capsule, ...]

    @property
    def first_month_of_age(self) -> int:
        return self.capsules[0].first_month_of_age

    @property
    def last_month_of_age(self) -> int:
        return self.capsules[-1].last_month_of_age


# ILP.md §4.6 [V:S1b]: bayi 6–11 bulan and balita 12–59 bulan in February and August. ILP.md §0.1
# C4 (Permenkes 21/2015 via Kemenkes [V3]): the blue capsule (100,000 IU, 6–11 months) is given
# once, in February or August; then the red one (200,000 IU) every February and August from 12
# to 59 months.
VITAMIN_A: Versioned[VitaminARule] = Versioned(
    Edition(VITAMIN_A_2015, date(2015, 1, 1), VitaminARule((2, 8), (
        Capsule(6, 11, Message(gettext_noop("%(iu)s IU (kapsul biru)"), {"iu": 100_000}), once=True),
        Capsule(12, 59, Message(gettext_noop("%(iu)s IU (kapsul merah)"), {"iu": 200_000}), once=False),
    ))),
)


def _capsule(rule: VitaminARule, months: int) -> Capsule | None:
    return next((c for c in rule.capsules if c.first_month_of_age <= months <= c.last_month_of_age), None)


def _round_window(birth: date, rule: VitaminARule, month_start: date) -> tuple[date, date] | None:
    """The days of a distribution month on which the child is 6–59 months old, if any."""
    first = max(month_start, date_at_age(birth, months=rule.first_month_of_age))
    last = min(month_end(month_start), date_at_age(birth, months=rule.last_month_of_age + 1) - timedelta(days=1))
    return (first, last) if first <= last else None


def _after_once_capsules(birth: date, rule: VitaminARule, window: tuple[date, date],
                         given: list[date]) -> tuple[date, date] | None:
    """A round window without the ages of a once-only capsule the child already had before it."""
    first, last = window
    for capsule in rule.capsules:
        if not capsule.once:
            continue
        start = date_at_age(birth, months=capsule.first_month_of_age)
        end = date_at_age(birth, months=capsule.last_month_of_age + 1)
        if any(start <= d < end and d < first for d in given):
            first = max(first, end)
    return (first, last) if first <= last else None


_VITAMIN_A_ROUND = gettext_noop("pembagian vitamin A %(month)s")


def vitamin_a_status(birth: date, on: date, given: Iterable[date] = (), *, soon_days: int | None = None) -> CheckStatus:
    """Vitamin A on ``on``: due in the current distribution month, or when the next round is."""
    edition = VITAMIN_A.at(on)
    rule = edition.value
    given = sorted(d for d in given if birth <= d <= on)
    soon = _soon(soon_days)
    common: dict[str, Any] = dict(code="vitamin-a", title=Message(gettext_noop("Kapsul vitamin A")), rule_version=edition.version)

    # The current month, then the following distribution months until the child is too old.
    month = date(on.year, on.month, 1)
    for _ in range(0, 12 * 6):
        if month.month in rule.months:
            window = _round_window(birth, rule, month)
            if window is not None:
                done = [d for d in given if window[0] <= d <= window[1]]
                if not done:
                    window = _after_once_capsules(birth, rule, window, given)
            if window is not None and window[1] >= on:
                first, last = window
                age_months = age_on(birth, max(first, on)).months
                capsule = _capsule(rule, age_months)
                about = capsule.title if capsule else None
                round_text = Message(_VITAMIN_A_ROUND, {"month": MonthYear(month.year, month.month)})
                if done:
                    return CheckStatus(state=State.GIVEN, why=Message(
                        gettext_noop("Sudah diberikan %(date)s (%(round)s)."), {"date": done[0], "round": round_text}),
                        earliest=first, by=last, done_on=done[0], about=about, **common)
                if first <= on:
                    return CheckStatus(state=State.DUE, why=Message(
                        gettext_noop("Waktunya: %(round)s, umur %(months)s bulan — %(capsule)s; sampai %(date)s."),
                        {"round": round_text, "months": age_months, "capsule": about, "date": last}),
                        earliest=first, by=last, about=about, **common)
                state = State.DUE_SOON if (first - on).days <= soon else State.NOT_YET
                never = (Join(()) if given or age_on(birth, on).months < 7
                         else Message(gettext_noop(" Belum tercatat pernah mendapat vitamin A.")))
                return CheckStatus(state=state, why=Message(
                    gettext_noop("%(prefix)s: %(round)s mulai %(date)s — %(capsule)s.%(never)s"),
                    {"prefix": state.prefix, "round": round_text, "date": first, "capsule": about, "never": never}),
                    earliest=first, by=last, about=about, **common)
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
        if month > date_at_age(birth, months=rule.last_month_of_age + 1):
            break
    return CheckStatus(state=State.CLOSED, why=Message(
        gettext_noop("Tidak lagi: vitamin A untuk umur %(first)s–%(last)s bulan."),
        {"first": rule.first_month_of_age, "last": rule.last_month_of_age}), **common)


# --------------------------------------------------------------------------------------------
# PKAT at 6 months
# --------------------------------------------------------------------------------------------

# ILP.md §4.6 [V:S1b]: Pemeriksaan Kesehatan Anak Terintegrasi at 6 – <7 months.
PKAT: Versioned[tuple[int, int]] = Versioned(Edition(JUKNIS_ILP, JUKNIS_ILP_FROM, (6, 7)))

PKAT_CONTENT = Message(gettext_noop("KPSP, ASI eksklusif, MP-ASI, kelengkapan imunisasi, vitamin A pertama"))


def pkat_status(birth: date, on: date, done: Iterable[date] = (), *, soon_days: int | None = None) -> CheckStatus:
    edition = PKAT.at(on)
    start_m, end_m = edition.value
    first = date_at_age(birth, months=start_m)
    last = date_at_age(birth, months=end_m) - timedelta(days=1)
    common: dict[str, Any] = dict(code="pkat", title=Message(gettext_noop("PKAT (Pemeriksaan Kesehatan Anak Terintegrasi)")),
                  earliest=first, by=last, about=PKAT_CONTENT, rule_version=edition.version)
    done_in = [d for d in sorted(done) if first <= d <= min(last, on)]
    if done_in:
        return CheckStatus(state=State.GIVEN, why=Message(gettext_noop("Sudah dilakukan %(date)s."),
                                                          {"date": done_in[0]}), done_on=done_in[0], **common)
    if on < first:
        state = State.DUE_SOON if (first - on).days <= _soon(soon_days) else State.NOT_YET
        return CheckStatus(state=state, why=Message(
            gettext_noop("%(prefix)s: umur %(months)s bulan, mulai %(date)s (%(content)s)."),
            {"prefix": state.prefix, "months": start_m, "date": first, "content": PKAT_CONTENT}), **common)
    if on <= last:
        return CheckStatus(state=State.DUE, why=Message(
            gettext_noop("Waktunya: umur %(months)s bulan, paling lambat %(date)s (%(content)s)."),
            {"months": start_m, "date": last, "content": PKAT_CONTENT}), **common)
    return CheckStatus(state=State.CLOSED, why=Message(
        gettext_noop("Terlewat: PKAT untuk umur %(first)s – <%(last)s bulan (sampai %(date)s)."),
        {"first": start_m, "last": end_m, "date": last}), **common)


# --------------------------------------------------------------------------------------------
# KPSP
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KpspAgeRule:
    round_up_after_days: int  # a remainder of more than this many days counts as a full month


# ILP.md §0.1 C7 (Pedoman SDIDTK 2016 [V3]): 2 months 22 days → 3 months; 2 months 16 days → 2 months.
KPSP_AGE: Versioned[KpspAgeRule] = Versioned(Edition(KPSP_SDIDTK, date(2016, 1, 1), KpspAgeRule(16)))


def kpsp_age_months(birth: date, on: date) -> int:
    """The age in months for choosing the KPSP form: completed months, plus one when the remaining
    days are more than 16 (ILP.md §0.1 C7)."""
    rule = KPSP_AGE.at(on).value
    age = age_of(birth, on)
    return age.months + (1 if age.days > rule.round_up_after_days else 0)


def _kpsp_age_starts(birth: date, months: int, rule: KpspAgeRule) -> date:
    """The first day on which the KPSP age is ``months``."""
    if months == 0:
        return birth
    return date_at_age(birth, months=months - 1, days=rule.round_up_after_days + 1)


def kpsp_status(birth: date, on: date, done: Iterable[date] = (), *, soon_days: int | None = None) -> CheckStatus:
    """KPSP due on ``on``: the screening age the child is in (KPSP age, ILP.md §0.1 C7), until the
    next screening age."""
    ages = tuple(sorted(config.get("children.kpsp_ages_months")))
    edition = KPSP_AGE.at(on)
    rule = edition.value
    done = sorted(d for d in done if birth <= d <= on)
    common: dict[str, Any] = dict(code="kpsp", title=Message(gettext_noop("Skrining perkembangan (KPSP)")),
                  rule_version=edition.version)
    for index, age in enumerate(ages):
        nxt = ages[index + 1] if index + 1 < len(ages) else age + 1
        first = _kpsp_age_starts(birth, age, rule)
        last = _kpsp_age_starts(birth, nxt, rule) - timedelta(days=1)
        if on > last:
            continue
        about = Message(gettext_noop("KPSP %(months)s bulan"), {"months": age})
        if on < first:
            state = State.DUE_SOON if (first - on).days <= _soon(soon_days) else State.NOT_YET
            return CheckStatus(state=state, why=Message(gettext_noop("%(prefix)s: %(form)s, mulai %(date)s."),
                                                        {"prefix": state.prefix, "form": about, "date": first}),
                               earliest=first, by=last, about=about, **common)
        done_in = [d for d in done if first <= d <= last]
        if done_in:
            return CheckStatus(state=State.GIVEN, why=Message(gettext_noop("%(form)s sudah dilakukan %(date)s."),
                                                              {"form": about, "date": done_in[0]}),
                               earliest=first, by=last, done_on=done_in[0], about=about, **common)
        return CheckStatus(state=State.DUE, why=Message(
            gettext_noop("Waktunya: %(form)s (umur %(age)s), sebelum %(date)s."),
            {"form": about, "age": age_of(birth, on), "date": last + timedelta(days=1)}),
            earliest=first, by=last, about=about, **common)
    return CheckStatus(state=State.CLOSED, why=Message(gettext_noop("KPSP dijadwalkan sampai umur %(months)s bulan."),
                                                       {"months": ages[-1]}), **common)


@dataclass(frozen=True)
class KpspResult:
    category: str  # "sesuai umur", "meragukan", "ada kemungkinan penyimpangan"
    advice: Message
    retest_on: date | None
    refer: bool
    rule_version: str

    @property
    def action(self) -> str:
        return text(self.advice)

    @property
    def title(self) -> Message:
        return Message(_KPSP_CATEGORIES[self.category])


_KPSP_CATEGORIES = {
    "sesuai umur": gettext_noop("sesuai umur"),
    "meragukan": gettext_noop("meragukan"),
    "ada kemungkinan penyimpangan": gettext_noop("ada kemungkinan penyimpangan"),
}


def kpsp_result(yes_count: int, on: date | None = None, *, questions: int = 10) -> KpspResult:
    """Interpretation of a KPSP form (ILP.md §4.6): 'ya' answers out of ``questions``."""
    if not 0 <= yes_count <= questions:
        raise ValueError(f"jumlah jawaban 'ya' harus 0–{questions}, bukan {yes_count}")
    if yes_count >= int(config.get("children.kpsp_sesuai_min_yes")):
        return KpspResult("sesuai umur", Message(gettext_noop("Beri pujian; lanjutkan stimulasi sesuai umur.")),
                          None, False, KPSP_SDIDTK)
    if yes_count >= int(config.get("children.kpsp_meragukan_min_yes")):
        days = int(config.get("children.kpsp_retest_days"))
        retest = on + timedelta(days=days) if on else None
        advice = (Message(gettext_noop("Stimulasi sesuai umur; ulangi KPSP pada %(date)s."), {"date": retest})
                  if retest else
                  Message(gettext_noop("Stimulasi sesuai umur; ulangi KPSP %(days)s hari lagi."), {"days": days}))
        return KpspResult("meragukan", advice, retest, False, KPSP_SDIDTK)
    return KpspResult("ada kemungkinan penyimpangan",
                      Message(gettext_noop("Rujuk ke Puskesmas/rumah sakit untuk pemeriksaan lanjut.")),
                      None, True, KPSP_SDIDTK)


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
    Edition(JUKNIS_ILP, JUKNIS_ILP_FROM, SchoolScreeningRule(
        penjaringan=(1, 7, 10),
        berkala=(2, 3, 4, 5, 6, 8, 9, 11, 12),
        sdq=(1, 7, 10),
        hb_remaja_putri=(7, 10),
        ttd_remaja_putri=(7, 8, 9, 10, 11, 12),
    )),
)

PENJARINGAN_CONTENT = Message(gettext_noop(
    "BB/TB, kebersihan diri, kebugaran (guru); tekanan darah, tajam penglihatan, pendengaran (tes bisik), gigi, "
    "telinga, nadi, napas (Puskesmas)"))
_SCHOOL_ITEMS = {
    "smoking": Message(gettext_noop("kuesioner merokok (+ tes CO)")),
    "sdq": Message(gettext_noop("SDQ (kesehatan jiwa)")),
    "hb": Message(gettext_noop("pemeriksaan Hb remaja putri")),
    "ttd": Message(gettext_noop("tablet tambah darah 1 tablet/minggu")),
    "imunisasi-bayi-bias": Message(gettext_noop("cek riwayat imunisasi bayi/baduta dan BIAS")),
    "imunisasi-bias": Message(gettext_noop("cek riwayat imunisasi BIAS")),
}
_SCHOOL_KINDS = {
    "penjaringan kesehatan": gettext_noop("Penjaringan kesehatan kelas %(class)s"),
    "pemeriksaan berkala": gettext_noop("Pemeriksaan berkala kelas %(class)s"),
}


@dataclass(frozen=True)
class SchoolScreening:
    school_class: int
    estimated: bool  # class estimated from age
    kind: str  # "penjaringan kesehatan" or "pemeriksaan berkala"
    checks: tuple[Message, ...]
    school_year: int  # the school year starting in July of this year
    rule_version: str

    @property
    def title(self) -> Message:
        return Message(_SCHOOL_KINDS[self.kind], {"class": self.school_class})

    @property
    def label(self) -> str:
        return text(self.title)

    @property
    def items(self) -> tuple[str, ...]:
        return tuple(text(m) for m in self.checks)


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
        items.append(_SCHOOL_ITEMS["smoking"])
    if cls in rule.sdq:
        items.append(_SCHOOL_ITEMS["sdq"])
    if sex == "P" and cls in rule.hb_remaja_putri:
        items.append(_SCHOOL_ITEMS["hb"])
    if sex == "P" and cls in rule.ttd_remaja_putri:
        items.append(_SCHOOL_ITEMS["ttd"])
    if cls == 1:
        items.append(_SCHOOL_ITEMS["imunisasi-bayi-bias"])
    elif cls in (2, 5) or (cls == 6 and sex == "P"):
        items.append(_SCHOOL_ITEMS["imunisasi-bias"])
    return SchoolScreening(cls, estimated, kind, tuple(items), year, edition.version)
