"""``siklus restore FILE [--replace]``: restore an archive of ``siklus backup`` into the
DATABASE_URL database and verify every table's row count and checksum against its manifest."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils.translation import gettext as _

from siklus.core import backup
from siklus.core.management.commands.backup import message, n, progress_bar, when


class Command(BaseCommand):
    help = "Pulihkan cadangan siklus ke basis data DATABASE_URL, lalu periksa jumlah baris dan checksum tiap tabel."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="an archive written by siklus backup")
        parser.add_argument("--replace", action="store_true", help="overwrite a database that holds data")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, file, replace, no_progress, **options):
        target = connections["default"]
        target.close()  # the restore and the check use their own connections
        try:
            manifest, differences = backup.restore(file, target.settings_dict, replace=replace,
                                                   bar=progress_bar(self, no_progress))
        except backup.BackupError as exc:
            raise CommandError(message(exc)) from exc
        tables = manifest["tables"]
        self.stdout.write(_("Dipulihkan dari cadangan %(engine)s tanggal %(when)s (siklus %(version)s).") % {
            "engine": backup.LABEL[manifest["engine"]], "when": when(manifest["created_at"]),
            "version": manifest["siklus_version"]})
        if differences:
            for table, what, expected, actual in differences:
                self.stderr.write(_("Tidak cocok: tabel %(table)s, %(what)s: cadangan %(expected)s, hasil %(actual)s") % {
                    "table": table, "what": what, "expected": expected, "actual": actual})
            raise CommandError(_("Verifikasi GAGAL: %(count)s dari %(tables)s tabel tidak cocok dengan manifest.") % {
                "count": n(len(differences)), "tables": n(len(tables))})
        self.stdout.write(_("Terverifikasi: %(tables)s tabel, %(rows)s baris — jumlah baris dan checksum "
                            "setiap tabel cocok dengan manifest.") % {
            "tables": n(len(tables)), "rows": n(sum(t["rows"] for t in tables.values()))})
        if backup.unknown_migrations(manifest) == [] and _pending(target):
            self.stdout.write(_("Cadangan ini dari versi skema yang lebih lama: jalankan siklus migrate."))


def _pending(connection) -> bool:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
