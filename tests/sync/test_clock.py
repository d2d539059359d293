"""A device clock set days wrong changes nothing about order or what syncs (I7): the server orders by
arrival and its own counter, stores the device's time as data and shows the skew; only a date the
kader entered is checked, against the server's date."""

from datetime import date, timedelta

import pytest
from django.test import Client

from siklus.people.models import Person
from siklus.sync.models import Device, Mutation
from tests.sync.helpers import Phone, client_transport, register, uuid7

pytestmark = pytest.mark.django_db


def phone_for(user, days):
    client = Client()
    device_id, token = register(client, user)
    return Phone(client_transport(client, token), device_id=device_id, clock_offset_days=days)


def test_clocks_days_wrong_change_nothing_about_order_or_what_syncs(world, client_for):
    from siklus.accounts.models import Role
    from tests.conftest import make_user

    a = world["A"]
    ahead = phone_for(a.users["kader"], 3)  # three days fast
    behind = phone_for(make_user("kader_lambat", Role.KADER, facility=a.posyandu), -(date.today() - date(2024, 1, 1)).days)
    for phone in (ahead, behind):
        assert phone.pull(a.desa.code)
    mother = str(a.mother.pk)
    row = ahead.replica["person"][mother]
    # The slow phone's edit arrives last, with a device time two years older: it is still the later one.
    ahead.enqueue("person.update", entity_id=mother, base_version=row["version"], base_values={"phone": ""},
                  changes={"phone": "081200000001"})
    behind.enqueue("person.update", entity_id=mother, base_version=row["version"], base_values={"phone": ""},
                   changes={"phone": "081200000002"})
    assert ahead.push()["results"][0]["status"] == "applied"
    assert behind.push()["results"][0]["status"] == "applied"
    assert Person.objects.get(pk=mother).phone == "081200000002"  # arrival order, not device time
    # Visits dated today by either phone are accepted; what syncs does not depend on the clocks.
    for phone in (ahead, behind):
        phone.enqueue("visit.create", data={"id": str(uuid7()), "person": str(a.child.pk), "on": date.today().isoformat(),
                                            "kind": "posyandu", "place": "posyandu"})
        assert phone.push()["results"][0]["status"] == "applied"
    for phone in (ahead, behind):
        assert phone.pull(a.desa.code)
    assert set(ahead.replica["visit"]) == set(behind.replica["visit"])
    assert ahead.local_checksum(a.desa.code) == behind.local_checksum(a.desa.code) == ahead.checksum
    # The device time is kept as data, and the skew shown to the supervisor.
    stored = Mutation.objects.filter(device_id=behind.device_id).order_by("device_seq").first()
    assert stored.client_time.startswith("2024-01-0")
    assert abs(Device.objects.get(pk=ahead.device_id).skew_seconds - 3 * 86400) < 60
    assert Device.objects.get(pk=behind.device_id).skew_seconds < -300 * 86400
    page = client_for(a.users["kepala"]).get("/sinkron/perangkat/").content.decode()
    assert str(Device.objects.get(pk=ahead.device_id).skew_seconds) in page


def test_a_visit_dated_in_the_future_by_the_servers_date_is_refused_and_kept(world):
    a = world["A"]
    ahead = phone_for(a.users["kader"], 3)
    tomorrow = (date.today() + timedelta(days=2)).isoformat()  # "today" on the fast phone
    ahead.enqueue("visit.create", data={"id": str(uuid7()), "person": str(a.child.pk), "on": tomorrow,
                                        "kind": "posyandu", "place": "posyandu"})
    result = ahead.push()["results"][0]
    assert result["status"] == "rejected" and "masa depan" in str(result["errors"])
    assert Mutation.objects.get(mutation_id=result["mutation_id"]).payload["data"]["on"] == tomorrow
