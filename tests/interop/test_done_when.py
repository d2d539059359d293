"""Issue #15, done when: a Posyandu day recorded through the web becomes a valid transaction
Bundle; sending it to the local SATUSEHAT works; killing the sender mid-way and starting it again
sends every record exactly once (the stand-in counts what it creates)."""

import json
import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from siklus.care.models import Encounter, Immunization, Observation
from siklus.interop import services
from siklus.interop.client import Transport
from siklus.interop.models import OutboxItem, OutboxStatus
from siklus.interop.validation import model_of, validate
from siklus.people.models import Person
from tests.care.test_posyandu import build_posyandu
from tests.conftest import JOB, nik_for
from tests.interop.test_sender import sendable  # noqa: F401 (fixture)

# What the kader types for each person of the day (grid inputs, measure "l" lying / "h" standing).
ROWS = {
    "bayi": ({"weight_kg": "8,0", "lenhei_cm": "70", "headc_cm": "44", "muac_cm": "14"}, "l"),
    "balita": ({"weight_kg": "12,6", "lenhei_cm": "90", "muac_cm": "15", "headc_cm": "48"}, "h"),
    "ibu_hamil": ({"weight_kg": "55", "lenhei_cm": "155", "muac_cm": "25", "sbp": "110", "dbp": "70"}, "h"),
    "dewasa": ({"weight_kg": "60", "lenhei_cm": "160", "waist_cm": "80", "sbp": "120", "dbp": "80",
                "glucose_mg_dl": "95"}, "h"),
    "lansia": ({"weight_kg": "58", "lenhei_cm": "158", "waist_cm": "84", "sbp": "135", "dbp": "85",
                "glucose_mg_dl": "110"}, "h"),
}
CAME = [("bayi", 1), ("bayi", 2), ("balita", 1), ("balita", 3), ("ibu_hamil", 1), ("ibu_hamil", 2), ("dewasa", 1),
        ("dewasa", 2), ("lansia", 0), ("lansia", 1)]


class Killed(BaseException):
    """The sender's process dies (as on SIGKILL: nothing of it runs any more)."""


class DyingTransport(Transport):
    """Dies right after SATUSEHAT has stored its ``after``-th write, before siklus hears the answer."""

    def __init__(self, after: int):
        self.after, self.writes = after, 0

    def send(self, method, url, headers, body, timeout):
        answer = super().send(method, url, headers, body, timeout)
        if method in ("POST", "PUT") and "/fhir-r4/" in url:
            self.writes += 1
            if self.writes == self.after:
                raise Killed
        return answer


@pytest.fixture
def day(world, client_for, fake):
    """A Posyandu day of 10 people recorded through the web: the kader's grid rows, the bidan's MR1."""
    a = world["A"]
    pw = build_posyandu(a)
    for n, person in enumerate(pw.persons):
        Person.objects.filter(pk=person.pk).update(nik=nik_for(a.desa.code, person.birth_date, person.sex, 100 + n))
    newborn = pw.by_stage["bayi"][1]  # a baby without NIK, known by the mother's
    Person.objects.filter(pk=newborn.pk).update(nik=None, mother=pw.by_stage["ibu_hamil"][3])
    for person in Person.objects.exclude(nik=None):
        fake.add_patient(person.nik)
    kader, bidan = client_for(pw.kader), client_for(pw.bidan)
    url = reverse("posyandu_measure", kwargs={"pk": a.posyandu.pk, "day": pw.today})
    came = [pw.by_stage[stage][i] for stage, i in CAME]
    for (stage, _i), person in zip(CAME, came):
        values, measure = ROWS[stage]
        response = kader.post(url, {"person": person.pk, "row_id": str(uuid.uuid4()), "measure": measure, **values})
        assert response.status_code == 302
    serve = reverse("posyandu_serve", kwargs={"pk": a.posyandu.pk, "day": pw.today})
    assert bidan.post(serve, {"person": pw.mr1_due.pk, "dose": "MR1", "row_id": str(uuid.uuid4())}).status_code == 302
    encounters = Encounter.objects.filter(facility=a.posyandu, on=pw.today)
    assert encounters.count() == 11  # ten measured, the baby immunized
    assert Immunization.objects.filter(person=pw.mr1_due, dose="MR1").exists()
    assert {o.person_id for o in Observation.objects.filter(on=pw.today)} == {p.pk for p in came}
    return pw


def test_the_day_becomes_a_valid_transaction_bundle(world, day, tmp_path):
    out = tmp_path / "bundle.json"
    call_command("fhir", "export", "--area", world["A"].desa.code, "--since", day.today.isoformat(), "-o", str(out))
    bundle = json.loads(out.read_text())
    model_of("Bundle").model_validate(bundle)
    assert bundle["type"] == "transaction"
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    # Everything of the desa stored today: the day's records and the history the world was built with.
    desa = world["A"].desa.code
    assert kinds.count("Encounter") == 11
    assert kinds.count("Immunization") == Immunization.objects.filter(area_code__startswith=desa).count()
    assert kinds.count("Observation") == Observation.objects.filter(area_code__startswith=desa).count()
    assert kinds.count("Patient") == 1  # the newborn; the others are referred to by NIK
    for entry in bundle["entry"]:
        validate(entry["resource"])


def test_sending_the_day_survives_a_killed_sender_and_sends_every_record_exactly_once(world, day, configured, fake,
                                                                                      sendable):  # noqa: F811
    a = world["A"]
    # The Puskesmas sends from the day on (the world's earlier history is not this test's).
    services.configure(JOB, a.puskesmas, send_from=day.today)
    for kill_after in (7, 19):  # the sender dies twice, in the middle of a batch
        with pytest.raises(Killed):
            services.send(JOB, puskesmas=a.puskesmas, transport=DyingTransport(kill_after))
        in_flight = OutboxItem.objects.filter(status=OutboxStatus.SENDING)
        assert in_flight.exists()
        # Started again at once: the dead sender's rows are still leased to it and left alone.
        fake_writes = fake.writes()
        services.send(JOB, puskesmas=a.puskesmas)
        assert OutboxItem.objects.filter(status=OutboxStatus.SENDING).count() == in_flight.count()
        # Its lease runs out: they are taken again.
        OutboxItem.objects.filter(status=OutboxStatus.SENDING).update(
            claimed_until=timezone.now() - timedelta(seconds=1))
        assert fake.writes() >= fake_writes
    for _ in range(3):
        services.send(JOB, puskesmas=a.puskesmas)
        OutboxItem.objects.filter(status=OutboxStatus.PENDING).update(next_attempt_at=timezone.now())
    rows = list(OutboxItem.objects.all())
    assert {r.status for r in rows} == {OutboxStatus.SENT}, [(r, r.last_error) for r in rows if r.status != "sent"]
    # Exactly once: every record created once, none twice, none updated to make up for it.
    assert fake.created and set(fake.created.values()) == {1}
    assert not fake.updated
    created = {key.rsplit("|", 1)[1] for (kind, key) in fake.created if kind != "Patient"}
    assert created == {str(r.record_id) for r in rows}
    sent_observations = Observation.objects.filter(on=day.today).exclude(code="zwfl")
    assert {str(o.pk) for o in sent_observations} <= created
    assert len([k for k in fake.created if k[0] == "Encounter"]) == 11
    # The two records in flight when the sender died were found again by their identifier, not re-created.
    recovered = [path for method, path in fake.requests if method == "GET" and not path.endswith("/Patient")]
    assert len(recovered) >= 2
    # The newborn was registered once, through the mother's NIK.
    assert len([k for k in fake.created if k[0] == "Patient"]) == 1
