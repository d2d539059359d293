"""Engines that run the compiled indicator SQL over an export, and the swap that lets the
catalogue's own counting code (:func:`siklus.monitoring.refresh._count` → :func:`.compile.counts`)
use them instead of the siklus database.

The tables the compiled SQL reads keep their names: ``monitoring_fact`` (the facts),
``people_person`` and ``people_household`` (the registry; a household is its Posyandu),
``areas_area``, ``facilities_facility`` and ``facilities_facility_served_areas`` (areas, facilities and
Puskesmas wilayah).
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

from siklus.national import dialects


def _tables() -> dict[str, str]:
    """Export folder → the table of the siklus database the compiled SQL names it by."""
    from siklus.monitoring import compile as sql

    return {"facts": sql.FACT, "persons": "people_person", "areas": sql.AREA_TABLE,
            "facilities": sql.FACILITY_TABLE, "wilayah": sql.WILAYAH_TABLE}


def provinces(root: Path) -> list[str]:
    """The province codes of an export (its ``facts/province=…`` folders)."""
    return sorted(path.name.split("=", 1)[1] for path in (Path(root) / "facts").glob("province=*"))


def _paths(root: Path, folder: str, chosen: list[str] | None) -> list[Path]:
    return [root / folder] if chosen is None else [root / folder / f"province={code}" for code in chosen]


class Engine:
    dialect = "postgres"

    def __init__(self) -> None:
        self.seconds = 0.0
        self.queries = 0

    def rows(self, sql: str) -> list[tuple]:
        raise NotImplementedError

    def select(self, provinces: list[str] | None) -> None:
        raise NotImplementedError

    def execute(self, sql: str, params) -> list[tuple]:
        text = dialects.transpile(sql, params, self.dialect)
        started = time.perf_counter()
        try:
            return self.rows(text)
        finally:
            self.seconds += time.perf_counter() - started
            self.queries += 1

    def close(self) -> None:
        pass


class DuckDBEngine(Engine):
    dialect = "duckdb"

    def __init__(self, facts: Path, threads: int | None = None) -> None:
        import duckdb

        super().__init__()
        self.duck = duckdb.connect()
        if threads:
            self.duck.execute(f"SET threads = {int(threads)}")
        self.duck.execute("SET integer_division = true")  # dialects: every division is an integer one
        self.root = Path(facts)
        self.select(None)

    def select(self, provinces: list[str] | None) -> None:
        """Read the export's files of ``provinces`` only (None: all of them)."""
        for folder, table in _tables().items():
            # The files hold every column; the folder names only select files.
            globs = ", ".join(f"'{path}/**/*.parquet'" for path in _paths(self.root, folder, provinces))
            self.duck.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT * FROM read_parquet([{globs}],"
                              f" hive_partitioning = false)")
        self.duck.execute("CREATE OR REPLACE VIEW people_household AS SELECT DISTINCT household_id AS id, posyandu_id"
                          " FROM people_person")

    def rows(self, sql: str) -> list[tuple]:
        return self.duck.execute(sql).fetchall()

    def close(self) -> None:
        self.duck.close()


class SparkEngine(Engine):
    dialect = "spark"

    def __init__(self, facts: Path, master: str = "local[2]", memory: str = "4g") -> None:
        from pyspark.sql import SparkSession

        super().__init__()
        self.spark = (SparkSession.builder.master(master).appName("siklus-national")
                      .config("spark.driver.memory", memory)
                      .config("spark.sql.shuffle.partitions", "8" if master.startswith("local") else "200")
                      .config("spark.sql.session.timeZone", "UTC")
                      .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                      .getOrCreate())
        self.spark.sparkContext.setLogLevel("ERROR")
        self.root = Path(facts)
        self.select(None)

    def select(self, provinces: list[str] | None) -> None:
        """Read the export's files of ``provinces`` only (None: all of them)."""
        for folder, table in _tables().items():
            # The files hold every column; the folder names only select files (no partition columns).
            paths = [str(path) for path in _paths(self.root, folder, provinces)]
            self.spark.read.option("recursiveFileLookup", "true").parquet(*paths).createOrReplaceTempView(table)
        self.spark.sql("SELECT DISTINCT household_id AS id, posyandu_id FROM people_person")\
            .createOrReplaceTempView("people_household")

    def rows(self, sql: str) -> list[tuple]:
        import pyarrow as pa

        frame = self.spark.sql(sql)
        # As Arrow batches (what PySpark 3.5's toPandas uses): a count query's hundreds of thousands
        # of rows as PySpark Row objects kept the driver busier than Spark itself.
        batches = frame._collect_as_arrow()
        if not batches:
            return []
        table = pa.Table.from_batches(batches)
        return list(zip(*(column.to_pylist() for column in table.columns)))

    def close(self) -> None:
        self.spark.stop()


class DjangoEngine(Engine):
    """The siklus database itself, through the same path (the golden tests' reference)."""

    def __init__(self) -> None:
        from django.db import connection

        super().__init__()
        self.dialect = "postgres" if connection.vendor == "postgresql" else "sqlite"
        self.connection = connection

    def execute(self, sql: str, params) -> list[tuple]:
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()


class _Cursor:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.result: list[tuple] = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def execute(self, sql, params=()):
        self.result = self.engine.execute(sql, params)

    def fetchall(self):
        return self.result


class _Connection:
    """What :mod:`siklus.monitoring.compile` and :mod:`~siklus.monitoring.facts` ask of
    ``django.db.connection``: its vendor (PostgreSQL's SQL is the one transpiled) and a cursor."""

    vendor = "postgresql"

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def cursor(self):
        return _Cursor(self.engine)


@contextlib.contextmanager
def compiled_on(engine: Engine):
    """Within: the compiled indicator SQL runs on ``engine`` (not thread-safe: a batch job's swap)."""
    if isinstance(engine, DjangoEngine):
        yield engine
        return
    from siklus.monitoring import compile as sql
    from siklus.monitoring import facts

    saved = sql.connection, facts.connection
    sql.connection = facts.connection = _Connection(engine)  # type: ignore[assignment]
    try:
        yield engine
    finally:
        sql.connection, facts.connection = saved
