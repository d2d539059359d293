"""``siklus facts export`` and ``siklus national run|load`` (issue #17; :mod:`siklus.national`).

    SIKLUS_PSEUDONYM_KEY=… siklus facts export --area 62.02 [--since 2025-01-01] -o DIR
    siklus national run --facts DIR [--master local[2]|spark://host:7077] --period 2025 -o OUT [--engine duckdb]
        [--by-province]
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
    e.add_argument("--lang", choices=("id", "en"), default="id", help="language of the messages (default id)")
    args = parser.parse_args(argv)
    _django()
    from django.utils import translation

    from siklus.core.actors import system
    from siklus.national import export

    with translation.override(args.lang):
        try:
            entry = export.export(system("facts-export"), args.area, args.since, args.out)
        except export.ExportError as error:
            parser.error(str(error))
    print(f"{export.summary(entry, args.lang)} -> {args.out}")
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="siklus national", description="Every indicator at every level.")
    sub = parser.add_subparsers(dest="action", required=True)
    r = sub.add_parser("run", help="compute every indicator at every level over exported facts")
    r.add_argument("--facts", required=True, type=Path)
    r.add_argument("--master", default="local[2]", help="Spark master (local[N], spark://…, yarn)")
    r.add_argument("--period", required=True, type=_year, action="append", help="year(s), e.g. 2025")
    r.add_argument("--engine", choices=("spark", "duckdb"), default="spark")
    r.add_argument("-o", "--out", required=True, type=Path)
    r.add_argument("--by-province", action="store_true",
                   help="one province at a time: the driver holds one province's counts (a national run)")
    r.add_argument("--no-progress", action="store_true")
    r.add_argument("--lang", choices=("id", "en"), default="id", help="language of the messages (default id)")
    load = sub.add_parser("load", help="store a run's values in this siklus database")
    load.add_argument("out", type=Path)
    load.add_argument("--lang", choices=("id", "en"), default="id", help="language of the messages (default id)")
    args = parser.parse_args(argv)
    _django()
    from django.utils import translation
    from tqdm import tqdm

    from siklus.core.actors import system
    from siklus.monitoring import catalogue
    from siklus.national import export, run
    from siklus.national.export import ExportError

    with translation.override(args.lang):
        try:
            if args.action == "load":
                print(run.stored_summary(run.load(system("national-load"), args.out), args.lang))
                return 0
            export.manifest(args.facts)  # before the progress bar: a missing export is said alone
            total = len(catalogue.INDICATORS) * len(args.period) * run.shards(args.facts, args.by_province)
            with tqdm(total=total, disable=args.no_progress,
                      desc=run.progress_label(args.lang), unit="ind") as bar:
                meta = run.national_run(args.facts, args.out, args.period, master=args.master,
                                        engine_name=args.engine, progress=lambda code: bar.update(),
                                        by_province=args.by_province)
        except ExportError as error:
            parser.error(str(error))
        print(f"{run.summary(meta, args.lang)} -> {args.out}")
    return 0


def _year(text: str) -> int:
    """A ``--period``: a year (Django, and so the user's language, is not set up while parsing)."""
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        raise argparse.ArgumentTypeError(f"{text}: bukan tahun (mis. 2025) / not a year (e.g. 2025)")
    return int(text)
