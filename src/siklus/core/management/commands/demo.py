"""``siklus demo``: migrate, load Kotawaringin Timur and a hand-made demo set, then serve."""

import os

from django.core.management import call_command
from django.core.management.base import BaseCommand

from siklus.areas.models import Area


class Command(BaseCommand):
    help = "Siapkan dan jalankan demo siklus (SQLite) di http://127.0.0.1:PORT"

    def add_arguments(self, parser):
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--no-serve", action="store_true", help="prepare the database only")

    def handle(self, *args, port, no_serve, **options):
        from siklus.core import demo

        call_command("migrate", verbosity=0, interactive=False)
        if not Area.objects.filter(code=demo.KABUPATEN).exists():
            self.stdout.write("Memuat wilayah Kabupaten Kotawaringin Timur (62.02) …")
            call_command("areas", "load", kabupaten=demo.KABUPATEN)
        result = demo.build()
        if result["created"]:
            self.stdout.write("Data contoh (buatan tangan, bukan data nyata) dibuat.")
        self.stdout.write(self.style.SUCCESS(f"\nsiklus demo: http://127.0.0.1:{port}/"))
        self.stdout.write(f"Kata sandi semua akun demo: {demo.DEMO_PASSWORD}")
        for username, role, where in demo.logins():
            self.stdout.write(f"  {username:<11} {role:<24} {where}")
        self.stdout.write("")
        if not no_serve:
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
