"""Pregnancy, childbirth, postpartum and newborn rules (ILP.md §4.5, §7.3).

Public API (all pure; dates are :class:`datetime.date`, birth moments :class:`datetime.datetime`):

Dating
    ``hpl(hpht)``                                  HPL (due date) from HPHT (Naegele by default)
    ``hpht_from_usg(usg_date, weeks, days=0)``     HPHT-equivalent of a USG dating
    ``hpl_from_usg(usg_date, weeks, days=0)``      HPL from a USG dating (280 days)
    ``gestational_age(hpht, on)``                  -> :class:`GestationalAge` (weeks+days, trimester)
    ``trimester(hpht, on)``                        -> 1, 2 or 3
    ``trimester_windows(hpht)``                    -> the three ANC trimester date windows
ANC (K1–K6, 1-2-3 with doctor + USG at K1 and K5)
    ``anc_status(hpht, contacts, on, pattern=None)``  -> :class:`AncStatus` (counts, complete, next due, missed)
    ``next_anc_contact(hpht, contacts, on)``       -> :class:`AncContactDue` or None
    ``anc_contacts_due(hpht, contacts, on)``       -> every outstanding contact still possible
    ``k1_status(hpht, contacts)``                  -> :class:`K1Status` (K1 akses / K1 murni)
    ``ANC_PATTERNS``                               versioned 4× (1-1-2) and 6× (1-2-3) patterns
Nutrition and risk (each a :class:`Classification` with follow-up and rule version)
    ``classify_lila(lila_cm)``                     KEK (LiLA < 23.5 cm)
    ``classify_tm1_imt(weight_kg, height_cm, hpht, on)``  kekurangan BB (IMT < 18.5 in TM1)
    ``classify_anaemia(hb_g_dl)``                  anaemia in pregnancy (Hb < 11 g/dL, [M] setting)
    ``four_t(hpht, mother_birth=None, children=None, last_birth=None)``  the 4T risk factors
    ``classify_hypertension(sbp, dbp, hpht=None, on=None, proteinuria=None)``  HT in pregnancy
Postpartum (KF) and neonatal (KN) visits
    ``kf_windows(birth)`` / ``kn_windows(birth)``  -> :class:`VisitWindow` per visit
    ``kf_covered(birth, visits)`` / ``kn_covered(birth, visits)``  -> codes of the windows met
    ``kf_lengkap(birth, visits)`` / ``kn_lengkap(birth, visits)``
    ``next_kf(birth, visits, on)`` / ``next_kn(birth, visits, on)``  -> next window still open
Birth
    ``classify_birth_weight(grams)``               BBLASR/BBLSR/BBLR/BBLC/BBLB
    ``classify_gestational_age_at_birth(weeks, days=0)``  kurang/cukup/lebih bulan

Settings (``siklus rules-settings`` lists them): ``pregnancy.hpl_method``,
``pregnancy.trimester_rule``, ``pregnancy.anaemia_hb_below_g_dl``, ``pregnancy.four_t_*``,
``pregnancy.hypertension_*``, ``pregnancy.kf_kn_day_numbering``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from siklus.rules import config
from siklus.rules.lifecycle import age_on, date_at_age
from siklus.rules.messages import Message, gettext_noop
from siklus.rules.screening.metabolic import imt
from siklus.rules.screening.result import (
    ASSESSMENT,
    REFER_FKTL,
    REFER_PUSKESMAS,
    ROUTINE,
    Classification,
    FollowUp,
)
from siklus.rules.versioning import JUKNIS_ILP, JUKNIS_ILP_FROM, Edition, Versioned

# --------------------------------------------------------------------------------------------
# Settings ([M] facts and readings of ambiguous wording)
# --------------------------------------------------------------------------------------------

config.declare(
    "pregnancy.hpl_method",
    "naegele",
    "How HPL is computed from HPHT: 'naegele' (HPHT + 7 days, − 3 months, + 1 year, as taught "
    "with Buku KIA) or '280_days' (HPHT + 280 days).",
    "Not in ILP.md [M]; Naegele's rule is the common Indonesian practice",
)
config.declare(
    "pregnancy.trimester_rule",
    "completed_weeks",
    "How the ANC trimesters 'TM1 0–12 weeks, TM2 >12–24 weeks, TM3 >24 weeks' are read: "
    "'completed_weeks' (12 weeks 6 days is still TM1) or 'exact_days' (TM1 ends at 84 days).",
    "ILP.md §4.5 [V:S1b] wording; the reading is ambiguous [M]",
)
config.declare(
    "pregnancy.anaemia_hb_below_g_dl",
    11.0,
    "Anaemia in pregnancy when Hb is below this value (g/dL).",
    "ILP.md §4.5 [M]",
)
config.declare(
    "pregnancy.four_t_too_young_below_years",
    20,
    "4T 'terlalu muda': mother's completed age at HPHT below this.",
    "ILP.md §7.4 4T [M]; 'ideal hamil' 20–35 y ILP.md §2 [V:S1b]",
)
config.declare(
    "pregnancy.four_t_too_old_above_years",
    35,
    "4T 'terlalu tua': mother's completed age at HPHT above this.",
    "ILP.md §7.4 4T [M]; 'ideal hamil' 20–35 y ILP.md §2 [V:S1b]",
)
config.declare(
    "pregnancy.four_t_too_close_below_months",
    24,
    "4T 'terlalu dekat': completed months from the previous birth to this HPHT below this.",
    "ILP.md §7.4 4T [M] (jarak < 2 tahun)",
)
config.declare(
    "pregnancy.four_t_too_many_from_children",
    4,
    "4T 'terlalu banyak': number of children already born at or above this (anak > 3).",
    "ILP.md §7.4 4T [M]",
)
config.declare(
    "pregnancy.hypertension_sbp",
    140,
    "Hypertension in pregnancy when systolic ≥ this (mmHg) or diastolic ≥ pregnancy.hypertension_dbp.",
    "Not tabulated in ILP.md §4.5 [M]; the usual 140/90",
)
config.declare(
    "pregnancy.hypertension_dbp",
    90,
    "Hypertension in pregnancy when diastolic ≥ this (mmHg).",
    "Not tabulated in ILP.md §4.5 [M]; the usual 140/90",
)
config.declare(
    "pregnancy.severe_hypertension_sbp",
    160,
    "Severe hypertension in pregnancy (refer to FKTL) when systolic ≥ this (mmHg).",
    "Not in ILP.md [M]; the usual 160/110",
)
config.declare(
    "pregnancy.severe_hypertension_dbp",
    110,
    "Severe hypertension in pregnancy (refer to FKTL) when diastolic ≥ this (mmHg).",
    "Not in ILP.md [M]; the usual 160/110",
)
config.declare(
    "pregnancy.gestational_hypertension_from_weeks",
    20,
    "Hypertension found from this gestational age (completed weeks) is gestational; before it, chronic.",
    "Not in ILP.md [M]",
)
config.declare(
    "pregnancy.kf_kn_day_numbering",
    "ordinal",
    "How 'hari ke-n' in the KF/KN windows is counted from the birth moment: 'ordinal' (day 1 = "
    "the first 24 hours, so KF1 '6 hours – 2 days' ends at 48 h and KF2 'day 3–7' is 48 h–168 h; "
    "matches 'KN1 6–48 h') or 'completed' (day n starts n×24 h after birth, KF2 = 72 h–192 h).",
    "ILP.md §4.5 [V:S1b] windows; the day count is not stated [M]",
)


def _setting(name: str):
    return config.get(name)


# --------------------------------------------------------------------------------------------
# Dating: HPHT, HPL, gestational age, trimester
# --------------------------------------------------------------------------------------------

_PREGNANCY_DAYS = 280  # 40 weeks from HPHT


def _add_months(day: date, months: int) -> date:
    return date_at_age(day, months=months)


def hpl(hpht: date) -> date:
    """*Hari perkiraan lahir* from the first day of the last menstrual period (HPHT).

    Naegele (default): HPHT + 7 days, then − 3 months + 1 year (= + 9 months; a day missing in
    the target month becomes its last day). Setting ``pregnancy.hpl_method``.
    """
    method = _setting("pregnancy.hpl_method")
    if method == "naegele":
        return _add_months(hpht + timedelta(days=7), 9)
    if method == "280_days":
        return hpht + timedelta(days=_PREGNANCY_DAYS)
    raise ValueError(f"unknown pregnancy.hpl_method {method!r}")


def hpht_from_usg(usg_date: date, weeks: int, days: int = 0) -> date:
    """The HPHT-equivalent date of a USG dating ("on ``usg_date`` the pregnancy was W weeks D days").

    Every rule below takes an HPHT; pass this value when the pregnancy is dated by USG.
    """
    if weeks < 0 or not 0 <= days <= 6:
        raise ValueError("usia kehamilan USG tidak valid (minggu ≥ 0, hari 0–6)")
    return usg_date - timedelta(weeks=weeks, days=days)


def hpl_from_usg(usg_date: date, weeks: int, days: int = 0) -> date:
    """HPL from a USG dating: the day the pregnancy reaches 40 weeks 0 days."""
    return hpht_from_usg(usg_date, weeks, days) + timedelta(days=_PREGNANCY_DAYS)


@dataclass(frozen=True)
class TrimesterBounds:
    tm1_until_weeks: int  # TM1 "0–12 weeks"
    tm2_until_weeks: int  # TM2 ">12–24 weeks"; TM3 ">24 weeks to birth"


TRIMESTERS = Versioned(Edition(JUKNIS_ILP, JUKNIS_ILP_FROM, TrimesterBounds(12, 24)))  # ILP.md §4.5 [V:S1b]


@dataclass(frozen=True)
class GestationalAge:
    total_days: int  # completed days since HPHT
    weeks: int  # completed weeks
    days: int  # days beyond the completed weeks (0–6)
    trimester: int  # 1, 2 or 3 (ANC trimesters of ILP.md §4.5)
    rule_version: str

    @property
    def title(self) -> Message:
        return Message(gettext_noop("%(weeks)s minggu %(days)s hari"), {"weeks": self.weeks, "days": self.days})

    @property
    def label(self) -> str:
        return str(self.title)


def _last_day_of_trimester(n: int, bounds: TrimesterBounds) -> int:
    """The last gestational day (days since HPHT) of trimester 1 or 2 (TM3 lasts until birth)."""
    until_weeks = {1: bounds.tm1_until_weeks, 2: bounds.tm2_until_weeks}[n]
    rule = _setting("pregnancy.trimester_rule")
    if rule == "completed_weeks":
        return until_weeks * 7 + 6  # 12 weeks 6 days is still "12 weeks"
    if rule == "exact_days":
        return until_weeks * 7  # "> 12 weeks" starts at 12 weeks 1 day
    raise ValueError(f"unknown pregnancy.trimester_rule {rule!r}")


def _trimester_of_day(total_days: int, bounds: TrimesterBounds) -> int:
    for n in (1, 2):
        if total_days <= _last_day_of_trimester(n, bounds):
            return n
    return 3


def gestational_age(hpht: date, on: date) -> GestationalAge:
    """Gestational age on ``on`` counted from HPHT (or from :func:`hpht_from_usg`)."""
    total = (on - hpht).days
    if total < 0:
        raise ValueError("tanggal sebelum HPHT")
    edition = TRIMESTERS.at(on)
    return GestationalAge(total, total // 7, total % 7, _trimester_of_day(total, edition.value), edition.version)


def trimester(hpht: date, on: date) -> int:
    return gestational_age(hpht, on).trimester


@dataclass(frozen=True)
class TrimesterWindow:
    trimester: int
    start: date  # inclusive
    end: date | None  # inclusive; None = until delivery


def trimester_windows(hpht: date) -> tuple[TrimesterWindow, TrimesterWindow, TrimesterWindow]:
    bounds = TRIMESTERS.at(hpht).value
    last1 = _last_day_of_trimester(1, bounds)
    last2 = _last_day_of_trimester(2, bounds)
    return (
        TrimesterWindow(1, hpht, hpht + timedelta(days=last1)),
        TrimesterWindow(2, hpht + timedelta(days=last1 + 1), hpht + timedelta(days=last2)),
        TrimesterWindow(3, hpht + timedelta(days=last2 + 1), None),
    )


# --------------------------------------------------------------------------------------------
# ANC: K1–K6
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AncContact:
    on: date
    by_doctor: bool = False
    usg: bool = False


@dataclass(frozen=True)
class AncPattern:
    name: str  # the indicator it completes: "K4" (legacy) or "K6"
    per_trimester: tuple[int, int, int]  # minimum contacts in TM1, TM2, TM3
    doctor_per_trimester: tuple[int, int, int]  # minimum doctor contacts in TM1, TM2, TM3
    doctor_requires_usg: bool  # a doctor contact counts only when it includes USG
    slot_labels: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]
    doctor_slots: frozenset[str]


# Legacy 4× (1-1-2) without doctor contacts: the standard of SPM Permenkes 4/2019 (ILP.md §6.2 row 1,
# [M]; S23b quotes "paling sedikit 4 kali … 1/1/2"). The start date of the 6× pattern is [M]:
# Permenkes 21/2021 is the commonly cited basis (ILP.md, key documents table); the rule itself is
# verified in the ILP juknis (ILP.md §4.5 [V:S1b]).
ANC_4X = "anc-4x-1-1-2"
ANC_6X = "anc-6x-1-2-3"
ANC_PATTERNS = Versioned(
    Edition(
        ANC_4X,
        date(2010, 1, 1),
        AncPattern("K4", (1, 1, 2), (0, 0, 0), False, (("K1",), ("K2",), ("K3", "K4")), frozenset()),
    ),
    Edition(
        ANC_6X,
        date(2021, 1, 1),
        AncPattern(
            "K6", (1, 2, 3), (1, 0, 1), True, (("K1",), ("K2", "K3"), ("K4", "K5", "K6")), frozenset({"K1", "K5"})
        ),
    ),
)


@dataclass(frozen=True)
class K1Status:
    code: str  # "k1_murni" (first contact in TM1), "k1_akses" (first contact later), "belum_k1"
    label: str
    akses: bool  # any first contact: K1 akses (K1 murni is counted in K1 akses too)
    murni: bool  # the first contact was in TM1
    first_contact: date | None
    rule_version: str

    @property
    def title(self) -> Message:
        return Message(self.label)


@dataclass(frozen=True)
class AncContactDue:
    code: str  # pattern slot: "K1" … "K6"
    label: str  # Indonesian, e.g. "K5 (dokter, dengan USG)"
    contact_number: int  # sequential: the n-th ANC contact of this pregnancy
    trimester: int
    window_start: date
    window_end: date | None  # None: until delivery
    by_doctor: bool  # must be a doctor contact
    usg: bool  # must include USG
    rule_version: str

    @property
    def title(self) -> Message:
        if self.by_doctor and self.usg:
            return Message(gettext_noop("%(contact)s (dokter, dengan USG)"), {"contact": self.code})
        if self.by_doctor:
            return Message(gettext_noop("%(contact)s (dokter)"), {"contact": self.code})
        return Message(self.code)


@dataclass(frozen=True)
class AncStatus:
    pattern: str  # "K6" or "K4"
    rule_version: str
    counts: tuple[int, int, int]  # contacts per trimester (on or before ``on``)
    doctor_counts: tuple[int, int, int]  # doctor contacts that count (with USG where required)
    complete: bool  # the whole pattern is met
    completed_on: date | None  # the contact that completed the pattern
    k1: K1Status
    gestational_age: GestationalAge
    due: tuple[AncContactDue, ...]  # outstanding contacts still possible, in order
    missed: tuple[str, ...]  # slots whose trimester ended unmet, e.g. ("K1",)

    @property
    def next_due(self) -> AncContactDue | None:
        return self.due[0] if self.due else None


def _doctor_counts(contact: AncContact, pattern: AncPattern) -> bool:
    return contact.by_doctor and (contact.usg or not pattern.doctor_requires_usg)


def _tally(hpht: date, contacts: Sequence[AncContact], pattern: AncPattern):
    counts = [0, 0, 0]
    doctors = [0, 0, 0]
    last: list[date | None] = [None, None, None]
    for contact in contacts:
        tm = trimester(hpht, contact.on)
        counts[tm - 1] += 1
        if _doctor_counts(contact, pattern):
            doctors[tm - 1] += 1
        previous = last[tm - 1]
        last[tm - 1] = contact.on if previous is None else max(previous, contact.on)
    return counts, doctors, last


def _met(counts, doctors, pattern: AncPattern) -> bool:
    return all(
        counts[i] >= pattern.per_trimester[i] and doctors[i] >= pattern.doctor_per_trimester[i] for i in range(3)
    )


def _outstanding(tm_index: int, count: int, doctor_count: int, pattern: AncPattern) -> list[tuple[str, bool]]:
    """Outstanding slots of one trimester as (label, needs_doctor)."""
    labels = pattern.slot_labels[tm_index]
    needed = pattern.per_trimester[tm_index]
    open_labels = list(labels[min(count, needed) :])
    slots: list[tuple[str, bool]] = [(label, False) for label in open_labels]
    doctor_needed = max(0, pattern.doctor_per_trimester[tm_index] - doctor_count)
    for k, (label, _) in enumerate(slots):
        if doctor_needed and label in pattern.doctor_slots:
            slots[k] = (label, True)
            doctor_needed -= 1
    doctor_labels = [label for label in labels if label in pattern.doctor_slots]
    while doctor_needed:
        # The doctor slot was taken by a contact of another provider: the doctor contact is still owed.
        label = doctor_labels[0] if doctor_labels else labels[-1]
        if slots:
            slots[0] = (label, True)
        else:
            slots.append((label, True))
        doctor_needed -= 1
    return slots


def _slot_label(code: str, by_doctor: bool, usg: bool) -> str:
    if by_doctor and usg:
        return f"{code} (dokter, dengan USG)"
    if by_doctor:
        return f"{code} (dokter)"
    return code


def k1_status(hpht: date, contacts: Iterable[AncContact]) -> K1Status:
    """K1 akses (first contact at any gestational age) and K1 murni (first contact in TM1), ILP.md §7.3."""
    dates = sorted(c.on for c in contacts)
    version = TRIMESTERS.at(dates[0] if dates else hpht).version
    if not dates:
        return K1Status("belum_k1", gettext_noop("Belum K1"), False, False, None, version)
    first = dates[0]
    if trimester(hpht, first) == 1:
        return K1Status("k1_murni", gettext_noop("K1 murni"), True, True, first, version)
    return K1Status("k1_akses", gettext_noop("K1 akses"), True, False, first, version)


def anc_status(
    hpht: date,
    contacts: Iterable[AncContact],
    on: date,
    pattern: str | None = None,
) -> AncStatus:
    """Where a pregnancy stands against the ANC pattern on ``on``.

    ``pattern`` picks an edition of :data:`ANC_PATTERNS` by version id; by default the edition in
    force on the HPHT. Contacts after ``on`` are ignored (the status *as of* ``on``); a contact
    before the HPHT is an error. Each trimester must have its own contacts: extra contacts in TM1
    do not replace missing ones in TM2. A doctor contact counts toward the doctor minimum only with
    USG when the pattern requires it (ILP.md §4.5: K1 and K5 by a doctor, each with USG).
    """
    edition = ANC_PATTERNS.version(pattern) if pattern else ANC_PATTERNS.at(hpht)
    pat: AncPattern = edition.value
    ordered = sorted((c for c in contacts if c.on <= on), key=lambda c: c.on)
    for c in ordered:
        if c.on < hpht:
            raise ValueError("tanggal kunjungan ANC sebelum HPHT")
    counts, doctors, last = _tally(hpht, ordered, pat)

    completed_on = None
    for i in range(1, len(ordered) + 1):
        c_i, d_i, _ = _tally(hpht, ordered[:i], pat)
        if _met(c_i, d_i, pat):
            completed_on = ordered[i - 1].on
            break

    ga = gestational_age(hpht, on)
    windows = trimester_windows(hpht)
    due: list[AncContactDue] = []
    missed: list[str] = []
    number = len(ordered)
    for index, window in enumerate(windows):
        slots = _outstanding(index, counts[index], doctors[index], pat)
        if window.end is not None and window.end < on:
            missed.extend(label for label, _ in slots)
            continue
        start = window.start
        if last[index] is not None:
            start = max(start, last[index] + timedelta(days=1))
        for label, needs_doctor in slots:
            number += 1
            usg = needs_doctor and pat.doctor_requires_usg
            due.append(
                AncContactDue(
                    label,
                    _slot_label(label, needs_doctor, usg),
                    number,
                    index + 1,
                    start,
                    window.end,
                    needs_doctor,
                    usg,
                    edition.version,
                )
            )
    return AncStatus(
        pat.name,
        edition.version,
        tuple(counts),
        tuple(doctors),
        _met(counts, doctors, pat),
        completed_on,
        k1_status(hpht, ordered),
        ga,
        tuple(due),
        tuple(missed),
    )


def next_anc_contact(
    hpht: date, contacts: Iterable[AncContact], on: date, pattern: str | None = None
) -> AncContactDue | None:
    """The next ANC contact due (its slot, window and whether it must be a doctor contact with USG)."""
    return anc_status(hpht, contacts, on, pattern).next_due


def anc_contacts_due(
    hpht: date, contacts: Iterable[AncContact], on: date, pattern: str | None = None
) -> tuple[AncContactDue, ...]:
    """Every outstanding ANC contact that can still be made (trimesters not yet over)."""
    return anc_status(hpht, contacts, on, pattern).due


# --------------------------------------------------------------------------------------------
# Nutrition, anaemia, 4T, hypertension
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NutritionCutoffs:
    kek_lila_below_cm: float  # LiLA < 23.5 cm = KEK
    tm1_imt_below: float  # IMT in TM1 < 18.5 = kekurangan berat badan
    supplement_kcal_per_day: int
    supplement_min_days: int


NUTRITION = Versioned(Edition(JUKNIS_ILP, JUKNIS_ILP_FROM, NutritionCutoffs(23.5, 18.5, 500, 90)))  # §4.5 [V:S1b]


def _nutrition_follow_up(c: NutritionCutoffs) -> FollowUp:
    return FollowUp(
        REFER_PUSKESMAS,
        "Ditangani dokter (penegakan diagnosis, pengkajian etiologi, rujukan bila perlu); "
        f"tambahan asupan gizi {c.supplement_kcal_per_day} kkal/hari berupa makanan tambahan "
        f"selama minimal {c.supplement_min_days} hari",
    )


def classify_lila(lila_cm: float, on: date | None = None) -> Classification:
    """KEK (*Kurang Energi Kronis*): LiLA < 23.5 cm; exactly 23.5 cm is not KEK (ILP.md §4.5)."""
    if not 5 <= lila_cm <= 60:
        raise ValueError("LiLA di luar rentang wajar (5–60 cm)")
    edition = NUTRITION.at(on)
    c = edition.value
    if lila_cm < c.kek_lila_below_cm:
        return Classification("kek", "Kurang Energi Kronis (KEK)", _nutrition_follow_up(c), edition.version)
    return Classification(
        "tidak_kek", "Tidak KEK", FollowUp(ROUTINE, "Lanjutkan pemeriksaan kehamilan rutin"), edition.version
    )


def classify_tm1_imt(weight_kg: float, height_cm: float, hpht: date, on: date) -> Classification:
    """*Kekurangan berat badan*: IMT < 18.5 measured in TM1 (ILP.md §4.5). Outside TM1 the IMT
    says nothing about this rule: a ValueError tells the caller to use LiLA instead."""
    ga = gestational_age(hpht, on)
    if ga.trimester != 1:
        raise ValueError("IMT ibu hamil dinilai pada trimester I; gunakan LiLA di luar trimester I")
    edition = NUTRITION.at(on)
    c = edition.value
    if imt(weight_kg, height_cm) < c.tm1_imt_below:
        return Classification(
            "kekurangan_bb", "Kekurangan berat badan (IMT trimester I < 18,5)", _nutrition_follow_up(c), edition.version
        )
    return Classification(
        "imt_tm1_cukup",
        "IMT trimester I ≥ 18,5",
        FollowUp(ROUTINE, "Lanjutkan pemeriksaan kehamilan rutin"),
        edition.version,
    )


def _settings_version(*names: str) -> str:
    """Rule version of a result driven by [M] settings: the settings and their values in force."""
    return "setting:" + ",".join(f"{n}={config.get(n)}" for n in names)


def classify_anaemia(hb_g_dl: float) -> Classification:
    """Anaemia in pregnancy: Hb below ``pregnancy.anaemia_hb_below_g_dl`` (11 g/dL, ILP.md §4.5 [M])."""
    if not 1 <= hb_g_dl <= 25:
        raise ValueError("kadar Hb di luar rentang wajar (1–25 g/dL)")
    cutoff = _setting("pregnancy.anaemia_hb_below_g_dl")
    version = _settings_version("pregnancy.anaemia_hb_below_g_dl")
    if hb_g_dl < cutoff:
        return Classification(
            "anemia",
            "Anemia pada ibu hamil",
            FollowUp(REFER_PUSKESMAS, "Tata laksana anemia oleh dokter; tablet tambah darah sesuai dosis pengobatan"),
            version,
        )
    return Classification(
        "tidak_anemia", "Tidak anemia", FollowUp(ROUTINE, "Lanjutkan tablet tambah darah (minimal 90 tablet)"), version
    )


@dataclass(frozen=True, kw_only=True)
class FourT(Classification):
    factors: tuple[str, ...]  # subset of terlalu_muda, terlalu_tua, terlalu_dekat, terlalu_banyak


_FOUR_T_LABELS = {
    "terlalu_muda": "terlalu muda",
    "terlalu_tua": "terlalu tua",
    "terlalu_dekat": "terlalu dekat jarak kehamilan",
    "terlalu_banyak": "terlalu banyak anak",
}


def four_t(
    hpht: date,
    *,
    mother_birth: date | None = None,
    children: int | None = None,
    last_birth: date | None = None,
) -> FourT:
    """The *4T* risk factors of a pregnancy (ILP.md §7.4, thresholds [M] settings).

    Ages and the birth interval are taken at the HPHT (the start of this pregnancy), in completed
    years/months: 'terlalu muda' age < 20, 'terlalu tua' age > 35 (35 years 11 months is not),
    'terlalu dekat' < 24 months since the previous birth, 'terlalu banyak' ≥ 4 children born.
    Unknown inputs (None) raise no factor.
    """
    factors = []
    if mother_birth is not None:
        years = age_on(mother_birth, hpht).years
        if years < _setting("pregnancy.four_t_too_young_below_years"):
            factors.append("terlalu_muda")
        if years > _setting("pregnancy.four_t_too_old_above_years"):
            factors.append("terlalu_tua")
    if last_birth is not None:
        if last_birth > hpht:
            raise ValueError("tanggal persalinan sebelumnya sesudah HPHT")
        if age_on(last_birth, hpht).months < _setting("pregnancy.four_t_too_close_below_months"):
            factors.append("terlalu_dekat")
    if children is not None:
        if children < 0:
            raise ValueError("jumlah anak tidak boleh negatif")
        if children >= _setting("pregnancy.four_t_too_many_from_children"):
            factors.append("terlalu_banyak")
    version = _settings_version(
        "pregnancy.four_t_too_young_below_years",
        "pregnancy.four_t_too_old_above_years",
        "pregnancy.four_t_too_close_below_months",
        "pregnancy.four_t_too_many_from_children",
    )
    if factors:
        label = "Risiko 4T: " + ", ".join(_FOUR_T_LABELS[f] for f in factors)
        follow = FollowUp(
            ASSESSMENT, "Kehamilan berisiko: pemeriksaan dan pemantauan oleh dokter; konseling KB pasca persalinan"
        )
        return FourT("risiko_4t", label, follow, version, tuple(factors), factors=tuple(factors))
    return FourT(
        "tanpa_4t",
        "Tidak ada faktor risiko 4T",
        FollowUp(ROUTINE, "Lanjutkan pemeriksaan kehamilan rutin"),
        version,
        factors=(),
    )


def classify_hypertension(
    sbp: float,
    dbp: float,
    hpht: date | None = None,
    on: date | None = None,
    proteinuria: bool | None = None,
) -> Classification:
    """Hypertension in pregnancy ([M] settings; ILP.md §4.5 lists it without thresholds).

    ≥140 systolic **or** ≥90 diastolic is hypertension; before 20 weeks it is *hipertensi kronik*,
    from 20 weeks *hipertensi gestasional*, or *curiga preeklampsia* with proteinuria. ≥160 or
    ≥110 adds the flag ``berat`` and refers to FKTL, as does suspected preeclampsia.
    """
    if not 40 <= sbp <= 300 or not 20 <= dbp <= 200:
        raise ValueError("tekanan darah di luar rentang wajar")
    version = _settings_version(
        "pregnancy.hypertension_sbp",
        "pregnancy.hypertension_dbp",
        "pregnancy.severe_hypertension_sbp",
        "pregnancy.severe_hypertension_dbp",
        "pregnancy.gestational_hypertension_from_weeks",
    )
    hypertensive = sbp >= _setting("pregnancy.hypertension_sbp") or dbp >= _setting("pregnancy.hypertension_dbp")
    if not hypertensive:
        return Classification(
            "normal", "Tekanan darah normal", FollowUp(ROUTINE, "Lanjutkan pemeriksaan kehamilan rutin"), version
        )
    severe = sbp >= _setting("pregnancy.severe_hypertension_sbp") or dbp >= _setting(
        "pregnancy.severe_hypertension_dbp"
    )
    flags = ("berat",) if severe else ()
    weeks = gestational_age(hpht, on).weeks if hpht is not None and on is not None else None
    if weeks is None:
        code, label = "hipertensi_dalam_kehamilan", "Hipertensi dalam kehamilan"
    elif weeks < _setting("pregnancy.gestational_hypertension_from_weeks"):
        code, label = "hipertensi_kronik", "Hipertensi kronik (sebelum usia kehamilan 20 minggu)"
    elif proteinuria:
        code, label = "curiga_preeklampsia", "Curiga preeklampsia"
    else:
        code, label = "hipertensi_gestasional", "Hipertensi gestasional"
    if severe or code == "curiga_preeklampsia":
        follow = FollowUp(REFER_FKTL, "Rujuk ke rumah sakit (FKRTL)")
    else:
        follow = FollowUp(REFER_PUSKESMAS, "Pemeriksaan dokter dan protein urin; pemantauan tekanan darah")
    return Classification(code, label, follow, version, flags)


# --------------------------------------------------------------------------------------------
# KF / KN windows
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VisitSpec:
    code: str
    label: str
    from_day: int  # "hari ke-" of the window start
    to_day: int  # "hari ke-" of the window end (inclusive day)
    from_hours: int | None = None  # an exact start in hours after birth overrides from_day


# ILP.md §4.5 [V:S1b]: KF1/KN1 6 hours – 2 days; KF2/KN2 3–7 days; KF3/KN3 8–28 days; KF4 29–42 days.
KF_VISITS = Versioned(
    Edition(
        JUKNIS_ILP,
        JUKNIS_ILP_FROM,
        (
            VisitSpec("KF1", gettext_noop("Kunjungan nifas 1 (KF1)"), 1, 2, from_hours=6),
            VisitSpec("KF2", gettext_noop("Kunjungan nifas 2 (KF2)"), 3, 7),
            VisitSpec("KF3", gettext_noop("Kunjungan nifas 3 (KF3)"), 8, 28),
            VisitSpec("KF4", gettext_noop("Kunjungan nifas 4 (KF4)"), 29, 42),
        ),
    )
)
KN_VISITS = Versioned(
    Edition(
        JUKNIS_ILP,
        JUKNIS_ILP_FROM,
        (
            VisitSpec("KN1", gettext_noop("Kunjungan neonatal 1 (KN1)"), 1, 2, from_hours=6),
            VisitSpec("KN2", gettext_noop("Kunjungan neonatal 2 (KN2)"), 3, 7),
            VisitSpec("KN3", gettext_noop("Kunjungan neonatal 3 (KN3)"), 8, 28),
        ),
    )
)


@dataclass(frozen=True)
class VisitWindow:
    code: str  # "KF1" … "KF4", "KN1" … "KN3"
    label: str
    start: datetime  # inclusive
    end: datetime  # exclusive
    rule_version: str

    @property
    def title(self) -> Message:
        return Message(self.label)


def _as_datetime(moment: date) -> datetime:
    """A birth or visit moment; a bare date is taken as 00:00 of that day."""
    if isinstance(moment, datetime):
        return moment
    return datetime.combine(moment, time())


def _windows(table: Versioned, birth: date) -> tuple[VisitWindow, ...]:
    born = _as_datetime(birth)
    edition = table.at(born.date())
    numbering = _setting("pregnancy.kf_kn_day_numbering")
    if numbering == "ordinal":
        first = 1  # hari ke-1 = the first 24 hours after birth
    elif numbering == "completed":
        first = 0  # day n = the 24 hours after n completed days
    else:
        raise ValueError(f"unknown pregnancy.kf_kn_day_numbering {numbering!r}")
    windows = []
    for spec in edition.value:
        start = (
            timedelta(hours=spec.from_hours) if spec.from_hours is not None else timedelta(days=spec.from_day - first)
        )
        end = timedelta(days=spec.to_day - first + 1)
        windows.append(VisitWindow(spec.code, spec.label, born + start, born + end, edition.version))
    return tuple(windows)


def kf_windows(birth: date) -> tuple[VisitWindow, ...]:
    """KF1–KF4 windows from the birth moment (a datetime; a bare date is taken as 00:00)."""
    return _windows(KF_VISITS, birth)


def kn_windows(birth: date) -> tuple[VisitWindow, ...]:
    """KN1–KN3 windows from the birth moment (a datetime; a bare date is taken as 00:00)."""
    return _windows(KN_VISITS, birth)


def _candidates(windows: Sequence[VisitWindow], visit: date) -> list[int]:
    if isinstance(visit, datetime):
        return [i for i, w in enumerate(windows) if w.start <= visit < w.end]
    day_start = datetime.combine(visit, time())
    day_end = day_start + timedelta(days=1)
    return [i for i, w in enumerate(windows) if w.start < day_end and day_start < w.end]


def _covered(windows: Sequence[VisitWindow], birth: date, visits: Iterable[date]) -> frozenset[str]:
    """Windows met by the visits, one visit per window (a bare visit date may match either of two
    windows meeting on that day; the assignment that meets most windows is taken)."""
    born = _as_datetime(birth)
    options = []
    for visit in visits:
        before = visit < born if isinstance(visit, datetime) else visit < born.date()
        if before:
            raise ValueError("tanggal kunjungan sebelum kelahiran")
        options.append(_candidates(windows, visit))
    owner: dict[int, int] = {}  # window index -> visit index

    def assign(v: int, seen: set[int]) -> bool:
        for w in options[v]:
            if w in seen:
                continue
            seen.add(w)
            if w not in owner or assign(owner[w], seen):
                owner[w] = v
                return True
        return False

    for v in range(len(options)):
        assign(v, set())
    return frozenset(windows[w].code for w in owner)


def kf_covered(birth: date, visits: Iterable[date]) -> frozenset[str]:
    return _covered(kf_windows(birth), birth, visits)


def kn_covered(birth: date, visits: Iterable[date]) -> frozenset[str]:
    return _covered(kn_windows(birth), birth, visits)


def kf_lengkap(birth: date, visits: Iterable[date]) -> bool:
    """*KF lengkap*: all four KF windows met (ILP.md §4.5)."""
    return kf_covered(birth, visits) == {w.code for w in kf_windows(birth)}


def kn_lengkap(birth: date, visits: Iterable[date]) -> bool:
    """*KN lengkap*: all three KN windows met (ILP.md §4.5)."""
    return kn_covered(birth, visits) == {w.code for w in kn_windows(birth)}


def _next(windows: Sequence[VisitWindow], covered: frozenset[str], on: date) -> VisitWindow | None:
    moment = _as_datetime(on)
    for window in windows:
        if window.code not in covered and window.end > moment:
            return window
    return None


def next_kf(birth: date, visits: Iterable[date], on: date) -> VisitWindow | None:
    """The next KF window not yet met that has not closed by ``on`` (None when none is left)."""
    visits = list(visits)
    return _next(kf_windows(birth), kf_covered(birth, visits), on)


def next_kn(birth: date, visits: Iterable[date], on: date) -> VisitWindow | None:
    """The next KN window not yet met that has not closed by ``on`` (None when none is left)."""
    visits = list(visits)
    return _next(kn_windows(birth), kn_covered(birth, visits), on)


# --------------------------------------------------------------------------------------------
# Birth weight and gestational age at birth
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BirthWeightBand:
    code: str
    label: str
    upper_g: float | None  # upper bound of the band; None = no upper bound
    upper_inclusive: bool
    follow_up: FollowUp

    def contains(self, grams: float) -> bool:
        if self.upper_g is None:
            return True
        return grams <= self.upper_g if self.upper_inclusive else grams < self.upper_g


# ILP.md §4.5 [V:S1b]: BBLB > 4000 g; BBLC 2500–3999 g; BBLR 1500–2499 g; BBLSR 1000–1499 g;
# BBLASR < 1000 g. Exactly 4000 g falls between the printed rows; it is BBLC here (BBLB is strictly
# "> 4000"). BBLR ≥ 2000 g and stable may stay at a PONED Puskesmas; < 2000 g goes to hospital.
# The juknis gives no action for BBLB: a health-worker assessment is used.
_TO_HOSPITAL = FollowUp(REFER_FKTL, "Rujuk ke rumah sakit")
_BBLR_LABEL = "Berat Badan Lahir Rendah (BBLR)"
BIRTH_WEIGHT = Versioned(
    Edition(
        JUKNIS_ILP,
        JUKNIS_ILP_FROM,
        (
            BirthWeightBand("bblasr", "Berat Badan Lahir Amat Sangat Rendah (BBLASR)", 1000, False, _TO_HOSPITAL),
            BirthWeightBand("bblsr", "Berat Badan Lahir Sangat Rendah (BBLSR)", 1500, False, _TO_HOSPITAL),
            BirthWeightBand("bblr", _BBLR_LABEL, 2000, False, _TO_HOSPITAL),
            BirthWeightBand(
                "bblr",
                _BBLR_LABEL,
                2500,
                False,
                FollowUp(
                    REFER_PUSKESMAS,
                    "Dapat dirawat di Puskesmas PONED bila stabil; bila tidak stabil rujuk ke rumah sakit",
                ),
            ),
            BirthWeightBand(
                "bblc", "Berat Badan Lahir Cukup (BBLC)", 4000, True, FollowUp(ROUTINE, "Perawatan neonatal esensial")
            ),
            BirthWeightBand(
                "bblb",
                "Berat Badan Lahir Lebih (BBLB)",
                None,
                False,
                FollowUp(ASSESSMENT, "Pemeriksaan lanjut oleh tenaga kesehatan"),
            ),
        ),
    )
)
BBLR_BELOW_G = 2500


def classify_birth_weight(grams: float, on: date | None = None) -> Classification:
    """Birth-weight category (ILP.md §4.5); every weight < 2500 g also carries the flag ``bblr``."""
    if not 200 <= grams <= 7000:
        raise ValueError("berat lahir di luar rentang wajar (200–7000 gram)")
    edition = BIRTH_WEIGHT.at(on)
    for band in edition.value:
        if band.contains(grams):
            flags = ("bblr",) if grams < BBLR_BELOW_G else ()
            return Classification(band.code, band.label, band.follow_up, edition.version, flags)
    raise AssertionError("the last band has no upper bound")


@dataclass(frozen=True)
class TermBounds:
    term_from_weeks: int  # < 37 weeks: kurang bulan
    post_term_from_weeks: int  # 37–<42: cukup bulan; ≥ 42: lebih bulan


# ILP.md §4.5 [V:S1b]: "<37 w kurang bulan, 37–<42 cukup bulan, >42 lebih bulan". Week 42 itself
# (42 weeks 0–6 days) is in no printed row; it is lebih bulan here (WHO post-term: ≥ 42 completed weeks).
TERM = Versioned(Edition(JUKNIS_ILP, JUKNIS_ILP_FROM, TermBounds(37, 42)))


def classify_gestational_age_at_birth(weeks: int, days: int = 0, on: date | None = None) -> Classification:
    """Kurang / cukup / lebih bulan from the gestational age at birth in completed weeks (+ days)."""
    if not 20 <= weeks <= 45 or not 0 <= days <= 6:
        raise ValueError("usia kehamilan saat lahir di luar rentang wajar (20–45 minggu, hari 0–6)")
    edition = TERM.at(on)
    t = edition.value
    if weeks < t.term_from_weeks:
        return Classification(
            "kurang_bulan",
            "Kurang bulan (prematur)",
            FollowUp(ASSESSMENT, "Perawatan dan pemantauan bayi kurang bulan oleh tenaga kesehatan"),
            edition.version,
        )
    if weeks < t.post_term_from_weeks:
        return Classification(
            "cukup_bulan", "Cukup bulan", FollowUp(ROUTINE, "Perawatan neonatal esensial"), edition.version
        )
    return Classification(
        "lebih_bulan",
        "Lebih bulan (postmatur)",
        FollowUp(ASSESSMENT, "Pemeriksaan lanjut oleh tenaga kesehatan"),
        edition.version,
    )
