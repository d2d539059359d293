"""Synthetic Kotawaringin Timur (its 483 facilities) with 100,000 and 1,000,000 persons and 12 months
of history: persons per second (whole run), seconds of the population and history phases, rows of
history, and peak memory of the process.
SQLite always; PostgreSQL when reachable. Each run is a fresh process on a fresh database.

    .venv/bin/python benchmarks/synth.py                  # 100,000 and 1,000,000
    .venv/bin/python benchmarks/synth.py 100000           # chosen sizes
    MONTHS=0 .venv/bin/python benchmarks/synth.py 100000  # without history
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid

import psycopg

SERVER = os.environ.get("SIKLUS_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432")
MONTHS = int(os.environ.get("MONTHS", "12"))


def child(database_url: str, persons: int) -> None:
    """Runs in its own process so that peak memory (ru_maxrss) belongs to this run only."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siklus.settings")
    import django

    django.setup()
    from datetime import date

    from django.core.management import call_command

    from siklus.areas import services as areas
    from siklus.synth import generator

    call_command("migrate", verbosity=0)
    areas.load("62.02")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    preset = generator.resolve(preset="kotim", persons=persons)
    result = generator.generate(preset=preset, seed=1, as_of=date(2025, 10, 1), months=MONTHS)
    seconds = time.perf_counter() - started
    print(json.dumps({
        "persons": result.persons,
        "per_second": result.persons / seconds,
        "history_seconds": result.seconds.get("history", 0.0),
        "history_rows": sum(v for k, v in result.history.items() if k not in ("died", "moved_out")),
        "seconds": seconds,
        "population_seconds": result.seconds["population"],
        "baseline_mb": before / 1024,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


def run(label: str, database_url: str, persons: int) -> None:
    out = subprocess.run([sys.executable, __file__, "--child", database_url, str(persons)],
                         capture_output=True, text=True, check=True).stdout
    r = json.loads(out.strip().splitlines()[-1])
    print(f"{label:<11} {r['persons']:>9,} persons, {MONTHS} months: {r['per_second']:>7,.0f} persons/s "
          f"(population {r['population_seconds']:6.1f} s, history {r['history_seconds']:6.1f} s "
          f"= {r['history_rows']:,} rows, total {r['seconds']:6.1f} s), "
          f"peak memory {r['peak_mb']:5.0f} MB (after Django and areas {r['baseline_mb']:4.0f} MB)", flush=True)


def main(sizes: list[int]) -> None:
    for persons in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            run("SQLite", f"sqlite:///{tmp}/bench.db", persons)
    try:
        psycopg.connect(f"{SERVER}/postgres", connect_timeout=3, autocommit=True).close()
    except psycopg.OperationalError:
        print("PostgreSQL  not reachable, skipped")
        return
    for persons in sizes:
        name = f"siklus_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        try:
            run("PostgreSQL", f"{SERVER}/{name}", persons)
        finally:
            with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], int(sys.argv[3]))
    else:
        main([int(a) for a in sys.argv[1:]] or [100_000, 1_000_000])
