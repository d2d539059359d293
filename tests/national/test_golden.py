"""One indicator definition, several engines (issue #17 item 2 and its "done when").

Every indicator the facts can give is computed from the same synthetic facts by the siklus
database itself (SQLite here, PostgreSQL in the PostgreSQL run) and by DuckDB over the exported
Parquet — through the one compiled SQL, transpiled — and every numerator and denominator, at every
level and period, is the same. Spark runs the same comparison under ``-m spark`` (``make test-national``).
The national figures of each kabupaten are exactly those ``siklus indicators show`` gives."""

import os
from collections import Counter

import pytest

from tests.national.conftest import AS_OF, KABUPATEN, KEY, YEAR

pytestmark = pytest.mark.django_db


def figures(rows, levels=None) -> dict:
    return {(r["indicator"], r["level"], r["unit"], r["period"]): (r["numerator"], r["denominator"])
            for r in rows if levels is None or r["level"] in levels}


@pytest.fixture(scope="module")
def reference(four_kabupaten, django_db_blocker):
    from siklus.national import engines, run

    with django_db_blocker.unblock():
        return run.compute(engines.DjangoEngine(), [YEAR], AS_OF)


def compare(reference, rows):
    expected, got = figures(reference), figures(rows)
    differ = [(k, expected.get(k), got.get(k)) for k in set(expected) | set(got) if expected.get(k) != got.get(k)]
    assert not differ, f"{len(differ)} figures differ, e.g. {sorted(differ, key=str)[:5]}"


def test_every_indicator_on_duckdb_matches_the_database(four_kabupaten, reference):
    from siklus.national import engines, run

    engine = engines.DuckDBEngine(four_kabupaten)
    compare(reference, run.compute(engine, [YEAR], AS_OF))
    indicators = {r["indicator"] for r in reference}
    from siklus.monitoring import catalogue

    # Every indicator ran; those the small synthetic history has no case of give no rows.
    assert indicators <= {i.code for i in catalogue.INDICATORS} and len(indicators) >= 65
    assert {"uci_desa", "ilp_puskesmas", "ilp_pustu", "ilp_posyandu", "ilp_desa_pustu"} <= indicators
    assert sum(r["numerator"] for r in reference if r["level"] == "nasional") > 0


@pytest.mark.spark
@pytest.mark.skipif(os.environ.get("SIKLUS_SPARK") != "1", reason="Spark golden tests: SIKLUS_SPARK=1 (make test-national)")
def test_every_indicator_on_spark_matches_the_database(four_kabupaten, reference):
    from siklus.national import engines, run

    engine = engines.SparkEngine(four_kabupaten, "local[2]")
    try:
        compare(reference, run.compute(engine, [YEAR], AS_OF))
    finally:
        engine.close()


def test_a_run_province_by_province_gives_the_same_values(four_kabupaten, reference, tmp_path):
    """--by-province: each province's counts on their own, nasional summed from the provinces at the
    end — every value, target and status as one run over the whole export gives them."""
    import pyarrow.parquet as pq

    from siklus.national import run

    meta = run.national_run(four_kabupaten, tmp_path, [YEAR], engine_name="duckdb", today=AS_OF, by_province=True)
    rows = pq.read_table(tmp_path / "values.parquet").to_pylist()
    assert meta["by_province"] and meta["rows"] == len(rows) == len(reference)

    def values(rows) -> dict:
        return {(r["indicator"], r["level"], r["unit"], r["period"]): (r["numerator"], r["denominator"], r["value"],
                                                                       r["target"], r["status"]) for r in rows}

    assert values(rows) == values(reference)
    assert {r["level"] for r in rows} >= {"posyandu", "desa", "pustu", "puskesmas", "kecamatan", "kabkota", "provinsi",
                                          "nasional"}


def test_each_kabupaten_gets_the_figures_of_its_own_indicators_show(reference):
    """Done when: per kabupaten the stored values (what ``siklus indicators show`` prints) of the
    desa, Posyandu, Pustu, Puskesmas, kecamatan and the kabupaten itself — every one of them, of every
    indicator; the province and nasional are their sums."""
    from siklus.monitoring.models import IndicatorValue

    levels = ("desa", "posyandu", "pustu", "puskesmas", "kecamatan", "kabkota", "provinsi")
    stored = figures(IndicatorValue.objects.filter(period__startswith=str(YEAR), level__in=levels)
                     .values("indicator", "level", "unit", "period", "numerator", "denominator"))
    national = figures(reference, levels)
    assert national
    assert set(stored) == set(national), sorted(set(stored) ^ set(national), key=str)[:5]
    for key, value in national.items():
        assert stored.get(key) == value, key
    nasional = figures(reference, ("nasional",))
    provinces = Counter()
    for (indicator, level, _unit, period), (n, _d) in national.items():
        if level == "provinsi":
            provinces[(indicator, period)] += n
    assert {unit for (_i, level, unit, _p) in national if level == "kabkota"} == set(KABUPATEN.values())
    for (indicator, _level, _unit, period), (n, _d) in nasional.items():
        assert n == provinces[(indicator, period)]


def test_the_export_is_de_identified_partitioned_and_listed_in_the_manifest(four_kabupaten):
    import pyarrow.parquet as pq

    from siklus.national import export
    from siklus.people.models import Person

    manifest = export.manifest(four_kabupaten)
    assert manifest["schema_version"] == export.SCHEMA_VERSION
    assert {e["area"] for e in manifest["exports"]} == set(KABUPATEN.values())
    for entry in manifest["exports"]:
        for f in entry["files"]:
            path = four_kabupaten / f["path"]
            assert f["sha256"] == export._sha256(path) and f["rows"] == pq.ParquetFile(path).metadata.num_rows
    folders = {p.parent.relative_to(four_kabupaten).parts[:3] for p in four_kabupaten.glob("facts/**/*.parquet")}
    assert ("facts", "province=62", "kabupaten=62.02") in {f[:3] for f in folders}
    facts = pq.read_table(four_kabupaten / "facts", partitioning=None).to_pylist()
    persons = pq.read_table(four_kabupaten / "persons", partitioning=None).to_pylist()
    assert manifest["facts"] == len(facts)
    known = {str(v).replace("-", "") for v in Person.objects.values_list("id", flat=True)}
    secrets = set(Person.objects.exclude(nik="").values_list("nik", flat=True)) | set(
        Person.objects.values_list("name", flat=True))
    for row in facts[:2000] + persons:
        values = {str(v) for v in row.values() if v is not None}
        assert not values & secrets, "no name or NIK"
        assert not {v.replace("-", "") for v in values} & known, "no person id"
    assert {r["jkn_number"] for r in persons} <= {"", "1"}
    assert {r["person_id"] for r in facts} <= {r["id"] for r in persons}
    assert export.pseudonym(KEY, Person.objects.first().pk) != export.pseudonym(b"other", Person.objects.first().pk)


def test_re_exporting_a_window_replaces_it(four_kabupaten, tmp_path):
    import shutil

    from siklus.core.actors import system
    from siklus.national import export

    folder = tmp_path / "again"
    shutil.copytree(four_kabupaten, folder)
    before = export.manifest(folder)["facts"]
    since = export.export(system("test"), "62.02", AS_OF.replace(month=7, day=15), folder, key=KEY)
    assert since["facts"] and {f["path"].split("/")[3] for f in since["files"] if f["path"].startswith("facts/")} \
        == {f"month={YEAR}{m:02d}" for m in range(7, 13)}
    assert export.manifest(folder)["facts"] == before, "the window replaced, nothing added"
    export.export(system("test"), "62.02", None, folder, key=KEY)
    assert export.manifest(folder)["facts"] == before


def test_national_run_writes_show_formats_and_loads_back(four_kabupaten, reference, tmp_path, capsys):
    import csv
    import json
    import re

    from siklus.cli import main
    from siklus.monitoring.models import IndicatorValue

    out = tmp_path / "out"
    with pytest.raises(SystemExit) as done:
        main(["siklus", "national", "run", "--facts", str(four_kabupaten), "--engine", "duckdb", "--period",
              str(YEAR), "-o", str(out), "--no-progress"])
    assert done.value.code == 0
    # The figures in Indonesian by default: "48.213 kejadian layanan, 512.906 nilai, …".
    assert re.search(r"\d{1,3}(\.\d{3})+ kejadian layanan, \d{1,3}(\.\d{3})+ nilai", capsys.readouterr().out)
    rows = list(csv.DictReader((out / "values.csv").open()))
    assert rows and set(rows[0]) >= {"indicator", "level", "unit", "period", "numerator", "denominator", "value"}
    assert len(json.loads((out / "values.json").read_text())) == len(rows)
    import pyarrow as pa
    import pyarrow.parquet as pq

    parts = list((out / "values.parquet").glob("level=*/*.parquet"))
    assert len(parts) > 6, "one part per indicator and level, written as the run goes"
    for part in parts:  # parts whose targets are all empty too: one schema for the whole dataset
        assert pq.read_schema(part).field("target").type == pa.float64()
    IndicatorValue.objects.filter(level__in=("desa", "pustu", "puskesmas")).delete()
    with pytest.raises(SystemExit):
        main(["siklus", "national", "load", str(out), "--lang", "en"])
    assert re.search(r"\d{1,3}(,\d{3})+ indicator values stored", capsys.readouterr().out)
    levels = ("desa", "pustu", "puskesmas")
    stored = figures(IndicatorValue.objects.filter(level__in=levels, period__startswith=str(YEAR))
                     .values("indicator", "level", "unit", "period", "numerator", "denominator"))
    assert stored == figures(reference, levels)
