"""Per-field three-way merge (the rules as a table, generated from FIELD_POLICY), two kader editing
one person offline, the bidan's decision reaching both phones, and duplicates made offline merged
with their history."""

import pytest
from django.test import Client

from siklus.care.models import Encounter
from siklus.people.models import Person
from siklus.sync import services
from siklus.sync.merge_rules import FIELD_POLICY, ORDER, Outcome, Policy, decide
from siklus.sync.models import Conflict, Duplicate, Redirect
from tests.sync.helpers import Phone, client_transport, register, uuid7

# (base, yours, theirs) per case; what each policy does with it.
CASES = {
    "nobody else changed it": ("a", "b", "a"),
    "both wrote the same": ("a", "b", "b"),
    "the server changed it to another value": ("a", "b", "c"),
}
EXPECTED = {
    Policy.REVIEW: [Outcome.APPLY, Outcome.SAME, Outcome.REVIEW],
    Policy.PER_FIELD: [Outcome.APPLY, Outcome.SAME, Outcome.APPLY_INFO],
}


@pytest.mark.parametrize("table,field", [(t, f) for t, fields in FIELD_POLICY.items() for f in fields
                                         if fields[f] in EXPECTED])
@pytest.mark.parametrize("case", list(CASES))
def test_each_field_merges_by_its_policy(table, field, case):
    base, yours, theirs = CASES[case]
    expected = EXPECTED[FIELD_POLICY[table][field]][list(CASES).index(case)]
    decision = decide(table, field, base, yours, theirs)
    assert decision.outcome is expected
    if expected in (Outcome.APPLY, Outcome.APPLY_INFO):
        assert decision.value == yours


@pytest.mark.parametrize("yours,theirs,expected", [
    ("closed", "open", Outcome.APPLY),       # the phone is further along
    ("closed", "closed", Outcome.SAME),      # both closed it
    ("open", "closed", Outcome.KEEP_INFO),   # a lifecycle never goes back
    ("closed", "cancelled", Outcome.REVIEW),  # two different endings: the bidan decides
])
def test_a_lifecycle_status_only_moves_forward(yours, theirs, expected):
    assert ("task", "status") in ORDER
    assert decide("task", "status", "open", yours, theirs).outcome is expected


@pytest.mark.parametrize("base,yours,theirs,merged", [
    (["a"], ["a", "b"], ["a", "c"], ["a", "b", "c"]),  # both added
    (["a", "b"], ["a"], ["a", "b", "c"], ["a", "c"]),  # yours removed b, theirs added c
    (["a"], ["a"], ["a", "c"], None),  # nothing of yours to add
    ([], ["x"], [], ["x"]),
])
def test_sets_merge_by_union_and_a_remove_needs_the_base(base, yours, theirs, merged, monkeypatch):
    monkeypatch.setitem(FIELD_POLICY, "household", {**FIELD_POLICY["household"], "tags": Policy.UNION})
    decision = decide("household", "tags", base, yours, theirs)
    assert (decision.outcome is Outcome.SAME) if merged is None else (decision.value == merged)


@pytest.fixture
def two_kader(world, admin):
    from siklus.accounts.models import Role
    from tests.conftest import make_user

    a = world["A"]
    second = make_user("kader2_A", Role.KADER, facility=a.posyandu)
    phones = []
    for user in (a.users["kader"], second):
        client = Client()
        device_id, token = register(client, user)
        phone = Phone(client_transport(client, token), device_id=device_id)
        assert phone.pull(a.desa.code)
        phones.append(phone)
    return phones


def edit(device, person_id, **changes):
    row = device.replica["person"][str(person_id)]
    device.enqueue("person.update", entity_id=str(person_id), base_version=row["version"],
                  base_values={k: row[k] for k in changes}, changes=changes)


@pytest.mark.django_db
def test_two_kader_offline_a_contact_field_merges_a_birth_date_goes_to_the_bidan_and_her_decision_reaches_both(
        world, two_kader, client_for):
    a = world["A"]
    one, two = two_kader
    mother = str(a.child.pk)  # a child without NIK yet: a birth date checked against none
    edit(one, mother, phone="081234567890")
    edit(two, mother, jkn_number="0001234567890")
    edit(one, mother, birth_date="2025-02-04")
    edit(two, mother, birth_date="2025-03-01")
    first = one.push()["results"]
    assert [r["status"] for r in first] == ["applied", "applied"], [r["errors"] for r in first]
    results = two.push()["results"]
    assert [r["status"] for r in results] == ["applied", "conflict"]
    stored = Person.objects.get(pk=mother)
    assert (stored.phone, stored.jkn_number, stored.birth_date.isoformat()) == \
        ("081234567890", "0001234567890", "2025-02-04")  # the first arrival stays until the bidan decides
    conflict = Conflict.objects.get(pk=results[1]["conflicts"][0])
    assert (conflict.field, conflict.base, conflict.yours, conflict.theirs, conflict.status) == \
        ("birth_date", "2025-02-03", "2025-03-01", "2025-02-04", "open")
    for phone in (one, two):
        assert phone.pull(a.desa.code)
        assert phone.replica["conflict"][str(conflict.pk)]["status"] == "open"
    # The bidan sees it in her queue and takes the value from the second phone.
    bidan = client_for(a.users["pustu"])
    page = bidan.get("/sinkron/konflik/").content.decode()
    assert a.child.name in page and "2025-03-01" in page
    # A kader may see the queue but not decide.
    client_for(a.users["kader"]).post(f"/sinkron/konflik/{conflict.pk}/", {"choice": "theirs"})
    assert Conflict.objects.get(pk=conflict.pk).status == "open"
    assert bidan.post(f"/sinkron/konflik/{conflict.pk}/", {"choice": "yours"}).status_code == 302
    for phone in (one, two):
        assert phone.pull(a.desa.code)
        row = phone.replica["person"][mother]
        assert (row["birth_date"], row["phone"], row["jkn_number"]) == ("2025-03-01", "081234567890", "0001234567890")
        assert phone.replica["conflict"][str(conflict.pk)]["status"] == "resolved"
        assert phone.local_checksum(a.desa.code) == phone.checksum


@pytest.mark.django_db
def test_the_same_newborn_registered_on_two_phones_is_a_duplicate_and_the_merge_carries_its_visits(
        world, two_kader, client_for):
    a = world["A"]
    one, two = two_kader
    ids = []
    for phone in (one, two):
        pid = str(uuid7())
        ids.append(pid)
        phone.enqueue("person.create", data={"id": pid, "household": str(a.household.pk), "name": "Bayi Ibu Warga A",
                                             "sex": "P", "birth_date": "2026-11-01", "relation": "anak",
                                             "mother": str(a.mother.pk)})
        phone.enqueue("visit.create", data={"id": str(uuid7()), "person": pid, "on": "2026-11-20", "kind": "posyandu",
                                            "place": "posyandu", "measurements": {"weight_kg": 3.9}})
    one.push()
    results = two.push()["results"]
    assert [r["status"] for r in results] == ["applied", "applied"]
    duplicate = Duplicate.objects.get(pk=results[0]["duplicates"][0])
    assert {str(duplicate.person_a_id), str(duplicate.person_b_id)} == set(ids)
    # A mutation still naming the second baby, sent after the merge, lands on the one kept.
    two.enqueue("visit.create", data={"id": str(uuid7()), "person": ids[1], "on": "2026-11-27", "kind": "posyandu",
                                      "place": "posyandu", "measurements": {"weight_kg": 4.3}})
    bidan = client_for(a.users["pustu"])
    assert "Bayi Ibu Warga A" in bidan.get("/sinkron/duplikat/").content.decode()
    bidan.post(f"/sinkron/duplikat/{duplicate.pk}/", {"decision": "merge", "keep": ids[0]})
    assert Duplicate.objects.get(pk=duplicate.pk).status == "merged"
    assert Person.objects.get(pk=ids[1]).is_voided and Redirect.objects.get(merged_id=ids[1]).kept_id.hex == \
        ids[0].replace("-", "")
    assert two.push()["results"][0]["status"] == "applied"
    assert Encounter.objects.filter(person_id=ids[0]).count() == 3
    assert not Encounter.objects.filter(person_id=ids[1]).exists()
    for phone in (one, two):
        assert phone.pull(a.desa.code)
        assert ids[1] not in phone.replica["person"] and phone.replica["merge"][ids[1]]["kept"] == ids[0]
        assert {v["person"] for v in phone.replica["visit"].values() if v["person"] in ids} == {ids[0]}


@pytest.mark.django_db
def test_an_offline_person_with_a_nik_already_registered_is_kept_without_it_and_queued(world, two_kader):
    a = world["A"]
    one, _two = two_kader
    pid = str(uuid7())
    one.enqueue("person.create", data={"id": pid, "household": str(a.household.pk), "name": "Ibu Lain",
                                       "sex": "P", "birth_date": "1991-01-01", "relation": "famili", "nik": a.mother.nik})
    result = one.push()["results"][0]
    assert result["status"] == "applied" and Person.objects.get(pk=pid).nik in (None, "")
    duplicate = Duplicate.objects.get(pk=result["duplicates"][0])
    assert duplicate.held_nik == a.mother.nik and duplicate.person_a_id == a.mother.pk
    services.resolve_duplicate(a.users["pustu"], duplicate, "distinct")
    assert Duplicate.objects.get(pk=duplicate.pk).status == "distinct"
