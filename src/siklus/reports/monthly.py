"""The monthly Puskesmas report per cluster (Klaster 2 ibu dan anak, Klaster 3 usia dewasa dan
lansia, Klaster 4 penyakit menular): counts for one month by desa of the facility's work area.

The month's counts are computed here directly from the care records, one aggregate query per
count (``GROUP BY`` desa), whatever the number of persons: a paper monthly report counts the
month's events, which the monitoring app does not store. A count is of persons (distinct) unless
its label says otherwise (doses, deliveries, births, cases). Categories are the ones the care
services stored with each value; nothing is classified again here.

The PWS coverage of each desa (cumulative from January, with its status colour) is read from the
monitoring app's stored values (:func:`siklus.monitoring.queries.values`), as fresh as the last
``siklus indicators refresh``; without stored values the report says so.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from siklus.accounts.policies import Perm, may
from siklus.areas.models import Area, Level
from siklus.care.models import (
    Birth,
    CaseReport,
    Condition,
    Encounter,
    Immunization,
    Observation,
    Pregnancy,
    QuestionnaireResponse,
    Supplement,
    TbCase,
)
from siklus.facilities.models import Facility, Kind
from siklus.monitoring import catalogue, queries
from siklus.reports.period import Period, band, born_after_for_months
from siklus.reports.registers import BP_ATTENTION, facility_area_q
from siklus.rules import codes
from siklus.rules.lifecycle import date_at_age
from siklus.rules.pregnancy import BBLR_BELOW_G

DESA_CODE_LENGTH = len("62.02.01.2003")  # PP.KK.CC.DDDD (ILP.md §8.3)

Counts = dict[str, int]  # desa code → count


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[tuple[str, list[Any]]]  # desa name, counts (or stored coverage values)
    totals: list[int] | None
    note: str = ""
    colours: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, column) → PWS status colour


# PWS coverage per desa from the monitoring app's stored values (cumulative from January).
PWS_INDICATORS = ("k1", "k6", "pf", "kf_lengkap", "kn_lengkap", "idl", "gizi_d_s", "gizi_stunting", "ptm_skrining",
                  "tb_diobati")


@dataclass
class Section:
    title: str
    tables: list[Table] = field(default_factory=list)


@dataclass
class MonthlyReport:
    facility: Facility
    month: Period
    desa: list[Area]
    sections: list[Section]
    source: str


def _desa_of(facility: Facility) -> list[Area]:
    """The desa of the report's rows: a Puskesmas its wilayah kerja, a Pustu or Posyandu its own."""
    if facility.kind == Kind.PUSKESMAS:
        served = list(facility.served_areas.filter(level=Level.DESA).order_by("name"))
        if served:
            return served
    return list(Area.objects.filter(code=facility.area_code[:DESA_CODE_LENGTH]))


class _Counter:
    """Aggregate counts of one facility's area, one month, as ``actor`` may see them."""

    def __init__(self, actor, facility: Facility, month: Period):
        self.actor, self.facility, self.month = actor, facility, month

    def records(self, model, date_field: str, **filters) -> QuerySet:
        return (model.objects.visible_to(self.actor).active().filter(facility_area_q(self.facility))
                .filter(**{f"{date_field}__gte": self.month.first, f"{date_field}__lte": self.month.last}, **filters))

    @staticmethod
    def by_desa(qs: QuerySet, distinct: str | None = "person_id") -> Counts:
        counted = Count(distinct, distinct=True) if distinct else Count("pk")
        return dict(qs.order_by().annotate(desa=Substr("area_code", 1, DESA_CODE_LENGTH)).values("desa")
                    .annotate(n=counted).values_list("desa", "n"))

    @staticmethod
    def union(*querysets: QuerySet) -> Counts:
        """Distinct persons over several record kinds (e.g. SKILAS as a score or a questionnaire)."""
        seen: dict[str, set] = defaultdict(set)
        for qs in querysets:
            for code, pid in qs.order_by().values_list("area_code", "person_id").distinct():
                seen[code[:DESA_CODE_LENGTH]].add(pid)
        return {code: len(ids) for code, ids in seen.items()}

    def encounters(self, kind: str, **filters) -> Counts:
        return self.by_desa(self.records(Encounter, "on", kind=kind, **filters))

    def observed(self, code: str | tuple[str, ...], categories: tuple[str, ...] | None = None, **filters) -> Counts:
        qs = self.records(Observation, "on", code__in=(code,) if isinstance(code, str) else code, **filters)
        if categories is not None:
            qs = qs.filter(category__in=categories)
        return self.by_desa(qs)


Indicator = tuple[str, Callable[[_Counter], Counts]]


def _balita(c: _Counter) -> dict[str, Any]:
    return {"person__birth_date__gt": born_after_for_months(c.month.first, band("balita", c.month.first).upper)}


def _adults(c: _Counter) -> dict[str, Any]:
    return {"person__birth_date__lte": date_at_age(c.month.last, years=-band("usia_produktif", c.month.last).lower)}


def _lansia(c: _Counter) -> dict[str, Any]:
    return {"person__birth_date__lte": date_at_age(c.month.last, years=-band("lansia", c.month.last).lower)}


GROWTH = {
    "weight": ("underweight", "severely_underweight"),
    "length_height": ("stunted", "severely_stunted"),
    "zwfl": ("wasted", "severely_wasted"),
}
TB_DIAGNOSED = ("tbc_so", "tbc_ro", "tbc_klinis")
TB_SUCCESS = ("sembuh", "lengkap")
HT_DM_UNCONTROLLED = ("ht_tidak_terkendali", "dm_tidak_terkendali")
GLUCOSE = ("glucose_random", "glucose_fasting", "glucose_2h")

MATERNAL: list[Indicator] = [
    (gettext_noop("K1"), lambda c: c.encounters("anc", sequence=1)),
    (gettext_noop("K4"), lambda c: c.encounters("anc", sequence=4)),
    (gettext_noop("K6"), lambda c: c.encounters("anc", sequence=6)),
    (gettext_noop("Bumil KEK"), lambda c: c.observed("muac", ("kek",), encounter__kind="anc")),
    (gettext_noop("Bumil anemia"), lambda c: c.observed("hb", ("anemia",), encounter__kind="anc")),
    (gettext_noop("Persalinan"), lambda c: c.by_desa(c.records(Pregnancy, "ended_on"), None)),
    (gettext_noop("Persalinan di fasyankes"), lambda c: c.by_desa(
        c.records(Pregnancy, "ended_on", place_of_birth="fasyankes"), None)),
    (gettext_noop("KF1"), lambda c: c.encounters("kf", sequence=1)),
    (gettext_noop("KF4"), lambda c: c.encounters("kf", sequence=4)),
]
CHILD: list[Indicator] = [
    (gettext_noop("Lahir hidup"), lambda c: c.by_desa(c.records(Birth, "born_on", alive=True), None)),
    (gettext_noop("BBLR"), lambda c: c.by_desa(c.records(Birth, "born_on", alive=True, weight_g__lt=BBLR_BELOW_G), None)),
    (gettext_noop("KN1"), lambda c: c.encounters("kn", sequence=1)),
    (gettext_noop("KN3"), lambda c: c.encounters("kn", sequence=3)),
    (gettext_noop("Balita ditimbang (D)"), lambda c: c.observed("weight", **_balita(c))),
    (gettext_noop("BB kurang"), lambda c: c.observed("weight", GROWTH["weight"], **_balita(c))),
    (gettext_noop("Pendek"), lambda c: c.observed("length_height", GROWTH["length_height"], **_balita(c))),
    (gettext_noop("Gizi kurang/buruk"), lambda c: c.observed("zwfl", GROWTH["zwfl"], **_balita(c))),
    (gettext_noop("Vitamin A"), lambda c: c.by_desa(c.records(
        Supplement, "given_on", kind__in=("vitamin_a_biru", "vitamin_a_merah")))),
]
IMMUNIZATION_DOSES = ("HB0", "BCG", "DPT-HB-Hib1", "DPT-HB-Hib3", "OPV4", "IPV1", "PCV3", "MR1", "DPT-HB-Hib4", "MR2",
                      codes.TD_WUS.code)
ADULT: list[Indicator] = [
    (gettext_noop("Skrining PTM"), lambda c: c.encounters("skrining", **_adults(c))),
    (gettext_noop("TD diukur"), lambda c: c.observed("sbp", **_adults(c))),
    (gettext_noop("TD tinggi"), lambda c: c.observed("sbp", BP_ATTENTION, **_adults(c))),
    (gettext_noop("Gula darah diperiksa"), lambda c: c.observed(GLUCOSE, **_adults(c))),
    (gettext_noop("Gula darah: hiperglikemia/diabetes"), lambda c: c.observed(
        GLUCOSE, ("hiperglikemia", "diabetes"), **_adults(c))),
    (gettext_noop("Gula darah: prediabetes/belum pasti"), lambda c: c.observed(
        GLUCOSE, ("prediabetes", "belum_pasti"), **_adults(c))),
    (gettext_noop("Kontrol HT/DM"), lambda c: c.encounters("kontrol")),
    (gettext_noop("HT/DM tidak terkendali"), lambda c: c.observed(("sbp",) + GLUCOSE, HT_DM_UNCONTROLLED)),
    (gettext_noop("Diagnosis baru hipertensi"), lambda c: c.by_desa(c.records(Condition, "since", code="hipertensi"))),
    (gettext_noop("Diagnosis baru diabetes"), lambda c: c.by_desa(c.records(Condition, "since", code="diabetes"))),
]
ELDERLY: list[Indicator] = [
    (gettext_noop("Lansia dilayani"), lambda c: c.union(c.records(Encounter, "on", **_lansia(c)),
                                                        c.records(Observation, "on", **_lansia(c)))),
    (gettext_noop("SKILAS"), lambda c: c.union(
        c.records(Observation, "on", code="skilas_positive_domains"), c.records(QuestionnaireResponse, "on",
                                                                                  instrument="skilas"))),
    (gettext_noop("SKILAS positif"), lambda c: c.union(
        c.records(Observation, "on", code="skilas_positive_domains", category="positif"),
        c.records(QuestionnaireResponse, "on", instrument="skilas", category="positif"))),
    (gettext_noop("ADL"), lambda c: c.union(
        c.records(Observation, "on", code="adl_score"), c.records(QuestionnaireResponse, "on", instrument="adl"))),
    (gettext_noop("ADL ketergantungan"), lambda c: c.union(
        c.records(Observation, "on", code="adl_score").exclude(Q(category="mandiri") | Q(category="")),
        c.records(QuestionnaireResponse, "on", instrument="adl").exclude(Q(category="mandiri") | Q(category="")))),
    (gettext_noop("TD tinggi (lansia)"), lambda c: c.observed("sbp", BP_ATTENTION, **_lansia(c))),
]
TB: list[Indicator] = [
    (gettext_noop("Bergejala TBC (skrining)"), lambda c: c.observed("tb_symptoms", ("terduga_tbc",))),
    (gettext_noop("Terduga TBC"), lambda c: c.by_desa(c.records(TbCase, "presumptive_on"))),
    (gettext_noop("Terdiagnosis TBC"), lambda c: c.by_desa(c.records(TbCase, "result_on", diagnosis__in=TB_DIAGNOSED))),
    (gettext_noop("Mulai pengobatan"), lambda c: c.by_desa(c.records(TbCase, "treatment_started_on"))),
    (gettext_noop("Sembuh/pengobatan lengkap"), lambda c: c.by_desa(
        c.records(TbCase, "outcome_on", outcome__in=TB_SUCCESS))),
]


def _table(title: str, desa: list[Area], columns: list[str], counts: list[Counts], note: str = "") -> Table:
    rows = [(a.name, [c.get(a.code, 0) for c in counts]) for a in desa]
    return Table(title, columns, rows, [sum(r[1][i] for r in rows) for i in range(len(columns))], note)


def _indicators(title: str, desa: list[Area], counter: _Counter, indicators: list[Indicator], note: str = "") -> Table:
    return _table(title, desa, [_(label) for label, _f in indicators], [f(counter) for _l, f in indicators], note)


def _grouped(qs: QuerySet, field_name: str) -> dict[str, Counts]:
    """``field`` value → desa → number of records."""
    found: dict[str, Counts] = defaultdict(dict)
    for desa, value, n in (qs.order_by().annotate(desa=Substr("area_code", 1, DESA_CODE_LENGTH))
                           .values("desa", field_name).annotate(n=Count("pk")).values_list("desa", field_name, "n")):
        found[value][desa] = n
    return found


def pws_table(actor, facility: Facility, desa: list[Area], month: Period) -> Table:
    """Stored coverage (%) of :data:`PWS_INDICATORS` per desa for the month, coloured by PWS status."""
    period = month.first.strftime("%Y-%m")
    found: dict[tuple[str, str], dict] = {}
    for a in desa:
        if may(actor, Perm.VIEW, area=a.code):
            for r in queries.values(actor, PWS_INDICATORS, a.code, "desa", [period]):
                found[(r["unit"], r["indicator"])] = r
    title = _("Capaian PWS kumulatif sampai %(month)s (%%)") % {"month": month.label}
    if not found:
        return Table(title, [], [], None, _("Angka capaian bulan ini belum dihitung. Hubungi admin siklus "
                                            "agar perhitungan indikator dijadwalkan."))
    names = {i.code: i for i in catalogue.INDICATORS}
    columns = [_(names[code].name) if code in names else code for code in PWS_INDICATORS]
    rows, colours = [], {}
    for r_index, a in enumerate(desa):
        cells = []
        for c_index, code in enumerate(PWS_INDICATORS):
            value = found.get((a.code, code))
            cells.append("" if value is None or value["value"] is None else round(value["value"], 1))
            if value is not None and value["colour"]:
                colours[(r_index, c_index)] = value["colour"]
        rows.append((a.name, cells))
    computed = max(r["computed_at"] for r in found.values())
    return Table(title, columns, rows, None, _("Nilai indikator tersimpan, dihitung %(when)s; warna: status PWS "
                                               "(baik, kurang, cukup, jelek).") % {
        "when": computed.strftime("%d-%m-%Y %H:%M")}, colours)


def build(actor, facility: Facility, month: Period) -> MonthlyReport:
    desa = _desa_of(facility)
    c = _Counter(actor, facility, month)
    doses = _grouped(c.records(Immunization, "given_on", dose__in=IMMUNIZATION_DOSES), "dose")
    cases = _grouped(c.records(CaseReport, "reported_on"), "disease")
    diseases = [d for d in codes.of_kind(codes.NOTIFIABLE) if d.code in cases]
    case_table = (_table(_("Penyakit menular wajib lapor (kasus)"), desa, [_(d.label) for d in diseases],
                         [cases[d.code] for d in diseases]) if diseases else
                  Table(_("Penyakit menular wajib lapor (kasus)"), [], [], [],
                        _("Tidak ada laporan kasus penyakit menular bulan ini.")))
    persons = _("Jumlah orang, kecuali persalinan, kelahiran dan dosis (jumlah kejadian).")
    return MonthlyReport(facility, month, desa, [
        Section(_("Pemantauan wilayah setempat (PWS)"), [pws_table(actor, facility, desa, month)]),
        Section(_("Klaster 2 — Ibu dan Anak"), [
            _indicators(_("Ibu hamil, bersalin dan nifas"), desa, c, MATERNAL, persons),
            _indicators(_("Bayi dan balita"), desa, c, CHILD),
            _table(_("Imunisasi (dosis diberikan)"), desa, list(IMMUNIZATION_DOSES),
                   [doses.get(d, {}) for d in IMMUNIZATION_DOSES]),
        ]),
        Section(_("Klaster 3 — Usia Dewasa dan Lansia"), [
            _indicators(_("Usia dewasa (15 tahun ke atas)"), desa, c, ADULT),
            _indicators(_("Lansia (60 tahun ke atas)"), desa, c, ELDERLY),
        ]),
        Section(_("Klaster 4 — Penanggulangan Penyakit Menular"), [
            _indicators(_("Tuberkulosis"), desa, c, TB),
            case_table,
        ]),
    ], _("Jumlah bulan ini dihitung langsung dari catatan layanan siklus; capaian PWS dari nilai indikator "
         "tersimpan."))
