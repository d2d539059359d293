"""``siklus report register|bulanan|kia``: the registers and reports of the web pages, written to a
file by the operator (e.g. a monthly cron job that files every Puskesmas's report).

    siklus report register --fasilitas UUID --jenis kohort-ibu --dari 2026-06 --sampai 2026-11 -o kohort.xlsx
    siklus report bulanan --fasilitas UUID --bulan 2026-11 -o laporan.pdf
    siklus report kia --penduduk UUID -o buku-kia.pdf

Acts as the system actor ``system:report``; every file is audited as an export like a download.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from siklus.core.actors import system
from siklus.core.errors import Invalid
from siklus.facilities.models import Facility
from siklus.people.models import Person
from siklus.reports import services
from siklus.reports.registers import BUILDERS


class Command(BaseCommand):
    help = "Register (Excel), laporan bulanan per klaster (PDF) dan halaman Buku KIA (PDF)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        register = sub.add_parser("register", help="register/kohort sebagai Excel")
        register.add_argument("--fasilitas", required=True, help="id Puskesmas, Pustu atau Posyandu")
        register.add_argument("--jenis", required=True, choices=sorted(BUILDERS))
        register.add_argument("--dari", default="", help="bulan awal TTTT-BB (kosong: bulan ini)")
        register.add_argument("--sampai", default="", help="bulan akhir TTTT-BB (kosong: sama dengan --dari)")
        register.add_argument("-o", "--output", required=True)
        monthly = sub.add_parser("bulanan", help="laporan bulanan per klaster sebagai PDF")
        monthly.add_argument("--fasilitas", required=True)
        monthly.add_argument("--bulan", default="", help="TTTT-BB (kosong: bulan ini)")
        monthly.add_argument("-o", "--output", required=True)
        kia = sub.add_parser("kia", help="halaman Buku KIA seorang anak sebagai PDF")
        kia.add_argument("--penduduk", required=True, help="id anak")
        kia.add_argument("-o", "--output", required=True)

    def handle(self, *args, what, output, **options):
        actor = system("report")
        today = timezone.localdate()
        try:
            if what == "kia":
                person = _get(Person, options["penduduk"])
                download = services.buku_kia_file(actor, person, today)
            else:
                facility = _get(Facility, options["fasilitas"])
                if what == "register":
                    period = services.parse_period(options["dari"], options["sampai"], today=today)
                    download = services.register_file(actor, facility, options["jenis"], period)
                else:
                    month = services.parse_period(options["bulan"], None, today=today)
                    download = services.monthly_report_file(actor, facility, month)
        except Invalid as exc:
            raise CommandError("; ".join(m for messages in exc.errors.values() for m in messages)) from None
        Path(output).write_bytes(download.content)
        self.stdout.write(f"{output} ({len(download.content):,} byte)".replace(",", "."))


def _get(model, pk: str):
    try:
        return model.objects.active().get(pk=pk)
    except (model.DoesNotExist, ValueError, ValidationError):
        raise CommandError(f"{model._meta.verbose_name} {pk} tidak ditemukan") from None
