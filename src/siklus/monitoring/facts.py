"""The fact table: one row per qualifying service event, derived from ``care`` with set-based SQL.

Two ways in, one definition (:data:`SOURCES`):

* :func:`rebuild` ``(area_prefix)`` — every fact of the persons living in an area, rewritten with
  one ``DELETE`` and one ``INSERT … SELECT`` per source table. The bulk path: ``siklus synth``
  (after writing its history) and ``siklus indicators refresh --rebuild`` call it.
* :func:`follow_care` — connected in ``MonitoringConfig.ready`` to :mod:`siklus.care.changes`:
  once a care service's transaction commits, the persons it touched get their facts rewritten and
  each desa and year whose facts differ is marked dirty (:class:`~.models.DirtyMark`), so
  ``siklus indicators refresh --dirty`` recomputes only what changed.

Dates become integers ``yyyymmdd`` on the way in (see :mod:`.models`).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction
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
        # An ANC contact's value is 1 when the encounter holds a USG (K1 and K5 by a doctor need one).
        ("care_encounter r", "", {"facility_id": "r.facility_id", "kind": "'enc'", "code": "r.kind",
                                  "category": "r.place", "sequence": "r.sequence", "flag": "r.by_doctor",
                                  "value": "CASE WHEN r.kind = 'anc' THEN (CASE WHEN EXISTS (SELECT 1 FROM"
                                           " care_observation u WHERE u.encounter_id = r.id AND u.code = 'usg'"
                                           " AND u.voided_at IS NULL) THEN 1 ELSE 0 END) END",
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
        # A delivery's value is its team: 100 × doctors + 10 × midwives + nurses (compile.team_sql).
        ("care_pregnancy r", "AND r.ended_on IS NOT NULL",
         {"facility_id": "r.delivery_facility_id", "kind": "'deliv'", "code": "r.attendant",
          "category": "r.place_of_birth", "flag": "r.place_of_birth = 'fasyankes'",
          "value": " + ".join(f"{weight} * {_role_count('r.attendants', role)}"
                              for weight, role in ((100, "dokter"), (10, "bidan"), (1, "perawat"))),
          "day": ymd("r.ended_on")}),
        # A live birth belongs to the child; its category lists the essential care given (" imd … ").
        ("care_birth r", "AND r.child_id IS NOT NULL AND r.alive",
         {"person": "r.child_id", "kind": "'birth'", "code": "'lahir_hidup'", "value": "r.weight_g",
          "category": "' ' || CASE WHEN r.imd THEN 'imd ' ELSE '' END || CASE WHEN r.vitamin_k1 THEN 'vitamin_k1 '"
                      " ELSE '' END || CASE WHEN r.eye_ointment THEN 'salep_mata ' ELSE '' END",
          "flag": "r.imd AND r.vitamin_k1 AND r.eye_ointment", "day": ymd("r.born_on")}),
        ("care_tbcase r", "", {"kind": "'tb'", "code": "'terduga'", "category": "r.found_by",
                               "day": ymd("r.presumptive_on")}),
        # Examined; flag: the result carries a diagnosis (a clinical assessment, 'bukan TBC' included).
        ("care_tbcase r", "AND COALESCE(r.result_on, r.specimen_on) IS NOT NULL",
         {"kind": "'tb'", "code": "'diperiksa'", "category": "r.test", "flag": "r.diagnosis <> ''",
          "day": ymd("COALESCE(r.result_on, r.specimen_on)")}),
        ("care_tbcase r", "AND r.diagnosis <> '' AND r.diagnosis <> 'bukan_tbc' AND r.result_on IS NOT NULL",
         {"kind": "'tb'", "code": "'terdiagnosis'", "category": "r.diagnosis", "day": ymd("r.result_on")}),
        ("care_tbcase r", "AND r.treatment_started_on IS NOT NULL",
         {"kind": "'tb'", "code": "'diobati'", "category": "r.regimen", "facility_id": "r.treatment_facility_id",
          "day": ymd("r.treatment_started_on")}),
    ]


def _role_count(column: str, role: str) -> str:
    """SQL: how often ``role`` is in a JSON list of roles (at most 9), on SQLite and PostgreSQL."""
    text, token = f"COALESCE(CAST({column} AS TEXT), '')", f"'\"{role}\"'"
    count = f"((LENGTH({text}) - LENGTH(REPLACE({text}, {token}, ''))) / LENGTH({token}))"
    return f"(CASE WHEN {count} > 9 THEN 9 ELSE {count} END)"


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
    written = _write("(p.area_code = %s OR p.area_code LIKE %s)", [area_prefix, like],
                     "(desa_code = %s OR desa_code LIKE %s)", [area_prefix, like])
    if connection.vendor == "postgresql":
        # Fresh statistics for the planner: without them, after a bulk load it took the table for
        # empty and ran SPM 8/9's per-person month count as a scan per person (34 s for 20,000
        # persons instead of 46 ms).
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Fact._meta.db_table}")
    return written


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

_SIGNATURE = ("source_id", "kind", "code", "category", "sequence", "flag", "value", "day", "until", "desa_code",
              "posyandu_id")


def persons_changed(person_ids: Iterable) -> None:
    """Care records of these persons changed (:mod:`siklus.care.changes`, after the commit):
    rewrite their facts and mark dirty each desa and year whose facts differ."""
    ids = set(person_ids)
    if not ids:
        return
    with transaction.atomic():
        rows = Fact.objects.filter(person_id__in=ids)
        before = set(rows.values_list(*_SIGNATURE))
        rebuild_persons(ids)
        after = set(rows.values_list(*_SIGNATURE))
        touched: dict[str, set[int]] = {}
        for row in before ^ after:
            touched.setdefault(row[9], set()).add(row[7] // 10000)
        for desa_code, years in touched.items():
            mark_dirty(desa_code, years)


def follow_care() -> None:
    from siklus.care import changes

    changes.subscribe(persons_changed)
