"""Mental health and substance use: SRQ-20 and ASSIST (ILP.md §4.3 "Mental health").

``classify_srq20(answers)``             20 yes/no answers, item 1 first
``classify_srq20_score(score, item17)`` when only the score and item 17 are recorded
``classify_assist(score, substance)``   ASSIST specific substance involvement score
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from siklus.rules.screening.result import (
    COUNSELLING,
    REFER_FKTL,
    REFER_PUSKESMAS,
    ROUTINE,
    Classification,
    FollowUp,
)
from siklus.rules.versioning import JUKNIS_ILP, JUKNIS_ILP_FROM, Edition, Versioned


@dataclass(frozen=True)
class Srq20Rule:
    items: int  # 20
    abnormal_from: int  # score ≥ 6 = potential mental-emotional problem
    suicide_item: int  # item 17 "pikiran untuk mengakhiri hidup": Ya → abnormal whatever the score


SRQ20 = Versioned(Edition(JUKNIS_ILP, JUKNIS_ILP_FROM, Srq20Rule(20, 6, 17)))  # ILP.md §4.3 [V:S1b]

SUICIDAL_IDEATION = "pikiran_bunuh_diri"


@dataclass(frozen=True, kw_only=True)
class Srq20Result(Classification):
    score: int


def classify_srq20_score(score: int, item17: bool, on: date | None = None) -> Srq20Result:
    """SRQ-20 (30-day recall): score ≥ 6 is abnormal; a score < 6 with item 17 (suicidal thought)
    answered *Ya* is treated as abnormal too. Abnormal → KAP and assessment at the Puskesmas; item 17
    *Ya* is always flagged ``pikiran_bunuh_diri``."""
    edition = SRQ20.at(on)
    rule: Srq20Rule = edition.value
    if not 0 <= score <= rule.items:
        raise ValueError(f"skor SRQ-20 harus 0–{rule.items}")
    if item17 and score < 1:
        raise ValueError("butir 17 dijawab 'Ya' sehingga skor minimal 1")
    flags = (SUICIDAL_IDEATION,) if item17 else ()
    if score >= rule.abnormal_from or item17:
        follow = FollowUp(REFER_PUSKESMAS, "Komunikasi antar pribadi (KAP) dan rujuk ke Puskesmas untuk asesmen lanjut")
        return Srq20Result(
            "tidak_normal",
            "Tidak normal (kemungkinan masalah kesehatan jiwa)",
            follow,
            edition.version,
            flags,
            score=score,
        )
    return Srq20Result(
        "normal", "Normal", FollowUp(ROUTINE, "Skrining ulang tahun depan"), edition.version, score=score
    )


def classify_srq20(answers: Sequence[bool], on: date | None = None) -> Srq20Result:
    """SRQ-20 from the 20 answers (True = *Ya*), item 1 first."""
    rule: Srq20Rule = SRQ20.at(on).value
    if len(answers) != rule.items:
        raise ValueError(f"SRQ-20 memerlukan {rule.items} jawaban")
    return classify_srq20_score(sum(bool(a) for a in answers), bool(answers[rule.suicide_item - 1]), on)


@dataclass(frozen=True)
class AssistBands:
    moderate_from: int
    high_from: int


@dataclass(frozen=True)
class AssistRule:
    alcohol: AssistBands  # 0–10 low, 11–26 moderate, ≥ 27 high
    other: AssistBands  # 0–3 low, 4–26 moderate, ≥ 27 high
    max_score: int


ASSIST = Versioned(
    Edition(JUKNIS_ILP, JUKNIS_ILP_FROM, AssistRule(AssistBands(11, 27), AssistBands(4, 27), 39))
)  # §4.3 [V:S1b]

ALCOHOL = "alkohol"


@dataclass(frozen=True, kw_only=True)
class AssistResult(Classification):
    score: int
    substance: str


def classify_assist(score: int, substance: str, on: date | None = None) -> AssistResult:
    """ASSIST risk level for one substance (Puskesmas only). ``substance`` is ``alkohol`` (also
    ``alcohol``) or any other substance name (tembakau, kanabis, amfetamin, …).

    Follow-up per the WHO ASSIST guide (ILP.md gives only the bands): low → general advice; moderate →
    brief intervention; high → brief intervention and referral to specialist treatment (FKTL/IPWL).
    """
    edition = ASSIST.at(on)
    rule: AssistRule = edition.value
    if not 0 <= score <= rule.max_score:
        raise ValueError(f"skor ASSIST harus 0–{rule.max_score}")
    name = substance.strip().lower()
    if name == "alcohol":
        name = ALCOHOL
    bands = rule.alcohol if name == ALCOHOL else rule.other
    if score >= bands.high_from:
        return AssistResult(
            "risiko_tinggi",
            "Risiko tinggi",
            FollowUp(REFER_FKTL, "Intervensi singkat dan rujuk ke layanan terapi/rehabilitasi (IPWL/FKRTL)"),
            edition.version,
            score=score,
            substance=name,
        )
    if score >= bands.moderate_from:
        return AssistResult(
            "risiko_sedang",
            "Risiko sedang",
            FollowUp(COUNSELLING, "Intervensi singkat (konseling)"),
            edition.version,
            score=score,
            substance=name,
        )
    return AssistResult(
        "risiko_rendah",
        "Risiko rendah",
        FollowUp(ROUTINE, "Edukasi kesehatan umum"),
        edition.version,
        score=score,
        substance=name,
    )
