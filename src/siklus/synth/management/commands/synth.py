"""``siklus synth``: a synthetic kabupaten for demos, tests, training and benchmarks.

    siklus synth --preset kotim [--scale 0.1] [--seed 1]
    siklus synth --kabupaten 62.02 --persons 100000 --seed 7 --months 24

``--months`` (default 12) months of care history end at ``--as-of`` (see ``siklus.synth.history``);
``--months 0`` makes the population and facilities only.

    siklus synth --report --preset kotim [--lang en]
    siklus synth --report --kabupaten 62.02

prints, for a kabupaten already generated, each figure next to its target and source
(``siklus.synth.report``) and generates nothing.
"""

from __future__ import annotations

import contextlib
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError
from django.utils import timezone, translation
from tqdm import tqdm

from siklus.accounts.models import Role
from siklus.facilities.services import rollout
from siklus.rules.messages import format_number
from siklus.synth import generator
from siklus.synth import parameters as P
from siklus.synth import report as synth_report
from siklus.synth.presets import PRESETS
from siklus.synth.users import logins


def n(value) -> str:
    """A number as Indonesian writes it (4.300, 73,9): this command speaks Indonesian."""
    return format_number(value, "id")


class Command(BaseCommand):
    help = "Buat kabupaten sintetis (penduduk, keluarga, fasilitas, nakes, kader, akun) — bukan data nyata."

    def add_arguments(self, parser):
        parser.add_argument("--preset", choices=sorted(PRESETS), help="kotim, banjar, sintang or bandung")
        parser.add_argument("--kabupaten", help="kabupaten/kota code, e.g. 62.02 (default figures)")
        parser.add_argument("--persons", type=int, help="number of person records (overrides --scale)")
        parser.add_argument("--scale", type=float, default=1.0, help="share of the preset's population, e.g. 0.1")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--months", type=int, default=P.DEFAULT_MONTHS,
                            help=f"months of care history ending at --as-of (default {P.DEFAULT_MONTHS}; 0: none)")
        parser.add_argument("--as-of", type=date.fromisoformat, default=None, help="reference date (default today)")
        parser.add_argument("--replace", action="store_true", help="replace synthetic data already in the kabupaten")
        parser.add_argument("--prefix", help="username prefix of the logins (default: preset name)")
        parser.add_argument("--no-progress", action="store_true")
        parser.add_argument("--logins", action="store_true",
                            help="also create one login per role, with random passwords shown once "
                                 "(the public demo password only in a database made by `siklus demo`)")
        parser.add_argument("--no-logins", action="store_true", help="create no logins (the default; kept for scripts)")
        parser.add_argument("--no-login-list", action="store_true", help="do not list the logins (siklus demo does)")
        parser.add_argument("--report", action="store_true",
                            help="print how close the generated kabupaten is to its district's figures; generate nothing")
        parser.add_argument("--lang", choices=("id", "en"), default="id", help="language of --report (default id)")

    def handle(self, *args, **o):
        if o["report"]:
            return self.report(o)
        if not 0 <= o["months"] <= 120:
            raise CommandError("--months must be between 0 and 120")
        if o["persons"] is not None and o["persons"] < 1:
            raise CommandError("--persons must be at least 1")
        if not 0 < o["scale"] <= 10:
            raise CommandError("--scale must be between 0 and 10")
        try:
            preset = generator.resolve(preset=o["preset"], kabupaten=o["kabupaten"], persons=o["persons"],
                                       scale=o["scale"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc

        @contextlib.contextmanager
        def bar(total, unit, desc):
            with tqdm(total=total, unit=unit, desc=desc, disable=o["no_progress"], file=self.stderr._out,
                      unit_scale=True, smoothing=0.1) as progress:
                yield progress

        self.stdout.write(f"{preset.title} ({preset.kabupaten}): {n(preset.population)} penduduk, seed {o['seed']} …")
        try:
            result = generator.generate(preset=preset, seed=o["seed"], months=o["months"], as_of=o["as_of"],
                                        scale=o["scale"], replace=o["replace"], bar=bar, prefix=o["prefix"],
                                        logins=o["logins"] and not o["no_logins"])
        except generator.AlreadyGenerated as exc:
            run = exc.run
            when = timezone.localtime(run.created_at) if run else None
            what = (f"dibuat {when:%d-%m-%Y %H:%M}, seed {run.seed}, {n(run.persons)} penduduk"
                    if run else f"{exc.facilities} fasilitas sintetis")
            raise CommandError(
                f"Data sintetis sudah ada di {preset.title} ({preset.kabupaten}; {what}). "
                "Tambahkan --replace untuk menggantinya (hanya data sintetis yang dihapus)."
            ) from None
        except IntegrityError as exc:
            raise CommandError(
                f"Data sintetis tidak dapat diganti: ada data lain yang merujuk kepadanya ({exc})."
            ) from None
        except ValueError as exc:
            raise CommandError(str(exc)) from exc

        f = result.facilities
        self.stdout.write(self.style.SUCCESS(
            f"\nSelesai dalam {n(round(result.seconds['total'], 1))} detik "
            f"({n(round(result.persons_per_second))} penduduk/detik)."
        ))
        self.stdout.write(
            f"  {n(result.persons)} penduduk dalam {n(result.households)} keluarga "
            f"({n(result.without_nik)} tanpa NIK, {n(result.duplicates)} pendaftaran ganda)\n"
            f"  {n(result.sub_areas)} RW/RT baru; {n(result.staff)} nakes; {n(result.kader)} kader"
        )
        dinkes = next((u for u in result.users if u.role == Role.DINKES_KAB), None)
        if dinkes is not None:
            for row in rollout(dinkes):
                share = f"{n(round(row['share'], 1))}%" if row["share"] is not None else "-"
                self.stdout.write(
                    f"  {row['kind'].label:<10} {row['ilp']:>5} / {row['total']:<5} menjalankan ILP ({share})"
                )
        other = {k: v for k, v in f.items()}
        if dinkes is not None:
            counts = {row["kind"].value: row["total"] for row in rollout(dinkes)}
            extra = {k: counts.get(k, 0) - v["total"] for k, v in other.items() if counts.get(k, 0) != v["total"]}
            if extra:
                self.stdout.write(self.style.WARNING(
                    "  Perhatian: wilayah ini juga berisi fasilitas yang bukan sintetis; angka di atas mencakupnya."
                ))
        if o["months"]:
            h = result.history
            self.stdout.write(
                f"  Riwayat {o['months']} bulan: {n(h.get('encounter', 0))} kunjungan, {n(h.get('observation', 0))} "
                f"hasil pemeriksaan, {n(h.get('immunization', 0))} imunisasi, {n(h.get('pregnancy', 0))} kehamilan, "
                f"{n(h.get('person', 0))} kelahiran, {n(h.get('died', 0))} meninggal, {n(h.get('moved_out', 0))} pindah"
            )
        if not result.users or o["no_login_list"]:
            return
        self.stdout.write("\nAkun (kata sandi hanya ditampilkan sekali ini; akun yang sudah ada tidak diubah):")
        for username, role, where in logins(result.users):
            password = result.passwords.get(username, "(tetap)")
            self.stdout.write(f"  {username:<20} {password:<18} {role:<24} {where}")

    def report(self, o) -> None:
        if o["preset"]:
            kabupaten = PRESETS[o["preset"]].kabupaten
            if o["kabupaten"] and o["kabupaten"] != kabupaten:
                raise CommandError(f"preset {o['preset']} is {kabupaten}, not {o['kabupaten']}")
        elif o["kabupaten"]:
            kabupaten = o["kabupaten"]
        else:
            raise CommandError("--report needs --preset or --kabupaten")
        lang = o["lang"]
        with translation.override(lang):
            try:
                found = synth_report.build(kabupaten)
            except synth_report.NotGenerated as exc:
                raise CommandError(str(exc)) from None
            for line in synth_report.lines(found, lang):
                self.stdout.write(line)

