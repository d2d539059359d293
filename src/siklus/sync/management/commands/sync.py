"""siklus sync stats DESA | siklus sync rebuild DESA: a desa's working set, and its feed rebuilt
from the live records (after a bulk import or a restore; the desa's phones reset)."""

import json

from django.core.management.base import BaseCommand

from siklus.core.actors import system
from siklus.sync import services


class Command(BaseCommand):
    help = "Working-set size of a desa's sync feed, or rebuild the feed."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["stats", "rebuild"])
        parser.add_argument("desa")

    def handle(self, *args, action, desa, **options):
        if action == "rebuild":
            rows = services.rebuild_scope(system("cli"), desa)
            self.stdout.write(f"{desa}: {rows} rows in the feed (new epoch: the desa's phones download it again)")
        stats = services.stats(desa)
        self.stdout.write(json.dumps(stats))
        if stats["records"] > stats["limit"]:
            self.stderr.write(f"warning: {stats['records']} records exceed the working-set limit {stats['limit']}")
