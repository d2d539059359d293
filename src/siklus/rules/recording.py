"""What the care services check when a record is entered, where no regulation gives the number.

These are siklus's choices or clinical practice ([M] in ILP.md's sense), so each is a setting with
its default and source (``siklus rules-settings`` lists them); the care services read them here
instead of writing literals. Also the control status of a known diabetic's glucose (ILP.md §4.3:
"controlled DM → monthly glucose at the Pustu"; what "controlled" means is the doctor's target,
PERKENI's by default).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from siklus.rules import config
from siklus.rules.screening.metabolic import classify_known_diabetes_control
from siklus.rules.screening.result import Classification, FollowUp


def gettext_noop(template: str) -> str:
    return template


PREGNANCY_AGE = config.declare(
    "recording.pregnancy_age_years",
    (10, 55),
    "A pregnancy is recorded only for a woman whose age in completed years lies in this inclusive "
    "range; outside it the birth date or the sex is almost certainly wrong.",
    "siklus choice (physiological limits; the plausibility rules use 10 years as the impossible gap "
    "between mother and child) [M]",
)
ABORTUS_BEFORE_WEEKS = config.declare(
    "recording.abortus_before_weeks",
    20,
    "A pregnancy that ends before this many completed weeks after the HPHT is an abortus: it cannot "
    "be recorded as a live birth or a stillbirth.",
    "WHO/ICD-10 and Kemenkes usage (abortus: ending before 20 weeks or < 500 g) [M]",
)
NIFAS_DAYS = config.declare(
    "recording.nifas_days",
    42,
    "The postpartum period (masa nifas) in days after the delivery: the red vitamin A capsule is "
    "given to a mother within it.",
    "Permenkes 21/2021 (masa nifas 6 weeks = 42 days) [M]; Buku KIA (vitamin A ibu nifas)",
)
DIABETES_TARGETS = config.declare(
    "recording.diabetes_control_targets",
    {"glucose_fasting": 130.0, "glucose_2h": 180.0, "glucose_random": 200.0, "hba1c": 7.0},
    "Known diabetes: a reading below the value (mg/dL; HbA1c in %) is controlled (terkendali), at "
    "or above it not controlled. Fasting 80–<130, 2 h post-prandial <180 and HbA1c <7 % are PERKENI's "
    "targets; a random glucose has no PERKENI target, <200 is the screening cut-off.",
    "PERKENI 2021 (targets); ILP.md §4.3 (controlled DM monitored monthly at the Pustu) [M]",
)

DM_CONTROLLED, DM_UNCONTROLLED = "dm_terkendali", "dm_tidak_terkendali"
RECORDING_VERSION = "siklus-recording-2026"


@dataclass(frozen=True)
class Range:
    low: int
    high: int


def pregnancy_age() -> Range:
    low, high = config.get(PREGNANCY_AGE.name)
    return Range(int(low), int(high))


def classify_known_diabetes(code: str, value: float, on: date | None = None) -> Classification:
    """The control status of a glucose reading (observation ``code``) of a person known to have
    diabetes: never "normal" — a diabetic with a normal reading is a controlled diabetic."""
    targets = config.get(DIABETES_TARGETS.name)
    if code not in targets:
        raise ValueError(f"no diabetes control target for {code!r}")
    controlled = float(value) < float(targets[code])
    follow: FollowUp = classify_known_diabetes_control(controlled)
    if controlled:
        return Classification(DM_CONTROLLED, gettext_noop("Diabetes terkendali"), follow, RECORDING_VERSION)
    return Classification(DM_UNCONTROLLED, gettext_noop("Diabetes tidak terkendali"), follow, RECORDING_VERSION)

BIRTH_WEIGHT_G = config.declare(
    "recording.birth_weight_g",
    (300, 7000),
    "A birth weight in grams is accepted in this inclusive range; outside it the value is refused "
    "(usually kilograms typed as grams or a digit too many).",
    "physiological limits, clinical practice [M]",
)
BIRTH_LENGTH_CM = config.declare(
    "recording.birth_length_cm",
    (20.0, 65.0),
    "A birth length in cm is accepted in this inclusive range.",
    "physiological limits, clinical practice [M]",
)
