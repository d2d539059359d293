"""Vision and hearing (ILP.md §4.3 "Vision", "Hearing").

``classify_visus(numerator, denominator)``   Snellen/Tumbling-E visual acuity, e.g. (6, 18)
``classify_finger_counting(answers)``        kader test: hitung jari at 6 m
``classify_whisper_test(correct, total=5)``  tes bisik modifikasi (CKG)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from siklus.rules import config
from siklus.rules.screening.result import REFER_PUSKESMAS, ROUTINE, Classification, FollowUp
from siklus.rules.versioning import JUKNIS_ILP, JUKNIS_ILP_FROM, Edition, Versioned

CKG_2025 = "juknis-pkg-2025"
CKG_2025_FROM = date(2025, 1, 1)

config.declare(
    "screening.vision_refer_at_6_12",
    True,
    "Refer a visus of exactly 6/12 to the Puskesmas. The juknis ILP refers 'visus not better than "
    "6/12' (6/12 included); the CKG juknis calls 6/6–6/12 normal and sends only < 6/12 to the pinhole test.",
    "ILP.md §4.3 Vision [V:S1b] vs CKG [V:S2] — sources disagree; juknis ILP used",
)


@dataclass(frozen=True)
class VisusBand:
    code: str
    label: str
    from_acuity: Fraction  # inclusive lower bound of the decimal acuity


# ILP.md §4.3 [V:S1b]: 6/6 normal; < 6/12–6/18 ringan; < 6/18–6/60 sedang; < 6/60–3/60 berat;
# < 3/60 buta. Acuities between 6/6 and 6/12 (6/9, 6/12) are not printed: they are no impairment
# ("tidak ada gangguan"; CKG: 6/6–6/12 normal [V:S2]).
VISUS = Versioned(
    Edition(
        JUKNIS_ILP,
        JUKNIS_ILP_FROM,
        (
            VisusBand("buta", "Buta", Fraction(0)),
            VisusBand("gangguan_berat", "Gangguan penglihatan berat", Fraction(3, 60)),
            VisusBand("gangguan_sedang", "Gangguan penglihatan sedang", Fraction(6, 60)),
            VisusBand("gangguan_ringan", "Gangguan penglihatan ringan", Fraction(6, 18)),
            VisusBand("normal", "Tidak ada gangguan penglihatan", Fraction(6, 12)),
        ),
    )
)
_REFER_LIMIT = Fraction(6, 12)


def classify_visus(numerator: float, denominator: float, on: date | None = None) -> Classification:
    """Visual acuity category of the better-tested eye (e.g. 6/18 → ``gangguan_ringan``). Visus not
    better than 6/12 is referred to the Puskesmas (setting ``screening.vision_refer_at_6_12`` for 6/12 itself)."""
    if numerator <= 0 or denominator <= 0:
        raise ValueError("visus harus berupa pecahan positif, misalnya 6/18")
    acuity = Fraction(numerator).limit_denominator(1000) / Fraction(denominator).limit_denominator(1000)
    edition = VISUS.at(on)
    band = [b for b in edition.value if acuity >= b.from_acuity][-1]
    refer = acuity < _REFER_LIMIT or (acuity == _REFER_LIMIT and config.get("screening.vision_refer_at_6_12"))
    version = f"{edition.version}+setting:screening.vision_refer_at_6_12={config.get('screening.vision_refer_at_6_12')}"
    if refer:
        follow = FollowUp(REFER_PUSKESMAS, "Rujuk ke Puskesmas untuk pemeriksaan refraksi dan katarak")
    else:
        follow = FollowUp(ROUTINE, "Skrining ulang tahun depan")
    return Classification(band.code, band.label, follow, version)


@dataclass(frozen=True)
class FingerCountingRule:
    consecutive_correct: int  # 3 consecutive correct = no impairment
    max_trials: int  # 5
    suspect_wrong_from: int  # ≥ 2 wrong of 5 = suspected impairment


FINGER_COUNTING = Versioned(Edition(JUKNIS_ILP, JUKNIS_ILP_FROM, FingerCountingRule(3, 5, 2)))  # §4.3 [V:S1b]


def classify_finger_counting(answers: Sequence[bool], on: date | None = None) -> Classification:
    """Hitung jari at 6 m, answers in order (True = correct). Three consecutive correct answers: no
    impairment. Two or more wrong (of at most 5): suspected impairment → refer. Fewer answers than
    needed to decide raise a ValueError (continue the test)."""
    edition = FINGER_COUNTING.at(on)
    rule: FingerCountingRule = edition.value
    if not answers or len(answers) > rule.max_trials:
        raise ValueError(f"tes hitung jari: 1–{rule.max_trials} jawaban")
    wrong = sum(1 for a in answers if not a)
    run = best = 0
    for a in answers:
        run = run + 1 if a else 0
        best = max(best, run)
    if wrong >= rule.suspect_wrong_from:
        return Classification(
            "curiga_gangguan",
            "Curiga gangguan penglihatan",
            FollowUp(REFER_PUSKESMAS, "Rujuk ke Puskesmas untuk pemeriksaan tajam penglihatan"),
            edition.version,
        )
    if best >= rule.consecutive_correct or len(answers) == rule.max_trials:
        return Classification(
            "normal", "Tidak ada gangguan penglihatan", FollowUp(ROUTINE, "Skrining ulang tahun depan"), edition.version
        )
    raise ValueError("tes hitung jari belum selesai: lanjutkan hingga 3 kali benar berturut-turut atau 5 kali")


@dataclass(frozen=True)
class WhisperRule:
    pass_fraction: Fraction  # repeats ≥ 80 % of the words (≥ 4 of 5)


WHISPER = Versioned(Edition(CKG_2025, CKG_2025_FROM, WhisperRule(Fraction(4, 5))))  # ILP.md §4.3 [V:S2]


def classify_whisper_test(correct: int, total: int = 5, on: date | None = None) -> Classification:
    """Tes bisik modifikasi for one ear: pass when ≥ 80 % of the words are repeated (≥ 4 of 5)."""
    if total <= 0 or not 0 <= correct <= total:
        raise ValueError("jumlah kata benar harus 0 sampai jumlah kata yang dibisikkan")
    edition = WHISPER.at(on)
    if Fraction(correct, total) >= edition.value.pass_fraction:
        return Classification(
            "lulus",
            "Pendengaran normal (lulus tes bisik)",
            FollowUp(ROUTINE, "Skrining ulang tahun depan"),
            edition.version,
        )
    return Classification(
        "tidak_lulus",
        "Curiga gangguan pendengaran (tidak lulus tes bisik)",
        FollowUp(REFER_PUSKESMAS, "Rujuk ke Puskesmas untuk pemeriksaan pendengaran"),
        edition.version,
    )
