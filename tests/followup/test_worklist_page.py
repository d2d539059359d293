"""The kader's worklist page at the size of a busy Posyandu: households whose only task is the
yearly home visit in a short list of their own, the most urgent families first and a page per RT
when the list is long, and a number of queries that does not grow with the list."""

from datetime import date

import pytest
from django.urls import reverse

from siklus.followup import services
from siklus.people import services as people
from tests.followup.pages_world import neighbourhood, refresh


@pytest.fixture
def place(world, admin):
    a = world["A"]
    a.n = neighbourhood(a, admin)
    # A third family in RT 002 with no member to follow: its only task is the yearly visit.
    a.quiet = people.register_household(admin, people.HouseholdInput(
        desa=a.desa, sub_area=a.n["rt2"], posyandu=a.posyandu, head_name="Kepala Tenang",
        address="Gang Tenang", rt="002", rw="002"))
    grown = people.register_person(admin, people.PersonInput(
        household=a.quiet, name="Dewasa Tenang", sex="L", birth_date=date(1990, 1, 1), relation="kepala"))
    refresh(a.child, a.mother, a.n["toddler"], grown)
    return a


def _page(client, place, **params):
    return client.get(reverse("followup_worklist", kwargs={"pk": place.posyandu.pk}), params).content.decode()


def test_a_household_with_only_the_visit_task_is_listed_apart_from_the_family_cards(place, client_for):
    page = _page(client_for(place.users["kader"]), place)
    assert page.count('class="card worklist-household"') == 2
    unvisited = page[page.index('class="card worklist-unvisited"'):]
    assert "Keluarga belum dikunjungi tahun ini" in unvisited and "Kepala Tenang" in unvisited
    assert f'id="kk-{place.quiet.pk}"' in unvisited
    assert "Kepala Tenang" not in page[:page.index('class="card worklist-unvisited"')]


def test_a_long_worklist_shows_the_most_urgent_families_and_a_page_per_rt(place, client_for, monkeypatch):
    monkeypatch.setattr(services, "WORKLIST_LONG", 1)
    monkeypatch.setattr(services, "WORKLIST_URGENT", 1)
    client = client_for(place.users["kader"])
    page = _page(client, place)
    assert page.count('class="card worklist-household"') == 1 and "Paling mendesak" in page
    assert "worklist-unvisited" not in page
    table = page[page.index("<h2>Per RT</h2>"):]
    assert "RT 001 / RW 002" in table and "RT 002 / RW 002" in table
    rt2 = _page(client, place, rt="RT 002 / RW 002")
    assert place.n["toddler"].name in rt2 and place.child.name not in rt2
    assert "Kepala Tenang" in rt2 and rt2.count('class="card worklist-household"') == 1


def test_the_page_reads_in_a_fixed_number_of_queries(place, client_for, admin, django_assert_max_num_queries):
    client = client_for(place.users["kader"])
    url = reverse("followup_worklist", kwargs={"pk": place.posyandu.pk})
    client.get(url)  # the session and the user, once
    with django_assert_max_num_queries(13):
        small = client.get(url)
    # Ten more families, each with a balita and so with tasks: the same queries.
    for i in range(10):
        household = people.register_household(admin, people.HouseholdInput(
            desa=place.desa, sub_area=place.n["rt2"], posyandu=place.posyandu, head_name=f"Kepala {i}",
            address=f"Gang {i}", rt="002", rw="002"))
        child = people.register_person(admin, people.PersonInput(
            household=household, name=f"Balita {i}", sex="P", birth_date=date(2024, 3, 1 + i), relation="anak"))
        refresh(child)
    with django_assert_max_num_queries(13):
        big = client.get(url)
    assert big.content.decode().count('class="card worklist-household"') == 12
    assert small.status_code == big.status_code == 200
