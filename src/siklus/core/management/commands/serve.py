"""``siklus serve``: the production server (gunicorn, threaded workers; see ``siklus.core.server``)."""

import os

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from siklus.core import server


class Command(BaseCommand):
    help = "Jalankan server produksi siklus (gunicorn). Tanpa --demo, SIKLUS_SECRET_KEY wajib diatur."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("SIKLUS_HOST", "127.0.0.1"),
                            help="address to listen on (default 127.0.0.1: put a TLS proxy in front)")
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=server.default_workers(),
                            help="processes (default: the number of cores, env SIKLUS_WORKERS)")
        parser.add_argument("--threads", type=int, default=server.default_threads(),
                            help="threads per process (default 4, env SIKLUS_THREADS); also each process's "
                                 "PostgreSQL pool size")
        parser.add_argument("--access-log", action="store_true", help="log every request to stdout")
        parser.add_argument("--demo", action="store_true", help="allow the development secret key (demo data only)")

    def handle(self, *args, host, port, workers, threads, access_log, demo, **options):
        try:
            server.require_production_secret(demo=demo)
        except server.InsecureSetup as error:
            raise CommandError(str(error)) from None
        if workers < 1 or threads < 1:
            raise CommandError("--workers and --threads must be at least 1")
        self._warn_unapplied_migrations()
        self.stdout.write(f"siklus serve: http://{host}:{port}/ ({workers} × {threads} threads)")
        server.run(host=host, port=port, workers=workers, threads=threads, access_log=access_log)

    def _warn_unapplied_migrations(self):
        connection = connections[DEFAULT_DB_ALIAS]
        try:
            executor = MigrationExecutor(connection)
            plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        finally:
            connection.close()
        if plan:
            self.stderr.write(self.style.WARNING(
                f"{len(plan)} migrasi belum dijalankan: jalankan `siklus migrate` dulu."))
