"""The records as the phone holds them: one columnar table per kind (docs/SYNC-PROTOCOL.md "Tables").

:func:`rows` loads the current state of many records of one table at once, restricted to what the
actor may see (a record that left the actor's area meanwhile is simply not served: its removal
follows in the feed).
"""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

COLUMNS: dict[str, list[str]] = {
    "household": ["id", "v", "version", "voided", "desa", "area", "no_kk", "head_name", "address", "rt", "rw",
                  "sub_area", "posyandu"],
    "person": ["id", "v", "version", "voided", "household", "area", "nik", "name", "sex", "birth_date", "relation",
               "jkn_number", "mother", "phone", "died_on", "moved_out_on"],
    "pregnancy": ["id", "v", "version", "voided", "person", "hpht", "hpl", "gravida", "ended_on", "outcome"],
    "task": ["id", "v", "version", "person", "household", "kind", "reason", "opened_on", "due_on", "urgency",
             "needs_nakes", "status", "level", "facility"],
    "visit": ["id", "v", "version", "voided", "person", "on", "kind", "place", "facility", "note", "observations"],
    "observation": ["id", "v", "version", "voided", "person", "on", "code", "value", "value_code", "unit", "method",
                    "category", "category_label", "rule_version"],
    "immunization": ["id", "v", "version", "voided", "person", "dose", "given_on", "encounter", "facility"],
    "supplement": ["id", "v", "version", "voided", "person", "kind", "given_on", "amount", "encounter"],
    "conflict": ["id", "v", "table", "record", "field", "base", "yours", "theirs", "status", "resolution", "mutation",
                 "created_at", "resolved_at"],
    "duplicate": ["id", "v", "person_a", "person_b", "reason", "status", "kept", "created_at", "resolved_at"],
    "merge": ["id", "v", "merged", "kept"],
}
OBSERVATION_COLUMNS = ["id", "code", "value", "value_code", "unit", "method", "category", "category_label",
                       "rule_version", "voided"]


def plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _values(qs, fields: list[str]) -> dict[Any, dict]:
    return {row["id"]: row for row in qs.values("id", *fields)}


def _record_rows(model, actor, ids, fields: dict[str, str]) -> dict[Any, dict]:
    """``fields``: column → model field (``voided`` and ``version`` are added)."""
    qs = model._base_manager.filter(pk__in=ids)
    qs = model.objects.visible_to(actor).filter(pk__in=ids) if actor is not None else qs
    found = _values(qs, [*fields.values(), "voided_at", "version"])
    return {pk: {"version": r["version"], "voided": r["voided_at"] is not None,
                 **{col: r[name] for col, name in fields.items()}} for pk, r in found.items()}


def _households(actor, ids):
    from siklus.people.models import Household

    return _record_rows(Household, actor, ids, {"desa": "desa_id", "area": "area_code", "no_kk": "no_kk",
                                                "head_name": "head_name", "address": "address", "rt": "rt", "rw": "rw",
                                                "sub_area": "sub_area_id", "posyandu": "posyandu_id"})


def _persons(actor, ids):
    from siklus.people.models import Person

    return _record_rows(Person, actor, ids, {c: c for c in ["nik", "name", "sex", "birth_date", "relation", "jkn_number",
                                                            "phone", "died_on", "moved_out_on"]}
                        | {"household": "household_id", "area": "area_code", "mother": "mother_id"})


def _pregnancies(actor, ids):
    from siklus.care.models import Pregnancy

    return _record_rows(Pregnancy, actor, ids, {"person": "person_id", "hpht": "hpht", "hpl": "hpl",
                                                "gravida": "gravida", "ended_on": "ended_on", "outcome": "outcome"})


def _tasks(actor, ids):
    from siklus.followup.models import Task

    qs = Task.objects.visible_to(actor).filter(pk__in=ids) if actor is not None else Task.objects.filter(pk__in=ids)
    out = {}
    for t in qs:
        out[t.pk] = {"version": t.version, "person": t.person_id, "household": t.household_id, "kind": t.kind,
                     "reason": t.reason_text, "opened_on": t.opened_on, "due_on": t.due_on, "urgency": t.urgency,
                     "needs_nakes": t.needs_nakes, "status": t.status, "level": t.level, "facility": t.facility_id}
    return out


def _visits(actor, ids):
    from siklus.care.models import Encounter, Observation

    found = _record_rows(Encounter, actor, ids, {"person": "person_id", "on": "on", "kind": "kind", "place": "place",
                                                 "facility": "facility_id", "note": "note"})
    observations: dict[Any, list] = defaultdict(list)
    for o in Observation._base_manager.filter(encounter_id__in=list(found)).order_by("created_at", "id").values(
            "encounter_id", "id", "code", "value", "value_code", "unit", "method", "category", "category_label",
            "rule_version", "voided_at"):
        observations[o["encounter_id"]].append([plain(o["id"]), o["code"], o["value"], o["value_code"], o["unit"],
                                                o["method"], o["category"], o["category_label"], o["rule_version"],
                                                o["voided_at"] is not None])
    for pk, row in found.items():
        row["observations"] = observations.get(pk, [])
    return found


def _observations(actor, ids):
    from siklus.care.models import Observation

    return _record_rows(Observation, actor, ids, {c: c for c in ["on", "code", "value", "value_code", "unit", "method",
                                                                 "category", "category_label", "rule_version"]}
                        | {"person": "person_id"})


def _immunizations(actor, ids):
    from siklus.care.models import Immunization

    return _record_rows(Immunization, actor, ids, {"person": "person_id", "dose": "dose", "given_on": "given_on",
                                                   "encounter": "encounter_id", "facility": "facility_id"})


def _supplements(actor, ids):
    from siklus.care.models import Supplement

    return _record_rows(Supplement, actor, ids, {"person": "person_id", "kind": "kind", "given_on": "given_on",
                                                 "amount": "amount", "encounter": "encounter_id"})


def _conflicts(actor, ids):
    from siklus.sync.models import Conflict

    qs = Conflict.objects.visible_to(actor) if actor is not None else Conflict.objects.all()
    return {c.pk: {"table": c.table, "record": c.record_id, "field": c.field, "base": c.base, "yours": c.yours,
                   "theirs": c.theirs, "status": c.status, "resolution": c.resolution, "mutation": None,
                   "created_at": c.created_at, "resolved_at": c.resolved_at}
            for c in qs.filter(pk__in=ids).select_related("mutation")}


def _duplicates(actor, ids):
    from siklus.sync.models import Duplicate

    qs = Duplicate.objects.visible_to(actor) if actor is not None else Duplicate.objects.all()
    return {d.pk: {"person_a": d.person_a_id, "person_b": d.person_b_id, "reason": d.reason, "status": d.status,
                   "kept": d.kept_id, "created_at": d.created_at, "resolved_at": d.resolved_at}
            for d in qs.filter(pk__in=ids)}


def _merges(actor, ids):
    from siklus.sync.models import Redirect

    return {r.merged_id: {"merged": r.merged_id, "kept": r.kept_id} for r in Redirect.objects.filter(merged_id__in=ids)}


LOADERS: dict[str, Callable[[Any, list], dict[Any, dict]]] = {
    "household": _households, "person": _persons, "pregnancy": _pregnancies, "task": _tasks, "visit": _visits,
    "observation": _observations, "immunization": _immunizations, "supplement": _supplements,
    "conflict": _conflicts, "duplicate": _duplicates, "merge": _merges,
}


def rows(actor, table: str, ids: Iterable) -> dict[Any, dict]:
    """id → column → value (plain JSON) of the records of ``table`` the actor may see."""
    loaded = LOADERS[table](actor, list(ids))
    return {pk: {k: plain(v) for k, v in row.items()} for pk, row in loaded.items()}


def as_row(table: str, record: dict, v: int | None) -> list:
    return [plain(record.get("id")) if c == "id" else v if c == "v" else record.get(c) for c in COLUMNS[table]]


def one(actor, table: str, record_id, v: int | None = None) -> dict | None:
    """One record as a dict of its columns (the ``row`` of a push result)."""
    found = rows(actor, table, [record_id]).get(record_id)
    if found is None:
        return None
    return {"id": str(record_id), "v": v, **found}
