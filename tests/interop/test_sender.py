"""The SATUSEHAT client and its outbox (issue #15 item 2), end to end against the local stand-in
(tests/interop/fake_satusehat.py): OAuth2 client credentials, dependency order, the IHS number
found by NIK, retries with backoff, OperationOutcome errors, idempotency and updates."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from siklus.interop import outbox, services
from siklus.interop.models import OutboxItem, OutboxStatus, RemoteResource
from siklus.rules import config, satusehat
from tests.conftest import JOB
from tests.interop.records import record_everything


@pytest.fixture
def sendable():
    """Codes SATUSEHAT's playbook would give (not verified here): BCG's KFA code, SRQ-20's URL."""
    codes = {**satusehat.setting("satusehat.vaccine_codes"), "BCG": "VG-UJI-BCG", "MR1": "VG-UJI-MR"}
    urls = {**satusehat.setting("satusehat.questionnaires"), "srq20": "https://fhir.example/Questionnaire/srq20"}
    with config.override(**{"satusehat.vaccine_codes": codes, "satusehat.questionnaires": urls}):
        yield


@pytest.fixture
def recorded(world, configured, fake, sendable):
    fake.add_patient(world["A"].mother.nik, "P02478375538")
    return record_everything(world["A"])


def send(world, **kwargs):
    (report,) = services.send(JOB, puskesmas=world["A"].puskesmas, **kwargs).values()
    return report


def rows(**filters):
    return list(OutboxItem.objects.filter(**filters))


def due_now():
    """Let the backoff pass (the test does not wait for it)."""
    OutboxItem.objects.filter(status=OutboxStatus.PENDING).update(next_attempt_at=timezone.now() - timedelta(seconds=1))


def sendable_records(recorded):
    """What SATUSEHAT takes: every record except the z-score (no LOINC code)."""
    return [r for r in recorded.all() if getattr(r, "code", "") != "zwfl"]


def test_every_record_is_sent_once_in_dependency_order(world, recorded, fake):
    report = send(world)
    expected = sendable_records(recorded)
    locations = 3  # Puskesmas, Pustu, Posyandu A
    assert (report.sent, report.failed, report.retry) == (len(expected) + locations, 0, 0)
    assert all(n == 1 for n in fake.created.values()) and sum(fake.created.values()) == len(expected) + locations + 1
    # The newborn was registered by the mother's NIK (one Patient created); the mother was found by NIK.
    (newborn,) = fake.all("Patient")[1:]
    assert {i["system"]: i["value"] for i in newborn["identifier"]}[satusehat.NIK_IBU] == world["A"].mother.nik
    assert RemoteResource.objects.get(resource_type="Patient", local_id=str(world["A"].mother.pk)).remote_id == "P02478375538"
    writes = [path.split("/")[3] for method, path in fake.requests if method == "POST" and "/fhir-r4/" in path]
    assert writes.index("Encounter") > max(i for i, t in enumerate(writes) if t == "Location")
    assert writes.index("Observation") > max(i for i, t in enumerate(writes) if t == "Encounter")
    encounter = fake.resources["Encounter"][RemoteResource.objects.get(local_id=str(recorded.encounter.pk)).remote_id]
    assert encounter["subject"]["reference"] == "Patient/P02478375538"
    assert encounter["serviceProvider"]["reference"] == "Organization/10000004"
    assert encounter["location"][0]["location"]["reference"].startswith("Location/")
    observation = next(r for r in fake.all("Observation") if r["code"]["coding"][0]["code"] == "8480-6")
    assert observation["encounter"]["reference"] == f"Encounter/{encounter['id']}"


def test_the_token_is_fetched_once_and_fetched_again_when_refused(world, recorded, fake):
    send(world)
    assert fake.token_requests == 1
    fake.expire_tokens()  # SATUSEHAT answers 401 to the cached token
    from siklus.care import services as care

    care.record_observation(JOB, care.ObservationInput(person=world["A"].mother, on=date(2025, 3, 2), code="weight",
                                                       value=61.0))
    report = send(world)
    assert report.sent == 1 and fake.token_requests == 2


def test_a_second_pass_sends_nothing_and_a_change_is_an_update_of_the_same_resource(world, recorded, fake):
    from siklus.care import services as care

    send(world)
    writes = fake.writes()
    assert send(world).sent == 0 and fake.writes() == writes
    condition = care.resolve_condition(JOB, recorded.condition, date(2025, 4, 1))
    assert send(world).sent == 1
    remote = RemoteResource.objects.get(resource_type="Condition", local_id=str(condition.pk))
    stored = fake.resources["Condition"][remote.remote_id]
    assert stored["clinicalStatus"]["coding"][0]["code"] == "resolved" and remote.sent_version == condition.version
    key = next(k for k in fake.created if k[0] == "Condition")
    assert fake.created[key] == 1 and fake.updated[key] == 1
    assert ("PUT", f"/fhir-r4/v1/Condition/{remote.remote_id}") in fake.requests


def test_a_refusal_fails_the_record_with_the_operation_outcome_and_a_resend_sends_it(world, recorded, fake):
    weight = next(o for o in recorded.observations if o.code == "weight")
    fake.invalid[str(weight.pk)] = "Kode LOINC tidak sesuai dengan satuan"
    report = send(world)
    assert report.failed == 1 and report.sent == len(sendable_records(recorded)) + 3 - 1
    (failed,) = rows(status=OutboxStatus.FAILED)
    assert failed.record_id == weight.pk and failed.http_status == 400
    assert "invalid: Kode LOINC tidak sesuai dengan satuan (Observation.code)" in failed.last_error
    del fake.invalid[str(weight.pk)]
    assert services.resend_failed(world["A"].users["nakes"], failed.config) == 1
    assert send(world).sent == 1


def test_server_errors_and_timeouts_are_retried_with_backoff(world, recorded, fake, settings):
    settings.SIKLUS_SATUSEHAT_TIMEOUT = 0.3
    fake.delay = 1.0
    fake.fail_next(1, 503, "Encounter")
    fake.fail_next(1, 0, "Encounter")  # no answer in time
    before = timezone.now()
    report = send(world)
    assert report.retry >= 2 and report.failed == 0
    waiting = rows(status=OutboxStatus.PENDING)
    encounters = [r for r in waiting if r.resource_type == "Encounter"]
    assert len(encounters) == 2
    assert {("HTTP 503" in r.last_error or "waktu habis" in r.last_error) for r in encounters} == {True}
    for row in encounters:  # first retry after 30 s
        assert before + timedelta(seconds=29) < row.next_attempt_at < timezone.now() + timedelta(seconds=31)
    # What refers to those encounters waits for them.
    assert any("Encounter" in r.last_error or "belum terkirim" in r.last_error for r in waiting if r.priority == 2)
    due_now()
    report = send(world)
    assert not rows(status=OutboxStatus.PENDING) and not rows(status=OutboxStatus.FAILED)
    assert all(n == 1 for n in fake.created.values())


def test_the_backoff_doubles_up_to_its_maximum_and_then_the_record_fails(world, recorded, fake):
    assert [outbox.backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert outbox.backoff(30).total_seconds() == outbox.BACKOFF_MAX_SECONDS
    fake.fail_next(100, 502, "Location")
    for _ in range(outbox.MAX_ATTEMPTS):
        send(world)
        due_now()
    failed = {r.record_id: r for r in rows(status=OutboxStatus.FAILED, resource_type="Location")}
    assert len(failed) == 3 and all(r.attempts == outbox.MAX_ATTEMPTS for r in failed.values())
    a = world["A"]
    assert "HTTP 502" in failed[a.puskesmas.pk].last_error
    # The Pustu's and Posyandu's Locations are part of the Puskesmas' one: they waited for it.
    assert "lokasi (Location) belum terkirim" in failed[a.posyandu.pk].last_error


def test_a_person_satusehat_does_not_know_yet_waits(world, configured, fake, sendable):
    recorded = record_everything(world["A"])  # the mother's NIK is not in the fake's patient index
    report = send(world)
    assert report.retry > 0
    waiting = rows(status=OutboxStatus.PENDING, person=world["A"].mother)
    assert waiting and all("belum terdaftar di SATUSEHAT" in r.last_error for r in waiting)
    fake.add_patient(world["A"].mother.nik)
    due_now()
    send(world)
    assert not rows(status=OutboxStatus.PENDING)
    assert len(rows(status=OutboxStatus.SENT)) == len(sendable_records(recorded)) + 3


def test_refused_credentials_stop_the_pass_without_using_up_attempts(world, recorded, fake):
    services.configure(JOB, world["A"].puskesmas, secret="salah")
    report = send(world)
    assert report.sent == 0 and "token ditolak (HTTP 401)" in report.errors[0]
    assert all(r.attempts == 0 and r.status == OutboxStatus.PENDING for r in rows())
    services.configure(JOB, world["A"].puskesmas, secret=fake.client_secret)
    assert send(world).sent == len(sendable_records(recorded)) + 3


def test_a_row_is_claimed_by_one_sender_until_its_lease_ends(world, recorded, configured):
    outbox.collect(configured)
    first = outbox.claim(configured, "sender-1", limit=5)
    second = outbox.claim(configured, "sender-2", limit=500)
    assert len(first) == 5 and not {r.pk for r in first} & {r.pk for r in second}
    assert [r.priority for r in first] == sorted(r.priority for r in first)
    assert outbox.claim(configured, "sender-3") == []
    later = timezone.now() + timedelta(seconds=outbox.LEASE_SECONDS + 1)
    assert len(outbox.claim(configured, "sender-3", now=later, limit=500)) == len(first) + len(second)


def test_a_newer_version_supersedes_the_waiting_one(world, recorded, configured):
    from siklus.care import services as care

    outbox.collect(configured)
    care.resolve_condition(JOB, recorded.condition, date(2025, 4, 1))
    outbox.collect(configured)
    versions = {r.record_version: r.status for r in rows(record_id=recorded.condition.pk)}
    assert versions == {1: OutboxStatus.SUPERSEDED, 2: OutboxStatus.PENDING}


def test_the_secret_is_stored_encrypted_and_never_audited(world, configured, fake):
    from siklus.audit.models import AuditEvent
    from siklus.interop.models import SatusehatConfig

    stored = SatusehatConfig.objects.get(pk=configured.pk)
    assert fake.client_secret not in stored.secret_encrypted and stored.secret() == fake.client_secret
    assert fake.client_secret not in repr(stored) and fake.client_secret not in str(stored)
    events = AuditEvent.objects.filter(model="satusehatconfig")
    assert events and all(fake.client_secret not in str(e.changes) for e in events)
    assert events.first().changes["client_secret"] == ["***", "***"]


def test_only_the_kepala_of_the_network_configures_and_sending_needs_credentials(world, fake):
    from siklus.core.errors import Invalid

    a, b = world["A"], world["B"]
    with pytest.raises(PermissionError):
        services.configure(a.users["nakes"], a.puskesmas, organization_id="1")
    with pytest.raises(PermissionError):
        services.configure(a.users["kepala"], b.puskesmas, organization_id="1")
    with pytest.raises(Invalid) as refused:
        services.configure(a.users["kepala"], a.puskesmas, organization_id="10000004", enabled=True)
    assert "enabled" in refused.value.errors
    with pytest.raises(Invalid) as refused:
        services.configure(a.users["kepala"], a.puskesmas, base_url="http://satusehat.example/fhir")
    assert "base_url" in refused.value.errors
