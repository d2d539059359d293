"""``siklus national run|load``: every indicator at every level over exported facts (siklus.national.run).

    siklus national run --facts DIR [--master local[2]|spark://host:7077] --period 2025 -o OUT [--engine duckdb]
    siklus national load OUT
"""

from pathlib import Path

from django.core.management.base import BaseCommand

from siklus.core.actors import system


class Command(BaseCommand):
    help = "Indikator nasional dari fakta Parquet (Apache Spark atau DuckDB)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        r = sub.add_parser("run", help="compute every indicator at every level")
        r.add_argument("--facts", required=True, type=Path)
        r.add_argument("--master", default="local[2]", help="Spark master (local[N], spark://…, yarn)")
        r.add_argument("--period", required=True, type=int, action="append", help="year(s), e.g. 2025")
        r.add_argument("--engine", choices=("spark", "duckdb"), default="spark")
        r.add_argument("-o", "--out", required=True, type=Path)
        r.add_argument("--no-progress", action="store_true")
        load = sub.add_parser("load", help="store a run's values in this database")
        load.add_argument("out", type=Path)

    def handle(self, *args, action, **options):
        from siklus.national import run

        if action == "load":
            stored = run.load(system("national-load"), options["out"])
            self.stdout.write(f"{stored} values stored")
            return

        def progress(code):
            if not options["no_progress"]:
                self.stderr.write(f"  {code}")

        meta = run.national_run(options["facts"], options["out"], options["period"], master=options["master"],
                                engine_name=options["engine"], progress=progress)
        self.stdout.write(f"{meta['events']} events, {meta['rows']} values, {meta['queries']} queries in "
                          f"{meta['compute_seconds']} s ({meta['engine']}) → {options['out']}")
