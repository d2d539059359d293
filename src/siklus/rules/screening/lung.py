"""PPOK screening with the PUMA questionnaire (ILP.md §4.3 "PPOK"; form in the juknis annex).

``pack_years(years_smoked, cigarettes_per_day)``
``puma_score(...)`` -> :class:`PumaResult` (score 0–9 and its classification)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from siklus.rules.screening.result import COUNSELLING, REFER_FKTL, Classification, FollowUp, sex_code
from siklus.rules.versioning import JUKNIS_ILP, JUKNIS_ILP_FROM, Edition, Versioned


@dataclass(frozen=True)
class PumaRule:
    min_age_years: int  # done from 40 y
    age_points: tuple[tuple[int, int], ...]  # (from age, points): 40–49 → 0, 50–59 → 1, ≥ 60 → 2
    pack_years_1_from: float  # < 20 pack-years → 0, 20–30 → 1
    pack_years_2_above: float  # > 30 → 2
    high_risk_from: int  # score ≥ 6 high risk


# ILP.md §4.3 PPOK [V:S1b] and the PUMA form of the juknis annex: item 1 sex (P 0, L 1); 2 age
# (40–49 0, 50–59 1, "> 60" 2 — 60 itself is 2, the form leaves it unprinted); 3 pack-years (never /
# < 20 → 0, 20–30 → 1, > 30 → 2); 4 dyspnoea; 5 sputum; 6 cough; 7 ever asked for spirometry (0/1 each).
PUMA = Versioned(
    Edition(
        JUKNIS_ILP,
        JUKNIS_ILP_FROM,
        PumaRule(40, ((40, 0), (50, 1), (60, 2)), 20, 30, 6),
    )
)


def pack_years(years_smoked: float, cigarettes_per_day: float) -> float:
    """Pack-years = years smoked × cigarettes per day ÷ 20."""
    if years_smoked < 0 or cigarettes_per_day < 0:
        raise ValueError("lama merokok dan jumlah rokok tidak boleh negatif")
    return years_smoked * cigarettes_per_day / 20


@dataclass(frozen=True, kw_only=True)
class PumaResult(Classification):
    score: int
    items: tuple[int, ...]  # points of items 1–7


def puma_score(
    *,
    sex: str,
    age_years: int,
    pack_years: float,
    dyspnoea: bool,
    sputum: bool,
    cough: bool,
    spirometry_before: bool,
    on: date | None = None,
) -> PumaResult:
    """PUMA score (0–9): < 6 low risk → education on the dangers of smoking; ≥ 6 high risk → education
    and smoking-cessation counselling (UBM), spirometry if available, refer to FKRTL."""
    edition = PUMA.at(on)
    rule: PumaRule = edition.value
    if age_years < rule.min_age_years:
        raise ValueError("kuesioner PUMA untuk usia 40 tahun ke atas")
    if pack_years < 0:
        raise ValueError("pack-years tidak boleh negatif")
    age_points = [points for start, points in rule.age_points if age_years >= start][-1]
    if pack_years > rule.pack_years_2_above:
        smoke_points = 2
    elif pack_years >= rule.pack_years_1_from:
        smoke_points = 1
    else:
        smoke_points = 0
    items = (
        1 if sex_code(sex) == "L" else 0,
        age_points,
        smoke_points,
        int(dyspnoea),
        int(sputum),
        int(cough),
        int(spirometry_before),
    )
    score = sum(items)
    if score >= rule.high_risk_from:
        follow = FollowUp(
            REFER_FKTL,
            "Edukasi dan konseling upaya berhenti merokok (UBM), pemeriksaan spirometri bila tersedia, rujuk ke FKRTL",
        )
        return PumaResult("risiko_tinggi", "Risiko tinggi PPOK", follow, edition.version, score=score, items=items)
    follow = FollowUp(COUNSELLING, "Edukasi bahaya merokok")
    return PumaResult("risiko_rendah", "Risiko rendah PPOK", follow, edition.version, score=score, items=items)
