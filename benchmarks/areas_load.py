"""Time to load the whole Kemendagri hierarchy (91,599 areas) into an empty database, and to
re-run the load on a full one (idempotent path). SQLite always; PostgreSQL when reachable.

    .venv/bin/python benchmarks/areas_load.py
"""

import os
import subprocess
import sys
import tempfile
import time
import uuid

import psycopg

SERVER = os.environ.get("SIKLUS_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432")


def run(database_url: str) -> tuple[float, float]:
    env = dict(os.environ, DATABASE_URL=database_url)
    siklus = [sys.executable, "-m", "siklus.cli"]
    subprocess.run([*siklus, "migrate", "-v0"], env=env, check=True)
    timings = []
    for _ in range(2):
        started = time.perf_counter()
        subprocess.run([*siklus, "areas", "load", "--no-progress"], env=env, check=True, stdout=subprocess.DEVNULL)
        timings.append(time.perf_counter() - started)
    return timings[0], timings[1]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        first, again = run(f"sqlite:///{tmp}/bench.db")
        print(f"SQLite      whole country (91,599 areas): {first:5.1f} s first load, {again:5.1f} s re-run (command start-up included)")
    try:
        psycopg.connect(f"{SERVER}/postgres", connect_timeout=3, autocommit=True).close()
    except psycopg.OperationalError:
        print("PostgreSQL  not reachable, skipped")
        return
    name = f"siklus_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        first, again = run(f"{SERVER}/{name}")
        print(f"PostgreSQL  whole country (91,599 areas): {first:5.1f} s first load, {again:5.1f} s re-run (command start-up included)")
    finally:
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
