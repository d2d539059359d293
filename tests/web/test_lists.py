"""Lists that find things (issue #10 item 3): the facility list names each facility's desa and
Puskesmas induk, searches name and desa, filters by kind and ILP status, and pages without
losing the search; the desa's household table searches too. Every cell carries the column's
name (``data-label``) so that the phone layout can show rows as cards (item 4)."""

import re

import pytest
from django.urls import reverse

from siklus.facilities import services as facilities
from siklus.facilities.models import Kind
from siklus.people import services as people

from ..conftest import JOB


def rows(response):
    """The table's body rows as lists of cell texts (tags stripped)."""
    body = response.content.decode().split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def names(response):
    return sorted(row[0] for row in rows(response))


@pytest.fixture
def dinkes(world, client_for):
    return client_for(world["A"].users["dinkes_kab"])  # Kotawaringin Timur: desa A and B


def test_each_row_names_desa_and_puskesmas_induk(world, dinkes):
    response = dinkes.get(reverse("facilities"), {"jenis": "posyandu"})
    assert rows(response) == [
        ["Posyandu A", "Posyandu", "Desa Palangan", "Puskesmas A", "belum"],
        ["Posyandu B", "Posyandu", "Desa Hanjalipan", "Puskesmas B", "belum"],
    ]


def test_search_finds_by_name_or_by_desa(world, dinkes):
    assert names(dinkes.get(reverse("facilities"), {"q": "pustu"})) == ["Pustu A", "Pustu B"]
    assert names(dinkes.get(reverse("facilities"), {"q": "hanjalipan"})) == ["Posyandu B", "Puskesmas B", "Pustu B"]


def test_search_stays_inside_the_users_area(world, client_for):
    kader = client_for(world["A"].users["kader"])
    # Desa B's facilities exist and match, but lie outside the kader's desa.
    response = kader.get(reverse("facilities"), {"q": "hanjalipan"})
    assert rows(response) == [["Tidak ada fasilitas yang cocok."]]


def test_filters_by_kind_and_ilp_status(world, dinkes):
    assert names(dinkes.get(reverse("facilities"), {"ilp": "ya"})) == ["Puskesmas A", "Puskesmas B", "Pustu A", "Pustu B"]
    assert names(dinkes.get(reverse("facilities"), {"ilp": "belum"})) == ["Posyandu A", "Posyandu B"]
    assert names(dinkes.get(reverse("facilities"), {"ilp": "ya", "jenis": "pustu"})) == ["Pustu A", "Pustu B"]
    # An unknown value filters nothing rather than failing.
    assert len(rows(dinkes.get(reverse("facilities"), {"ilp": "x", "jenis": "y"}))) == 6


def test_the_next_page_keeps_the_search(world, dinkes):
    a = world["A"]
    for n in range(55):
        facilities.create_facility(JOB, kind=Kind.POSYANDU, name=f"Posyandu Anggrek {n:02d}", desa=a.desa,
                                   parent=a.puskesmas)
    response = dinkes.get(reverse("facilities"), {"q": "anggrek", "jenis": "posyandu"})
    assert len(rows(response)) == 50
    html = response.content.decode()
    assert "55 fasilitas" in html
    next_link = re.search(r'href="(\?[^"]*page=2[^"]*)"', html).group(1).replace("&amp;", "&")
    assert "q=anggrek" in next_link and "jenis=posyandu" in next_link
    assert len(rows(dinkes.get(reverse("facilities") + next_link))) == 5


def test_every_cell_names_its_column_for_the_phone_layout(world, client_for):
    """At phone width the rows become cards showing each cell's data-label: none may be missing."""
    a = world["A"]
    client = client_for(a.users["nakes"])
    pages = [reverse("facilities"), reverse("household", kwargs={"pk": a.household.pk}),
             reverse("area", kwargs={"code": a.desa.code}), reverse("search") + "?q=Warga"]
    for url in pages:
        html = client.get(url).content.decode()
        table = re.search(r'<table class="cards">.*?</table>', html, re.S)
        assert table, url
        cells = re.findall(r"<td(?![^>]*colspan)([^>]*)>", table.group(0))
        assert cells and all("data-label=" in attrs for attrs in cells), url
        assert 'class="lean"' not in html, url


def test_audit_and_user_tables_name_their_columns_too(world, client_for, admin):
    client = client_for(admin)

    def unlabelled(url):
        table = re.search(r'<table class="cards">.*?</table>', client.get(url).content.decode(), re.S).group(0)
        rows = re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>", 1)[1], re.S)
        assert rows, url
        return [len(re.findall(r"<td(?![^>]*data-label)[^>]*>", row)) for row in rows]

    assert set(unlabelled(reverse("audit"))) == {0}
    assert set(unlabelled(reverse("user_list"))) == {1}  # the reset link alone needs no label


def test_desa_household_table_searches_head_kk_and_address(world, client_for, admin):
    a = world["A"]
    people.register_household(admin, people.HouseholdInput(
        desa=a.desa, head_name="Siti Aminah", address="Jalan Cempaka 7", no_kk="6202019876543210", rt="3", rw="1",
    ))
    client = client_for(a.users["kader"])
    url = reverse("area", kwargs={"code": a.desa.code})

    def heads(q):
        return names(client.get(url, {"q": q}))

    assert heads("") == ["Kepala A", "Siti Aminah"]
    assert heads("aminah") == ["Siti Aminah"]
    assert heads("620201987") == ["Siti Aminah"]
    assert heads("cempaka") == ["Siti Aminah"]
    assert rows(client.get(url, {"q": "tidak ada"})) == [["Tidak ada keluarga yang cocok."]]
