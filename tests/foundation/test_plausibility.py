"""Plausibility findings a user confirms (issue #10 item 6; the ages are siklus's choice, see
siklus.rules.plausibility: no Kemenkes source gives them): a kepala keluarga under 15, a mother
under 15 or over 55 at the birth, the household's kepala/suami under 15 at an anak's birth (no
father link exists). Each stops the save once with the finding at its field; "Simpan juga"
(web) or confirm_warnings=true (API, after a 409) saves. A mother under 10 years older stays an error."""

import json
from datetime import date, timedelta

import pytest

from siklus.core.errors import Invalid
from siklus.people import services
from siklus.people.models import Person
from siklus.rules import plausibility

HEAD_YOUNG = "Kepala keluarga berumur 0 tahun (di bawah 15 tahun). Periksa tanggal lahir dan hubungan dalam keluarga."


def new(world, **changes):
    data = {"household": world["A"].household, "name": "Putri Ayu", "sex": "P", "birth_date": date(2000, 1, 1),
            "relation": "famili", "nik": ""}
    return services.PersonInput(**{**data, **changes})


def stopped(call) -> Invalid:
    with pytest.raises(Invalid) as caught:
        call()
    return caught.value


# --- the rule at its boundaries ---------------------------------------------------------------


@pytest.mark.parametrize(("birth", "finding"), [
    (date(2011, 6, 2), True),   # 14 years and 364 days on 2026-06-01
    (date(2011, 6, 1), False),  # 15 today
])
def test_a_head_of_household_under_15_is_a_finding(birth, finding):
    assert (plausibility.head_of_household(birth, date(2026, 6, 1)) is not None) is finding


@pytest.mark.parametrize(("mother_birth", "impossible", "finding"), [
    (date(2016, 6, 2), True, False),   # 9 at the birth: refused, not merely a finding
    (date(2016, 6, 1), False, True),   # 10: possible, a finding
    (date(2011, 6, 2), False, True),   # 14
    (date(2011, 6, 1), False, False),  # 15: plausible
    (date(1971, 6, 1), False, False),  # 55: plausible
    (date(1970, 6, 1), False, True),   # 56
])
def test_the_mothers_age_at_the_birth(mother_birth, impossible, finding):
    child = date(2026, 6, 1)
    assert (plausibility.mother_impossible(mother_birth, child) is not None) is impossible
    assert (plausibility.mother_at_birth(mother_birth, child) is not None) is finding


def test_the_plausible_mother_range_is_10_to_55_years_at_the_birth():
    earliest, latest = plausibility.plausible_mother_birth_range(date(2026, 6, 1))
    assert (earliest, latest) == (date(1970, 6, 2), date(2016, 6, 1))


# --- the service: stop once, save when confirmed --------------------------------------------


def test_a_baby_as_kepala_keluarga_stops_the_save_with_the_finding_at_relation(world):
    kader = world["A"].users["kader"]
    baby = new(world, relation="kepala", birth_date=date.today() - timedelta(days=30))
    exc = stopped(lambda: services.register_person(kader, baby))
    assert exc.errors["relation"] == [HEAD_YOUNG]
    assert [w.code for w in exc.extra["warnings"]] == ["head_young"]
    assert not Person.objects.filter(name="Putri Ayu").exists()
    saved = services.register_person(kader, baby, confirm_warnings=["head_young"])
    assert saved.relation == "kepala"


def test_confirming_one_finding_does_not_confirm_another(world):
    kader = world["A"].users["kader"]
    baby = new(world, relation="kepala", birth_date=date.today().replace(day=1))
    exc = stopped(lambda: services.register_person(kader, baby, confirm_warnings=["mother_age"]))
    assert [w.code for w in exc.extra["warnings"]] == ["head_young"]


def test_a_mother_of_56_at_the_birth_is_a_finding_at_mother(world):
    kader = world["A"].users["kader"]
    mother = services.register_person(kader, new(world, name="Nenek Sumi", relation="orang_tua", birth_date=date(1960, 7, 1)))
    exc = stopped(lambda: services.register_person(kader, new(world, relation="famili", birth_date=date(2016, 7, 1), mother=mother)))
    assert exc.errors["mother"] == ["Ibu berumur 56 tahun saat anak lahir (wajar 15–55 tahun). Periksa tanggal lahir ibu dan anak."]


def test_a_mother_9_years_older_is_refused_even_when_confirmed(world):
    a = world["A"]
    exc = stopped(lambda: services.register_person(a.users["kader"], new(
        world, relation="anak", birth_date=date(1999, 7, 1), mother=a.mother), confirm_warnings=True))
    assert exc.errors["mother"] == ["Ibu harus lebih tua setidaknya 10 tahun dari anak."]


def test_an_anak_born_when_the_households_man_was_12_is_a_finding(world):
    a = world["A"]
    kader = a.users["kader"]
    services.register_person(kader, new(world, name="Budi Kepala", sex="L", relation="kepala", birth_date=date(1990, 1, 1)))
    exc = stopped(lambda: services.register_person(kader, new(world, relation="anak", birth_date=date(2002, 6, 1))))
    assert [w.code for w in exc.extra["warnings"]] == ["father_age"]
    assert "berumur 12 tahun saat anak lahir" in exc.errors["relation"][0]


def test_an_edit_that_leaves_the_checked_fields_alone_is_not_stopped_again(world):
    a = world["A"]
    kader = a.users["kader"]
    baby = services.register_person(kader, new(world, relation="kepala", birth_date=date(2025, 1, 1)), confirm_warnings=True)
    services.update_person(kader, baby, services.PersonChanges(phone="081234567890"))
    baby.refresh_from_db()
    assert baby.phone == "081234567890"


# --- the web form and the API ----------------------------------------------------------------


def test_the_form_shows_the_finding_and_simpan_juga_then_saves(world, client_for):
    a = world["A"]
    client = client_for(a.users["kader"])
    url = f"/keluarga/{a.household.pk}/anggota/baru/"
    post = {"name": "Putri Ayu", "sex": "P", "birth_date": "2025-01-01", "relation": "kepala"}
    first = client.post(url, post)
    page = first.content.decode()
    assert first.status_code == 200 and "di bawah 15 tahun" in page and "Simpan juga" in page
    assert 'name="confirm_warnings" value="head_young"' in page
    second = client.post(url, {**post, "confirm_warnings": "head_young"})
    assert second.status_code == 302
    assert Person.objects.filter(name="Putri Ayu", relation="kepala").exists()


def test_the_mother_list_offers_no_girl(world, client_for):
    a = world["A"]
    kader = a.users["kader"]
    services.register_person(kader, new(world, name="Gadis Kecil", birth_date=date.today().replace(year=date.today().year - 8)))
    page = client_for(kader).get(f"/keluarga/{a.household.pk}/anggota/baru/").content.decode()
    assert "Ibu Warga A" in page and "Gadis Kecil" not in page


def test_the_api_answers_a_finding_with_409_and_saves_when_confirmed(world, token_for, client):
    a = world["A"]
    body = {"household": str(a.household.pk), "name": "Putri Ayu", "sex": "P", "birth_date": "2025-01-01", "relation": "kepala"}
    headers = {"Authorization": f"Bearer {token_for(a.users['kader'])}"}
    first = client.post("/api/v1/persons", data=json.dumps(body), content_type="application/json", headers=headers)
    assert first.status_code == 409
    assert [w["code"] for w in first.json()["warnings"]] == ["head_young"]
    second = client.post("/api/v1/persons", data=json.dumps({**body, "confirm_warnings": True}),
                         content_type="application/json", headers=headers)
    assert second.status_code == 201
