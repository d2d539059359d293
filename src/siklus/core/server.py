"""The production server behind ``siklus serve`` (and ``siklus demo``): gunicorn's threaded workers.

Why these choices:
- ``gthread`` workers keep connections alive (the sync worker closes each one) and serve
  ``threads`` requests at once per process; ``workers`` processes use the cores (one Python
  process tops out at one core).
- No stall: gunicorn sets ``TCP_NODELAY`` on its listening socket and Linux hands it on to every
  accepted connection, so a response's last packet is not held back waiting for the client's
  delayed ACK (~40 ms per request with Django's ``runserver``; ``benchmarks/load.py`` measures it).
- PostgreSQL: each worker keeps a psycopg pool of at most ``threads`` connections (a thread uses
  one at a time), so the server never holds more than ``workers × threads`` connections, however
  many clients connect or disconnect. Pooling requires ``CONN_MAX_AGE = 0``.
"""

import os
import sys
from typing import Any

from django.conf import settings
from django.db import connections

DEFAULT_THREADS = 4


def default_workers() -> int:
    return int(os.environ.get("SIKLUS_WORKERS") or max(1, min(os.cpu_count() or 1, 8)))


def default_threads() -> int:
    return int(os.environ.get("SIKLUS_THREADS") or DEFAULT_THREADS)


class InsecureSetup(Exception):
    pass


def require_production_secret(*, demo: bool) -> None:
    """Outside demo or debug mode the public development key would let anyone forge sessions."""
    if demo or settings.DEBUG:
        return
    if not os.environ.get("SIKLUS_SECRET_KEY") or settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
        raise InsecureSetup(
            "SIKLUS_SECRET_KEY belum diatur: server produksi tidak mau berjalan dengan kunci pengembangan publik. "
            "Set SIKLUS_SECRET_KEY to a long random value (e.g. `python -c \"import secrets; print(secrets.token_urlsafe(50))\"`), "
            "or use `siklus demo` / `siklus serve --demo` for a demo."
        )


def configure_database(threads: int) -> None:
    """Pool PostgreSQL connections per worker (opened lazily, after the fork)."""
    for alias in connections:
        conn = connections[alias]
        if conn.vendor != "postgresql":
            continue
        conn.close()
        conn.settings_dict["CONN_MAX_AGE"] = 0
        pool = conn.settings_dict["OPTIONS"].get("pool")
        if pool is None or pool is True:
            conn.settings_dict["OPTIONS"]["pool"] = {
                "min_size": min(2, threads),
                "max_size": threads,
                # A request waits this long for a free connection before failing; with one
                # connection per thread it never has to.
                "timeout": 10,
            }


def _post_fork(server: Any, worker: Any) -> None:
    # Nothing opened in the master (the migration check) may be shared with a worker.
    connections.close_all()


def gunicorn_options(*, host: str, port: int, workers: int, threads: int, access_log: bool) -> dict[str, Any]:
    return {
        "bind": [f"[{host}]:{port}" if ":" in host else f"{host}:{port}"],
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        "keepalive": 5,
        "timeout": 60,
        "graceful_timeout": 20,
        "errorlog": "-",
        "accesslog": "-" if access_log else None,
        "loglevel": "info",
        "proc_name": "siklus",
        "post_fork": _post_fork,
        # Several servers may run on one machine; no shared control socket in $HOME.
        "control_socket_disable": True,
    }


def run(*, host: str, port: int, workers: int, threads: int, access_log: bool = False) -> None:
    from django.core.wsgi import get_wsgi_application
    from gunicorn.app.base import BaseApplication

    application = get_wsgi_application()
    options = gunicorn_options(host=host, port=port, workers=workers, threads=threads, access_log=access_log)

    class Server(BaseApplication):
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return application

    configure_database(threads)
    connections.close_all()
    sys.stdout.flush()
    Server().run()
