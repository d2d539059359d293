"""The fact table: one row per qualifying service event, derived from ``care`` with set-based SQL.

Two ways in, one definition (:data:`SOURCES`):

* :func:`rebuild` ``(area_prefix)`` — every fact of the persons living in an area, rewritten with
  one ``DELETE`` and one ``INSERT … SELECT`` per source table. The bulk path: ``siklus synth``
  (after writing its history) and ``siklus indicators refresh --rebuild`` call it.
* :func:`follow_care` — connected in ``MonitoringConfig.ready``: saving a care record (Django's
  ``post_save``, or an audited update of one) rewrites that person's facts in the same transaction
  and marks the person's desa and the record's year dirty (:class:`~.models.DirtyMark`), so
  ``siklus indicators refresh --dirty`` recomputes only what changed.

Dates become integers ``yyyymmdd`` on the way in (see :mod:`.models`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import connection, transaction
from django.db.models.signals import post_save
from django.utils import timezone

from siklus.monitoring.models import DirtyMark, Fact

COLUMNS = ("person_id", "desa_code", "posyandu_id", "facility_id", "kind", "code", "category", "sequence", "flag",
           "value", "day", "until", "month", "birth", "sex", "source_id")


def ymd(expr: str) -> str:
    """SQL turning a DATE column into the integer yyyymmdd, on this connection's engine."""
    if connection.vendor == "postgresql":
        return f"CAST(TO_CHAR({expr}, 'YYYYMMDD') AS INTEGER)"
    return f"CAST(REPLACE({expr}, '-', '') AS INTEGER)"


def _sources() -> list[tuple[str, str, dict[str, str]]]:
    """(table, extra join/where, column expressions) of each kind of fact; ``r`` is the record,
    ``p`` the person the fact belongs to."""
    return [
        ("care_encounter r", "", {"facility_id": "r.facility_id", "kind": "'enc'", "code": "r.kind",
                                  "category": "r.place", "sequence": "r.sequence", "flag": "r.by_doctor",
                                  "day": ymd('r."on"')}),
        ("care_observation r", "", {"kind": "'obs'", "code": "r.code",
                                    "category": "COALESCE(NULLIF(r.category, ''), r.value_code)",
                                    "value": "r.value", "day": ymd('r."on"')}),
        ("care_immunization r", "", {"facility_id": "r.facility_id", "kind": "'imm'", "code": "r.dose",
                                     "day": ymd("r.given_on")}),
        ("care_supplement r", "", {"kind": "'sup'", "code": "r.kind", "value": "r.amount",
                                   "day": ymd("r.given_on")}),
        ("care_questionnaireresponse r", "", {"kind": "'q'", "code": "r.instrument", "category": "r.category",
                                              "value": "r.score", "day": ymd('r."on"')}),
        ("care_condition r", "", {"kind": "'cond'", "code": "COALESCE(NULLIF(r.code, ''), r.icd10)",
                                  "day": ymd("r.since"),
                                  "until": f"COALESCE({ymd('r.resolved_on')}, 99991231)"}),
        ("care_pregnancy r", "", {"kind": "'preg'", "code": "'kehamilan'", "category": "r.outcome",
                                  "day": ymd("r.hpht"), "until": ymd("COALESCE(r.ended_on, r.hpl)")}),
        ("care_pregnancy r", "AND r.ended_on IS NOT NULL",
         {"facility_id": "r.delivery_facility_id", "kind": "'deliv'", "code": "r.attendant",
          "category": "r.place_of_birth", "flag": "r.place_of_birth = 'fasyankes'", "day": ymd("r.ended_on")}),
        # A live birth belongs to the child.
        ("care_birth r", "AND r.child_id IS NOT NULL AND r.alive",
         {"person": "r.child_id", "kind": "'birth'", "code": "'lahir_hidup'", "value": "r.weight_g",
          "flag": "r.imd AND r.vitamin_k1 AND r.eye_ointment", "day": ymd("r.born_on")}),
        ("care_tbcase r", "", {"kind": "'tb'", "code": "'terduga'", "category": "r.found_by",
                               "day": ymd("r.presumptive_on")}),
        ("care_tbcase r", "AND COALESCE(r.result_on, r.specimen_on) IS NOT NULL",
         {"kind": "'tb'", "code": "'diperiksa'", "category": "r.test",
          "day": ymd("COALESCE(r.result_on, r.specimen_on)")}),
        ("care_tbcase r", "AND r.diagnosis <> '' AND r.diagnosis <> 'bukan_tbc' AND r.result_on IS NOT NULL",
         {"kind": "'tb'", "code": "'terdiagnosis'", "category": "r.diagnosis", "day": ymd("r.result_on")}),
        ("care_tbcase r", "AND r.treatment_started_on IS NOT NULL",
         {"kind": "'tb'", "code": "'diobati'", "category": "r.regimen", "facility_id": "r.treatment_facility_id",
          "day": ymd("r.treatment_started_on")}),
    ]


def _select(table: str, extra: str, cols: dict[str, str], where: str) -> str:
    person = cols.get("person", "r.person_id")
    day = cols["day"]
    expr = {
        "person_id": "p.id", "desa_code": "SUBSTR(p.area_code, 1, 13)", "posyandu_id": "h.posyandu_id",
        "facility_id": cols.get("facility_id", "NULL"), "kind": cols["kind"], "code": cols["code"],
        "category": f"COALESCE({cols.get('category', chr(39) * 2)}, '')", "sequence": cols.get("sequence", "NULL"),
        "flag": f"COALESCE({cols.get('flag', 'FALSE')}, FALSE)", "value": cols.get("value", "NULL"),
        "day": day, "until": cols.get("until", day), "month": f"({day}) / 100", "birth": ymd("p.birth_date"),
        "sex": "p.sex", "source_id": "r.id",
    }
    return (f"SELECT {', '.join(expr[c] for c in COLUMNS)} FROM {table} "
            f"JOIN people_person p ON p.id = {person} JOIN people_household h ON h.id = p.household_id "
            f"WHERE r.voided_at IS NULL AND p.voided_at IS NULL {extra} AND {where}")


def _write(where: str, params: list, delete_where: str, delete_params: list) -> int:
    table = Fact._meta.db_table
    inserted = 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {delete_where}", delete_params)
        for source, extra, cols in _sources():
            cursor.execute(f"INSERT INTO {table} ({', '.join(COLUMNS)}) {_select(source, extra, cols, where)}",
                           params)
            inserted += max(cursor.rowcount, 0)
    return inserted


def rebuild(area_prefix: str) -> int:
    """Rewrite the facts of every person living in ``area_prefix`` (a province, kabupaten,
    kecamatan or desa code) from the care tables; returns the number of facts written."""
    like = area_prefix + ".%"
    return _write("(p.area_code = %s OR p.area_code LIKE %s)", [area_prefix, like],
                  "(desa_code = %s OR desa_code LIKE %s)", [area_prefix, like])


def rebuild_persons(person_ids: Iterable) -> int:
    """Rewrite the facts of these persons (after a care save)."""
    ids = [Fact._meta.get_field("person_id").get_db_prep_value(i, connection) for i in set(person_ids)]
    if not ids:
        return 0
    marks = ", ".join(["%s"] * len(ids))
    return _write(f"p.id IN ({marks})", ids, f"person_id IN ({marks})", ids)


def mark_dirty(desa_code: str, years: Iterable[int]) -> None:
    """Mark a desa's figures of these years out of date."""
    now = timezone.now()
    for year in set(years):
        DirtyMark.objects.update_or_create(desa_code=desa_code[:13], year=year, defaults={"marked_at": now})


# ------------------------------------------------------------------------------ following care saves

_DATE_FIELDS = ("on", "given_on", "since", "hpht", "ended_on", "born_on", "presumptive_on", "result_on",
                "treatment_started_on", "resolved_on")


def _person_of(record):
    from siklus.care.models import Birth
    from siklus.people.models import Person

    if isinstance(record, Person):
        return record
    if isinstance(record, Birth):
        return record.child
    return getattr(record, "person", None)


def _years_of(record) -> set[int]:
    years = {timezone.localdate().year}
    for name in _DATE_FIELDS:
        value = getattr(record, name, None)
        if isinstance(value, date):
            years.add(value.year)
    return years


def care_saved(record) -> None:
    """A care record was written: rewrite its person's facts and mark the desa and years dirty."""
    person = _person_of(record)
    if person is None:
        return
    rebuild_persons([person.pk])
    mark_dirty(person.area_code, _years_of(record))


def _on_save(sender, instance, raw=False, **kwargs):
    if not raw:
        care_saved(instance)


def _on_audit(sender, instance, created=False, raw=False, **kwargs):
    """Updates go through ``Record.write_changes`` (an UPDATE, no post_save): their audit event
    names the record."""
    if raw or not created or instance.action in ("create", "read", "list", "search") or not instance.model:
        return
    model = _FOLLOWED.get(instance.model)
    record = model._base_manager.filter(pk=instance.object_id).first() if model is not None else None
    if record is not None:
        care_saved(record)


_FOLLOWED: dict = {}  # model_name -> model, as audit events name them


def follow_care() -> None:
    from siklus.audit.models import AuditEvent
    from siklus.care import models as care
    from siklus.people.models import Person

    _FOLLOWED["person"] = Person
    for model in (care.Encounter, care.Observation, care.Immunization, care.Supplement, care.QuestionnaireResponse,
                  care.Condition, care.Pregnancy, care.Birth, care.TbCase):
        _FOLLOWED[model._meta.model_name] = model
        post_save.connect(_on_save, sender=model, dispatch_uid=f"monitoring-facts-{model.__name__}")
    post_save.connect(_on_audit, sender=AuditEvent, dispatch_uid="monitoring-facts-audit")
