"""``siklus demo``: migrate, generate a small synthetic Kotawaringin Timur once, then serve.

The demo is the kotim preset at 1% of its population (about 4,500 synthetic residents) with
all of the district's facilities and 12 months of care history (``synth``'s default ``--months``),
so every seat — kader to Dinkes — has something to explore.
A second run finds the data and starts at once.

The demo's logins have a public password, so they exist only in a database that ``siklus demo``
created itself (marked with a :class:`~siklus.accounts.models.DemoDatabase` row): on any other
database that already holds users, areas, facilities or residents it refuses and changes nothing.
An existing account's password is never reset.
"""

import os
from datetime import timedelta

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from siklus.accounts.models import DemoDatabase, User
from siklus.areas.models import Area
from siklus.facilities.models import Facility
from siklus.people.models import Person
from siklus.synth import generator
from siklus.synth.users import PASSWORD, ROLE_USERS, RT_USER, logins

PRESET, SCALE, SEED = "kotim", 0.01, 1


class Command(BaseCommand):
    help = "Siapkan dan jalankan demo siklus (data sintetis, bukan data nyata) di http://127.0.0.1:PORT"

    def add_arguments(self, parser):
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--no-serve", action="store_true", help="prepare the database only")

    def handle(self, *args, port, no_serve, **options):
        call_command("migrate", verbosity=0, interactive=False)
        if not DemoDatabase.here():
            if any(m.objects.exists() for m in (User, Area, Facility, Person)):
                raise CommandError(
                    "Basis data ini bukan basis data demo (sudah berisi data atau akun), jadi siklus demo "
                    "tidak mengubahnya dan tidak membuat akun demo. Jalankan demo dengan basis data baru "
                    "(mis. direktori atau DATABASE_URL lain)."
                )
            DemoDatabase.objects.create()
        preset = generator.resolve(preset=PRESET, scale=SCALE)
        run, facilities = generator.existing(preset.kabupaten)
        if run is None and not facilities:
            self.stdout.write("Membuat data demo sintetis (bukan data nyata) …")
            call_command("synth", preset=PRESET, scale=SCALE, seed=SEED, prefix="", logins=True, no_login_list=True,
                         stdout=self.stdout, stderr=self.stderr)
            # Dashboards and worklists read stored indicator values and tasks: compute them once for the
            # history's whole period, so a new user sees figures and lists at once.
            self.stdout.write("Menghitung indikator PWS/SPM dan tugas tindak lanjut …")
            since = timezone.localdate().replace(day=1) - timedelta(days=366)
            call_command("indicators", "refresh", "--since", since.isoformat(), "--no-progress",
                         stdout=self.stdout, stderr=self.stderr)
            call_command("followup", "refresh", "--no-progress", stdout=self.stdout, stderr=self.stderr)
        else:
            # What was recorded since the last start (saves mark what they change).
            call_command("indicators", "refresh", "--dirty", "--no-progress", stdout=self.stdout, stderr=self.stderr)
        seats = [*ROLE_USERS, RT_USER]
        users = User.objects.filter(username__in=[suffix for suffix, *_ in seats]).select_related("facility", "area")
        order = {suffix: i for i, (suffix, *_) in enumerate(seats)}
        self.stdout.write(self.style.SUCCESS(f"\nsiklus demo: http://127.0.0.1:{port}/"))
        self.stdout.write(f"Kata sandi awal akun demo: {PASSWORD}")
        for username, role, where in sorted(logins(list(users)), key=lambda row: order[row[0]]):
            self.stdout.write(f"  {username:<11} {role:<24} {where}")
        self.stdout.write("")
        if not no_serve:
            # The production server (no ~40 ms stall per response as with runserver), on the demo key.
            call_command("serve", host="127.0.0.1", port=int(port), demo=True)
