"""The test live server handles one request at a time when it shares an in-memory SQLite database.

Django hands the live server's threads the test's one in-memory connection. Two requests at
once on that single connection (a page and the kader app's service worker fetching beside it)
then meet SQLite's "database table is locked". Serving one request at a time on that
connection is what a shared connection can do; PostgreSQL keeps the threaded server, so the
HTTP concurrency tests still run concurrently there.
"""

import threading


def _in_memory_sqlite(connections_override) -> bool:
    return any(c.vendor == "sqlite" and c.is_in_memory_db() for c in (connections_override or {}).values())


def _one_at_a_time(app):
    lock = threading.Lock()

    def serve(environ, start_response):
        with lock:
            result = app(environ, start_response)
            try:
                return list(result)  # a streamed body reads the database too: read it under the lock
            finally:
                if hasattr(result, "close"):
                    result.close()

    return serve


def serialise_in_memory_sqlite() -> None:
    from django.test.testcases import LiveServerThread

    create = LiveServerThread._create_server

    def _create_server(self, connections_override=None):
        server = create(self, connections_override=connections_override)
        if _in_memory_sqlite(connections_override):
            set_app = server.set_app
            server.set_app = lambda app: set_app(_one_at_a_time(app))
        return server

    LiveServerThread._create_server = _create_server
