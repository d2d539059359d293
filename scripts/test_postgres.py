"""Run the test suite on PostgreSQL in a throwaway database.

The server comes from SIKLUS_TEST_POSTGRES (default postgres://postgres@127.0.0.1:5432).
pytest-django creates ``test_<name>`` for the run and drops it afterwards; the name carries the
process id so parallel runs never share a database. With SIKLUS_REQUIRE_POSTGRES=1 an
unreachable server is a failure, otherwise the run is skipped with a message.
"""

import os
import subprocess
import sys

import psycopg

server = os.environ.get("SIKLUS_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432")
required = os.environ.get("SIKLUS_REQUIRE_POSTGRES") == "1"

try:
    psycopg.connect(f"{server}/postgres", connect_timeout=5).close()
except psycopg.OperationalError as exc:
    message = f"PostgreSQL at {server} is unreachable: {exc}".strip()
    if required:
        print(f"FAIL: {message} (SIKLUS_REQUIRE_POSTGRES=1)", file=sys.stderr)
        sys.exit(1)
    print(f"SKIP: {message}; the PostgreSQL run is skipped.")
    sys.exit(0)

env = dict(os.environ, DATABASE_URL=f"{server}/siklus_{os.getpid()}")
# Browser tests exercise templates and scripts, which do not depend on the database engine.
args = ["-p", "no:cacheprovider", "-m", "not browser", *sys.argv[1:]]
print(f"== test suite on PostgreSQL ({server}) ==", flush=True)
sys.exit(subprocess.call([sys.executable, "-m", "pytest", *args], env=env))
