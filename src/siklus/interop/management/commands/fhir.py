"""``siklus fhir export --area CODE [--since DATE] -o bundle.json`` and ``siklus fhir import FILE``."""

import json
import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from siklus.core.actors import system
from siklus.core.errors import Invalid
from siklus.interop import bundle as bundles
from siklus.interop import services
from siklus.interop.validation import invalid


class Command(BaseCommand):
    help = "Ekspor catatan pelayanan sebagai FHIR R4 transaction Bundle, atau impor pasien dari Bundle."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="write a FHIR transaction Bundle of an area's care records")
        export.add_argument("--area", required=True, help="area code, e.g. 62.02.01 or 62.02.01.2003")
        export.add_argument("--since", help="only records changed since this date (YYYY-MM-DD); voids too")
        export.add_argument("-o", "--output", required=True, help="file to write ('-' for standard output)")
        export.add_argument("--with-patients", action="store_true",
                            help="an entry for every patient (for FHIR servers other than SATUSEHAT)")
        export.add_argument("--no-validate", action="store_true", help="skip the R4B model validation")
        imp = sub.add_parser("import", help="register the Patients (and Immunizations) of a Bundle")
        imp.add_argument("file")

    def handle(self, *args, action, **options):
        actor = system("cli")
        try:
            if action == "export":
                return self._export(actor, options)
            return self._import(actor, options)
        except Invalid as error:
            raise CommandError(str(error)) from error

    def _export(self, actor, options):
        since = None
        if options["since"]:
            try:
                since = date.fromisoformat(options["since"])
            except ValueError:
                raise CommandError("--since takes a date YYYY-MM-DD") from None
        result = services.export_bundle(actor, options["area"], since=since, with_patients=options["with_patients"])
        if not options["no_validate"]:
            for entry in result["entry"]:
                error = invalid(entry["resource"])
                if error:
                    raise CommandError(f"{entry['fullUrl']} is not valid FHIR R4B: {error}")
        text = json.dumps(result, ensure_ascii=False, indent=1)
        if options["output"] == "-":
            self.stdout.write(text)
        else:
            with open(options["output"], "w", encoding="utf-8") as out:
                out.write(text)
        problems = bundles.problems(result)
        kinds: dict[str, int] = {}
        for entry in result["entry"]:
            kinds[entry["resource"]["resourceType"]] = kinds.get(entry["resource"]["resourceType"], 0) + 1
        summary = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) or "kosong"
        print(f"{len(result['entry'])} entri ({summary}) → {options['output']}", file=sys.stderr)
        if problems:
            print(f"{len(problems)} catatan belum memenuhi aturan SATUSEHAT, mis. {problems[0][0]}: "
                  f"{problems[0][1].message}", file=sys.stderr)

    def _import(self, actor, options):
        try:
            with open(options["file"], encoding="utf-8") as source:
                data = json.load(source)
        except (OSError, json.JSONDecodeError) as error:
            raise CommandError(f"{options['file']}: {error}") from None
        report = services.import_bundle(actor, data)
        for patient in report.patients:
            line = f"{patient.status:9} {patient.label}"
            if patient.immunizations:
                line += f" ({patient.immunizations} imunisasi)"
            if patient.candidates:
                line += " — kandidat: " + ", ".join(f"{p.name} [{p.pk}]" for p in patient.candidates)
            if patient.messages:
                line += " — " + "; ".join(patient.messages)
            self.stdout.write(line)
        self.stdout.write(f"{report.count('created')} pasien baru, {report.immunizations} imunisasi, "
                          f"{report.count('duplicate') + report.count('exists')} kemungkinan duplikat dilaporkan, "
                          f"{report.count('error')} ditolak.")
