"""``siklus backup -o FILE``: the whole database in one verified archive (see siklus.core.backup)."""

from __future__ import annotations

import contextlib
from datetime import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from siklus.core import backup
from siklus.rules.messages import format_date, format_number


def n(value) -> str:
    """A number as Indonesian writes it (4.300): this command speaks Indonesian."""
    return format_number(value, "id")


def when(iso: str) -> str:
    """``5 Desember 2026 10.15`` in the server's time zone."""
    moment = timezone.localtime(datetime.fromisoformat(iso))
    return f"{format_date(moment.date(), 'id')} {moment:%H.%M}"


def size(nbytes: int) -> str:
    """``2,0 MB``; under a megabyte in kB."""
    return f"{n(round(nbytes / 1e6, 1))} MB" if nbytes >= 1e6 else f"{n(max(1, round(nbytes / 1e3)))} kB"


def message(error: backup.BackupError) -> str:
    params = {k: n(v) if isinstance(v, int | float) else v for k, v in error.params.items()}
    return _(error.template) % params if params else _(error.template)


def progress_bar(command: BaseCommand, disabled: bool) -> backup.Bar:
    @contextlib.contextmanager
    def bar(desc, total, unit):
        with tqdm(total=total, desc=desc, unit=unit, unit_scale=True, disable=disabled,
                  file=command.stderr._out, leave=False) as progress:
            yield progress

    return bar


class Command(BaseCommand):
    help = "Cadangkan seluruh basis data (DATABASE_URL) ke satu arsip dengan manifest untuk verifikasi."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, type=Path, help="the archive to write")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, output, no_progress, **options):
        try:
            manifest = backup.backup(connections["default"], output, progress_bar(self, no_progress))
        except backup.BackupError as exc:
            raise CommandError(message(exc)) from exc
        tables = manifest["tables"]
        self.stdout.write(_(
            "Cadangan %(engine)s ditulis ke %(file)s (%(size)s): %(tables)s tabel, %(rows)s baris, "
            "dibuat %(when)s."
        ) % {"engine": backup.LABEL[manifest["engine"]], "file": output, "size": size(output.stat().st_size),
             "tables": n(len(tables)), "rows": n(sum(t["rows"] for t in tables.values())),
             "when": when(manifest["created_at"])})
