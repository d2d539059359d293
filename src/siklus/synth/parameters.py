"""Every rate and share the generator draws from, with its source.

Tags as in ILP.md §0: **[V:…]** a published figure (the source is named), **[GUESS]** a plausible
value chosen here, not taken from a source — change it when a better figure is found. The tests
in ``tests/synth`` check that generated data lands within tolerance of these values, so changing
a value here is all it takes to change the generator.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
from django.utils.translation import gettext_noop


@dataclass(frozen=True)
class Figure:
    """A figure the generator aims at, with where it comes from (``[K2]``-style keys point to the
    source list of DISTRICTS.md). ``national``: a national value standing in where the district
    has none of its own."""

    value: float
    source: str
    national: bool = False


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
# National figures the shape above gives, for districts without their own: the sex ratio of
# SP2020 [V: BPS SP2020 headline, 102] and the 0–4 share of the shape (≈ 8.0 %).
SEX_RATIO = Figure(102.0, "SP2020 (BPS)", national=True)
SHARE_0_4 = Figure(0.080, gettext_noop("SP2020 (BPS), bentuk nasional"), national=True)
# Within the open 75+ band the number alive falls by this fraction per year of age. [GUESS]
OPEN_BAND_DECLINE = 0.12


def age_sex_shares(sex_ratio: float | None = None, share_0_4: float | None = None) -> np.ndarray:
    """Shares of the whole population by single year of age (rows 0..OLDEST_AGE) and sex
    (column 0 = L, 1 = P); sums to 1. Uniform within a five-year band, declining in 75+.

    ``sex_ratio`` (males per 100 females) and ``share_0_4`` (of the whole population) fit the
    national shape to a district's figures by iterative proportional fitting (the rest of the
    shape stays national)."""
    shares = _national_shares()
    for _ in range(20 if sex_ratio or share_0_4 else 0):
        if share_0_4:
            young = shares[:5].sum()
            shares[:5] *= share_0_4 / young
            shares[5:] *= (1 - share_0_4) / (1 - young)
        if sex_ratio:
            males, females = shares[:, 0].sum(), shares[:, 1].sum()
            shares[:, 0] *= sex_ratio / (100 + sex_ratio) / males
            shares[:, 1] *= 100 / (100 + sex_ratio) / females
    return shares / shares.sum()


def _national_shares() -> np.ndarray:
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

# --- Life over time (``history.py``) ---------------------------------------------------------
# Months of history by default (``synth --months``); the demo's 1 % Kotim stays well under 15 s.
DEFAULT_MONTHS = 12
# Access of a desa to care (distance to the Puskesmas): a kelurahan has 1.0; a desa is "far" with
# FAR_DESA_SHARE and then draws its factor from FAR_ACCESS, otherwise from NEAR_ACCESS. Coverage
# probabilities below are multiplied by it (drop-out hazards divided by it). [GUESS]
FAR_DESA_SHARE = 0.30
FAR_ACCESS = (0.55, 0.85)
NEAR_ACCESS = (0.92, 1.0)

# Crude birth rate per 1,000 per year. [V: BPS, Proyeksi Penduduk 2020–2050 hasil SP2020, CBR
# about 16 for 2024 — the figure the issue asks for; not re-read]. No district has its own figure
# (DISTRICTS.md: "district CBR or birth counts" not found); Kaltim's LF SP2020 CBR 17–18 [N9].
CRUDE_BIRTH_RATE = 16.0
BIRTH_RATE = Figure(CRUDE_BIRTH_RATE, gettext_noop("Proyeksi Penduduk BPS (SP2020), 2024"), national=True)
# Relative fertility of a woman by five-year age band (15..45); the shape of Indonesia's ASFR. [GUESS
# after SP2020 Long Form ASFR, peak at 25–29, not re-read]
FERTILITY_BY_AGE = {15: 0.26, 20: 0.95, 25: 1.0, 30: 0.80, 35: 0.48, 40: 0.16, 45: 0.03}
# Annual probability of death by age (lower bound of band → q). Infant: IMR 16.85 per 1,000
# [V: SP2020 Long Form]; other ages [GUESS] shaped to a crude death rate of about 6.5 per 1,000.
MORTALITY_BY_AGE = {0: 0.0169, 1: 0.0012, 5: 0.0004, 15: 0.0009, 30: 0.0018, 45: 0.0048, 55: 0.0115,
                    65: 0.030, 75: 0.085}
# Annual probability of moving out of the kabupaten, by age band. [GUESS] (~1 % a year overall).
MIGRATION_OUT_BY_AGE = {0: 0.008, 15: 0.020, 30: 0.010, 45: 0.005, 60: 0.003}

# Pregnancy and birth. Gestation at birth ~ Normal(mean, sd) days after HPHT. [GUESS]
GESTATION_DAYS = (276, 9)
# ANC contacts (1-2-3 pattern, ILP.md §2): planned gestational weeks of K1..K6 and which of the
# six are with a doctor (K1 and K5). [V: ILP.md §2 pattern; weeks GUESS]
ANC_WEEKS = (10, 17, 24, 30, 34, 38)
ANC_DOCTOR_CONTACTS = (0, 4)
# K1 in the first trimester (week 6–12) with this probability × access, otherwise late (13–28). [GUESS
# near SKI 2023 K1 trimester-1 of about 80 %]
ANC_EARLY_K1 = 0.85
ANC_LATE_WEEKS = (13, 28)
# After each contact the next one happens with this probability (hazard of stopping ÷ access). [GUESS]
ANC_CONTINUE = 0.94
# Birth weight (g) ~ Normal(mean, sd), length (cm) ~ Normal(mean, sd) [GUESS: LBW (< 2,500 g) about 6 %,
# near SKI 2023]; caesarean share of deliveries in a facility [GUESS]; IMD, vitamin K1 and eye
# ointment given at a facility delivery with these shares, at home with the second [GUESS].
BIRTH_WEIGHT_G = (3_100, 420)
BIRTH_LENGTH_CM = (48.5, 2.0)
CAESAREAN_SHARE = 0.20
NEWBORN_CARE = {"facility": 0.90, "home": 0.40}
# Deliveries in a health facility. [V: SKI 2023 persalinan di fasyankes ≈ 88 %, not re-read] × access.
FACILITY_DELIVERY = 0.90
# The team at a facility delivery (ILP.md §4.5: doctor + midwife + nurse, or doctor + 2 midwives; SPM
# 4/2019 accepted a pair). Shares [GUESS: no published rates; DISTRICTS.md has none]. A caesarean is
# always doctor + midwife + nurse; a home delivery has its one attendant.
DELIVERY_TEAMS = ((("bidan", "dokter", "perawat"), 0.35), (("bidan", "bidan", "dokter"), 0.15),
                  (("bidan", "bidan"), 0.25), (("bidan", "perawat"), 0.15), (("bidan",), 0.10))
# KF1..KF4 and KN1..KN3: days after birth (earliest, latest) and coverage × access. [GUESS; windows as
# ILP.md §2: KF1 6 h–2 d, KF2 3–7 d, KF3 8–28 d, KF4 29–42 d; KN1 6–48 h, KN2 3–7 d, KN3 8–28 d]
KF_VISITS = (((0, 2), 0.93), ((3, 7), 0.85), ((8, 28), 0.78), ((29, 42), 0.68))
KN_VISITS = (((0, 2), 0.95), ((3, 7), 0.88), ((8, 28), 0.82))

# Children 0–59 months: weighed at their Posyandu in a month with this probability × access
# (D/S). [GUESS near the reported D/S of about 75–85 %]
WEIGHING_ATTENDANCE = 0.85
# Growth: each child has a persistent z offset ~ Normal(0, sd_child) plus monthly noise
# Normal(0, sd_month) around a mean that depends on age, set so P(z < −2) at each age is the
# prevalence of that age band: mean = −2 − Φ⁻¹(share) × total sd.
# National prevalences [V: SKI 2023 [N1] — SKI, not "SSGI 2023": SSGI was folded into SKI that year].
STUNTING = Figure(0.215, "SKI 2023", national=True)
WASTING = Figure(0.085, "SKI 2023", national=True)
UNDERWEIGHT = Figure(0.159, "SKI 2023", national=True)
STUNTING_SHARE, WASTING_SHARE = STUNTING.value, WASTING.value
# Stunting by age band (lower bound in months → prevalence) [V: SKI 2023 [N2]: 13.7 % at 0–5 months,
# 13.1 % at 6–11, 22.7 % at 12–23, 25.8 % at 24–35, 23.6 % at 36–47]; 48–59 months is not quoted
# and is derived so the bands average to the 21.5 % overall (60 months, each band by its width): 22.0 %.
STUNTING_BY_AGE = {0: 0.137, 6: 0.131, 12: 0.227, 24: 0.258, 36: 0.236, 48: 0.220}
# Wasting relative to the overall rate by age band. [GUESS: highest in infancy and falling after
# two years, as SSGI/Riskesdas report; SKI 2023 wasting by age was not found]. Normalised by width.
WASTING_BY_AGE = {0: 1.30, 6: 1.30, 12: 1.15, 24: 0.90, 36: 0.85, 48: 0.85}
# A district's age profile is the national one scaled by (district rate ÷ national rate).
AGE_BANDS_MONTHS = (0, 6, 12, 24, 36, 48, 60)
GROWTH_SD_CHILD = 0.95
GROWTH_SD_MONTH = 0.25
# Far desa shift the child's mean z down by this × (1 − access) (more stunting where access is low). [GUESS]
GROWTH_ACCESS_SHIFT = 1.0
# LiLA measured at a weighing of a child aged 6–59 months with this probability. [GUESS]
MUAC_SHARE = 0.15

# Immunization (siklus.rules.immunization schedule). A child is reached at all unless it is missed
# with (1 − REACHED) ÷ access; after each visit the next happens unless the child drops out (hazard ÷ access); a
# "late" child's visits come LATE_MONTHS_MEAN months (exponential) after the ideal age, an
# on-time child's within the ideal month. [GUESS, tuned so IDL lands near 85–90 % as the issue asks
# (ILP.md §3.4: reported IDL 2023 ≈ 95 % by programme records, lower in surveys)]
IMM_REACHED = 0.985
IMM_DROPOUT_PER_VISIT = 0.012
IMM_LATE_SHARE = 0.25
IMM_LATE_MONTHS_MEAN = 1.2
# Children whose whole history is generated: born within this many months before --as-of.
IMM_HISTORY_MONTHS = 36

# Immunization: IDL (complete basic immunization by the first birthday) the schedule above gives. [GUESS:
# between the Susenas 2023 household survey (63.6 %) and routine programme reports (≈ 95 %) [N6]]
IDL = Figure(0.875, gettext_noop("antara Susenas 2023 (63,6 %) dan laporan rutin (≈ 95 %)"), national=True)

# Adults ≥ 15: screened once a year with this probability × access ÷ the kabupaten's mean access
# (so the kabupaten's coverage is the figure). [V: CKG 2025 — Kotim above 38 %, national target
# 36 % [K10]; the older 60 % was a guess twice the real coverage]
SCREENING = Figure(0.36, gettext_noop("target CKG 2025"), national=True)
SCREENING_COVERAGE = SCREENING.value
SCREENING_MIN_AGE = 15
# Of those screened: hypertension (≥ 140/90, measured, ≥ 18 y) [V: SKI 2023 30.8 % [N4]] and
# diabetes-range fasting glucose (GDP ≥ 126 mg/dL, ≥ 15 y) [V: SKI 2023 11.3 % by FPG/OGTT [N5]].
HYPERTENSION = Figure(0.308, gettext_noop("SKI 2023, terukur, ≥ 18 tahun"), national=True)
DIABETES = Figure(0.113, gettext_noop("SKI 2023, GDP/TTGO, ≥ 15 tahun"), national=True)
HYPERTENSION_SHARE, DIABETES_SHARE = HYPERTENSION.value, DIABETES.value
HYPERTENSION_MIN_AGE = 18
# Relative risk by age band (lower bound → weight), normalised within each desa so the shares above
# hold among adults. [GUESS shaped after SKI 2023 age gradients]
HYPERTENSION_RISK_BY_AGE = {15: 0.25, 25: 0.45, 35: 0.85, 45: 1.5, 55: 2.1, 65: 2.6}
DIABETES_RISK_BY_AGE = {15: 0.2, 25: 0.4, 35: 0.9, 45: 1.6, 55: 2.0, 65: 2.0}
# Found hypertension/diabetes: share followed up monthly (``kontrol``), attendance per month, and the
# share of kontrol visits where the BP (< 140/90) or the fasting glucose (below the control target of
# recording.diabetes_control_targets, 130 mg/dL) is controlled. [GUESS]
KONTROL_SHARE = 0.40
KONTROL_ATTENDANCE = 0.80
KONTROL_CONTROLLED = 0.50
KONTROL_GLUCOSE_CONTROLLED = 0.35

# Vitamin A capsules in the February and August rounds at the Posyandu (ILP.md §0.1 C4: blue once at
# 6–11 months, red every round 12–59 months): a child weighed in that month gets it with this probability.
# [GUESS near the reported coverage of about 80 %]
VITAMIN_A_MONTHS = (2, 8)
VITAMIN_A_COVERAGE = 0.95
# Lansia (≥ 60, screened): ADL (Barthel 0–20) score shares and SKILAS domains positive. [GUESS]
ELDERLY_MIN_AGE = 60
ADL_SCORE_SHARES = {20: 0.82, 17: 0.07, 14: 0.05, 10: 0.03, 6: 0.02, 2: 0.01}
SKILAS_POSITIVE = {"kognitif": 0.12, "mobilisasi": 0.10, "malnutrisi": 0.08, "penglihatan": 0.15,
                   "pendengaran": 0.10, "depresi": 0.07}
# TB symptom screening at the same visit: share presumptive (terduga TBC). [GUESS; the national
# target of about 1 presumptive case per 100 people examined]
TB_PRESUMPTIVE_SHARE = 0.01

# --- Batching -------------------------------------------------------------------------------
BATCH = 5_000  # rows per bulk_create / transaction
