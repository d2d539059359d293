"""``siklus indicators refresh|show``: recompute stored indicator values, print them.

    siklus indicators refresh [--year 2025 …] [--since DATE] [--area CODE] [--indicator CODE …] [--rebuild]
    siklus indicators refresh --dirty        # what care saves marked; run every minute (cron/systemd)
    siklus indicators show --area 62.02 --period 2025 [--indicator CODE] [--level desa] --format json|csv|table
"""

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from tqdm import tqdm

from siklus.core.actors import system
from siklus.monitoring import catalogue, exports, facts, queries, refresh

JOB = system("indicators")


class Command(BaseCommand):
    help = "Indikator PWS, SPM dan ILP: hitung ulang (refresh) atau tampilkan (show)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        r = sub.add_parser("refresh", help="recompute stored indicator values")
        r.add_argument("--year", type=int, action="append", help="year(s) to recompute (default: this year)")
        r.add_argument("--since", type=date.fromisoformat, help="recompute every year from this date's year")
        r.add_argument("--area", help="only this area (and re-sum the levels above it)")
        r.add_argument("--indicator", action="append", help="only these indicators")
        r.add_argument("--rebuild", action="store_true", help="rebuild the fact table of the area from care first")
        r.add_argument("--dirty", action="store_true", help="only what care saves marked since the last run")
        r.add_argument("--no-progress", action="store_true")
        s = sub.add_parser("show", help="print stored values")
        s.add_argument("--area", required=True)
        s.add_argument("--period", required=True, help="2025 or 2025-03")
        s.add_argument("--indicator", action="append")
        s.add_argument("--level", help="units of this level inside the area (default: the area itself)")
        s.add_argument("--format", choices=("json", "csv", "table"), default="table")

    def handle(self, *args, action, **options):
        return getattr(self, action)(**options)

    def refresh(self, *, year, since, area, indicator, rebuild, dirty, no_progress, **_options):
        unknown = [c for c in indicator or () if c not in catalogue.BY_CODE]
        if unknown:
            raise CommandError(f"unknown indicator: {', '.join(unknown)}")
        if dirty:
            stored = refresh.refresh_dirty(JOB)
            self.stdout.write(_("%(n)s nilai indikator tersimpan") % {"n": number_format(stored, force_grouping=True)})
            return
        today = timezone.localdate()
        years = set(year or ())
        if since:
            years |= set(range(since.year, today.year + 1))
        years = sorted(years or {today.year})
        if rebuild:
            from siklus.areas.models import Area, Level

            prefixes = [area] if area else list(Area.objects.filter(level=Level.KABKOTA).values_list("code", flat=True))
            written = sum(facts.rebuild(p) for p in prefixes)
            self.stdout.write(_("%(n)s fakta layanan ditulis") % {"n": number_format(written, force_grouping=True)})
        chosen = indicator or [i.code for i in catalogue.INDICATORS]
        with tqdm(total=len(chosen) * len(years), disable=no_progress, desc="indikator", unit="ind") as bar:
            stored = refresh.refresh(JOB, years, area=area, indicators=chosen, progress=lambda code: bar.update())
        self.stdout.write(_("%(n)s nilai indikator tersimpan") % {"n": number_format(stored, force_grouping=True)})

    def show(self, *, area, period, indicator, level, format, **_options):
        codes = indicator or [i.code for i in catalogue.INDICATORS]
        unknown = [c for c in codes if c not in catalogue.BY_CODE]
        if unknown:
            raise CommandError(f"unknown indicator: {', '.join(unknown)}")
        rows = queries.values(JOB, codes, area, level or queries.level_of(area), [period])
        if format == "json":
            keys = ("indicator", "level", "unit", "unit_name", "period", "numerator", "denominator", "value",
                    "target", "status", "sasaran_source", "rule_versions", "computed_at")
            self.stdout.write(json.dumps([{k: r[k] for k in keys} for r in rows], default=str, indent=1,
                                         ensure_ascii=False))
        elif format == "csv":
            self.stdout.write(exports.to_csv(rows), ending="")
        else:
            self._table(rows)

    def _table(self, rows):
        def num(value, digits=1):
            return "—" if value is None else number_format(round(value, digits), digits, force_grouping=True)

        width = max([len(r["indicator"]) for r in rows] or [10])
        for r in rows:
            name = catalogue.get(r["indicator"]).label
            den = "" if r["denominator"] is None else " / " + num(r["denominator"], 0)
            unit = "" if catalogue.get(r["indicator"]).denominator is None else " %"
            self.stdout.write(f"{r['indicator']:<{width}}  {r['unit_name'][:24]:<24} {r['period']:<7} "
                              f"{num(r['numerator'], 0)}{den} = {num(r['value'])}{unit}  "
                              f"{_(r['status']) if r['status'] else ''}  [{name}]")
