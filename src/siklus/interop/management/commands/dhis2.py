"""``siklus dhis2 check|export|push``: monthly (or yearly) indicator values to DHIS2.

    siklus dhis2 check [--mapping FILE]
    siklus dhis2 export --area 62.02 --period 202511 -o payload.json [--mapping FILE]
    siklus dhis2 push --area 62.02 --period 202511 --url https://dhis2.example.id --user U \\
                      --password-env DHIS2_PASSWORD [--dry-run] [--verify] [--file payload.json]

The mapping file comes from ``--mapping`` or ``SIKLUS_DHIS2_MAPPING``. The password is read from
the environment variable named by ``--password-env`` (never from the command line, where ``ps``
shows it). ``push`` exits non-zero when DHIS2 reports conflicts or, with ``--verify``, when a
value read back differs from what was sent.
"""

import json
import os
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from siklus.core.actors import system
from siklus.core.errors import Invalid
from siklus.interop import dhis2, dhis2_mapping
from siklus.interop.dhis2_client import Dhis2Client, Dhis2Error

SHOWN = 20  # problems listed in full; the rest are counted


class Command(BaseCommand):
    help = "Kirim nilai indikator bulanan ke DHIS2 (dataValueSets)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("check", help="check a mapping file and list what it leaves unmapped")
        check.add_argument("--mapping", help="mapping JSON file (default: $SIKLUS_DHIS2_MAPPING)")
        export = sub.add_parser("export", help="write the dataValueSets payload of a month")
        push = sub.add_parser("push", help="send the payload of a month to a DHIS2 server")
        for command in (export, push):
            command.add_argument("--mapping", help="mapping JSON file (default: $SIKLUS_DHIS2_MAPPING)")
            command.add_argument("--area", required=True, help="area code: 62.02 (kabupaten), 62.02.01 …")
            command.add_argument("--period", help="202511 (a month) or 2025 (a year)")
        export.add_argument("-o", "--output", required=True, help="file to write ('-' for standard output)")
        push.add_argument("--url", required=True, help="the DHIS2 server, e.g. https://dhis2.dinkes.example.id")
        push.add_argument("--user", required=True)
        push.add_argument("--password-env", required=True, metavar="VAR",
                          help="name of the environment variable holding the password")
        push.add_argument("--file", help="send this exported payload instead of building it again")
        push.add_argument("--dry-run", action="store_true", help="DHIS2 checks and counts, stores nothing")
        push.add_argument("--verify", action="store_true", help="read the values back and compare them")

    def handle(self, *args, action, **options):
        actor = system("cli")
        try:
            mapping = dhis2_mapping.load(self._mapping_path(options))
        except dhis2_mapping.MappingError as error:
            raise CommandError("pemetaan DHIS2: " + "\n  ".join(["", *error.problems])) from None
        try:
            return getattr(self, f"_{action}")(actor, mapping, options)
        except Invalid as error:
            raise CommandError(str(error)) from error
        except Dhis2Error as error:
            raise CommandError(str(error)) from None

    @staticmethod
    def _mapping_path(options) -> str:
        path = options.get("mapping") or os.environ.get("SIKLUS_DHIS2_MAPPING") or getattr(
            settings, "SIKLUS_DHIS2_MAPPING", "")
        if not path:
            raise CommandError("tidak ada pemetaan DHIS2: --mapping FILE atau SIKLUS_DHIS2_MAPPING "
                               f"(contoh: {dhis2_mapping.EXAMPLE})")
        return path

    def _check(self, actor, mapping, options):
        from siklus.monitoring import catalogue

        parts = sum(len(p) for p in mapping.indicators.values())
        self.stdout.write(f"pemetaan {mapping.version}: {len(mapping.indicators)} indikator ({parts} data element), "
                          f"{len(mapping.areas)} wilayah, {len(mapping.facilities)} fasilitas")
        unmapped = [i.code for i in catalogue.INDICATORS if i.code not in mapping.indicators]
        if unmapped:
            self.stdout.write(f"tidak dipetakan ({len(unmapped)}): {', '.join(unmapped)}")

    def _build(self, actor, mapping, options) -> dhis2.Export:
        if not options["period"]:
            raise CommandError("--period wajib (202511 atau 2025)")
        result = dhis2.export(actor, mapping, options["area"], options["period"])
        self._report(result)
        return result

    def _report(self, result: dhis2.Export) -> None:
        err = sys.stderr
        print(f"{len(result.values)} nilai, periode {result.period.dhis2}, wilayah {result.area}, "
              f"pemetaan {result.mapping_version}", file=err)
        if result.computed:
            print(f"  nilai dihitung {result.computed[0]:%Y-%m-%d %H:%M} – {result.computed[1]:%Y-%m-%d %H:%M}", file=err)
        for problem in result.problems[:SHOWN]:
            print(f"  tidak dikirim: {problem}", file=err)
        if len(result.problems) > SHOWN:
            print(f"  … dan {len(result.problems) - SHOWN} lagi", file=err)
        for level, units in result.unmapped_units.items():
            print(f"  {len(units)} unit {level} punya nilai tetapi tanpa orgUnit: {', '.join(units[:10])}"
                  + (" …" if len(units) > 10 else ""), file=err)
        if result.unmapped_indicators:
            print(f"  indikator tanpa pemetaan ({len(result.unmapped_indicators)}): "
                  f"{', '.join(result.unmapped_indicators)}", file=err)

    def _export(self, actor, mapping, options):
        result = self._build(actor, mapping, options)
        text = json.dumps(result.payload, ensure_ascii=False, indent=1)
        if options["output"] == "-":
            self.stdout.write(text)
        else:
            with open(options["output"], "w", encoding="utf-8") as out:
                out.write(text + "\n")
        dhis2.record_export(actor, result, where="stdout" if options["output"] == "-" else "file")

    def _push(self, actor, mapping, options):
        password = os.environ.get(options["password_env"])
        if not password:
            raise CommandError(f"variabel lingkungan {options['password_env']} kosong atau tidak ada")
        sources: list = []
        if options["file"]:
            try:
                with open(options["file"], encoding="utf-8") as source:
                    payload = json.load(source)
            except (OSError, json.JSONDecodeError) as error:
                raise CommandError(f"{options['file']}: {error}") from None
        else:
            built = self._build(actor, mapping, options)
            payload, sources = built.payload, built.sources
        client = Dhis2Client(options["url"], options["user"], password)
        result = dhis2.push(actor, mapping, options["area"], payload, client, dry_run=options["dry_run"],
                            verify=options["verify"])
        s = result.summary
        self.stdout.write(f"{'uji coba (dryRun): ' if s.dry_run else ''}{s.status}: {s.imported} baru, "
                          f"{s.updated} diperbarui, {s.ignored} diabaikan, {len(s.conflicts)} konflik")
        values = payload.get("dataValues") or []
        for value, conflict in result.conflicts:
            where = ""
            if value is not None:
                index = next((i for i, v in enumerate(values) if v is value), None)
                origin = sources[index] if index is not None and index < len(sources) else None
                where = (f"{origin[0]} {origin[1]} {origin[2]} → " if origin else "") + \
                    f"{value['dataElement']}/{value.get('categoryOptionCombo', '')} {value.get('orgUnit', '')}" + \
                    f" = {value['value']}: "
            self.stderr.write(f"  konflik: {where}{conflict}")
        for difference in result.differences or []:
            self.stderr.write(f"  berbeda: {difference}")
        if result.differences is not None and not result.differences:
            self.stdout.write(f"diperiksa: {len(values)} nilai tersimpan di DHIS2 sama dengan yang dikirim")
        if s.conflicts or result.differences:
            raise CommandError(f"{len(s.conflicts)} konflik, {len(result.differences or [])} nilai berbeda")
