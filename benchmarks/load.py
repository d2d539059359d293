"""Load on the production server (issue 9, "Connections" and "A stall on every response").

Starts ``siklus serve`` on loopback over a synthetic Kotawaringin Timur (``siklus synth --preset
kotim --scale 0.1 --months 1``, built once and reused), logs ``--users`` virtual users in through the
login page (kader, bidan Pustu, nakes, Dinkes kabupaten: their own facility's desa or the whole
kabupaten), and for ``--seconds`` runs a realistic mix — home, desa page, name search, person page,
API person list, API household create and patch — first with keep-alive connections, then with a
new connection per request. For each phase it prints requests/s, p50/p95/p99, the error count
(5xx, refused or timed-out requests, and any answer other than the expected one), and how fast the
server answers right after the load stops. Also the stall: the median of sequential keep-alive
requests on ``siklus serve`` and on Django's ``runserver``.

    .venv/bin/python benchmarks/load.py                                     # 50 users, 60 s, SQLite and PostgreSQL
    .venv/bin/python benchmarks/load.py --engines sqlite --users 10 --seconds 10 --scale 0.01

SQLite databases live under ``$LOAD_DIR`` (default /tmp/siklus-load); PostgreSQL ones are
``siklus_load_<scale>`` on ``$SIKLUS_TEST_POSTGRES`` (default postgres://postgres@127.0.0.1:5432).
Use ``--rebuild`` to synthesize again. The users and tokens the benchmark creates are prefixed ``load_``.

Measured 2026-12-05 on a quiet 2-core machine (the 50 client threads run on the same cores as the
server), scale 0.1 (43,000 persons), 2 workers × 8 threads, 60 s per phase, 0 errors in every phase:

    stall (median, sequential keep-alive)   runserver 44 ms          siklus serve 1.5–2.1 ms
    closed loop (--think 0: each user fires its next request at once; the server's limit)
    SQLite      keep-alive on   124 req/s   p50 459  p95 824  p99 1242 ms
                keep-alive off  129 req/s   p50 378  p95 710  p99 1022 ms
    PostgreSQL  keep-alive on   100 req/s   p50 610  p95 1036 p99 1189 ms   ≤ 14 connections
                keep-alive off  102 req/s   p50 469  p95 890  p99 1030 ms   ≤ 16 connections
    people reading their pages (--think 1: 0.5–1.5 s between a user's requests)
    SQLite      keep-alive on    48 req/s   p50 22   p95 84   p99 376 ms
                keep-alive off   49 req/s   p50 20   p95 63   p99 228 ms
    PostgreSQL  keep-alive on    48 req/s   p50 29   p95 105  p99 510 ms    ≤ 16 connections
                keep-alive off   49 req/s   p50 19   p95 57   p99 233 ms    ≤ 16 connections
    right after the load: /healthz 3–25 ms, a logged-in home page 14–19 ms.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

SERVER = os.environ.get("SIKLUS_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432")
LOAD_DIR = Path(os.environ.get("LOAD_DIR", "/tmp/siklus-load"))
ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
PASSWORD = "beban-uji-" + "7" * 8
SECRET = secrets.token_urlsafe(50)

# Weighted mix of one virtual user's actions (roles that may not write skip the writes).
MIX = [("home", 20), ("desa", 15), ("search", 15), ("person", 20), ("api_list", 15), ("api_create", 7), ("api_patch", 8)]
WRITERS = {"kader", "pustu", "nakes"}

# Made inside the database by `siklus shell`: users bound like real ones, and their API tokens.
SETUP = """
import json, random
from siklus.accounts.models import ApiToken, Role, User
from siklus.facilities.models import Facility
from siklus.people.models import Person
rng = random.Random(7)
users = int({users})
kinds = {{"kader": "posyandu", "pustu": "pustu", "nakes": "puskesmas"}}
plan = ["kader", "pustu", "nakes", "dinkes_kab"]
facilities = {{k: list(Facility.objects.filter(kind=v).exclude(voided_at__isnull=False).order_by("area_code")) for k, v in kinds.items()}}
out = []
for i in range(users):
    role = plan[i % len(plan)]
    username = f"load_{{role}}_{{i}}"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, role=role, first_name=username)
        if role == "dinkes_kab":
            user.area_id = "{kabupaten}"
        else:
            user.facility = rng.choice(facilities[role])
        user.set_password("{password}")
        user.save()
    desa = ".".join((user.facility.area_code if user.facility else "{kabupaten}").split(".")[:4])
    visible = Person.objects.visible_to(user).filter(voided_at__isnull=True)
    sample = list(visible.values_list("id", "name")[:200])
    rng.shuffle(sample)
    out.append({{"username": username, "role": role, "desa": desa, "token": ApiToken.issue(user, "load"),
                "persons": [str(p) for p, _ in sample[:30]], "names": [n.split()[0] for _, n in sample[:30]]}})
print("JSON" + json.dumps(out))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def siklus(*args: str, env: dict, capture: bool = True) -> str:
    done = subprocess.run([PYTHON, "-m", "siklus.cli", *args], env=env, capture_output=capture, text=True)
    if done.returncode:
        sys.exit(f"siklus {' '.join(args[:2])} failed:\n{done.stderr if capture else ''}")
    return done.stdout if capture else ""


def database(engine: str, scale: float, rebuild: bool) -> tuple[str, bool]:
    """The database URL, and whether it still needs the synthetic kabupaten."""
    if engine == "sqlite":
        LOAD_DIR.mkdir(parents=True, exist_ok=True)
        path = LOAD_DIR / f"kotim-{scale}.db"
        if rebuild:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}", rebuild or not path.exists()
    import psycopg

    name = f"siklus_load_{str(scale).replace('.', '_')}"
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None
        if exists and rebuild:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = False
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    return f"{SERVER}/{name}", not exists


def environment(url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SIKLUS_", "DJANGO_"))}
    env.update({"DATABASE_URL": url, "SIKLUS_SECRET_KEY": SECRET, "SIKLUS_ALLOWED_HOSTS": "127.0.0.1,localhost"})
    return env


def prepare(engine: str, scale: float, users: int, rebuild: bool) -> tuple[dict, list[dict]]:
    url, fresh = database(engine, scale, rebuild)
    env = environment(url)
    siklus("migrate", "-v0", env=env)
    if fresh:
        print(f"  synthesizing kotim at scale {scale} on {engine} (once) …", flush=True)
        started = time.monotonic()
        siklus("synth", "--preset", "kotim", "--scale", str(scale), "--months", "1", "--no-progress", "--no-logins",
               env=env)
        print(f"  … {time.monotonic() - started:.0f} s", flush=True)
    out = siklus("shell", "-c", SETUP.format(users=users, kabupaten="62.02", password=PASSWORD), env=env)
    return env, json.loads(out[out.index("JSON") + 4:])


class Serve:
    def __init__(self, env: dict, workers: int, threads: int, command: str = "serve"):
        self.port = free_port()
        args = ["serve", "--port", str(self.port), "--workers", str(workers), "--threads", str(threads)]
        if command == "runserver":
            args = ["runserver", f"127.0.0.1:{self.port}", "--noreload"]
        self.log = open(LOAD_DIR / f"server-{self.port}.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen([PYTHON, "-m", "siklus.cli", *args], env=env, stdout=self.log,
                                        stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/healthz" if command == "serve" else "/masuk/")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        sys.exit(f"the server did not start; see {self.log.name}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


@dataclass
class VirtualUser:
    info: dict
    port: int
    keepalive: bool
    rng: random.Random
    cookies: dict = field(default_factory=dict)
    conn: http.client.HTTPConnection | None = None
    households: list = field(default_factory=list)  # (id, etag) created by this user

    def request(self, method: str, path: str, body: str | None = None, headers: dict | None = None, api: bool = False):
        headers = dict(headers or {})
        if api:
            headers["Authorization"] = f"Bearer {self.info['token']}"
        elif self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if not self.keepalive:
            headers["Connection"] = "close"
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = None
            raise
        if not self.keepalive or response.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        return response, data

    def login(self) -> None:
        _, html = self.request("GET", "/masuk/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1).decode()
        form = urlencode({"username": self.info["username"], "password": PASSWORD, "csrfmiddlewaretoken": token})
        response, _ = self.request("POST", "/masuk/", form, {"Content-Type": "application/x-www-form-urlencoded",
                                                            "Origin": f"http://127.0.0.1:{self.port}"})
        if response.status != 302:
            raise RuntimeError(f"login of {self.info['username']} answered {response.status}")

    def act(self, action: str) -> tuple[int, set[int]]:
        """One action: (status, the statuses that count as success)."""
        info, rng = self.info, self.rng
        if action in ("api_create", "api_patch") and info["role"] not in WRITERS:
            action = "api_list"
        if action == "person" and not info["persons"] or action == "search" and not info["names"]:
            action = "home"
        if action == "api_patch" and not self.households:
            action = "api_create"
        if action == "home":
            return self.request("GET", "/")[0].status, {200}
        if action == "desa":
            return self.request("GET", f"/wilayah/{info['desa']}/")[0].status, {200}
        if action == "search":
            return self.request("GET", "/cari/?q=" + quote(rng.choice(info["names"])))[0].status, {200}
        if action == "person":
            return self.request("GET", f"/penduduk/{rng.choice(info['persons'])}/")[0].status, {200}
        if action == "api_list":
            return self.request("GET", "/api/v1/persons?limit=50", api=True)[0].status, {200}
        if action == "api_create":
            body = json.dumps({"desa": info["desa"], "head_name": f"Beban {rng.randrange(10**6)}", "address": "Jl. Uji Beban"})
            response, data = self.request("POST", "/api/v1/households", body, {"Content-Type": "application/json"}, api=True)
            if response.status == 201:
                created = json.loads(data)
                self.households.append((created["id"], response.getheader("ETag"), created.get("version")))
            return response.status, {201}
        household, etag, version = self.households.pop(rng.randrange(len(self.households)))
        patch: dict = {"address": f"Jl. Uji Beban {rng.randrange(1000)}"}
        if version is not None:
            patch["version"] = version
        headers = {"Content-Type": "application/json", **({"If-Match": etag} if etag else {})}
        response, data = self.request("PATCH", f"/api/v1/households/{household}", json.dumps(patch), headers, api=True)
        if response.status == 200:
            updated = json.loads(data)
            self.households.append((household, response.getheader("ETag"), updated.get("version")))
        return response.status, {200}


def connections_watch(url: str):
    """PostgreSQL: the peak number of connections to the database while the load runs."""
    if not url.startswith("postgres"):
        return None, lambda: None
    import psycopg

    name, peak, running = url.rsplit("/", 1)[1], [0], threading.Event()
    running.set()

    def watch() -> None:
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
            while running.is_set():
                n = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [name]).fetchone()[0]
                peak[0] = max(peak[0], n)
                time.sleep(0.2)

    thread = threading.Thread(target=watch)
    thread.start()

    def stop() -> int:
        running.clear()
        thread.join()
        return peak[0]

    return peak, stop


def phase(users: list[dict], port: int, keepalive: bool, seconds: float, url: str = "", think: float = 0.0) -> dict:
    vus = [VirtualUser(info, port, keepalive, random.Random(i)) for i, info in enumerate(users)]
    login_errors = []
    for vu in vus:
        try:
            vu.login()
        except Exception as error:  # counted and printed
            login_errors.append(str(error))
        # The logins take a while (Argon2): a connection idle past the server's keep-alive timeout (5 s)
        # would be closed under the first request of the load. Every user starts on a fresh one.
        if vu.conn is not None:
            vu.conn.close()
            vu.conn = None
    actions = [a for a, w in MIX for _ in range(w)]
    timings: list[float] = []
    errors: dict[str, int] = {}
    lock = threading.Lock()
    start = threading.Barrier(len(vus) + 1)
    stop_at = [0.0]

    def run(vu: VirtualUser) -> None:
        start.wait()
        local_t, local_e = [], {}
        while time.monotonic() < stop_at[0]:
            action = vu.rng.choice(actions)
            began = time.perf_counter()
            try:
                status, ok = vu.act(action)
                if status not in ok:
                    local_e[f"{action} {status}"] = local_e.get(f"{action} {status}", 0) + 1
            except Exception as error:  # an error of the run: counted
                local_e[f"{action} {type(error).__name__}"] = local_e.get(f"{action} {type(error).__name__}", 0) + 1
            local_t.append(time.perf_counter() - began)
            if think:  # a person reads the page before the next click: uniform around the mean
                time.sleep(min(vu.rng.uniform(0.5 * think, 1.5 * think), max(0.0, stop_at[0] - time.monotonic())))
        with lock:
            timings.extend(local_t)
            for key, n in local_e.items():
                errors[key] = errors.get(key, 0) + n

    threads = [threading.Thread(target=run, args=(vu,)) for vu in vus]
    _, stop_watch = connections_watch(url)
    for t in threads:
        t.start()
    stop_at[0] = time.monotonic() + seconds
    began = time.monotonic()
    start.wait()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - began
    peak_connections = stop_watch()
    after = recovery(port, vus[0])
    for vu in vus:
        if vu.conn:
            vu.conn.close()
    return {"requests": len(timings), "rps": len(timings) / elapsed, "errors": errors, "login_errors": login_errors,
            "p": percentiles(timings), "after": after, "connections": peak_connections}


def percentiles(timings: list[float]) -> dict[str, float]:
    if not timings:
        return {"p50": 0.0, "p95": 0.0, "p99": 0.0}
    q = statistics.quantiles(timings, n=100, method="inclusive")
    return {"p50": q[49] * 1000, "p95": q[94] * 1000, "p99": q[98] * 1000}


def recovery(port: int, vu: VirtualUser) -> str:
    """Right after the load: /healthz and a logged-in page on fresh connections."""
    timings = []
    for path in ["/healthz", "/", "/healthz", "/"]:
        began = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", path, headers={"Cookie": "; ".join(f"{k}={v}" for k, v in vu.cookies.items())})
        status = conn.getresponse().status
        conn.close()
        timings.append(f"{path} {status} {(time.perf_counter() - began) * 1000:.0f} ms")
    return ", ".join(timings)


def stall(port: int, n: int = 50) -> float:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    timings = []
    for _ in range(n):
        began = time.perf_counter()
        conn.request("GET", "/masuk/")
        conn.getresponse().read()
        timings.append(time.perf_counter() - began)
    conn.close()
    return statistics.median(timings) * 1000


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engines", default="sqlite,postgres")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--keepalive", default="on,off", help="on, off or on,off")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--think", type=float, default=0.0,
                        help="mean seconds a user waits between requests (0: closed loop, the server's limit)")
    args = parser.parse_args()
    LOAD_DIR.mkdir(parents=True, exist_ok=True)
    print(f"siklus load: {args.users} users (think time {args.think:g} s), {args.seconds:.0f} s per phase, "
          f"kotim scale {args.scale}, "
          f"siklus serve {args.workers} workers × {args.threads} threads; {os.cpu_count()} cores, "
          f"load average before {load_average()}", flush=True)
    for engine in args.engines.split(","):
        print(f"\n{engine}:", flush=True)
        env, users = prepare(engine, args.scale, args.users, args.rebuild)
        runserver = Serve(env, 1, 1, command="runserver")
        before = stall(runserver.port)
        runserver.stop()
        server = Serve(env, args.workers, args.threads)
        try:
            print(f"  stall: median of 50 sequential keep-alive requests: runserver {before:.1f} ms, "
                  f"siklus serve {stall(server.port):.1f} ms", flush=True)
            for mode in args.keepalive.split(","):
                result = phase(users, server.port, mode == "on", args.seconds, env["DATABASE_URL"], args.think)
                p = result["p"]
                errors = sum(result["errors"].values()) + len(result["login_errors"])
                print(f"  keep-alive {mode:<3}: {result['requests']} requests, {result['rps']:.0f} req/s, "
                      f"p50 {p['p50']:.0f} ms, p95 {p['p95']:.0f} ms, p99 {p['p99']:.0f} ms, errors {errors}"
                      f"{' ' + json.dumps(result['errors']) if result['errors'] else ''}"
                      f"{' logins: ' + '; '.join(result['login_errors'][:3]) if result['login_errors'] else ''}",
                      flush=True)
                peak = f"; peak PostgreSQL connections {result['connections']}" if result["connections"] else ""
                print(f"    right after: {result['after']}; load average {load_average()}{peak}", flush=True)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
