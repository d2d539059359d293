"""Each app owns its pages (ARCHITECTURE.md "Django apps"; issue #8 item 7): areas, facilities
and people render their own templates, web only the shell; an area's page shows the facilities
and households in it (sections those apps add) only when the area lies in the user's scope; what
a page offers is what the policies allow."""

import pytest
from django.urls import reverse

from siklus.areas import sections


def template_of(response) -> str:
    return response.templates[0].name


def test_every_page_renders_a_template_of_the_app_it_belongs_to(world, client_for):
    a = world["A"]
    client = client_for(a.users["pustu"])
    pages = {
        reverse("home"): "web/home.html",
        reverse("login"): None,  # signed in: redirected home
        reverse("area", kwargs={"code": a.desa.code}): "areas/detail.html",
        reverse("facilities"): "facilities/list.html",
        reverse("facility", kwargs={"pk": a.posyandu.pk}): "facilities/detail.html",
        reverse("household_create", kwargs={"code": a.desa.code}): "people/household_form.html",
        reverse("household", kwargs={"pk": a.household.pk}): "people/household_detail.html",
        reverse("household_edit", kwargs={"pk": a.household.pk}): "people/household_form.html",
        reverse("household_void", kwargs={"pk": a.household.pk}): "people/void_form.html",
        reverse("person_create", kwargs={"pk": a.household.pk}): "people/person_form.html",
        reverse("person", kwargs={"pk": a.mother.pk}): "people/person_detail.html",
        reverse("person_edit", kwargs={"pk": a.mother.pk}): "people/person_form.html",
        reverse("person_void", kwargs={"pk": a.mother.pk}): "people/void_form.html",
        reverse("search") + "?q=Ibu": "people/search.html",
    }
    for url, template in pages.items():
        response = client.get(url)
        if template is None:
            assert response.status_code == 302, url
            continue
        assert response.status_code == 200, url
        assert template_of(response) == template, url
    partial = client.get(reverse("search") + "?q=Ibu", HTTP_HX_REQUEST="true")
    assert template_of(partial) == "people/_search_results.html"
    assert client_for(a.users["kepala"]).get(reverse("areas"), follow=True).status_code == 200


def test_facilities_and_people_add_their_sections_to_the_area_page():
    names = {s.name: s.template for s in sections._sections.values()}
    assert names == {"facilities": "facilities/_area_section.html", "households": "people/_area_section.html"}


def test_a_desa_page_lists_its_facilities_and_households_for_a_user_of_that_desa(world, client_for):
    a = world["A"]
    page = client_for(a.users["kader"]).get(reverse("area", kwargs={"code": a.desa.code})).content.decode()
    assert a.posyandu.name in page and a.pustu.name in page
    assert a.household.head_name in page
    assert reverse("household_create", kwargs={"code": a.desa.code}) in page  # a kader registers households
    assert "Tambah dusun / RW / RT" not in page  # but does not set up dusun/RW/RT (policies)


def test_an_ancestor_of_the_users_area_is_only_the_way_down(world, client_for):
    """A desa user sees their kecamatan (breadcrumbs, the desa below), but nothing that lies in it."""
    a = world["A"]
    kecamatan = a.desa.parent_id
    page = client_for(a.users["kader"]).get(reverse("area", kwargs={"code": kecamatan})).content.decode()
    assert a.desa.name in page
    assert a.puskesmas.name not in page and "Keluarga" not in page
    # The same page for the Puskesmas, whose wilayah kerja it is, lists the Puskesmas of the area.
    page = client_for(a.users["kepala"]).get(reverse("area", kwargs={"code": kecamatan})).content.decode()
    assert a.puskesmas.name in page and world["B"].puskesmas.name in page
    assert a.posyandu.name not in page  # above a desa only Puskesmas are listed
    assert a.household.head_name not in page  # households are listed at a desa and below


def test_what_the_area_page_offers_follows_the_policies(world, client_for):
    a = world["A"]
    url = reverse("area", kwargs={"code": a.desa.code})
    pustu_page = client_for(a.users["pustu"]).get(url).content.decode()
    assert "Tambah dusun / RW / RT" in pustu_page
    dinkes_page = client_for(a.users["dinkes_kab"]).get(url).content.decode()
    assert a.household.head_name in dinkes_page  # Dinkes reads …
    assert reverse("household_create", kwargs={"code": a.desa.code}) not in dinkes_page  # … but does not register
    assert "Tambah dusun / RW / RT" not in dinkes_page


@pytest.mark.parametrize("role,compares", [("kader", False), ("pustu", False), ("nakes", True), ("kepala", True),
                                           ("dinkes_kab", True)])
def test_the_puskesmas_comparison_is_shown_to_those_above_a_single_desa(world, client_for, role, compares):
    page = client_for(world["A"].users[role]).get(reverse("home")).content.decode()
    assert ("Capaian ILP per Puskesmas" in page) is compares


def test_the_facility_page_offers_forms_only_to_those_the_policies_allow(world, client_for):
    a = world["A"]
    url = reverse("facility", kwargs={"pk": a.posyandu.pk})
    kepala = client_for(a.users["kepala"]).get(url).content.decode()
    assert "Ubah status ILP" in kepala and "Tambah kader" in kepala
    kader = client_for(a.users["kader"]).get(url).content.decode()
    assert "Ubah status ILP" not in kader and "Tambah kader" not in kader
    pustu = client_for(a.users["pustu"]).get(url).content.decode()
    assert "Ubah status ILP" not in pustu and "Tambah kader" in pustu  # a Pustu trains its desa's kader
    assert "<title>" + a.posyandu.name in kader.replace("\n", "")  # the title holds the name, not a form
