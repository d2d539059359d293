"""Blood pressure: adults (ILP.md §4.3 table) and children/adolescents (AAP 2017 as in the juknis).

``classify_adult_bp(sbp, dbp, known_hypertension=False)``  the higher category of SBP and DBP
``classify_child_bp(sbp, dbp, age_years, sex)``            7–12 y "needs evaluation"; ≥13 y categories
``classify_bp(sbp, dbp, age_years, sex=None, …)``          adult table from ``screening.adult_bp_from_years``
``complication_screening_due(age_years)``                  HT ≥ 40 y: yearly complication screening
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from siklus.rules import config
from siklus.rules.screening.result import (
    COUNSELLING,
    MONTHLY_MONITORING,
    REFER_PUSKESMAS,
    ROUTINE,
    Classification,
    FollowUp,
    sex_code,
)
from siklus.rules.versioning import JUKNIS_ILP, JUKNIS_ILP_FROM, Edition, Versioned

config.declare(
    "screening.adult_bp_from_years",
    18,
    "From this completed age the adult BP table is used; below it the children/adolescent (AAP 2017) table.",
    "ILP.md §4.3 gives both tables but not the switch age [M]; AAP 2017 covers < 18 y",
)


@dataclass(frozen=True)
class BpBand:
    code: str
    label: str
    sbp_from: int  # the band starts at this systolic …
    dbp_from: int  # … or at this diastolic ("and/or")


@dataclass(frozen=True)
class AdultBpTable:
    bands: tuple[BpBand, ...]  # ascending
    ish_sbp_from: int  # isolated systolic hypertension: SBP ≥ 140 and DBP < 90
    ish_dbp_below: int
    hypertension_from: str  # the first band that is hypertension
    monitoring_from: str  # the first band followed up monthly (normal tinggi)
    complication_screening_from_years: int  # HT ≥ 40 y: yearly funduskopi, EKG, lipid, urin/ureum/kreatinin


# ILP.md §4.3 "Blood pressure (adults)" [V:S1b].
ADULT_BP = Versioned(
    Edition(
        JUKNIS_ILP,
        JUKNIS_ILP_FROM,
        AdultBpTable(
            bands=(
                BpBand("optimal", "Optimal", 0, 0),
                BpBand("normal", "Normal", 120, 80),
                BpBand("normal_tinggi", "Normal tinggi", 130, 85),
                BpBand("hipertensi_1", "Hipertensi derajat 1", 140, 90),
                BpBand("hipertensi_2", "Hipertensi derajat 2", 160, 100),
                BpBand("hipertensi_3", "Hipertensi derajat 3", 180, 110),
            ),
            ish_sbp_from=140,
            ish_dbp_below=90,
            hypertension_from="hipertensi_1",
            monitoring_from="normal_tinggi",
            complication_screening_from_years=40,
        ),
    )
)

ISH = "hipertensi_sistolik_terisolasi"


def _check(sbp: float, dbp: float) -> None:
    if not 50 <= sbp <= 300 or not 20 <= dbp <= 200:
        raise ValueError("tekanan darah di luar rentang wajar (sistolik 50–300, diastolik 20–200 mmHg)")
    if dbp >= sbp:
        raise ValueError("tekanan diastolik harus lebih rendah dari sistolik")


def _band(value: float, bands, attr: str) -> int:
    index = 0
    for i, band in enumerate(bands):
        if value >= getattr(band, attr):
            index = i
    return index


def classify_adult_bp(
    sbp: float, dbp: float, *, known_hypertension: bool = False, on: date | None = None
) -> Classification:
    """Adult BP category (ILP.md §4.3): SBP and DBP are classified separately and the higher
    category wins ("and/or"); the flag ``hipertensi_sistolik_terisolasi`` marks SBP ≥ 140 with DBP < 90.

    Follow-up at the Posyandu/Pustu: optimal/normal → lifestyle counselling; normal tinggi → monthly
    monitoring; hypertension found at screening → refer to the Puskesmas. A person already treated
    for hypertension (``known_hypertension``) whose BP is below 140/90 is controlled → monthly
    monitoring (the Pustu may continue the drugs for 3 months); at ≥ 140/90 uncontrolled → refer.
    """
    _check(sbp, dbp)
    edition = ADULT_BP.at(on)
    table: AdultBpTable = edition.value
    codes = [b.code for b in table.bands]
    index = max(_band(sbp, table.bands, "sbp_from"), _band(dbp, table.bands, "dbp_from"))
    band = table.bands[index]
    flags = (ISH,) if sbp >= table.ish_sbp_from and dbp < table.ish_dbp_below else ()
    hypertensive = index >= codes.index(table.hypertension_from)
    if known_hypertension:
        if hypertensive:
            follow = FollowUp(REFER_PUSKESMAS, "Hipertensi tidak terkendali: rujuk ke Puskesmas")
        else:
            follow = FollowUp(
                MONTHLY_MONITORING,
                "Hipertensi terkendali: pemantauan tekanan darah setiap bulan; obat dapat dilanjutkan di Pustu hingga 3 bulan",
            )
    elif hypertensive:
        follow = FollowUp(REFER_PUSKESMAS, "Rujuk ke Puskesmas untuk penegakan diagnosis dan tata laksana hipertensi")
    elif index >= codes.index(table.monitoring_from):
        follow = FollowUp(MONTHLY_MONITORING, "Edukasi gaya hidup sehat dan pemantauan tekanan darah setiap bulan")
    else:
        follow = FollowUp(COUNSELLING, "Edukasi gaya hidup sehat (CERDIK); periksa ulang tahun depan")
    return Classification(band.code, band.label, follow, edition.version, flags)


def complication_screening_due(age_years: int, on: date | None = None) -> bool:
    """A person with hypertension from 40 y gets yearly complication screening (funduskopi, EKG,
    lipid profile, urinalysis/ureum/kreatinin) — ILP.md §4.3."""
    return age_years >= ADULT_BP.at(on).value.complication_screening_from_years


# ---------------------------------------------------------------- children -------------------------


@dataclass(frozen=True)
class ChildBpTable:
    # AAP 2017 simplified screening table as printed in the juknis: age → (boys SBP, DBP, girls SBP, DBP).
    needs_evaluation: dict[int, tuple[int, int, int, int]]
    adolescent_from_years: int  # from 13 y the adult-like categories apply
    elevated_sbp_from: int  # 120–129 / < 80: meningkat
    stage1_sbp_from: int  # 130–139 or 80–89: HT tingkat 1
    stage1_dbp_from: int
    stage2_sbp_from: int  # ≥ 140 or ≥ 90: HT tingkat 2
    stage2_dbp_from: int


# ILP.md §4.3 "Blood pressure (children/adolescents)" [V:S1b].
CHILD_BP = Versioned(
    Edition(
        JUKNIS_ILP,
        JUKNIS_ILP_FROM,
        ChildBpTable(
            needs_evaluation={
                7: (106, 68, 106, 68),
                8: (107, 69, 107, 69),
                9: (107, 70, 108, 71),
                10: (108, 72, 109, 72),
                11: (110, 74, 111, 74),
                12: (113, 75, 114, 75),
            },
            adolescent_from_years=13,
            elevated_sbp_from=120,
            stage1_sbp_from=130,
            stage1_dbp_from=80,
            stage2_sbp_from=140,
            stage2_dbp_from=90,
        ),
    )
)


def classify_child_bp(sbp: float, dbp: float, age_years: int, sex: str, on: date | None = None) -> Classification:
    """Children/adolescents (ILP.md §4.3, AAP 2017). 7–12 y: at or above the age/sex cut-off of
    either pressure → ``perlu_evaluasi``. ≥ 13 y: normal < 120/< 80; meningkat 120–129/< 80;
    HT tingkat 1 130–139 or 80–89; HT tingkat 2 ≥ 140 or ≥ 90 (the higher of SBP/DBP wins).

    The juknis prints no follow-up for children; elevated values get counselling and a re-check,
    hypertension or "needs evaluation" a doctor's evaluation at the Puskesmas.
    """
    _check(sbp, dbp)
    edition = CHILD_BP.at(on)
    t: ChildBpTable = edition.value
    sex = sex_code(sex)
    refer = FollowUp(REFER_PUSKESMAS, "Evaluasi tekanan darah oleh dokter di Puskesmas")
    normal = FollowUp(ROUTINE, "Tekanan darah normal; periksa ulang sesuai jadwal")
    if age_years < t.adolescent_from_years:
        if age_years not in t.needs_evaluation:
            raise ValueError("tabel tekanan darah anak berlaku untuk usia 7 tahun ke atas")
        boys_s, boys_d, girls_s, girls_d = t.needs_evaluation[age_years]
        cut_s, cut_d = (boys_s, boys_d) if sex == "L" else (girls_s, girls_d)
        if sbp >= cut_s or dbp >= cut_d:
            return Classification("perlu_evaluasi", "Perlu evaluasi lebih lanjut", refer, edition.version)
        return Classification("normal", "Normal", normal, edition.version)
    s_rank = (
        3 if sbp >= t.stage2_sbp_from else 2 if sbp >= t.stage1_sbp_from else 1 if sbp >= t.elevated_sbp_from else 0
    )
    d_rank = 3 if dbp >= t.stage2_dbp_from else 2 if dbp >= t.stage1_dbp_from else 0
    rank = max(s_rank, d_rank)
    if rank == 0:
        return Classification("normal", "Normal", normal, edition.version)
    if rank == 1:
        return Classification(
            "meningkat",
            "Meningkat",
            FollowUp(COUNSELLING, "Edukasi gaya hidup sehat dan periksa ulang tekanan darah", recheck_months=6),
            edition.version,
        )
    if rank == 2:
        return Classification("hipertensi_1", "Hipertensi tingkat 1", refer, edition.version)
    return Classification("hipertensi_2", "Hipertensi tingkat 2", refer, edition.version)


def classify_bp(
    sbp: float,
    dbp: float,
    age_years: int,
    sex: str | None = None,
    *,
    known_hypertension: bool = False,
    on: date | None = None,
) -> Classification:
    """Adult table from ``screening.adult_bp_from_years`` (18 y by default), children's table below."""
    if age_years >= config.get("screening.adult_bp_from_years"):
        return classify_adult_bp(sbp, dbp, known_hypertension=known_hypertension, on=on)
    if sex is None:
        raise ValueError("jenis kelamin diperlukan untuk klasifikasi tekanan darah anak")
    return classify_child_bp(sbp, dbp, age_years, sex, on=on)
