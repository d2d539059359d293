"""``siklus facts export`` and ``siklus national run|load`` (issue #17; :mod:`siklus.national`).

    SIKLUS_PSEUDONYM_KEY=… siklus facts export --area 62.02 [--since 2025-01-01] -o DIR
    siklus national run --facts DIR [--master local[2]|spark://host:7077] --period 2025 -o OUT [--engine duckdb]
    siklus national load OUT

Routed by :mod:`siklus.cli` (not Django management commands: :mod:`siklus.national` builds on
monitoring, so monitoring cannot carry its commands).
"""

from __future__ import annotations

import argparse
import os
from datetime import date
from pathlib import Path


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siklus.settings")
    import django

    django.setup()


def facts_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="siklus facts", description="De-identified facts as Parquet.")
    sub = parser.add_subparsers(dest="action", required=True)
    e = sub.add_parser("export", help="write the area's de-identified facts as Parquet")
    e.add_argument("--area", required=True, help="province, kabupaten, kecamatan or desa code")
    e.add_argument("--since", type=date.fromisoformat, help="from this date's month (default: everything)")
    e.add_argument("-o", "--out", required=True, type=Path)
    args = parser.parse_args(argv)
    _django()
    from siklus.core.actors import system
    from siklus.national import export

    try:
        entry = export.export(system("facts-export"), args.area, args.since, args.out)
    except RuntimeError as error:
        parser.error(str(error))
    size = sum(f["bytes"] for f in entry["files"])
    print(f"{entry['facts']} facts, {entry['persons']} persons, {len(entry['files'])} files, {size} bytes"
          f" in {entry['seconds']} s -> {args.out}")
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="siklus national", description="Every indicator at every level.")
    sub = parser.add_subparsers(dest="action", required=True)
    r = sub.add_parser("run", help="compute every indicator at every level over exported facts")
    r.add_argument("--facts", required=True, type=Path)
    r.add_argument("--master", default="local[2]", help="Spark master (local[N], spark://…, yarn)")
    r.add_argument("--period", required=True, type=int, action="append", help="year(s), e.g. 2025")
    r.add_argument("--engine", choices=("spark", "duckdb"), default="spark")
    r.add_argument("-o", "--out", required=True, type=Path)
    r.add_argument("--no-progress", action="store_true")
    load = sub.add_parser("load", help="store a run's values in this siklus database")
    load.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    _django()
    from siklus.core.actors import system
    from siklus.national import run

    if args.action == "load":
        print(f"{run.load(system('national-load'), args.out)} values stored")
        return 0
    meta = run.national_run(args.facts, args.out, args.period, master=args.master, engine_name=args.engine,
                            progress=(lambda code: None) if args.no_progress else (lambda code: print(f"  {code}")))
    print(f"{meta['events']} events, {meta['rows']} values, {meta['queries']} queries in {meta['compute_seconds']} s"
          f" ({meta['engine']}) -> {args.out}")
    return 0
