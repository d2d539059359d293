"""The indicator catalogue: every indicator declared once (issue #14 Deliver 1, ILP.md §6, §7, §9).

An :class:`Indicator` says what is counted (``numerator``), over what (``denominator``), per which
period (``month``: a PWS figure per desa per month, cumulative from January when ``cumulative``;
``year``: an SPM/annual figure), its yearly target and whether lower is better (stunting, drop-out).
Counts are declared as data (:class:`Persons`, :class:`Latest`, :class:`Complete`,
:class:`Without`, :class:`Chronic`, :class:`Population`, :class:`Facilities`, :class:`DesaShare`)
and compiled to SQL by :mod:`siklus.monitoring.compile`.

Targets are [M] (ILP.md §6.1, §7.1): each is a rule setting ``monitoring.target.<code>`` (percent
per year), declared here from the indicator's default, so a deployment or a province changes it
without code (``siklus rules-settings``). The PWS status colours and the treatment of a flat
trend are settings too (``monitoring.status_colours``, ``monitoring.flat_is_down``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from siklus.rules import config
from siklus.rules.immunization import IBL_BASKETS, IDL_BASKETS
from siklus.rules.pregnancy import ANC_4X, ANC_6X


def gettext_noop(text: str) -> str:
    """Marks a text for the translation catalogue (numerator, denominator, note): the pages
    translate it where they show it, as they do the rules' messages."""
    return text

# ------------------------------------------------------------------------------------ counts


@dataclass(frozen=True)
class Persons:
    """Persons with at least ``min_count`` facts matching the filter in the period; the fact that
    makes the count (the ``min_count``-th) dates the person's qualifying month."""

    kind: str
    codes: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    min_sequence: int | None = None  # encounter number (K4 = anc with sequence >= 4)
    flag: bool | None = None  # by a doctor / at a facility / essential newborn care
    age_months: tuple[int, int] | None = None  # completed months at the event, inclusive
    age_years: tuple[int, int | None] | None = None
    sex: str | None = None
    min_count: int = 1
    # Deliveries: the attendant must form an accepted SPM team on their own (setting
    # spm.ibu_bersalin_teams_*); care records one attendant per delivery.
    spm_team: bool = False


@dataclass(frozen=True)
class Latest:
    """Persons whose latest fact of ``base`` in the period has one of ``categories`` (a prevalence:
    stunting among the children measured)."""

    base: Persons
    categories: tuple[str, ...]


@dataclass(frozen=True)
class Complete:
    """Children who got every dose of a basket (IDL, IBL: setting ``immunization.idl_basket``)
    before the deadline age; dated by the last dose."""

    basket: str  # "idl" / "ibl"


@dataclass(frozen=True)
class Without:
    """Persons counted by ``has`` and not by ``lacks`` in the same period (drop-out)."""

    has: Persons
    lacks: Persons


@dataclass(frozen=True)
class Chronic:
    """SPM 8/9: persons with the condition measured in every month of the year from diagnosis (or
    January) to December (or death / moving out), as :func:`siklus.rules.spm.hipertensi` says."""

    condition: str
    codes: tuple[str, ...]


@dataclass(frozen=True)
class Population:
    """Registered residents in an age band on the sasaran reference day of the year (setting
    ``spm.age_reference``), alive and not moved out then; or the official estimate of the group
    apportioned to desa (:class:`~.models.SasaranEstimate`)."""

    group: str  # a SASARAN_GROUPS key
    months: tuple[int, int] | None = None
    years: tuple[int, int | None] | None = None
    sex: str | None = None
    jkn: bool = False  # only those with a JKN number


@dataclass(frozen=True)
class Facilities:
    kind: str  # puskesmas, pustu, posyandu
    ilp: bool | None = None  # None: all active ones


@dataclass(frozen=True)
class DesaShare:
    """Desa whose value of another indicator reaches a threshold (UCI: IDL >= 80 %)."""

    indicator: str
    at_least: float


@dataclass(frozen=True)
class Anc:
    """Women by the ANC contacts of a pregnancy (``siklus.rules.pregnancy``): the contacts of a
    pregnancy are its ``anc`` encounters from the HPHT to its end (or HPL), each in the trimester of
    its gestational age (``pregnancy.trimester`` semantics, setting ``pregnancy.trimester_rule``).

    ``k1``: the pregnancy's first contact falls in the period (K1 akses); ``k1_murni``: and it was
    in TM1; ``pattern``: the contact that completes the per-trimester pattern of
    :func:`~siklus.rules.pregnancy.anc_status` (``pattern`` = an ``ANC_PATTERNS`` version; None =
    the pattern of the SPM edition of the year: SPM 1) falls in the period. A doctor contact
    counts for the doctor minimum only with a USG observation in the encounter when the pattern
    asks for it."""

    measure: str  # "k1", "k1_murni", "pattern"
    pattern: str | None = None


@dataclass(frozen=True)
class Growth:
    """Balita (0–59 months at the weighing) by the KMS judgement of their weighings in the period,
    as :func:`siklus.rules.anthropometry.growth.judge` gives it: ``N`` naik, ``T`` tidak naik,
    ``2T`` T twice in a row, ``BGM`` below the red line (weight-for-age z < −3)."""

    outcome: str  # "N", "T", "2T", "BGM"


@dataclass(frozen=True)
class Spm:
    """The persons of an SPM service's sasaran served according to standard in the year, by
    the predicate of ``siklus.rules.spm`` of the same name (the edition of the year, setting
    ``spm.edition``). See :data:`SPM_ITEM_EVIDENCE` for which records show a screening item."""

    service: str  # ibu_hamil, bayi_baru_lahir, balita, usia_pendidikan_dasar, usia_produktif, usia_lanjut,
    # odgj_berat, terduga_tb


Count = Persons | Latest | Complete | Without | Chronic | Population | Facilities | DesaShare | Anc | Growth | Spm
# Counts that count persons (a drill-down can list them); the others count facilities or desa.
PERSON_COUNTS = (Persons, Latest, Complete, Without, Chronic, Population, Anc, Growth, Spm)

# Which records show that a screening item of an SPM service was done (``siklus.rules.spm``
# ``screenings={item: dates}``): (fact kind, codes). How care records an item is siklus's own
# choice, not a regulation; kesehatan jiwa and kognitif of a lansia are SKILAS domains (ILP.md §4.4).
SPM_ITEM_EVIDENCE: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "tekanan_darah": (("obs", ("sbp",)),),
    "gula_darah": (("obs", ("glucose_fasting", "glucose_random", "glucose_2h", "hba1c")),),
    "kolesterol": (("obs", ("cholesterol_total",)),),
    "kesehatan_jiwa": (("obs", ("srq20_score", "skilas_positive_domains")), ("q", ("srq20", "skilas"))),
    "kognitif": (("obs", ("skilas_positive_domains",)), ("q", ("skilas",))),
    "adl": (("obs", ("adl_score",)), ("q", ("adl",))),
    "skilas": (("obs", ("skilas_positive_domains",)), ("q", ("skilas",))),
    "obesitas": (("obs", ("bmi", "waist")),),
    "iva": (("obs", ("iva",)),),
    "sadanis": (("obs", ("sadanis",)),),
    "status_gizi": (("obs", ("bmi", "weight")),),
    "tanda_vital": (("obs", ("sbp", "pulse", "temperature", "respiratory_rate")),),
    "gigi_mulut": (("obs", ("dmft", "deft")),),
    "penglihatan": (("obs", ("tajam_penglihatan",)),),
    "pendengaran": (("obs", ("pendengaran",)),),
    # Balita: development monitoring (KPSP).
    "perkembangan": (("obs", ("kpsp_yes",)), ("q", ("kpsp",))),
}

# Sasaran groups an official estimate can be entered for (ILP.md §6.3).
SASARAN_GROUPS = {
    "ibu_hamil": "Ibu hamil", "ibu_bersalin": "Ibu bersalin/nifas", "lahir_hidup": "Lahir hidup",
    "bayi": "Bayi (0–11 bulan)", "baduta": "Baduta (12–23 bulan)", "balita": "Balita (0–59 bulan)",
    "usia_pendidikan_dasar": "Usia pendidikan dasar (7–15 tahun)", "usia_produktif": "Usia produktif (15–59 tahun)",
    "dewasa": "Usia dewasa (18–59 tahun)", "lansia": "Lansia (≥ 60 tahun)", "usia_15_plus": "Penduduk ≥ 15 tahun",
    "penduduk": "Seluruh penduduk", "hipertensi": "Penderita hipertensi ≥ 15 tahun",
    "diabetes": "Penderita DM ≥ 15 tahun", "terduga_tb": "Orang terduga TBC", "odgj_berat": "ODGJ berat",
}

# ------------------------------------------------------------------------------------ indicators

GROUPS = {
    "kia": "Kesehatan ibu dan anak (PWS KIA)", "imunisasi": "Imunisasi", "gizi": "Gizi", "ptm": "Klaster 3: dewasa dan lansia",
    "tb": "TBC", "skrining": "Skrining 14 penyakit prioritas", "ckg": "Cek Kesehatan Gratis", "jkn": "JKN",
    "spm": "SPM bidang kesehatan", "ilp": "Penerapan ILP",
}


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str  # Indonesian (msgid)
    name_en: str
    group: str
    numerator: Count
    denominator: Count | None
    numerator_text: str
    denominator_text: str
    period: str = "month"  # "month" (PWS) or "year"
    cumulative: bool = True
    target: float | None = None  # percent per year (default of the setting)
    lower_is_better: bool = False
    source: str = ""  # ILP.md section and tag
    rule_versions: tuple[str, ...] = ()  # the settings whose values the definition depends on
    extra: dict = field(default_factory=dict, hash=False, compare=False)

    @property
    def label(self) -> str:
        """The name in the active language (the catalogue carries both)."""
        from django.utils.translation import get_language

        return self.name_en if (get_language() or "id").startswith("en") else self.name

    @property
    def target_setting(self) -> str:
        return f"monitoring.target.{self.code}"

    def target_for(self, area: str | None = None) -> float | None:
        return config.get(self.target_setting, area) if self.target is not None else None


def _p(kind: str, *codes: str, **kw) -> Persons:
    return Persons(kind, tuple(codes), **kw)


BALITA = Population("balita", months=(0, 59))
BAYI = Population("bayi", months=(0, 11))
BADUTA = Population("baduta", months=(12, 23))
IBU_HAMIL = Population("ibu_hamil")  # registered: pregnancies ongoing in the year (compile)
IBU_BERSALIN = Population("ibu_bersalin")  # registered: deliveries in the year
LAHIR_HIDUP = Population("lahir_hidup")  # registered: live births in the year
WEIGHED = _p("obs", "weight", age_months=(0, 59))
MEASURED = _p("obs", "length_height", age_months=(0, 59))
WFL = _p("obs", "zwfl", age_months=(0, 59))
SCREENED_ADULT = _p("obs", "sbp", age_years=(15, None))
# A known patient's reading is classified as a control status (siklus.care.services.classify).
KNOWN_HT = Persons("obs", ("sbp",), ("ht_terkendali", "ht_tidak_terkendali"))
KNOWN_DM = Persons("obs", ("glucose_fasting",), ("dm_terkendali", "dm_tidak_terkendali"))

# The settings an N/T judgement depends on (siklus.rules.anthropometry.growth).
GROWTH_SETTINGS = ("anthropometry.kbm_age_basis", "anthropometry.kbm_gap_rule")

_I = Indicator
INDICATORS: tuple[Indicator, ...] = (
    # ---- PWS KIA continuum (ILP.md §7.3)
    _I("k1", "K1 akses", "ANC first visit (K1 access)", "kia", Anc("k1"), IBU_HAMIL,
       gettext_noop("Ibu hamil dengan kunjungan ANC pertama kehamilannya"), gettext_noop("Sasaran ibu hamil"), target=100,
       source="ILP.md §7.3 [M]"),
    _I("k1_murni", "K1 murni", "ANC first visit in the first trimester (K1 pure)", "kia", Anc("k1_murni"), IBU_HAMIL,
       gettext_noop("Ibu hamil dengan kunjungan ANC pertama pada trimester 1"), gettext_noop("Sasaran ibu hamil"), target=90,
       source="ILP.md §7.3 [V:S15e]", rule_versions=("pregnancy.trimester_rule",)),
    _I("k4", "K4", "Four ANC visits 1-1-2 (K4)", "kia", Anc("pattern", ANC_4X), IBU_HAMIL,
       gettext_noop("Ibu hamil dengan ≥ 4 kunjungan ANC (1-1-2 per trimester)"), gettext_noop("Sasaran ibu hamil"), target=95,
       source="ILP.md §7.3 [M]", rule_versions=("pregnancy.trimester_rule",)),
    _I("k6", "K6", "Six ANC visits 1-2-3 (K6)", "kia", Anc("pattern", ANC_6X), IBU_HAMIL,
       gettext_noop("Ibu hamil dengan ≥ 6 kunjungan ANC (1-2-3 per trimester, 2 kali dokter dengan USG)"), gettext_noop("Sasaran ibu hamil"),
       target=90, source="ILP.md §7.3 [V:S1b]", rule_versions=("pregnancy.trimester_rule",)),
    _I("pf", "Persalinan di fasyankes", "Deliveries at a health facility", "kia", _p("deliv", flag=True),
       IBU_BERSALIN, gettext_noop("Persalinan di fasilitas pelayanan kesehatan"), gettext_noop("Sasaran ibu bersalin"), target=95,
       source="ILP.md §7.3 [V:S1b]"),
    _I("kf_lengkap", "KF lengkap", "Complete postnatal visits (KF1–KF4)", "kia",
       _p("enc", "kf", min_sequence=4), IBU_BERSALIN, gettext_noop("Ibu nifas dengan KF1–KF4"), gettext_noop("Sasaran ibu nifas"),
       target=90, source="ILP.md §7.3 [V:S1b]"),
    _I("kn1", "KN1", "Neonatal visit 1 (KN1)", "kia", _p("enc", "kn", min_sequence=1), LAHIR_HIDUP,
       gettext_noop("Neonatus dengan KN1"), gettext_noop("Lahir hidup"), target=100, source="ILP.md §7.3 [V:S1b]"),
    _I("kn_lengkap", "KN lengkap", "Complete neonatal visits (KN1–KN3)", "kia", _p("enc", "kn", min_sequence=3),
       LAHIR_HIDUP, gettext_noop("Neonatus dengan KN1–KN3"), gettext_noop("Lahir hidup"), target=95, source="ILP.md §7.3 [V:S1b]"),
    # ---- immunization (ILP.md §3.4, §7.3)
    *(
        _I(f"imm_{dose.lower().replace('-', '_')}", f"Cakupan {dose}", f"{dose} coverage", "imunisasi",
           _p("imm", dose), BAYI if dose not in ("DPT-HB-Hib4", "MR2") else BADUTA, numerator,
           gettext_noop("Sasaran bayi / baduta"), target=95,
           source="ILP.md §7.3 [M]")
        for dose, numerator in (  # each text written out, so that it is extracted for translation
            ("HB0", gettext_noop("Anak yang mendapat HB0")),
            ("BCG", gettext_noop("Anak yang mendapat BCG")),
            ("OPV1", gettext_noop("Anak yang mendapat OPV1")),
            ("OPV4", gettext_noop("Anak yang mendapat OPV4")),
            ("DPT-HB-Hib1", gettext_noop("Anak yang mendapat DPT-HB-Hib1")),
            ("DPT-HB-Hib3", gettext_noop("Anak yang mendapat DPT-HB-Hib3")),
            ("PCV1", gettext_noop("Anak yang mendapat PCV1")),
            ("PCV2", gettext_noop("Anak yang mendapat PCV2")),
            ("PCV3", gettext_noop("Anak yang mendapat PCV3")),
            ("RV1", gettext_noop("Anak yang mendapat RV1")),
            ("RV3", gettext_noop("Anak yang mendapat RV3")),
            ("IPV1", gettext_noop("Anak yang mendapat IPV1")),
            ("IPV2", gettext_noop("Anak yang mendapat IPV2")),
            ("MR1", gettext_noop("Anak yang mendapat MR1")),
            ("DPT-HB-Hib4", gettext_noop("Anak yang mendapat DPT-HB-Hib4")),
            ("MR2", gettext_noop("Anak yang mendapat MR2")),
        )
    ),
    _I("idl", "Imunisasi dasar lengkap (IDL)", "Complete basic immunization (IDL)", "imunisasi", Complete("idl"), BAYI,
       gettext_noop("Bayi dengan semua dosis IDL sebelum umur 1 tahun"), gettext_noop("Sasaran bayi"), target=95, source="ILP.md §3.4 [V:S1b]",
       rule_versions=("immunization.idl_basket",)),
    _I("ibl", "Imunisasi baduta lengkap (IBL)", "Complete baduta immunization (IBL)", "imunisasi", Complete("ibl"),
       BADUTA, gettext_noop("Baduta dengan dosis lanjutan lengkap"), gettext_noop("Sasaran baduta"), target=90, source="ILP.md §3.4 [V:S1b]",
       rule_versions=("immunization.ibl_basket", "immunization.ibl_deadline_months")),
    _I("do_dpt1_dpt3", "Drop out DPT-HB-Hib1 – DPT-HB-Hib3", "Drop-out DPT-HB-Hib1 to 3", "imunisasi",
       Without(_p("imm", "DPT-HB-Hib1"), _p("imm", "DPT-HB-Hib3")), _p("imm", "DPT-HB-Hib1"),
       gettext_noop("Anak dengan DPT-HB-Hib1 tanpa DPT-HB-Hib3"), gettext_noop("Anak dengan DPT-HB-Hib1"), target=5, lower_is_better=True,
       source="ILP.md §3.7 [M]"),
    _I("do_dpt1_mr1", "Drop out DPT-HB-Hib1 – MR1", "Drop-out DPT-HB-Hib1 to MR1", "imunisasi",
       Without(_p("imm", "DPT-HB-Hib1"), _p("imm", "MR1")), _p("imm", "DPT-HB-Hib1"),
       gettext_noop("Anak dengan DPT-HB-Hib1 tanpa MR1"), gettext_noop("Anak dengan DPT-HB-Hib1"), target=5, lower_is_better=True,
       source="ILP.md §3.7 [M]"),
    _I("uci_desa", "Desa UCI", "UCI villages", "imunisasi", DesaShare("idl", 80), Facilities("desa"),
       gettext_noop("Desa dengan IDL ≥ 80 %"), gettext_noop("Seluruh desa"), period="year", target=100, source="ILP.md §7.3 [V3:S21b]"),
    # ---- gizi (ILP.md §5.5, §7.4)
    _I("gizi_d_s", "D/S (partisipasi penimbangan)", "Weighed / all balita (D/S)", "gizi", WEIGHED, BALITA,
       gettext_noop("Balita ditimbang (D)"), gettext_noop("Balita terdaftar (S)"), cumulative=False, target=85, source="ILP.md §5.5 [V:S1b]"),
    # N/T of the KMS (ILP.md §5.5): each weighing judged against last month's by the KBM.
    _I("gizi_n_d", "N/D (naik berat badan)", "Weight up / weighed (N/D)", "gizi", Growth("N"), WEIGHED,
       gettext_noop("Balita ditimbang yang naik berat badannya (N)"), gettext_noop("Balita ditimbang (D)"), cumulative=False, target=80,
       source="ILP.md §5.5 [M]", rule_versions=GROWTH_SETTINGS),
    _I("gizi_t", "Tidak naik berat badan (T)", "Weight not up (T)", "gizi", Growth("T"), WEIGHED,
       gettext_noop("Balita ditimbang yang tidak naik berat badannya (T)"), gettext_noop("Balita ditimbang (D)"), cumulative=False,
       source="ILP.md §5.5 [V:S1b]", rule_versions=GROWTH_SETTINGS),
    _I("gizi_2t", "Dua kali tidak naik (2T)", "Weight not up twice (2T)", "gizi", Growth("2T"), WEIGHED,
       gettext_noop("Balita dengan T dua bulan berturut-turut (2T)"), gettext_noop("Balita ditimbang (D)"), cumulative=False,
       source="ILP.md §5.5 [M]", rule_versions=GROWTH_SETTINGS),
    _I("gizi_bgm", "Bawah garis merah (BGM)", "Below the red line (BGM)", "gizi", Growth("BGM"), WEIGHED,
       gettext_noop("Balita ditimbang dengan BB/U < −3 SD (BGM)"), gettext_noop("Balita ditimbang (D)"), cumulative=False,
       source="ILP.md §5.5 [M]", rule_versions=("permenkes-2-2020",)),
    _I("gizi_underweight", "Berat badan kurang (underweight)", "Underweight", "gizi",
       Latest(WEIGHED, ("underweight", "severely_underweight")), WEIGHED, gettext_noop("Balita BB/U < −2 SD (pengukuran terakhir)"),
       gettext_noop("Balita ditimbang"), cumulative=False, target=10, lower_is_better=True, source="ILP.md §5.2 [V:S13]",
       rule_versions=("permenkes-2-2020",)),
    _I("gizi_stunting", "Stunting (pendek dan sangat pendek)", "Stunting", "gizi",
       Latest(MEASURED, ("stunted", "severely_stunted")), MEASURED, gettext_noop("Balita PB/U atau TB/U < −2 SD (terakhir)"),
       gettext_noop("Balita diukur"), cumulative=False, target=14, lower_is_better=True, source="ILP.md §5.2 [V:S13]",
       rule_versions=("permenkes-2-2020",)),
    _I("gizi_wasting", "Wasting (gizi kurang dan gizi buruk)", "Wasting", "gizi",
       Latest(WFL, ("wasted", "severely_wasted")), WFL, gettext_noop("Balita BB/PB atau BB/TB < −2 SD (terakhir)"),
       gettext_noop("Balita dengan BB/PB atau BB/TB"), cumulative=False, target=7, lower_is_better=True,
       source="ILP.md §5.2 [V:S13]", rule_versions=("permenkes-2-2020",)),
    _I("gizi_buruk", "Gizi buruk", "Severe wasting", "gizi", Latest(WFL, ("severely_wasted",)), WFL,
       gettext_noop("Balita BB/PB atau BB/TB < −3 SD (terakhir)"), gettext_noop("Balita dengan BB/PB atau BB/TB"), cumulative=False, target=1,
       lower_is_better=True, source="ILP.md §5.2 [V:S13]", rule_versions=("permenkes-2-2020",)),
    _I("vitamin_a", "Balita mendapat vitamin A", "Vitamin A coverage", "gizi",
       _p("sup", "vitamin_a_biru", "vitamin_a_merah"), Population("balita", months=(6, 59)),
       gettext_noop("Balita 6–59 bulan yang mendapat kapsul vitamin A"), gettext_noop("Balita 6–59 bulan"), target=90,
       source="ILP.md §0.1 C4 [V3]"),
    # ---- Klaster 3 (ILP.md §4.3, §4.4)
    _I("ptm_skrining", "Usia ≥ 15 tahun diskrining tekanan darah", "Adults screened (blood pressure)", "ptm",
       SCREENED_ADULT, Population("usia_15_plus", years=(15, None)), gettext_noop("Penduduk ≥ 15 tahun yang diukur tekanan darah"),
       gettext_noop("Penduduk ≥ 15 tahun"), target=100, source="ILP.md §4.3 [V:S1b]"),
    _I("ptm_hipertensi", "Hipertensi ditemukan", "Hypertension found", "ptm", _p("cond", "hipertensi"), None,
       gettext_noop("Orang dengan hipertensi tercatat (sejak)"), "—", cumulative=True, source="ILP.md §4.3"),
    _I("ptm_diabetes", "Diabetes ditemukan", "Diabetes found", "ptm", _p("cond", "diabetes"), None,
       gettext_noop("Orang dengan diabetes tercatat (sejak)"), "—", source="ILP.md §4.3"),
    _I("ptm_ht_terkendali", "Hipertensi terkendali", "Hypertension controlled", "ptm",
       Latest(KNOWN_HT, ("ht_terkendali",)), KNOWN_HT, gettext_noop("Penderita hipertensi dengan tekanan darah terakhir terkendali"),
       gettext_noop("Penderita hipertensi yang diukur"), cumulative=False, target=60, source="ILP.md §4.3 [M]"),
    _I("ptm_dm_terkendali", "Diabetes terkendali", "Diabetes controlled", "ptm",
       Latest(KNOWN_DM, ("dm_terkendali",)), KNOWN_DM, gettext_noop("Penderita DM dengan gula darah terakhir terkendali"),
       gettext_noop("Penderita DM yang diperiksa"), cumulative=False, target=60, source="ILP.md §4.3 [M]"),
    _I("ptm_obesitas", "Obesitas (dewasa)", "Adult obesity", "ptm", Latest(_p("obs", "bmi", age_years=(18, None)),
       ("obesitas", "obesitas_1", "obesitas_2")), _p("obs", "bmi", age_years=(18, None)),
       gettext_noop("Dewasa dengan IMT obesitas (terakhir)"), gettext_noop("Dewasa diukur IMT"), cumulative=False, target=21,
       lower_is_better=True, source="ILP.md §4.3"),
    _I("ptm_srq20", "Skrining kesehatan jiwa (SRQ-20)", "Mental health screening (SRQ-20)", "ptm", _p("q", "srq20"),
       Population("dewasa", years=(18, 59)), gettext_noop("Dewasa diskrining SRQ-20"), gettext_noop("Penduduk 18–59 tahun"), target=100,
       source="ILP.md §4.3"),
    _I("lansia_skilas", "Lansia diskrining SKILAS", "Elderly screened with SKILAS", "ptm",
       _p("obs", "skilas_positive_domains", age_years=(60, None)), Population("lansia", years=(60, None)),
       gettext_noop("Lansia dengan SKILAS"), gettext_noop("Penduduk ≥ 60 tahun"), target=100, source="ILP.md §4.4 [V:S1b]"),
    _I("lansia_adl", "Lansia dinilai ADL", "Elderly assessed for ADL", "ptm",
       _p("obs", "adl_score", age_years=(60, None)), Population("lansia", years=(60, None)),
       gettext_noop("Lansia dengan penilaian ADL"), gettext_noop("Penduduk ≥ 60 tahun"), target=100, source="ILP.md §4.4 [V:S1b]"),
    # ---- TB (ILP.md §7.4 Klaster 4)
    _I("tb_skrining", "Diskrining gejala TBC", "Screened for TB symptoms", "tb", _p("obs", "tb_symptoms"),
       Population("penduduk"), gettext_noop("Orang diskrining gejala TBC"), gettext_noop("Seluruh penduduk"), target=100, source="ILP.md §7.4"),
    _I("tb_gejala", "Skrining gejala TBC positif", "TB symptom screening positive", "tb",
       _p("obs", "tb_symptoms", categories=("terduga_tbc",)), _p("obs", "tb_symptoms"),
       gettext_noop("Orang dengan gejala TBC pada skrining"), gettext_noop("Orang diskrining gejala TBC"), source="ILP.md §7.4"),
    _I("tb_terduga", "Terduga TBC ditemukan", "Presumptive TB found", "tb", _p("tb", "terduga"), None,
       gettext_noop("Orang terduga TBC"), "—", source="ILP.md §7.4"),
    _I("tb_diperiksa", "Terduga TBC diperiksa", "Presumptive TB examined", "tb", _p("tb", "diperiksa"),
       _p("tb", "terduga"), gettext_noop("Terduga TBC dengan pemeriksaan"), gettext_noop("Terduga TBC"), target=100, source="ILP.md §7.4"),
    _I("tb_diobati", "Kasus TBC diobati", "TB cases treated", "tb", _p("tb", "diobati"), _p("tb", "terdiagnosis"),
       gettext_noop("Kasus TBC mulai diobati"), gettext_noop("Kasus TBC terdiagnosis"), target=100, source="ILP.md §7.4"),
    # ---- screening of priority diseases (ILP.md §4.1)
    *(
        _I(f"skrining_{code}", f"Skrining {label}", f"Screening: {label_en}", "skrining", _p(kind, code, **kw),
           Population(group, years=years, sex=sex), numerator, gettext_noop("Penduduk sasaran"),
           target=100, source="ILP.md §4.1 [V:S1b]")
        for code, kind, label, label_en, numerator, group, years, sex, kw in (
            ("sbp", "obs", "hipertensi", "hypertension",
             gettext_noop("Sasaran yang diskrining hipertensi"), "usia_15_plus", (15, None), None, {}),
            ("glucose_fasting", "obs", "diabetes (gula darah puasa)", "diabetes",
             gettext_noop("Sasaran yang diskrining diabetes (gula darah puasa)"), "usia_15_plus", (15, None), None, {}),
            ("iva", "obs", "kanker leher rahim (IVA)", "cervical cancer (VIA)",
             gettext_noop("Sasaran yang diskrining kanker leher rahim (IVA)"), "usia_produktif", (30, 50), "P", {}),
            ("sadanis", "obs", "kanker payudara (SADANIS)", "breast cancer (CBE)",
             gettext_noop("Sasaran yang diskrining kanker payudara (SADANIS)"), "usia_produktif", (30, 50), "P", {}),
            ("puma", "q", "PPOK (PUMA)", "COPD (PUMA)",
             gettext_noop("Sasaran yang diskrining PPOK (PUMA)"), "usia_produktif", (40, None), None, {}),
            ("tajam_penglihatan", "obs", "tajam penglihatan", "vision",
             gettext_noop("Sasaran yang diskrining tajam penglihatan"), "penduduk", (0, None), None, {}),
            ("pendengaran", "obs", "pendengaran", "hearing",
             gettext_noop("Sasaran yang diskrining pendengaran"), "penduduk", (0, None), None, {}),
            ("hiv", "obs", "HIV", "HIV",
             gettext_noop("Sasaran yang diskrining HIV"), "usia_15_plus", (15, None), None, {}),
            ("hbsag", "obs", "hepatitis B", "hepatitis B",
             gettext_noop("Sasaran yang diskrining hepatitis B"), "usia_15_plus", (15, None), None, {}),
            ("sifilis", "obs", "sifilis", "syphilis",
             gettext_noop("Sasaran yang diskrining sifilis"), "usia_15_plus", (15, None), None, {}),
        )
    ),
    # ---- CKG (ILP.md §4.2)
    *(
        _I(f"ckg_{band}", f"CKG {label}", f"Free health check (CKG) {label_en}", "ckg",
           _p("obs", "ckg", age_years=years), Population(group, years=years), numerator,
           denominator, period="year", target=100, source="ILP.md §4.2 [V:S2]")
        for band, label, label_en, numerator, denominator, group, years in (
            ("balita", "balita dan prasekolah (0–6 tahun)", "under 7",
             gettext_noop("Penduduk balita dan prasekolah (0–6 tahun) dengan CKG"),
             gettext_noop("Penduduk balita dan prasekolah (0–6 tahun)"), "penduduk", (0, 6)),
            ("sekolah", "usia sekolah (7–17 tahun)", "7–17 years",
             gettext_noop("Penduduk usia sekolah (7–17 tahun) dengan CKG"),
             gettext_noop("Penduduk usia sekolah (7–17 tahun)"), "penduduk", (7, 17)),
            ("dewasa", "dewasa (18–59 tahun)", "18–59 years",
             gettext_noop("Penduduk dewasa (18–59 tahun) dengan CKG"),
             gettext_noop("Penduduk dewasa (18–59 tahun)"), "dewasa", (18, 59)),
            ("lansia", "lansia (≥ 60 tahun)", "60 years and older",
             gettext_noop("Penduduk lansia (≥ 60 tahun) dengan CKG"),
             gettext_noop("Penduduk lansia (≥ 60 tahun)"), "lansia", (60, None)),
        )
    ),
    # ---- JKN
    _I("jkn", "Kepesertaan JKN", "JKN coverage", "jkn", Population("penduduk", jkn=True), Population("penduduk"),
       gettext_noop("Penduduk dengan nomor JKN"), gettext_noop("Seluruh penduduk terdaftar"), period="year", target=100,
       source="issue #14 (UHC)"),
    # ---- SPM (ILP.md §6.2): yearly, sasaran served according to standard
    _I("spm_ibu_hamil", "SPM 1: ibu hamil", "SPM 1: antenatal care", "spm", Spm("ibu_hamil"), IBU_HAMIL,
       gettext_noop("Ibu hamil dengan ANC lengkap sesuai standar edisi SPM (4/2019: 1-1-2; 6/2024: 1-2-3 dengan 2 kali dokter"
       " dan USG), lengkap pada tahun ini"), gettext_noop("Sasaran ibu hamil"), period="year", target=100,
       source="ILP.md §6.2 [M]", rule_versions=("spm.edition", "pregnancy.trimester_rule")),
    _I("spm_ibu_bersalin", "SPM 2: ibu bersalin", "SPM 2: delivery care", "spm",
       _p("deliv", flag=True, spm_team=True),
       IBU_BERSALIN, gettext_noop("Persalinan di fasyankes oleh tim penolong sesuai standar"), gettext_noop("Sasaran ibu bersalin"),
       period="year", target=100, source="ILP.md §6.2 [M]", extra={"spm_team": True},
       rule_versions=("spm.edition",)),
    _I("spm_bayi_baru_lahir", "SPM 3: bayi baru lahir", "SPM 3: newborn care", "spm", Spm("bayi_baru_lahir"),
       LAHIR_HIDUP, gettext_noop("Bayi lahir hidup dengan pelayanan esensial (IMD, vitamin K1, salep mata, HB0) dan KN lengkap"),
       gettext_noop("Lahir hidup"), period="year", target=100, source="ILP.md §6.2 [M]",
       rule_versions=("spm.edition", "spm.bbl_essential_care", "pregnancy.kf_kn_day_numbering")),
    _I("spm_balita", "SPM 4: balita", "SPM 4: under-five care", "spm", Spm("balita"), BALITA,
       gettext_noop("Balita ditimbang ≥ 8 kali, diukur PB/TB ≥ 2 kali, dipantau perkembangannya ≥ 2 kali, vitamin A tiap"
       " Februari/Agustus, IDL"), gettext_noop("Balita 0–59 bulan"), period="year", target=100, source="ILP.md §6.2 [M]",
       rule_versions=("spm.edition", "spm.balita_min_weighings", "spm.balita_min_development"),
       extra={"note": gettext_noop("siklus synth mencatat penimbangan, PB/TB, vitamin A dan imunisasi, belum pemantauan"
                      " perkembangan (KPSP): pada data sintetis capaian ini 0.")}),
    _I("spm_usia_pendidikan_dasar", "SPM 5: usia pendidikan dasar", "SPM 5: basic-education age", "spm",
       Spm("usia_pendidikan_dasar"), Population("usia_pendidikan_dasar", years=(7, 15)),
       gettext_noop("Anak 7–15 tahun dengan skrining status gizi, tanda vital, gigi-mulut, penglihatan dan pendengaran"),
       gettext_noop("Anak usia 7–15 tahun"), period="year", target=100, source="ILP.md §6.2 [M]",
       rule_versions=("spm.edition", "spm.usia_pendidikan_dasar_items"),
       extra={"note": gettext_noop("siklus synth belum mencatat skrining anak sekolah: pada data sintetis capaian ini 0.")}),
    _I("spm_usia_produktif", "SPM 6: usia produktif", "SPM 6: productive age", "spm", Spm("usia_produktif"),
       Population("usia_produktif", years=(15, 59)),
       gettext_noop("Penduduk 15–59 tahun dengan skrining obesitas, tekanan darah, gula darah, kesehatan jiwa (perempuan"
       " 30–50 tahun juga IVA dan SADANIS)"), gettext_noop("Penduduk usia 15–59 tahun"), period="year", target=100,
       source="ILP.md §6.2 [M]", rule_versions=("spm.edition", "spm.usia_produktif_items"),
       extra={"note": gettext_noop("siklus synth mencatat tekanan darah dan gula darah, belum IMT dan SRQ-20: pada data"
                      " sintetis capaian ini 0.")}),
    _I("spm_usia_lanjut", "SPM 7: usia lanjut", "SPM 7: elderly care", "spm", Spm("usia_lanjut"),
       Population("lansia", years=(60, None)),
       gettext_noop("Lansia dengan skrining tekanan darah, gula darah, kolesterol, kesehatan jiwa, kognitif, ADL (6/2024 juga"
       " SKILAS)"), gettext_noop("Penduduk ≥ 60 tahun"), period="year", target=100, source="ILP.md §6.2 [M]",
       rule_versions=("spm.edition",),
       extra={"note": gettext_noop("siklus synth belum mencatat kolesterol: pada data sintetis capaian ini 0.")}),
    _I("spm_hipertensi", "SPM 8: penderita hipertensi", "SPM 8: hypertension care", "spm",
       Chronic("hipertensi", ("sbp",)), Population("hipertensi"),
       gettext_noop("Penderita hipertensi diukur tekanan darah setiap bulan"), gettext_noop("Penderita hipertensi ≥ 15 tahun"), period="year",
       target=100, source="ILP.md §6.2 [M]", rule_versions=("spm.edition", "spm.chronic_min_months")),
    _I("spm_diabetes", "SPM 9: penderita diabetes melitus", "SPM 9: diabetes care", "spm",
       Chronic("diabetes", ("glucose_fasting", "glucose_random", "glucose_2h", "hba1c")), Population("diabetes"),
       gettext_noop("Penderita DM diperiksa gula darah setiap bulan"), gettext_noop("Penderita DM ≥ 15 tahun"), period="year", target=100,
       source="ILP.md §6.2 [M]", rule_versions=("spm.edition", "spm.chronic_min_months")),
    _I("spm_odgj_berat", "SPM 10: ODGJ berat", "SPM 10: severe mental illness", "spm", Spm("odgj_berat"),
       Population("odgj_berat"), gettext_noop("ODGJ berat yang mendapat layanan (kontrol, pengobatan, kunjungan rumah)"),
       gettext_noop("Orang dengan gangguan jiwa berat tercatat"), period="year", target=100, source="ILP.md §6.2 [M]",
       rule_versions=("spm.odgj_min_services", "monitoring.odgj_berat_icd10"),
       extra={"note": gettext_noop("siklus synth belum mencatat ODGJ berat.")}),
    _I("spm_terduga_tb", "SPM 11: orang terduga TBC", "SPM 11: presumptive TB", "spm", Spm("terduga_tb"),
       Population("terduga_tb"), gettext_noop("Terduga TBC dengan pemeriksaan klinis dan bakteriologis (TCM/BTA)"),
       gettext_noop("Orang terduga TBC"), period="year", target=100, source="ILP.md §6.2 [M]",
       rule_versions=("spm.terduga_tb_examinations",),
       extra={"note": gettext_noop("Pemeriksaan klinis: hasil dengan diagnosis (termasuk bukan TBC) atau pemeriksaan klinis.")}),
    _I("spm_risiko_hiv", "SPM 12: orang berisiko HIV (ibu hamil)", "SPM 12: HIV test (pregnant women)", "spm",
       _p("obs", "hiv", sex="P"), IBU_HAMIL, gettext_noop("Ibu hamil dengan tes HIV"), gettext_noop("Sasaran ibu hamil"), period="year",
       target=100, source="ILP.md §6.2 [M]"),
    # ---- ILP roll-out (ILP.md §9)
    _I("ilp_puskesmas", "Puskesmas menerapkan ILP", "Puskesmas running ILP", "ilp", Facilities("puskesmas", ilp=True),
       Facilities("puskesmas"), gettext_noop("Puskesmas dengan klaster ILP"), gettext_noop("Seluruh Puskesmas"), period="year", target=100,
       source="ILP.md §9 [V:S1b]"),
    _I("ilp_pustu", "Pustu menjalankan ILP", "Pustu running ILP", "ilp", Facilities("pustu", ilp=True),
       Facilities("pustu"), gettext_noop("Pustu yang menjalankan ILP"), gettext_noop("Seluruh Pustu"), period="year", target=100,
       source="ILP.md §9 [V:S1b]"),
    _I("ilp_posyandu", "Posyandu siklus hidup", "Posyandu serving the whole life cycle", "ilp",
       Facilities("posyandu", ilp=True), Facilities("posyandu"), gettext_noop("Posyandu yang melayani semua sasaran"),
       gettext_noop("Seluruh Posyandu"), period="year", target=100, source="ILP.md §9 [V:S1b]"),
    _I("ilp_desa_pustu", "Desa dengan Pustu", "Villages with a Pustu", "ilp", DesaShare("ilp_pustu", 0.0001),
       Facilities("desa"), gettext_noop("Desa/kelurahan dengan Pustu"), gettext_noop("Seluruh desa/kelurahan"), period="year", target=100,
       source="ILP.md §9 [V:S1b]", extra={"any_pustu": True}),
)

BY_CODE = {i.code: i for i in INDICATORS}
assert len(BY_CODE) == len(INDICATORS), "indicator codes are unique"


def get(code: str) -> Indicator:
    return BY_CODE[code]


# ------------------------------------------------------------------------------------ settings

for _indicator in INDICATORS:
    if _indicator.target is not None:
        config.declare(_indicator.target_setting, float(_indicator.target),
                       f"Yearly target of '{_indicator.code}' ({_indicator.name_en}), percent"
                       + (" (a maximum)." if _indicator.lower_is_better else "."), _indicator.source or "[M]")

config.declare(
    "monitoring.status_colours",
    {"baik": "#2e7d32", "kurang": "#f9a825", "cukup": "#ef6c00", "jelek": "#c62828"},
    "Colours of the PWS status of a desa (ILP.md §7.2: baik green, kurang yellow, cukup orange, jelek red).",
    "ILP.md §7.2 [M] (a UI convention)",
)
config.declare("monitoring.odgj_berat_icd10", ("F20", "F21", "F22", "F23", "F24", "F25", "F28", "F29"),
               "ICD-10 codes (and the codes below them) of a condition that makes a person ODGJ berat (SPM 10: "
               "schizophrenia and other psychotic disorders).", "ILP.md §6.2 row 10 'psychosis' [M]")
config.declare("monitoring.odgj_service_encounters", ("kontrol", "pengobatan", "kunjungan_rumah"),
               "Encounter kinds that count as an SPM 10 service of an ODGJ berat (mental status exam and education).",
               "ILP.md §6.2 row 10 [M]")
config.declare("monitoring.flat_is_down", True,
               "PWS status: an unchanged figure counts as going down (local practice).", "ILP.md §7.2 [M]")


def basket(name: str, area: str | None = None) -> tuple[tuple[str, ...], int, str]:
    """(doses, deadline in completed months, basket version) of IDL or IBL under the settings."""
    if name == "idl":
        edition = IDL_BASKETS.version(config.get("immunization.idl_basket", area))
        return edition.value.doses, 12, edition.version
    edition = IBL_BASKETS.version(config.get("immunization.ibl_basket", area))
    return edition.value.doses, int(config.get("immunization.ibl_deadline_months", area)), edition.version
