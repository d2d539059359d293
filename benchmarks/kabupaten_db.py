"""Benchmark databases kept between runs, on SQLite or PostgreSQL: a synthetic kotim kabupaten
for the page and worklist benchmarks to name, build and open, and the PostgreSQL database every
benchmark makes. Imported by the benchmark scripts, which run with ``benchmarks/`` first on the path."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

SERVER = os.environ.get("SIKLUS_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432")
ROOT = Path(__file__).resolve().parent.parent
SIKLUS = str(ROOT / ".venv" / "bin" / "siklus")


def child_env(database_url: str) -> dict:
    """The environment of a ``siklus`` command or measuring child on that database."""
    env = dict(os.environ, DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="siklus.settings")
    env.setdefault("SIKLUS_SECRET_KEY", "benchmark-only-not-secret")
    return env


def postgres_database(url: str, rebuild: bool) -> bool:
    """Make sure the PostgreSQL database of ``url`` exists (dropped first with ``rebuild``);
    True when it is new."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and rebuild:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    return not exists


class Kabupaten:
    """kotim at ``scale`` with ``months`` of history, named ``<name>-<persons>`` in ``folder``
    (SQLite) or ``siklus_<name>_<persons>`` (PostgreSQL)."""

    def __init__(self, name: str, folder: Path, months: int) -> None:
        self.name, self.folder, self.months = name, folder, months

    def url(self, engine: str, scale: float) -> str:
        persons = round(430_000 * scale)
        if engine == "sqlite":
            return f"sqlite:///{self.folder}/{self.name}-{persons}.db"
        return f"{SERVER}/siklus_{self.name}_{persons}"

    def build(self, engine: str, scale: float, rebuild: bool) -> None:
        """Migrate, and generate the kabupaten when the database is new (or ``rebuild``)."""
        url = self.url(engine, scale)
        if engine == "sqlite":
            self.folder.mkdir(parents=True, exist_ok=True)
            path = Path(url.removeprefix("sqlite:///"))
            if rebuild and path.exists():
                path.unlink()
            fresh = not path.exists()
        else:
            fresh = postgres_database(url, rebuild)
        env = child_env(url)
        subprocess.run([SIKLUS, "migrate", "-v", "0"], env=env, check=True)
        if fresh:
            started = time.perf_counter()
            subprocess.run([SIKLUS, "synth", "--preset", "kotim", "--scale", str(scale), "--months", str(self.months),
                            "--no-progress", "--no-logins"], env=env, check=True, stdout=subprocess.DEVNULL)
            print(f"  built {engine} {scale} in {time.perf_counter() - started:.0f} s", flush=True)
        if engine == "postgresql":
            import psycopg

            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute("VACUUM ANALYZE")
