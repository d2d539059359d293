"""Anaemia and thalassemia-carrier indices (ILP.md §4.3 "Anaemia").

``classify_hb(hb_g_dl, group)``                   anaemia by population group
``mentzer_index(mcv, rbc)``, ``shine_lal_index(mcv, mch)``
``thalassemia_carrier_screen(hb, mcv, mch, rbc=None)``  -> :class:`ThalassemiaScreen`
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from siklus.rules import config, units
from siklus.rules.screening.result import REFER_FKTL, REFER_PUSKESMAS, ROUTINE, Classification, FollowUp
from siklus.rules.versioning import JUKNIS_ILP, JUKNIS_ILP_FROM, Edition, Versioned

CKG_2025 = "juknis-pkg-2025"
CKG_2025_FROM = date(2025, 1, 1)

# Groups: "perempuan" (catin/women, Hb < 12, CKG [V:S2]); "anak" (CKG age 2: Hb < 11 → full blood
# count [V:S2]); "remaja_putri" and "laki_laki" have no cut-off in ILP.md: WHO values as [M] settings.
# Pregnancy uses siklus.rules.pregnancy.classify_anaemia (Hb < 11 [M]).
config.declare(
    "screening.anaemia_hb_below_remaja_putri",
    12.0,
    "Anaemia in remaja putri (kelas 7 & 10 Hb test) when Hb (g/dL) is below this.",
    "Not in ILP.md [M]; WHO cut-off for girls ≥ 12 y",
)
config.declare(
    "screening.anaemia_hb_below_laki_laki",
    13.0,
    "Anaemia in men (≥ 15 y) when Hb (g/dL) is below this.",
    "Not in ILP.md [M]; WHO cut-off",
)

HB_CUTOFFS = Versioned(Edition(CKG_2025, CKG_2025_FROM, {"perempuan": 12.0, "anak": 11.0}))  # ILP.md §4.3 [V:S2]
_SETTING_GROUPS = {
    "remaja_putri": "screening.anaemia_hb_below_remaja_putri",
    "laki_laki": "screening.anaemia_hb_below_laki_laki",
}
HB_GROUPS = ("perempuan", "anak", "remaja_putri", "laki_laki")


def classify_hb(hb_g_dl: float, group: str, on: date | None = None) -> Classification:
    """Anaemia when Hb is below the group's cut-off: ``perempuan`` 12 (catin/women, CKG), ``anak`` 11
    (CKG age 2 → full blood count), ``remaja_putri`` 12 [M], ``laki_laki`` 13 [M].

    Hb is in g/dL: a value in g/L (e.g. 120) is refused by the unit guard
    (:class:`~siklus.rules.units.ImplausibleValue`, a ValueError naming the unit; ILP.md §0.1 C6)."""
    units.guard("hb_g_dl", hb_g_dl)
    if group in _SETTING_GROUPS:
        name = _SETTING_GROUPS[group]
        cutoff, version = config.get(name), f"setting:{name}={config.get(name)}"
    elif group in HB_CUTOFFS.at(on).value:
        edition = HB_CUTOFFS.at(on)
        cutoff, version = edition.value[group], edition.version
    else:
        raise ValueError(f"kelompok tidak dikenal: {group!r} ({', '.join(HB_GROUPS)})")
    if hb_g_dl < cutoff:
        return Classification(
            "anemia",
            "Anemia",
            FollowUp(REFER_PUSKESMAS, "Pemeriksaan darah lengkap dan tata laksana anemia di Puskesmas"),
            version,
        )
    return Classification("normal", "Tidak anemia", FollowUp(ROUTINE, "Periksa ulang sesuai jadwal"), version)


@dataclass(frozen=True)
class ThalassemiaRule:
    hb_below: float  # suspicion: Hb < 11 g/dL …
    mcv_below: float  # … or MCV < 80 fL …
    mch_below: float  # … or MCH < 27 pg
    mentzer_below: float  # Mentzer index (MCV / RBC) < 13 …
    shine_lal_below: float  # … and/or Shine & Lal (MCV² × MCH / 100) < 1530 → refer


THALASSEMIA = Versioned(Edition(JUKNIS_ILP, JUKNIS_ILP_FROM, ThalassemiaRule(11, 80, 27, 13, 1530)))  # §4.3 [V:S1b,S2]


def mentzer_index(mcv_fl: float, rbc_million_per_ul: float) -> float:
    """Mentzer index = MCV (fL) / RBC (10⁶/µL)."""
    if mcv_fl <= 0 or rbc_million_per_ul <= 0:
        raise ValueError("MCV dan jumlah eritrosit harus positif")
    return mcv_fl / rbc_million_per_ul


def shine_lal_index(mcv_fl: float, mch_pg: float) -> float:
    """Shine & Lal index = MCV² × MCH / 100."""
    if mcv_fl <= 0 or mch_pg <= 0:
        raise ValueError("MCV dan MCH harus positif")
    return mcv_fl * mcv_fl * mch_pg / 100


@dataclass(frozen=True, kw_only=True)
class ThalassemiaScreen(Classification):
    mentzer: float | None
    shine_lal: float


def thalassemia_carrier_screen(
    hb_g_dl: float, mcv_fl: float, mch_pg: float, rbc_million_per_ul: float | None = None, on: date | None = None
) -> ThalassemiaScreen:
    """Thalassemia-carrier suspicion (ILP.md §4.3): red-cell values suspicious when Hb < 11 or MCV < 80
    or MCH < 27; then Mentzer < 13 and/or Shine & Lal < 1530 → suspected carrier, refer (Hb analysis
    at FKTL). Suspicious values with neither index low point away from a carrier state (e.g. iron
    deficiency) → treated at the Puskesmas. Mentzer needs the RBC count; without it only Shine & Lal is used."""
    units.guard("hb_g_dl", hb_g_dl)
    edition = THALASSEMIA.at(on)
    rule: ThalassemiaRule = edition.value
    mentzer = mentzer_index(mcv_fl, rbc_million_per_ul) if rbc_million_per_ul is not None else None
    shine_lal = shine_lal_index(mcv_fl, mch_pg)
    flags = tuple(
        name
        for name, low in (
            ("hb_rendah", hb_g_dl < rule.hb_below),
            ("mcv_rendah", mcv_fl < rule.mcv_below),
            ("mch_rendah", mch_pg < rule.mch_below),
        )
        if low
    )
    if not flags:
        return ThalassemiaScreen(
            "tidak_curiga",
            "Tidak curiga pembawa sifat thalassemia",
            FollowUp(ROUTINE, "Tidak perlu pemeriksaan lanjut"),
            edition.version,
            flags,
            mentzer=mentzer,
            shine_lal=shine_lal,
        )
    index_low = (mentzer is not None and mentzer < rule.mentzer_below) or shine_lal < rule.shine_lal_below
    if index_low:
        return ThalassemiaScreen(
            "curiga_pembawa",
            "Curiga pembawa sifat thalassemia",
            FollowUp(REFER_FKTL, "Rujuk untuk pemeriksaan analisis hemoglobin (konfirmasi thalassemia)"),
            edition.version,
            flags,
            mentzer=mentzer,
            shine_lal=shine_lal,
        )
    return ThalassemiaScreen(
        "indeks_tidak_mengarah",
        "Indeks eritrosit tidak mengarah ke thalassemia (kemungkinan anemia defisiensi besi)",
        FollowUp(REFER_PUSKESMAS, "Tata laksana anemia di Puskesmas dan evaluasi ulang"),
        edition.version,
        flags,
        mentzer=mentzer,
        shine_lal=shine_lal,
    )
