"""Deployment settings of the anthropometry rules (see :mod:`siklus.rules.config`).

Each is a fact ILP.md tags [M] (unverified) or a point where two WHO implementations
disagree; the default is stated with its source, and a deployment may change it.
"""

from __future__ import annotations

from siklus.rules import config

WHO2006_UPPER_AGE_MONTHS = config.declare(
    "anthropometry.who2006_upper_age_months",
    61,
    "WHO 2006 z-scores are computed for age (unrounded months) below this bound; from 61 "
    "months the WHO 2007 reference takes over. 61 follows WHO's igrowup macros (daily tables "
    "to day 1856) and Permenkes 2/2020's 0–60 completed months; 60 follows WHO's R package "
    "anthro ≥ 0.9.3, which leaves 60.0–60.99 months without WHO 2006 scores (and, as the "
    "packaged WHO 2007 table starts at 61 months, without any score).",
    "ILP.md §5.6 (seam at 60–61 months); WHO igrowup vs anthro R",
)

STANDING_UNDER_9_MONTHS = config.declare(
    "anthropometry.standing_under_9_months",
    "adjust",
    "A child under 9 months reported as measured standing: 'adjust' adds 0.7 cm like every "
    "other child under 731 days (WHO's igrowup macros) and warns the kader to measure again "
    "lying down; 'ignore_position' treats the position as unknown (no +0.7 cm), as WHO's R "
    "package anthro ≥ 1.0 does. The warning (WHO's c9mo_flag) is given under both.",
    "ILP.md §0.1 C9 [V: WHO anthro c9mo_flag]; WHO anthro R anthro_zscores() vs igrowup",
)

INDEX_SWITCH_AGE_BASIS = config.declare(
    "anthropometry.index_switch_age_basis",
    "days",
    "Age that decides between the 0–60 month indices (WHO 2006) and the 5–18 year index "
    "(WHO 2007) at the upper bound anthropometry.who2006_upper_age_months: 'days' = age in "
    "days ÷ 30.4375, as WHO's software; 'completed_months' = completed calendar months "
    "(bulan penuh, from the birth and visit dates) as Permenkes 2/2020 counts age. Sources "
    "leave this open (ILP.md §0.1 C10); without dates the days are used.",
    "ILP.md §0.1 C10, §5.3, §5.6 [V3] — open; default follows WHO's software",
)

OEDEMA_COUNTS_AS_SEVERE = config.declare(
    "anthropometry.oedema_counts_as_severe",
    True,
    "Bilateral pitting oedema blanks the weight-based z-scores; when True the weight-based "
    "statuses and prevalences count the child in the lowest category (< −3 SD), as WHO's "
    "anthro prevalence does; when False those statuses stay empty.",
    "WHO anthro R documentation of oedema",
)

DERIVED_FLAG_CUTOFFS = config.declare(
    "anthropometry.derived_flag_cutoffs",
    {"stunting": -2.0, "wasting": -2.0, "underweight": -2.0, "overweight": 2.0},
    "Derived flags: stunting = PB/U or TB/U z < cut, wasting = BB/PB(TB) z < cut, "
    "underweight = BB/U z < cut, overweight = BB/PB(TB) z > cut (rounded z).",
    "ILP.md §5.2 [M: standard WHO usage]",
)

LKU_CUTOFFS = config.declare(
    "anthropometry.lku_cutoffs",
    (-2.0, 2.0),
    "LK/U (head circumference-for-age): mikrosefali below the first cut, makrosefali above "
    "the second, normal between (both inclusive).",
    "ILP.md §5.2 [V3:S13c, M]",
)

IMTU_5_18_SEVERE_ROW = config.declare(
    "anthropometry.imtu_5_18_severe_row",
    True,
    "IMT/U 5–18 years has a 'Gizi buruk (severely thinness)' row for z < −3; when False "
    "every z < −2 is 'Gizi kurang (thinness)'.",
    "ILP.md §5.2 [V:S1b, M for the gizi buruk row]",
)

IMTU_5_18_MAX_MONTHS = config.declare(
    "anthropometry.imtu_5_18_max_months",
    216,
    "Oldest age (completed months) classified with the IMT/U 5–18 years categories.",
    "ILP.md §5.1 (5–18 y) [M for the exact upper month]",
)

MUAC_CUTOFFS_CM = config.declare(
    "anthropometry.muac_cutoffs_cm",
    (11.5, 12.5),
    "Absolute LiLA cut-offs: below the first = gizi buruk, below the second = gizi kurang.",
    "ILP.md §5.2 [M]",
)

MUAC_AGE_MONTHS = config.declare(
    "anthropometry.muac_age_months",
    (6, 60),
    "Age band (completed months, from inclusive, to exclusive) for the absolute LiLA cut-offs.",
    "ILP.md §5.2 (6–59 months) [M]",
)

# KBM editions: ((from completed month, minimal gain in grams), ...), a step function.
KBM_BUKU_KIA_2023 = config.declare(
    "anthropometry.kbm.buku_kia_2023",
    ((0, 800), (2, 900), (3, 800), (4, 600), (5, 500), (6, 400), (7, 300), (11, 200)),
    "KBM of Buku KIA 2023 as (from month, grams) steps: 1 → 800, 2 → 900, 3 → 800, "
    "4 → 600, 5 → 500, 6 → 400, 7–10 → 300, ≥ 11 → 200 (month 0 uses the first step). Open "
    "question (ILP.md §0.1 C10): 7 months is 300 g in the Buku KIA 2023 print and 400 g in the "
    "older KMS — to use 400 g, set the steps to (..., (6, 400), (8, 300), (11, 200)).",
    "ILP.md §0.1 C10, §5.5 [V:S12 values, M column mapping]",
)

KBM_AGE_BASIS = config.declare(
    "anthropometry.kbm_age_basis",
    "completed_months",
    "Age that picks the KBM of a weighing: 'completed_months' = completed months at the "
    "weighing (umur bulan penuh); 'calendar_column' = the KMS column, calendar months since "
    "the birth month whatever the day (born 20 Jan, weighed 5 Mar: column 2, completed 1). "
    "Sources leave this open (ILP.md §0.1 C10).",
    "ILP.md §0.1 C10, §5.5 [V3] — open; default completed months",
)

KBM_KMS_2008 = config.declare(
    "anthropometry.kbm.kms_2008",
    ((0, 800), (2, 900), (3, 800), (4, 600), (5, 500), (6, 400), (8, 300), (11, 200)),
    "KBM of the older KMS (2008): 6 and 7 months 400 g, 8–10 months 300 g, ≥ 11 months 200 g.",
    "ILP.md §5.5 [M]",
)

KBM_GAP_RULE = config.declare(
    "anthropometry.kbm_gap_rule",
    "O",
    "When the previous weighing is more than one calendar month back: 'O' (cannot judge) or "
    "'kbm_per_month' (gain compared with KBM × number of months, a local practice).",
    "ILP.md §5.5 [M]",
)

REFERRAL_RULE = config.declare(
    "anthropometry.referral_rule",
    "T",
    "Weight-gain referral: 'T' refers at every T (Buku KIA 2023), '2T' at two consecutive T "
    "(classic KMS). BGM refers under both rules.",
    "ILP.md §5.5 [V:S12 for T; M for 2T]",
)

REFERRAL_ABOVE_WFA_Z = config.declare(
    "anthropometry.referral_above_wfa_z",
    1.0,
    "Buku KIA 2023 refers a child plotted above the orange line of the weight-for-age chart, "
    "even when the weight went up (always on, ILP.md §0.1 C8). This is the line's z: a weight-"
    "for-age z strictly above it refers. Default +1 SD, the BB/U boundary of 'risiko berat "
    "badan lebih' in Permenkes 2/2020; the line's z on the printed chart is not verified.",
    "ILP.md §0.1 C8 [V: Buku KIA 2023 p. 54 rule]; §5.2 BB/U > +1 [V:S13]; line z [M]",
)

REFERRAL_STATUSES = config.declare(
    "anthropometry.referral_statuses",
    ("severely_wasted", "wasted", "severely_underweight", "underweight", "severely_stunted", "stunted", "obese",
     "severe_acute_malnutrition", "moderate_acute_malnutrition", "microcephaly", "macrocephaly"),
    "Permenkes 2/2020 status codes (BB/TB, BB/U, TB/U, LiLA, LK/U) that send a child to the Puskesmas "
    "team (doctor + nutritionist) whatever the weight gain: gizi kurang/buruk, underweight, stunting "
    "(Juknis ILP); obesity is referred to FKTL by CKG; an abnormal head circumference by the Buku KIA.",
    "ILP.md §5.5 referral rules [V:S1b Juknis ILP; V:S2 CKG]; LK/U [M]",
)


def refers(status_code: str | None) -> bool:
    """Whether a child's anthropometric status alone calls for referral (``referral_statuses``)."""
    return status_code is not None and status_code in config.get(REFERRAL_STATUSES.name)
