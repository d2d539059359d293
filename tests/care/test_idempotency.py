"""Idempotent creation by the client's UUID (issue #11 item 5): a phone that sends a record twice
(no answer the first time, weak signal) stores it once; the second answer is the same record,
flagged ``is_resend``, with no second audit event. The same id with other content, or for another
person, is a Conflict; two identical sends at the same moment store one row."""

import threading
import uuid
from datetime import date

import pytest
from django.db import connections

from siklus.audit.models import AuditEvent
from siklus.care import services as care
from siklus.care.models import Encounter, Immunization, Observation, Referral, Supplement
from siklus.core.errors import Conflict, Invalid

from ..foundation.test_concurrency import own_database, threaded  # noqa: F401  (fixture)

ON = date(2026, 11, 2)


def creations(record):
    return AuditEvent.objects.filter(action="create", object_id=str(record.pk)).count()


def inputs(a):
    """One input of each kind with a fixed id, and who may record it."""
    return [
        (care.record_encounter, care.EncounterInput(person=a.mother, on=ON, kind="posyandu", place="posyandu",
                                                    complaint="pusing", id=uuid.uuid4()), "kader"),
        (care.record_observation, care.ObservationInput(person=a.mother, on=ON, code="waist", value=82,
                                                        id=uuid.uuid4()), "kader"),
        (care.record_immunization, care.ImmunizationInput(person=a.child, dose="MR2", given_on=ON,
                                                          batch="X1", id=uuid.uuid4()), "pustu"),
        (care.record_supplement, care.SupplementInput(person=a.mother, kind="ttd", given_on=ON, amount=30,
                                                      id=uuid.uuid4()), "kader"),
        (care.record_referral, care.ReferralInput(person=a.mother, on=ON, reason="Tekanan darah tinggi",
                                                  to_facility=a.pustu, id=uuid.uuid4()), "kader"),
        (care.record_medication, care.MedicationInput(person=a.mother, on=ON, medicine="Amlodipin 5 mg",
                                                      quantity=30, id=uuid.uuid4()), "pustu"),
    ]


@pytest.mark.parametrize("index", range(6))
def test_the_same_record_sent_twice_is_stored_once(world, index):
    a = world["A"]
    service, data, role = inputs(a)[index]
    first = service(a.users[role], data)
    again = service(a.users[role], data)
    assert again.pk == first.pk == data.id
    assert not care.is_resend(first) and care.is_resend(again)
    assert type(first).objects.filter(pk=data.id).count() == 1 and creations(first) == 1


@pytest.mark.parametrize("index", range(6))
def test_the_same_id_with_other_content_is_a_conflict(world, index):
    a = world["A"]
    service, data, role = inputs(a)[index]
    first = service(a.users[role], data)
    changed = {"on": date(2026, 11, 3)} if hasattr(data, "on") else {"given_on": date(2026, 11, 3)}
    import dataclasses
    with pytest.raises(Conflict) as error:
        service(a.users[role], dataclasses.replace(data, **changed))
    name = next(iter(changed))
    assert error.value.fields[name] == {"yours": "2026-11-03", "current": "2026-11-02"}
    assert error.value.version == first.version and creations(first) == 1


def test_the_same_id_for_another_person_is_a_conflict_that_shows_nothing_of_the_first(world):
    a = world["A"]
    data = care.EncounterInput(person=a.mother, on=ON, kind="posyandu", place="posyandu", id=uuid.uuid4())
    care.record_encounter(a.users["kader"], data)
    other = care.EncounterInput(person=a.child, on=ON, kind="posyandu", place="posyandu", id=data.id)
    with pytest.raises(Conflict) as error:
        care.record_encounter(a.users["kader"], other)
    assert error.value.current == {} and "orang lain" in error.value.message
    assert Encounter.objects.filter(person=a.child).count() == 0


def test_a_resend_is_answered_even_when_the_record_would_now_be_refused(world):
    """A second BCG is refused — but the same BCG sent again is the first one, not a second dose."""
    a = world["A"]
    data = care.ImmunizationInput(person=a.child, dose="BCG", given_on=date(2025, 2, 10), id=uuid.uuid4())
    first = care.record_immunization(a.users["pustu"], data)
    assert care.record_immunization(a.users["pustu"], data).pk == first.pk
    with pytest.raises(Invalid):
        care.record_immunization(a.users["pustu"], care.ImmunizationInput(person=a.child, dose="BCG",
                                                                          given_on=date(2025, 2, 10)))
    assert Immunization.objects.count() == 1


def test_an_id_that_is_no_uuid_is_a_field_error(world):
    a = world["A"]
    with pytest.raises(Invalid) as error:
        care.record_supplement(a.users["kader"], care.SupplementInput(person=a.mother, kind="ttd", given_on=ON,
                                                                      id="abc"))  # type: ignore[arg-type]
    assert "id" in error.value.errors


def test_a_send_that_loses_the_race_answers_with_the_winners_record(world, monkeypatch):
    """The lookup found nothing, then the insert hits the primary key of a row a concurrent send
    committed meanwhile: it is compared like a resend instead of failing."""
    a = world["A"]
    data = care.ObservationInput(person=a.mother, on=ON, code="waist", value=82, id=uuid.uuid4())
    winner = care.record_observation(a.users["kader"], data)
    monkeypatch.setattr(care, "_resent", lambda *args, **kw: None)  # the loser's lookup ran before the commit
    loser = care.record_observation(a.users["kader"], data)
    assert loser.pk == winner.pk and care.is_resend(loser)
    assert Observation.objects.count() == 1 and creations(winner) == 1
    with pytest.raises(Conflict):
        care.record_observation(a.users["kader"], care.ObservationInput(person=a.mother, on=ON, code="waist",
                                                                        value=83, id=data.id))


@threaded
def test_two_identical_sends_at_once_store_one_row(own_database):  # noqa: F811
    """Real threads on the deployed database: both answer with the same record, one row, one audit event."""
    from siklus.accounts.models import Role
    from siklus.areas import services as areas

    from ..conftest import JOB, build_place, make_user

    areas.load(JOB, "62.02")
    a = build_place("A", make_user("admin_t", Role.ADMIN))
    data = care.SupplementInput(person=a.mother, kind="pmt_lokal", given_on=ON, id=uuid.uuid4())
    answers, failures = [], []
    barrier = threading.Barrier(4)

    def send():
        try:
            barrier.wait()
            answers.append(care.record_supplement(a.users["kader"], data).pk)
        except Exception as error:  # pragma: no cover - reported below
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures and answers == [data.id] * 4
    assert Supplement.objects.filter(pk=data.id).count() == 1
    assert AuditEvent.objects.filter(action="create", object_id=str(data.id)).count() == 1


def test_referral_resend_keeps_its_status(world):
    a = world["A"]
    data = care.ReferralInput(person=a.mother, on=ON, reason="Hb rendah", to_facility=a.pustu, id=uuid.uuid4())
    referral = care.record_referral(a.users["kader"], data)
    care.answer_referral(a.users["pustu"], referral, "diterima")
    again = care.record_referral(a.users["kader"], data)
    assert care.is_resend(again) and again.status == Referral.Status.RECEIVED
