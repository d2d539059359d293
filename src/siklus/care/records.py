"""A person's care record read back from the database: the due engine's input, the due list, and
the history of every contact (issue #11 item 2).

:func:`due_person` builds :class:`siklus.rules.due.Person` from the stored records, so the page,
the Posyandu day list and ``siklus due --person`` ask the rules the same question. Which stored
record counts as which history service is tabled here (:data:`OBSERVATION_SERVICES`,
:data:`QUESTIONNAIRE_SERVICES`, :data:`SUPPLEMENT_SERVICES`, :data:`ENCOUNTER_SERVICES`), and
nowhere else. :func:`due_for_many` reads a whole list of persons in a fixed number of queries.

:func:`timeline` lists every contact newest first, grouped by the life stage the person was in
on that day, with the place, facility, klaster and the classifications stored with the values.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import formats
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from siklus.accounts.policies import Perm, require
from siklus.care.models import (
    Birth,
    CaseReport,
    Condition,
    Encounter,
    Immunization,
    LabRequest,
    MedicationDispense,
    Observation,
    Pregnancy,
    QuestionnaireResponse,
    Referral,
    Supplement,
    TbCase,
)
from siklus.core.actors import require_actor
from siklus.facilities.models import Facility
from siklus.people.models import Person
from siklus.rules import codes, config, pregnancy
from siklus.rules import due as engine
from siklus.rules import immunization as im
from siklus.rules.anthropometry import growth as anthro_growth
from siklus.rules.anthropometry.tables import DAYS_PER_MONTH
from siklus.rules.immunization import State
from siklus.rules.lifecycle import age_on, date_at_age, main_stage
from siklus.rules.messages import Join
from siklus.rules.messages import render as render_message

# ------------------------------------------------------------------------------ history mapping

# The Td of WUS and pregnant women is the T status, not a childhood dose.
TD_DOSE = codes.TD_WUS.code

# Observation code → the history services it shows were done. A screening item whose code is
# also an observation code (a future "iva" result, say) counts as itself without a row here.
OBSERVATION_SERVICES: dict[str, tuple[str, ...]] = {
    "sbp": ("tekanan_darah",),
    "glucose_random": ("gula_darah", "gula-darah"),
    "glucose_fasting": ("gula_darah", "gula-darah"),
    "glucose_2h": ("gula_darah", "gula-darah"),
    "hba1c": ("gula-darah",),
    "bmi": ("obesitas",),
    "waist": ("obesitas",),
    "srq20_score": ("srq20",),
    "puma_score": ("puma",),
    "adl_score": ("adl",),
    "skilas_positive_domains": ("skilas",),
    "kpsp_yes": ("kpsp",),
    "cholesterol_total": ("lipid",),
    "hdl": ("lipid",),
    "ldl": ("lipid",),
    "triglycerides": ("lipid",),
    "creatinine": ("fungsi_ginjal",),
    "ureum": ("fungsi_ginjal",),
}
# Child measurements are the monthly penimbangan (weighing and measuring) up to this age.
GROWTH_CODES = ("weight", "length_height", "head_circumference", "muac")
GROWTH_UNTIL_YEARS = 6
QUESTIONNAIRE_SERVICES: dict[str, tuple[str, ...]] = {
    "srq20": ("srq20",), "puma": ("puma",), "skilas": ("skilas",), "adl": ("adl",), "kpsp": ("kpsp",),
}
SUPPLEMENT_SERVICES: dict[str, tuple[str, ...]] = {"vitamin_a_biru": ("vitamin-a",), "vitamin_a_merah": ("vitamin-a",)}
ENCOUNTER_SERVICES: dict[str, tuple[str, ...]] = {"kn": ("kn",), "kf": ("kf",), "kontrol_tbc": ("kontrol-tbc",)}
# A "skrining" encounter of a person ≥15 years is the yearly PTM screening (a school one the school
# screening); a "kontrol" encounter is the monthly control of the condition its values measure.
ADULT_SCREENING_FROM_YEARS = 15
_KONTROL_BY_CODE = {"sbp": "kontrol-hipertensi", "dbp": "kontrol-hipertensi", "glucose_random": "kontrol-diabetes",
                    "glucose_fasting": "kontrol-diabetes", "glucose_2h": "kontrol-diabetes", "hba1c": "kontrol-diabetes"}
_KONTROL_BY_CONDITION = {"hipertensi": "kontrol-hipertensi", "diabetes": "kontrol-diabetes"}

# An ANC contact with a USG observation is a contact with USG (K1 and K5 by a doctor need one).
USG_CODE = "usg"
_DUE_OBSERVATION_CODES = tuple(set(OBSERVATION_SERVICES) | set(GROWTH_CODES) | set(_KONTROL_BY_CODE) | {USG_CODE}
                               | {c.code for c in codes.of_kind(codes.SERVICE) if codes.exists(c.code, codes.OBSERVATION)})


@dataclass
class _Rows:
    """One person's stored records that the due engine reads."""

    immunizations: list[tuple[str, date]] = field(default_factory=list)
    observations: list[tuple[str, date, object]] = field(default_factory=list)  # code, on, encounter id
    questionnaires: list[tuple[str, date]] = field(default_factory=list)
    supplements: list[tuple[str, date]] = field(default_factory=list)
    encounters: list[tuple[object, str, str, date, bool]] = field(default_factory=list)  # id, kind, place, on, doctor
    conditions: list[tuple[str, date, date | None]] = field(default_factory=list)
    pregnancies: list[tuple[date, date | None]] = field(default_factory=list)  # hpht, ended_on


def _read(person_ids: Sequence) -> dict[object, _Rows]:
    """The rows of many persons: one query per record kind, whatever their number."""
    rows: dict[object, _Rows] = defaultdict(_Rows)
    if not person_ids:
        return rows
    ids = list(person_ids)
    for pid, dose, on in Immunization.objects.active().filter(person_id__in=ids).values_list(
            "person_id", "dose", "given_on"):
        rows[pid].immunizations.append((dose, on))
    for pid, code, on, eid in Observation.objects.active().filter(
            person_id__in=ids, code__in=_DUE_OBSERVATION_CODES).values_list("person_id", "code", "on", "encounter_id"):
        rows[pid].observations.append((code, on, eid))
    for pid, instrument, on in QuestionnaireResponse.objects.active().filter(person_id__in=ids).values_list(
            "person_id", "instrument", "on"):
        rows[pid].questionnaires.append((instrument, on))
    for pid, kind, on in Supplement.objects.active().filter(person_id__in=ids).values_list(
            "person_id", "kind", "given_on"):
        rows[pid].supplements.append((kind, on))
    for eid, pid, kind, place, on, doctor in Encounter.objects.active().filter(person_id__in=ids).values_list(
            "id", "person_id", "kind", "place", "on", "by_doctor"):
        rows[pid].encounters.append((eid, kind, place, on, doctor))
    for pid, code, since, resolved in Condition.objects.active().filter(person_id__in=ids).exclude(
            code="").values_list("person_id", "code", "since", "resolved_on"):
        rows[pid].conditions.append((code, since, resolved))
    for pid, hpht, ended in Pregnancy.objects.active().filter(person_id__in=ids).values_list(
            "person_id", "hpht", "ended_on"):
        rows[pid].pregnancies.append((hpht, ended))
    return rows


def _build(person: Person, rows: _Rows, on: date) -> engine.Person:
    birth = person.birth_date
    services: dict[str, set[date]] = defaultdict(set)

    def add(names: Iterable[str], day: date) -> None:
        for name in names:
            services[name].add(day)

    conditions = frozenset(code for code, since, resolved in rows.conditions
                           if since <= on and (resolved is None or resolved > on))
    kontrol_values: dict[object, set[str]] = defaultdict(set)
    with_usg: set[object] = set()
    for code, day, eid in rows.observations:
        if code in GROWTH_CODES:
            if age_on(birth, day).years < GROWTH_UNTIL_YEARS:
                add(("penimbangan",), day)
        else:
            add(OBSERVATION_SERVICES.get(code, ()), day)
            if codes.exists(code, codes.SERVICE):
                add((code,), day)
        if eid is not None and code in _KONTROL_BY_CODE:
            kontrol_values[eid].add(_KONTROL_BY_CODE[code])
        if eid is not None and code == USG_CODE:
            with_usg.add(eid)
    for instrument, day in rows.questionnaires:
        add(QUESTIONNAIRE_SERVICES.get(instrument, ()), day)
    for kind, day in rows.supplements:
        add(SUPPLEMENT_SERVICES.get(kind, ()), day)
    anc: list[pregnancy.AncContact] = []
    for eid, kind, place, day, doctor in rows.encounters:
        add(ENCOUNTER_SERVICES.get(kind, ()), day)
        if kind == "skrining":
            if place == "sekolah":
                add(("skrining-sekolah",), day)
            elif age_on(birth, day).years >= ADULT_SCREENING_FROM_YEARS:
                add(("skrining-ptm",), day)
        elif kind == "kontrol":
            # The values measured say what was controlled; without any, the known conditions.
            add(kontrol_values.get(eid) or {_KONTROL_BY_CONDITION[c] for c in conditions if c in _KONTROL_BY_CONDITION},
                day)
        elif kind == "anc":
            anc.append(pregnancy.AncContact(day, by_doctor=doctor, usg=eid in with_usg))

    current = None
    delivered_on = None
    for hpht, ended in sorted(rows.pregnancies):
        if hpht <= on and (ended is None or ended > on):
            current = engine.Pregnancy(hpht, tuple(sorted(
                (c for c in anc if hpht <= c.on <= on), key=lambda c: c.on)))
        elif ended is not None and ended <= on:
            delivered_on = ended if delivered_on is None else max(delivered_on, ended)
    immunizations = tuple(sorted((d, day) for d, day in rows.immunizations if d != TD_DOSE and day <= on))
    td = tuple(sorted(day for d, day in rows.immunizations if d == TD_DOSE and day <= on))
    return engine.Person(
        birth=birth, sex=person.sex,
        history=engine.History(
            immunizations=immunizations, td=td,
            services={code: tuple(sorted(d for d in days if d <= on)) for code, days in sorted(services.items())}),
        pregnancy=current if person.sex == "P" else None,
        delivered_on=delivered_on if person.sex == "P" else None,
        conditions=conditions,
        je_endemic=None,  # the area's setting (due_for runs under it)
    )


def due_person(person: Person, on: date) -> engine.Person:
    """The due engine's input for ``person`` as the database holds it on ``on``."""
    return _build(person, _read([person.pk])[person.pk], on)


def due_for(person: Person, on: date, *, horizon_days: int | None = None) -> engine.DueList:
    """What ``person`` is due for on ``on``, under the rule settings of their area."""
    return due_for_many([person], on, horizon_days=horizon_days)[person.pk]


def due_for_many(persons: Iterable[Person], on: date, *,
                 horizon_days: int | None = None) -> dict[object, engine.DueList]:
    """The due lists of many persons (person id → DueList) in a fixed number of queries."""
    persons = list(persons)
    rows = _read([p.pk for p in persons])
    found: dict[object, engine.DueList] = {}
    for person in persons:
        with config.for_area(person.area_code):
            found[person.pk] = engine.due(_build(person, rows[person.pk], on), on, horizon_days=horizon_days)
    return found


def history_json(person: Person, on: date) -> dict:
    """The history file of ``siklus due --history`` for ``person`` on ``on``: the command given this
    file, the birth date and sex prints the same list as ``siklus due --person``."""
    p = due_person(person, on)
    with config.for_area(person.area_code):
        endemic = bool(config.get("immunization.je_endemic"))
    data: dict = {
        "immunizations": [{"dose": dose, "date": day.isoformat()} for dose, day in p.history.immunizations],
        "td": [d.isoformat() for d in p.history.td],
        "services": {code: [d.isoformat() for d in days] for code, days in p.history.services.items() if days},
        "conditions": sorted(p.conditions),
        "je_endemic": endemic,
    }
    if p.pregnancy is not None:
        data["pregnancy"] = {"hpht": p.pregnancy.hpht.isoformat(), "anc": [
            {"date": c.on.isoformat(), "doctor": c.by_doctor, "usg": c.usg} for c in p.pregnancy.anc]}
    if p.delivered_on is not None:
        data["delivered_on"] = p.delivered_on.isoformat()
    return data


# ------------------------------------------------------------------------------------ the record

def _label(code: str, kind: str) -> str:
    """The code's label in the user's language; an unknown code as it is stored."""
    return _(codes.label(code, kind)) if codes.exists(code, kind) else code


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return formats.number_format(round(value, 2) if value != int(value) else int(value), use_l10n=True)


@dataclass
class Detail:
    """One line of a contact: what, the value, and what the rules said of it."""

    label: str
    value: str = ""
    category: str = ""  # the stored classification code (its CSS class too)
    category_label: str = ""


@dataclass
class Entry:
    """One contact or record of the history."""

    on: date
    kind: str  # encounter, immunization, supplement, questionnaire, referral, lab, medicine, tb, case, pregnancy, birth, condition
    title: str
    place: str = ""
    facility: str = ""
    klaster: int | None = None
    details: list[Detail] = field(default_factory=list)


@dataclass
class StageGroup:
    code: str
    label: str
    entries: list[Entry]


def _answer(code: str, answer: str) -> str:
    """A coded result (IVA negatif, TCM MTB terdeteksi …) in the user's language."""
    answers = dict(getattr(codes.get(code, codes.OBSERVATION), "answers", ())) if codes.exists(
        code, codes.OBSERVATION) else {}
    return _(answers[answer]) if answer in answers else answer


def _observation_detail(o: Observation) -> Detail:
    unit = f" {o.unit}" if o.unit and o.unit != "z" else ""
    value = _answer(o.code, o.value_code) if o.value_code else _number(o.value) + unit
    if o.method and codes.exists(o.code, codes.OBSERVATION):
        method = dict(codes.get(o.code, codes.OBSERVATION).methods).get(o.method)
        if method:
            value += f" ({_(method)})"
    return Detail(_label(o.code, codes.OBSERVATION), value, o.category, _(o.category_label) if o.category_label else "")


@dataclass
class _Load:
    """Everything of one person the page shows, read in a fixed number of queries."""

    encounters: list[Encounter]
    observations: list[Observation]
    immunizations: list[Immunization]
    supplements: list[Supplement]
    questionnaires: list[QuestionnaireResponse]
    referrals: list[Referral]
    labs: list[LabRequest]
    medicines: list[MedicationDispense]
    tb_cases: list[TbCase]
    case_reports: list[CaseReport]
    pregnancies: list[Pregnancy]
    births: list[Birth]
    conditions: list[Condition]


def _load(person: Person, user) -> _Load:
    def of(model, *related, order="pk"):
        qs = model.objects.visible_to(user).active()
        qs = qs.filter(pregnancy__person=person) if model is Birth else qs.filter(person=person)
        return list(qs.select_related(*related).order_by(order))

    return _Load(
        encounters=of(Encounter, "facility", order="on"),
        observations=of(Observation, order="on"),
        immunizations=of(Immunization, "facility", order="given_on"),
        supplements=of(Supplement, order="given_on"),
        questionnaires=of(QuestionnaireResponse, order="on"),
        referrals=of(Referral, "from_facility", "to_facility", order="on"),
        labs=of(LabRequest, order="requested_on"),
        medicines=of(MedicationDispense, order="on"),
        tb_cases=of(TbCase, "treatment_facility", order="presumptive_on"),
        case_reports=of(CaseReport, "facility", order="reported_on"),
        pregnancies=of(Pregnancy, "delivery_facility", order="hpht"),
        births=of(Birth, "child", order="order"),
        conditions=of(Condition, order="since"),
    )


def _facility_name(facility: Facility | None) -> str:
    return facility.name if facility is not None else ""


def _entries(person: Person, data: _Load) -> list[Entry]:
    by_encounter: dict[object, list[Detail]] = defaultdict(list)
    loose: list[Entry] = []

    def attach(encounter_id, entry: Entry) -> None:
        if encounter_id is not None and encounter_id in encounter_ids:
            by_encounter[encounter_id].extend([Detail(entry.title), *entry.details] if entry.kind != "observation"
                                              else entry.details)
        else:
            loose.append(entry)

    encounter_ids = {e.pk for e in data.encounters}
    # Within a contact, values in the vocabulary's order (BB before PB/TB, systolic before diastolic).
    for o in sorted(data.observations, key=lambda o: (o.on, _CODE_ORDER.get(o.code, len(_CODE_ORDER)))):
        attach(o.encounter_id, Entry(o.on, "observation", _("Pemeriksaan"), details=[_observation_detail(o)]))
    for i in data.immunizations:
        attach(i.encounter_id, Entry(i.given_on, "immunization", _("Imunisasi %(dose)s") % {
            "dose": _label(i.dose, codes.DOSE)}, facility=_facility_name(i.facility),
            details=[Detail(_("Nomor batch"), i.batch)] if i.batch else []))
    for s in data.supplements:
        attach(s.encounter_id, Entry(s.given_on, "supplement", _label(s.kind, codes.SUPPLEMENT),
                                     details=[Detail(_("Jumlah"), _number(s.amount))] if s.amount else []))
    for q in data.questionnaires:
        attach(q.encounter_id, Entry(q.on, "questionnaire", _label(q.instrument, codes.QUESTIONNAIRE), details=[
            Detail(_("Skor"), _number(q.score), q.category, _(q.category_label) if q.category_label else "")]))
    for r in data.referrals:
        to = _facility_name(r.to_facility) or r.to_other
        details = [Detail(_("Alasan"), r.reason), Detail(_("Status"), r.get_status_display(), f"referral-{r.status}")]
        if r.answer:
            details.append(Detail(_("Jawaban rujukan"), r.answer))
        attach(r.encounter_id, Entry(r.on, "referral", _("Rujukan ke %(to)s (%(urgency)s)") % {
            "to": to or "–", "urgency": r.get_urgency_display()}, facility=_facility_name(r.from_facility),
            details=details))
    for lab in data.labs:
        tests = ", ".join(_label(t, codes.OBSERVATION) for t in lab.tests)
        attach(lab.encounter_id, Entry(lab.requested_on, "lab", _("Permintaan laboratorium"), details=[
            Detail(_("Pemeriksaan"), tests), Detail(_("Status"), lab.get_status_display())]))
    for m in data.medicines:
        attach(m.encounter_id, Entry(m.on, "medicine", m.medicine, details=[
            Detail(_("Jumlah"), f"{m.quantity} {m.unit}".strip()), *(
                [Detail(_("Aturan pakai"), m.instructions)] if m.instructions else [])]))

    entries = [
        Entry(e.on, "encounter", _label(e.kind, codes.ENCOUNTER) + (f" {_sequence_name(e)}" if e.sequence else ""),
              place=_label(e.place, codes.PLACE), facility=_facility_name(e.facility), klaster=e.klaster,
              details=([Detail(_("Keluhan"), e.complaint)] if e.complaint else [])
              + ([Detail(_("Oleh dokter"))] if e.by_doctor else []) + by_encounter.get(e.pk, []))
        for e in data.encounters
    ]
    entries += loose
    for t in data.tb_cases:
        # The test is an observation code (tcm, bta, rontgen_thorax) and the result one of its answers.
        test = _label(t.test, codes.OBSERVATION) if t.test else ""
        result = _answer(t.test, t.result) if t.result else ""
        details = [Detail(_("Pemeriksaan"), ": ".join(x for x in (test, result) if x))] if test or result else []
        if t.diagnosis:
            details.append(Detail(_("Diagnosis"), _label(t.diagnosis, "tb_diagnosis")))
        if t.treatment_started_on:
            details.append(Detail(_("Mulai pengobatan"), formats.date_format(t.treatment_started_on), "", t.regimen))
        if t.outcome:
            details.append(Detail(_("Hasil pengobatan"), _label(t.outcome, "tb_outcome")))
        entries.append(Entry(t.presumptive_on, "tb", _("Terduga TBC"), facility=_facility_name(t.treatment_facility),
                             details=details))
    for report in data.case_reports:
        entries.append(Entry(report.reported_on, "case", _("Laporan kasus: %(disease)s") % {
            "disease": _label(report.disease, codes.NOTIFIABLE)}, facility=_facility_name(report.facility),
            details=[Detail(_("Klasifikasi kasus"), report.classification)] if report.classification else []))
    for p in data.pregnancies:
        entries.append(Entry(p.hpht, "pregnancy", _("Kehamilan (HPHT)"), details=[
            Detail(_("HPL"), formats.date_format(p.hpl))]))
        if p.ended_on:
            births = [b for b in data.births if b.pregnancy_id == p.pk]
            entries.append(Entry(p.ended_on, "birth", _("Persalinan") + (f": {p.get_outcome_display()}" if p.outcome else ""),
                                 facility=_facility_name(p.delivery_facility), details=[
                Detail(_("Bayi %(n)s") % {"n": b.order}, _birth_text(b)) for b in births]))
    for c in data.conditions:
        entries.append(Entry(c.since, "condition", _label(c.code, codes.CONDITION) if c.code else (c.icd10 or c.note),
                             details=[Detail(_("Selesai"), formats.date_format(c.resolved_on))] if c.resolved_on else []))
    entries.sort(key=lambda e: e.on, reverse=True)  # stable: same day keeps the order above
    return entries


_CODE_ORDER = {c.code: n for n, c in enumerate(codes.of_kind(codes.OBSERVATION))}


def _sequence_name(e: Encounter) -> str:
    prefix = {"anc": "K", "kf": "KF", "kn": "KN"}.get(e.kind)
    return f"({prefix}{e.sequence})" if prefix else f"({e.sequence})"


def _birth_text(b: Birth) -> str:
    parts = [b.get_sex_display() if hasattr(b, "get_sex_display") else b.sex]
    if b.weight_g:
        parts.append(f"{formats.number_format(b.weight_g, force_grouping=True)} g")
    if b.length_cm:
        parts.append(f"{_number(b.length_cm)} cm")
    if not b.alive:
        parts.append(_("lahir mati"))
    return ", ".join(p for p in parts if p)


def _group(person: Person, entries: list[Entry]) -> list[StageGroup]:
    groups: list[StageGroup] = []
    for entry in entries:
        stage = main_stage(person.birth_date, max(entry.on, person.birth_date), person.sex)
        if not groups or groups[-1].code != stage.code:
            groups.append(StageGroup(stage.code, _(stage.label), []))
        groups[-1].entries.append(entry)
    return groups


def timeline(person: Person, user) -> list[StageGroup]:
    """Every contact and record of ``person`` the user may see, newest first, grouped by the life
    stage on its date (consecutive runs: a stage comes back only if the dates do)."""
    require_actor(user)
    require(user, Perm.VIEW, person)
    return _group(person, _entries(person, _load(person, user)))


# ------------------------------------------------------------------------------ rendering words

def words(value) -> str:
    """A rules message (or date, age …) in the user's language."""
    return render_message(value, _, (get_language() or "id")[:2])


@dataclass
class DueLine:
    code: str
    heading: str
    title: str
    state: str  # the State value (its CSS class too)
    state_label: str
    why: str
    due_from: date | None
    due_by: date | None
    where: str
    soon: bool


def due_lines(result: engine.DueList) -> list[DueLine]:
    return [DueLine(i.code, words(i.heading), words(i.title), i.state.name.lower(), words(i.state.title),
                    words(i.why), i.due_from, i.due_by, words(Join(i.where)), i.state is State.DUE_SOON)
            for i in result.items]


# --------------------------------------------------------------------------------------- growth

_KMS_POINT = {"N": "naik", "T": "tidak-naik"}


def _months(birth: date, day: date) -> float:
    return round((day - birth).days / DAYS_PER_MONTH, 3)


def growth(person: Person, observations: list[Observation]) -> dict | None:
    """The child's points for the four growth charts (weight-for-age with the N/T/O/B of each
    weighing, length/height-for-age, weight-for-length/height, head circumference-for-age), or
    None when nothing was measured before 6 years."""
    birth = person.birth_date
    young = [o for o in observations if o.code in GROWTH_CODES and o.value is not None
             and age_on(birth, o.on).years < GROWTH_UNTIL_YEARS]
    if not young:
        return None
    weights = [o for o in young if o.code == "weight"]
    try:
        with config.for_area(person.area_code):
            judged = {j.date: j for j in anthro_growth.judge(person.sex, birth, [
                anthro_growth.Weighing(o.on, float(o.value or 0)) for o in weights])}
    except ValueError:  # a stored weight the rules refuse: the points without N/T rather than no page
        judged = {}

    def point(x: float | None, y: float | None, o: Observation, **extra) -> dict:
        return {"x": x, "y": round(y or 0, 2), "date": formats.date_format(o.on), "status": o.category_label, **extra}

    wfa = []
    for o in weights:
        j = judged.get(o.on)
        code = j.code if j is not None and j.weight_kg == o.value else None
        wfa.append(point(_months(birth, o.on), o.value, o, code=code or "",
                         kind=("rujuk" if j is not None and j.refer else _KMS_POINT.get(code or "", "lain")),
                         refer=bool(j and j.refer)))
    lengths = {(o.encounter_id or o.on): o for o in young if o.code == "length_height"}
    lhfa = [point(_months(birth, o.on), o.value, o, method=o.method) for o in lengths.values()]
    wflh = [point(lengths[key].value, o.value, o, method=lengths[key].method)
            for o in weights if (key := o.encounter_id or o.on) in lengths]
    hcfa = [point(_months(birth, o.on), o.value, o) for o in young if o.code == "head_circumference"]
    last = max(o.on for o in young)
    return {
        "sex": person.sex,
        # Weight-for-length below 24 months (measured lying), weight-for-height from then.
        "wflh_curve": "wfl" if age_on(birth, last).months < 24 else "wfh",
        "points": {"wfa": wfa, "lhfa": lhfa, "wflh": wflh, "hcfa": hcfa},
    }


# ------------------------------------------------------------------------- the immunization card

# The age columns of the Buku KIA table (completed months, inclusive).
CARD_COLUMNS = tuple((m, m) for m in range(12)) + ((12, 17), (18, 22), (23, 23), (24, 59))
_COLOUR_CLASS = {im.Colour.WHITE: "white", im.Colour.YELLOW: "yellow", im.Colour.PINK: "pink"}


@dataclass
class Cell:
    colour: str  # white (ideal age), yellow (late, allowed), pink (catch-up), grey (not allowed)
    mark: str = ""  # given, given-late, given-invalid, due
    text: str = ""


@dataclass
class CardRow:
    code: str
    label: str
    cells: list[Cell]
    state: str
    state_label: str
    why: str


@dataclass
class Card:
    columns: list[str]
    rows: list[CardRow]
    others: list[CardRow]  # BIAS doses: no age columns
    idl: str
    ibl: str


def _column_header(a: int, b: int) -> str:
    return str(a) if a == b else f"{a}–{b}"


def immunization_card(person: Person, status: im.ImmunizationStatus, on: date) -> Card:
    """The Buku KIA card: each dose's windows coloured by age column from the schedule's own
    windows, the date in the column it was given, the column of today marked when it is due."""
    birth = person.birth_date
    schedule = im.SCHEDULE.version(status.rule_version).value
    rules = {r.code: r for r in schedule.doses}
    rows, others = [], []
    for dose in status.doses:
        # A given dose has its date in its column; the others say where they stand.
        state_label = "" if dose.given_on is not None and dose.valid else words(dose.state.title)
        rule = rules.get(dose.code)
        if rule is None:
            others.append(CardRow(dose.code, words(dose.title), [], dose.state.name.lower(), words(dose.state.title),
                                  words(dose.why)))
            continue
        windows = rule.windows()
        cells = []
        for a, b in CARD_COLUMNS:
            first = date_at_age(birth, months=a)
            last = date_at_age(birth, months=b + 1) - timedelta(days=1)
            colour = next((_COLOUR_CLASS[c] for w, c in windows if w.contains(birth, first)), "grey")
            cell = Cell(colour)
            if dose.given_on is not None and first <= dose.given_on <= last:
                late = dose.colour is not im.Colour.WHITE
                cell.mark = "given-invalid" if not dose.valid else "given-late" if late else "given"
                cell.text = dose.given_on.strftime("%d/%m/%y")  # as written in the Buku KIA cell
            elif dose.state.actionable and first <= on <= last:
                cell.mark, cell.text = "due", _("sekarang")
            cells.append(cell)
        rows.append(CardRow(dose.code, words(dose.title), cells, dose.state.name.lower(), state_label, words(dose.why)))
    return Card([_column_header(a, b) for a, b in CARD_COLUMNS], rows, others,
                f"{status.idl.name}: {words(status.idl.why)}", f"{status.ibl.name}: {words(status.ibl.why)}")


# ------------------------------------------------------------------------------------ pregnancy

# The 10T of an ANC contact and the observation codes that hold each (ILP.md §4.5): a code the
# vocabulary does not have yet (TFU, DJJ) is shown as not recorded rather than left out.
TEN_T = (
    ("bb", gettext_noop("BB"), ("weight",)),
    ("tb", gettext_noop("TB"), ("length_height",)),
    ("lila", gettext_noop("LiLA"), ("muac",)),
    ("td", gettext_noop("Tekanan darah"), ("sbp", "dbp")),
    ("tfu", gettext_noop("TFU"), ("tfu",)),
    ("djj", gettext_noop("DJJ"), ("djj",)),
    ("lab", gettext_noop("Lab (Hb, gula darah, protein urin)"), ("hb", "glucose_random", "glucose_fasting", "urine_protein")),
    ("triple", gettext_noop("HIV, sifilis, hepatitis B"), ("hiv", "sifilis", "hbsag")),
    ("usg", gettext_noop("USG"), ("usg",)),
)


@dataclass
class AncRow:
    on: date
    name: str  # K1 … K6
    by_doctor: bool
    place: str
    facility: str
    items: list[Detail]  # the 10T values; category "missing" when not recorded


@dataclass
class Visit:
    code: str
    label: str
    on: date | None  # the visit that met the window, None when none did


@dataclass
class BabyVisits:
    birth: Birth
    child: Person | None  # when the user may see them
    kn: list[Visit]


@dataclass
class PregnancyRecord:
    pregnancy: Pregnancy
    ongoing: bool
    gestational_age: str
    status: str  # K1 murni/akses, contacts per trimester
    anc: list[AncRow]
    td: str
    births: list[BabyVisits]
    kf: list[Visit]


def _visits(windows, days: list[date]) -> list[Visit]:
    found = []
    for w in windows:
        hit = next((d for d in sorted(days) if w.start.date() <= d and datetime.combine(d, time()) < w.end), None)
        found.append(Visit(w.code, _(w.label), hit))
    return found


def pregnancies(person: Person, user, data: _Load, on: date) -> list[PregnancyRecord]:
    if not data.pregnancies:
        return []
    obs_by_encounter: dict[object, list[Observation]] = defaultdict(list)
    for o in data.observations:
        if o.encounter_id:
            obs_by_encounter[o.encounter_id].append(o)
    supplements = {s.encounter_id for s in data.supplements if s.kind in ("ttd", "mms") and s.encounter_id}
    td_days = sorted(i.given_on for i in data.immunizations if i.dose == TD_DOSE)
    children = [b.child_id for b in data.births if b.child_id]
    visible = {p.pk: p for p in Person.objects.visible_to(user).filter(pk__in=children)} if children else {}
    kn_days: dict[object, list[date]] = defaultdict(list)
    if visible:
        for pid, day in Encounter.objects.visible_to(user).active().filter(
                person_id__in=list(visible), kind="kn").values_list("person_id", "on"):
            kn_days[pid].append(day)
    found = []
    for p in sorted(data.pregnancies, key=lambda p: p.hpht, reverse=True):
        end = p.ended_on or on
        contacts = [e for e in data.encounters if e.kind == "anc" and p.hpht <= e.on <= end]
        rows = []
        for n, e in enumerate(contacts, 1):
            values = obs_by_encounter.get(e.pk, [])
            items = []
            for key, label, wanted in TEN_T:
                got = [o for o in values if o.code in wanted]
                if key == "td" and got:
                    sbp = next((o for o in got if o.code == "sbp"), None)
                    dbp = next((o for o in got if o.code == "dbp"), None)
                    text = f"{_number(sbp.value if sbp else None)}/{_number(dbp.value if dbp else None)} mmHg"
                    items.append(Detail(_(label), text, got[0].category, got[0].category_label))
                elif got:
                    items.append(Detail(_(label), "; ".join(_observation_detail(o).value for o in got),
                                        got[0].category, "; ".join(o.category_label for o in got if o.category_label)))
                else:
                    items.append(Detail(_(label), _("tidak tercatat"), "missing"))
            items.append(Detail(_("TTD"), _("diberikan") if e.pk in supplements else _("tidak tercatat"),
                                "" if e.pk in supplements else "missing"))
            rows.append(AncRow(e.on, f"K{e.sequence or n}", e.by_doctor, _label(e.place, codes.PLACE),
                               _facility_name(e.facility), items))
        usg = {o.encounter_id for o in data.observations if o.code == USG_CODE}
        status = pregnancy.anc_status(p.hpht, [pregnancy.AncContact(e.on, e.by_doctor, e.pk in usg) for e in contacts],
                                      end)
        ga = pregnancy.gestational_age(p.hpht, end)
        during = [d for d in td_days if d <= end]
        td = ", ".join(f"T{k} {formats.date_format(d)}" for k, d in enumerate(during, 1)) or _("tidak tercatat")
        births = [BabyVisits(b, visible.get(b.child_id),
                             _visits(pregnancy.kn_windows(b.born_on), kn_days.get(b.child_id, [])) if b.child_id else [])
                  for b in data.births if b.pregnancy_id == p.pk]
        kf = []
        if p.ended_on:
            kf_days = [e.on for e in data.encounters if e.kind == "kf" and e.on >= p.ended_on]
            kf = _visits(pregnancy.kf_windows(p.ended_on), kf_days)
        counts = "–".join(str(c) for c in status.counts)
        found.append(PregnancyRecord(
            p, p.ended_on is None, words(ga.title),
            _("%(k1)s; kontak per trimester %(counts)s (pola %(pattern)s)") % {
                "k1": _(status.k1.label), "counts": counts, "pattern": status.pattern},
            rows, td, births, kf))
    return found


# ------------------------------------------------------------------------------------ the page

def _rows_of(data: _Load) -> _Rows:
    """The due engine's rows from the records the page has read already (same filters as _read)."""
    return _Rows(
        immunizations=[(i.dose, i.given_on) for i in data.immunizations],
        observations=[(o.code, o.on, o.encounter_id) for o in data.observations if o.code in _DUE_OBSERVATION_CODES],
        questionnaires=[(q.instrument, q.on) for q in data.questionnaires],
        supplements=[(s.kind, s.given_on) for s in data.supplements],
        encounters=[(e.pk, e.kind, e.place, e.on, e.by_doctor) for e in data.encounters],
        conditions=[(c.code, c.since, c.resolved_on) for c in data.conditions if c.code],
        pregnancies=[(p.hpht, p.ended_on) for p in data.pregnancies],
    )


@dataclass
class PersonRecord:
    on: date
    age_words: str
    due: list[DueLine]
    due_error: str
    remarks: list[str]
    referrals: list[Referral]  # open
    conditions: list[Condition]  # open
    tb_cases: list[TbCase]  # open
    growth: dict | None
    card: Card | None
    td: str
    pregnancies: list[PregnancyRecord]
    timeline: list[StageGroup]


def person_record(user, person: Person, on: date) -> PersonRecord:
    """Everything the person's page shows of their care, read in a fixed number of queries."""
    require_actor(user)
    require(user, Perm.VIEW, person)
    data = _load(person, user)
    for c in data.conditions:
        c.label = (_label(c.code, codes.CONDITION) if c.code  # type: ignore[attr-defined]
                   else f"{c.icd10} {c.note}".strip())
    lines: list[DueLine] = []
    remarks: list[str] = []
    error = ""
    card = None
    td = ""
    try:
        with config.for_area(person.area_code):  # the rows already read: no second reading for the due list
            result = engine.due(_build(person, _rows_of(data), on), on)
    except ValueError as exc:  # a stored history the rules refuse: say so, show the rest
        error = str(exc)
    else:
        lines = due_lines(result)
        remarks = [words(r) for r in result.remarks]
        if result.immunization is not None:
            card = immunization_card(person, result.immunization, on)
        if result.td is not None:
            td = words(result.td.why)
    return PersonRecord(
        on=on, due=lines, due_error=error, remarks=remarks,
        referrals=[r for r in data.referrals if r.status in (Referral.Status.SENT, Referral.Status.RECEIVED)],
        conditions=[c for c in data.conditions if c.resolved_on is None or c.resolved_on > on],
        age_words=words(im.age_of(person.birth_date, on)),
        tb_cases=[t for t in data.tb_cases if not t.outcome and t.diagnosis != "bukan_tbc"],
        growth=growth(person, data.observations),
        card=card, td=td,
        pregnancies=pregnancies(person, user, data, on),
        timeline=_group(person, _entries(person, data)),
    )
