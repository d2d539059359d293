"""Monthly weighing judgement of the KMS / Buku KIA (ILP.md §5.5): N, T, O, B, 2T, BGM, referral.

Each weighing is compared with the child's last weighing of an earlier calendar month (a second
weighing in the same month replaces the first). One calendar month back: N when the gain
reaches the KBM (*kenaikan berat badan minimal*) for the age at this weighing (completed months,
or the KMS calendar column: setting ``anthropometry.kbm_age_basis``), else T (no gain and weight
loss included). Further back: O (or KBM × months, a setting). No earlier weighing: B. The
curve-reading branch of the KMS stays a human override.

Referral (Buku KIA 2023 p. 54, ILP.md §0.1 C8: "Rujuk bila … Tidak Naik (T) atau di Bawah Garis
Merah atau di Atas Garis Oranye"): T (or 2T under the classic KMS setting), below the red line
(BGM, weight-for-age z < −3) and above the orange line (weight-for-age z above
``anthropometry.referral_above_wfa_z``, +1 by default) — the last even when the weight went up.
Weights pass the unit guard (grams are refused, C6).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np

from siklus.rules import config, units
from siklus.rules.anthropometry import settings, zscores
from siklus.rules.versioning import Edition, Versioned

# The KBM rows themselves are settings ([M] column mapping); an edition names its setting.
# Buku KIA 2023 and KMS 2008 are dated by their year only (exact dates not verified).
KBM = Versioned(
    Edition("kms-2008", date(2008, 1, 1), settings.KBM_KMS_2008.name),
    Edition("buku-kia-2023", date(2023, 1, 1), settings.KBM_BUKU_KIA_2023.name),
)
KBM_LAST_MONTH = 60  # the KMS covers balita up to 60 completed months

NAIK, TIDAK_NAIK, TIDAK_DITIMBANG_BULAN_LALU, BARU = "N", "T", "O", "B"


@dataclass(frozen=True)
class Weighing:
    date: date
    weight_kg: float
    oedema: bool = False


@dataclass(frozen=True)
class Judgement:
    date: date
    weight_kg: float
    age_months: int  # the age that picked the KBM: completed months, or the KMS calendar column
    code: str | None  # N, T, O, B; None past 60 months (no KBM)
    gain_g: int | None  # against the compared weighing
    kbm_g: int | None  # the minimal gain that weighing had to reach
    months_since: int | None  # calendar months back to the compared weighing
    two_t: bool  # T now and T at the weighing one month before
    bgm: bool  # below the −3 SD weight-for-age line (bawah garis merah)
    above_orange: bool  # above the orange line (ILP.md §0.1 C8), referred whatever the gain
    zwei: float | None
    refer: bool
    reasons: tuple[str, ...]  # why refer: "T", "2T", "BGM", "above line" (the orange line)
    kbm_version: str


def completed_months(birth: date, on: date) -> int:
    """Age in completed calendar months (umur bulan penuh)."""
    return zscores.completed_calendar_months(birth, on)


def kms_column(birth: date, on: date) -> int:
    """The KMS month column: calendar months since the birth month, whatever the day."""
    return (on.year - birth.year) * 12 + on.month - birth.month


def kbm_age(birth: date, on: date) -> int:
    """The age that picks the KBM, by the setting ``anthropometry.kbm_age_basis`` (C10)."""
    if config.get(settings.KBM_AGE_BASIS.name) == "calendar_column":
        return kms_column(birth, on)
    return completed_months(birth, on)


def kbm(age_months: int, on: date | None = None) -> tuple[int | None, str]:
    """Minimal monthly gain in grams for a weighing at ``age_months``, and the KBM version."""
    edition = KBM.at(on)
    if age_months < 0 or age_months > KBM_LAST_MONTH:
        return None, edition.version
    steps = config.get(edition.value)
    grams = steps[0][1]  # month 0 uses the first step
    for from_month, value in steps:
        if age_months >= from_month:
            grams = value
    return int(grams), edition.version


def judge(sex, birth_date: date, weighings: Iterable[Weighing]) -> list[Judgement]:
    """Judge a child's weighings (any order; returned by date)."""
    series = sorted(weighings, key=lambda w: w.date)
    for w in series:
        if w.date < birth_date:
            raise ValueError(f"weighing on {w.date} is before the birth date {birth_date}")
        if not w.weight_kg > 0:
            raise ValueError(f"weighing on {w.date}: weight must be positive, got {w.weight_kg}")
        units.guard("weight_kg", w.weight_kg)
    if not series:
        return []
    z = zscores.compute(
        np.full(len(series), zscores.sex_code(sex), dtype=float),
        age_days=np.array([(w.date - birth_date).days for w in series], dtype=float),
        weight=np.array([w.weight_kg for w in series]),
        oedema=np.array([w.oedema for w in series]),
        completed_months=np.array([completed_months(birth_date, w.date) for w in series], dtype=float),
    ).zwei
    rule = config.get(settings.REFERRAL_RULE.name)
    above = config.get(settings.REFERRAL_ABOVE_WFA_Z.name)
    gap_rule = config.get(settings.KBM_GAP_RULE.name)

    judged: list[Judgement] = []
    for i, w in enumerate(series):
        month_index = w.date.year * 12 + w.date.month
        previous = _last_of_earlier_month(judged, month_index)
        age = kbm_age(birth_date, w.date)
        grams, version = kbm(age, w.date)
        gain = months_since = required = None
        if grams is None:
            code = None
        elif previous is None:
            code = BARU
        else:
            months_since = month_index - (previous.date.year * 12 + previous.date.month)
            gain = round((w.weight_kg - previous.weight_kg) * 1000)
            if months_since == 1 or gap_rule == "kbm_per_month":
                required = grams * months_since
                code = NAIK if gain >= required else TIDAK_NAIK
            else:
                code = TIDAK_DITIMBANG_BULAN_LALU
        two_t = code == TIDAK_NAIK and months_since == 1 and previous is not None and previous.code == TIDAK_NAIK
        zwei = None if np.isnan(z[i]) else float(z[i])
        bgm = zwei is not None and zwei < -3.0
        above_orange = zwei is not None and zwei > above
        reasons = []
        if (rule == "T" and code == TIDAK_NAIK) or (rule == "2T" and two_t):
            reasons.append("2T" if two_t else "T")
        if bgm:
            reasons.append("BGM")
        if above_orange:
            reasons.append("above line")
        judged.append(
            Judgement(w.date, w.weight_kg, age, code, gain, required, months_since, two_t, bgm,
                      above_orange, zwei, bool(reasons), tuple(reasons), version)
        )
    return judged


def _last_of_earlier_month(judged: list[Judgement], month_index: int) -> Judgement | None:
    for j in reversed(judged):
        if j.date.year * 12 + j.date.month < month_index:
            return j
    return None
