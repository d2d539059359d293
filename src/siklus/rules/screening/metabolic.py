"""Glucose, IMT and central obesity, lipids, 10-year CVD risk bands, kidney (ILP.md §4.3, §4.2).

``classify_glucose(value, test, classic_symptoms=False)``   GDS / GDP / TTGO (mg/dL) or HbA1c (%)
``imt(weight_kg, height_cm)`` and ``classify_imt(value)``   Asia-Pacific cut-offs
``classify_waist(waist_cm, sex)``                           central obesity > 90 cm (L) / > 80 cm (P)
``classify_total_cholesterol``, ``classify_ldl``, ``classify_hdl``, ``classify_triglycerides``
``cvd_risk_band(percent)``                                  re-assessment interval of the WHO/ISH chart band
``classify_kidney(creatinine=None, ureum=None, egfr=None)`` CKG kidney function
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from siklus.rules import units
from siklus.rules.screening.result import (
    ASSESSMENT,
    COUNSELLING,
    MONTHLY_MONITORING,
    RECHECK,
    REFER_FKTL,
    REFER_PUSKESMAS,
    ROUTINE,
    Classification,
    FollowUp,
    sex_code,
)
from siklus.rules.versioning import JUKNIS_ILP, JUKNIS_ILP_FROM, Edition, Versioned

CKG_2025 = "juknis-pkg-2025"
CKG_2025_FROM = date(2025, 1, 1)

# --------------------------------------------------------------------------------------------- glucose


def gettext_noop(template: str) -> str:
    """Marks a label for the translation catalogue without importing i18n machinery."""
    return template


@dataclass(frozen=True)
class GlucoseCutoffs:
    diabetes_from: float
    prediabetes_from: float
    unit: str
    label: str
    # GDS only (PERKENI): from this value below ``diabetes_from`` the result is "belum pasti DM"
    # and a fasting glucose or OGTT confirms it; None: the older prediabetes reading.
    uncertain_from: float | None = None


# ILP.md §0.1 C5: the juknis tables print GDS normal < 100; PERKENI 2015/2021 call GDS 100–199
# "belum pasti DM" (confirm with GDP or TTGO), ≥ 200 DM. siklus read "< 140 normal" until the
# correction (December 2026). That was our misreading, not a rule ever in force, so the corrected
# edition applies to every date since the juknis; the misread one is kept as superseded, only so
# the results stored under its id can still be explained.
GLUCOSE_CORRECTED = "juknis-ilp-2023+perkeni"
_GLUCOSE_JUKNIS = {
    "gds": GlucoseCutoffs(200, 140, "mg/dL", "Gula darah sewaktu (GDS)"),
    "gdp": GlucoseCutoffs(126, 100, "mg/dL", "Gula darah puasa (GDP)"),
    "ttgo": GlucoseCutoffs(200, 140, "mg/dL", "Gula darah 2 jam TTGO"),
    "hba1c": GlucoseCutoffs(6.5, 5.7, "%", "HbA1c"),
}
GLUCOSE = Versioned(
    Edition(
        GLUCOSE_CORRECTED,
        JUKNIS_ILP_FROM,
        {**_GLUCOSE_JUKNIS, "gds": GlucoseCutoffs(200, 200, "mg/dL", "Gula darah sewaktu (GDS)", uncertain_from=100)},
    ),
    superseded=(Edition(JUKNIS_ILP, JUKNIS_ILP_FROM, _GLUCOSE_JUKNIS),),
)

_MG_DL_TESTS = ("gds", "gdp", "ttgo")
_HBA1C_RANGE = (2, 20)
CONFIRM_FLAG = "konfirmasi_gdp_ttgo"  # a fasting glucose or OGTT is due to confirm the result


def classify_glucose(
    value: float, test: str, *, classic_symptoms: bool = False, on: date | None = None, unit_confirmed: bool = False
) -> Classification:
    """Glucose category (ILP.md §4.3, §0.1 C5): ``test`` is ``gds``, ``gdp``, ``ttgo`` (mg/dL) or ``hba1c`` (%).

    A mg/dL value first passes the unit guard (:mod:`siklus.rules.units`, C6): a glucose of 2–35
    looks like mmol/L and raises :class:`~siklus.rules.units.ImplausibleValue`, a ValueError whose
    ``finding`` names the unit (20–35 is accepted with ``unit_confirmed=True``).

    GDS (edition ``juknis-ilp-2023+perkeni``): < 100 normal; 100–199 ``belum_pasti``
    ("belum pasti DM"), a GDP or TTGO is due to confirm it (flag ``konfirmasi_gdp_ttgo``);
    ≥ 200 diabetes only **with the classic symptoms** (polyuria, polydipsia, polyphagia, unexplained
    weight loss), without them ``hiperglikemia`` needing a confirming GDP/TTGO/HbA1c (same flag).
    A glucometer result at the Posyandu/Pustu is screening, the diagnosis is the doctor's: every
    diabetes-range result is referred to the Puskesmas. Prediabetes (GDP/TTGO/HbA1c): lifestyle and
    a re-check in 3 months.
    """
    test = test.lower()
    if test in _MG_DL_TESTS:
        units.guard("glucose_mg_dl", value, confirmed=unit_confirmed)
    elif test == "hba1c":
        if not _HBA1C_RANGE[0] <= value <= _HBA1C_RANGE[1]:
            raise ValueError("hasil pemeriksaan HbA1c di luar rentang wajar (2–20 %)")
    else:
        raise ValueError(f"jenis pemeriksaan gula darah tidak dikenal: {test!r} (gds, gdp, ttgo, hba1c)")
    edition = GLUCOSE.at(on)
    cut: GlucoseCutoffs = edition.value[test]
    prediabetes_from = cut.prediabetes_from
    version = edition.version
    uncertain_from = cut.uncertain_from
    if value >= cut.diabetes_from:
        if test == "gds" and not classic_symptoms:
            return Classification(
                "hiperglikemia",
                "Gula darah sewaktu ≥ 200 mg/dL tanpa gejala klasik (perlu konfirmasi)",
                FollowUp(REFER_PUSKESMAS, "Rujuk ke Puskesmas untuk pemeriksaan GDP/TTGO/HbA1c"),
                version,
                (CONFIRM_FLAG,),
            )
        return Classification(
            "diabetes",
            "Diabetes melitus",
            FollowUp(REFER_PUSKESMAS, "Rujuk ke Puskesmas untuk penegakan diagnosis dan tata laksana diabetes"),
            version,
        )
    if uncertain_from is not None and value >= uncertain_from:
        return Classification(
            "belum_pasti",
            gettext_noop("Belum pasti DM (GDS 100–199 mg/dL)"),
            FollowUp(
                ASSESSMENT,
                gettext_noop("Periksa gula darah puasa (GDP) atau TTGO untuk memastikan; edukasi gaya hidup sehat"),
            ),
            version,
            (CONFIRM_FLAG,),
        )
    if value >= prediabetes_from:
        return Classification(
            "prediabetes",
            "Prediabetes",
            FollowUp(RECHECK, "Edukasi gaya hidup sehat; periksa ulang gula darah 3 bulan lagi", recheck_months=3),
            version,
        )
    return Classification("normal", "Normal", FollowUp(ROUTINE, "Periksa ulang tahun depan"), version)


def classify_known_diabetes_control(controlled: bool) -> FollowUp:
    """Follow-up of a known diabetic at the Pustu (ILP.md §4.3): controlled → monthly glucose at the
    Pustu; not controlled → refer to the Puskesmas. What 'controlled' means is the doctor's target."""
    if controlled:
        return FollowUp(MONTHLY_MONITORING, "Diabetes terkendali: pemeriksaan gula darah setiap bulan di Pustu")
    return FollowUp(REFER_PUSKESMAS, "Diabetes tidak terkendali: rujuk ke Puskesmas")


# --------------------------------------------------------------------------------------------- IMT


@dataclass(frozen=True)
class ImtBand:
    code: str
    label: str
    from_value: float  # inclusive lower bound


# ILP.md §4.3 "Obesity" (Asia-Pacific, WHO 2000) [V:S1b]. The juknis transcription prints Obesitas I
# as "23–29.9", an evident typo (it would overlap the overweight row 23.0–24.9): Obesitas I is 25.0–29.9.
# Bounds apply to the unrounded IMT: "18.5–22.9" means 18.5 ≤ IMT < 23.
IMT_BANDS = Versioned(
    Edition(
        JUKNIS_ILP,
        JUKNIS_ILP_FROM,
        (
            ImtBand("bb_kurang", "Berat badan kurang", 0.0),
            ImtBand("normal", "Normal", 18.5),
            ImtBand("bb_lebih", "Kelebihan berat badan (berisiko)", 23.0),
            ImtBand("obesitas_1", "Obesitas I", 25.0),
            ImtBand("obesitas_2", "Obesitas II", 30.0),
        ),
    )
)

_IMT_FOLLOW_UP = {
    # CKG result groups (ILP.md §4.2): risk factor (under/overweight) → counselling; pra-penyakit
    # (obesitas) → management + counselling, monitored monthly at the Posyandu.
    "bb_kurang": FollowUp(COUNSELLING, "Edukasi gizi seimbang"),
    "normal": FollowUp(ROUTINE, "Pertahankan berat badan; periksa ulang tahun depan"),
    "bb_lebih": FollowUp(COUNSELLING, "Edukasi gizi seimbang dan aktivitas fisik"),
    "obesitas_1": FollowUp(
        MONTHLY_MONITORING, "Tata laksana obesitas (diet, aktivitas fisik) dan pemantauan berat badan setiap bulan"
    ),
    "obesitas_2": FollowUp(
        MONTHLY_MONITORING, "Tata laksana obesitas (diet, aktivitas fisik) dan pemantauan berat badan setiap bulan"
    ),
}


def imt(weight_kg: float, height_cm: float) -> float:
    """IMT = BB (kg) / TB (m)², unrounded. Weight in grams or height in metres is refused by the
    unit guard (:class:`~siklus.rules.units.ImplausibleValue`, ILP.md §0.1 C6)."""
    units.guard("weight_kg", weight_kg)
    units.guard("height_cm", height_cm)
    if not 2 <= weight_kg <= 300:
        raise ValueError("berat badan di luar rentang wajar (2–300 kg)")
    if not 40 <= height_cm <= 250:
        raise ValueError("tinggi badan di luar rentang wajar (40–250 cm)")
    metres = height_cm / 100
    return weight_kg / (metres * metres)


def classify_imt(value: float, on: date | None = None) -> Classification:
    """Asia-Pacific IMT category for adults (ILP.md §4.3); children use IMT/U z-scores instead."""
    if not 5 <= value <= 100:
        raise ValueError("IMT di luar rentang wajar")
    edition = IMT_BANDS.at(on)
    band = [b for b in edition.value if value >= b.from_value][-1]
    return Classification(band.code, band.label, _IMT_FOLLOW_UP[band.code], edition.version)


@dataclass(frozen=True)
class WaistCutoffs:
    men_above_cm: float
    women_above_cm: float


WAIST = Versioned(Edition(JUKNIS_ILP, JUKNIS_ILP_FROM, WaistCutoffs(90, 80)))  # ILP.md §4.3 [V:S1b]


def classify_waist(waist_cm: float, sex: str, on: date | None = None) -> Classification:
    """Central obesity: waist (lingkar perut) **strictly greater** than 90 cm (men) / 80 cm (women)."""
    if not 30 <= waist_cm <= 250:
        raise ValueError("lingkar perut di luar rentang wajar (30–250 cm)")
    edition = WAIST.at(on)
    cut = edition.value.men_above_cm if sex_code(sex) == "L" else edition.value.women_above_cm
    if waist_cm > cut:
        return Classification(
            "obesitas_sentral",
            "Obesitas sentral",
            FollowUp(COUNSELLING, "Edukasi gizi seimbang dan aktivitas fisik; skrining gula darah dan tekanan darah"),
            edition.version,
        )
    return Classification(
        "normal", "Lingkar perut normal", FollowUp(ROUTINE, "Periksa ulang tahun depan"), edition.version
    )


# --------------------------------------------------------------------------------------------- lipids


@dataclass(frozen=True)
class LipidBand:
    code: str
    label: str
    from_value: float  # inclusive lower bound (mg/dL)


@dataclass(frozen=True)
class LipidTables:
    total: tuple[LipidBand, ...]
    ldl: tuple[LipidBand, ...]
    hdl: tuple[LipidBand, ...]
    triglycerides: tuple[LipidBand, ...]
    statin_total_above: float  # total cholesterol > 320 mg/dL → statin


# ILP.md §4.3 "Lipids" (PERKENI 2021) [V:S1b]. HDL 40–59 has no printed name: "normal" here.
LIPIDS = Versioned(
    Edition(
        JUKNIS_ILP,
        JUKNIS_ILP_FROM,
        LipidTables(
            total=(
                LipidBand("diinginkan", "Diinginkan", 0),
                LipidBand("batas_tinggi", "Batas tinggi", 200),
                LipidBand("tinggi", "Tinggi", 240),
            ),
            ldl=(
                LipidBand("optimal", "Optimal", 0),
                LipidBand("mendekati_optimal", "Mendekati optimal", 100),
                LipidBand("batas_tinggi", "Batas tinggi", 130),
                LipidBand("tinggi", "Tinggi", 160),
                LipidBand("sangat_tinggi", "Sangat tinggi", 190),
            ),
            hdl=(
                LipidBand("rendah", "Rendah", 0),
                LipidBand("normal", "Normal", 40),
                LipidBand("tinggi", "Tinggi", 60),
            ),
            triglycerides=(
                LipidBand("normal", "Normal", 0),
                LipidBand("batas_tinggi", "Batas tinggi", 150),
                LipidBand("tinggi", "Tinggi", 200),
                LipidBand("sangat_tinggi", "Sangat tinggi", 500),
            ),
            statin_total_above=320,
        ),
    )
)

# Lipids are measured for HT/DM patients > 40 y, already under a doctor; the juknis gives the action
# only for total cholesterol > 320 (statin) and via the WHO/ISH risk chart. Here: desirable → routine,
# borderline → counselling, high/low-HDL → doctor's management at the Puskesmas.
_LIPID_ROUTINE = FollowUp(ROUTINE, "Periksa ulang sesuai jadwal")
_LIPID_COUNSEL = FollowUp(COUNSELLING, "Edukasi diet rendah lemak jenuh dan aktivitas fisik")
_LIPID_DOCTOR = FollowUp(REFER_PUSKESMAS, "Tata laksana dislipidemia oleh dokter (penilaian risiko kardiovaskular)")
_LIPID_FOLLOW_UP = {
    "diinginkan": _LIPID_ROUTINE,
    "optimal": _LIPID_ROUTINE,
    "normal": _LIPID_ROUTINE,
    "mendekati_optimal": _LIPID_COUNSEL,
    "batas_tinggi": _LIPID_COUNSEL,
    "tinggi": _LIPID_DOCTOR,
    "sangat_tinggi": _LIPID_DOCTOR,
    "rendah": _LIPID_DOCTOR,
}


def _lipid(value: float, table_name: str, on: date | None) -> tuple[LipidBand, str, LipidTables]:
    if not 1 <= value <= 5000:
        raise ValueError("hasil pemeriksaan lemak darah di luar rentang wajar")
    edition = LIPIDS.at(on)
    bands = getattr(edition.value, table_name)
    return [b for b in bands if value >= b.from_value][-1], edition.version, edition.value


def classify_total_cholesterol(mg_dl: float, on: date | None = None) -> Classification:
    """Total cholesterol: < 200 diinginkan, 200–239 batas tinggi, ≥ 240 tinggi; > 320 flags ``statin``."""
    band, version, tables = _lipid(mg_dl, "total", on)
    flags = ("statin",) if mg_dl > tables.statin_total_above else ()
    follow = _LIPID_FOLLOW_UP[band.code]
    if flags:
        follow = FollowUp(REFER_PUSKESMAS, "Kolesterol total > 320 mg/dL: terapi statin oleh dokter")
    return Classification(band.code, band.label, follow, version, flags)


def classify_ldl(mg_dl: float, on: date | None = None) -> Classification:
    band, version, _ = _lipid(mg_dl, "ldl", on)
    return Classification(band.code, band.label, _LIPID_FOLLOW_UP[band.code], version)


def classify_hdl(mg_dl: float, on: date | None = None) -> Classification:
    band, version, _ = _lipid(mg_dl, "hdl", on)
    return Classification(band.code, band.label, _LIPID_FOLLOW_UP[band.code], version)


def classify_triglycerides(mg_dl: float, on: date | None = None) -> Classification:
    band, version, _ = _lipid(mg_dl, "triglycerides", on)
    return Classification(band.code, band.label, _LIPID_FOLLOW_UP[band.code], version)


@dataclass(frozen=True, kw_only=True)
class CvdRiskBand(Classification):
    reassess_months: tuple[int, ...]  # re-assessment interval(s) in months, as the juknis gives them


def cvd_risk_band(risk_percent: float, on: date | None = None) -> CvdRiskBand:
    """Band of a 10-year CVD risk read from the WHO/ISH chart (ILP.md §4.3) and its re-assessment
    interval: < 5 % every 12 months; 5– < 10 % every 3 then 6–9 months; 10–20 % every 3–6 months;
    > 20 % every 3 months. The chart lookup itself is not implemented here (it needs the WHO tables)."""
    if not 0 <= risk_percent <= 100:
        raise ValueError("risiko kardiovaskular harus 0–100 %")
    version = JUKNIS_ILP
    if risk_percent < 5:
        return CvdRiskBand(
            "risiko_rendah",
            "Risiko < 5%",
            FollowUp(COUNSELLING, "Edukasi gaya hidup; nilai ulang 12 bulan lagi", 12),
            version,
            reassess_months=(12,),
        )
    if risk_percent < 10:
        return CvdRiskBand(
            "risiko_5_10",
            "Risiko 5–10%",
            FollowUp(RECHECK, "Edukasi gaya hidup; nilai ulang 3 bulan lagi, lalu setiap 6–9 bulan", 3),
            version,
            reassess_months=(3, 6, 9),
        )
    if risk_percent <= 20:
        return CvdRiskBand(
            "risiko_10_20",
            "Risiko 10–20%",
            FollowUp(REFER_PUSKESMAS, "Tata laksana oleh dokter; nilai ulang setiap 3–6 bulan", 3),
            version,
            reassess_months=(3, 6),
        )
    return CvdRiskBand(
        "risiko_tinggi",
        "Risiko > 20%",
        FollowUp(REFER_PUSKESMAS, "Tata laksana oleh dokter; nilai ulang setiap 3 bulan", 3),
        version,
        reassess_months=(3,),
    )


def antihypertensive_indicated(sbp: float, dbp: float) -> bool:
    """In the CVD-risk step any BP > 160/100 gets an antihypertensive (ILP.md §4.3), strictly greater."""
    return sbp > 160 or dbp > 100


# --------------------------------------------------------------------------------------------- kidney


@dataclass(frozen=True)
class KidneyRanges:
    creatinine: tuple[float, float]  # normal serum creatinine mg/dL, inclusive
    ureum: tuple[float, float]  # normal ureum mg/dL, inclusive
    egfr_above: float  # normal eGFR > 90 mL/min/1.73 m²


KIDNEY = Versioned(Edition(CKG_2025, CKG_2025_FROM, KidneyRanges((0.50, 0.90), (13, 43), 90)))  # ILP.md §4.3 [V:S2]


def classify_kidney(
    creatinine: float | None = None, ureum: float | None = None, egfr: float | None = None, on: date | None = None
) -> Classification:
    """CKG kidney function for HT/DM ≥ 40 y (ILP.md §4.3): any value outside the normal range → refer
    to FKTL. Flags name the abnormal values."""
    if creatinine is None and ureum is None and egfr is None:
        raise ValueError("minimal satu hasil pemeriksaan fungsi ginjal diperlukan")
    edition = KIDNEY.at(on)
    r: KidneyRanges = edition.value
    flags = []
    if creatinine is not None and not r.creatinine[0] <= creatinine <= r.creatinine[1]:
        flags.append("kreatinin")
    if ureum is not None and not r.ureum[0] <= ureum <= r.ureum[1]:
        flags.append("ureum")
    if egfr is not None and not egfr > r.egfr_above:
        flags.append("egfr")
    if flags:
        return Classification(
            "tidak_normal",
            "Fungsi ginjal tidak normal",
            FollowUp(REFER_FKTL, "Rujuk ke FKTL"),
            edition.version,
            tuple(flags),
        )
    return Classification(
        "normal", "Fungsi ginjal normal", FollowUp(ROUTINE, "Periksa ulang tahun depan"), edition.version
    )
