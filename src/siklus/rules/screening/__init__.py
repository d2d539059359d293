"""Screening rules of Klaster 3 and the free health check (ILP.md §4.2–§4.3).

Every classifier returns a frozen :class:`~.result.Classification` (``code``, Indonesian ``label``,
``follow_up`` with a stable code and Indonesian text, ``rule_version``, ``flags``), or a subclass
that adds the scores it was computed from.

Modules and public functions (all re-exported here):

``result``         ``Classification``, ``FollowUp``, follow-up codes, ``most_urgent``
``bloodpressure``  ``classify_adult_bp``, ``classify_child_bp``, ``classify_bp``, ``complication_screening_due``
``metabolic``      ``classify_glucose``, ``imt``, ``classify_imt``, ``classify_waist``,
                   ``classify_total_cholesterol``, ``classify_ldl``, ``classify_hdl``,
                   ``classify_triglycerides``, ``cvd_risk_band``, ``antihypertensive_indicated``,
                   ``classify_kidney``, ``classify_known_diabetes_control``
``mental``         ``classify_srq20``, ``classify_srq20_score``, ``classify_assist``
``lung``           ``pack_years``, ``puma_score``
``senses``         ``classify_visus``, ``classify_finger_counting``, ``classify_whisper_test``
``blood``          ``classify_hb``, ``mentzer_index``, ``shine_lal_index``, ``thalassemia_carrier_screen``
``cancer``         ``next_cancer_screening``, ``cancer_screening_interval_months``, ``classify_lung_cancer_risk``
``schedule``       ``SCREENING_ITEMS``, ``screening_due``, ``screening_interval_months``, ``next_due_date``

Measured values pass the unit guard :mod:`siklus.rules.units` first (ILP.md §0.1 C6): a glucose of
2–35 (mmol/L typed as mg/dL), an Hb of 30–250 (g/L), a height of 0.3–2.5 (m) or a weight of 400 and
more (g) raises :class:`~siklus.rules.units.ImplausibleValue`, a ValueError whose ``finding`` names
the unit. GDS 100–199 mg/dL is ``belum_pasti`` with a confirming GDP/TTGO due (C5).
"""

from siklus.rules.screening.blood import classify_hb, mentzer_index, shine_lal_index, thalassemia_carrier_screen
from siklus.rules.screening.bloodpressure import (
    classify_adult_bp,
    classify_bp,
    classify_child_bp,
    complication_screening_due,
)
from siklus.rules.screening.cancer import (
    cancer_screening_interval_months,
    classify_lung_cancer_risk,
    next_cancer_screening,
)
from siklus.rules.screening.lung import pack_years, puma_score
from siklus.rules.screening.mental import classify_assist, classify_srq20, classify_srq20_score
from siklus.rules.screening.metabolic import (
    antihypertensive_indicated,
    classify_glucose,
    classify_hdl,
    classify_imt,
    classify_kidney,
    classify_known_diabetes_control,
    classify_ldl,
    classify_total_cholesterol,
    classify_triglycerides,
    classify_waist,
    cvd_risk_band,
    imt,
)
from siklus.rules.screening.result import Classification, FollowUp, most_urgent
from siklus.rules.screening.schedule import (
    SCREENING_ITEMS,
    ScreeningDue,
    next_due_date,
    screening_due,
    screening_interval_months,
)
from siklus.rules.screening.senses import classify_finger_counting, classify_visus, classify_whisper_test

__all__ = [
    "Classification",
    "FollowUp",
    "most_urgent",
    "classify_adult_bp",
    "classify_child_bp",
    "classify_bp",
    "complication_screening_due",
    "classify_glucose",
    "imt",
    "classify_imt",
    "classify_waist",
    "classify_total_cholesterol",
    "classify_ldl",
    "classify_hdl",
    "classify_triglycerides",
    "cvd_risk_band",
    "antihypertensive_indicated",
    "classify_kidney",
    "classify_known_diabetes_control",
    "classify_srq20",
    "classify_srq20_score",
    "classify_assist",
    "pack_years",
    "puma_score",
    "classify_visus",
    "classify_finger_counting",
    "classify_whisper_test",
    "classify_hb",
    "mentzer_index",
    "shine_lal_index",
    "thalassemia_carrier_screen",
    "next_cancer_screening",
    "cancer_screening_interval_months",
    "classify_lung_cancer_risk",
    "SCREENING_ITEMS",
    "ScreeningDue",
    "screening_due",
    "screening_interval_months",
    "next_due_date",
]
