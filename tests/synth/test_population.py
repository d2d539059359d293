"""Residents of the synthetic kabupaten: the rates land on their parameters, and every record
passes the same validation as a registration through the people services."""

from collections import Counter
from datetime import date

import numpy as np
import pytest

from siklus.accounts.models import Role, User
from siklus.areas.services import known_kecamatan
from siklus.core.errors import Collector
from siklus.people import services as people
from siklus.people.models import Household, Person
from siklus.rules import nik as nik_rules
from siklus.synth import parameters as P
from siklus.synth.names import NamePools
from siklus.synth.population import Desa, Peopler

from .conftest import AS_OF

pytestmark = pytest.mark.django_db


def age_on(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def test_exactly_the_persons_asked_for(kotim):
    assert Person.objects.filter(area_code__startswith="62.02.").count() == kotim.persons == 5_000
    assert Household.objects.filter(area_code__startswith="62.02.").count() == kotim.households


def test_household_size_is_about_3_8(kotim):
    sizes = Counter(Person.objects.exclude(relation="lainnya", nik=None).values_list("household_id", flat=True))
    mean = (kotim.persons - kotim.duplicates) / kotim.households
    assert mean == pytest.approx(P.mean_household_size(), abs=0.15)
    assert 3.5 <= np.mean(list(sizes.values())) <= 4.0
    assert max(sizes.values()) <= 14


def test_age_sex_structure_follows_the_bps_pyramid(kotim):
    people = list(Person.objects.values_list("birth_date", "sex"))
    ages = np.array([age_on(b, AS_OF) for b, _ in people])
    female = np.array([s == "P" for _, s in people])
    expected = P.band_shares()
    for low, high in ((0, 5), (5, 15), (15, 25), (25, 45), (45, 60), (60, 200)):
        for sex, mask in (("L", ~female), ("P", female)):
            want = sum(v for (band, s), v in expected.items() if s == sex and low <= band < high)
            got = np.mean(mask & (ages >= low) & (ages < high))
            assert got == pytest.approx(want, abs=0.02), (low, high, sex)
    assert np.sum(~female) / np.sum(female) == pytest.approx(1.02, abs=0.08)
    assert ages.max() <= P.OLDEST_AGE


def test_share_without_nik_and_duplicates_match_their_parameters(kotim):
    shares = P.age_sex_shares().sum(axis=1)
    expected, low = 0.0, 0
    for upper, share in P.NO_NIK_BY_AGE:
        expected += shares[low:upper].sum() * share
        low = upper
    real = kotim.persons - kotim.duplicates
    assert kotim.without_nik / real == pytest.approx(expected, abs=0.006)
    assert Person.objects.filter(nik=None).count() == kotim.without_nik + kotim.duplicates
    assert kotim.duplicates / kotim.persons == pytest.approx(P.DUPLICATE_SHARE, abs=0.0025)
    # Babies are the ones without NIK.
    babies = Person.objects.filter(birth_date__gt=date(2024, 10, 1))
    assert babies.filter(nik=None).count() / babies.count() > 0.2


def test_the_duplicate_finder_finds_every_second_registration(kotim):
    same = Counter(Person.objects.values_list("household_id", "birth_date", "sex"))
    pairs = [key for key, count in same.items() if count > 1]
    assert len(pairs) >= kotim.duplicates > 0
    found = 0
    for household_id, birth, sex in pairs:
        copy = Person.objects.filter(household_id=household_id, birth_date=birth, sex=sex, nik=None).first()
        if copy is None:
            continue
        household = copy.household
        matches = people.possible_duplicates(name=copy.name, birth_date=birth, desa_code=household.desa_id,
                                             exclude=copy)
        found += bool(matches)
    assert found >= kotim.duplicates


def test_every_record_passes_the_people_services_validation(kotim):
    """The same checks register_household/register_person apply: NIK against sex and birth date,
    mother female and ≥10 years older, household in its desa, RT/RW zero-padded to 3 digits."""
    admin = User.objects.create(username="admin-uji", role=Role.ADMIN)
    households = {h.pk: h for h in Household.objects.select_related("desa", "sub_area", "posyandu")}
    for h in households.values():
        errors = Collector()
        fields = {f: getattr(h, f) for f in people.HOUSEHOLD_FIELDS}
        clean = people._check_household(admin, fields, errors)
        assert not errors.errors, (h.no_kk, errors.errors)
        assert clean["rt"] == h.rt and clean["rw"] == h.rw and len(h.rt) == len(h.rw) == 3
        assert h.area_code == h.sub_area_id == f"{h.desa_id}.RW{h.rw}.RT{h.rt}"
        assert h.posyandu is not None and h.posyandu.served_areas.filter(code=f"{h.desa_id}.RW{h.rw}").exists()
        assert len(h.no_kk) == 16 and h.no_kk.startswith(h.desa.parent_id.replace(".", ""))
    persons = {p.pk: p for p in Person.objects.all()}
    for p in persons.values():
        household = households[p.household_id]
        data = {f: getattr(p, f) for f in people.PERSON_FIELDS}
        data.update(household=household, mother=persons.get(p.mother_id))
        errors = Collector()
        people._check_person(admin, data, errors, editing=p)
        assert not errors.errors, (p.name, p.nik, errors.errors)
        assert p.area_code == household.area_code and p.name_key == people.name_key(p.name)
        if p.nik:
            check = nik_rules.check(p.nik, sex=p.sex, birth_date=p.birth_date, known_region=known_kecamatan)
            assert check.valid and not check.warnings
            assert check.region_code == household.desa.parent_id  # the desa's kecamatan
        if p.mother_id:
            mother = persons[p.mother_id]
            assert mother.sex == "P" and mother.household_id == p.household_id
            assert p.birth_date.year - mother.birth_date.year >= 10
    heads = Counter(p.household_id for p in persons.values() if p.relation == "kepala")
    assert set(heads.values()) == {1} and len(heads) == len(households)
    assert all(age_on(persons_head.birth_date, AS_OF) >= 15 for persons_head in persons.values()
               if persons_head.relation == "kepala")


def test_names_are_indonesian_and_regional(kotim):
    names = list(Person.objects.values_list("name", flat=True))
    words = Counter(w for n in names for w in n.split())
    assert {"Siti", "Muhammad", "Ahmad"} & set(words)
    assert {"Norhayati", "Tingang", "Galuh", "Aluh", "Anang", "Yohanes", "Maria"} & set(words)
    assert 1.5 <= np.mean([len(n.split()) for n in names]) <= 2.5


def make_block(seed: int):
    peopler = Peopler(seed=seed, as_of=AS_OF, pools=NamePools("sunda"), jkn_share=0.95, kabupaten="32.73")
    desa = Desa(index=3, code="32.73.01.1001", name="Sukaraja", kecamatan="32.73.01", kelurahan=True,
                population=800, households_planned=210, rw_count=3, rt_count=5)
    return peopler.block(desa, 0, 800)


def test_the_same_seed_gives_the_same_people_and_another_seed_other_people():
    first, again, other = make_block(7), make_block(7), make_block(8)
    assert first.persons == again.persons and first.households == again.households
    assert [p["nik"] for p in first.persons] != [p["nik"] for p in other.persons]


def test_the_bulk_writer_stores_what_bulk_create_would(db, loaded_areas):
    """The fast path writes the same column values as the ORM's bulk_create."""
    from django.db import connection

    from siklus.synth.bulk import Writer

    block = make_block(3)
    # Areas of the fixture world do not include Bandung; write to a desa of Kotawaringin Timur.
    for row in block.households:
        row.update(desa_id="62.02.01.2003", sub_area_id=None, area_code="62.02.01.2003", posyandu_id=None)
    for row in block.persons:
        row.update(area_code="62.02.01.2003")
    Writer(Household).write(block.households[:1])
    members = [p for p in block.persons if p["household_id"] == block.households[0]["id"]]
    Writer(Person).write(members)
    twin = Person(**{**members[-1], "id": None, "nik": None})
    twin.id = __import__("uuid").uuid4()
    Person.objects.bulk_create([twin])
    skip = ("id", "nik", "created_at", "updated_at")
    columns = [f.column for f in Person._meta.concrete_fields if f.column not in skip]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM people_person WHERE id IN (%s, %s)",
                       [Person._meta.pk.get_db_prep_value(members[-1]["id"], connection),
                        Person._meta.pk.get_db_prep_value(twin.id, connection)])
        rows = cursor.fetchall()
    assert len(rows) == 2 and rows[0] == rows[1]
    stored = Person.objects.get(pk=members[-1]["id"])
    assert stored.birth_date == members[-1]["birth_date"] and stored.household_id == members[-1]["household_id"]
