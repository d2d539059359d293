"""Cancer screening (ILP.md §4.3 "Cancer", §4.2 CKG): intervals and the lung-cancer risk anamnesis.

``next_cancer_screening(item, birth=…, sex=…, on=…, last_done=None, …)``  item: ``sadanis``,
    ``iva``, ``hpv_dna``, ``kolorektal``, ``kanker_paru`` -> :class:`~.schedule.ScreeningDue`
``cancer_screening_interval_months(item, high_risk=False)``  SADANIS 36, IVA 36 (12 high risk),
    HPV-DNA setting (60 [M]), colorectal 12, lung anamnesis 12
``classify_lung_cancer_risk(age_years, smoking_years, other_risk_factor=False, family_history=False)``
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from siklus.rules.screening.result import REFER_FKTL, ROUTINE, Classification, FollowUp
from siklus.rules.screening.schedule import ScreeningDue, screening_due, screening_interval_months
from siklus.rules.versioning import JUKNIS_ILP, JUKNIS_ILP_FROM, Edition, Versioned

CANCER_ITEMS = ("sadanis", "iva", "hpv_dna", "kolorektal", "kanker_paru")


def cancer_screening_interval_months(item: str, *, high_risk: bool = False, on: date | None = None) -> int:
    if item not in CANCER_ITEMS:
        raise KeyError(f"unknown cancer screening item {item!r}")
    return screening_interval_months(item, high_risk=high_risk, on=on)


def next_cancer_screening(item: str, **kwargs) -> ScreeningDue:
    """:func:`~siklus.rules.screening.schedule.screening_due` for a cancer item."""
    if item not in CANCER_ITEMS:
        raise KeyError(f"unknown cancer screening item {item!r}")
    return screening_due(item, **kwargs)


@dataclass(frozen=True)
class LungRiskRule:
    # ILP.md §4.3 [V:S1b]: > 40 y with ≥ 30 smoking-years, or ≥ 50 y with ≥ 20 years + another risk
    # factor, or family history → refer. "Smoking-years" is read as years of smoking.
    older_than_years: int
    min_smoking_years: int
    from_age_with_other_factor: int
    min_smoking_years_with_other_factor: int


LUNG_RISK = Versioned(Edition(JUKNIS_ILP, JUKNIS_ILP_FROM, LungRiskRule(40, 30, 50, 20)))


def classify_lung_cancer_risk(
    age_years: int,
    smoking_years: float,
    *,
    other_risk_factor: bool = False,
    family_history: bool = False,
    on: date | None = None,
) -> Classification:
    """High risk of lung cancer from the anamnesis → refer (FKTL). ``other_risk_factor``: e.g.
    occupational exposure, prior lung disease; ``family_history``: lung cancer in the family."""
    if age_years < 0 or smoking_years < 0 or smoking_years > age_years:
        raise ValueError("usia atau lama merokok tidak valid")
    edition = LUNG_RISK.at(on)
    r: LungRiskRule = edition.value
    reasons = []
    if age_years > r.older_than_years and smoking_years >= r.min_smoking_years:
        reasons.append("perokok_berat")
    if (
        age_years >= r.from_age_with_other_factor
        and smoking_years >= r.min_smoking_years_with_other_factor
        and other_risk_factor
    ):
        reasons.append("perokok_dengan_faktor_risiko_lain")
    if family_history:
        reasons.append("riwayat_keluarga")
    if reasons:
        return Classification(
            "risiko_tinggi",
            "Risiko tinggi kanker paru",
            FollowUp(REFER_FKTL, "Rujuk ke FKTL untuk pemeriksaan lanjut kanker paru"),
            edition.version,
            tuple(reasons),
        )
    return Classification(
        "risiko_rendah",
        "Bukan risiko tinggi kanker paru",
        FollowUp(ROUTINE, "Edukasi berhenti merokok bila merokok"),
        edition.version,
    )
