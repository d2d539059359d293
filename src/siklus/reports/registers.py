"""The registers a Puskesmas, Pustu or Posyandu still keeps on paper, built from the care records:
kohort ibu, kohort bayi/balita, register imunisasi and register lansia (issue #15 item 5).

Each builder reads a facility's population for a period in a fixed number of queries (one per
record kind, whatever the number of persons) and returns a :class:`Register`: header groups,
columns and rows of plain values (dates as dates), which :mod:`siklus.reports.excel` lays out.
Nothing is classified here: categories are the ones the care services stored with each value,
N/T comes from :func:`siklus.rules.anthropometry.growth.judge`, IDL/IBL from the immunization
rules, as the person's page shows them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from siklus.areas.models import Area
from siklus.care import services as care
from siklus.care.models import (
    Birth,
    Condition,
    Encounter,
    Immunization,
    Observation,
    Pregnancy,
    QuestionnaireResponse,
    Supplement,
)
from siklus.core.querysets import within_q
from siklus.facilities.models import Facility, Kind
from siklus.people.models import Household, Person
from siklus.reports.period import Period, band, born_after_for_months, month_name
from siklus.rules import codes, config
from siklus.rules import immunization as im
from siklus.rules import pregnancy as preg
from siklus.rules.anthropometry import growth as anthro_growth
from siklus.rules.anthropometry import settings as anthro_settings
from siklus.rules.lifecycle import age_on, date_at_age

TD_DOSE = codes.TD_WUS.code


@dataclass(frozen=True)
class Column:
    header: str
    width: float = 12  # Excel character widths
    kind: str = "text"  # text, date, number, int
    group: str = ""  # the header spanning this column and its neighbours of the same group


# Fills of cells that call for attention, as on the person's page (siklus.css).
ATTENTION, GOOD, GIVEN = "FDDCD7", "D5EFD9", "D5EFD9"


@dataclass(frozen=True)
class Cell:
    """A value with a fill colour (hex), for a cell the reader must notice."""

    value: Any
    fill: str = ""


def flagged(value: Any, attention: bool) -> Any:
    return Cell(value, ATTENTION) if attention and value not in (None, "") else value


@dataclass
class Register:
    code: str
    title: str
    facility: Facility
    period: Period
    columns: list[Column]
    rows: list[list[Any]]
    persons: list[Person]  # whose data the register shows (the audit event names them)
    notes: list[str] = field(default_factory=list)
    frozen_columns: int = 2  # No and the name stay in view


REGISTERS: dict[str, tuple[str, str]] = {
    # URL slug → (title msgid, what the register lists)
    "kohort-ibu": (gettext_noop("Kohort Ibu"), gettext_noop("per kehamilan")),
    "kohort-balita": (gettext_noop("Kohort Bayi dan Balita"), gettext_noop("per anak")),
    "register-imunisasi": (gettext_noop("Register Imunisasi"), gettext_noop("per anak")),
    "register-lansia": (gettext_noop("Register Lansia"), gettext_noop("per lansia")),
}


# ------------------------------------------------------------------------------------ population

def _posyandu_households(facility: Facility) -> Q:
    """The households a Posyandu serves: assigned to it, or, when it is the only Posyandu of its
    desa, the desa's households assigned to none (as the Posyandu day lists its sasaran)."""
    own = Q(posyandu=facility)
    alone = not Facility.objects.active().filter(kind=Kind.POSYANDU, area_code=facility.area_code).exclude(
        pk=facility.pk).exists()
    if alone:
        own |= Q(posyandu__isnull=True, desa_id=facility.area_code)
    return own


def facility_area_q(facility: Facility, field_name: str = "area_code") -> Q:
    """The facility's work area as a filter: a Puskesmas its wilayah kerja, a Pustu or Posyandu its desa."""
    return reduce(or_, (within_q(field_name, p) for p in facility.work_area_prefixes()))


def population(actor, facility: Facility, period: Period) -> QuerySet:
    """The residents a facility serves whom ``actor`` may see, living in the area during the period."""
    persons = Person.objects.visible_to(actor).active()
    if facility.kind == Kind.POSYANDU:
        households = Household.objects.active().filter(_posyandu_households(facility))
        persons = persons.filter(household__in=households.values("pk"))
    else:
        persons = persons.filter(facility_area_q(facility))
    return (persons.filter(birth_date__lte=period.last)
            .filter(Q(died_on__isnull=True) | Q(died_on__gte=period.first))
            .filter(Q(moved_out_on__isnull=True) | Q(moved_out_on__gte=period.first))
            .select_related("household"))


def _desa_names(persons: Iterable[Person]) -> dict[str, str]:
    codes_ = {p.area_code[:13] for p in persons}
    return dict(Area.objects.filter(code__in=codes_).values_list("code", "name")) if codes_ else {}


def _mothers(actor, persons: Iterable[Person]) -> dict[Any, str]:
    """Mothers' names the actor may see (one registered elsewhere stays blank)."""
    ids = {p.mother_id for p in persons if p.mother_id}
    return dict(Person.objects.visible_to(actor).filter(pk__in=ids).values_list("pk", "name")) if ids else {}


def _identity(p: Person, desa: dict[str, str]) -> list[Any]:
    h = p.household
    rt_rw = "/".join(x for x in (h.rt, h.rw) if x)
    return [p.name, p.nik or "", h.address, rt_rw, desa.get(p.area_code[:13], "")]


IDENTITY = [
    Column(gettext_noop("Nama"), 24), Column(gettext_noop("NIK"), 18), Column(gettext_noop("Alamat"), 22),
    Column(gettext_noop("RT/RW"), 9), Column(gettext_noop("Desa/Kelurahan"), 18),
]


def _columns(columns: Iterable[Column], groups: dict[str, str] | None = None) -> list[Column]:
    """Headers and groups in the user's language (the tables above hold msgids)."""
    groups = groups or {}
    return [Column(c.header if c.header in NOT_TRANSLATED else _(c.header), c.width, c.kind,
                   groups.get(c.group) or (_(c.group) if c.group else "")) for c in columns]


# Headers that are the same in both languages ("No" would become Django's "Tidak").
NOT_TRANSLATED = {"No"}


def _status(o: Observation | None, attention: Iterable[str] = ()) -> Any:
    """The classification stored with ``o``, flagged when its category is one of ``attention``."""
    if o is None or not o.category_label:
        return ""
    return flagged(_(o.category_label), o.category in attention)


# Stored categories (siklus.care.services) a register highlights.
BP_ATTENTION = ("hipertensi_1", "hipertensi_2", "hipertensi_3", "hipertensi_sistolik_terisolasi",
                "ht_tidak_terkendali", "meningkat")
GLUCOSE_ATTENTION = ("diabetes", "hiperglikemia", "dm_tidak_terkendali", "belum_pasti", "prediabetes")


def _in(day: date | None, period: Period) -> bool:
    return day is not None and period.first <= day <= period.last


def _num(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(value, 2)


def _answer(o: Observation) -> str:
    if o.value_code and codes.exists(o.code, codes.OBSERVATION):
        return _(dict(getattr(codes.get(o.code, codes.OBSERVATION), "answers", ())).get(o.value_code, o.value_code))
    return o.value_code


def _label(code: str, kind: str) -> str:
    return _(codes.label(code, kind)) if codes.exists(code, kind) else code


# ------------------------------------------------------------------------------------ kohort ibu

_ANC_CODES = ("muac", "sbp", "dbp", "hb", "urine_protein", "hiv", "sifilis", "hbsag", "usg")


def kohort_ibu(actor, facility: Facility, period: Period) -> Register:
    """One row per pregnancy of the period: from the HPHT to the end of the nifas (42 days after
    the delivery; an ongoing one until 42 days after its HPL)."""
    # The nifas ends with the last KF window (siklus.rules.pregnancy): 42 days.
    nifas_days = (preg.kf_windows(period.first)[-1].end - datetime.combine(period.first, time())).days
    women = population(actor, facility, period).filter(sex="P")
    pregnancies = list(
        Pregnancy.objects.visible_to(actor).active().filter(person__in=women.values("pk"), hpht__lte=period.last)
        .filter(Q(ended_on__isnull=False, ended_on__gte=period.first - timedelta(days=nifas_days))
                | Q(ended_on__isnull=True, hpl__gte=period.first - timedelta(days=nifas_days)))
        .select_related("person", "person__household", "delivery_facility").order_by("hpht", "person__name"))
    ids = list({p.person_id for p in pregnancies})
    encounters: dict[Any, list[Encounter]] = defaultdict(list)
    for e in Encounter.objects.active().filter(person_id__in=ids, kind__in=("anc", "kf")).order_by("on"):
        encounters[e.person_id].append(e)
    values: dict[Any, list[Observation]] = defaultdict(list)
    anc_ids = [e.pk for es in encounters.values() for e in es if e.kind == "anc"]
    for o in Observation.objects.active().filter(encounter_id__in=anc_ids, code__in=_ANC_CODES).order_by("on"):
        values[o.encounter_id].append(o)
    ttd: dict[Any, list[tuple[date, int]]] = defaultdict(list)
    for pid, on, amount in Supplement.objects.active().filter(person_id__in=ids, kind__in=("ttd", "mms")).values_list(
            "person_id", "given_on", "amount"):
        ttd[pid].append((on, amount or 0))
    td: dict[Any, list[date]] = defaultdict(list)
    for pid, on in Immunization.objects.active().filter(person_id__in=ids, dose=TD_DOSE).order_by(
            "given_on").values_list("person_id", "given_on"):
        td[pid].append(on)
    births: dict[Any, list[Birth]] = defaultdict(list)
    for b in Birth.objects.active().filter(pregnancy__in=[p.pk for p in pregnancies]).order_by("order"):
        births[b.pregnancy_id].append(b)
    desa = _desa_names(p.person for p in pregnancies)

    rows = []
    for n, p in enumerate(pregnancies, 1):
        mother = p.person
        end = p.ended_on or min(period.last, p.hpl + timedelta(days=nifas_days))
        anc = [e for e in encounters[mother.pk] if e.kind == "anc" and p.hpht <= e.on <= end]
        k: list[date | None] = [None] * 6
        for i, e in enumerate(anc):
            slot = (e.sequence or i + 1) - 1
            if 0 <= slot < 6 and k[slot] is None:
                k[slot] = e.on
        obs = [o for e in anc for o in values.get(e.pk, [])]

        def last(code: str, among: list[Observation] = obs) -> Observation | None:
            found = [o for o in among if o.code == code]
            return found[-1] if found else None

        lila = next((o for o in obs if o.code == "muac"), None)  # the first (K1) LiLA
        sbp, dbp, hb = last("sbp"), last("dbp"), last("hb")
        bp = f"{_num(sbp.value)}/{_num(dbp.value)}" if sbp and dbp else ""
        usg = last("usg")
        status = preg.anc_status(p.hpht, [preg.AncContact(e.on, e.by_doctor, any(
            o.code == "usg" for o in values.get(e.pk, []))) for e in anc], end)
        tablets = sum(a for on, a in ttd[mother.pk] if p.hpht <= on <= end)
        td_before = [d for d in td[mother.pk] if d <= end]
        td_during = [d for d in td_before if d >= p.hpht]
        baby = births.get(p.pk, [])
        kf: list[date | None] = [None] * 4
        if p.ended_on:
            days = [e.on for e in encounters[mother.pk] if e.kind == "kf" and e.on >= p.ended_on]
            for i, w in enumerate(preg.kf_windows(p.ended_on)[:4]):
                kf[i] = next((d for d in days if w.start.date() <= d and datetime.combine(d, time()) < w.end), None)
        rows.append([
            n, *_identity(mother, desa), age_on(mother.birth_date, p.hpht).years, p.gravida, p.hpht, p.hpl,
            *k, "–".join(str(c) for c in status.counts), _(status.k1.label),
            _num(lila.value) if lila else None, _status(lila, ("kek",)),
            bp, _status(sbp, BP_ATTENTION),
            flagged(_num(hb.value), hb.category == "anemia") if hb else None,
            *(flagged(_answer(o), o.value_code not in ("negatif", "non_reaktif")) if (o := last(c)) else ""
              for c in ("urine_protein", "hiv", "sifilis", "hbsag")),
            _answer(usg) if usg else "", tablets or None,
            f"T{len(td_before)}" if td_before else "", len(td_during) or None,
            p.ended_on, _choice(care.DELIVERY_PLACES, p.place_of_birth),
            p.delivery_facility.name if p.delivery_facility else "", _choice(care.ATTENDANTS, p.attendant),
            _choice(care.DELIVERY_MODES, p.mode), p.get_outcome_display() if p.outcome else "",
            ", ".join(str(b.weight_g) for b in baby if b.weight_g) or "",
            *kf,
        ])
    columns = [
        Column("No", 5, "int"), *IDENTITY,
        Column(gettext_noop("Umur (th)"), 7, "int"), Column(gettext_noop("Gravida"), 7, "int"),
        Column(gettext_noop("HPHT"), 11, "date"), Column(gettext_noop("HPL"), 11, "date"),
        *(Column(f"K{i}", 11, "date", gettext_noop("Kunjungan ANC")) for i in range(1, 7)),
        Column(gettext_noop("Kontak per trimester"), 10, group=gettext_noop("Kunjungan ANC")),
        Column(gettext_noop("Status K1"), 14, group=gettext_noop("Kunjungan ANC")),
        Column(gettext_noop("LiLA K1 (cm)"), 8, "number", gettext_noop("Pemeriksaan (10T)")),
        Column(gettext_noop("Status gizi (LiLA)"), 16, group=gettext_noop("Pemeriksaan (10T)")),
        Column(gettext_noop("TD terakhir (mmHg)"), 10, group=gettext_noop("Pemeriksaan (10T)")),
        Column(gettext_noop("Kategori TD"), 16, group=gettext_noop("Pemeriksaan (10T)")),
        Column(gettext_noop("Hb terakhir (g/dL)"), 9, "number", gettext_noop("Pemeriksaan (10T)")),
        Column(gettext_noop("Protein urin"), 10, group=gettext_noop("Pemeriksaan (10T)")),
        Column(gettext_noop("HIV"), 11, group=gettext_noop("Pemeriksaan (10T)")),
        Column(gettext_noop("Sifilis"), 11, group=gettext_noop("Pemeriksaan (10T)")),
        Column(gettext_noop("HBsAg"), 11, group=gettext_noop("Pemeriksaan (10T)")),
        Column(gettext_noop("USG"), 10, group=gettext_noop("Pemeriksaan (10T)")),
        Column(gettext_noop("TTD/MMS (tablet)"), 9, "int", gettext_noop("Pemeriksaan (10T)")),
        Column(gettext_noop("Status T"), 7, group=gettext_noop("Imunisasi Td")),
        Column(gettext_noop("Td saat hamil"), 8, "int", gettext_noop("Imunisasi Td")),
        Column(gettext_noop("Tanggal"), 11, "date", gettext_noop("Persalinan")),
        Column(gettext_noop("Tempat"), 10, group=gettext_noop("Persalinan")),
        Column(gettext_noop("Fasilitas"), 18, group=gettext_noop("Persalinan")),
        Column(gettext_noop("Penolong"), 9, group=gettext_noop("Persalinan")),
        Column(gettext_noop("Cara"), 8, group=gettext_noop("Persalinan")),
        Column(gettext_noop("Hasil"), 11, group=gettext_noop("Persalinan")),
        Column(gettext_noop("BB lahir (g)"), 9, group=gettext_noop("Persalinan")),
        *(Column(f"KF{i}", 11, "date", gettext_noop("Kunjungan nifas")) for i in range(1, 5)),
    ]
    return Register("kohort-ibu", _("Kohort Ibu"), facility, period, _columns(columns), rows,
                    [p.person for p in pregnancies], [
                        _("Satu baris per kehamilan yang berjalan dalam periode, dari HPHT sampai akhir masa nifas."),
                        _("K1–K6 dan KF1–KF4: tanggal kunjungan; LiLA dari kunjungan pertama; "
                          "TD, Hb dan hasil laboratorium dari kunjungan terakhir.")])


def _choice(labels: dict[str, str], value: str) -> str:
    """A stored choice in words (the care services' labels)."""
    return _(labels[value]) if value in labels else value


# ------------------------------------------------------------------------------- kohort balita

_GROWTH_STATUS = ("weight", "length_height", "zwfl")


def _children(actor, facility: Facility, period: Period) -> list[Person]:
    """Balita at some time in the period (siklus.rules.lifecycle band "balita")."""
    balita = band("balita", period.first)
    return list(population(actor, facility, period).filter(
        birth_date__gt=born_after_for_months(period.first, balita.upper)).order_by("birth_date", "name"))


def kohort_balita(actor, facility: Facility, period: Period) -> Register:
    children = _children(actor, facility, period)
    ids = [c.pk for c in children]
    weights: dict[Any, list[tuple[date, float]]] = defaultdict(list)
    for pid, on, value in Observation.objects.active().filter(
            person_id__in=ids, code="weight", on__lte=period.last, value__isnull=False).order_by("on").values_list(
            "person_id", "on", "value"):
        weights[pid].append((on, value))
    status: dict[Any, dict[str, Observation]] = defaultdict(dict)
    for o in Observation.objects.active().filter(
            person_id__in=ids, code__in=_GROWTH_STATUS, on__gte=period.first, on__lte=period.last).exclude(
            category_label="").order_by("on", "created_at"):
        status[o.person_id][o.code] = o  # the last of the period wins
    heights: dict[tuple[Any, date], float] = {}
    for pid, on, value in Observation.objects.active().filter(
            person_id__in=ids, code="length_height", on__gte=period.first, on__lte=period.last).values_list(
            "person_id", "on", "value"):
        heights[(pid, on.replace(day=1))] = value
    vitamin_a: dict[Any, list[str]] = defaultdict(list)
    for pid, kind, on in Supplement.objects.active().filter(
            person_id__in=ids, kind__in=("vitamin_a_biru", "vitamin_a_merah"), given_on__gte=period.first,
            given_on__lte=period.last).order_by("given_on").values_list("person_id", "kind", "given_on"):
        vitamin_a[pid].append(f"{_('biru') if kind.endswith('biru') else _('merah')} {on:%d-%m-%Y}")
    doses: dict[Any, list[str]] = defaultdict(list)
    for pid, dose, on in Immunization.objects.active().filter(
            person_id__in=ids, given_on__gte=period.first, given_on__lte=period.last).order_by(
            "given_on").values_list("person_id", "dose", "given_on"):
        doses[pid].append(f"{dose} {on:%d-%m-%Y}")
    births = {b.child_id: b for b in Birth.objects.active().filter(child_id__in=ids)}
    mothers = _mothers(actor, children)
    desa = _desa_names(children)
    months = period.months

    rows = []
    for n, child in enumerate(children, 1):
        try:
            with config.for_area(child.area_code):
                judged = anthro_growth.judge(child.sex, child.birth_date, [
                    anthro_growth.Weighing(on, float(v)) for on, v in weights[child.pk]])
        except ValueError:  # a stored weight the rules refuse: its weights without N/T
            judged = [anthro_growth.Judgement(on, v, 0, None, None, None, None, False, False, False, None,
                                              False, (), "") for on, v in weights[child.pk]]
        by_month: dict[date, anthro_growth.Judgement] = {}
        for j in judged:
            by_month[j.date.replace(day=1)] = j  # the month's last weighing
        cells: list[Any] = []
        for m in months:
            weighed = by_month.get(m)
            flag: Any = ""
            if weighed is not None:
                text = " ".join(x for x in (weighed.code or "", "2T" if weighed.two_t else "",
                                            "BGM" if weighed.bgm else "") if x)
                flag = Cell(text, ATTENTION if weighed.refer else GOOD if weighed.code == "N" else "")
            cells += [_num(weighed.weight_kg) if weighed else None, _num(heights.get((child.pk, m))), flag]
        b = births.get(child.pk)
        s = status.get(child.pk, {})
        with config.for_area(child.area_code):
            refer = tuple(config.get(anthro_settings.REFERRAL_STATUSES.name))
        rows.append([
            n, *_identity(child, desa)[:2], child.get_sex_display(), child.birth_date, mothers.get(child.mother_id, ""),
            *_identity(child, desa)[2:], b.weight_g if b and b.weight_g else None,
            _num(b.length_cm) if b and b.length_cm else None, *cells,
            ", ".join(vitamin_a[child.pk]), ", ".join(doses[child.pk]),
            *(_status(s.get(c), refer) for c in _GROWTH_STATUS),
        ])
    columns = [
        Column("No", 5, "int"), IDENTITY[0], IDENTITY[1], Column(gettext_noop("JK"), 10),
        Column(gettext_noop("Tanggal lahir"), 11, "date"), Column(gettext_noop("Nama ibu"), 20), *IDENTITY[2:],
        Column(gettext_noop("BB lahir (g)"), 8, "int", gettext_noop("Lahir")),
        Column(gettext_noop("PB lahir (cm)"), 8, "number", gettext_noop("Lahir")),
    ]
    for m in months:
        group = m.strftime("%Y-%m")  # replaced by the month's name below
        columns += [Column(gettext_noop("BB (kg)"), 7, "number", group),
                    Column(gettext_noop("PB/TB (cm)"), 7, "number", group),
                    Column(gettext_noop("N/T"), 6, group=group)]
    columns += [
        Column(gettext_noop("Vitamin A"), 20), Column(gettext_noop("Imunisasi dalam periode"), 28),
        Column(gettext_noop("BB/U terakhir"), 18, group=gettext_noop("Status gizi")),
        Column(gettext_noop("PB/U atau TB/U terakhir"), 18, group=gettext_noop("Status gizi")),
        Column(gettext_noop("BB/PB atau BB/TB terakhir"), 18, group=gettext_noop("Status gizi")),
    ]
    translated = _columns(columns, {m.strftime("%Y-%m"): month_name(m) for m in months})
    return Register("kohort-balita", _("Kohort Bayi dan Balita"), facility, period, translated, rows, children, [
        _("Anak balita (0–59 bulan) pada periode ini. Per bulan: penimbangan terakhir bulan itu."),
        _("N = naik, T = tidak naik, O = tidak ditimbang bulan lalu, B = baru pertama ditimbang; "
          "2T = dua kali berturut-turut tidak naik; BGM = di bawah garis merah.")])


# --------------------------------------------------------------------------- register imunisasi

def _schedule_doses(on: date) -> list[tuple[str, str]]:
    schedule = im.SCHEDULE.at(on).value
    return [(d.code, d.label) for d in schedule.doses]


def register_imunisasi(actor, facility: Facility, period: Period) -> Register:
    children = _children(actor, facility, period)
    ids = [c.pk for c in children]
    given: dict[Any, dict[str, date]] = defaultdict(dict)
    for pid, dose, on in Immunization.objects.active().filter(person_id__in=ids, given_on__lte=period.last).order_by(
            "given_on").values_list("person_id", "dose", "given_on"):
        given[pid].setdefault(dose, on)
    mothers = _mothers(actor, children)
    desa = _desa_names(children)
    doses = _schedule_doses(period.last)
    rows = []
    for n, child in enumerate(children, 1):
        history = given.get(child.pk, {})
        on = min(period.last, date_at_age(child.birth_date, years=5))
        with config.for_area(child.area_code):
            idl = im.idl_status(child.birth_date, history, on)
            ibl = im.ibl_status(child.birth_date, history, on)
        rows.append([
            n, *_identity(child, desa)[:2], child.get_sex_display(), child.birth_date, mothers.get(child.mother_id, ""),
            *_identity(child, desa)[2:],
            *(Cell(day, GIVEN) if _in(day, period) else day for day in (history.get(code) for code, _label in doses)),
            _completion(idl), _completion(ibl),
        ])
    columns = [
        Column("No", 5, "int"), IDENTITY[0], IDENTITY[1], Column(gettext_noop("JK"), 10),
        Column(gettext_noop("Tanggal lahir"), 11, "date"), Column(gettext_noop("Nama ibu"), 20), *IDENTITY[2:],
        *(Column(code, 11, "date", gettext_noop("Tanggal pemberian imunisasi")) for code, _label in doses),
        Column(gettext_noop("IDL"), 22, group=gettext_noop("Status")),
        Column(gettext_noop("IBL"), 22, group=gettext_noop("Status")),
    ]
    return Register("register-imunisasi", _("Register Imunisasi"), facility, period, _columns(columns), rows, children, [
        _("Anak balita (0–59 bulan) pada periode ini; tanggal setiap dosis yang tercatat sampai akhir periode."),
        _("Tanggal berwarna hijau: diberikan dalam periode ini. IDL dan IBL menurut keranjang dosis yang berlaku."),
        *(f"{code}: {_(label)}" for code, label in doses)])


def _completion(status: im.CompletionStatus) -> str:
    if status.complete and status.completed_on:
        return _("Lengkap %(date)s") % {"date": status.completed_on.strftime("%d-%m-%Y")}
    return _(status.state.capitalize()) if status.state else ""


# ------------------------------------------------------------------------------ register lansia

_LANSIA_CODES = ("sbp", "dbp", "glucose_random", "glucose_fasting", "glucose_2h", "bmi", "skilas_positive_domains",
                 "adl_score")


def register_lansia(actor, facility: Facility, period: Period) -> Register:
    lansia = band("lansia", period.last)
    persons = list(population(actor, facility, period).filter(
        birth_date__lte=date_at_age(period.last, years=-lansia.lower)).order_by("name", "birth_date"))
    ids = [p.pk for p in persons]
    latest: dict[Any, dict[str, Observation]] = defaultdict(dict)
    for o in Observation.objects.active().filter(person_id__in=ids, code__in=_LANSIA_CODES, on__gte=period.first,
                                                 on__lte=period.last).order_by("on", "created_at"):
        latest[o.person_id][o.code] = o
    questionnaires: dict[Any, dict[str, QuestionnaireResponse]] = defaultdict(dict)
    for q in QuestionnaireResponse.objects.active().filter(
            person_id__in=ids, instrument__in=("skilas", "adl"), on__gte=period.first, on__lte=period.last).order_by("on"):
        questionnaires[q.person_id][q.instrument] = q
    visits = dict(Encounter.objects.active().filter(person_id__in=ids, on__gte=period.first, on__lte=period.last)
                  .order_by().values_list("person_id").annotate(n=Count("pk")))
    conditions: dict[Any, list[str]] = defaultdict(list)
    for pid, code, icd10 in Condition.objects.active().filter(person_id__in=ids, since__lte=period.last).filter(
            Q(resolved_on__isnull=True) | Q(resolved_on__gt=period.last)).order_by("since").values_list(
            "person_id", "code", "icd10"):
        conditions[pid].append(_label(code, codes.CONDITION) if code else icd10)
    desa = _desa_names(persons)
    rows = []
    for n, p in enumerate(persons, 1):
        o = latest.get(p.pk, {})
        q = questionnaires.get(p.pk, {})
        skilas = _instrument(o.get("skilas_positive_domains"), q.get("skilas"))
        adl = _instrument(o.get("adl_score"), q.get("adl"))
        sbp, dbp = o.get("sbp"), o.get("dbp")
        glucose = max((o[c] for c in ("glucose_random", "glucose_fasting", "glucose_2h") if c in o),
                      key=lambda x: (x.on, x.created_at), default=None)
        bmi = o.get("bmi")
        rows.append([
            n, *_identity(p, desa)[:2], p.get_sex_display(), age_on(p.birth_date, period.last).years,
            *_identity(p, desa)[2:], visits.get(p.pk) or None,
            *skilas, *adl,
            f"{_num(sbp.value)}/{_num(dbp.value)}" if sbp and dbp else "", _status(sbp, BP_ATTENTION),
            _num(glucose.value) if glucose else None,
            _label(glucose.code, codes.OBSERVATION) if glucose else "", _status(glucose, GLUCOSE_ATTENTION),
            _num(bmi.value) if bmi else None,
            ", ".join(conditions[p.pk]),
        ])
    g_skilas, g_adl = gettext_noop("SKILAS"), gettext_noop("ADL/AKS")
    g_td, g_gd = gettext_noop("Tekanan darah"), gettext_noop("Gula darah")
    columns = [
        Column("No", 5, "int"), IDENTITY[0], IDENTITY[1], Column(gettext_noop("JK"), 10),
        Column(gettext_noop("Umur (th)"), 7, "int"), *IDENTITY[2:],
        Column(gettext_noop("Kunjungan dalam periode"), 10, "int"),
        Column(gettext_noop("Tanggal"), 11, "date", g_skilas), Column(gettext_noop("Domain positif"), 8, "int", g_skilas),
        Column(gettext_noop("Hasil"), 14, group=g_skilas),
        Column(gettext_noop("Tanggal"), 11, "date", g_adl), Column(gettext_noop("Skor"), 6, "int", g_adl),
        Column(gettext_noop("Kategori"), 20, group=g_adl),
        Column(gettext_noop("TD terakhir (mmHg)"), 10, group=g_td), Column(gettext_noop("Kategori"), 18, group=g_td),
        Column(gettext_noop("Nilai (mg/dL)"), 8, "number", g_gd), Column(gettext_noop("Jenis"), 18, group=g_gd),
        Column(gettext_noop("Kategori"), 16, group=g_gd),
        Column(gettext_noop("IMT"), 7, "number"), Column(gettext_noop("Penyakit yang diketahui"), 24),
    ]
    return Register("register-lansia", _("Register Lansia"), facility, period, _columns(columns), rows, persons, [
        _("Penduduk usia lansia (60 tahun ke atas) pada akhir periode; nilai terakhir dalam periode.")])


# SKILAS with a positive domain and any ADL dependency call for further assessment (ILP.md §4.4).
_INSTRUMENT_FINE = ("negatif", "mandiri")


def _instrument(observation: Observation | None, response: QuestionnaireResponse | None) -> tuple:
    """(date, score, category) of the later of a stored score and a questionnaire."""
    if response is not None and (observation is None or response.on >= observation.on):
        on, score, category, label = response.on, response.score, response.category, response.category_label
    elif observation is not None:
        on, score, category, label = observation.on, observation.value, observation.category, observation.category_label
    else:
        return None, None, ""
    return on, _num(score), flagged(_(label), category not in _INSTRUMENT_FINE) if label else ""


BUILDERS: dict[str, Callable[[Any, Facility, Period], Register]] = {
    "kohort-ibu": kohort_ibu,
    "kohort-balita": kohort_balita,
    "register-imunisasi": register_imunisasi,
    "register-lansia": register_lansia,
}
