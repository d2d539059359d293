"""A Posyandu day through the API, and a person page with five years of history (issue #11).

1. **The day**: a Posyandu with 60 sasaran (36 balita, 6 ibu hamil, 10 adults, 8 lansia) comes in;
   for each, the kader records an encounter, the measurements of their age in one call
   (``POST /api/v1/persons/{id}/measurements``: a balita's weight, length/height, LiLA and head
   circumference; an adult's weight, waist, blood pressure and glucose …) and a vitamin A capsule or
   TTD, and the bidan of the Pustu a dose for the infants due one — about 10 values a person, 180
   requests. Then the whole day is sent again with the same ids (a phone that lost the answers):
   every answer must be 200 and nothing is stored twice.
2. **The page**: ``GET /penduduk/<id>/`` of a five-year-old with a full history (60 monthly
   weighings with length and LiLA, 20 doses, 10 vitamin A capsules, KPSP), p50 of 20.

Server time is the time spent inside Django: requests go through Django's test ``Client`` in one
process (the whole middleware stack, authentication by bearer token, the services and the
database; no network, no HTTP server). Aim: a day under 2 s, a page under 100 ms.

The database is built once and reused: SQLite under ``$POSYANDU_DAY_DIR`` (default
/tmp/siklus-posyandu-day), PostgreSQL database ``siklus_posyandu_day`` on ``SIKLUS_TEST_POSTGRES``
(default postgres://postgres@127.0.0.1:5432). Every run registers a fresh Posyandu day of 60 new
persons in it (so the tables grow a little each run, like a real Posyandu's do).

    .venv/bin/python benchmarks/posyandu_day.py                    # SQLite and PostgreSQL
    .venv/bin/python benchmarks/posyandu_day.py --engines sqlite
    .venv/bin/python benchmarks/posyandu_day.py --rebuild

Prints figures; asserts nothing. The wall time of a request includes waiting for a CPU when the
machine is busy, so the CPU time of the process is printed beside it (with the load average).

Measured 2026-12-05 on a shared 2-core machine (load average 2.7; at load 5–6 the same run took
1.9–3.7 s), one day = 60 persons, 162 requests, 60 encounters + 324 observations (with the derived
zwfl/IMT) + 6 doses + 36 capsules/TTD:

                                   SQLite             PostgreSQL 15
    day, server time (CPU)         1.46 s (1.01 s)    1.52 s (1.17 s)
    per request p50 / p95          6.0 / 15.2 ms      6.2 / 13.2 ms
      measurement set p50          6.5 ms             11.5 ms
    day resent, all 200            0.42 s             0.65 s
    person page, 5 years, p50/p95  54 / 99 ms         70 / 139 ms
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

from kabupaten_db import postgres_database

SERVER = os.environ.get("SIKLUS_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432")
DIR = Path(os.environ.get("POSYANDU_DAY_DIR", "/tmp/siklus-posyandu-day"))
DESA = "62.02.01.2003"  # Palangan, Kota Besi, Kotawaringin Timur (as in the tests)
PAGE_RUNS = 20


def database_url(engine: str) -> str:
    if engine == "sqlite":
        return f"sqlite:///{DIR}/posyandu-day.db"
    return f"{SERVER}/siklus_posyandu_day"


def _env(url: str) -> dict:
    env = dict(os.environ, DATABASE_URL=url, DJANGO_SETTINGS_MODULE="siklus.settings")
    env.setdefault("SIKLUS_SECRET_KEY", "benchmark-only-not-secret")
    return env


def prepare(engine: str, rebuild: bool) -> None:
    url = database_url(engine)
    if engine == "sqlite":
        DIR.mkdir(parents=True, exist_ok=True)
        path = Path(url.removeprefix("sqlite:///"))
        if rebuild:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    postgres_database(url, rebuild)


# --- the measuring child (runs with DATABASE_URL set) -------------------------------------------


def _months(birth: date, months: int, day: int = 0) -> date:
    year, month = divmod(birth.month - 1 + months, 12)
    return date(birth.year + year, month + 1, min(birth.day, 28)) + timedelta(days=day)


def _place():
    """The Puskesmas network, its users and the child with five years of history (built once)."""
    from siklus.accounts.models import Role, User
    from siklus.areas import services as areas
    from siklus.areas.models import Area
    from siklus.core.actors import system
    from siklus.facilities import services as facilities
    from siklus.facilities.models import Facility, Kind

    job = system("benchmark")
    posyandu = Facility.objects.filter(kind=Kind.POSYANDU, name="Posyandu Melati (benchmark)").first()
    if posyandu is None:
        started = time.perf_counter()
        areas.load(job, "62.02")
        desa = Area.objects.get(code=DESA)
        served = list(Area.objects.filter(parent_id=desa.parent_id))
        pkm = facilities.create_facility(job, kind=Kind.PUSKESMAS, name="Puskesmas Kota Besi (benchmark)", desa=desa,
                                         served=served, ilp_active=True, ilp_since=date(2024, 1, 2))
        pustu = facilities.create_facility(job, kind=Kind.PUSTU, name="Pustu Palangan (benchmark)", desa=desa,
                                           parent=pkm, ilp_active=True, ilp_since=date(2024, 6, 1))
        posyandu = facilities.create_facility(job, kind=Kind.POSYANDU, name="Posyandu Melati (benchmark)", desa=desa,
                                              parent=pkm)
        for role, facility in ((Role.KADER, posyandu), (Role.PUSTU, pustu)):
            user = User(username=f"bench.day.{role}", role=role, facility=facility)
            user.set_unusable_password()
            user.save()
        _history_child(job, posyandu)
        print(f"  built the Posyandu and the five-year history in {time.perf_counter() - started:.1f} s",
              file=sys.stderr, flush=True)
    users = {u.role: u for u in User.objects.filter(username__startswith="bench.day.")}
    return posyandu, users


def _household(job, posyandu, name: str):
    from siklus.people import services as people

    return people.register_household(job, people.HouseholdInput(
        desa=DESA, head_name=name, address="Jalan Melati", rt="1", rw="1", posyandu=posyandu.pk))


def _person(job, household, name: str, sex: str, birth: date, relation: str, mother=None):
    from siklus.people import services as people

    return people.register_person(job, people.PersonInput(
        household=household, name=name, sex=sex, birth_date=birth, relation=relation, mother=mother),
        confirm_duplicate=True, confirm_warnings=True)


# About the WHO medians for boys (month → value), to draw a child who grows well.
WEIGHT = {0: 3.3, 1: 4.5, 2: 5.6, 3: 6.4, 4: 7.0, 6: 7.9, 9: 8.9, 12: 9.6, 18: 10.9, 24: 12.2, 36: 14.3, 48: 16.3,
          60: 18.3}
LENGTH = {0: 49.9, 1: 54.7, 2: 58.4, 3: 61.4, 4: 63.9, 6: 67.6, 9: 72.0, 12: 75.7, 18: 82.3, 24: 87.1, 36: 96.1,
          48: 103.3, 60: 110.0}
HEAD = {0: 34.5, 3: 40.5, 6: 43.3, 12: 46.1, 24: 48.3, 36: 49.5}
MUAC = {6: 14.5, 12: 15.0, 24: 15.5, 60: 16.0}


def _median(table: dict[int, float], month: int) -> float:
    below = max(m for m in table if m <= month)
    above = min((m for m in table if m >= month), default=below)
    if above == below:
        return table[below]
    return table[below] + (table[above] - table[below]) * (month - below) / (above - below)


DOSES_BY_MONTH = {0: ("HB0",), 1: ("BCG", "OPV1"), 2: ("DPT-HB-Hib1", "OPV2", "PCV1", "RV1"),
                  3: ("DPT-HB-Hib2", "OPV3", "PCV2", "RV2"), 4: ("DPT-HB-Hib3", "OPV4", "RV3", "IPV1"),
                  9: ("MR1", "IPV2"), 12: ("PCV3",), 18: ("DPT-HB-Hib4", "MR2")}


def _history_child(job, posyandu) -> None:
    """A five-year-old weighed every month of their life, with every dose, vitamin A every February
    and August, and a KPSP now and then — all through the services, as the days happened."""
    from siklus.care import services as care

    today = date.today()
    birth = _months(today, -60, -3)
    household = _household(job, posyandu, "Keluarga Riwayat")
    mother = _person(job, household, "Ibu Riwayat", "P", date(1994, 5, 6), "istri")
    child = _person(job, household, "Anak Riwayat Lima Tahun", "L", birth, "anak", mother=mother)
    for month in range(60):
        on = _months(birth, month, 2)
        encounter = care.record_encounter(job, care.EncounterInput(person=child, on=on, kind="posyandu",
                                                                   place="posyandu", facility=posyandu))
        care.record_measurements(job, care.MeasurementsInput(
            person=child, on=on, encounter=encounter, weight_kg=round(_median(WEIGHT, month) + 0.1 * (month % 3), 2),
            lenhei_cm=round(_median(LENGTH, month), 1), measure="l" if month < 24 else "h",
            muac_cm=round(_median(MUAC, month), 1) if month >= 6 else None,
            headc_cm=round(_median(HEAD, month), 1) if month < 36 else None))
        for dose in DOSES_BY_MONTH.get(month, ()):
            care.record_immunization(job, care.ImmunizationInput(person=child, dose=dose, given_on=on,
                                                                 encounter=encounter))
        if on.month in (2, 8) and month >= 6:
            kind = "vitamin_a_biru" if month < 12 else "vitamin_a_merah"
            care.record_supplement(job, care.SupplementInput(person=child, kind=kind, given_on=on,
                                                             encounter=encounter, amount=1))


def _day_sasaran(job, posyandu, run: str):
    """60 new persons for today's Posyandu: (person, what they come for)."""
    today = date.today()
    sasaran = []
    for i in range(36):  # balita 0–59 months, and their mothers
        household = _household(job, posyandu, f"Keluarga {run} {i}")
        mother = _person(job, household, f"Ibu {run} {i}", "P", date(1993, 1 + i % 12, 1 + i % 27), "istri")
        months = [2, 3, 7, 9, 14, 20, 26, 31, 38, 44, 50, 57][i % 12]
        birth = _months(today, -months, -(i % 20))
        child = _person(job, household, f"Balita {run} {i}", "LP"[i % 2], birth, "anak", mother=mother)
        sasaran.append((child, "balita", months))
    for i in range(6):
        household = _household(job, posyandu, f"Keluarga hamil {run} {i}")
        woman = _person(job, household, f"Bumil {run} {i}", "P", date(1996 + i, 3, 3 + i), "istri")
        sasaran.append((woman, "hamil", None))
    for i in range(18):
        household = _household(job, posyandu, f"Keluarga dewasa {run} {i}")
        elderly = i >= 10
        birth = date(1950 + i, 6, 1 + i) if elderly else date(1975 + i, 2, 1 + i)
        person = _person(job, household, f"{'Lansia' if elderly else 'Dewasa'} {run} {i}", "LP"[i % 2], birth, "kepala")
        sasaran.append((person, "lansia" if elderly else "dewasa", None))
    return sasaran


# The observation code of each measured field (the keys of a measurement set's ``ids``).
CODES = {"weight_kg": "weight", "lenhei_cm": "length_height", "muac_cm": "muac", "headc_cm": "head_circumference",
         "waist_cm": "waist", "sbp": "sbp", "dbp": "dbp", "glucose_mg_dl": "glucose_random"}


def _requests(sasaran, posyandu, pustu_user) -> list[tuple[str, str, dict]]:
    """The day's requests in the order the tables of a Posyandu make them: (who, url, body)."""
    today = date.today().isoformat()
    requests = []
    for n, (person, kind, months) in enumerate(sasaran):
        base = f"/api/v1/persons/{person.pk}"
        encounter_id = str(uuid.uuid4())
        requests.append(("kader", f"{base}/encounters", {
            "id": encounter_id, "on": today, "kind": "posyandu", "place": "posyandu", "facility": str(posyandu.pk),
            "klaster": 2 if kind in ("balita", "hamil") else 3, "complaint": "", "note": "hari buka"}))
        values: dict = {"on": today, "encounter": encounter_id}
        if kind == "balita":
            values |= {"weight_kg": round(4.5 + months * 0.22 + n % 3 * 0.2, 1),
                       "lenhei_cm": round(55 + months * 0.9, 1), "measure": "l" if months < 24 else "h",
                       "muac_cm": 14.0 if months >= 6 else None, "headc_cm": round(38 + months * 0.2, 1)}
        elif kind == "hamil":
            values |= {"weight_kg": 58.0 + n % 5, "muac_cm": 24.5, "sbp": 112, "dbp": 74}
        else:
            values |= {"weight_kg": 61.0 + n % 7, "lenhei_cm": 158.0, "measure": "h", "waist_cm": 84.0,
                       "sbp": 128 + n % 20, "dbp": 82, "glucose_mg_dl": 96 + n % 40}
        values["ids"] = {CODES[k]: str(uuid.uuid4()) for k, v in values.items() if k in CODES and v is not None}
        requests.append(("kader", f"{base}/measurements", values))
        if kind == "balita" and months in (2, 3):
            requests.append(("pustu", f"{base}/immunizations", {
                "id": str(uuid.uuid4()), "dose": "DPT-HB-Hib1", "given_on": today, "encounter": encounter_id}))
        elif kind == "balita" and months >= 6:
            requests.append(("kader", f"{base}/supplements", {
                "id": str(uuid.uuid4()), "kind": "vitamin_a_biru" if months < 12 else "vitamin_a_merah",
                "given_on": today, "amount": 1, "encounter": encounter_id}))
        elif kind == "hamil":
            requests.append(("kader", f"{base}/supplements", {
                "id": str(uuid.uuid4()), "kind": "ttd", "given_on": today, "amount": 30, "encounter": encounter_id}))
    return requests


def _percentile(times: list[float], p: float) -> float:
    ordered = sorted(times)
    return ordered[max(0, round(p * len(ordered)) - 1)]


def _send(clients, requests, expect: int) -> tuple[list[float], dict[str, list[float]], float]:
    """Each request's wall time in ms, by kind, and the CPU seconds this process spent (on SQLite
    that includes the database's work; it leaves out waiting for a CPU on a busy machine)."""
    times, by_kind = [], {}
    cpu = time.process_time()
    for who, url, body in requests:
        started = time.perf_counter()
        response = clients[who].post(url, data=json.dumps(body), content_type="application/json")
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != expect:
            raise SystemExit(f"{url}: {response.status_code} (expected {expect}) {response.content[:600]!r}")
        times.append(elapsed)
        by_kind.setdefault(url.rsplit("/", 1)[1], []).append(elapsed)
    return times, by_kind, time.process_time() - cpu


def measure() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from siklus.accounts.models import ApiToken
    from siklus.care.models import Encounter, Immunization, Observation, Supplement
    from siklus.core.actors import system
    from siklus.people.models import Person

    call_command("migrate", verbosity=0)
    job = system("benchmark")
    posyandu, users = _place()
    clients = {}
    for role in ("kader", "pustu"):
        token = ApiToken.issue(users[role], "benchmark")
        clients[role] = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    run = uuid.uuid4().hex[:6]
    sasaran = _day_sasaran(job, posyandu, run)
    requests = _requests(sasaran, posyandu, users["pustu"])
    values = sum(len(b.get("ids", {})) + 1 for _, _, b in requests)  # each measurement, encounter, dose/capsule

    def rows():
        ids = [p.pk for p, _, _ in sasaran]
        return (Encounter.objects.filter(person_id__in=ids).count(), Observation.objects.filter(person_id__in=ids).count(),
                Immunization.objects.filter(person_id__in=ids).count(), Supplement.objects.filter(person_id__in=ids).count())

    started = time.perf_counter()
    times, by_kind, cpu = _send(clients, requests, 201)
    total = time.perf_counter() - started
    stored = rows()
    again, _, _ = _send(clients, requests, 200)
    assert rows() == stored  # the resend stored nothing (the benchmark's one sanity check)

    child = Person.objects.get(name="Anak Riwayat Lima Tahun")
    page = Client()
    page.force_login(users["pustu"])
    history = {"weighings": Observation.objects.filter(person=child, code="weight").count(),
               "observations": Observation.objects.filter(person=child).count(),
               "doses": Immunization.objects.filter(person=child).count(),
               "supplements": Supplement.objects.filter(person=child).count(),
               "encounters": Encounter.objects.filter(person=child).count()}
    for _ in range(3):
        page.get(f"/penduduk/{child.pk}/")
    page_times = []
    for _ in range(PAGE_RUNS):
        started = time.perf_counter()
        response = page.get(f"/penduduk/{child.pk}/")
        page_times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"person page: {response.status_code}")
    api_times = {}
    for name, url in (("API observations page", f"/api/v1/persons/{child.pk}/observations?limit=100"),
                      ("API due list", f"/api/v1/persons/{child.pk}/due")):
        spent = []
        for _ in range(PAGE_RUNS):
            started = time.perf_counter()
            response = clients["pustu"].get(url)
            spent.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{url}: {response.status_code}")
        api_times[name] = {"p50": statistics.median(spent), "p95": _percentile(spent, 0.95)}
    print(json.dumps({
        "vendor": connection.vendor, "persons": len(sasaran), "requests": len(requests), "values": values,
        "stored": dict(zip(("encounters", "observations", "immunizations", "supplements"), stored)),
        "day_s": total, "day_server_s": sum(times) / 1000, "day_cpu_s": cpu,
        "load": os.getloadavg()[0], "cpus": os.cpu_count(),
        "p50": statistics.median(times), "p95": _percentile(times, 0.95),
        "by_kind": {k: {"n": len(v), "p50": statistics.median(v), "p95": _percentile(v, 0.95)} for k, v in by_kind.items()},
        "resend_s": sum(again) / 1000, "resend_p50": statistics.median(again),
        "history": history, "page_p50": statistics.median(page_times), "page_p95": _percentile(page_times, 0.95),
        "api": api_times,
    }))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engines", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"])
    parser.add_argument("--rebuild", action="store_true", help="build the database again")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure()
        return
    for engine in args.engines:
        try:
            prepare(engine, args.rebuild)
        except Exception as exc:
            print(f"{engine}: skipped ({exc})")
            continue
        out = subprocess.run([sys.executable, __file__, "--measure"], env=_env(database_url(engine)),
                             capture_output=True, text=True)
        sys.stderr.write(out.stderr[-3000:] if out.returncode else out.stderr)
        if out.returncode:
            raise SystemExit(f"{engine}: measurement failed")
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"\n== {r['vendor']} ==")
        print(f"Posyandu day: {r['persons']} persons, {r['requests']} requests, {r['values']} values "
              f"(stored {r['stored']})")
        print(f"  server time {r['day_server_s']:.2f} s (CPU {r['day_cpu_s']:.2f} s); per request p50 {r['p50']:.1f} ms, "
              f"p95 {r['p95']:.1f} ms   [load average {r['load']:.1f} on {r['cpus']} CPUs]")
        for kind, v in r["by_kind"].items():
            print(f"    {kind:<14} n={v['n']:<3} p50 {v['p50']:6.1f} ms  p95 {v['p95']:6.1f} ms")
        print(f"  resent with the same ids (all 200, nothing stored): {r['resend_s']:.2f} s, p50 {r['resend_p50']:.1f} ms")
        h = r["history"]
        print(f"Person page, five years ({h['encounters']} encounters, {h['weighings']} weighings, "
              f"{h['observations']} observations, {h['doses']} doses, {h['supplements']} supplements): "
              f"p50 {r['page_p50']:.1f} ms, p95 {r['page_p95']:.1f} ms (n={PAGE_RUNS})")
        for name, v in r["api"].items():
            print(f"  {name}: p50 {v['p50']:.1f} ms, p95 {v['p95']:.1f} ms")


if __name__ == "__main__":
    main()
