"""``siklus satusehat configure|send|status|practitioner``: a Puskesmas' SATUSEHAT access and the sender.

``siklus satusehat send`` runs until stopped (a pass every ``--interval`` seconds); ``--once`` sends
what is due and exits (for cron or a systemd timer). Killed at any moment and started again, it
sends every record exactly once (see :mod:`siklus.interop.outbox`).
"""

import getpass
import os
import sys
import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from siklus.accounts.models import User
from siklus.core.actors import system
from siklus.core.errors import Invalid
from siklus.facilities.models import Facility, Kind
from siklus.interop import services
from siklus.interop.models import OutboxStatus, SatusehatConfig


class Command(BaseCommand):
    help = "Pengaturan dan pengiriman data ke SATUSEHAT."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        conf = sub.add_parser("configure", help="set a Puskesmas' SATUSEHAT access")
        conf.add_argument("puskesmas", help="the Puskesmas' id or facility code")
        conf.add_argument("--organization-id")
        conf.add_argument("--client-id")
        conf.add_argument("--secret-stdin", action="store_true",
                          help="read the client secret from standard input (or SATUSEHAT_CLIENT_SECRET)")
        conf.add_argument("--auth-url")
        conf.add_argument("--base-url")
        conf.add_argument("--practitioner-id", help="default Practitioner (IHS) named on contacts")
        conf.add_argument("--send-from", help="send records from this date (YYYY-MM-DD)")
        switch = conf.add_mutually_exclusive_group()
        switch.add_argument("--enable", action="store_true")
        switch.add_argument("--disable", action="store_true")
        send = sub.add_parser("send", help="send what is due to SATUSEHAT")
        send.add_argument("--once", action="store_true", help="one pass, then exit")
        send.add_argument("--puskesmas", help="only this Puskesmas (id or code)")
        send.add_argument("--interval", type=float, default=60.0, help="seconds between passes")
        sub.add_parser("status", help="counts per Puskesmas and status")
        link = sub.add_parser("practitioner", help="a user's SATUSEHAT Practitioner id")
        link.add_argument("username")
        link.add_argument("practitioner_id")

    def handle(self, *args, action, **options):
        actor = system("cli")
        try:
            return getattr(self, f"_{action}")(actor, options)
        except Invalid as error:
            raise CommandError(str(error)) from error

    @staticmethod
    def _puskesmas(value: str) -> Facility:
        found = Facility.objects.filter(kind=Kind.PUSKESMAS).filter(code=value).first()
        if found is None:
            try:
                found = Facility.objects.filter(kind=Kind.PUSKESMAS, pk=value).first()
            except Exception:  # not a UUID
                found = None
        if found is None:
            raise CommandError(f"Puskesmas {value} tidak ditemukan")
        return found

    def _configure(self, actor, options):
        values = {}
        for option, name in (("organization_id", "organization_id"), ("client_id", "client_id"),
                             ("auth_url", "auth_url"), ("base_url", "base_url"),
                             ("practitioner_id", "default_practitioner_id")):
            if options[option] is not None:
                values[name] = options[option]
        if options["send_from"]:
            values["send_from"] = date.fromisoformat(options["send_from"])
        if options["secret_stdin"]:
            secret = os.environ.get("SATUSEHAT_CLIENT_SECRET") or (
                getpass.getpass("client secret: ") if sys.stdin.isatty() else sys.stdin.readline().strip())
            values["secret"] = secret
        if options["enable"] or options["disable"]:
            values["enabled"] = bool(options["enable"])
        config = services.configure(actor, self._puskesmas(options["puskesmas"]), **values)
        self.stdout.write(f"{config}: organisasi {config.organization_id or '-'}, client {config.client_id_masked or '-'}, "
                          f"secret {'tersimpan' if config.has_secret else 'belum ada'}, "
                          f"pengiriman {'aktif' if config.enabled else 'tidak aktif'}")

    def _send(self, actor, options):
        puskesmas = self._puskesmas(options["puskesmas"]) if options["puskesmas"] else None
        while True:
            reports = services.send(actor, puskesmas=puskesmas)
            for name, report in reports.items():
                self.stdout.write(f"{name}: {report.sent} terkirim, {report.retry} dicoba lagi nanti, "
                                  f"{report.failed} gagal, {report.superseded} diganti versi baru")
                for error in report.errors:
                    self.stderr.write(f"{name}: {error}")
            if not reports:
                self.stdout.write("Tidak ada Puskesmas dengan pengiriman SATUSEHAT aktif.")
            if options["once"]:
                return
            time.sleep(options["interval"])

    def _status(self, actor, options):
        for config in SatusehatConfig.objects.select_related("puskesmas").order_by("puskesmas__name"):
            counts = {s: config.outbox.filter(status=s).count() for s in OutboxStatus.values}
            self.stdout.write(f"{config.puskesmas}: " + ", ".join(f"{OutboxStatus(s).label} {n}" for s, n in counts.items()))

    def _practitioner(self, actor, options):
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"pengguna {options['username']} tidak ditemukan")
        services.link_practitioner(actor, user, options["practitioner_id"])
        self.stdout.write(f"{user.username} → Practitioner/{options['practitioner_id']}")
