"""Pages whose cost should not grow with the area (issue 9, item 8): p50/p95 of the home page of every
role, a desa page, name search, NIK search and a deep API page, on a synthetic Kotawaringin Timur
at 43,000 and 430,000 persons (``siklus synth --preset kotim --scale 0.1|1.0 --months 0``: the pages
measured read no care history), on SQLite and PostgreSQL.

Each database is built once and reused (SQLite under ``$PAGES_DIR``, default /tmp/siklus-pages;
PostgreSQL databases ``siklus_pages_<persons>``); ``siklus migrate`` runs before every measurement,
so a run after a schema change measures the new schema on the same rows. Requests go through
Django's test ``Client`` in one process (no HTTP, no server: the figures are the application's and
the database's cost), 3 warm-up requests and then ``N`` timed ones per page (default 50).

    .venv/bin/python benchmarks/pages.py                       # 0.1 and 1.0, SQLite and PostgreSQL
    .venv/bin/python benchmarks/pages.py --scales 0.1 --engines sqlite
    .venv/bin/python benchmarks/pages.py --rebuild             # synthesize again

The deep API page is 100,000 rows into ``/api/v1/persons`` (ordered by name), or 90 % of the
persons when there are fewer: by the ``after`` cursor of that row when the API has keyset
pagination, by ``offset`` otherwise.

Measured 2026-12-05 on a quiet 2-core machine, p95 ms (p50); PostgreSQL before the SQLite-only change
of the area filter for provinces and kabupaten, which leaves PostgreSQL's SQL as it was:

                        SQLite 43,000   SQLite 430,000   PostgreSQL 43,000   PostgreSQL 430,000
    home kader            11.3 (10.5)     20.2 (19.6)       17.0 (14.4)        18.1 (14.8)
    home pustu             9.9  (8.8)     27.7 (25.9)       13.3 (11.3)        19.0 (13.7)
    home nakes            23.3 (21.9)    130.7 (128.7)      20.8 (16.5)        44.7 (32.4)
    home kepala           25.6 (23.4)    131.9 (128.8)      21.0 (16.6)        36.9 (32.1)
    home dinkes_kab       12.2 (10.5)     13.0 (10.3)       15.2 (12.6)        17.5 (13.6)
    home dinkes_prov      13.2 (11.0)     12.1 (10.1)       15.1 (12.9)        19.6 (14.4)
    home admin            16.3 (12.3)     14.5 (11.2)       15.4 (13.6)        16.2 (14.1)
    desa page             15.5 (12.3)     15.8 (13.5)       17.3 (15.4)        21.1 (18.5)
    name search           12.4  (6.3)     53.5 (13.2)       20.6  (7.8)        51.3 (13.8)
    NIK search             4.5  (3.8)      4.7  (3.6)        7.4  (6.3)         6.4  (5.6)
    API persons, deep     10.7 (10.2)      9.4  (8.4)       17.5 (10.6)        12.4 (10.7)
    (deep: after row 38,700 of 43,000; after row 100,000 of 430,000)

Still growing: a Puskesmas home on SQLite (its "recently registered" sorts the persons of its
kecamatan: about 25,000 at 430,000), and name search p95 on both engines.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from kabupaten_db import Kabupaten, child_env

KABUPATEN = Kabupaten("pages", Path(os.environ.get("PAGES_DIR", "/tmp/siklus-pages")), months=0)
DEPTH = 100_000
ROLES = ["kader", "pustu", "nakes", "kepala", "dinkes_kab", "dinkes_prov", "admin"]


# --- the measuring child (runs with DATABASE_URL set) -------------------------------------------


def _users():
    from siklus.accounts.models import Role, User
    from siklus.facilities.models import Facility, Kind

    puskesmas = Facility.objects.filter(kind=Kind.PUSKESMAS, area_code__startswith="62.02.").order_by("name").first()
    pustu = Facility.objects.filter(kind=Kind.PUSTU, parent=puskesmas).order_by("name").first()
    posyandu = Facility.objects.filter(kind=Kind.POSYANDU, parent=puskesmas).order_by("name").first()
    binding = {
        Role.KADER: {"facility": posyandu}, Role.PUSTU: {"facility": pustu}, Role.NAKES: {"facility": puskesmas},
        Role.KEPALA: {"facility": puskesmas}, Role.DINKES_KAB: {"area_id": "62.02"},
        Role.DINKES_PROV: {"area_id": "62"}, Role.ADMIN: {},
    }
    users = {}
    for role in ROLES:
        user = User.objects.filter(username=f"bench.{role}").first() or User(username=f"bench.{role}")
        user.role, user.is_active, user.facility, user.area = role, True, None, None
        for key, value in binding[Role(role)].items():
            setattr(user, key, value)
        user.set_unusable_password()
        user.save()
        users[role] = user
    return users


def _time(client, urls: list[str], n: int) -> dict:
    for url in urls[:3]:
        client.get(url)
    times = []
    for i in range(n):
        url = urls[i % len(urls)]
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url}: {response.status_code}")
    times.sort()
    return {"p50": statistics.median(times), "p95": times[max(0, round(0.95 * len(times)) - 1)]}


def measure(n: int) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from siklus.people.models import Household, Person

    users = _users()
    rng = random.Random(1)
    persons = Person.objects.filter(voided_at__isnull=True, area_code__startswith="62.02.")
    total = persons.count()
    sample = list(persons.exclude(nik=None).order_by("nik").values_list("name", "nik")[:: max(1, total // 200)])
    rng.shuffle(sample)
    desa = (Household.objects.filter(voided_at__isnull=True).values("desa_id")
            .order_by().annotate(n=django.db.models.Count("id")).order_by("-n").first()["desa_id"])
    results: dict[str, dict] = {}
    client = Client()
    for role, user in users.items():
        client.force_login(user)
        results[f"home {role}"] = _time(client, ["/"], n)
    client.force_login(users["dinkes_kab"])
    results["desa page"] = _time(client, [f"/wilayah/{desa}/"], n)
    results["name search"] = _time(client, [f"/cari/?q={name}" for name, _ in sample], n)
    results["NIK search"] = _time(client, [f"/cari/?q={nik}" for _, nik in sample], n)

    depth = min(DEPTH, int(total * 0.9))
    first = client.get("/api/v1/persons?limit=100").json()
    if "next" in first:
        from siklus.core.schemas import cursor_of

        row = Person.objects.visible_to(users["dinkes_kab"]).active().order_by("name", "id")[depth - 1]
        url = f"/api/v1/persons?limit=100&after={cursor_of(row, ['name', 'id'])}"
        how = "after"
    else:
        url = f"/api/v1/persons?limit=100&offset={depth}"
        how = "offset"
    results[f"API persons {how} {depth:,}"] = _time(client, [url], n)
    print(json.dumps({"persons": total, "vendor": connection.vendor, "results": results}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", nargs="+", type=float, default=[0.1, 1.0])
    parser.add_argument("--engines", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"])
    parser.add_argument("-n", type=int, default=50, help="timed requests per page")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure)
        return
    runs = {}
    for engine in args.engines:
        for scale in args.scales:
            KABUPATEN.build(engine, scale, args.rebuild)
            out = subprocess.run([sys.executable, __file__, "--measure", str(args.n)], env=child_env(KABUPATEN.url(engine, scale)),
                                 capture_output=True, text=True)
            if out.returncode:
                print(out.stderr[-3000:], file=sys.stderr)
                raise SystemExit(f"{engine} {scale}: measurement failed")
            r = json.loads(out.stdout.strip().splitlines()[-1])
            runs[(engine, r["persons"])] = r["results"]
            print(f"  measured {engine} {r['persons']:,} persons", flush=True)
    columns = list(runs)
    pages = list(dict.fromkeys(p for r in runs.values() for p in r))
    header = f"{'p95 ms (p50)':<28}" + "".join(f"{e[:6]} {n:>9,}".rjust(20) for e, n in columns)
    print(header)
    print("-" * len(header))
    for page in pages:
        cells = []
        for key in columns:
            v = runs[key].get(page)
            cells.append(f"{v['p95']:7.1f} ({v['p50']:6.1f})".rjust(20) if v else "-".rjust(20))
        print(f"{page:<28}" + "".join(cells))


if __name__ == "__main__":
    main()
