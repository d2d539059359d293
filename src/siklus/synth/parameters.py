"""Every rate and share the generator draws from, with its source.

Tags as in ILP.md §0: **[V:…]** a published figure (the source is named), **[GUESS]** a plausible
value chosen here, not taken from a source — change it when a better figure is found. The tests
in ``tests/synth`` check that generated data lands within tolerance of these values, so changing
a value here is all it takes to change the generator.
"""

from __future__ import annotations

from datetime import date

import numpy as np

# --- Age-sex structure ------------------------------------------------------------------------
# Persons per five-year band (lower bound of the band → males, females), Indonesia.
# [V: BPS, Long Form Sensus Penduduk 2020 (published 2022), sensus.bps.go.id tables
#  "penduduk menurut kelompok umur, jenis kelamin dan bahasa sehari-hari" (5–54) and
#  "… status perkawinan" (55–59)]. The long-form language/marital tables start at 5 years, so the
# 0–4 band and the bands from 60 are [GUESS]es that reproduce the SP2020 headline shares
# (0–14 ≈ 24.6 %, 60+ ≈ 10 %, sex ratio 102, and a sex ratio of about 79 at 75+).
AGE_SEX_BANDS: dict[int, tuple[int, int]] = {
    0: (11_200_000, 10_700_000),  # [GUESS]
    5: (11_242_240, 10_771_528),
    10: (11_356_245, 10_732_428),
    15: (11_432_945, 10_730_583),
    20: (11_553_101, 10_937_327),
    25: (11_485_755, 10_977_945),
    30: (11_215_437, 10_851_398),
    35: (10_743_266, 10_504_708),
    40: (10_207_099, 10_088_092),
    45: (9_378_468, 9_348_774),
    50: (8_240_714, 8_259_566),
    55: (6_945_016, 7_016_199),
    60: (5_400_000, 5_550_000),  # [GUESS]
    65: (3_950_000, 4_150_000),  # [GUESS]
    70: (2_350_000, 2_650_000),  # [GUESS]
    75: (2_000_000, 2_530_000),  # [GUESS] open band 75+
}
OLDEST_AGE = 99
# Within the open 75+ band the number alive falls by this fraction per year of age. [GUESS]
OPEN_BAND_DECLINE = 0.12


def age_sex_shares() -> np.ndarray:
    """Shares of the whole population by single year of age (rows 0..OLDEST_AGE) and sex
    (column 0 = L, 1 = P); sums to 1. Uniform within a five-year band, declining in 75+."""
    shares = np.zeros((OLDEST_AGE + 1, 2))
    for lower, (males, females) in AGE_SEX_BANDS.items():
        if lower == max(AGE_SEX_BANDS):
            ages = np.arange(lower, OLDEST_AGE + 1)
            weights = (1 - OPEN_BAND_DECLINE) ** (ages - lower)
        else:
            ages = np.arange(lower, lower + 5)
            weights = np.ones(5)
        weights = weights / weights.sum()
        shares[ages, 0] = males * weights
        shares[ages, 1] = females * weights
    return shares / shares.sum()


def band_shares() -> dict[tuple[int, str], float]:
    """(band lower bound, "L"/"P") → share of the whole population, for tests and reports."""
    total = sum(m + f for m, f in AGE_SEX_BANDS.values())
    result = {}
    for lower, (males, females) in AGE_SEX_BANDS.items():
        result[(lower, "L")] = males / total
        result[(lower, "P")] = females / total
    return result


# --- Households -----------------------------------------------------------------------------
# Household (Kartu Keluarga) size distribution, sizes 1..10. [GUESS] shaped to a mean of about
# 3.8: BPS reports an average household size of 3.8–3.9 in SUSENAS/SP2010 [GUESS: not re-read];
# the issue asks for 3.5–4. (Dukcapil's 271.3 M people on 86.4 M KK — 3.14 per KK — counts
# administrative cards, which split real households [V: SP2020 release, Tempo 2021-03].)
HOUSEHOLD_SIZE_SHARES: dict[int, float] = {
    1: 0.08, 2: 0.16, 3: 0.22, 4: 0.24, 5: 0.15, 6: 0.08, 7: 0.04, 8: 0.015, 9: 0.0075, 10: 0.0075,
}


def mean_household_size() -> float:
    return sum(k * v for k, v in HOUSEHOLD_SIZE_SHARES.items()) / sum(HOUSEHOLD_SIZE_SHARES.values())


# Share of households headed by a woman. [GUESS] (SUSENAS reports roughly 15 %; single-person
# households are more often elderly widows.)
FEMALE_HEAD_SHARE = {"single": 0.40, "family": 0.10}
# A male head of a household of two or more has a wife in it with this probability; a female
# head has a husband in it with the second. [GUESS]
SPOUSE_SHARE = {"male_head": 0.92, "female_head": 0.05}
# Wife's age = husband's age − gap, gap ~ Normal(mean, sd) years. [GUESS]
SPOUSE_AGE_GAP = (3.5, 4.0)
# Mother's age at a child's birth ~ Uniform(low, high) years; a mother is always at least
# MIN_MOTHER_AGE_AT_BIRTH years older than her child (the service rule asks for 10). [GUESS]
MOTHER_AGE_AT_BIRTH = (18, 40)
MIN_MOTHER_AGE_AT_BIRTH = 15
# Head-of-household age targets: single-person households mix young adults and the elderly;
# larger households centre on the middle-aged. (mean, sd) in years. [GUESS]
HEAD_AGE_FAMILY = (45.0, 12.0)
HEAD_AGE_SINGLE = {"young": (0.35, 22, 35), "middle": (0.20, 36, 59), "old": (0.45, 60, 85)}
# A person aged ≥ 60 who is neither head nor spouse lives with a younger head as orang tua or
# mertua (chosen at random). Heads must be at least this much younger. [GUESS]
PARENT_MIN_GAP = 15

# Households per RT and RT per RW. [GUESS] after the maxima commonly cited from Permendagri
# 18/2018 on LKD (desa: RT ≤ 30 KK, RW ≤ 3 RT; kelurahan: RT ≤ 50 KK, RW ≤ 6 RT) — not re-read.
HOUSEHOLDS_PER_RT = {"desa": 30, "kelurahan": 50}
RT_PER_RW = {"desa": 3, "kelurahan": 6}

# --- Identifiers ----------------------------------------------------------------------------
# Probability that a resident has no NIK yet, by age (upper bound exclusive, in years). Newborns
# wait for their akta kelahiran and KK update; a few adults are unregistered. [GUESS]
NO_NIK_BY_AGE: tuple[tuple[int, float], ...] = ((1, 0.40), (5, 0.05), (200, 0.005))
# Share of person records that are a second registration of someone already registered (same
# birth date and desa, a typo in the name, no NIK) — for the duplicate finder to find. [GUESS]
DUPLICATE_SHARE = 0.005
# Share of residents with a JKN (BPJS Kesehatan) number. [GUESS] national coverage is reported
# near 95–98 % (2024); presets may set their own (Banjar: every resident, per the issue).
JKN_SHARE = 0.95
# Share with a phone number: heads of household, other adults (≥ 17). [GUESS]
PHONE_SHARE = {"head": 0.80, "adult": 0.45}
# Mobile prefixes (Telkomsel, Indosat, XL, Tri, Smartfren). [GUESS: common knowledge]
PHONE_PREFIXES = ("0811", "0812", "0813", "0821", "0822", "0852", "0853", "0814", "0815", "0816",
                  "0855", "0856", "0857", "0858", "0817", "0818", "0819", "0859", "0877", "0878",
                  "0895", "0896", "0897", "0898", "0881", "0882", "0888")
# A KK was issued on a date in the last KK_ISSUED_WITHIN_YEARS years, after the head turned 17.
KK_ISSUED_WITHIN_YEARS = 20  # [GUESS]

# --- Names ----------------------------------------------------------------------------------
# Share of names made of one word, by age (older generations more often have one name). [GUESS]
SINGLE_WORD_NAME_BY_AGE: tuple[tuple[int, float], ...] = ((25, 0.10), (50, 0.30), (200, 0.45))
# Share of names with three words (given, middle, second). [GUESS]
THREE_WORD_NAME_SHARE = 0.20
# Share of households whose children carry the father's last name. [GUESS]
FAMILY_NAME_SHARE = 0.25
# A generated name is drawn half from the regional pool, half from the national one. [GUESS]
REGIONAL_NAME_SHARE = 0.5

# --- Where people live ----------------------------------------------------------------------
# Relative size of desa: lognormal(0, sigma); a kelurahan (urban) is this many times larger. [GUESS]
DESA_SIZE_SIGMA = 0.6
KELURAHAN_SIZE_FACTOR = 2.5

# --- Facilities, staff and kader ------------------------------------------------------------
# Default counts when no preset gives them (``--kabupaten CODE --persons N``). [GUESS]
PERSONS_PER_PUSKESMAS = 20_000  # at least one per kecamatan
PUSTU_PER_DESA = 0.8
PERSONS_PER_POSYANDU = 1_400  # at least one per desa
# Default ILP shares without a preset: Kotawaringin Timur's (43/152 Pustu, 229/310 Posyandu).
DEFAULT_ILP_SHARE = {"pustu": 43 / 152, "posyandu": 229 / 310}
DEFAULT_PUSKESMAS_ILP = (date(2024, 1, 2), date(2024, 12, 31))  # [GUESS] "all Puskesmas in 2024" [V3:S24]
# Pustu and Posyandu start ILP on a date between their Puskesmas's start and this date. [GUESS]
NETWORK_ILP_UNTIL = date(2025, 9, 30)

# Nakes of a Puskesmas: profession → (min, max, klaster choices). [GUESS] shaped after a
# typical rural Puskesmas; 5 = lintas klaster (the Staff model's choice).
PUSKESMAS_STAFF: dict[str, tuple[int, int, tuple[int, ...]]] = {
    "dokter": (1, 3, (2, 3, 5)),
    "dokter_gigi": (0, 1, (2, 3)),
    "bidan": (3, 8, (2,)),
    "perawat": (4, 10, (2, 3, 5)),
    "gizi": (1, 2, (2, 3)),
    "sanitarian": (1, 1, (4,)),
    "analis": (1, 2, (5,)),
    "apoteker": (1, 2, (5,)),
    "promkes": (1, 1, (1, 4)),
    "epidemiolog": (0, 1, (4,)),
    "administrasi": (2, 4, (1,)),
}
# A Pustu running ILP has a bidan and a perawat (ILP.md §1.4); this share of them a second
# bidan. A Pustu not (yet) on ILP has one nakes, a bidan with the given probability. [GUESS]
ILP_PUSTU_SECOND_BIDAN = 0.3
OTHER_PUSTU_BIDAN = 0.7
# Kader per Posyandu (inclusive range) and their levels (Purwa, Madya, Utama). The issue asks
# for 5–15 (ILP.md §1.5: ≥5 older norm, ≥15 reported for Permendagri 13/2024). [GUESS]
KADER_PER_POSYANDU = {"ilp": (8, 15), "other": (5, 10)}
KADER_LEVEL_SHARES = {"ilp": (0.40, 0.40, 0.20), "other": (0.70, 0.25, 0.05)}
# Competency groups a kader of each level is trained in (ILP.md §1.5, criteria [M]). [GUESS]
KADER_GROUPS = {"purwa": (2, 2), "madya": (3, 4), "utama": (5, 5)}  # (min, max) groups; group 1 always
KADER_FEMALE_SHARE = 0.95

# --- Batching -------------------------------------------------------------------------------
BATCH = 5_000  # rows per bulk_create / transaction
