"""Follow-up tasks: opening and closing them from the rules, assigning, escalating, reading.

How to use (pages, API, commands):

* :func:`worklist(actor, facility, on=None) <worklist>` → :class:`Worklist`: the open tasks assigned to
  a Posyandu (kader), a Pustu or a Puskesmas, grouped by household (one walk covers a family), the
  most urgent household first; each :class:`HouseholdTasks` has ``household``, ``tasks`` (persons
  and households selected) and its ``urgency``/``due_on``. Requires ``Perm.VIEW`` on the facility;
  the caller audits the read (``audit.log_read(actor, worklist.tasks, what=…)``).
* :func:`household_tasks(actor, household) <household_tasks>` → the open tasks of one household.
* :func:`person_tasks(actor, person) <person_tasks>` → a person's tasks, open first.
* :func:`close_task(actor, task, outcome, version) <close_task>`: closed by hand with an outcome
  (``Perm.RECORD_CARE``), optimistic (a stale ``version`` raises Conflict), audited; the same close
  sent again returns the task unchanged.
* :func:`refresh(actor, area=None, since=None, on=None, progress=None) <refresh>`: the batch
  (``siklus followup refresh``): evaluates the persons changed since its last run (care records or
  the person created, edited or voided: ``updated_at``), those whose :class:`PersonCheck` day has
  come, every person on first use; then household visits set-wise, then escalation. A big run
  (the first, ``full``, more than ``BULK_READ_FROM`` persons) finds in SQL the persons some rule
  can give a task (a balita, a stored category that opens one, a pregnancy, hipertensi …:
  ``_candidates``), reads only their rows, and evaluates only them with the same pure rules; the
  others cannot have a task (``tests/followup/test_setwise.py`` holds the result equal to every
  person evaluated).
* :func:`worklist_page(actor, facility, on=None, rt=None) <worklist_page>` → :class:`WorklistPage`:
  the kader's page in a fixed number of queries (families with a member's task as cards, families
  due only their yearly visit apart, the most urgent first and a page per RT when long).
* :func:`refresh_persons(actor, person_ids, on=None) <refresh_persons>`: the same for a few persons
  (saving a care record calls it after the commit, through :mod:`siklus.care.changes`).
* :func:`escalate(actor, on=None) <escalate>`: open tasks past ``due_on`` by
  ``followup.escalate_after_days`` move kader → Pustu → Puskesmas, with the date.

Status: ``open``; ``done`` when the rules stop yielding it (the answering service was recorded;
``answered_by`` names the record when known); ``closed`` by hand; ``cancelled`` when the person died,
moved out or was voided. A task's ``key`` is ``<person or household id>:<kind>:<episode>``; only one
task per key is open (a partial unique constraint), so a re-run never duplicates.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections import defaultdict, namedtuple
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import Max, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from siklus.accounts.policies import Perm, require
from siklus.audit import log as audit
from siklus.care.models import (
    Condition,
    Encounter,
    Immunization,
    Observation,
    Pregnancy,
    QuestionnaireResponse,
    Referral,
    Supplement,
    TbCase,
)
from siklus.core.actors import require_actor, system, user_of
from siklus.core.errors import Conflict, Invalid
from siklus.facilities.models import Facility, Kind
from siklus.followup.models import Level, PersonCheck, Status, Task, Watermark
from siklus.people.models import Household, Person
from siklus.rules import codes, config
from siklus.rules import followup as rules
from siklus.rules.anthropometry.growth import Weighing
from siklus.rules.areacodes import desa_of
from siklus.rules.messages import render
from siklus.rules.pregnancy import AncContact

log = logging.getLogger(__name__)
CHUNK = 2000
BULK_READ_FROM = 20_000  # persons to evaluate from which the tables are read whole
WATERMARK = "refresh"
ESCALATION = (Level.KADER, Level.PUSTU, Level.PUSKESMAS)
TASK_FIELDS = ["kind", "key", "status", "level", "facility", "outcome", "closed_on", "escalation"]

# ------------------------------------------------------------------------------------ reading facts

_FINDING_CODES = {
    "length_height": "gizi", "zwfl": "gizi", "muac": "muac", "hb": "hb", "sbp": "bp",
    "glucose_random": "glucose", "glucose_fasting": "glucose", "glucose_2h": "glucose", "hba1c": "glucose",
    "srq20_score": "srq20", "skilas_positive_domains": "skilas", "adl_score": "adl",
}
_QUESTIONNAIRE_MEASURE = {"srq20": "srq20", "skilas": "skilas", "adl": "adl"}
_CONTROL_CODES = {"sbp": "hipertensi", "dbp": "hipertensi", "glucose_random": "diabetes",
                  "glucose_fasting": "diabetes", "glucose_2h": "diabetes", "hba1c": "diabetes"}
_FOLLOWED_CONDITIONS = ("hipertensi", "diabetes")
_FACILITY_PLACES = ("pustu", "puskesmas")
_OBS_CODES = tuple(set(_FINDING_CODES) | set(_CONTROL_CODES) | {"weight", "oedema", "usg", "tb_symptoms"})


@dataclass
class _Rows:
    doses: list = field(default_factory=list)
    weights: dict = field(default_factory=dict)  # on → kg
    oedema: set = field(default_factory=set)
    findings: dict = field(default_factory=lambda: defaultdict(list))
    control_values: dict = field(default_factory=lambda: defaultdict(set))  # encounter id → conditions
    usg: set = field(default_factory=set)
    tb_symptom: date | None = None
    encounters: list = field(default_factory=list)  # (id, kind, place, on, by_doctor)
    conditions: dict = field(default_factory=dict)
    pregnancies: list = field(default_factory=list)
    tb: list = field(default_factory=list)
    referrals: list = field(default_factory=list)


# Rows are fetched with the ORM's SQL but without its per-value converters (a first generation reads
# millions of values): ids stay as the database gives them (32 hex digits on SQLite, UUID on
# PostgreSQL) and dates are parsed here. _raw_id turns a model's pk into that form; _text_id
# gives the id as in a task's key.


def _sqlite() -> bool:
    return connection.vendor == "sqlite"


def _fetch(qs) -> list[tuple]:
    try:
        sql, params = qs.order_by().query.sql_with_params()  # no ORDER BY (nor its columns)
    except EmptyResultSet:  # an empty ``__in``
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _day(value):
    return date.fromisoformat(value) if isinstance(value, str) else value


def _raw_id(pk):
    if pk is None:
        return None
    return (pk if isinstance(pk, uuid.UUID) else uuid.UUID(str(pk))).hex if _sqlite() else (
        pk if isinstance(pk, uuid.UUID) else uuid.UUID(str(pk)))


def _text_id(raw) -> str:
    if isinstance(raw, str) and len(raw) == 32:
        return f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}"
    return str(raw)


def _read(ids: Sequence | None, on: date, area: str | None = None, among=None) -> dict:
    """The rows of these persons (``ids``, raw), of the persons in ``among`` (a SQL subquery of
    person ids), or of every person of ``area`` (None: everyone) in one pass over each table:
    reading a few persons by index is quick, but a kabupaten's persons by index is random I/O
    over the whole file; a sequential pass is many times faster."""
    with _dates_cached():
        return _read_rows(ids, on, area, among)


@contextmanager
def _dates_cached():
    """On SQLite, parse each distinct date once while reading (Django's converter parses every
    value: a million dates of a year's records are a few hundred distinct ones)."""
    if not _sqlite():
        yield
        return
    import sqlite3

    before = sqlite3.converters.get("DATE")
    sqlite3.register_converter("date", lru_cache(maxsize=4096)(before) if before else date.fromisoformat)
    try:
        yield
    finally:
        if before is not None:
            sqlite3.register_converter("date", before)


def _read_rows(ids, on: date, area, among) -> dict:
    rows: dict = defaultdict(_Rows)
    oldest = on - timedelta(days=int(config.get("followup.lookback_days")) + 62)
    who = (Q(person_id__in=ids) if ids is not None else Q(person_id__in=among) if among is not None
           else Q(area_code__startswith=area) if area else Q())
    for pid, dose, given in _fetch(Immunization.objects.active().filter(who).values_list(
            "person_id", "dose", "given_on")):
        if dose != codes.TD_WUS.code:
            rows[pid].doses.append((dose, _day(given)))
    for pid, code, day, value, category, eid in _fetch(
            Observation.objects.active().filter(who, code__in=_OBS_CODES, on__gte=oldest, on__lte=on)
            .values_list("person_id", "code", "on", "value", "category", "encounter_id")):
        r = rows[pid]
        day = _day(day)
        if code == "weight" and value is not None:
            r.weights[day] = value
        elif code == "oedema":
            r.oedema.add(day)
        elif code == "usg" and eid is not None:
            r.usg.add(eid)
        elif code == "tb_symptoms" and value:
            r.tb_symptom = day if r.tb_symptom is None else max(day, r.tb_symptom)
        if code in _FINDING_CODES and category:
            r.findings[_FINDING_CODES[code]].append(rules.Finding(day, category))
        if code in _CONTROL_CODES and eid is not None:
            r.control_values[eid].add(_CONTROL_CODES[code])
    for pid, instrument, day, category in _fetch(
            QuestionnaireResponse.objects.active().filter(who, instrument__in=_QUESTIONNAIRE_MEASURE,
                                                          on__gte=oldest, on__lte=on)
            .values_list("person_id", "instrument", "on", "category")):
        if category:
            rows[pid].findings[_QUESTIONNAIRE_MEASURE[instrument]].append(rules.Finding(_day(day), category))
    for eid, pid, kind, place, day, doctor in _fetch(Encounter.objects.active().filter(
            who, on__lte=on).values_list("id", "person_id", "kind", "place", "on", "by_doctor")):
        rows[pid].encounters.append((eid, kind, place, _day(day), bool(doctor)))
    for pid, code, since, resolved in _fetch(Condition.objects.active().filter(
            who, code__in=(*_FOLLOWED_CONDITIONS, "tbc")).values_list(
            "person_id", "code", "since", "resolved_on")):
        since, resolved = _day(since), _day(resolved)
        if since <= on and (resolved is None or resolved > on):
            current = rows[pid].conditions.get(code)
            rows[pid].conditions[code] = since if current is None else min(current, since)
    for pid, hpht, ended in _fetch(Pregnancy.objects.active().filter(who).values_list(
            "person_id", "hpht", "ended_on")):
        rows[pid].pregnancies.append((_day(hpht), _day(ended)))
    for cid, pid, presumptive, result, diagnosis, started, outcome in _fetch(TbCase.objects.active().filter(
            who).values_list("id", "person_id", "presumptive_on", "result", "diagnosis", "treatment_started_on",
                             "outcome")):
        rows[pid].tb.append((_text_id(cid), pid, _day(presumptive), result, diagnosis, _day(started), outcome))
    for rid, pid, day, urgency, to_name, to_other in _fetch(Referral.objects.active().filter(
            who, status__in=(Referral.Status.SENT, Referral.Status.RECEIVED)).values_list(
            "id", "person_id", "on", "urgency", "to_facility__name", "to_other")):
        rows[pid].referrals.append(rules.ReferralFact(_text_id(rid), _day(day), to_name or to_other or "—", False,
                                                      urgency == Referral.Urgency.EMERGENCY))
    return rows


def _facts(person, r: _Rows, on: date) -> rules.Facts:
    contacts, anc, kf, kn, tb_visits = [], [], [], [], []
    controls: dict[str, date] = {}
    for eid, kind, place, day, doctor in r.encounters:
        if place in _FACILITY_PLACES:
            contacts.append(day)
        if kind == "anc":
            anc.append(AncContact(day, by_doctor=doctor, usg=eid in r.usg))
        elif kind == "kf":
            kf.append(day)
        elif kind == "kn":
            kn.append(day)
        elif kind == "kontrol_tbc":
            tb_visits.append(day)
        elif kind == "kontrol":
            for condition in r.control_values.get(eid) or [c for c in _FOLLOWED_CONDITIONS if c in r.conditions]:
                controls[condition] = max(day, controls.get(condition, day))
    hpht = delivered = None
    for start, ended in sorted(r.pregnancies, key=lambda p: (p[0], p[1] or date.max)):
        if start <= on and (ended is None or ended > on):
            hpht = start
        elif ended is not None and ended <= on:
            delivered = ended if delivered is None else max(delivered, ended)
    tb = tuple(rules.TbFact(cid, presumptive, bool(result or diagnosis), started, bool(outcome))
               for cid, _pid, presumptive, result, diagnosis, started, outcome in r.tb
               if diagnosis != "bukan_tbc")
    return rules.Facts(
        birth=person.birth_date, sex=person.sex, doses=tuple(r.doses),
        weighings=tuple(Weighing(day, kg, day in r.oedema) for day, kg in sorted(r.weights.items())),
        findings={k: tuple(sorted(v, key=lambda f: f.on)) for k, v in r.findings.items()},
        facility_contacts=tuple(contacts),
        pregnancy_hpht=hpht if person.sex == "P" else None,
        anc=tuple(sorted((a for a in anc if hpht is not None and a.on >= hpht), key=lambda a: a.on)),
        delivered_on=delivered if person.sex == "P" else None, kf_visits=tuple(sorted(kf)),
        kn_visits=tuple(sorted(kn)),
        conditions={c: since for c, since in r.conditions.items() if c in _FOLLOWED_CONDITIONS},
        controls=controls, tb_visits=tuple(sorted(tb_visits)), tb=tb, tb_symptom_on=r.tb_symptom,
        referrals=tuple(r.referrals),
    )


# ------------------------------------------------------------------------------------- candidates


def _widest(name: str, pick=max):
    """A setting's widest value over the kabupaten-wide value and every area's (for the candidate
    queries, which must not miss a person an area's own setting would give a task)."""
    values = [config.get(name)]
    _global, by_area = config.configured()
    values += [layer[name] for layer in by_area.values() if name in layer]
    return pick(values)


def _categories() -> set[str]:
    found: set[str] = set()
    for value in (config.get("followup.categories"),
                  *(layer["followup.categories"] for layer in config.configured()[1].values()
                    if "followup.categories" in layer)):
        for cats in value.values():
            found.update(cats)
    return found


def _candidates(persons_qs, on: date, area: str | None) -> set:
    """The persons (raw ids) for whom some rule can yield a task, set-wise: a balita (immunization,
    KN, growth), a weighing in the growth window, a stored category that opens a finding task, a
    pregnancy going on or ended within the KF window, hipertensi or diabetes, a TB case or a TB
    symptom, a referral not answered. The rules yield nothing, and no check day before the
    recheck horizon, for anyone else (a test compares with every person evaluated)."""
    who = Q(area_code__startswith=area) if area else Q()
    lookback = on - timedelta(days=int(_widest("followup.lookback_days")) + 62)
    recent = on - timedelta(days=int(_widest("followup.growth_recent_days")))
    young = on - timedelta(days=31 * (int(_widest("followup.immunization_until_months")) + 1))
    delivered = on - timedelta(days=int(_widest("followup.visit_windows_days")) + 1)
    categories = _categories()
    active = Observation.objects.active().filter(who, on__lte=on)
    queries = [
        persons_qs.filter(birth_date__gte=young).values_list("pk"),
        active.filter(code="weight", on__gte=recent).values_list("person_id"),
        active.filter(code__in=list(_FINDING_CODES), category__in=categories, on__gte=lookback)
        .values_list("person_id"),
        active.filter(code="tb_symptoms", on__gte=lookback).exclude(value=0).exclude(value__isnull=True)
        .values_list("person_id"),
        QuestionnaireResponse.objects.active().filter(who, instrument__in=_QUESTIONNAIRE_MEASURE, on__lte=on,
                                                      on__gte=lookback, category__in=categories)
        .values_list("person_id"),
        Pregnancy.objects.active().filter(who).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=delivered))
        .values_list("person_id"),
        Condition.objects.active().filter(who, code__in=_FOLLOWED_CONDITIONS).values_list("person_id"),
        TbCase.objects.active().filter(who).values_list("person_id"),
        Referral.objects.active().filter(who, status__in=(Referral.Status.SENT, Referral.Status.RECEIVED))
        .values_list("person_id"),
    ]
    found: set = set()
    for qs in queries:
        found.update(pid for (pid,) in _fetch(qs.distinct()))
    return found


def _read_many(ids: list, on: date) -> dict:
    """The rows of many persons: their ids in a temporary table the reads join (a list of
    100,000 ids does not fit in one statement)."""
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS followup_wanted")
        cursor.execute("CREATE TEMPORARY TABLE followup_wanted (person_id %s PRIMARY KEY)"
                       % ("char(32)" if _sqlite() else "uuid"))
        cursor.executemany("INSERT INTO followup_wanted (person_id) VALUES (%s)", [(i,) for i in ids])
    try:
        return _read(None, timezone.localdate() if on is None else on,
                     among=RawSQL("SELECT person_id FROM followup_wanted", ()))
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE followup_wanted")


# ------------------------------------------------------------------------------------- assignment


class _Assign:
    """The facility of each level for a household: its Posyandu, the Pustu of its desa, the
    Puskesmas whose wilayah kerja holds the desa (read once per run; ids raw, see _fetch)."""

    def __init__(self):
        self.pustu: dict[str, object] = {}
        self.puskesmas: dict[str, object] = {}
        self.parent: dict[object, object] = {}
        for fid, kind, area, parent in _fetch(Facility.objects.active().filter(active=True).values_list(
                "id", "kind", "area_code", "parent_id")):
            self.parent[fid] = parent
            if kind == Kind.PUSTU:
                self.pustu.setdefault(desa_of(area) or area, fid)
            elif kind == Kind.PUSKESMAS:
                self.puskesmas.setdefault(desa_of(area) or area, fid)
        for fid, code in _fetch(Facility.served_areas.through.objects.filter(
                facility__kind=Kind.PUSKESMAS, facility__voided_at__isnull=True).values_list("facility_id", "area_id")):
            self.puskesmas[code] = fid

    def facility(self, level: str, desa: str, posyandu_id) -> tuple[str, Any]:
        """(level, facility id): the level asked for, or the next one up when it has no facility."""
        if level == Level.KADER and posyandu_id is not None:
            return Level.KADER, posyandu_id
        if level in (Level.KADER, Level.PUSTU) and desa in self.pustu:
            return Level.PUSTU, self.pustu[desa]
        # The Puskesmas of the household's network (its Posyandu's, its Pustu's) before the wilayah kerja.
        found = (self.parent.get(posyandu_id) or self.parent.get(self.pustu.get(desa))
                 or self.puskesmas.get(desa))
        return Level.PUSKESMAS, found


# ------------------------------------------------------------------------------------ synchronising


@dataclass
class RefreshReport:
    persons: int = 0
    households: int = 0
    opened: int = 0
    done: int = 0
    cancelled: int = 0
    escalated: int = 0
    seconds: float = 0.0


def _key(owner, kind: str, episode: str) -> str:
    return f"{_text_id(owner)}:{kind}:{episode}"


# A person as the evaluation reads it (raw ids, see _fetch).
_P = namedtuple("_P", "pk birth_date sex area_code voided_at died_on moved_out_on household_id hh_area desa_id "
                      "posyandu_id")
_P_FIELDS = ("pk", "birth_date", "sex", "area_code", "voided_at", "died_on", "moved_out_on", "household_id",
             "household__area_code", "household__desa_id", "household__posyandu_id")


def _persons(qs) -> list[_P]:
    return [_P(pk, _day(birth), sex, area, voided, _day(died), _day(moved), *rest)
            for pk, birth, sex, area, voided, died, moved, *rest in _fetch(qs.values_list(*_P_FIELDS))]


_TASK_COLUMNS = ("id", "created_at", "updated_at", "area_code", "void_reason", "version", "kind", "key", "reason",
                 "reason_template", "reason_params", "rule_version", "opened_on", "due_on", "urgency",
                 "needs_nakes", "status", "outcome", "answered_by", "level", "escalation", "created_by_id",
                 "facility_id", "household_id", "person_id")


class _Writer:
    """New tasks as rows for one multi-row insert (``bulk_create`` prepared every value through
    its field: most of a first generation's writing time)."""

    def __init__(self, on: date, user, assign: _Assign):
        self.on, self.assign = on, assign
        self.user_id = user.pk if user is not None else None
        self.now = connection.ops.adapt_datetimefield_value(timezone.now())
        self.days = int(config.get("followup.days_to_act"))
        self.rows: list[tuple] = []
        self._rendered: dict = {}
        self.sqlite = _sqlite()  # asked once: connection.vendor goes through a thread-local per call

    def _date(self, day: date):
        return day.isoformat() if self.sqlite else day

    def add(self, due: rules.TaskDue, key: str, person_id, household: tuple) -> None:
        household_id, area, desa, posyandu_id = household
        level, facility_id = self.assign.facility(Level.PUSTU if due.needs_nakes else Level.KADER, desa, posyandu_id)
        data = rules.message_to_json(due.reason)
        params = json.dumps(data["p"], sort_keys=True)
        text = self._rendered.get((data["t"], params))
        if text is None:
            text = self._rendered[(data["t"], params)] = render(due.reason)[:500]
        self.rows.append((
            None, self.now, self.now, area, "", 1, due.kind, key, text, data["t"],
            params, due.rule_version[:80],
            # Whoever gets it has at least followup.days_to_act days, even for a window missed long
            # ago (the first run), before it counts as late and escalates.
            self._date(min(due.opened_on, self.on)),
            self._date(max(due.due_on, self.on + timedelta(days=self.days))),
            due.urgency, due.needs_nakes, Status.OPEN, "", "", level, 0, self.user_id, facility_id, household_id,
            person_id,
        ))

    def insert(self) -> int:
        """Insert the rows; one whose key a concurrent refresh opened meanwhile is skipped."""
        if not self.rows:
            return 0
        # In key order, with ids drawn at random then sorted: the key, person and primary-key
        # indexes then take their entries in order (random inserts into them were most of the time).
        self.rows.sort(key=lambda row: row[7])
        ids = sorted(uuid.uuid4() for _row in self.rows)
        self.rows = [(new_id.hex if self.sqlite else new_id, *row[1:]) for new_id, row in zip(ids, self.rows, strict=True)]
        sql = (f"INSERT INTO {Task._meta.db_table} ({', '.join(_TASK_COLUMNS)}) VALUES "
               f"({', '.join(['%s'] * len(_TASK_COLUMNS))}) ON CONFLICT DO NOTHING")
        with connection.cursor() as cursor:
            for start in range(0, len(self.rows), 5000):
                cursor.executemany(sql, self.rows[start:start + 5000])
        count, self.rows = len(self.rows), []
        return count


def _sync(should: dict[str, tuple], owners: Q, on: date, writer: _Writer, report: RefreshReport) -> None:
    """Make the open tasks of ``owners`` (a filter on tasks: these persons, these households)
    exactly ``should`` (key → (TaskDue, person_id, household tuple)): insert the new ones, mark
    done the ones no longer yielded, leave the others as they are."""
    open_now = dict(_fetch(Task.objects.filter(owners, status=Status.OPEN).values_list("key", "id")))
    gone = [tid for key, tid in open_now.items() if key not in should]
    now = timezone.now()
    for start in range(0, len(gone), 1000):
        report.done += Task.objects.filter(id__in=gone[start:start + 1000], status=Status.OPEN).update(
            status=Status.DONE, closed_on=on, updated_at=now)
    # A task closed by hand (given elsewhere, moved away …) stays closed: the rules yield it until a
    # record answers it and must not open it again (F2's home visits close tasks this way).
    by_hand = {key for (key,) in _fetch(Task.objects.filter(owners, status=Status.CLOSED).values_list("key"))}
    for key, (due, pid, hh) in should.items():
        if key not in open_now and key not in by_hand:
            writer.add(due, key, pid, hh)
    report.opened += writer.insert()


def _evaluate_persons(persons: list[_P], on: date, user, assign: _Assign, report: RefreshReport, *,
                      owners: Q | None = None, rows: dict | None = None, candidates: set | None = None) -> None:
    """Evaluate the rules for ``persons`` and bring their tasks in line. ``candidates`` (raw ids):
    only these can have a task (see _candidates); the others are not evaluated and keep no
    PersonCheck. ``owners``: the tasks of these persons (default: by id)."""
    ended = [p.pk for p in persons
             if p.voided_at is not None or (p.died_on and p.died_on <= on) or (p.moved_out_on and p.moved_out_on <= on)]
    ended_set = set(ended)
    lite = _sqlite()
    alive = [p for p in persons if p.pk not in ended_set]
    evaluate = alive if candidates is None else [p for p in alive if p.pk in candidates]
    rows = _read([p.pk for p in evaluate], on) if rows is None else rows
    should: dict[str, tuple] = {}
    checks: list[tuple] = []
    by_area: dict[str, list[_P]] = defaultdict(list)
    for p in evaluate:
        by_area[p.area_code].append(p)
    facts = {p.pk: _facts(p, rows[p.pk], on) for p in evaluate}
    # The weight-for-age z of every last weighing in one vectorised call (the KMS judgement's cost).
    weighed = [(pk, f.sex, f.birth, f.weighings[-1]) for pk, f in facts.items() if f.weighings]
    for (pk, *_rest), z in zip(weighed, rules.weight_for_age_z([w[1:] for w in weighed]), strict=True):
        facts[pk] = replace(facts[pk], last_zwei=z)
    for area, group in by_area.items():
        with config.for_area(area):
            for p in group:
                result = rules.person_tasks(facts[p.pk], on)
                household = (p.household_id, p.hh_area, p.desa_id, p.posyandu_id)
                for due in result.tasks:
                    should[_key(p.pk, due.kind, due.episode)] = (due, p.pk, household)
                checks.append((p.pk, result.next_check.isoformat() if lite else result.next_check))
    for start in range(0, len(ended), 1000):
        report.cancelled += Task.objects.filter(person_id__in=ended[start:start + 1000], status=Status.OPEN).update(
            status=Status.CANCELLED, closed_on=on, updated_at=timezone.now())
    if owners is None:
        owners = Q(person_id__in=[p.pk for p in alive])
    _sync(should, owners, on, _Writer(on, user, assign), report)
    _answered(owners, on)
    table = PersonCheck._meta.db_table
    with connection.cursor() as cursor:
        if candidates is not None:
            skipped = [p.pk for p in persons if p.pk not in candidates]
            for start in range(0, len(skipped), 900):
                part = skipped[start:start + 900]
                cursor.execute(f"DELETE FROM {table} WHERE person_id IN ({', '.join(['%s'] * len(part))})", part)
        cursor.executemany(f"INSERT INTO {table} (person_id, next_check) VALUES (%s, %s) "
                           "ON CONFLICT (person_id) DO UPDATE SET next_check = excluded.next_check", checks)
    report.persons += len(persons)


# Kind → what answers it: (model, filter on the person, date field) — the record named in answered_by.
_ANSWERS: dict[str, tuple] = {
    "imunisasi_terlewat": (Immunization, "given_on"),
    "anc_terlewat": (Encounter, "on", {"kind": "anc"}),
    "kf_terlewat": (Encounter, "on", {"kind": "kf"}),
    "kn_terlewat": (Encounter, "on", {"kind": "kn"}),
    "kontrol_terlewat": (Encounter, "on", {"kind": "kontrol"}),
    "tbc_kunjungan_terlewat": (Encounter, "on", {"kind": "kontrol_tbc"}),
    "bb_tidak_naik": (Observation, "on", {"code": "weight"}),
    "bb_2t": (Observation, "on", {"code": "weight"}),
    "bgm": (Observation, "on", {"code": "weight"}),
    "rujukan_belum_dijawab": (Referral, "answered_on", {"status": Referral.Status.ANSWERED}),
    "gejala_tbc": (TbCase, "result_on"),
}


def _answered(owners: Q, on: date) -> None:
    """Name the record that answered each task just marked done, where one is known: the latest
    record of the answering kind since the task opened."""
    done = list(Task.objects.filter(owners, status=Status.DONE, closed_on=on, answered_by="")
                .values_list("id", "person_id", "kind", "key", "opened_on")[:200])
    for tid, pid, kind, key, opened in done:
        spec = _ANSWERS.get(kind)
        if spec is None:
            spec = (Encounter, "on", {"place__in": _FACILITY_PLACES})
        model, day, *extra = spec
        filters = dict(extra[0]) if extra else {}
        if kind == "imunisasi_terlewat":
            filters["dose"] = key.rsplit(":", 1)[-1]
        found = model.objects.active().filter(person_id=pid, **{f"{day}__gte": opened}, **filters).order_by(
            f"-{day}").values_list("id", flat=True).first()
        if found is not None:
            Task.objects.filter(id=tid).update(answered_by=f"{model._meta.model_name}:{found}")


def _households(qs, on: date, user, assign: _Assign, report: RefreshReport) -> None:
    """Household visits set-wise: the last home visit of every household in one query, the rule
    once per area (its answer depends only on whether that visit is in this year), the tasks
    synchronised in one pass."""
    visits = dict(_fetch(Encounter.objects.active().filter(Q(kind="kunjungan_rumah") | Q(place="rumah"),
                                                           person__household__in=qs.values("pk"))
                         .values("person__household_id").annotate(last=Max("on"))
                         .values_list("person__household_id", "last")))
    households = _fetch(qs.order_by().values_list("id", "area_code", "desa_id", "posyandu_id"))
    unvisited: dict[str, tuple] = {}
    should = {}
    for hid, area, desa, posyandu in households:
        last = _day(visits.get(hid))
        if last is not None and last.year == on.year:
            continue  # visited this year: the rule yields nothing, whatever the area's settings
        if area not in unvisited:
            with config.for_area(area):
                unvisited[area] = rules.household_tasks(None, on)
        for due in unvisited[area]:
            should[_key(hid, due.kind, due.episode)] = (due, None, (hid, area, desa, posyandu))
    with transaction.atomic():
        _sync(should, Q(household__in=qs.values("pk"), person__isnull=True), on, _Writer(on, user, assign), report)
    report.households += len(households)


# ---------------------------------------------------------------------------------------- batch


def _persons_changed(qs, since: datetime):
    """Persons whose record or any care record of theirs changed after ``since``: each care table
    read on its ``updated_at`` index alone (joined to the persons in scope it was a pass over
    every person per table), then kept to the scope."""
    ids = set(qs.filter(updated_at__gt=since).order_by().values_list("pk", flat=True))
    found: set = set()
    for model in (Encounter, Observation, Immunization, Supplement, QuestionnaireResponse, Condition, Referral,
                  Pregnancy, TbCase):
        # No DISTINCT: with it SQLite walks the person index of the whole table instead of the
        # updated_at index (2 s against under 1 ms on kotim).
        found.update(model.objects.filter(updated_at__gt=since).order_by().values_list("person_id", flat=True))
    others = list(found - ids)
    for start in range(0, len(others), 5000):
        ids.update(qs.filter(pk__in=others[start:start + 5000]).values_list("pk", flat=True))
    return ids


def refresh(actor, *, area: str | None = None, since: date | datetime | None = None, on: date | None = None,
            progress: Callable[[int, int], None] | None = None, full: bool = False) -> RefreshReport:
    """Open and close the tasks of the persons that need it (see the module docstring)."""
    require_actor(actor)
    require(actor, Perm.RECORD_CARE, area=area)
    started = timezone.now()
    on = on or timezone.localdate()
    report = RefreshReport()
    persons = Person.objects.visible_to(actor)
    households = Household.objects.visible_to(actor).active()
    if area:
        persons = persons.filter(area_code__startswith=area)
        households = households.filter(area_code__startswith=area)
    mark = Watermark.objects.filter(name=WATERMARK).first() if not area else None
    since_at: datetime | None
    if since is not None:
        since_at = since if isinstance(since, datetime) else timezone.make_aware(datetime.combine(since, datetime.min.time()))
    else:
        since_at = mark.changed_after if mark is not None else None
    everyone = since_at is None or full
    ids: list = []
    if since_at is not None and not full:
        changed = _persons_changed(persons, since_at)
        due = PersonCheck.objects.filter(next_check__lte=on)
        if persons.query.has_filters():  # a scope or an area: only its persons
            due = due.filter(person__in=persons.values("pk"))
        changed.update(due.values_list("person_id", flat=True))
        ids = sorted(changed, key=str)
    assign = _Assign()
    user = user_of(actor)
    total = persons.count() if everyone else len(ids)
    if total > BULK_READ_FROM:
        # Many persons: find set-wise who can have a task at all, read those persons' rows in one
        # sequential pass over each table, evaluate only them (see _candidates).
        if _sqlite():  # the task table's indexes take random inserts: keep their pages in memory
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size = -262144")
        candidates = _candidates(persons, on, area)
        if everyone:
            found = _persons(persons)
        else:
            found = [p for start in range(0, total, 10_000)
                     for p in _persons(persons.filter(pk__in=ids[start:start + 10_000]))]
        wanted = [p.pk for p in found if p.pk in candidates]
        with transaction.atomic():
            rows = _read_many(wanted, on)
            _evaluate_persons(found, on, user, assign, report, rows=rows, candidates=candidates,
                              owners=Q(person__in=persons.values("pk")) if everyone else None)
        if progress:
            progress(total, total)
    else:
        if everyone:
            ids = list(persons.order_by("pk").values_list("pk", flat=True))
        for start in range(0, total, CHUNK):
            part = ids[start:start + CHUNK]
            with transaction.atomic():
                _evaluate_persons(_persons(Person.objects.filter(pk__in=part)), on, user, assign, report)
            if progress:
                progress(min(start + CHUNK, total), total)
    # A household's visit task changes with a visit (a changed member) or with the month (its
    # opening month, a new year): every household only on the first run of a month.
    whole = (everyone or mark is None or len(ids) > BULK_READ_FROM
             or (mark.ran_on.year, mark.ran_on.month) != (on.year, on.month))
    _households(households if whole else households.filter(members__in=ids).distinct(), on, user, assign, report)
    report.escalated = escalate(actor, on=on)
    if not area:
        Watermark.objects.update_or_create(name=WATERMARK, defaults={"changed_after": started, "ran_on": on})
    # Tasks are derived from audited records: one event per run, not one per task.
    audit.log("update", actor=actor, area_code=area or "",
              changes={"what": "followup_refresh", "persons": report.persons, "opened": report.opened, "done": report.done,
                       "cancelled": report.cancelled, "escalated": report.escalated})
    report.seconds = (timezone.now() - started).total_seconds()
    return report


def refresh_persons(actor, person_ids: Iterable, on: date | None = None) -> RefreshReport:
    """Update the tasks of these persons now (and their households' visit task)."""
    require_actor(actor)
    ids = list(dict.fromkeys(person_ids))
    persons = list(Person.objects.visible_to(actor).filter(pk__in=ids).select_related("household"))
    for person in persons:
        require(actor, Perm.VIEW, person)
    report = RefreshReport()
    on = on or timezone.localdate()
    assign = _Assign()
    with transaction.atomic():
        _evaluate_persons(_persons(Person.objects.filter(pk__in=[p.pk for p in persons])), on, user_of(actor),
                          assign, report)
        _households(Household.objects.filter(pk__in={p.household_id for p in persons}), on, user_of(actor),
                    assign, report)
    return report


def refresh_persons_after_change(person_ids: set) -> None:
    """The care hook: a saved record updates its person's tasks at once (after the commit). A
    failure here must not fail the save that already committed: the batch catches up."""
    try:
        refresh_persons(system("followup"), person_ids)
    except Exception:  # logged; the nightly batch repairs
        log.exception("followup refresh after a care change failed for %s", sorted(map(str, person_ids)))


def escalate(actor, on: date | None = None) -> int:
    """Move tasks open past their due date by ``followup.escalate_after_days`` one level up."""
    require_actor(actor)
    on = on or timezone.localdate()
    days = int(config.get("followup.escalate_after_days"))
    assign = _Assign()
    moved = 0
    for level in (Level.PUSTU, Level.KADER):  # the higher first, so a task moves one level a run
        late = (Task.objects.visible_to(actor).filter(status=Status.OPEN, level=level)
                .filter(Q(escalated_on__isnull=True, due_on__lt=on - timedelta(days=days))
                        | Q(escalated_on__lt=on - timedelta(days=days))))
        by_target: dict[tuple, list] = defaultdict(list)
        for tid, desa, posyandu in _fetch(late.values_list("id", "household__desa_id", "household__posyandu_id")):
            target = ESCALATION[ESCALATION.index(level) + 1]
            new_level, facility = assign.facility(target, desa, posyandu)
            if new_level == level:
                continue
            by_target[(new_level, facility)].append(tid)
        for (new_level, facility), ids in by_target.items():
            for start in range(0, len(ids), 1000):
                moved += Task.objects.filter(id__in=ids[start:start + 1000], status=Status.OPEN).update(
                    level=new_level, facility_id=facility, escalation=ESCALATION.index(new_level),
                    escalated_on=on, updated_at=timezone.now())
    return moved


# ------------------------------------------------------------------------------------------ reading


@dataclass
class HouseholdTasks:
    household: Household
    tasks: list[Task]

    @property
    def urgency(self) -> int:
        return min(t.urgency for t in self.tasks)

    @property
    def due_on(self) -> date:
        return min(t.due_on for t in self.tasks)


@dataclass
class Worklist:
    facility: Facility
    on: date
    households: list[HouseholdTasks]

    @property
    def tasks(self) -> list[Task]:
        return [t for h in self.households for t in h.tasks]


def _sort_key(t: Task, on: date):
    # Late first, then the most urgent, then the earliest due.
    return (t.due_on >= on, t.urgency, t.due_on, t.kind)


def worklist(actor, facility: Facility, on: date | None = None) -> Worklist:
    """The open tasks assigned to ``facility``, grouped by household, the most urgent first."""
    require_actor(actor)
    require(actor, Perm.VIEW, facility)
    on = on or timezone.localdate()
    tasks = list(Task.objects.visible_to(actor).filter(facility=facility, status=Status.OPEN)
                 .select_related("person", "household"))
    groups: dict[object, list[Task]] = defaultdict(list)
    for t in tasks:
        groups[t.household_id].append(t)
    households = [HouseholdTasks(ts[0].household, sorted(ts, key=lambda t: _sort_key(t, on)))
                  for ts in groups.values()]
    households.sort(key=lambda h: (_sort_key(h.tasks[0], on), h.household.rt, h.household.rw, h.household.head_name))
    return Worklist(facility, on, households)


WORKLIST_LONG = 40  # households with tasks from which the page shows the most urgent and a page per RT
WORKLIST_URGENT = 30  # households shown before an RT is chosen on a long worklist


@dataclass
class RtSummary:
    label: str  # "RT 001 / RW 002", also the page's ?rt=
    households: int = 0  # with a member's task
    tasks: int = 0  # members' tasks
    late: int = 0
    unvisited: int = 0  # households whose only task is the yearly home visit


@dataclass
class WorklistPage:
    """What the kader's page shows: the households with a member's task as cards (one walk
    covers a family, the household's visit task in its card), the households whose only task is
    the yearly visit as a short list of their own, and per RT the counts. On a long worklist and
    no RT chosen, only the most urgent cards and the counts per RT."""

    facility: Facility
    on: date
    rt: str | None
    long: bool
    rts: list[RtSummary]
    households: list[HouseholdTasks]
    unvisited: list[Household]
    task_count: int
    visit_due: date | None = None

    @property
    def tasks(self) -> list[Task]:
        return [t for h in self.households for t in h.tasks]

    @property
    def groups(self) -> list[tuple[str, list[HouseholdTasks], list[Household]]]:
        """(RT label, cards, unvisited households) in RW then RT order."""
        from siklus.followup.pdf import rt_label

        if self.long and self.rt is None:
            return [("", self.households, [])]  # the most urgent first, whatever their RT
        cards: dict[tuple, list] = defaultdict(list)
        rest: dict[tuple, list] = defaultdict(list)
        for h in self.households:
            cards[_rt_key(h.household.rt, h.household.rw)].append(h)
        for household in self.unvisited:
            rest[_rt_key(household.rt, household.rw)].append(household)
        return [(rt_label(key[3], key[2]), cards.get(key, []), rest.get(key, []))
                for key in sorted(set(cards) | set(rest))]


def _rt_key(rt: str, rw: str) -> tuple:
    return (rw.zfill(3), rt.zfill(3), rw, rt)


def worklist_page(actor, facility: Facility, on: date | None = None, rt: str | None = None) -> WorklistPage:
    """The worklist as the kader's page shows it (see :class:`WorklistPage`), in a fixed number of
    queries: the open tasks as plain rows, then only the tasks and households shown."""
    from siklus.followup.pdf import rt_label

    require_actor(actor)
    require(actor, Perm.VIEW, facility)
    on = on or timezone.localdate()
    mine = Task.objects.visible_to(actor).filter(facility=facility, status=Status.OPEN)
    per_household: dict = {}
    rts: dict[tuple, RtSummary] = {}
    visit_due = None
    total = 0
    for hid, hh_rt, hh_rw, person_id, due_on, urgency in mine.values_list(
            "household_id", "household__rt", "household__rw", "person_id", "due_on", "urgency"):
        key = _rt_key(hh_rt, hh_rw)
        summary = rts.get(key) or rts.setdefault(key, RtSummary(rt_label(hh_rt, hh_rw)))
        entry = per_household.setdefault(hid, [key, False, (True, 9, date.max)])
        total += 1
        if person_id is not None:
            entry[1] = True
            summary.tasks += 1
            summary.late += due_on < on
            entry[2] = min(entry[2], (due_on >= on, urgency, due_on))
        else:
            visit_due = due_on if visit_due is None else min(visit_due, due_on)
    for key, with_member, _urgency in per_household.values():
        if with_member:
            rts[key].households += 1
        else:
            rts[key].unvisited += 1
    summaries = [rts[key] for key in sorted(rts)]
    labels = {rts[key].label: key for key in rts}
    cards = {hid: v for hid, v in per_household.items() if v[1]}
    long = len(per_household) > WORKLIST_LONG
    if rt is not None and rt in labels:
        chosen = [hid for hid, v in cards.items() if v[0] == labels[rt]]
        unvisited = [hid for hid, v in per_household.items() if not v[1] and v[0] == labels[rt]]
    elif rt is None and not long:
        chosen, unvisited = list(cards), [hid for hid, v in per_household.items() if not v[1]]
    elif rt is None:
        chosen = sorted(cards, key=lambda hid: cards[hid][2])[:WORKLIST_URGENT]
        unvisited = []
    else:
        chosen, unvisited = [], []
    groups: dict[object, list[Task]] = defaultdict(list)
    for t in mine.filter(household_id__in=chosen).select_related("person", "household") if chosen else ():
        groups[t.household_id].append(t)
    households = [HouseholdTasks(ts[0].household, sorted(ts, key=lambda t: _sort_key(t, on)))
                  for ts in groups.values()]
    households.sort(key=lambda h: (_sort_key(h.tasks[0], on), h.household.rt, h.household.rw, h.household.head_name))
    plain = (list(Household.objects.visible_to(actor).filter(pk__in=unvisited).order_by("rw", "rt", "head_name"))
             if unvisited else [])
    return WorklistPage(facility, on, rt, long, summaries, households, plain, total, visit_due)


def household_tasks(actor, household: Household) -> list[Task]:
    """The open tasks of one household (its members' and its own), the most urgent first."""
    require_actor(actor)
    require(actor, Perm.VIEW, household)
    on = timezone.localdate()
    tasks = Task.objects.visible_to(actor).filter(household=household, status=Status.OPEN).select_related("person")
    return sorted(tasks, key=lambda t: _sort_key(t, on))


def person_tasks(actor, person: Person) -> list[Task]:
    """Every task of a person, open ones first, then the latest closed."""
    require_actor(actor)
    require(actor, Perm.VIEW, person)
    tasks = Task.objects.visible_to(actor).filter(person=person).order_by("-opened_on")
    return sorted(tasks, key=lambda t: t.status != Status.OPEN)


def close_task(actor, task: Task, outcome: str, version: int | None = None, on: date | None = None) -> Task:
    """Close an open task by hand with its outcome (what was done, why it is closed)."""
    require_actor(actor)
    require(actor, Perm.RECORD_CARE, task)
    outcome = (outcome or "").strip()
    if not outcome:
        raise Invalid.field("outcome", _("Tuliskan hasil tindak lanjutnya."))
    if len(outcome) > 500:
        raise Invalid.field("outcome", _("Hasil tindak lanjut paling panjang 500 karakter."))
    task.refresh_from_db()
    if task.status == Status.CLOSED and task.outcome == outcome:
        return task  # the same close sent again
    based_on = task.version if version is None else version
    if task.status != Status.OPEN:
        raise Conflict(_("Tugas ini sudah tidak terbuka (%(status)s).") % {"status": task.get_status_display()},
                       current={"status": task.status, "outcome": task.outcome}, version=task.version)
    if task.version != based_on:
        raise Conflict(_("Tugas ini sudah diubah orang lain. Muat ulang lalu coba lagi."),
                       current={"status": task.status, "outcome": task.outcome}, version=task.version)
    values = {"status": Status.CLOSED, "outcome": outcome, "closed_on": on or timezone.localdate(),
              "closed_by": user_of(actor)}
    with transaction.atomic():
        if not task.write_changes(values, version=based_on):
            task.refresh_from_db()
            raise Conflict(_("Tugas ini sudah diubah orang lain. Muat ulang lalu coba lagi."),
                           current={"status": task.status, "outcome": task.outcome}, version=task.version)
        audit.log("update", task, actor=actor, changes={"status": [Status.OPEN, Status.CLOSED],
                                                        "outcome": ["", outcome]})
    return task
