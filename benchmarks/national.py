"""Scale evidence for national analytics (issue #17 item 4).

    DATABASE_URL=… SIKLUS_PSEUDONYM_KEY=… .venv/bin/python benchmarks/national.py \
        --area 62.02 --area 63.03 --area 61.05 --sizes 2000000 20000000 [--full-at 2000000 20000000] [--master local[2]]

The database: the kabupaten made by ``siklus synth --preset kotim|banjar|sintang --scale 0.05 --months 12
--as-of 2025-12-31`` (the measured figures are in the README, "National analytics"; session 6 ran
``--sizes 400000 2000000 --full-at 400000 2000000``, session 5 ``--sizes 2000000 20000000 --full-at …`` both).
The export carries the areas, facilities and Puskesmas wilayah; each copy gets its own of them.

1. Export: ``siklus facts export`` of each ``--area`` from the database (rows/s, Parquet bytes per event).
2. Replicate the export to each size: copy k gets new pseudonymous person, household, record and
   Posyandu keys and its own province/kabupaten codes (desa structure kept), so the data has the
   shape of many kabupaten — the figures of copy k are those of the original (checked at one desa).
3. Spark in local mode over each size: the representative set (one indicator of each kind the
   compiler knows) or, at ``--full-at`` sizes, every indicator; events/s, seconds per 100 million events and
   the peak memory of the driver (values are counted one indicator at a time, as ``national run`` writes them).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siklus.settings")

import django

django.setup()

from siklus.core.actors import system  # noqa: E402
from siklus.monitoring import catalogue as cat  # noqa: E402
from siklus.national import engines, export, run  # noqa: E402

# One indicator of each kind of count the compiler knows.
REPRESENTATIVE = ["pf", "k4", "idl", "do_dpt1_dpt3", "gizi_n_d", "gizi_stunting", "spm_balita", "spm_hipertensi", "jkn"]
YEAR = 2025


def _uuid(expr: str) -> str:
    h = f"md5({expr})"
    return (f"substr({h},1,8)||'-'||substr({h},9,4)||'-'||substr({h},13,4)||'-'||substr({h},17,4)||'-'"
            f"||substr({h},21,12)")


def replicate(source: Path, target: Path, events: int) -> int:
    """Copies of the export at ``source`` until ``events`` facts; returns the facts written."""
    import duckdb

    duck = duckdb.connect()
    base = duck.execute(f"SELECT COUNT(*) FROM read_parquet('{source}/facts/**/*.parquet')").fetchone()[0]
    copies = max(1, -(-events // base))
    if target.exists():
        shutil.rmtree(target)
    for k in range(copies):
        prov, kab = 11 + k % 80, 1 + k // 80  # a province per copy (the shards of --by-province)
        code = f"'{prov:02d}.{kab:02d}' || substr(desa_code, 6)"
        folder = target / "facts" / f"province={prov:02d}" / f"kabupaten={prov:02d}.{kab:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        key = f"md5(person_id || '.{k}')"
        duck.execute(
            f"COPY (SELECT id, {key}[:32] AS person_id, {code.replace('desa_code', 'desa_code')} AS desa_code,"
            f" CASE WHEN posyandu_id IS NULL THEN NULL ELSE {_uuid(f'posyandu_id || {k!r}')} END AS posyandu_id,"
            f" facility_id, kind, code, category, sequence, flag, value, day, until, month, birth, age_months, sex,"
            f" {key}[:32] || substr(source_id, 33) AS source_id"
            f" FROM read_parquet('{source}/facts/**/*.parquet') ORDER BY month)"
            f" TO '{folder}/copy.parquet' (FORMAT parquet, COMPRESSION zstd)")
        folder = target / "persons" / f"province={prov:02d}" / f"kabupaten={prov:02d}.{kab:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        duck.execute(
            f"COPY (SELECT md5(id || '.{k}')[:32] AS id, '{prov:02d}.{kab:02d}' || substr(area_code, 6) AS area_code,"
            f" birth_date, died_on, moved_out_on, voided_at, sex, jkn_number, md5(household_id || '.{k}')[:32]"
            f" AS household_id, CASE WHEN posyandu_id IS NULL THEN NULL ELSE {_uuid(f'posyandu_id || {k!r}')} END"
            f" AS posyandu_id FROM read_parquet('{source}/persons/**/*.parquet'))"
            f" TO '{folder}/copy.parquet' (FORMAT parquet, COMPRESSION zstd)")
        # The registry of the copy: its areas, facilities (the Posyandu keys as above) and wilayah.
        registry = {
            "areas": f"SELECT '{prov:02d}.{kab:02d}' || substr(code, 6) AS code, name, level",
            "facilities": f"SELECT {_uuid(f'id || {k!r}')} AS id, kind, name, '{prov:02d}.{kab:02d}' || substr(area_code, 6)"
                          f" AS area_code, ilp_active, active, voided_at",
            "wilayah": f"SELECT {_uuid(f'facility_id || {k!r}')} AS facility_id,"
                       f" '{prov:02d}.{kab:02d}' || substr(area_id, 6) AS area_id",
        }
        for name, select in registry.items():
            folder = target / name / f"province={prov:02d}" / f"kabupaten={prov:02d}.{kab:02d}"
            folder.mkdir(parents=True, exist_ok=True)
            duck.execute(f"COPY ({select} FROM read_parquet('{source}/{name}/**/*.parquet'))"
                         f" TO '{folder}/copy.parquet' (FORMAT parquet, COMPRESSION zstd)")
    duck.close()
    return base * copies


def parquet_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in (folder / "facts").glob("**/*.parquet"))


def _peak_rss_mb() -> int:
    """The driver's peak resident memory since :func:`_reset_peak` (Linux's VmHWM)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def _reset_peak() -> None:
    """Start the peak over (Linux: writing 5 to clear_refs resets VmHWM), so each run of one process
    reports its own peak, not the export's or an earlier run's."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def spark_run(folder: Path, codes: list[str] | None, master: str, by_province: bool = False) -> dict:
    _reset_peak()
    engine = engines.SparkEngine(folder, master)
    try:
        events = engine.execute("SELECT COUNT(*) FROM monitoring_fact", [])[0][0]
        chosen = [cat.get(c) for c in codes] if codes else None
        started = time.perf_counter()
        # One indicator's values at a time, counted and let go (siklus national run writes them).
        values = sum(len(rows) for rows in run.run_rows(engine, [YEAR], date(YEAR, 12, 31), chosen,
                                                        by_province=by_province))
        seconds = time.perf_counter() - started
        return {"events": events, "by_province": by_province, "indicators": len(codes) if codes else len(cat.INDICATORS),
                "queries": engine.queries, "seconds": round(seconds, 1), "query_seconds": round(engine.seconds, 1),
                "values": values,
                "peak_rss_mb": _peak_rss_mb(),
                "events_per_s": round(events / seconds), "s_per_100M": round(seconds * 1e8 / events)}
    finally:
        engine.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--area", action="append", required=True)
    parser.add_argument("--sizes", nargs="+", type=int, default=[2_000_000, 20_000_000])
    parser.add_argument("--full-at", nargs="*", type=int, default=[], help="sizes to run every indicator at")
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--by-province", action="store_true", help="also run the full set province by province")
    parser.add_argument("--work", type=Path, default=None, help="folder for the data (default: a temporary one)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="siklus-national-"))
    results: dict = {"load": os.getloadavg(), "cpus": os.cpu_count(), "master": args.master}
    source = work / "export"
    shutil.rmtree(source, ignore_errors=True)
    rows = seconds = 0.0
    for area in args.area:
        entry = export.export(system("bench"), area, None, source)
        rows += entry["facts"]
        seconds += entry["seconds"]
    size = parquet_bytes(source)
    results["export"] = {"facts": rows, "seconds": round(seconds, 2), "rows_per_s": round(rows / seconds),
                         "bytes": size, "bytes_per_event": round(size / rows, 1)}
    print(json.dumps(results["export"]), flush=True)
    results["spark"] = []
    for events in args.sizes:
        folder = work / f"x{events}"
        started = time.perf_counter()
        written = replicate(source, folder, events)
        print(f"replicated {written:,} events in {time.perf_counter() - started:.0f} s,"
              f" {parquet_bytes(folder) / written:.1f} bytes/event", flush=True)
        full = events in args.full_at
        for codes, by_province in ([(None, False)] + [(None, True)] * args.by_province if full
                                   else [(REPRESENTATIVE, False)]):
            result = spark_run(folder, codes, args.master, by_province)
            result["bytes_per_event"] = round(parquet_bytes(folder) / written, 1)
            results["spark"].append(result)
            print(json.dumps(result), flush=True)
    (work / "results.json").write_text(json.dumps(results, indent=1))
    print(f"results: {work / 'results.json'}")


if __name__ == "__main__":
    sys.exit(main())
