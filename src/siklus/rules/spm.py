"""SPM bidang kesehatan kabupaten/kota: is a person "served according to standard" in a year?
(ILP.md §6.1–§6.2)

Two editions of the standard, selectable per call (``edition=``), per deployment (setting
``spm.edition``) or, by default, the edition in force on 1 January of the reporting year:

* ``permenkes-4-2019`` — ANC ≥ 4 (1-1-2); delivery team of 2; lansia screening without SKILAS.
* ``permenkes-6-2024`` — ANC ≥ 6 (1-2-3) with two doctor contacts with USG; delivery team of 3
  (ILP); lansia screening adds SKILAS. That 6/2024 adopted the ILP rules is [M] (ILP.md §6.2, §11.1).

Nearly every "sesuai standar" criterion is [M] in ILP.md: each is a setting whose default is the
unverified value, so a deployment can correct it without a code change (``siklus rules-settings``).

Public API — one predicate per service, each returning :class:`SpmResult`:

    ibu_hamil(year, hpht=…, contacts=[AncContact…])                          1
    ibu_bersalin(year, delivered_on=…, at_facility=…, attendants=[…])        2
    bayi_baru_lahir(year, birth=datetime, kn_visits=[…], essential_care={…}) 3
    balita(year, birth=…, weighings=[…], length_height=[…], development=[…],
           vitamin_a=[…], idl_complete=…)                                    4
    usia_pendidikan_dasar(year, screenings={item: [dates]})                  5
    usia_produktif(year, birth=…, sex=…, screenings={item: [dates]})         6
    usia_lanjut(year, screenings={item: [dates]})                            7
    hipertensi(year, measurements=[dates], diagnosed_on=None, until=None)    8
    diabetes(year, measurements=[dates], diagnosed_on=None, until=None)      9
    odgj_berat(year, services=[dates])                                       10
    terduga_tb(year, examinations={kind: [dates]})                           11
    risiko_hiv(year, hiv_tests=[dates])                                      12

plus ``SERVICES`` (code, name, Kepmendagri sub-kegiatan), ``SPM_EDITIONS``, ``edition_for(year)``,
``in_sasaran(service, birth, year)``, ``capaian(numerator, denominator)`` and
``meets_target(percent)``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from siklus.rules import config, pregnancy
from siklus.rules.common import month_end
from siklus.rules.lifecycle import age_on, date_at_age
from siklus.rules.screening.result import sex_code
from siklus.rules.versioning import Edition, Versioned

PMK_4_2019 = "permenkes-4-2019"
PMK_6_2024 = "permenkes-6-2024"

# --------------------------------------------------------------------------------------------- settings

config.declare(
    "spm.edition",
    None,
    f"SPM edition used for every year ('{PMK_4_2019}' or '{PMK_6_2024}'); None = the edition in force on "
    "1 January of the reporting year.",
    "ILP.md §6.1 [V:S14b] 6/2024 replaces 4/2019; its start date (2024-01-01 here) is [M]",
)
config.declare("spm.target_percent", 100, "Target of every SPM service (% of sasaran served).", "ILP.md §6.1 [M]")
config.declare(
    "spm.age_reference",
    (7, 1),
    "(month, day) of the reporting year on which a person's age decides the sasaran (mid-year, like the "
    "BPS projections the denominators come from).",
    "Not in ILP.md [M]",
)
config.declare(
    "spm.ibu_bersalin_teams_2019",
    (("bidan", "dokter"), ("bidan", "bidan"), ("bidan", "perawat")),
    "4/2019: accepted delivery teams (each a minimum multiset of roles) at a health facility.",
    "ILP.md §6.2 row 2 [M]",
)
config.declare(
    "spm.ibu_bersalin_teams_2024",
    (("bidan", "dokter", "perawat"), ("bidan", "bidan", "dokter")),
    "6/2024: accepted delivery teams — the ILP team of 3 (doctor + midwife + nurse, or doctor + 2 midwives).",
    "ILP.md §4.5 [V:S1b]; that SPM 6/2024 requires it is [M]",
)
config.declare(
    "spm.bbl_essential_care",
    ("imd", "vitamin_k1", "salep_mata", "hb0"),
    "Essential neonatal care (0–6 h) required with KN lengkap for the BBL service.",
    "ILP.md §6.2 row 3 [M]",
)
config.declare(
    "spm.bbl_requires_shk_2024",
    False,
    "6/2024: the BBL service also requires SHK sampling.",
    "ILP.md §6.2 row 3 [M] ('possibly added')",
)
config.declare("spm.balita_min_weighings", 8, "Balita: minimum weighings in the year.", "ILP.md §6.2 row 4 [V3:S23c]")
config.declare(
    "spm.balita_min_length_height", 2, "Balita: minimum PB/TB measurements in the year.", "ILP.md §6.2 row 4 [V3:S23c]"
)
config.declare(
    "spm.balita_min_development", 2, "Balita: minimum development checks in the year.", "ILP.md §6.2 row 4 [M]"
)
config.declare(
    "spm.balita_vitamin_a_months",
    (2, 8),
    "Vitamin A months (February, August); a balita aged 6–59 months in such a month needs that dose.",
    "ILP.md §4.6 [V:S1b]; SPM 2×/year [V3:S23c]",
)
config.declare(
    "spm.usia_pendidikan_dasar_items",
    ("status_gizi", "tanda_vital", "gigi_mulut", "penglihatan", "pendengaran"),
    "Usia pendidikan dasar: screening items required in the year.",
    "ILP.md §6.2 row 5 [M]",
)
config.declare(
    "spm.usia_produktif_items",
    ("obesitas", "tekanan_darah", "gula_darah", "kesehatan_jiwa"),
    "Usia produktif (15–59): screening items required in the year.",
    "ILP.md §6.2 row 6 [M]",
)
config.declare(
    "spm.usia_produktif_women_items",
    ("iva", "sadanis"),
    "Usia produktif: additional items for women in spm.usia_produktif_women_ages.",
    "ILP.md §6.2 row 6 [M]",
)
config.declare(
    "spm.usia_produktif_women_ages",
    (30, 50),
    "Ages (inclusive) of women needing IVA/SADANIS for SPM.",
    "ILP.md §6.2 row 6 [M]",
)
config.declare(
    "spm.cancer_screening_valid_months",
    36,
    "IVA/SADANIS count for SPM when done within this many months up to the end of the year (their interval).",
    "Not in ILP.md [M]; interval ILP.md §4.3 [V:S1b]",
)
config.declare(
    "spm.usia_lanjut_items_2019",
    ("tekanan_darah", "gula_darah", "kolesterol", "kesehatan_jiwa", "kognitif", "adl"),
    "4/2019 usia lanjut (≥ 60): screening items required in the year.",
    "ILP.md §6.2 row 7 [M]",
)
config.declare(
    "spm.usia_lanjut_items_2024",
    ("tekanan_darah", "gula_darah", "kolesterol", "kesehatan_jiwa", "kognitif", "adl", "skilas"),
    "6/2024 usia lanjut (≥ 60): screening items required in the year (ILP adds SKILAS).",
    "ILP.md §6.2 row 7 [M]; SKILAS in ILP [V:S1b]",
)
config.declare(
    "spm.chronic_min_months",
    None,
    "Hipertensi/DM: months of the year with ≥ 1 measurement needed; None = every month from diagnosis "
    "(or January) to December (or the end of follow-up).",
    "ILP.md §6.2 rows 8–9 '≥ 1×/month' [M]",
)
config.declare(
    "spm.odgj_min_services",
    1,
    "ODGJ berat: services (mental-status exam + education) needed in the year.",
    "ILP.md §6.2 row 10 [M]",
)
config.declare(
    "spm.terduga_tb_examinations",
    ("klinis", "bakteriologis"),
    "Orang terduga TB: examinations required (radiology optional).",
    "ILP.md §6.2 row 11 [M]",
)
config.declare("spm.hiv_min_tests", 1, "Orang berisiko HIV: HIV tests needed in the year.", "ILP.md §6.2 row 12 [M]")

# --------------------------------------------------------------------------------------------- editions


@dataclass(frozen=True)
class SpmStandard:
    anc_pattern: str  # an edition of pregnancy.ANC_PATTERNS
    delivery_teams_setting: str
    bbl_requires_shk_setting: str | None
    usia_lanjut_items_setting: str


SPM_EDITIONS = Versioned(
    Edition(
        PMK_4_2019,
        date(2019, 1, 1),
        SpmStandard(pregnancy.ANC_4X, "spm.ibu_bersalin_teams_2019", None, "spm.usia_lanjut_items_2019"),
    ),
    Edition(
        PMK_6_2024,
        date(2024, 1, 1),
        SpmStandard(
            pregnancy.ANC_6X, "spm.ibu_bersalin_teams_2024", "spm.bbl_requires_shk_2024", "spm.usia_lanjut_items_2024"
        ),
    ),
)


def edition_for(year: int, edition: str | None = None) -> Edition[SpmStandard]:
    """The SPM edition used for ``year``: ``edition`` if given, else setting ``spm.edition``, else the
    edition in force on 1 January of the year."""
    chosen = edition or config.get("spm.edition")
    if chosen:
        return SPM_EDITIONS.version(chosen)
    return SPM_EDITIONS.at(date(year, 1, 1))


# --------------------------------------------------------------------------------------------- catalogue


@dataclass(frozen=True)
class SpmService:
    number: int
    code: str
    name: str  # Indonesian
    sub_kegiatan: str  # Kepmendagri budget nomenclature (ILP.md §6.1 [V3:S23])
    sasaran: str  # Indonesian description of the denominator


SERVICES = (
    SpmService(1, "ibu_hamil", "Pelayanan kesehatan ibu hamil", "1.02.02.2.02.0001", "ibu hamil"),
    SpmService(2, "ibu_bersalin", "Pelayanan kesehatan ibu bersalin", "1.02.02.2.02.0002", "ibu bersalin"),
    SpmService(
        3,
        "bayi_baru_lahir",
        "Pelayanan kesehatan bayi baru lahir",
        "1.02.02.2.02.0003",
        "bayi baru lahir (lahir hidup)",
    ),
    SpmService(4, "balita", "Pelayanan kesehatan balita", "1.02.02.2.02.0004", "balita 0–59 bulan"),
    SpmService(
        5,
        "usia_pendidikan_dasar",
        "Pelayanan kesehatan pada usia pendidikan dasar",
        "1.02.02.2.02.0005",
        "anak usia 7–15 tahun",
    ),
    SpmService(
        6, "usia_produktif", "Pelayanan kesehatan pada usia produktif", "1.02.02.2.02.0006", "penduduk usia 15–59 tahun"
    ),
    SpmService(
        7, "usia_lanjut", "Pelayanan kesehatan pada usia lanjut", "1.02.02.2.02.0007", "penduduk usia ≥ 60 tahun"
    ),
    SpmService(
        8,
        "hipertensi",
        "Pelayanan kesehatan penderita hipertensi",
        "1.02.02.2.02.0008",
        "penderita hipertensi usia ≥ 15 tahun",
    ),
    SpmService(
        9,
        "diabetes",
        "Pelayanan kesehatan penderita diabetes melitus",
        "1.02.02.2.02.0009",
        "penderita DM usia ≥ 15 tahun",
    ),
    SpmService(
        10, "odgj_berat", "Pelayanan kesehatan orang dengan gangguan jiwa berat", "1.02.02.2.02.0010", "ODGJ berat"
    ),
    SpmService(
        11, "terduga_tb", "Pelayanan kesehatan orang terduga tuberkulosis", "1.02.02.2.02.0011", "orang terduga TB"
    ),
    SpmService(
        12,
        "risiko_hiv",
        "Pelayanan kesehatan orang dengan risiko terinfeksi HIV",
        "1.02.02.2.02.0012",
        "orang berisiko terinfeksi HIV",
    ),
)
_BY_CODE = {s.code: s for s in SERVICES}

# Age bands of the sasaran (ILP.md §2, §6.2): (unit, lower, upper inclusive or None)
_SASARAN_AGES = {
    "balita": ("months", 0, 59),
    "usia_pendidikan_dasar": ("years", 7, 15),
    "usia_produktif": ("years", 15, 59),
    "usia_lanjut": ("years", 60, None),
    "hipertensi": ("years", 15, None),
    "diabetes": ("years", 15, None),
}


def _reference_day(year: int) -> date:
    month, day = config.get("spm.age_reference")
    return date(year, month, day)


def in_sasaran(service: str, birth: date, year: int) -> bool:
    """Whether a person's age puts them in the service's sasaran for ``year`` (age on the
    ``spm.age_reference`` day). Services without an age band (pregnancy, TB …) return True."""
    if service not in _BY_CODE:
        raise KeyError(service)
    band = _SASARAN_AGES.get(service)
    if band is None:
        return True
    ref = _reference_day(year)
    if birth > ref:
        return False
    unit, lower, upper = band
    age = age_on(birth, ref)
    value = age.months if unit == "months" else age.years
    return value >= lower and (upper is None or value <= upper)


# --------------------------------------------------------------------------------------------- result


@dataclass(frozen=True)
class SpmResult:
    service: str  # code, e.g. "ibu_hamil"
    label: str  # Indonesian service name
    year: int
    served: bool  # "mendapat pelayanan sesuai standar"
    missing: tuple[str, ...]  # stable codes of what is missing, e.g. ("anc_k5_dokter",)
    rule_version: str  # the SPM edition


def _result(code: str, year: int, edition: Edition, missing: Iterable[str]) -> SpmResult:
    missing = tuple(missing)
    return SpmResult(code, _BY_CODE[code].name, year, not missing, missing, edition.version)


def _in_year(dates: Iterable[date], year: int) -> list[date]:
    return sorted(d for d in (x.date() if isinstance(x, datetime) else x for x in dates) if d.year == year)


def _done_in_year(screenings: Mapping[str, Iterable[date]], item: str, year: int) -> bool:
    return bool(_in_year(screenings.get(item, ()), year))


def _done_within(screenings: Mapping[str, Iterable[date]], item: str, year: int, months: int) -> bool:
    end = date(year, 12, 31)
    start = date_at_age(end, months=-months)
    return any(start < d <= end for d in screenings.get(item, ()))


# --------------------------------------------------------------------------------------------- 1–3 KIA


def ibu_hamil(
    year: int, *, hpht: date, contacts: Iterable[pregnancy.AncContact], edition: str | None = None
) -> SpmResult:
    """1. Ibu hamil: the edition's ANC pattern completed, the completing contact in ``year``.
    4/2019: ≥ 4 contacts 1-1-2; 6/2024: ≥ 6 contacts 1-2-3 with doctor + USG in TM1 and TM3."""
    ed = edition_for(year, edition)
    status = pregnancy.anc_status(hpht, list(contacts), on=date(year, 12, 31), pattern=ed.value.anc_pattern)
    missing: list[str] = []
    if not status.complete:
        pat = pregnancy.ANC_PATTERNS.version(ed.value.anc_pattern).value
        for tm in range(3):
            short = pat.per_trimester[tm] - status.counts[tm]
            if short > 0:
                missing.append(f"anc_tm{tm + 1}_kurang_{short}")
            if status.doctor_counts[tm] < pat.doctor_per_trimester[tm]:
                missing.append(f"anc_tm{tm + 1}_dokter_usg")
    elif status.completed_on is None or status.completed_on.year != year:
        missing.append("anc_lengkap_di_tahun_lain")
    return _result("ibu_hamil", year, ed, missing)


def _team_ok(attendants: Collection[str], teams: Iterable[Iterable[str]]) -> bool:
    have: dict[str, int] = {}
    for role in attendants:
        have[role] = have.get(role, 0) + 1
    for team in teams:
        need: dict[str, int] = {}
        for role in team:
            need[role] = need.get(role, 0) + 1
        if all(have.get(role, 0) >= n for role, n in need.items()):
            return True
    return False


def ibu_bersalin(
    year: int, *, delivered_on: date, at_facility: bool, attendants: Collection[str], edition: str | None = None
) -> SpmResult:
    """2. Ibu bersalin: delivered in ``year`` at a health facility by an accepted team
    (``attendants``: roles such as "dokter", "bidan", "perawat")."""
    ed = edition_for(year, edition)
    missing = []
    if delivered_on.year != year:
        missing.append("persalinan_di_tahun_lain")
    if not at_facility:
        missing.append("bukan_di_fasyankes")
    if not _team_ok(attendants, config.get(ed.value.delivery_teams_setting)):
        missing.append("tim_penolong_tidak_sesuai")
    return _result("ibu_bersalin", year, ed, missing)


def bayi_baru_lahir(
    year: int,
    *,
    birth: datetime,
    kn_visits: Iterable[date],
    essential_care: Collection[str],
    shk: bool = False,
    edition: str | None = None,
) -> SpmResult:
    """3. Bayi baru lahir born in ``year``: essential neonatal care (0–6 h) and KN lengkap (KN1–KN3
    in their windows, ILP.md §4.5); 6/2024 optionally SHK (setting)."""
    ed = edition_for(year, edition)
    missing = []
    born = birth.date() if isinstance(birth, datetime) else birth
    if born.year != year:
        missing.append("lahir_di_tahun_lain")
    for item in config.get("spm.bbl_essential_care"):
        if item not in essential_care:
            missing.append(f"esensial_{item}")
    covered = pregnancy.kn_covered(birth, list(kn_visits))
    for window in pregnancy.kn_windows(birth):
        if window.code not in covered:
            missing.append(window.code.lower())
    if ed.value.bbl_requires_shk_setting and config.get(ed.value.bbl_requires_shk_setting) and not shk:
        missing.append("shk")
    return _result("bayi_baru_lahir", year, ed, missing)


# --------------------------------------------------------------------------------------------- 4 balita


def balita(
    year: int,
    *,
    birth: date,
    weighings: Iterable[date],
    length_height: Iterable[date],
    development: Iterable[date],
    vitamin_a: Iterable[date],
    idl_complete: bool,
    edition: str | None = None,
) -> SpmResult:
    """4. Balita (0–59 months): in the year weighing ≥ 8×, PB/TB ≥ 2×, development monitoring ≥ 2×,
    vitamin A in each February/August round the child was 6–59 months old, and complete basic
    immunization once the child is 12 months old by 31 December (``idl_complete`` comes from the
    immunization rules). The counts are not prorated for a child who is a balita for part of the year."""
    ed = edition_for(year, edition)
    missing = []
    for name, dates, setting in (
        ("penimbangan", weighings, "spm.balita_min_weighings"),
        ("pb_tb", length_height, "spm.balita_min_length_height"),
        ("perkembangan", development, "spm.balita_min_development"),
    ):
        count, need = len(_in_year(dates, year)), config.get(setting)
        if count < need:
            missing.append(f"{name}_kurang_{need - count}")
    doses = _in_year(vitamin_a, year)
    for month in config.get("spm.balita_vitamin_a_months"):
        first = date(year, month, 1)
        last = month_end(first)
        if birth > last:
            continue
        # eligible if 6–59 completed months on some day of the round month
        if age_on(birth, last).months < 6 or (birth <= first and age_on(birth, first).months > 59):
            continue
        if not any(d.month == month for d in doses):
            missing.append(f"vitamin_a_bulan_{month}")
    if birth <= date(year, 12, 31) and age_on(birth, date(year, 12, 31)).months >= 12 and not idl_complete:
        missing.append("idl")
    return _result("balita", year, ed, missing)


# --------------------------------------------------------------------------------------------- 5–7 screening


def _items_missing(screenings: Mapping[str, Iterable[date]], items: Iterable[str], year: int) -> list[str]:
    return [item for item in items if not _done_in_year(screenings, item, year)]


def usia_pendidikan_dasar(
    year: int, *, screenings: Mapping[str, Iterable[date]], edition: str | None = None
) -> SpmResult:
    """5. Usia pendidikan dasar: every item of ``spm.usia_pendidikan_dasar_items`` done in the year."""
    ed = edition_for(year, edition)
    return _result(
        "usia_pendidikan_dasar",
        year,
        ed,
        _items_missing(screenings, config.get("spm.usia_pendidikan_dasar_items"), year),
    )


def usia_produktif(
    year: int, *, birth: date, sex: str, screenings: Mapping[str, Iterable[date]], edition: str | None = None
) -> SpmResult:
    """6. Usia produktif: the yearly items; women 30–50 also IVA and SADANIS within their 3-year interval."""
    ed = edition_for(year, edition)
    missing = _items_missing(screenings, config.get("spm.usia_produktif_items"), year)
    low, high = config.get("spm.usia_produktif_women_ages")
    if sex_code(sex) == "P" and low <= age_on(birth, _reference_day(year)).years <= high:
        months = config.get("spm.cancer_screening_valid_months")
        missing += [
            i for i in config.get("spm.usia_produktif_women_items") if not _done_within(screenings, i, year, months)
        ]
    return _result("usia_produktif", year, ed, missing)


def usia_lanjut(year: int, *, screenings: Mapping[str, Iterable[date]], edition: str | None = None) -> SpmResult:
    """7. Usia lanjut: every item of the edition's list done in the year (6/2024 adds SKILAS)."""
    ed = edition_for(year, edition)
    return _result(
        "usia_lanjut", year, ed, _items_missing(screenings, config.get(ed.value.usia_lanjut_items_setting), year)
    )


# --------------------------------------------------------------------------------------------- 8–12


def _monthly(
    code: str,
    year: int,
    measurements: Iterable[date],
    diagnosed_on: date | None,
    until: date | None,
    edition: str | None,
) -> SpmResult:
    ed = edition_for(year, edition)
    months_done = {d.month for d in _in_year(measurements, year)}
    first = diagnosed_on.month if diagnosed_on and diagnosed_on.year == year else 1
    if diagnosed_on and diagnosed_on.year > year:
        raise ValueError("diagnosis sesudah tahun pelaporan")
    last = until.month if until and until.year == year else 12
    minimum = config.get("spm.chronic_min_months")
    if minimum is None:
        missing = [f"bulan_{m}" for m in range(first, last + 1) if m not in months_done]
    else:
        missing = [f"kurang_{minimum - len(months_done)}_bulan"] if len(months_done) < minimum else []
    return _result(code, year, ed, missing)


def hipertensi(
    year: int,
    *,
    measurements: Iterable[date],
    diagnosed_on: date | None = None,
    until: date | None = None,
    edition: str | None = None,
) -> SpmResult:
    """8. Penderita hipertensi: BP measured at a facility at least once a month — by default every month
    from diagnosis (or January) to December (or ``until``: death, moving away)."""
    return _monthly("hipertensi", year, measurements, diagnosed_on, until, edition)


def diabetes(
    year: int,
    *,
    measurements: Iterable[date],
    diagnosed_on: date | None = None,
    until: date | None = None,
    edition: str | None = None,
) -> SpmResult:
    """9. Penderita DM: blood glucose measured at least once a month (as :func:`hipertensi`)."""
    return _monthly("diabetes", year, measurements, diagnosed_on, until, edition)


def odgj_berat(year: int, *, services: Iterable[date], edition: str | None = None) -> SpmResult:
    """10. ODGJ berat: services with mental-status examination and education in the year."""
    ed = edition_for(year, edition)
    count, need = len(_in_year(services, year)), config.get("spm.odgj_min_services")
    return _result("odgj_berat", year, ed, [f"layanan_kurang_{need - count}"] if count < need else [])


def terduga_tb(year: int, *, examinations: Mapping[str, Iterable[date]], edition: str | None = None) -> SpmResult:
    """11. Orang terduga TB: clinical and bacteriological (TCM/BTA) examination in the year."""
    ed = edition_for(year, edition)
    return _result(
        "terduga_tb", year, ed, _items_missing(examinations, config.get("spm.terduga_tb_examinations"), year)
    )


def risiko_hiv(year: int, *, hiv_tests: Iterable[date], edition: str | None = None) -> SpmResult:
    """12. Orang berisiko terinfeksi HIV: an HIV test in the year."""
    ed = edition_for(year, edition)
    count, need = len(_in_year(hiv_tests, year)), config.get("spm.hiv_min_tests")
    return _result("risiko_hiv", year, ed, ["tes_hiv"] if count < need else [])


# --------------------------------------------------------------------------------------------- capaian


def capaian(numerator: int, denominator: float) -> float | None:
    """Capaian (%) = numerator / denominator × 100; None when there is no sasaran."""
    if numerator < 0 or denominator < 0:
        raise ValueError("pembilang dan penyebut tidak boleh negatif")
    if denominator == 0:
        return None
    return numerator / denominator * 100


def meets_target(percent: float | None) -> bool:
    return percent is not None and percent >= config.get("spm.target_percent")
