"""``siklus facts export``: de-identified facts of an area as partitioned Parquet (siklus.national.export).

    SIKLUS_PSEUDONYM_KEY=… siklus facts export --area 62.02 [--since 2025-01-01] -o DIR
"""

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from siklus.core.actors import system


class Command(BaseCommand):
    help = "Fakta layanan tanpa identitas (Parquet) untuk analitik nasional."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        e = sub.add_parser("export", help="write the area's de-identified facts as Parquet")
        e.add_argument("--area", required=True, help="province, kabupaten, kecamatan or desa code")
        e.add_argument("--since", type=date.fromisoformat, help="from this date's month (default: everything)")
        e.add_argument("-o", "--out", required=True, type=Path)

    def handle(self, *args, action, area, since, out, **options):
        from siklus.national import export

        try:
            entry = export.export(system("facts-export"), area, since, out)
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        size = sum(f["bytes"] for f in entry["files"])
        self.stdout.write(f"{entry['facts']} facts, {entry['persons']} persons, {len(entry['files'])} files, "
                          f"{size} bytes in {entry['seconds']} s → {out}")
