"""One indicator definition, several engines (issue #17 item 2 and its "done when").

Every indicator the facts can give is computed from the same synthetic facts by the siklus
database itself (SQLite here, PostgreSQL in the PostgreSQL run) and by DuckDB over the exported
Parquet — through the one compiled SQL, transpiled — and every numerator and denominator, at every
level and period, is the same. Spark runs the same comparison under ``-m spark`` (``make test-national``).
The national figures of each kabupaten are exactly those ``siklus indicators show`` gives."""

import os
from collections import Counter

import pytest

from tests.national.conftest import AS_OF, KABUPATEN, YEAR

pytestmark = pytest.mark.django_db


def figures(rows, levels=None) -> dict:
    return {(r["indicator"], r["level"], r["unit"], r["period"]): (r["numerator"], r["denominator"])
            for r in rows if levels is None or r["level"] in levels}


@pytest.fixture(scope="module")
def reference(two_kabupaten, django_db_blocker):
    from siklus.national import engines, run

    with django_db_blocker.unblock():
        return run.compute(engines.DjangoEngine(), [YEAR], AS_OF)


def compare(reference, rows):
    expected, got = figures(reference), figures(rows)
    differ = [(k, expected.get(k), got.get(k)) for k in set(expected) | set(got) if expected.get(k) != got.get(k)]
    assert not differ, f"{len(differ)} figures differ, e.g. {sorted(differ, key=str)[:5]}"


def test_every_indicator_on_duckdb_matches_the_database(two_kabupaten, reference):
    from siklus.national import engines, run

    engine = engines.DuckDBEngine(two_kabupaten)
    compare(reference, run.compute(engine, [YEAR], AS_OF))
    indicators = {r["indicator"] for r in reference}
    from siklus.monitoring import catalogue

    assert indicators == {i.code for i in catalogue.INDICATORS if run.supported(i)}
    assert sum(r["numerator"] for r in reference if r["level"] == "nasional") > 0


@pytest.mark.spark
@pytest.mark.skipif(os.environ.get("SIKLUS_SPARK") != "1", reason="Spark golden tests: SIKLUS_SPARK=1 (make test-national)")
def test_every_indicator_on_spark_matches_the_database(two_kabupaten, reference):
    from siklus.national import engines, run

    engine = engines.SparkEngine(two_kabupaten, "local[2]")
    try:
        compare(reference, run.compute(engine, [YEAR], AS_OF))
    finally:
        engine.close()


def test_each_kabupaten_gets_the_figures_of_its_own_indicators_show(reference):
    """Done when: per kabupaten the stored values (what ``siklus indicators show`` prints) of the
    desa, Posyandu, kecamatan and the kabupaten itself; the province and nasional are their sums."""
    from siklus.monitoring.models import IndicatorValue

    levels = ("desa", "posyandu", "kecamatan", "kabkota", "provinsi")
    stored = figures(IndicatorValue.objects.filter(period__startswith=str(YEAR), level__in=levels)
                     .values("indicator", "level", "unit", "period", "numerator", "denominator"))
    national = figures(reference, levels)
    assert national
    for key, value in national.items():
        assert stored.get(key) == value, key
    nasional = figures(reference, ("nasional",))
    provinces = Counter()
    for (indicator, level, unit, period), (n, _d) in national.items():
        if level == "provinsi":
            provinces[(indicator, period)] += n
    assert {unit for (_i, level, unit, _p) in national if level == "kabkota"} == set(KABUPATEN.values())
    for (indicator, _level, _unit, period), (n, _d) in nasional.items():
        assert n == provinces[(indicator, period)]
