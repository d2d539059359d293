"""Indicators of a 1,000,000-person kabupaten with 12 months of history (issue #14, item 6 and
done-when 2): how long the monitoring computation takes, with DuckDB as the lower bound.

1. **Synth** (only when the database lacks the kabupaten, or with ``--build``): ``siklus synth
   --preset kotim --persons N --months 12 --as-of 2025-10-01``, which ends by building the fact
   table in bulk (``monitoring.facts.rebuild``); its phases are printed.
2. **Full recompute**: ``monitoring.refresh.refresh`` of every indicator, at every level
   (Posyandu, desa, Pustu, Puskesmas, kecamatan, kabupaten, provinsi) and every month and year of
   the history (2024 and 2025), stored. Printed: wall time, the part spent in the compiled count
   queries (``compile.counts``), rows stored, the slowest indicators.
3. **Incremental**: one Posyandu day — 60 of the Posyandu's people (balita, ibu hamil, adults,
   lansia) get an encounter and their measurements through the care services (which rewrite their
   facts and mark their desa dirty after each commit) — then ``refresh_dirty`` recomputes what
   the marks name.
4. **Dashboard p95**: the dashboard page (``/pemantauan/``) as a Dinkes user when the route
   exists, and ``monitoring.queries.values`` for a kabupaten dashboard's set (headline indicators
   per desa for the year and the month, each one's monthly line for the kabupaten).
5. **DuckDB lower bound**: the fact table and the person registry exported to Parquet, and the
   same compiled count queries (the very SQL of ``monitoring.compile``, through
   ``refresh._count`` as the full recompute runs them) executed by DuckDB over the Parquet files;
   the figures are checked equal to PostgreSQL's and the ratio printed.

The database is kept between runs: ``siklus_million`` on ``SIKLUS_TEST_POSTGRES`` (default
postgres://postgres@127.0.0.1:5432), or ``--database URL``. Each run adds one Posyandu day.

    .venv/bin/python benchmarks/indicators.py                   # build once, then measure
    .venv/bin/python benchmarks/indicators.py --persons 100000 --database postgres://…/siklus_100k
    .venv/bin/python benchmarks/indicators.py --build           # generate the kabupaten again

Prints figures; asserts nothing. The machine is shared: the load average and the CPU count are
printed with the figures, and wall times grow with the load.

History of the figures (all on this shared 2-core machine, PostgreSQL 15 with autovacuum off,
kotim at 1,000,000 persons, 12 months to 2025-10-01, about 6.6 million facts, ~957,700 values):

* First measurement, load average 5-14 (other work beside it): full recompute 641 s (count queries
  550 s in 420 calls), one desa's refresh after a Posyandu day 103 s, dashboard p95 152 ms, DuckDB
  over the same SQL 415 s (1.3 x). Then one desa's counts made to read only that desa (fact
  indexes by desa and by person): 601 s and 10.1 s. The cost was the shape of the SQL (window
  functions over every fact of a kind, one query per month for drop-out, one registry scan per
  sasaran, per-balita subqueries for SPM 4) and the storing (a model instance per value).

* Session 4 (load average 1.4-2.2 from this benchmark and little else): drop-out for every month of
  a year in one query; every age-band sasaran from one grouped pass over the registry for all the
  years; the weighings judged once for N, T, 2T and BGM of all the years; first facts by grouped
  MIN instead of ROW_NUMBER; SPM balita's records counted in one grouped pass; a year's values
  stored in one transaction through a text COPY, the levels above summed from the level below in
  four queries for all indicators; values without the two area_code indexes no read used; count
  queries on two connections at once (``SIKLUS_INDICATOR_CONNECTIONS``); VACUUM ANALYZE after a
  full recompute. Synth generated again (15.0 min at load 2.2: population 119 s, history 641 s,
  facts 135 s; the aim is 10 min):

    full recompute, 957,733 values, 2024 + 2025               75.8-80.6 s (aim 60 s); 74.3 s after
                                                               one query per set of facts for D and
                                                               the latest classifications
      of which count queries (two connections)                 ~53 s wall (81 s summed over both)
      storing (delete, COPY, levels above, finish)              ~16 s, VACUUM ANALYZE 1.5 s
    Posyandu day, 60 persons through the care services         8.9-10.4 s
      refresh of its one dirty desa (26,000 persons)            1.87-1.96 s (aim 2 s)
    dashboard: queries.values set p50 / p95                    91-102 / 110-144 ms
               GET /pemantauan/ p50 / p95                      94-136 / 137-168 ms
    Parquet export                                             22.6-26.9 s (facts 332 MB)
    DuckDB, the same count queries one after the other          22.6-23.9 s; identical results
    ratio PostgreSQL / DuckDB, count queries                    2.3 x (wall) - 3.6 x (summed)

* Session 5, on an idle machine (load average 0.8-1.9), the kabupaten generated again (synth ids
  made distinct per place): every year's count queries start at once on the extra connections, so
  storing 2024 overlaps 2025's counts; the PWS flat-is-down setting read once per indicator:

    synth, 1,000,000 persons and 12 months                    585 s = 9.7 min (aim 10 min): population
                                                               86 s, history 412 s, facts 81 s
    full recompute, 957,796 values, 2024 + 2025               43.2 s (aim 60 s); count queries 53.5 s
                                                               summed over two connections, 182 calls
    Posyandu day, 60 persons through the care services         6.3 s
      refresh of its one dirty desa                             0.91 s (aim 2 s)
    dashboard: queries.values set p50 / p95                    62 / 196 ms (aim 200 ms)
               GET /pemantauan/ p50 / p95                      60 / 65 ms
    Parquet export                                             15.4 s (facts 332 MB)
    DuckDB, the same 182 count queries one after the other      13.3 s; the whole computation storing
                                                               nothing 23.2 s
    ratio PostgreSQL / DuckDB                                   1.9 x (whole, PostgreSQL storing too) -
                                                               4.0 x (count queries summed)
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

SERVER = os.environ.get("SIKLUS_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432")
KABUPATEN = "62.02"
AS_OF = date(2025, 10, 1)
MONTHS = 12
DASHBOARD = ("k1", "k4", "kn1", "idl", "gizi_d_s", "gizi_stunting", "gizi_wasting", "vitamin_a", "ptm_skrining",
             "tb_terduga", "jkn", "ilp_pustu")
RUNS = 30


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (5 min {five:.1f}) on {os.cpu_count()} CPUs"


def percentile(times: list[float], p: float) -> float:
    ordered = sorted(times)
    return ordered[max(0, round(p * len(ordered)) - 1)]


def ensure_database(url: str) -> None:
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


# ----------------------------------------------------------------------------------------- synth


def synth(persons: int, build: bool) -> None:
    from siklus.synth import generator
    from siklus.synth.models import SynthRun

    run = SynthRun.objects.filter(kabupaten=KABUPATEN).first()
    if run is not None and not build and run.persons >= persons * 0.99 and run.months == MONTHS:
        print(f"Kabupaten {KABUPATEN}: {run.persons:,} persons, {run.months} months to {run.as_of} "
              f"(generated {run.created_at:%Y-%m-%d %H:%M}; --build to generate again)")
        return
    print(f"Generating {persons:,} persons with {MONTHS} months of history … ({load()})", flush=True)
    started = time.perf_counter()
    preset = generator.resolve(preset="kotim", persons=persons)
    result = generator.generate(preset=preset, seed=1, months=MONTHS, as_of=AS_OF, replace=True)
    seconds = time.perf_counter() - started
    s = result.seconds
    print(f"  synth: {seconds:.0f} s = {seconds / 60:.1f} min (population {s['population']:.0f} s, history "
          f"{s.get('history', 0):.0f} s = {sum(v for k, v in result.history.items() if k not in ('died', 'moved_out')):,}"
          f" rows, facts {s.get('facts', 0):.0f} s = {result.facts:,} rows)   [{load()}]", flush=True)


# ----------------------------------------------------------------------------------- full recompute


# The functions of monitoring.compile that run the count queries of a refresh.
COUNTING = ("counts", "population_groups", "growth_months", "without_months", "latest_months")


class CountLog:
    """Wraps the count queries of ``monitoring.compile`` (:data:`COUNTING`): time spent in them,
    and a checksum of every result (to compare DuckDB's answers with PostgreSQL's)."""

    def __init__(self, compile_module):
        self.module = compile_module
        self.originals = {name: getattr(compile_module, name) for name in COUNTING}
        self.seconds = 0.0
        self.calls = 0
        self.wall = 0.0  # the whole recompute, set by full_recompute
        self.sums: dict = {}

    def __enter__(self):
        def wrap(name, original):
            def counting(*args, **options):
                started = time.perf_counter()
                out = original(*args, **options)
                self.seconds += time.perf_counter() - started
                self.calls += 1
                self.sums[key_of(name, args, options)] = checksum(out)
                return out
            return counting

        for name, original in self.originals.items():
            setattr(self.module, name, wrap(name, original))
        return self

    def __exit__(self, *exc):
        for name, original in self.originals.items():
            setattr(self.module, name, original)


def key_of(name: str, args: tuple, options: dict) -> tuple:
    return name, repr(args), tuple(sorted(options.items()))


def checksum(counts: dict) -> tuple[int, int]:
    """(non-zero figures, their sum) over a result, nested or not."""
    leaves = []
    stack = [counts]
    while stack:
        for value in stack.pop().values():
            if isinstance(value, dict):
                stack.append(value)
            elif isinstance(value, list):  # rows ending in their count (latest_months)
                leaves.extend(row[-1] for row in value)
            else:
                leaves.append(value)
    return len([n for n in leaves if n]), int(sum(leaves))


def years() -> list[int]:
    first = date(AS_OF.year, AS_OF.month, 1) - timedelta(days=1)
    for _ in range(MONTHS - 1):
        first = first.replace(day=1) - timedelta(days=1)
    return list(range(first.year, AS_OF.year + 1))


def full_recompute(actor) -> CountLog:
    from siklus.monitoring import compile as sql
    from siklus.monitoring import refresh
    from siklus.monitoring.models import Fact

    facts = Fact.objects.filter(desa_code__startswith=KABUPATEN + ".").count()
    print(f"\n== Full recompute: every indicator, level, month and year {years()} over {facts:,} facts ==")
    print(f"   [{load()}]", flush=True)
    per: dict[str, float] = defaultdict(float)
    last = [time.perf_counter()]

    def tick(code: str) -> None:
        now = time.perf_counter()
        per[code] += now - last[0]
        last[0] = now

    cpu = time.process_time()
    with CountLog(sql) as log:
        started = last[0] = time.perf_counter()
        stored = refresh.refresh(actor, years(), progress=tick)
        seconds = log.wall = time.perf_counter() - started
    print(f"  {seconds:.1f} s wall (this process's CPU {time.process_time() - cpu:.1f} s), {stored:,} values stored; "
          f"count queries {log.seconds:.1f} s in {log.calls:,} calls   [{load()}]")
    slow = sorted(per.items(), key=lambda kv: -kv[1])[:8]
    print("  slowest: " + ", ".join(f"{code} {s:.1f} s" for code, s in slow))
    return log


# ----------------------------------------------------------------------------------- Posyandu day

WEIGHT = {0: 3.3, 3: 6.4, 6: 7.9, 12: 9.6, 24: 12.2, 36: 14.3, 48: 16.3, 60: 18.3}
LENGTH = {0: 49.9, 3: 61.4, 6: 67.6, 12: 75.7, 24: 87.1, 36: 96.1, 48: 103.3, 60: 110.0}


def _median(table: dict[int, float], month: int) -> float:
    below = max(m for m in table if m <= month)
    above = min((m for m in table if m >= month), default=below)
    if above == below:
        return table[below]
    return table[below] + (table[above] - table[below]) * (month - below) / (above - below)


def _day_people(day: date):
    """The busiest Posyandu of the kabupaten and 60 of its people who come on ``day``."""
    from django.db.models import Count, Q

    from siklus.care.models import Pregnancy
    from siklus.facilities.models import Facility
    from siklus.people.models import Household, Person

    busiest = (Household.objects.filter(area_code__startswith=KABUPATEN + ".", posyandu__isnull=False)
               .values("posyandu_id").annotate(n=Count("id")).order_by("-n", "posyandu_id").first())
    posyandu = Facility.objects.get(pk=busiest["posyandu_id"])
    here = Person.objects.filter(household__posyandu=posyandu, voided_at__isnull=True, died_on__isnull=True,
                                 moved_out_on__isnull=True, birth_date__lt=day).order_by("id")
    pregnant = set(Pregnancy.objects.filter(person__in=here, hpht__lte=day).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=day)).values_list("person_id", flat=True)[:6])
    balita = list(here.filter(birth_date__gt=day - timedelta(days=59 * 30.4))[:36])
    hamil = list(Person.objects.filter(pk__in=pregnant))
    adults = list(here.filter(birth_date__lte=day - timedelta(days=15 * 366)).exclude(pk__in=pregnant)
                  [: 60 - len(balita) - len(hamil)])
    return posyandu, [(p, "balita") for p in balita] + [(p, "hamil") for p in hamil] + [(p, "dewasa") for p in adults]


def _measure(care, actor, person, kind: str, day: date, encounter) -> None:
    from siklus.core.errors import Invalid

    months = (day.year - person.birth_date.year) * 12 + day.month - person.birth_date.month
    if kind == "balita":
        values = dict(weight_kg=round(_median(WEIGHT, months) * 0.95, 1), lenhei_cm=round(_median(LENGTH, months), 1),
                      measure="l" if months < 24 else "h", muac_cm=14.5 if months >= 6 else None)
    elif kind == "hamil":
        values = dict(weight_kg=58.0, muac_cm=24.5, sbp=112, dbp=74)
    else:
        values = dict(weight_kg=61.0, lenhei_cm=158.0, measure="h", waist_cm=84.0, sbp=128, dbp=82)
    data = care.MeasurementsInput(person=person, on=day, encounter=encounter, **values)
    try:
        care.record_measurements(actor, data)
    except Invalid as exc:  # surprising values: confirmed, as the kader does after a second look
        warnings = exc.extra.get("warnings") or []
        if not warnings:
            raise
        from dataclasses import replace

        care.record_measurements(actor, replace(data, confirm=tuple(w.code for w in warnings)))


def posyandu_day(actor) -> None:
    from siklus.care import services as care
    from siklus.monitoring import refresh
    from siklus.monitoring.models import DirtyMark

    day = AS_OF - timedelta(days=1)
    posyandu, people = _day_people(day)
    print(f"\n== Incremental: one Posyandu day ({posyandu.name}, desa {posyandu.area_code[:13]}, {day}) ==")
    DirtyMark.objects.all().delete()
    started = time.perf_counter()
    for person, kind in people:
        encounter = care.record_encounter(actor, care.EncounterInput(
            person=person, on=day, kind="posyandu", place="posyandu", facility=posyandu,
            klaster=2 if kind in ("balita", "hamil") else 3))
        _measure(care, actor, person, kind, day, encounter)
    recorded = time.perf_counter() - started
    kinds = {k: sum(1 for _, kk in people if kk == k) for k in ("balita", "hamil", "dewasa")}
    marks = list(DirtyMark.objects.values_list("desa_code", "year"))
    print(f"  recorded {len(people)} persons {kinds} through the care services (each save rewrites the "
          f"person's facts): {recorded:.2f} s; dirty marks {marks}")
    started = time.perf_counter()
    stored = refresh.refresh_dirty(actor)
    print(f"  refresh of the dirty marks: {time.perf_counter() - started:.2f} s, {stored:,} values stored   [{load()}]")


# ----------------------------------------------------------------------------------- dashboard


def dashboard(actor) -> None:
    from django.test import Client
    from django.urls import Resolver404, resolve

    from siklus.accounts.models import Role, User
    from siklus.monitoring import queries

    year = str(AS_OF.year)
    month = f"{AS_OF.year}-{AS_OF.month - 1:02d}"
    months = [f"{AS_OF.year}-{m:02d}" for m in range(1, AS_OF.month)]
    print(f"\n== Dashboard of the kabupaten ({len(DASHBOARD)} indicators; {RUNS} runs after 3 warm-ups) ==")

    def the_set():
        queries.values(actor, DASHBOARD, KABUPATEN, "desa", [year, month])  # the ranked desa tables
        queries.values(actor, DASHBOARD, KABUPATEN, "kabkota", [year, *months])  # the monthly lines
        queries.values(actor, DASHBOARD, KABUPATEN, "puskesmas", [year])  # the drill-down's first level

    def timed(call) -> list[float]:
        for _ in range(3):
            call()
        spent = []
        for _ in range(RUNS):
            started = time.perf_counter()
            call()
            spent.append((time.perf_counter() - started) * 1000)
        return spent

    spent = timed(the_set)
    print(f"  queries.values (desa tables + kabupaten lines + Puskesmas): p50 {statistics.median(spent):.0f} ms, "
          f"p95 {percentile(spent, 0.95):.0f} ms   [{load()}]")
    try:
        resolve("/pemantauan/")
    except Resolver404:
        print("  the dashboard page (/pemantauan/) does not exist yet: measured the queries only")
        return
    user = User.objects.filter(username="bench.dinkes").first()
    if user is None:
        user = User(username="bench.dinkes", role=Role.DINKES_KAB, area_id=KABUPATEN)
        user.set_unusable_password()
        user.save()
    client = Client()
    client.force_login(user)
    status = client.get("/pemantauan/").status_code
    if status != 200:
        print(f"  /pemantauan/ answered {status}: not measured")
        return
    spent = timed(lambda: client.get("/pemantauan/"))
    print(f"  GET /pemantauan/ as Dinkes: p50 {statistics.median(spent):.0f} ms, p95 {percentile(spent, 0.95):.0f} ms")


# ----------------------------------------------------------------------------------- DuckDB


TEXT_COLUMNS = {"id", "person_id", "posyandu_id", "facility_id", "source_id", "household_id", "desa_code", "kind",
                "code", "category", "sex", "area_code", "jkn_number"}
FACT_TYPES = {"value": "DOUBLE", "sequence": "INTEGER", "flag": "BOOLEAN", "day": "INTEGER", "until": "INTEGER",
              "month": "INTEGER", "birth": "INTEGER", "birth_date": "DATE", "died_on": "DATE", "moved_out_on": "DATE",
              "voided_at": "TIMESTAMPTZ"}
PERSON_COLUMNS = ("id", "area_code", "birth_date", "died_on", "moved_out_on", "voided_at", "sex", "jkn_number",
                  "household_id")


def export_parquet(folder: Path) -> dict[str, Path]:
    """The fact table and the person registry (and households, for the Posyandu) as Parquet:
    PostgreSQL COPY to CSV, DuckDB to Parquet."""
    import duckdb
    from django.db import connection

    from siklus.monitoring.models import Fact

    tables = {
        Fact._meta.db_table: f"SELECT * FROM {Fact._meta.db_table} WHERE desa_code LIKE '{KABUPATEN}.%'",
        "people_person": f"SELECT {', '.join(PERSON_COLUMNS)} FROM people_person WHERE area_code LIKE '{KABUPATEN}.%'",
        "people_household": f"SELECT id, posyandu_id FROM people_household WHERE area_code LIKE '{KABUPATEN}.%'",
    }
    out = {}
    duck = duckdb.connect()
    connection.ensure_connection()
    raw = connection.connection
    for table, query in tables.items():
        csv = folder / f"{table}.csv"
        with raw.cursor() as cursor, open(csv, "wb") as f, cursor.copy(f"COPY ({query}) TO STDOUT WITH CSV HEADER") as copy:
            for block in copy:
                f.write(block)
        out[table] = folder / f"{table}.parquet"
        # Ids stay text (as the compiled SQL compares them); codes stay text even when they look like numbers.
        header = csv.open().readline().strip().split(",")
        types = {c: "VARCHAR" for c in header if c in TEXT_COLUMNS} | {c: t for c, t in FACT_TYPES.items() if c in header}
        if table == Fact._meta.db_table:
            types["id"] = "BIGINT"
        text = ", ".join(f"'{c}': '{t}'" for c, t in types.items())
        duck.execute(f"COPY (SELECT * FROM read_csv('{csv}', header = true, types = {{{text}}})) "
                     f"TO '{out[table]}' (FORMAT parquet)")
        csv.unlink()
    duck.close()
    return out


class DuckCursor:
    """What ``compile.counts`` needs of a cursor, on DuckDB: the same SQL text, placeholders
    turned from psycopg's ``%s`` into ``?``."""

    def __init__(self, duck, spent: list[float]):
        self.duck, self.spent, self.rows = duck, spent, []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def execute(self, query: str, params=()):
        query = query.replace("%s", "?").replace("%%", "%")
        started = time.perf_counter()
        self.rows = self.duck.execute(query, list(params or ())).fetchall()
        self.spent[0] += time.perf_counter() - started

    def fetchall(self):
        return self.rows

    def fetchone(self):
        return self.rows[0] if self.rows else None


class DuckConnection:
    """Stands in for ``django.db.connection`` inside :mod:`siklus.monitoring.compile`: the compiled
    SQL is generated for PostgreSQL (its dialect is the one DuckDB reads, with two macros) and run
    by DuckDB; everything else (the ORM, facilities, stored values) stays on PostgreSQL."""

    vendor = "postgresql"

    def __init__(self, real, duck, spent: list[float]):
        self.real, self.duck, self.spent = real, duck, spent

    def cursor(self):
        return DuckCursor(self.duck, self.spent)

    def __getattr__(self, name):
        return getattr(self.real, name)


def duckdb_lower_bound(actor, files: dict[str, Path], pg: CountLog) -> None:
    import duckdb
    from django.test import override_settings

    from siklus.monitoring import compile as sql
    from siklus.monitoring import refresh

    duck = duckdb.connect()
    duck.execute(f"SET threads = {os.cpu_count() or 1}")
    duck.execute("SET integer_division = true")  # the compiled SQL counts in integers, as both engines do
    # The two date functions the PostgreSQL dialect of the compiled SQL uses, with its one format.
    duck.execute("CREATE MACRO to_char(d, f) AS strftime(d, '%Y%m%d')")
    duck.execute("CREATE MACRO to_date(s, f) AS CAST(strptime(s, '%Y%m%d') AS DATE)")
    for table, path in files.items():
        duck.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{path}')")
    spent = [0.0]
    differ: list[str] = []
    real_connection = sql.connection
    with CountLog(sql) as duck_log:
        sql.connection = DuckConnection(real_connection, duck, spent)
        replace = refresh._replace
        refresh._replace = lambda *args, **kwargs: None  # the values are PostgreSQL's, stored already
        try:
            started = time.perf_counter()
            # One DuckDB connection: the count queries one after the other, not on two connections.
            with override_settings(SIKLUS_INDICATOR_CONNECTIONS=1):
                refresh.refresh(actor, years())
            wall = time.perf_counter() - started
        finally:
            sql.connection = real_connection
            refresh._replace = replace
    for key, sums in duck_log.sums.items():
        if key in pg.sums and pg.sums[key] != sums:
            differ.append(f"{key[0]} {key[1]}: PostgreSQL {pg.sums[key]}, DuckDB {sums}")
    print(f"  DuckDB: the same {duck_log.calls:,} count queries {spent[0]:.1f} s; the whole recompute with them, "
          f"storing nothing, {wall:.1f} s   [{load()}]")
    if pg.seconds and spent[0]:
        print(f"  PostgreSQL / DuckDB, count queries: {pg.seconds:.1f} / {spent[0]:.1f} s = {pg.seconds / spent[0]:.1f} x;"
              f" the whole recompute on PostgreSQL / DuckDB's queries = {pg.wall / spent[0]:.1f} x")
    compared = len(set(pg.sums) & set(duck_log.sums))
    if not compared:
        print("  results: not compared (the full recompute was skipped)")
    else:
        print(f"  results of {compared:,} count queries: " + (
            "identical to PostgreSQL's" if not differ else f"{len(differ)} differ, e.g. {differ[:3]}"))


# ----------------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--database", default=os.environ.get("INDICATORS_DATABASE", f"{SERVER}/siklus_million"))
    parser.add_argument("--build", action="store_true", help="generate the kabupaten again")
    parser.add_argument("--skip", nargs="*", default=[], choices=["full", "day", "dashboard", "duckdb"])
    args = parser.parse_args()
    ensure_database(args.database)
    os.environ["DATABASE_URL"] = args.database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siklus.settings")
    os.environ.setdefault("SIKLUS_SECRET_KEY", "benchmark-only-not-secret")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from siklus.core.actors import system

    call_command("migrate", verbosity=0)
    print(f"{connection.vendor} {connection.pg_version if connection.vendor == 'postgresql' else ''}, "
          f"{args.database.rsplit('/', 1)[1]}; {load()}")
    synth(args.persons, args.build)
    actor = system("benchmark")
    log = None
    if "full" not in args.skip:
        log = full_recompute(actor)
    if "duckdb" not in args.skip:
        print("\n== DuckDB over Parquet: the lower bound of the same computation ==")
        if log is None:
            from siklus.monitoring import compile as sql

            log = CountLog(sql)
        with tempfile.TemporaryDirectory(prefix="siklus-parquet-") as tmp:
            started = time.perf_counter()
            files = export_parquet(Path(tmp))
            sizes = ", ".join(f"{t} {p.stat().st_size / 2**20:.0f} MB" for t, p in files.items())
            print(f"  exported to Parquet in {time.perf_counter() - started:.1f} s ({sizes})")
            duckdb_lower_bound(actor, files, log)
    # The day comes after DuckDB: both engines must count the same facts.
    if "day" not in args.skip:
        posyandu_day(actor)
    if "dashboard" not in args.skip:
        dashboard(actor)


if __name__ == "__main__":
    main()
