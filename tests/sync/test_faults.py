"""Nothing lost, nothing duplicated: pushes and pulls through a loopback proxy that refuses, drops and
cuts requests and drops responses after the server committed; a randomised run (Hypothesis stateful)
of three phones; a server process killed with SIGKILL in the middle of a 60-visit push; and eight
writers at once leave the desa's feed without a gap. On SQLite and on PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
import requests
from django.db import connections
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from siklus.care.models import Encounter, Observation
from siklus.people.models import Person
from siklus.sync import feed
from siklus.sync.models import ChangeFeed, Mutation, SyncScope
from tests.foundation.test_concurrency import own_database, run_together  # noqa: F401 (fixture)
from tests.sync.fault_proxy import FAULTS, FaultProxy
from tests.sync.helpers import Phone, TransportError, uuid7

SRC = Path(__file__).resolve().parents[2] / "src"
TODAY = date.today()


def http_transport(base: str, token: str):
    def send(method, path, body=None, params=None):
        try:
            response = requests.request(method, base + path, json=body, params=params, timeout=60,
                                        headers={"Authorization": f"Bearer {token}", "Connection": "close"})
        except requests.RequestException as exc:
            send.last_error = str(exc)
            raise TransportError(str(exc)) from None
        return response.status_code, response.json()

    return send


def device(base: str, user_token: str) -> Phone:
    device_id = str(uuid7())
    response = requests.post(base + "/api/v1/sync/devices", json={"device_id": device_id, "name": "HP uji"},
                             headers={"Authorization": f"Bearer {user_token}", "Connection": "close"}, timeout=30)
    assert response.status_code == 200, response.text
    return Phone(http_transport(base, response.json()["token"]), device_id=device_id)


def visit_data(person_id, weight=11.0, day=TODAY):
    return {"id": str(uuid7()), "person": str(person_id), "on": day.isoformat(), "kind": "posyandu",
            "place": "posyandu", "measurements": {"weight_kg": weight, "ids": {"weight": str(uuid7())}}}


def push_until_done(phone: Phone, tries: int = 50) -> None:
    body = None
    for _ in range(tries):
        if not phone.outbox:
            return
        body = phone.push()
        if body is not None and not phone.outbox:
            return
        time.sleep(0.05)
    raise AssertionError(f"outbox never emptied: {getattr(phone.send, 'last_error', '')} {body} {phone.outbox[:2]}")


@pytest.fixture
def proxy(live_server):
    host, port = live_server.url.removeprefix("http://").split(":")
    p = FaultProxy(host, int(port))
    yield p
    p.close()


@pytest.mark.parametrize("fault", [f for f in FAULTS if f != "pass"])
def test_each_fault_on_a_push_ends_with_every_visit_stored_once(world, token_for, proxy, fault):
    a = world["A"]
    phone = device(proxy.url, token_for(a.users["kader"]))
    ids = [phone.enqueue("visit.create", data=visit_data(a.child.pk, 11 + i / 10))["data"]["id"] for i in range(5)]
    proxy.plan(fault)
    assert phone.push() is None and len(phone.outbox) == 5  # the phone cannot know: it keeps everything
    push_until_done(phone)
    assert Encounter.objects.filter(pk__in=ids).count() == 5
    assert Observation.objects.filter(encounter_id__in=ids).count() == 5
    assert Mutation.objects.filter(device_id=phone.device_id).count() == 5
    assert all(phone.results[m]["status"] == "applied" for m in phone.results)


def test_a_pull_interrupted_at_any_page_resumes_without_loss(world, token_for, proxy):
    a = world["A"]
    writer = device(proxy.url, token_for(a.users["kader"]))
    for i in range(9):
        writer.enqueue("visit.create", data=visit_data(a.child.pk, 11 + i / 10))
    push_until_done(writer)
    reader = device(proxy.url, token_for(a.users["pustu"]))
    proxy.plan("pass", "drop_response", "pass", "cut", "refuse")
    while not reader.pull(a.desa.code, limit=2):
        pass
    whole = device(proxy.url, token_for(a.users["pustu"]))
    assert whole.pull(a.desa.code)
    assert {t: set(r) for t, r in reader.replica.items()} == {t: set(r) for t, r in whole.replica.items()}
    assert reader.local_checksum(a.desa.code) == reader.checksum


class SyncMachine(RuleBasedStateMachine):
    """Three phones of one desa, a proxy that fails on demand, and the server: whatever the order of
    creates, edits, resends, faults and pulls, every record sent is stored exactly once and, after
    every phone syncs with a good link, all replicas equal the server's feed."""

    place = token_for = proxy = None  # set by the test

    def __init__(self):
        super().__init__()
        a = self.place
        tokens = [self.token_for(a.users[r]) for r in ("kader", "kader", "pustu")]
        self.phones = [device(self.proxy.url, t) for t in tokens]
        self.created: dict[str, str] = {}  # record id -> table
        self.persons = [str(a.child.pk)]

    phone_index = st.integers(0, 2)
    faults = st.sampled_from(FAULTS)

    @rule(i=phone_index, weight=st.floats(9.0, 14.0), days_ago=st.integers(0, 30))
    def create_visit(self, i, weight, days_ago):
        data = visit_data(self.persons[0], round(weight, 1), TODAY - timedelta(days=days_ago))
        self.phones[i].enqueue("visit.create", data=data)
        self.created[data["id"]] = "visit"

    @rule(i=phone_index)
    def create_person(self, i):
        pid = str(uuid7())
        self.phones[i].enqueue("person.create", data={
            "id": pid, "household": str(self.place.household.pk), "name": f"Warga Uji {pid[-6:]}", "sex": "L",
            "birth_date": "1980-01-01", "relation": "famili"})
        self.created[pid] = "person"

    @rule(i=phone_index, number=st.integers(0, 99))
    def edit_phone_number(self, i, number):
        phone = self.phones[i]
        row = phone.replica.get("person", {}).get(str(self.place.mother.pk))
        base = row or {"version": 1, "phone": ""}
        phone.enqueue("person.update", entity_id=str(self.place.mother.pk), base_version=base["version"],
                      base_values={"phone": base["phone"]}, changes={"phone": f"0812345678{number:02d}"})

    @rule(i=phone_index, fault=faults)
    def push(self, i, fault):
        if self.phones[i].outbox:  # a push with nothing to send makes no request
            self.proxy.plan(fault)
            self.phones[i].push()

    @precondition(lambda self: any(p.results for p in self.phones))
    @rule(i=phone_index)
    def resend_acknowledged(self, i):
        """The same mutations again (an app that lost its acknowledgements): all replays."""
        phone = self.phones[i]
        if not phone.results or phone.outbox:
            return
        status, body = phone.send("POST", "/api/v1/sync/push", {"schema": 1, "mutations": phone._sent[-3:]}) \
            if getattr(phone, "_sent", None) else (200, {"results": []})
        assert status == 200 and all(r["replay"] for r in body["results"])

    @rule(i=phone_index, fault=faults)
    def pull(self, i, fault):
        self.proxy.plan(fault)
        self.phones[i].pull(self.place.desa.code, limit=7)

    @invariant()
    def the_checksum_is_the_feeds(self):
        scope = self.place.desa.code
        assert feed.recount(scope) == SyncScope.objects.get(code=scope).checksum

    @invariant()
    def nothing_is_stored_twice(self):
        visits = [k for k, t in self.created.items() if t == "visit"]
        assert Encounter.objects.filter(pk__in=visits).count() <= len(visits)
        assert Observation.objects.filter(encounter_id__in=visits).count() == \
            Encounter.objects.filter(pk__in=visits).count()
        for phone in self.phones:
            stored = Mutation.objects.filter(device_id=phone.device_id).count()
            assert stored == phone.seq - len(phone.outbox) or stored <= phone.seq

    def teardown(self):
        self.proxy.planned.clear()
        for phone in self.phones:
            push_until_done(phone)
        scope = self.place.desa.code
        for phone in self.phones:
            assert phone.pull(scope)
        first = [phone.checksum for phone in self.phones]
        for phone in self.phones:  # a pull may add the tasks the rules opened meanwhile: a second round
            assert phone.pull(scope)
        visits = [k for k, t in self.created.items() if t == "visit"]
        persons = [k for k, t in self.created.items() if t == "person"]
        assert Encounter.objects.filter(pk__in=visits).count() == len(visits)  # nothing lost
        assert Person.objects.filter(pk__in=persons).count() == len(persons)
        held = {(t, str(r)) for t, r in ChangeFeed.objects.filter(scope=scope, removed=False)
                .values_list("table", "record_id")}
        versions = {(t, str(r)): v for t, r, v in ChangeFeed.objects.filter(scope=scope, removed=False)
                    .values_list("table", "record_id", "version")}
        for phone in self.phones:
            assert {(t, r) for t, rows in phone.replica.items() for r in rows} == held
            stale = {(t, r): (row["v"], versions[(t, r)]) for t, rows in phone.replica.items()
                     for r, row in rows.items() if row["v"] != versions[(t, r)]}
            assert not stale, stale
            stored = feed.checksum_hex(SyncScope.objects.get(code=scope).checksum)
            assert phone.local_checksum(scope) == phone.checksum == stored, (
                first, [p.checksum for p in self.phones], feed.checksum_hex(feed.recount(scope)))
            mother = phone.replica["person"][str(self.place.mother.pk)]
            assert mother["phone"] == Person.objects.get(pk=self.place.mother.pk).phone  # converged


def _remember_sent(phone_push):
    def push(self):
        self._sent = getattr(self, "_sent", []) + [m for m in self.outbox[:200]]
        return phone_push(self)
    return push


def test_randomised_pushes_and_pulls_through_faults_lose_and_duplicate_nothing(own_database, world,  # noqa: F811
                                                                                token_for, monkeypatch):
    """Against a real server process (its own connections, as deployed), not the test's live server."""
    monkeypatch.setattr(Phone, "push", _remember_sent(Phone.push))
    port = _free_port()
    server = _server(port)
    faults = FaultProxy("127.0.0.1", port)
    try:
        SyncMachine.place, SyncMachine.token_for, SyncMachine.proxy = world["A"], staticmethod(token_for), faults
        run_state_machine_as_test(SyncMachine, settings=settings(
            max_examples=int(os.environ.get("SIKLUS_SYNC_EXAMPLES", "12")), stateful_step_count=25, deadline=None,
            suppress_health_check=list(HealthCheck)))
    finally:
        faults.close()
        server.kill()
        server.wait()
        connections.close_all()


# --- a server process killed in the middle of a push ----------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url() -> str:
    s = connections["default"].settings_dict
    if connections["default"].vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _server(port: int) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": _database_url(), "PYTHONPATH": str(SRC),
           "DJANGO_SETTINGS_MODULE": "siklus.settings"}
    process = subprocess.Popen([sys.executable, "-m", "django", "runserver", "--noreload", f"127.0.0.1:{port}"],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return process
        except requests.RequestException:
            time.sleep(0.05)
    process.kill()
    raise AssertionError("server did not start")


def test_a_server_killed_mid_push_loses_and_duplicates_nothing(own_database, world, token_for):  # noqa: F811
    a = world["A"]
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = _server(port)
    try:
        phone = device(base, token_for(a.users["kader"]))
        ids = [phone.enqueue("visit.create", data=visit_data(a.child.pk, 10 + (i % 40) / 10))["data"]["id"]
               for i in range(60)]
        outcome: list = []
        pushing = threading.Thread(target=lambda: outcome.append(phone.push()))
        pushing.start()
        killed_at = 0
        for _ in range(2000):  # kill once part of the batch is committed
            killed_at = Mutation.objects.filter(device_id=phone.device_id).count()
            if killed_at >= 5:
                break
            time.sleep(0.005)
        os.kill(server.pid, signal.SIGKILL)
        server.wait()
        pushing.join(60)
        assert outcome == [None] and 0 < killed_at < 60 and len(phone.outbox) == 60
        server = _server(port)
        push_until_done(phone)
        assert Encounter.objects.filter(pk__in=ids).count() == 60
        assert Observation.objects.filter(encounter_id__in=ids).count() == 60
        assert Mutation.objects.filter(device_id=phone.device_id).count() == 60
        # The retry resent all 60: those committed before the kill were answered from their record.
        replays = sum(1 for r in phone.results.values() if r["replay"])
        assert killed_at <= replays < 60
        assert {r["status"] for r in phone.results.values()} == {"applied"}
    finally:
        server.kill()
        server.wait()
        connections.close_all()


# --- eight writers at once ----------------------------------------------------------------------


def test_eight_concurrent_writers_leave_no_gap_and_a_concurrent_reader_misses_nothing(own_database, world):  # noqa: F811
    from siklus.care import services as care

    a = world["A"]
    kader = a.users["kader"]
    scope = a.desa.code
    start = SyncScope.objects.get(code=scope).version
    seen: dict[str, int] = {}
    stop = threading.Event()

    def writer(n):
        def job():
            for _i in range(6):
                person = Person.objects.get(pk=a.child.pk)
                care.record_encounter(kader, care.EncounterInput(
                    id=uuid7(), person=person, on=TODAY, kind="posyandu", place="posyandu"))
            return n
        return job

    def reader():
        after = start
        while True:
            done = stop.is_set()
            version = SyncScope.objects.get(code=scope).version
            for v, record_id in ChangeFeed.objects.filter(scope=scope, version__gt=after, version__lte=version) \
                    .values_list("version", "record_id"):
                seen[str(record_id)] = v
            after = version
            if done:
                return after
            time.sleep(0.002)

    reading = threading.Thread(target=lambda: (reader(), connections.close_all()))
    reading.start()
    results = run_together([writer(n) for n in range(8)])
    stop.set()
    reading.join(60)
    assert results == list(range(8)), results
    final = SyncScope.objects.get(code=scope).version
    written = set(map(str, Encounter.objects.filter(person=a.child).values_list("pk", flat=True)))
    assert len(written) == 48
    assert written <= set(seen), "the incremental reader missed a committed write"
    # Each write took its own version (the tasks the rules opened after them took the others).
    versions = list(ChangeFeed.objects.filter(scope=scope, table="visit", version__gt=start)
                    .values_list("version", flat=True))
    assert len(set(versions)) == 48 and max(versions) <= final
