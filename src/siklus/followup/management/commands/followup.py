"""``siklus followup refresh [--area CODE] [--since DATE] [--full]`` and ``siklus followup escalate``.

``refresh`` opens and closes follow-up tasks from the rules for the persons changed since the last
run (every person on first use), then household visits and escalation; run it nightly.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from tqdm import tqdm

from siklus.core.actors import system
from siklus.followup import services
from siklus.rules.messages import format_number


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(_("Tanggal harus berbentuk TTTT-BB-HH: %(value)s") % {"value": value}) from None


class Command(BaseCommand):
    help = "Tugas tindak lanjut: refresh (buka/tutup tugas dari aturan), escalate (naikkan tugas terlambat)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        refresh = sub.add_parser("refresh", help="buka dan tutup tugas dari aturan")
        refresh.add_argument("--area", help="hanya wilayah ini (kode Kemendagri, mis. 62.02.01)")
        refresh.add_argument("--since", type=_date, help="perubahan sejak tanggal ini (bawaan: sejak proses terakhir)")
        refresh.add_argument("--on", type=_date, help="tanggal evaluasi (bawaan: hari ini)")
        refresh.add_argument("--full", action="store_true", help="evaluasi semua penduduk")
        refresh.add_argument("--no-progress", action="store_true")
        refresh.add_argument("--lang", choices=["id", "en"], default="id")
        escalate = sub.add_parser("escalate", help="naikkan tugas yang lewat batas waktu")
        escalate.add_argument("--on", type=_date)
        escalate.add_argument("--lang", choices=["id", "en"], default="id")

    def handle(self, *args, **o):
        lang = o["lang"]
        with translation.override(lang):
            actor = system("followup")
            if o["action"] == "escalate":
                moved = services.escalate(actor, on=o["on"])
                self.stdout.write(_("%(count)s tugas dinaikkan.") % {"count": format_number(moved, lang)})
                return
            bar = tqdm(total=0, unit=_(" penduduk"), disable=o["no_progress"], file=self.stderr._out,
                       bar_format="{l_bar}{bar}| {postfix}")

            def progress(done: int, total: int) -> None:
                bar.total = total
                bar.n = done
                bar.set_postfix_str(f"{format_number(done, lang)} / {format_number(total, lang)}")

            try:
                report = services.refresh(actor, area=o["area"], since=o["since"], on=o["on"], full=o["full"],
                                          progress=progress)
            finally:
                bar.close()
            n = lambda value: format_number(value, lang)  # noqa: E731
            self.stdout.write(self.style.SUCCESS(_(
                "Selesai dalam %(seconds)s detik: %(persons)s penduduk dan %(households)s keluarga dievaluasi; "
                "%(opened)s tugas dibuka, %(done)s selesai, %(cancelled)s dibatalkan, %(escalated)s dinaikkan.") % {
                "seconds": n(round(report.seconds, 1)), "persons": n(report.persons),
                "households": n(report.households), "opened": n(report.opened), "done": n(report.done),
                "cancelled": n(report.cancelled), "escalated": n(report.escalated)}))
