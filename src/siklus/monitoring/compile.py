"""Indicators compiled to set-based SQL over the fact table and the person registry.

Every count of the catalogue becomes one SQL statement that returns, per desa and Posyandu, how
many persons (or facilities) it counts — never a loop over people. Ages are completed months or
years from the integer dates of the fact table (``day`` and ``birth`` as yyyymmdd), so SQLite and
PostgreSQL give the same answer. :func:`person_rows` gives the persons themselves (drill-down,
oracle tests); :func:`counts` the figures per (desa, Posyandu).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection

from siklus.areas.models import Area
from siklus.facilities.models import Facility
from siklus.monitoring import catalogue as cat
from siklus.monitoring.facts import ymd
from siklus.monitoring.models import Fact
from siklus.rules import config
from siklus.rules.lifecycle import age_on, date_at_age

FACT = Fact._meta.db_table


def age_months(alias: str = "f") -> str:
    """SQL: completed calendar months at the fact (the month-day has come round)."""
    a = alias
    return (f"(({a}.day / 10000 - {a}.birth / 10000) * 12 + ({a}.day / 100 %% 100 - {a}.birth / 100 %% 100)"
            f" - CASE WHEN {a}.day %% 100 < {a}.birth %% 100 THEN 1 ELSE 0 END)")


AGE_MONTHS = age_months("f")
AGE_YEARS = "((f.day - f.birth) / 10000)"


def day_number(expr: str) -> str:
    """SQL: a yyyymmdd integer as a day number, so that differences are days (gestational age,
    days after birth) — the one date computation the integer columns cannot do by arithmetic."""
    if connection.vendor == "postgresql":
        return f"(TO_DATE(CAST(({expr}) AS TEXT), 'YYYYMMDD') - DATE '2000-01-01')"
    return (f"CAST(julianday(printf('%%04d-%%02d-%%02d', ({expr}) / 10000, ({expr}) / 100 %% 100, ({expr}) %% 100))"
            f" AS INTEGER)")


def month_index(expr: str) -> str:
    """SQL: a yyyymm integer as a count of months (differences are calendar months)."""
    return f"(({expr}) / 100 * 12 + ({expr}) %% 100)"


def _int(day: date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def born_by(on: date, months: int) -> int:
    """The latest birth (yyyymmdd) of a person at least ``months`` completed months old on ``on``
    by :func:`siklus.rules.lifecycle.age_on` (a month completes on the month's last day when it
    has no such day): ``age_on(birth, on).months >= months`` is ``birth <= born_by(on, months)``."""
    def old_enough(birth: date) -> bool:
        return birth <= on and age_on(birth, on).months >= months

    birth = date_at_age(on, months=-months)
    while old_enough(birth + timedelta(days=1)):
        birth += timedelta(days=1)
    while not old_enough(birth):
        birth -= timedelta(days=1)
    return _int(birth)


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
    if len(area) >= 13 and column.endswith("desa_code"):
        # A fact's desa_code is always a desa's code: equality lets PostgreSQL use the fact table's
        # (desa_code, kind, day) index, where "= OR LIKE" scanned all of it (103 s instead of a few
        # for one desa's refresh on a million persons).
        params.append(area[:13])
        return f"{column} = %s"
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
        where.append(team_sql("f.value", _teams(window.year)))
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


# A delivery fact's value holds its team as 100 × doctors + 10 × midwives + nurses (facts.py).
TEAM_ROLES = {"dokter": "CAST({v} AS INTEGER) / 100", "bidan": "CAST({v} AS INTEGER) / 10 %% 10",
              "perawat": "CAST({v} AS INTEGER) %% 10"}


def team_sql(value: str, teams) -> str:
    """SQL: the delivery team counted in ``value`` includes one of ``teams`` (each a multiset of
    roles), as :func:`siklus.rules.spm.ibu_bersalin` asks."""
    options = []
    for team in teams:
        need: dict[str, int] = {}
        for role in team:
            if role not in TEAM_ROLES:
                raise ValueError(f"delivery team role {role!r} is not recorded in the fact table")
            need[role] = need.get(role, 0) + 1
        options.append("(" + " AND ".join(f"{TEAM_ROLES[r].format(v=value)} >= {n}" for r, n in need.items()) + ")")
    return f"({value} IS NOT NULL AND ({' OR '.join(options) or '1 = 0'}))"


def _persons_sql(spec: cat.Persons, window: Window, area: str | None, params: list, per_month: bool = False) -> str:
    """(person_id, desa_code, posyandu_id, day): the fact that makes the person count; with
    ``per_month`` once per person and month of the window (non-cumulative months in one query)."""
    where = _fact_filter(spec, window, area, params)
    if spec.min_count == 1:
        # The first fact: a grouped MIN, which PostgreSQL hashes, where a window function sorted
        # every fact of the kind. A person's facts all carry their desa and Posyandu.
        month = ", f.month" if per_month else ""
        return (f"SELECT f.person_id, f.desa_code, f.posyandu_id, MIN(f.day) AS day FROM {FACT} f WHERE {where}"
                f" GROUP BY f.person_id, f.desa_code, f.posyandu_id{month}")
    params.append(spec.min_count)
    by = "f.person_id, f.month" if per_month else "f.person_id"
    return (f"SELECT person_id, desa_code, posyandu_id, day FROM (SELECT f.person_id, f.desa_code, f.posyandu_id,"
            f" f.day, ROW_NUMBER() OVER (PARTITION BY {by} ORDER BY f.day, f.id) AS n FROM {FACT} f"
            f" WHERE {where}) x WHERE n = %s")


def _latest_sql(spec: cat.Latest, window: Window, area: str | None, params: list, per_month: bool = False) -> str:
    where = _fact_filter(spec.base, window, area, params)
    by = "f.person_id, f.month" if per_month else "f.person_id"
    sql = (f"SELECT person_id, desa_code, posyandu_id, day FROM (SELECT f.person_id, f.desa_code, f.posyandu_id,"
           f" f.day, f.category, ROW_NUMBER() OVER (PARTITION BY {by} ORDER BY f.day DESC, f.id DESC) AS n"
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
    # NOT EXISTS, not NOT IN: PostgreSQL plans it as an anti-join, where NOT IN falls back to a
    # scan of the subquery per row once its hash would not fit in work_mem.
    return (f"SELECT h.* FROM ({has}) h WHERE NOT EXISTS (SELECT 1 FROM ({lacks}) l"
            f" WHERE l.person_id = h.person_id)")


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


# ----------------------------------------------------------------------------------- ANC (K1, K4, K6, SPM 1)


def _trimester_ends(area: str | None) -> tuple[int, int]:
    """The last gestational day of TM1 and TM2 (days since HPHT) under the area's settings."""
    from siklus.rules import pregnancy

    with config.for_area(area):
        tm1, tm2, _tm3 = pregnancy.trimester_windows(date(2001, 1, 1))
    assert tm1.end is not None and tm2.end is not None
    return (tm1.end - tm1.start).days, (tm2.end - tm1.start).days


def _anc_contacts_sql(area: str | None, params: list) -> str:
    """(preg, person_id, desa_code, posyandu_id, day, contact, tm, doctor, usg) of every ANC contact
    of a pregnancy: its ``anc`` encounters from the HPHT to its end (or HPL), in the trimester of
    their gestational age (:func:`siklus.rules.pregnancy.trimester`)."""
    last1, last2 = _trimester_ends(area)
    ga = f"({day_number('a.day')} - {day_number('g.day')})"
    where = _area("g.desa_code", area, params)
    return (f"SELECT g.source_id AS preg, g.person_id, g.desa_code, g.posyandu_id, a.day, a.source_id AS contact,"
            f" CASE WHEN {ga} <= {last1} THEN 1 WHEN {ga} <= {last2} THEN 2 ELSE 3 END AS tm,"
            f" a.flag AS doctor, COALESCE(a.value, 0) AS usg FROM {FACT} g JOIN {FACT} a ON a.person_id = g.person_id"
            # A person's facts all carry their desa: the equal desa lets one desa's contacts be read
            # by the (desa_code, kind, code, day) index instead of every ANC contact of the kabupaten.
            f" AND a.desa_code = g.desa_code"
            f" AND a.kind = 'enc' AND a.code = 'anc' AND a.day >= g.day AND a.day <= g.until"
            f" WHERE g.kind = 'preg' AND {where}")


def _anc_sql(spec: cat.Anc, window: Window, area: str | None, params: list) -> str:
    """Women whose pregnancy reached the measure in the window (one row each, dated by the
    earliest such pregnancy)."""
    contacts = _anc_contacts_sql(area, params)
    group = "preg, person_id, desa_code, posyandu_id"
    if spec.measure in ("k1", "k1_murni"):
        # Trimesters rise with the date: the first contact is in TM1 exactly when MIN(tm) = 1.
        per_pregnancy = f"SELECT {group}, MIN(day) AS day, MIN(tm) AS tm FROM ({contacts}) c GROUP BY {group}"
        murni = " AND tm = 1" if spec.measure == "k1_murni" else ""
    elif spec.measure == "pattern":
        from siklus.rules import pregnancy, spm

        version = spec.pattern or spm.edition_for(window.year).value.anc_pattern
        pat = pregnancy.ANC_PATTERNS.version(version).value
        doctor = "c.doctor" + (" AND c.usg = 1" if pat.doctor_requires_usg else "")
        frame = "OVER (PARTITION BY c.preg ORDER BY c.day, c.contact ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"
        running = ", ".join(
            f"SUM(CASE WHEN c.tm = {t} THEN 1 ELSE 0 END) {frame} AS c{t},"
            f" SUM(CASE WHEN c.tm = {t} AND {doctor} THEN 1 ELSE 0 END) {frame} AS d{t}" for t in (1, 2, 3))
        met = " AND ".join(f"c{t} >= {pat.per_trimester[t - 1]} AND d{t} >= {pat.doctor_per_trimester[t - 1]}"
                           for t in (1, 2, 3))
        # The contact completing the pattern (anc_status's completed_on) is the first that meets it.
        per_pregnancy = (f"SELECT {group}, MIN(day) AS day FROM (SELECT c.preg, c.person_id, c.desa_code,"
                         f" c.posyandu_id, c.day, {running} FROM ({contacts}) c) r WHERE {met} GROUP BY {group}")
        murni = ""
    else:
        raise ValueError(spec.measure)
    params.extend([window.start, window.end])
    return (f"SELECT person_id, desa_code, posyandu_id, MIN(day) AS day FROM ({per_pregnancy}) k"
            f" WHERE day BETWEEN %s AND %s{murni} GROUP BY person_id, desa_code, posyandu_id")


# ----------------------------------------------------------------------------------- growth (N, T, 2T, BGM)


def _kbm_sql(age: str, day: str, area: str | None) -> str:
    """SQL: the KBM in grams for a weighing at ``age`` on ``day`` (growth.kbm: the edition in force
    on the day, the step of the setting; the last step whose month the age reaches)."""
    from siklus.rules.anthropometry import growth

    def steps_case(setting: str) -> str:
        steps = config.get(setting, area)
        whens = " ".join(f"WHEN {age} >= {int(m)} THEN {int(g)}" for m, g in reversed(steps))
        return f"CASE {whens} ELSE {int(steps[0][1])} END"

    editions = growth.KBM.editions
    sql = steps_case(editions[0].value)
    for edition in editions[1:]:
        sql = f"CASE WHEN {day} >= {_int(edition.valid_from)} THEN {steps_case(edition.value)} ELSE {sql} END"
    return sql


def _judged_sql(area: str | None, params: list) -> str:
    """Every weighing of the area's persons judged as :func:`siklus.rules.anthropometry.growth.judge`
    does: against the last weighing of the latest earlier calendar month (a second weighing in a
    month is judged against the same one), N when the gain reaches the KBM for the age, T when not,
    O when that month is not the previous one (setting ``anthropometry.kbm_gap_rule``), B without
    one, none past 60 months; ``two_t`` when T follows a T of the month before.
    Columns: person_id, desa_code, posyandu_id, day, month, birth, category, code, two_t."""
    from siklus.rules.anthropometry import growth, settings

    basis = config.get(settings.KBM_AGE_BASIS.name, area)
    per_month = config.get(settings.KBM_GAP_RULE.name, area) == "kbm_per_month"

    def code(t: str) -> str:
        if basis == "calendar_column":
            age = f"(({t}.day / 10000 - {t}.birth / 10000) * 12 + ({t}.day / 100 %% 100 - {t}.birth / 100 %% 100))"
        else:
            age = age_months(t)
        since = f"({month_index(t + '.month')} - {month_index(t + '.pm')})"
        judged = (f"CASE WHEN ROUND(({t}.value - {t}.pv) * 1000) >= {_kbm_sql(age, t + '.day', area)} * {since}"
                  f" THEN 'N' ELSE 'T' END")
        return (f"CASE WHEN {age} < 0 OR {age} > {growth.KBM_LAST_MONTH} THEN NULL WHEN {t}.pm IS NULL THEN 'B'"
                f" WHEN {since} = 1{' OR 1 = 1' if per_month else ''} THEN {judged} ELSE 'O' END")

    where = _area("f.desa_code", area, params)
    weighings = (f"SELECT f.person_id, f.desa_code, f.posyandu_id, f.day, f.month, f.birth, f.value, f.category,"
                 f" f.source_id FROM {FACT} f WHERE f.kind = 'obs' AND f.code = 'weight' AND {where}")
    # Window functions only (a join of two derived tables had no index on SQLite): weighings in
    # (day, id) order keep a month together, so the row before a month's first row is the last
    # weighing of the previous weighed month, and every row of the month takes that one.
    series = "PARTITION BY w.person_id ORDER BY w.day, w.source_id"
    month = "PARTITION BY w.person_id, w.month ORDER BY w.day, w.source_id"
    before = (f"SELECT w.*, LAG(w.month) OVER ({series}) AS lm, LAG(w.value) OVER ({series}) AS lv"
              f" FROM ({weighings}) w")
    previous = (f"SELECT w.*, FIRST_VALUE(w.lm) OVER ({month}) AS pm, FIRST_VALUE(w.lv) OVER ({month}) AS pv"
                f" FROM ({before}) w")
    coded = f"SELECT w.*, {code('w')} AS code FROM ({previous}) w"
    code_before = f"SELECT w.*, LAG(w.code) OVER ({series}) AS lc FROM ({coded}) w"
    with_pcode = f"SELECT w.*, FIRST_VALUE(w.lc) OVER ({month}) AS pcode FROM ({code_before}) w"
    two_t = (f"CASE WHEN y.code = 'T' AND {month_index('y.month')} - {month_index('y.pm')} = 1 AND y.pcode = 'T'"
             f" THEN 1 ELSE 0 END")
    return (f"SELECT y.person_id, y.desa_code, y.posyandu_id, y.day, y.month, y.birth, y.category, y.code,"
            f" {two_t} AS two_t FROM ({with_pcode}) y")


GROWTH_OUTCOMES = {"N": "j.code = 'N'", "T": "j.code = 'T'", "2T": "j.two_t = 1",
                   # Below the red line: weight-for-age z < −3, the weight's stored classification.
                   "BGM": "j.category = 'severely_underweight'"}


def _growth_sql(spec: cat.Growth, window: Window, area: str | None, params: list, per_month: bool = False) -> str:
    judged = _judged_sql(area, params)
    params.extend([window.start, window.end])
    by = "j.person_id, j.month" if per_month else "j.person_id"
    return (f"SELECT person_id, desa_code, posyandu_id, day FROM (SELECT j.person_id, j.desa_code, j.posyandu_id,"
            f" j.day, ROW_NUMBER() OVER (PARTITION BY {by} ORDER BY j.day) AS n FROM ({judged}) j"
            f" WHERE j.day BETWEEN %s AND %s AND {age_months('j')} BETWEEN 0 AND 59"
            f" AND {GROWTH_OUTCOMES[spec.outcome]}) g WHERE n = 1")


def growth_months(years: list[int], area: str | None) -> dict[int, dict[str, dict]]:
    """Every outcome of :data:`GROWTH_OUTCOMES` for each year from one judging of the weighings:
    ``{year: {outcome: {"year": {(desa, posyandu): persons}, "months": {(desa, posyandu, month):
    persons}}}}``, the figures :func:`counts` gives a :class:`~.catalogue.Growth` count for the year
    window and, with ``by_month`` and ``per_month``, for each month (judging is the costly part; a
    refresh needs all four outcomes of every year)."""
    params: list = []
    judged = _judged_sql(area, params)
    params.extend([min(years) * 10000 + 101, max(years) * 10000 + 1231])
    names = list(GROWTH_OUTCOMES)
    flags = ", ".join(f"MAX(CASE WHEN {cond} THEN 1 ELSE 0 END) AS o{i}" for i, cond in enumerate(GROWTH_OUTCOMES.values()))
    sums = ", ".join(f"SUM(o{i})" for i in range(len(names)))
    anys = ", ".join(f"MAX(o{i}) AS o{i}" for i in range(len(names)))
    # A CTE used twice: PostgreSQL and SQLite materialise it, so the weighings are judged once.
    # Rows: (desa, posyandu, yyyymm, sums) per month, (desa, posyandu, yyyy00, sums) per year.
    sql = (f"WITH m AS (SELECT j.person_id, j.desa_code, j.posyandu_id, j.month, {flags} FROM ({judged}) j"
           f" WHERE j.day BETWEEN %s AND %s AND {age_months('j')} BETWEEN 0 AND 59"
           f" GROUP BY j.person_id, j.desa_code, j.posyandu_id, j.month)"
           f" SELECT desa_code, posyandu_id, month, {sums} FROM m GROUP BY desa_code, posyandu_id, month"
           f" UNION ALL SELECT desa_code, posyandu_id, year * 100, {sums} FROM (SELECT person_id, desa_code,"
           f" posyandu_id, month / 100 AS year, {anys} FROM m GROUP BY person_id, desa_code, posyandu_id, month / 100) y"
           f" GROUP BY desa_code, posyandu_id, year")
    out = {year: {name: {"year": defaultdict(int), "months": defaultdict(int)} for name in names} for year in years}
    for row in _fetch(sql, params):
        desa, posyandu, year, month = row[0], _posyandu(row[1]), row[2] // 100, row[2] % 100
        for name, n in zip(names, row[3:]):
            if n and year in out:
                if month == 0:
                    out[year][name]["year"][(desa, posyandu)] += n
                else:
                    out[year][name]["months"][(desa, posyandu, month)] += n
    return out


def latest_months(spec: cat.Persons, year: int, area: str | None) -> dict[int, list[tuple]]:
    """The persons with facts of ``spec`` in the year by the classification of their latest one:
    ``{month: [(desa, posyandu, category, persons)]}`` for months 1–12 (the latest fact of the
    month) and 0 (the latest of the year). Summed over the categories they are :func:`counts` of
    ``spec`` (``min_count`` 1) for the year and, with ``per_month``, each month; over some
    categories, of a :class:`~.catalogue.Latest` on ``spec``. One sort per set of facts for all."""
    params: list = []
    where = _fact_filter(spec, year_window(year), area, params)
    # The latest of the year is the latest of the person's last month.
    months = (f"SELECT person_id, desa_code, posyandu_id, month, category FROM (SELECT f.person_id, f.desa_code,"
              f" f.posyandu_id, f.month, f.category, ROW_NUMBER() OVER (PARTITION BY f.person_id, f.month"
              f" ORDER BY f.day DESC, f.id DESC) AS n FROM {FACT} f WHERE {where}) x WHERE n = 1")
    sql = (f"WITH m AS ({months}) SELECT month %% 100, desa_code, posyandu_id, category, COUNT(*) FROM m"
           f" GROUP BY month, desa_code, posyandu_id, category"
           f" UNION ALL SELECT 0, desa_code, posyandu_id, category, COUNT(*) FROM (SELECT desa_code, posyandu_id,"
           f" category, ROW_NUMBER() OVER (PARTITION BY person_id ORDER BY month DESC) AS n FROM m) y WHERE n = 1"
           f" GROUP BY desa_code, posyandu_id, category")
    out: dict[int, list[tuple]] = defaultdict(list)
    for month, desa, posyandu, category, n in _fetch(sql, params):
        out[month].append((desa, _posyandu(posyandu), category, n))
    return dict(out)


def without_months(spec: cat.Without, year: int, area: str | None) -> dict:
    """``{(desa, posyandu, has_month, lacks_month): persons}`` of a drop-out in the year: the month
    the person came to count for ``has`` and the month they came to count for ``lacks`` (13: not
    in the year). For a window from January to month m the person counts when has_month <= m <
    lacks_month — one query for every cumulative month instead of one per month."""
    params: list = []
    window = year_window(year)
    has = _persons_sql(spec.has, window, area, params)
    lacks = _persons_sql(spec.lacks, window, area, params)
    lacks_month = "COALESCE(l.day / 100 %% 100, 13)"
    sql = (f"SELECT h.desa_code, h.posyandu_id, h.day / 100 %% 100, {lacks_month}, COUNT(*) FROM ({has}) h"
           f" LEFT JOIN ({lacks}) l ON l.person_id = h.person_id"
           f" GROUP BY h.desa_code, h.posyandu_id, h.day / 100 %% 100, {lacks_month}")
    return {(row[0], _posyandu(row[1]), row[2], row[3]): row[4] for row in _fetch(sql, params)}


# ----------------------------------------------------------------------------------- SPM 1, 3–7, 10, 11


def _evidence(item: str, person: str, start: int, end: int) -> str:
    """SQL: a record showing the screening item (catalogue.SPM_ITEM_EVIDENCE) for ``person``
    dated in [start, end]."""
    return (f"EXISTS (SELECT 1 FROM {FACT} e WHERE e.person_id = {person} AND {_shows(item)}"
            f" AND e.day > {start - 1} AND e.day <= {end})")


def _shows(item: str) -> str:
    """SQL over e: the fact is a record showing the screening item."""
    if item not in cat.SPM_ITEM_EVIDENCE:
        raise ValueError(f"no record shows the SPM item {item!r} (catalogue.SPM_ITEM_EVIDENCE)")
    kinds = " OR ".join(f"(e.kind = '{kind}' AND e.code IN ({', '.join(repr(c) for c in codes)}))"
                        for kind, codes in cat.SPM_ITEM_EVIDENCE[item])
    return f"({kinds})"


def _served(sasaran: str, condition: str) -> str:
    return (f"SELECT s.person_id, s.desa_code, s.posyandu_id, s.day FROM ({sasaran}) s"
            f" JOIN people_person p ON p.id = s.person_id WHERE {condition}")


def _spm_sql(spec: cat.Spm, window: Window, area: str | None, params: list) -> str:
    from siklus.rules import spm

    year = window.year
    start, end = year * 10000 + 101, year * 10000 + 1231
    edition = spm.edition_for(year)
    birth = ymd("p.birth_date")
    service = spec.service
    if service == "ibu_hamil":
        return _anc_sql(cat.Anc("pattern"), year_window(year), area, params)
    if service == "bayi_baru_lahir":
        return _newborn_sql(year, area, params)
    if service == "odgj_berat":
        sasaran = _population_sql(cat.Population("odgj_berat"), year, area, params)
        kinds = ", ".join(repr(k) for k in config.get("monitoring.odgj_service_encounters", area))
        count = (f"(SELECT COUNT(*) FROM {FACT} e WHERE e.person_id = s.person_id AND e.kind = 'enc'"
                 f" AND e.code IN ({kinds}) AND e.day BETWEEN {start} AND {end})")
        return _served(sasaran, f"{count} >= {int(config.get('spm.odgj_min_services', area))}")
    if service == "terduga_tb":
        sasaran = _population_sql(cat.Population("terduga_tb"), year, area, params)
        tests = {"klinis": "(e.flag OR e.category = 'klinis')", "bakteriologis": "e.category IN ('tcm', 'bta')",
                 "radiologis": "e.category = 'rontgen'"}
        needed = []
        for item in config.get("spm.terduga_tb_examinations", area):
            if item not in tests:
                raise ValueError(f"TB examination {item!r} is not recorded")
            needed.append(f"EXISTS (SELECT 1 FROM {FACT} e WHERE e.person_id = s.person_id AND e.kind = 'tb'"
                          f" AND e.code = 'diperiksa' AND {tests[item]} AND e.day BETWEEN {start} AND {end})")
        return _served(sasaran, " AND ".join(needed) or "1 = 1")
    group, items = {
        "balita": ("balita", ""),
        "usia_pendidikan_dasar": ("usia_pendidikan_dasar", "spm.usia_pendidikan_dasar_items"),
        "usia_produktif": ("usia_produktif", "spm.usia_produktif_items"),
        "usia_lanjut": ("lansia", edition.value.usia_lanjut_items_setting),
    }[service]
    band = {"balita": {"months": (0, 59)}, "usia_pendidikan_dasar": {"years": (7, 15)},
            "usia_produktif": {"years": (15, 59)}, "lansia": {"years": (60, None)}}[group]
    sasaran = _population_sql(cat.Population(group, **band), year, area, params)  # type: ignore[arg-type]
    if service == "balita":
        return _balita_sql(sasaran, year, area, params, birth)
    need = [_evidence(item, "s.person_id", start, end) for item in config.get(items, area)]
    if service == "usia_produktif":
        low, high = config.get("spm.usia_produktif_women_ages", area)
        ref = date(year, *config.get("spm.age_reference", area))
        since = _int(date_at_age(date(year, 12, 31), months=-int(config.get("spm.cancer_screening_valid_months", area))))
        women = [_evidence(item, "s.person_id", since + 1, end)
                 for item in config.get("spm.usia_produktif_women_items", area)]
        if women:
            need.append(f"(NOT (p.sex = 'P' AND {birth} <= {born_by(ref, 12 * low)}"
                        f" AND {birth} > {born_by(ref, 12 * (high + 1))}) OR ({' AND '.join(women)}))")
    return _served(sasaran, " AND ".join(need) or "1 = 1")


def _balita_sql(sasaran: str, year: int, area: str | None, params: list, birth: str) -> str:
    """The balita of ``sasaran`` served by :func:`siklus.rules.spm.balita`: each one's records of the
    year counted in one grouped pass over the facts (per-balita subqueries looked each up by index,
    80,000 times six on a million persons)."""
    start, end = year * 10000 + 101, year * 10000 + 1231
    tallies = [f"SUM(CASE WHEN e.kind = 'obs' AND e.code = '{item}' THEN 1 ELSE 0 END) AS {name}"
               for item, name in (("weight", "weighings"), ("length_height", "measured"))]
    tallies.append(f"SUM(CASE WHEN {_shows('perkembangan')} THEN 1 ELSE 0 END) AS development")
    # Only the records it counts (the (kind, code, day) index reads just those, not every observation).
    read = {("obs", "weight"), ("obs", "length_height"), ("sup", "vitamin_a_biru"), ("sup", "vitamin_a_merah"),
            *((kind, code) for kind, codes in cat.SPM_ITEM_EVIDENCE["perkembangan"] for code in codes)}
    conditions = [f"COALESCE(a.weighings, 0) >= {int(config.get('spm.balita_min_weighings', area))}",
                  f"COALESCE(a.measured, 0) >= {int(config.get('spm.balita_min_length_height', area))}",
                  f"COALESCE(a.development, 0) >= {int(config.get('spm.balita_min_development', area))}"]
    for i, month in enumerate(config.get("spm.balita_vitamin_a_months", area)):
        first = date(year, month, 1)
        last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        tallies.append(f"MAX(CASE WHEN e.kind = 'sup' AND e.code IN ('vitamin_a_biru', 'vitamin_a_merah')"
                       f" AND e.day BETWEEN {_int(first)} AND {_int(last)} THEN 1 ELSE 0 END) AS capsule{i}")
        # A balita 6–59 months old on some day of the round month needs a capsule that month.
        eligible = f"{birth} <= {born_by(last, 6)} AND {birth} > {born_by(first, 60)}"
        conditions.append(f"(NOT ({eligible}) OR a.capsule{i} = 1)")
    in_area = _area("e.desa_code", area, params)
    kinds = " OR ".join(f"(e.kind = '{kind}' AND e.code IN ({', '.join(repr(c) for c in sorted(c for k, c in read if k == kind))}))"
                        for kind in sorted({k for k, _c in read}))
    records = (f"SELECT e.person_id, {', '.join(tallies)} FROM {FACT} e WHERE ({kinds})"
               f" AND e.day BETWEEN {start} AND {end} AND {in_area} GROUP BY e.person_id")
    complete = _complete_sql(cat.Complete("idl"), Window(10101, end), area, params)
    conditions.append(f"({birth} > {born_by(date(year, 12, 31), 12)} OR c.person_id IS NOT NULL)")
    return (f"SELECT s.person_id, s.desa_code, s.posyandu_id, s.day FROM ({sasaran}) s"
            f" JOIN people_person p ON p.id = s.person_id LEFT JOIN ({records}) a ON a.person_id = s.person_id"
            f" LEFT JOIN ({complete}) c ON c.person_id = s.person_id WHERE {' AND '.join(conditions)}")


def _kn_days(area: str | None) -> list[tuple[int, int]]:
    """The days after birth (first, last) on which a visit date falls in each KN window
    (pregnancy.kn_windows, a bare birth date as 00:00); the windows must not share a day."""
    from datetime import datetime, time

    from siklus.rules import pregnancy

    born = date(2001, 1, 1)
    with config.for_area(area):
        windows = pregnancy.kn_windows(born)
    spans = []
    for w in windows:
        days = [k for k in range(0, 400)
                if w.start < datetime.combine(born + timedelta(days=k + 1), time())
                and datetime.combine(born + timedelta(days=k), time()) < w.end]
        spans.append((days[0], days[-1]))
    for (_a, b), (c, _d) in zip(spans, spans[1:]):
        if c <= b:
            raise ValueError("KN windows sharing a day need the rules' matching, not a day range")
    return spans


def _newborn_sql(year: int, area: str | None, params: list) -> str:
    """SPM 3 (spm.bayi_baru_lahir): live births of the year with the essential care items and a
    KN visit in each KN window (and SHK under 6/2024 when the setting asks for it)."""
    from siklus.rules import spm

    start, end = year * 10000 + 101, year * 10000 + 1231
    need = []
    for item in config.get("spm.bbl_essential_care", area):
        if item == "hb0":
            need.append(f"EXISTS (SELECT 1 FROM {FACT} e WHERE e.person_id = b.person_id AND e.kind = 'imm'"
                        f" AND e.code = 'HB0')")
        elif item in ("imd", "vitamin_k1", "salep_mata"):
            need.append(f"b.category LIKE '%% {item} %%'")
        else:
            raise ValueError(f"essential newborn care item {item!r} is not recorded")
    after = f"{day_number('e.day')} - {day_number('b.day')}"
    for first, last in _kn_days(area):
        need.append(f"EXISTS (SELECT 1 FROM {FACT} e WHERE e.person_id = b.person_id AND e.kind = 'enc'"
                    f" AND e.code = 'kn' AND e.day >= b.day AND {after} BETWEEN {first} AND {last})")
    shk = spm.edition_for(year).value.bbl_requires_shk_setting
    if shk and config.get(shk, area):  # no care record holds SHK yet: nobody meets it
        need.append("1 = 0")
    where = _area("b.desa_code", area, params)
    return (f"SELECT b.person_id, b.desa_code, b.posyandu_id, MIN(b.day) AS day FROM {FACT} b WHERE b.kind = 'birth'"
            f" AND b.day BETWEEN {start} AND {end} AND {where} AND {' AND '.join(need)}"
            f" GROUP BY b.person_id, b.desa_code, b.posyandu_id")


# Registered sasaran that come from events rather than ages (ILP.md §6.3, registered variant).
EVENT_SASARAN = {
    "ibu_hamil": cat.Persons("preg"),  # a pregnancy ongoing in the year
    "ibu_bersalin": cat.Persons("deliv"),
    "lahir_hidup": cat.Persons("birth"),
    "terduga_tb": cat.Persons("tb", ("terduga",)),
}
CONDITION_SASARAN = {"hipertensi", "diabetes"}


# Counts that can give every month of a window in one query, each person once per month.
PER_MONTH = (cat.Persons, cat.Latest, cat.Growth)


def person_sql(spec, window: Window, area: str | None, params: list, per_month: bool = False) -> str:
    """SQL selecting (person_id, desa_code, posyandu_id, day) of the persons a count counts; with
    ``per_month`` (a :data:`PER_MONTH` count) once per person and month of the window."""
    if per_month and not isinstance(spec, PER_MONTH):
        raise TypeError(f"{type(spec).__name__} has no per-month form")
    if isinstance(spec, cat.Persons):
        return _persons_sql(spec, window, area, params, per_month)
    if isinstance(spec, cat.Latest):
        return _latest_sql(spec, window, area, params, per_month)
    if isinstance(spec, cat.Growth):
        return _growth_sql(spec, window, area, params, per_month)
    if isinstance(spec, cat.Anc):
        return _anc_sql(spec, window, area, params)
    if isinstance(spec, cat.Spm):
        return _spm_sql(spec, window, area, params)
    if isinstance(spec, cat.Complete):
        return _complete_sql(spec, window, area, params)
    if isinstance(spec, cat.Without):
        return _without_sql(spec, window, area, params)
    if isinstance(spec, cat.Chronic):
        return _chronic_sql(spec, window, area, params)
    if isinstance(spec, cat.Population):
        return _population_sql(spec, window.year, area, params)
    if isinstance(spec, cat.Facilities):
        return _facilities_sql(spec, area, params)
    raise TypeError(f"{type(spec).__name__} counts no persons")


def _population_sql(spec: cat.Population, year: int, area: str | None, params: list) -> str:
    window = year_window(year)
    if spec.group in EVENT_SASARAN:
        return _persons_sql(EVENT_SASARAN[spec.group], window, area, params)
    if spec.group in CONDITION_SASARAN:
        inner = _persons_sql(cat.Persons("cond", (spec.group,), age_years=(15, None)), window, area, params)
        return (f"SELECT x.* FROM ({inner}) x JOIN people_person p ON p.id = x.person_id WHERE {_present(year)}")
    if spec.group == "odgj_berat":
        prefixes = config.get("monitoring.odgj_berat_icd10", area)
        codes = " OR ".join(["f.code = %s OR f.code LIKE %s"] * len(prefixes)) or "1 = 0"
        for prefix in prefixes:
            params.extend([prefix, prefix + "%"])
        params.extend([window.end, window.start])
        in_area = _area("f.desa_code", area, params)
        return (f"SELECT x.* FROM (SELECT f.person_id, f.desa_code, f.posyandu_id, MIN(f.day) AS day FROM {FACT} f"
                f" WHERE f.kind = 'cond' AND ({codes}) AND f.day <= %s AND f.until >= %s AND {in_area}"
                f" GROUP BY f.person_id, f.desa_code, f.posyandu_id) x JOIN people_person p ON p.id = x.person_id"
                f" WHERE {_present(year)}")
    ref = reference_day(year)
    where = [_registered_on(ref, area, params)]
    months, years = _ages_on(ref)
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
            f" FROM {REGISTRY} WHERE {' AND '.join(where)}")


REGISTRY = "people_person p JOIN people_household h ON h.id = p.household_id"
AREA_TABLE = Area._meta.db_table
FACILITY_TABLE = Facility._meta.db_table
WILAYAH_TABLE = Facility.served_areas.through._meta.db_table  # a Puskesmas's desa


def _facilities_sql(spec: cat.Facilities, area: str | None, params: list) -> str:
    """(id, desa_code, posyandu_id, day) of the desa, or of the active facilities of a kind, in the
    area as they are now (ILP roll-out): a facility counts in the desa of its area code, a Posyandu
    also as itself."""
    if spec.kind == "desa":
        params.append("desa")
        where = _area("a.code", area, params)
        return (f"SELECT a.code AS person_id, a.code AS desa_code, CAST(NULL AS TEXT) AS posyandu_id, 0 AS day"
                f" FROM {AREA_TABLE} a WHERE a.level = %s AND {where}")
    where = ["f.voided_at IS NULL", "f.kind = %s", "f.active = %s"]
    params.extend([spec.kind, True])
    if spec.ilp is not None:
        where.append("f.ilp_active = %s")
        params.append(spec.ilp)
    where.append(_area("f.area_code", area, params))
    posyandu = "f.id" if spec.kind == "posyandu" else "CAST(NULL AS TEXT)"
    return (f"SELECT f.id AS person_id, SUBSTR(f.area_code, 1, 13) AS desa_code, {posyandu} AS posyandu_id,"
            f" 0 AS day FROM {FACILITY_TABLE} f WHERE {' AND '.join(where)}")


@dataclass
class FacilityUnits:
    """The facility levels of the values: active Pustu ``(id, desa)`` (a Pustu shows its desa's
    figures); Puskesmas ``{id: (desa, [desa of its wilayah])}`` (the sum of those desa); the desa of
    every Posyandu ``{id: desa}``."""

    pustu: list[tuple[str, str]]
    puskesmas: dict[str, tuple[str, list[str]]]
    posyandu: dict[str, str]


def facility_units(area: str | None = None) -> FacilityUnits:
    """:class:`FacilityUnits` of the Pustu in ``area``, the Puskesmas serving some of it, and every Posyandu."""
    area = area[:13] if area and len(area) > 13 else area
    params: list = [True]
    where = _area("f.area_code", area, params)
    pustu = [(str(_posyandu(pk)), code[:13]) for pk, code in _fetch(
        f"SELECT f.id, f.area_code FROM {FACILITY_TABLE} f WHERE f.voided_at IS NULL AND f.kind = 'pustu'"
        f" AND f.active = %s AND {where}", params)]
    params = []
    served = _area("t.area_id", area, params)
    puskesmas: dict[str, tuple[str, list[str]]] = {}
    for pk, code, desa in _fetch(
            f"SELECT f.id, f.area_code, t.area_id FROM {FACILITY_TABLE} f JOIN {WILAYAH_TABLE} t ON t.facility_id = f.id"
            f" WHERE f.voided_at IS NULL AND f.kind = 'puskesmas' AND {served}", params):
        puskesmas.setdefault(str(_posyandu(pk)), (code[:13], []))[1].append(desa)
    posyandu = {str(_posyandu(pk)): code[:13] for pk, code in _fetch(
        f"SELECT f.id, f.area_code FROM {FACILITY_TABLE} f WHERE f.kind = 'posyandu'", [])}
    return FacilityUnits(pustu, puskesmas, posyandu)


def _registered_on(ref: int | str, area: str | None, params: list) -> str:
    """SQL over p: a resident of the area on the day ``ref`` (yyyymmdd, or SQL giving it: born,
    alive, not moved out)."""
    birth = ymd("p.birth_date")
    return " AND ".join([f"p.voided_at IS NULL AND {birth} <= {ref}",
                         f"(p.died_on IS NULL OR {ymd('p.died_on')} >= {ref})",
                         f"(p.moved_out_on IS NULL OR {ymd('p.moved_out_on')} >= {ref})",
                         _area("p.area_code", area, params)])


def _ages_on(ref: int | str) -> tuple[str, str]:
    """SQL over p: completed months and completed years on the day ``ref`` (yyyymmdd, or SQL giving it)."""
    birth = ymd("p.birth_date")
    months = (f"(({ref} / 10000 - {birth} / 10000) * 12 + ({ref} / 100 %% 100 - {birth} / 100 %% 100)"
              f" - CASE WHEN {ref} %% 100 < {birth} %% 100 THEN 1 ELSE 0 END)")
    return months, f"(({ref} - {birth}) / 10000)"


def grouped_population(spec: cat.Population) -> bool:
    """Whether :func:`population_from_groups` gives this sasaran (age bands from the registry, months
    only below 60)."""
    return (spec.group not in EVENT_SASARAN and spec.group not in CONDITION_SASARAN and spec.group != "odgj_berat"
            and (spec.months is None or spec.months[1] < 60))


def population_groups(years: list[int], area: str | None) -> dict[int, dict]:
    """The registered residents of each year's reference day in one pass over the registry:
    ``{year: {(desa, posyandu, sex, has_jkn, months, years): persons}}`` with months capped at 60,
    from which every age-band sasaran is a sum (:func:`population_from_groups`) instead of one scan
    of the registry each."""
    params: list = []
    where = _registered_on("r.ref", area, params)
    months, ages = _ages_on("r.ref")
    keys = (f"r.y, SUBSTR(p.area_code, 1, 13), h.posyandu_id, p.sex, CASE WHEN p.jkn_number <> '' THEN 1 ELSE 0 END,"
            f" CASE WHEN {months} < 60 THEN {months} ELSE 60 END, {ages}")
    references = " UNION ALL ".join(f"SELECT {int(year)} AS y, {reference_day(year)} AS ref" for year in years)
    sql = f"SELECT {keys}, COUNT(*) FROM {REGISTRY} JOIN ({references}) r ON {where} GROUP BY {keys}"
    out: dict[int, dict] = {year: {} for year in years}
    for row in _fetch(sql, params):
        out[row[0]][(row[1], _posyandu(row[2]), *row[3:7])] = row[7]
    return out


def population_from_groups(spec: cat.Population, groups: dict) -> dict:
    """``{(desa, posyandu): persons}`` of an age-band sasaran (:func:`grouped_population`), the
    figure :func:`counts` gives it, from :func:`population_groups`."""
    out: dict = defaultdict(int)
    for (desa, posyandu, sex, jkn, months, years), n in groups.items():
        if spec.months and not spec.months[0] <= months <= spec.months[1]:
            continue
        if spec.years and (years < spec.years[0] or (spec.years[1] is not None and years > spec.years[1])):
            continue
        if (spec.sex and sex != spec.sex) or (spec.jkn and not jkn):
            continue
        out[(desa, posyandu)] += n
    return out


@functools.lru_cache(maxsize=65_536)
def _posyandu(value):
    """A Posyandu id of a count row as the model's UUID: the same few thousand ids come back in
    hundreds of thousands of rows (as text from DuckDB and Spark)."""
    return _POSYANDU_FIELD.to_python(value) if value is not None else None


_POSYANDU_FIELD = Fact._meta.get_field("posyandu_id")


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def person_rows(spec, window: Window, area: str | None = None) -> list[tuple]:
    params: list = []
    sql = person_sql(spec, window, area, params)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


Key = tuple[str, object]  # (desa_code, posyandu_id or None)


def counts(spec, window: Window, area: str | None = None, *, by_month: bool = False, per_month: bool = False) -> dict:
    """{(desa, posyandu[, month]): count} of a person or facility count in a window. ``by_month``
    buckets persons by the month of their qualifying fact (for cumulative indicators); with
    ``per_month`` too, a person counts in every month they qualify in (non-cumulative months)."""
    params: list = []
    inner = person_sql(spec, window, area, params, per_month)
    month = ", day / 100 %% 100" if by_month else ""
    sql = f"SELECT desa_code, posyandu_id{month}, COUNT(*) FROM ({inner}) q GROUP BY desa_code, posyandu_id{month}"
    out: dict = defaultdict(int)
    for row in _fetch(sql, params):
        out[(row[0], _posyandu(row[1]), *row[2:-1])] += row[-1]
    return out
