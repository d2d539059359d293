"""Lansia: ADL/AKS (modified Barthel index) and SKILAS (ILP.md §4.4).

Public API
    ``ADL_ITEMS``                             item codes with their maximum scores
    ``adl_score(**items)``                    -> :class:`AdlResult` from the 10 item scores
    ``classify_adl(total)``                   -> :class:`AdlResult` from a recorded total (0–20)
    ``skilas(...)``                           -> :class:`SkilasResult` (six domains, positives, follow-up)
    ``classify_mini_cog(words_recalled, clock_normal)``  SKILAS follow-up instrument for cognition
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from siklus.rules.screening.result import (
    ASSESSMENT,
    HOME_CARE,
    REFER_PUSKESMAS,
    ROUTINE,
    Classification,
    FollowUp,
)
from siklus.rules.versioning import JUKNIS_ILP, JUKNIS_ILP_FROM, Edition, Versioned

# --------------------------------------------------------------------------------------------- ADL

# Item → maximum score (ILP.md §4.4 table [V:S1b]); total 0–20.
ADL_ITEMS: dict[str, int] = {
    "bab": 2,  # mengendalikan rangsang BAB: 0 inkontinen / 1 kadang (1×/minggu) / 2 kontinen
    "bak": 2,  # mengendalikan rangsang BAK: 0 inkontinen/kateter / 1 kadang (1×/24 jam) / 2 kontinen
    "membersihkan_diri": 1,  # 0 butuh bantuan / 1 mandiri
    "toilet": 2,  # 0 tergantung / 1 perlu sebagian bantuan / 2 mandiri
    "makan": 2,  # 0 tidak mampu / 1 perlu bantuan memotong / 2 mandiri
    "berpindah": 3,  # tempat tidur↔kursi: 0 tidak mampu / 1 bantuan besar (2 orang) / 2 bantuan kecil (1 orang) / 3 mandiri
    "mobilitas": 3,  # berjalan di permukaan datar: 0 imobile / 1 kursi roda mandiri / 2 dibantu 1 orang / 3 mandiri
    "berpakaian": 2,  # 0 tergantung / 1 sebagian dibantu / 2 mandiri
    "naik_tangga": 2,  # 0 tidak mampu / 1 butuh bantuan / 2 mandiri
    "mandi": 1,  # 0 tergantung / 1 mandiri
}


@dataclass(frozen=True)
class AdlBand:
    code: str
    label: str
    from_total: int  # inclusive
    group: str  # A, B, C


# ILP.md §4.4 [V:S1b]: 20 mandiri (A); 12–19 ringan (B); 9–11 sedang (B); 5–8 berat (C); 0–4 total (C).
ADL = Versioned(
    Edition(
        JUKNIS_ILP,
        JUKNIS_ILP_FROM,
        (
            AdlBand("ketergantungan_total", "Ketergantungan total", 0, "C"),
            AdlBand("ketergantungan_berat", "Ketergantungan berat", 5, "C"),
            AdlBand("ketergantungan_sedang", "Ketergantungan sedang", 9, "B"),
            AdlBand("ketergantungan_ringan", "Ketergantungan ringan", 12, "B"),
            AdlBand("mandiri", "Mandiri", 20, "A"),
        ),
    )
)

# Posyandu follow-up (ILP.md §4.4): mandiri → join Posyandu activities; any dependency → refer to the
# Pustu/Puskesmas; sedang/berat/total → also the home-care programme.
_ADL_FOLLOW_UP = {
    "mandiri": FollowUp(ROUTINE, "Mengikuti kegiatan Posyandu (senam, kegiatan sosial); nilai ulang tahun depan"),
    "ketergantungan_ringan": FollowUp(REFER_PUSKESMAS, "Rujuk ke Pustu/Puskesmas"),
    "ketergantungan_sedang": FollowUp(
        HOME_CARE, "Rujuk ke Pustu/Puskesmas dan ikutkan program perawatan jangka panjang di rumah (home care)"
    ),
    "ketergantungan_berat": FollowUp(
        HOME_CARE, "Rujuk ke Pustu/Puskesmas dan ikutkan program perawatan jangka panjang di rumah (home care)"
    ),
    "ketergantungan_total": FollowUp(
        HOME_CARE, "Rujuk ke Pustu/Puskesmas dan ikutkan program perawatan jangka panjang di rumah (home care)"
    ),
}


@dataclass(frozen=True, kw_only=True)
class AdlResult(Classification):
    total: int
    group: str  # "A", "B" or "C"


def classify_adl(total: int, on: date | None = None) -> AdlResult:
    """ADL category and group from the modified Barthel total (0–20)."""
    if not isinstance(total, int) or not 0 <= total <= sum(ADL_ITEMS.values()):
        raise ValueError("skor ADL harus bilangan bulat 0–20")
    edition = ADL.at(on)
    band = [b for b in edition.value if total >= b.from_total][-1]
    return AdlResult(band.code, band.label, _ADL_FOLLOW_UP[band.code], edition.version, total=total, group=band.group)


def adl_score(on: date | None = None, **items: int) -> AdlResult:
    """ADL from the ten item scores, named as in :data:`ADL_ITEMS` (all ten required)."""
    missing = sorted(set(ADL_ITEMS) - set(items))
    unknown = sorted(set(items) - set(ADL_ITEMS))
    if missing or unknown:
        raise ValueError(f"butir ADL tidak lengkap/tidak dikenal: kurang {missing}, tidak dikenal {unknown}")
    for name, value in items.items():
        if not isinstance(value, int) or not 0 <= value <= ADL_ITEMS[name]:
            raise ValueError(f"skor butir ADL '{name}' harus 0–{ADL_ITEMS[name]}")
    return classify_adl(sum(items.values()), on)


# --------------------------------------------------------------------------------------------- SKILAS

SKILAS_DOMAINS = ("kognitif", "mobilisasi", "malnutrisi", "penglihatan", "pendengaran", "depresi")
SKILAS_LABELS = {
    "kognitif": "Penurunan kognitif",
    "mobilisasi": "Keterbatasan mobilisasi",
    "malnutrisi": "Malnutrisi",
    "penglihatan": "Gangguan penglihatan",
    "pendengaran": "Gangguan pendengaran",
    "depresi": "Gejala depresi",
}
# Follow-up instruments at the Puskesmas (ILP.md §4.4).
SKILAS_INSTRUMENTS = {
    "kognitif": "Mini-Cog / AMT",
    "mobilisasi": "SPPB",
    "malnutrisi": "MNA-SF, RAPUH",
    "penglihatan": "Kartu Snellen sederhana WHO",
    "pendengaran": "Tes bisik / garpu tala",
    "depresi": "GDS-4",
}


@dataclass(frozen=True)
class SkilasRule:
    malnutrition_lila_below_cm: float  # LiLA < 21 cm
    weight_loss_kg_above: float  # > 3 kg in 3 months (informative: the question is asked as yes/no)
    chair_stand_seconds: int  # 5 stands within 14 s


SKILAS = Versioned(Edition(JUKNIS_ILP, JUKNIS_ILP_FROM, SkilasRule(21.0, 3.0, 14)))  # ILP.md §4.4 [V:S1b]


@dataclass(frozen=True, kw_only=True)
class SkilasResult(Classification):
    positive_domains: tuple[str, ...]
    instruments: tuple[str, ...]  # follow-up instruments of the positive domains


def skilas(
    *,
    orientation_correct: bool,
    recalls_three_words: bool,
    chair_stand_5x_within_14s: bool,
    weight_loss_or_looser_clothes: bool,
    appetite_loss_or_eating_difficulty: bool,
    lila_cm: float | None,
    eye_problem: bool,
    finger_count_passed: bool | None,
    whisper_test_passed: bool | None,
    sad_or_hopeless: bool,
    little_interest_or_pleasure: bool,
    on: date | None = None,
) -> SkilasResult:
    """SKILAS (ILP.md §4.4, WHO ICOPE step 1). A domain is positive when:

    * kognitif — a wrong answer on orientation (date, place) **or** cannot recall the 3 words;
    * mobilisasi — cannot stand up from a chair 5× without hands within 14 s;
    * malnutrisi — weight loss > 3 kg in 3 months / looser clothes **or** appetite loss/eating
      difficulty **or** LiLA < 21 cm;
    * penglihatan — an eye problem/disease/treatment reported **or** fails the finger-count test
      (``finger_count_passed`` None: not done because an eye problem was reported);
    * pendengaran — fails the whisper test; ``whisper_test_passed`` None = could not be tested,
      which is positive and referred to the Puskesmas;
    * depresi — in the last 2 weeks sad/hopeless **or** little interest/pleasure.

    ≥ 1 positive domain → further assessment by a health worker with the domain's instrument.
    """
    edition = SKILAS.at(on)
    rule: SkilasRule = edition.value
    if lila_cm is not None and not 5 <= lila_cm <= 60:
        raise ValueError("LiLA di luar rentang wajar (5–60 cm)")
    if not eye_problem and finger_count_passed is None:
        raise ValueError("tes hitung jari wajib bila tidak ada keluhan mata")
    positive = {
        "kognitif": not orientation_correct or not recalls_three_words,
        "mobilisasi": not chair_stand_5x_within_14s,
        "malnutrisi": weight_loss_or_looser_clothes
        or appetite_loss_or_eating_difficulty
        or (lila_cm is not None and lila_cm < rule.malnutrition_lila_below_cm),
        "penglihatan": eye_problem or finger_count_passed is False,
        "pendengaran": whisper_test_passed is not True,
        "depresi": sad_or_hopeless or little_interest_or_pleasure,
    }
    domains = tuple(d for d in SKILAS_DOMAINS if positive[d])
    instruments = tuple(SKILAS_INSTRUMENTS[d] for d in domains)
    flags = ("tes_bisik_tidak_dapat_dilakukan",) if whisper_test_passed is None else ()
    if not domains:
        return SkilasResult(
            "negatif",
            "Tidak ditemukan penurunan kapasitas intrinsik",
            FollowUp(ROUTINE, "Skrining ulang tahun depan"),
            edition.version,
            positive_domains=(),
            instruments=(),
        )
    label = "Penurunan kapasitas intrinsik: " + ", ".join(SKILAS_LABELS[d].lower() for d in domains)
    if whisper_test_passed is None:
        follow = FollowUp(
            REFER_PUSKESMAS,
            "Tes bisik tidak dapat dilakukan: rujuk ke Puskesmas; asesmen lanjutan oleh tenaga kesehatan",
        )
    else:
        follow = FollowUp(ASSESSMENT, "Asesmen lanjutan oleh tenaga kesehatan: " + "; ".join(instruments))
    return SkilasResult(
        "positif", label, follow, edition.version, flags, positive_domains=domains, instruments=instruments
    )


@dataclass(frozen=True, kw_only=True)
class MiniCogResult(Classification):
    score: int


def classify_mini_cog(words_recalled: int, clock_normal: bool, on: date | None = None) -> MiniCogResult:
    """Mini-Cog (SKILAS follow-up, ILP.md §4.4): 3-word recall 0–3 + clock 0/2; total 0–2 = possible
    cognitive impairment, 3–5 = none."""
    if not 0 <= words_recalled <= 3:
        raise ValueError("jumlah kata yang diingat harus 0–3")
    score = words_recalled + (2 if clock_normal else 0)
    version = JUKNIS_ILP
    if score <= 2:
        return MiniCogResult(
            "kemungkinan_gangguan_kognitif",
            "Kemungkinan gangguan kognitif",
            FollowUp(REFER_PUSKESMAS, "Pemeriksaan lanjut oleh dokter"),
            version,
            score=score,
        )
    return MiniCogResult(
        "tidak_ada_gangguan_kognitif",
        "Kemungkinan tidak ada gangguan kognitif",
        FollowUp(ROUTINE, "Skrining ulang tahun depan"),
        version,
        score=score,
    )
