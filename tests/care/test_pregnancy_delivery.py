"""Pregnancies and deliveries (issue #11 item 7): a woman of plausible age, one open pregnancy,
HPL by the rules; a delivery closes it and creates one Birth per baby, a live baby a person in the
mother's household with its birth weight and length; an early ending is an abortus."""

import uuid
from datetime import date, timedelta

import pytest

from siklus.audit.models import AuditEvent
from siklus.care import services as care
from siklus.care.models import Birth, Observation, Pregnancy
from siklus.core.errors import Conflict, Invalid
from siklus.people.models import Person
from siklus.rules import config, pregnancy

HPHT = date(2026, 2, 10)


def register(world, role="pustu", **kw):
    a = world["A"]
    kw.setdefault("hpht", HPHT)
    return care.record_pregnancy(a.users[role], care.PregnancyInput(person=a.mother, **kw))


def deliver(world, record, role="pustu", **kw):
    kw.setdefault("ended_on", date(2026, 11, 14))
    kw.setdefault("outcome", "lahir_hidup")
    kw.setdefault("babies", (care.NewbornInput(sex="P", weight_g=3100, length_cm=49.0, imd=True),))
    return care.record_delivery(world["A"].users[role], care.DeliveryInput(pregnancy=record, **kw))


def test_a_pregnancy_gets_its_hpl_and_gravida(world):
    record = register(world)
    assert record.hpl == pregnancy.hpl(HPHT) and record.gravida == 1
    assert AuditEvent.objects.filter(action="create", object_id=str(record.pk)).exists()


def test_a_pregnancy_of_a_man_or_at_an_implausible_age_is_refused(world):
    a = world["A"]
    with pytest.raises(Invalid) as error:
        care.record_pregnancy(a.users["pustu"], care.PregnancyInput(person=a.child, hpht=date(2026, 6, 1)))
    assert "perempuan" in error.value.errors["person"][0]
    a.mother.birth_date = date(1968, 1, 1)
    with pytest.raises(Invalid) as error:
        register(world)
    assert "58 tahun" in error.value.errors["hpht"][0] and "10–55" in error.value.errors["hpht"][0]
    with config.override(**{"recording.pregnancy_age_years": (10, 60)}):
        assert register(world).hpht == HPHT


def test_a_second_open_pregnancy_is_refused(world):
    register(world)
    with pytest.raises(Invalid) as error:
        register(world, hpht=HPHT + timedelta(days=30))
    assert "Masih ada kehamilan" in error.value.errors["person"][0]


def test_a_kader_does_not_register_a_pregnancy(world):
    with pytest.raises(PermissionError):
        register(world, role="kader")


def test_a_live_birth_makes_the_baby_a_person_of_the_household(world):
    a = world["A"]
    record = register(world)
    delivery = deliver(world, record, place_of_birth="fasyankes", delivery_facility=a.pustu, attendant="bidan",
                       mode="spontan")
    record.refresh_from_db()
    assert (record.ended_on, record.outcome, record.attendant) == (date(2026, 11, 14), "lahir_hidup", "bidan")
    [birth] = delivery.births
    baby = birth.child
    assert (baby.mother, baby.household, baby.birth_date, baby.relation, baby.sex) == (
        a.mother, a.household, date(2026, 11, 14), "anak", "P")
    assert baby.name == "Bayi Ny. Ibu Warga A"
    weights = {o.code: o for o in Observation.objects.filter(person=baby)}
    assert weights["weight"].value == pytest.approx(3.1) and weights["length_height"].method == "l"
    assert weights["weight"].category  # classified at day 0
    assert AuditEvent.objects.filter(action="update", object_id=str(record.pk)).exists()


def test_twins_and_a_stillborn_twin(world):
    record = register(world)
    delivery = deliver(world, record, babies=(care.NewbornInput(sex="L", weight_g=2300),
                                              care.NewbornInput(sex="P", alive=False, weight_g=1900)))
    first, second = delivery.births
    assert (first.order, first.alive, second.order, second.alive, second.child) == (1, True, 2, False, None)
    assert first.child.name == "Bayi Ny. Ibu Warga A 1"
    assert Person.objects.filter(mother=world["A"].mother).count() == 2  # the world's child and the live twin


def test_a_baby_registered_before_the_delivery_is_linked_not_registered_again(world):
    from siklus.people import services as people

    a = world["A"]
    record = register(world)
    baby = people.register_person(a.users["pustu"], people.PersonInput(
        household=a.household, name="Siti", sex="P", birth_date=date(2026, 11, 14), relation="anak", mother=a.mother))
    delivery = deliver(world, record, babies=(care.NewbornInput(sex="P", child=baby),))
    assert delivery.births[0].child == baby and Person.objects.filter(name__startswith="Bayi").count() == 0


def test_an_ending_before_20_weeks_is_an_abortus(world):
    record = register(world)
    with pytest.raises(Invalid) as error:
        deliver(world, record, ended_on=HPHT + timedelta(weeks=19, days=6), outcome="lahir_mati",
                babies=(care.NewbornInput(sex="L", alive=False),))
    assert "abortus" in error.value.errors["outcome"][0]
    closed = deliver(world, record, ended_on=HPHT + timedelta(weeks=12), outcome="abortus", babies=())
    assert closed.births == [] and closed.pregnancy.outcome == "abortus"


def test_the_outcome_must_match_the_babies(world):
    record = register(world)
    with pytest.raises(Invalid) as error:
        deliver(world, record, outcome="lahir_mati")
    assert "lahir hidup" in error.value.errors["outcome"][0]
    with pytest.raises(Invalid) as error:
        deliver(world, record, babies=(care.NewbornInput(sex="X", weight_g=31000),))
    assert set(error.value.errors) == {"outcome", "babies.0.sex", "babies.0.weight_g"} - {"outcome"}
    assert not Birth.objects.exists() and Pregnancy.objects.get().ended_on is None


def test_a_delivery_sent_again_is_the_same_one(world):
    record = register(world)
    babies = (care.NewbornInput(sex="P", weight_g=3100, id=uuid.uuid4()),)
    first = deliver(world, record, babies=babies)
    again = deliver(world, record, babies=babies)
    assert care.is_resend(again.pregnancy) and [b.pk for b in again.births] == [b.pk for b in first.births]
    assert Birth.objects.count() == 1
    with pytest.raises(Conflict):
        deliver(world, record, babies=babies, ended_on=date(2026, 11, 15))


def test_a_stale_pregnancy_version_is_a_conflict(world):
    record = register(world)
    with pytest.raises(Conflict):
        deliver(world, record, version=record.version - 1)
    assert not Birth.objects.exists()


def test_a_kader_does_not_record_a_delivery(world):
    record = register(world)
    with pytest.raises(PermissionError):
        deliver(world, record, role="kader")
