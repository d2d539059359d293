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
from datetime import date

from siklus.care.models import (
    Condition,
    Encounter,
    Immunization,
    Observation,
    Pregnancy,
    QuestionnaireResponse,
    Supplement,
)
from siklus.people.models import Person
from siklus.rules import codes, config, pregnancy
from siklus.rules import due as engine
from siklus.rules.lifecycle import age_on

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

_DUE_OBSERVATION_CODES = tuple(set(OBSERVATION_SERVICES) | set(GROWTH_CODES) | set(_KONTROL_BY_CODE)
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
            anc.append(pregnancy.AncContact(day, by_doctor=doctor))

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


def due_for(person: Person, on: date) -> engine.DueList:
    """What ``person`` is due for on ``on``, under the rule settings of their area."""
    return due_for_many([person], on)[person.pk]


def due_for_many(persons: Iterable[Person], on: date) -> dict[object, engine.DueList]:
    """The due lists of many persons (person id → DueList) in a fixed number of queries."""
    persons = list(persons)
    rows = _read([p.pk for p in persons])
    found = {}
    for person in persons:
        with config.for_area(person.area_code):
            found[person.pk] = engine.due(_build(person, rows[person.pk], on), on)
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
