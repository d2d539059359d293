"""Indicators compiled to set-based SQL over the fact table and the person registry.

Every count of the catalogue becomes one SQL statement that returns, per desa and Posyandu, how
many persons (or facilities) it counts — never a loop over people. Ages are completed months or
years from the integer dates of the fact table (``day`` and ``birth`` as yyyymmdd), so SQLite and
PostgreSQL give the same answer. :func:`person_rows` gives the persons themselves (drill-down,
oracle tests); :func:`counts` the figures per (desa, Posyandu).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db import connection

from siklus.monitoring import catalogue as cat
from siklus.monitoring.facts import ymd
from siklus.monitoring.models import Fact
from siklus.rules import config

FACT = Fact._meta.db_table
AGE_MONTHS = ("((f.day / 10000 - f.birth / 10000) * 12 + (f.day / 100 %% 100 - f.birth / 100 %% 100)"
              " - CASE WHEN f.day %% 100 < f.birth %% 100 THEN 1 ELSE 0 END)")
AGE_YEARS = "((f.day - f.birth) / 10000)"


@dataclass(frozen=True)
class Window:
    start: int  # yyyymmdd, inclusive
    end: int

    @property
    def year(self) -> int:
        return self.end // 10000


def year_window(year: int) -> Window:
    return Window(year * 10000 + 101, year * 10000 + 1231)


def month_window(year: int, month: int, cumulative: bool) -> Window:
    start = year * 10000 + (101 if cumulative else month * 100 + 1)
    return Window(start, year * 10000 + month * 100 + 31)


def reference_day(year: int) -> int:
    month, day = config.get("spm.age_reference")
    return year * 10000 + month * 100 + day


def _in(column: str, values, params: list) -> str:
    params.extend(values)
    return f"{column} IN ({', '.join(['%s'] * len(values))})"


def _area(column: str, area: str | None, params: list) -> str:
    if not area:
        return "1 = 1"
    params.extend([area, area + ".%"])
    return f"({column} = %s OR {column} LIKE %s)"


def _fact_filter(spec: cat.Persons, window: Window, area: str | None, params: list) -> str:
    where = ["f.kind = %s"]
    params.append(spec.kind)
    if spec.codes:
        where.append(_in("f.code", spec.codes, params))
    if spec.categories:
        where.append(_in("f.category", spec.categories, params))
    if spec.min_sequence is not None:
        where.append("f.sequence >= %s")
        params.append(spec.min_sequence)
    if spec.flag is not None:
        where.append("f.flag = %s")
        params.append(spec.flag)
    if spec.sex:
        where.append("f.sex = %s")
        params.append(spec.sex)
    if spec.spm_team:
        solo = sorted({team[0] for team in _teams(window.year) if len(team) == 1}) or ["-"]
        where.append(_in("f.code", solo, params))
    for expr, band in ((AGE_MONTHS, spec.age_months), (AGE_YEARS, spec.age_years)):
        if band:
            where.append(f"{expr} >= %s")
            params.append(band[0])
            if band[1] is not None:
                where.append(f"{expr} <= %s")
                params.append(band[1])
    # Interval facts (a pregnancy) count when they overlap the window.
    where.append("f.day <= %s AND f.until >= %s")
    params.extend([window.end, window.start])
    where.append(_area("f.desa_code", area, params))
    return " AND ".join(where)


def _teams(year: int):
    from siklus.rules import spm

    return config.get(spm.edition_for(year).value.delivery_teams_setting)


def _persons_sql(spec: cat.Persons, window: Window, area: str | None, params: list) -> str:
    """(person_id, desa_code, posyandu_id, day): the fact that makes the person count."""
    where = _fact_filter(spec, window, area, params)
    params.append(spec.min_count)
    return (f"SELECT person_id, desa_code, posyandu_id, day FROM (SELECT f.person_id, f.desa_code, f.posyandu_id,"
            f" f.day, ROW_NUMBER() OVER (PARTITION BY f.person_id ORDER BY f.day, f.id) AS n FROM {FACT} f"
            f" WHERE {where}) x WHERE n = %s")


def _latest_sql(spec: cat.Latest, window: Window, area: str | None, params: list) -> str:
    where = _fact_filter(spec.base, window, area, params)
    sql = (f"SELECT person_id, desa_code, posyandu_id, day FROM (SELECT f.person_id, f.desa_code, f.posyandu_id,"
           f" f.day, f.category, ROW_NUMBER() OVER (PARTITION BY f.person_id ORDER BY f.day DESC, f.id DESC) AS n"
           f" FROM {FACT} f WHERE {where}) x WHERE n = 1 AND ")
    return sql + _in("category", spec.categories, params)


def _complete_sql(spec: cat.Complete, window: Window, area: str | None, params: list) -> str:
    doses, deadline, _version = cat.basket(spec.basket, area)
    where = [_in("f.code", doses, params), f"{AGE_MONTHS} < %s"]
    params.append(deadline)
    where.append(_area("f.desa_code", area, params))
    params.extend([len(doses), window.start, window.end])
    return (f"SELECT person_id, desa_code, posyandu_id, MAX(first_day) AS day FROM (SELECT f.person_id, f.desa_code,"
            f" f.posyandu_id, f.code, MIN(f.day) AS first_day FROM {FACT} f WHERE f.kind = 'imm' AND "
            f"{' AND '.join(where)} GROUP BY f.person_id, f.desa_code, f.posyandu_id, f.code) x"
            f" GROUP BY person_id, desa_code, posyandu_id HAVING COUNT(*) = %s AND MAX(first_day) BETWEEN %s AND %s")


def _without_sql(spec: cat.Without, window: Window, area: str | None, params: list) -> str:
    has = _persons_sql(spec.has, window, area, params)
    lacks = _persons_sql(spec.lacks, window, area, params)
    return f"SELECT h.* FROM ({has}) h WHERE h.person_id NOT IN (SELECT person_id FROM ({lacks}) l)"


def _present(year: int) -> str:
    """SQL: the person lives in the area at some time of ``year`` (p = people_person)."""
    start = year * 10000 + 101
    return (f"(p.died_on IS NULL OR {ymd('p.died_on')} >= {start}) AND "
            f"(p.moved_out_on IS NULL OR {ymd('p.moved_out_on')} >= {start})")


def _chronic_sql(spec: cat.Chronic, window: Window, area: str | None, params: list) -> str:
    """SPM 8/9 (siklus.rules.spm._monthly with spm.chronic_min_months None): every month from the
    diagnosis month (or January) to December (or the month of death / moving out) measured."""
    year = window.year
    start, end = year * 10000 + 101, year * 10000 + 1231
    first = f"CASE WHEN c.day >= {start} THEN c.day / 100 %% 100 ELSE 1 END"
    stop = (f"MIN(CASE WHEN p.died_on IS NOT NULL AND {ymd('p.died_on')} <= {end} THEN {ymd('p.died_on')} / 100 %% 100"
            f" ELSE 12 END, CASE WHEN p.moved_out_on IS NOT NULL AND {ymd('p.moved_out_on')} <= {end}"
            f" THEN {ymd('p.moved_out_on')} / 100 %% 100 ELSE 12 END)")
    if connection.vendor == "postgresql":
        stop = stop.replace("MIN(", "LEAST(", 1)
    cond_params = [spec.condition, end, start]
    sub_params: list = []
    codes = _in("m.code", spec.codes, sub_params)
    minimum = config.get("spm.chronic_min_months")
    params.extend(cond_params)
    area_sql = _area("c.desa_code", area, params)
    params.extend(sub_params)
    params.extend([start, end])
    done = (f"(SELECT COUNT(DISTINCT m.month) FROM {FACT} m WHERE m.person_id = c.person_id AND m.kind = 'obs'"
            f" AND {codes} AND m.day BETWEEN %s AND %s"
            + ("" if minimum is not None else f" AND m.day / 100 %% 100 BETWEEN {first} AND {stop}") + ")")
    need = f"{stop} - {first} + 1" if minimum is None else str(int(minimum))
    return (f"SELECT c.person_id, c.desa_code, c.posyandu_id, {end} AS day FROM (SELECT person_id, desa_code,"
            f" posyandu_id, MIN(day) AS day FROM {FACT} WHERE kind = 'cond' AND code = %s AND day <= %s AND until >= %s"
            f" AND (day - birth) / 10000 >= 15"
            f" GROUP BY person_id, desa_code, posyandu_id) c JOIN people_person p ON p.id = c.person_id"
            f" WHERE {area_sql.replace('c.desa_code', 'c.desa_code')} AND {_present(year)} AND {done} >= {need}")


# Registered sasaran that come from events rather than ages (ILP.md §6.3, registered variant).
EVENT_SASARAN = {
    "ibu_hamil": cat.Persons("preg"),  # a pregnancy ongoing in the year
    "ibu_bersalin": cat.Persons("deliv"),
    "lahir_hidup": cat.Persons("birth"),
    "terduga_tb": cat.Persons("tb", ("terduga",)),
}
CONDITION_SASARAN = {"hipertensi", "diabetes"}


def person_sql(spec, window: Window, area: str | None, params: list) -> str:
    """SQL selecting (person_id, desa_code, posyandu_id, day) of the persons a count counts."""
    if isinstance(spec, cat.Persons):
        return _persons_sql(spec, window, area, params)
    if isinstance(spec, cat.Latest):
        return _latest_sql(spec, window, area, params)
    if isinstance(spec, cat.Complete):
        return _complete_sql(spec, window, area, params)
    if isinstance(spec, cat.Without):
        return _without_sql(spec, window, area, params)
    if isinstance(spec, cat.Chronic):
        return _chronic_sql(spec, window, area, params)
    if isinstance(spec, cat.Population):
        return _population_sql(spec, window.year, area, params)
    raise TypeError(f"{type(spec).__name__} counts no persons")


def _population_sql(spec: cat.Population, year: int, area: str | None, params: list) -> str:
    window = year_window(year)
    if spec.group in EVENT_SASARAN:
        return _persons_sql(EVENT_SASARAN[spec.group], window, area, params)
    if spec.group in CONDITION_SASARAN:
        inner = _persons_sql(cat.Persons("cond", (spec.group,), age_years=(15, None)), window, area, params)
        return (f"SELECT x.* FROM ({inner}) x JOIN people_person p ON p.id = x.person_id WHERE {_present(year)}")
    ref = reference_day(year)
    birth = ymd("p.birth_date")
    where = [f"p.voided_at IS NULL AND {birth} <= {ref}",
             f"(p.died_on IS NULL OR {ymd('p.died_on')} >= {ref})",
             f"(p.moved_out_on IS NULL OR {ymd('p.moved_out_on')} >= {ref})",
             _area("p.area_code", area, params)]
    months = (f"(({ref} / 10000 - {birth} / 10000) * 12 + ({ref} / 100 %% 100 - {birth} / 100 %% 100)"
              f" - CASE WHEN {ref} %% 100 < {birth} %% 100 THEN 1 ELSE 0 END)")
    years = f"(({ref} - {birth}) / 10000)"
    for expr, band in ((months, spec.months), (years, spec.years)):
        if band:
            where.append(f"{expr} >= {int(band[0])}")
            if band[1] is not None:
                where.append(f"{expr} <= {int(band[1])}")
    if spec.sex:
        where.append("p.sex = %s")
        params.append(spec.sex)
    if spec.jkn:
        where.append("p.jkn_number <> ''")
    return (f"SELECT p.id AS person_id, SUBSTR(p.area_code, 1, 13) AS desa_code, h.posyandu_id, {ref} AS day"
            f" FROM people_person p JOIN people_household h ON h.id = p.household_id WHERE {' AND '.join(where)}")


def person_rows(spec, window: Window, area: str | None = None) -> list[tuple]:
    params: list = []
    sql = person_sql(spec, window, area, params)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


Key = tuple[str, object]  # (desa_code, posyandu_id or None)


def counts(spec, window: Window, area: str | None = None, *, by_month: bool = False) -> dict:
    """{(desa, posyandu[, month]): count} of a person or facility count in a window. ``by_month``
    buckets persons by the month of their qualifying fact (for cumulative indicators)."""
    if isinstance(spec, cat.Facilities):
        return _facility_counts(spec, area)
    params: list = []
    inner = person_sql(spec, window, area, params)
    month = ", day / 100 %% 100" if by_month else ""
    sql = f"SELECT desa_code, posyandu_id{month}, COUNT(*) FROM ({inner}) q GROUP BY desa_code, posyandu_id{month}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    field = Fact._meta.get_field("posyandu_id")
    out: dict = defaultdict(int)
    for row in rows:
        posyandu = field.to_python(row[1]) if row[1] is not None else None
        out[(row[0], posyandu, *row[2:-1])] += row[-1]
    return out


def _facility_counts(spec: cat.Facilities, area: str | None) -> dict:
    from siklus.areas.models import Area, Level
    from siklus.facilities.models import Facility

    out: dict = defaultdict(int)
    if spec.kind == "desa":
        qs = Area.objects.filter(level=Level.DESA)
        if area:
            qs = qs.filter(code__within=area)
        for code in qs.values_list("code", flat=True):
            out[(code, None)] += 1
        return out
    qs = Facility.objects.active().filter(kind=spec.kind, active=True)
    if area:
        qs = qs.filter(area_code__within=area)
    if spec.ilp is not None:
        qs = qs.filter(ilp_active=spec.ilp)
    for code, pk in qs.values_list("area_code", "pk"):
        out[(code[:13], pk if spec.kind == "posyandu" else None)] += 1
    return out
