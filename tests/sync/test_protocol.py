"""The sync protocol as docs/SYNC-PROTOCOL.md states it: devices, push order and idempotency, the
gapless compacted feed, removals, checksum, reset, and the codes the app acts on."""

import json
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from siklus.accounts.models import ApiToken
from siklus.care.models import Encounter, Observation
from siklus.people import services as people
from siklus.people.models import Person
from siklus.sync import feed
from siklus.sync.models import ChangeFeed, Mutation, SyncScope
from tests.conftest import JOB
from tests.sync.helpers import Phone, client_transport, register, uuid7

pytestmark = pytest.mark.django_db


@pytest.fixture
def kader_phone(world):
    client = Client()
    device_id, token = register(client, world["A"].users["kader"])
    phone = Phone(client_transport(client, token), device_id=device_id)
    phone.client, phone.token = client, token
    return phone


def new_person(phone, household, **extra):
    pid = str(uuid7())
    phone.enqueue("person.create", data={"id": pid, "household": str(household.pk), "name": "Bayi Baru Lahir",
                                         "sex": "P", "birth_date": (date.today() - timedelta(days=40)).isoformat(),
                                         "relation": "anak", **extra})
    return pid


def visit(phone, person_id, weight=4.9):
    eid = str(uuid7())
    phone.enqueue("visit.create", data={
        "id": eid, "person": person_id, "on": date.today().isoformat(), "kind": "posyandu", "place": "posyandu",
        "measurements": {"weight_kg": weight, "ids": {"weight": str(uuid7())}}})
    return eid


def test_a_kader_registers_a_device_pushes_a_newborn_and_a_visit_and_pulls_them_back(world, kader_phone):
    a = world["A"]
    pid = new_person(kader_phone, a.household)
    eid = visit(kader_phone, pid)
    body = kader_phone.push()
    assert [r["status"] for r in body["results"]] == ["applied", "applied"]
    assert body["last_seq"] == 2 and body["resend_from"] is None
    assert Person.objects.filter(pk=pid).exists() and Encounter.objects.filter(pk=eid).exists()
    assert Observation.objects.get(encounter_id=eid, code="weight").value == 4.9
    # The result carries the record as stored (with its classification).
    visit_row = body["results"][1]["row"]
    assert visit_row["observations"][0][1] == "weight" and visit_row["observations"][0][6]
    # A first pull brings the whole desa: the registry made by others and what this phone sent.
    assert kader_phone.pull(a.desa.code)
    assert {str(a.mother.pk), str(a.child.pk), pid} <= set(kader_phone.replica["person"])
    assert eid in kader_phone.replica["visit"]
    assert kader_phone.local_checksum(a.desa.code) == kader_phone.checksum
    # Nothing new: an idle check costs nothing and changes nothing.
    status, idle = kader_phone.send("GET", "/api/v1/sync/pull", params={"scope": a.desa.code, "limit": 0,
                                                                           "after": kader_phone.cursors[a.desa.code][1]})
    assert status == 200 and idle["tables"] == [] and not idle["has_more"]


def test_a_replayed_batch_applies_nothing_and_answers_as_the_first_time(world, kader_phone):
    a = world["A"]
    new_person(kader_phone, a.household)
    visit(kader_phone, str(a.child.pk), weight=11.0)
    batch = list(kader_phone.outbox)
    first = kader_phone.push()
    assert [r["status"] for r in first["results"]] == ["applied", "applied"], first
    counts = Person.objects.count(), Observation.objects.count(), Mutation.objects.count()
    status, again = kader_phone.send("POST", "/api/v1/sync/push", {"device_id": str(kader_phone.device_id),
                                                                   "schema": 1, "mutations": batch})
    assert status == 200
    assert (Person.objects.count(), Observation.objects.count(), Mutation.objects.count()) == counts
    assert all(r["replay"] for r in again["results"])
    assert [r["id"] for r in again["results"]] == [r["id"] for r in first["results"]]


def test_a_gap_in_device_seq_is_refused_with_the_seq_expected(world, kader_phone):
    a = world["A"]
    visit(kader_phone, str(a.child.pk), weight=11.0)
    kader_phone.push()
    later = {"mutation_id": str(uuid7()), "device_seq": 5, "type": "visit.create", "data": {}}
    status, body = kader_phone.send("POST", "/api/v1/sync/push", {"schema": 1, "mutations": [later]})
    assert status == 200 and body["results"] == [] and body["resend_from"] == 2
    assert not Mutation.objects.filter(device_seq=5).exists()


def test_a_rejected_mutation_is_stored_with_its_payload_and_does_not_block_the_queue(world, kader_phone):
    a = world["A"]
    future = (date.today() + timedelta(days=3)).isoformat()
    bad = kader_phone.enqueue("visit.create", data={"id": str(uuid7()), "person": str(a.child.pk), "on": future,
                                                     "kind": "posyandu", "place": "posyandu"})
    visit(kader_phone, str(a.child.pk), weight=11.0)
    body = kader_phone.push()
    rejected, applied = body["results"]
    assert rejected["status"] == "rejected" and rejected["code"] == "invalid"
    assert "masa depan" in json.dumps(rejected["errors"])
    assert applied["status"] == "applied" and kader_phone.outbox == []
    stored = Mutation.objects.get(mutation_id=bad["mutation_id"])
    assert stored.status == "rejected" and stored.payload["data"]["on"] == future
    assert stored.area_code == a.desa.code or stored.area_code.startswith(a.desa.code)


def test_a_kader_may_not_send_what_only_a_nakes_records(world, kader_phone):
    a = world["A"]
    kader_phone.enqueue("immunization.create", data={"id": str(uuid7()), "person": str(a.child.pk), "dose": "BCG",
                                                     "given_on": date.today().isoformat()})
    result = kader_phone.push()["results"][0]
    assert result["status"] == "rejected" and result["code"] == "forbidden"


def test_another_desas_person_is_not_found_and_the_same_id_with_other_content_is_a_clash(world, kader_phone):
    b = world["B"]
    kader_phone.enqueue("person.update", entity_id=str(b.mother.pk), base_version=1,
                        base_values={"phone": ""}, changes={"phone": "08123"})
    pid = new_person(kader_phone, world["A"].household)
    kader_phone.enqueue("person.create", data={"id": pid, "household": str(world["A"].household.pk),
                                               "name": "Orang Lain Sama Sekali", "sex": "L", "birth_date": "1990-01-01",
                                               "relation": "famili"})
    results = kader_phone.push()["results"]
    assert results[0]["code"] == "not_found" and Person.objects.get(pk=b.mother.pk).phone == ""
    assert results[1]["status"] == "applied"
    assert results[2]["status"] == "rejected" and results[2]["code"] == "uuid_clash"


def test_a_create_sent_again_under_a_new_mutation_is_a_duplicate(world, kader_phone):
    pid = new_person(kader_phone, world["A"].household)
    kader_phone.outbox.append({**kader_phone.outbox[0], "mutation_id": str(uuid7()), "device_seq": 2})
    kader_phone.seq = 2
    results = kader_phone.push()["results"]
    assert [r["status"] for r in results] == ["applied", "duplicate"]
    assert Person.objects.filter(pk=pid).count() == 1


def test_the_feed_is_gapless_compacted_and_its_checksum_matches_a_recount(world, kader_phone, admin):
    a = world["A"]
    scope = SyncScope.objects.get(code=a.desa.code)
    before = scope.version
    people.update_person(admin, a.mother, people.PersonChanges(phone="081234567890"))
    people.update_person(admin, Person.objects.get(pk=a.mother.pk), people.PersonChanges(phone="081234567891"))
    scope.refresh_from_db()
    assert scope.version == before + 2
    rows = ChangeFeed.objects.filter(scope=a.desa.code, record_id=a.mother.pk)
    assert rows.count() == 1 and rows.get().version == scope.version  # one row, at its latest version
    assert feed.recount(a.desa.code) == scope.checksum


def test_pages_never_split_or_skip_a_version(world, kader_phone, admin):
    a = world["A"]
    for i in range(7):
        visit(kader_phone, str(a.child.pk), weight=11 + i / 10)
    kader_phone.push()
    small = Phone(kader_phone.send)
    assert small.pull(a.desa.code, limit=3)
    whole = Phone(kader_phone.send)
    assert whole.pull(a.desa.code)
    assert {t: set(r) for t, r in small.replica.items()} == {t: set(r) for t, r in whole.replica.items()}
    assert small.local_checksum(a.desa.code) == small.checksum


def test_a_person_who_moves_to_another_desa_is_removed_from_the_old_desas_phones(world, admin, kader_phone):
    a, b = world["A"], world["B"]
    assert kader_phone.pull(a.desa.code)
    assert str(a.mother.pk) in kader_phone.replica["person"]
    people.update_person(admin, Person.objects.get(pk=a.mother.pk), people.PersonChanges(household=b.household))
    assert kader_phone.pull(a.desa.code)
    assert str(a.mother.pk) not in kader_phone.replica["person"]
    assert kader_phone.local_checksum(a.desa.code) == kader_phone.checksum
    assert ChangeFeed.objects.get(scope=b.desa.code, record_id=a.mother.pk).removed is False


def test_a_void_arrives_as_an_update_not_a_removal(world, admin, kader_phone):
    a = world["A"]
    pid = new_person(kader_phone, a.household)
    kader_phone.push()
    kader_phone.pull(a.desa.code)
    people.void(admin, Person.objects.get(pk=pid), "salah input")
    kader_phone.pull(a.desa.code)
    assert kader_phone.replica["person"][pid]["voided"] is True


def test_a_restored_server_makes_the_phone_reset_the_scope(world, kader_phone):
    a = world["A"]
    assert kader_phone.pull(a.desa.code)
    SyncScope.objects.filter(code=a.desa.code).update(epoch=2)
    assert kader_phone.pull(a.desa.code)
    assert kader_phone.cursors[a.desa.code][0] == 2 and str(a.mother.pk) in kader_phone.replica["person"]


def test_pull_without_scope_lists_the_users_desas_and_another_desa_is_refused(world, kader_phone):
    status, body = kader_phone.send("GET", "/api/v1/sync/pull")
    assert status == 200 and [s["scope"] for s in body["scopes"]] == [world["A"].desa.code]
    status, body = kader_phone.send("GET", "/api/v1/sync/pull", params={"scope": world["B"].desa.code})
    assert status == 403 and body["code"] == "forbidden"


def test_a_pull_is_audited_as_a_read_of_the_persons_served(world, kader_phone):
    from siklus.audit.models import AuditEvent

    kader_phone.pull(world["A"].desa.code)
    event = AuditEvent.objects.filter(action="list", area_code=world["A"].desa.code).latest("at")
    assert event.changes["what"] == "sinkron" and str(world["A"].mother.pk) in event.changes["ids"]


def test_a_gzip_push_and_a_gzip_pull(world, kader_phone):
    import gzip

    m = {"mutation_id": str(uuid7()), "device_seq": 1, "type": "visit.create",
         "data": {"id": str(uuid7()), "person": str(world["A"].child.pk), "on": date.today().isoformat(),
                  "kind": "posyandu", "place": "posyandu", "measurements": {"weight_kg": 11.1}}}
    response = kader_phone.client.post("/api/v1/sync/push", gzip.compress(json.dumps({"mutations": [m]}).encode()),
                                       content_type="application/json", HTTP_CONTENT_ENCODING="gzip",
                                       HTTP_AUTHORIZATION=f"Bearer {kader_phone.token}")
    assert response.status_code == 200 and response.json()["results"][0]["status"] == "applied"
    response = kader_phone.client.get("/api/v1/sync/pull", {"scope": world["A"].desa.code},
                                      HTTP_AUTHORIZATION=f"Bearer {kader_phone.token}", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(response.content))["scope"] == world["A"].desa.code


# --- security: the codes the app acts on


def test_a_revoked_device_syncs_nothing(world, kader_phone, client_for):
    a = world["A"]
    kepala = client_for(a.users["kepala"])
    assert kepala.post(f"/api/v1/sync/devices/{kader_phone.device_id}/revoke").status_code == 200
    visit(kader_phone, str(a.child.pk), weight=11.0)
    status, body = kader_phone.send("POST", "/api/v1/sync/push", {"schema": 1, "mutations": kader_phone.outbox})
    assert status == 401 and body["code"] == "device_revoked"
    status, body = kader_phone.send("GET", "/api/v1/sync/pull", params={"scope": a.desa.code})
    assert status == 401 and body["code"] == "device_revoked"
    assert not Encounter.objects.filter(person=a.child).exists()
    # Nor can it come back under the same id.
    client = Client()
    client.force_login(a.users["kader"])
    again = client.post("/api/v1/sync/devices", json.dumps({"device_id": str(kader_phone.device_id)}),
                        content_type="application/json")
    assert again.status_code == 403 and again.json()["code"] == "device_revoked"


def test_another_puskesmas_cannot_revoke_the_device(world, kader_phone, client_for):
    other = client_for(world["C"].users["kepala"])
    assert other.post(f"/api/v1/sync/devices/{kader_phone.device_id}/revoke").status_code == 404


def test_an_expired_session_is_401_session_expired_and_registering_again_keeps_the_sequence(world, kader_phone):
    a = world["A"]
    visit(kader_phone, str(a.child.pk), weight=11.0)
    kader_phone.push()
    ApiToken.objects.filter(digest=ApiToken.digest_of(kader_phone.token)).update(
        expires_at=timezone.now() - timedelta(minutes=1))
    visit(kader_phone, str(a.child.pk), weight=11.2)
    status, body = kader_phone.send("POST", "/api/v1/sync/push", {"schema": 1, "mutations": kader_phone.outbox})
    assert status == 401 and body["code"] == "session_expired"
    assert len(kader_phone.outbox) == 1  # kept
    device_id, token = register(Client(), a.users["kader"], kader_phone.device_id)
    kader_phone.send = client_transport(kader_phone.client, token)
    assert kader_phone.push()["results"][0]["device_seq"] == 2


def test_push_needs_a_device_and_an_old_schema_is_told_to_upgrade(world, token_for, kader_phone):
    client = Client()
    response = client.post("/api/v1/sync/push", "{}", content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {token_for(world['A'].users['kader'])}")
    assert response.status_code == 403 and response.json()["code"] == "device_required"
    status, body = kader_phone.send("POST", "/api/v1/sync/push", {"schema": 0, "mutations": []})
    assert status == 426 and body["code"] == "upgrade_required" and body["min_schema"] == 1
    response = client.post("/api/v1/sync/push", "{}", content_type="application/json")
    assert response.status_code == 401 and response.json()["code"] == "unauthenticated"


def test_tasks_closed_on_the_phone_leave_the_working_set(world, kader_phone):
    from tests.followup.pages_world import refresh

    a = world["A"]
    refresh(a.child)
    assert kader_phone.pull(a.desa.code)
    tasks = kader_phone.replica.get("task", {})
    assert tasks, "the child's open tasks are in the desa's feed"
    task_id, row = next(iter(tasks.items()))
    kader_phone.enqueue("task.close", entity_id=task_id, base_version=row["version"],
                        changes={"status": "closed", "outcome": "Sudah dikunjungi"})
    assert kader_phone.push()["results"][0]["status"] == "applied"
    assert kader_phone.pull(a.desa.code)
    assert task_id not in kader_phone.replica["task"]
    _ = JOB


def test_a_rebuilt_feed_holds_the_same_records_and_resets_the_phones(world, kader_phone, admin):
    from django.core.management import call_command

    a = world["A"]
    visit(kader_phone, str(a.child.pk), weight=11.0)
    kader_phone.push()
    assert kader_phone.pull(a.desa.code)
    before = {t: set(r) for t, r in kader_phone.replica.items() if r}
    call_command("sync", "rebuild", a.desa.code)
    assert feed.recount(a.desa.code) == SyncScope.objects.get(code=a.desa.code).checksum
    assert kader_phone.pull(a.desa.code)  # an old epoch: reset, then the whole desa again
    assert {t: set(r) for t, r in kader_phone.replica.items() if r} == before
    assert kader_phone.local_checksum(a.desa.code) == kader_phone.checksum


def test_a_control_character_in_the_app_version_is_refused_at_registration_and_dropped_on_push(world, kader_phone):
    """Seen by the API fuzzer on PostgreSQL: a NUL in ``app_version`` was a server error (it cannot
    store NUL). Registration refuses it with a 422; a push, whose body the phone writes, stores the
    version without it."""
    from siklus.sync.models import Device

    client = Client()
    client.force_login(world["A"].users["kader"])
    response = client.post("/api/v1/sync/devices", json.dumps({"device_id": str(uuid7()),
                                                                "app_version": "1.0\u0000x"}),
                           content_type="application/json")
    assert response.status_code == 422
    status, _body = kader_phone.send("POST", "/api/v1/sync/push", {
        "device_id": str(kader_phone.device_id), "client_now": timezone.now().isoformat(), "schema": 1,
        "app_version": "2.\u00001", "mutations": []})
    assert status == 200
    assert Device.objects.get(pk=kader_phone.device_id).app_version == "2.1"
