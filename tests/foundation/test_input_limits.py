"""Over-long input is answered with a field message, never cut silently (issue #10 item 5).

Before: the form's ``maxlength`` made the browser save a 300-letter name as 150 letters and
RW "9999" as "RW 999" without a word. Now the page keeps what was typed and says what is wrong,
the API says the same, and the services refuse it for every caller. RT/RW are numbered 1–999 in a
desa (three digits on the Kartu Keluarga).
"""

import json
from datetime import date

import pytest

from siklus.areas.forms import SubAreaForm
from siklus.core.errors import Invalid
from siklus.facilities.forms import KaderForm, StaffForm
from siklus.people import services
from siklus.people.forms import HouseholdForm, PersonForm
from siklus.people.models import Household, Person

LONG_NAME = "A" * 300
NAME_TOO_LONG = "Nama lengkap terlalu panjang (maksimal 150 huruf)."


def errors_of(call):
    with pytest.raises(Invalid) as caught:
        call()
    return caught.value.errors


def household(world, **changes):
    data = {"desa": world["A"].desa.code, "head_name": "Budi Santoso", "address": "Jalan Mawar 1", "rt": "1", "rw": "2"}
    return services.HouseholdInput(**{**data, **changes})


def person(world, **changes):
    data = {"household": world["A"].household, "name": "Sari Dewi", "sex": "P", "birth_date": date(1996, 5, 1),
            "relation": "famili", "nik": ""}
    return services.PersonInput(**{**data, **changes})


@pytest.mark.parametrize("form", [
    lambda: HouseholdForm(), lambda: PersonForm(), lambda: StaffForm(), lambda: KaderForm(), lambda: SubAreaForm(),
])
def test_no_form_field_lets_the_browser_cut_what_is_typed(form):
    assert "maxlength" not in str(form().as_div())


# --- services: every caller -----------------------------------------------------------------


def test_the_service_refuses_a_300_letter_name_instead_of_saving_it(world):
    kader = world["A"].users["kader"]
    before = Person.objects.count()
    assert errors_of(lambda: services.register_person(kader, person(world, name=LONG_NAME))) == {"name": [NAME_TOO_LONG]}
    assert Person.objects.count() == before


def test_150_letters_are_the_limit_and_are_kept_whole(world):
    person_ = services.register_person(world["A"].users["kader"], person(world, name="B" * 150))
    assert person_.name == "B" * 150


def test_an_edit_to_an_over_long_name_is_refused_too(world):
    a = world["A"]
    errors = errors_of(lambda: services.update_person(a.users["kader"], a.mother, services.PersonChanges(name=LONG_NAME)))
    assert errors == {"name": [NAME_TOO_LONG]}


def test_an_over_long_head_name_and_address_are_refused_with_their_limits(world):
    errors = errors_of(lambda: services.register_household(
        world["A"].users["kader"], household(world, head_name="C" * 151, address="D" * 251)))
    assert errors == {"head_name": ["Nama kepala keluarga terlalu panjang (maksimal 150 huruf)."],
                      "address": ["Alamat terlalu panjang (maksimal 250 huruf)."]}


@pytest.mark.parametrize("value", ["9999", "0", "000", "1000"])
def test_rt_and_rw_outside_1_to_999_are_refused_not_cut(world, value):
    errors = errors_of(lambda: services.register_household(world["A"].users["kader"], household(world, rt=value, rw=value)))
    assert errors == {"rt": ["RT harus angka 1–999."], "rw": ["RW harus angka 1–999."]}


@pytest.mark.parametrize(("value", "saved"), [("1", "001"), ("999", "999"), ("07", "007")])
def test_rt_from_1_to_999_is_saved_as_three_digits(world, value, saved):
    assert services.register_household(world["A"].users["kader"], household(world, rt=value)).rt == saved


# --- the web form ---------------------------------------------------------------------------


def test_the_person_form_keeps_a_300_letter_name_and_says_it_is_too_long(world, client_for):
    a = world["A"]
    response = client_for(a.users["kader"]).post(f"/keluarga/{a.household.pk}/anggota/baru/", {
        "name": LONG_NAME, "sex": "P", "birth_date": "1996-05-01", "relation": "famili"})
    assert response.status_code == 200
    page = response.content.decode()
    assert NAME_TOO_LONG in page
    assert f'value="{LONG_NAME}"' in page  # what was typed stays in the field, whole
    assert not Person.objects.filter(name__startswith="AAA").exists()


def test_the_household_form_answers_rw_9999_with_a_message(world, client_for):
    a = world["A"]
    response = client_for(a.users["kader"]).post(f"/wilayah/{a.desa.code}/keluarga/baru/", {
        "head_name": "Budi Santoso", "address": "Jalan Mawar 1", "rt": "1", "rw": "9999"})
    assert response.status_code == 200
    assert "RW harus angka 1–999." in response.content.decode()
    assert not Household.objects.filter(head_name="Budi Santoso").exists()


# --- the API --------------------------------------------------------------------------------


def api_post(client, token, path, body):
    return client.post("/api/v1" + path, data=json.dumps(body), content_type="application/json",
                       headers={"Authorization": f"Bearer {token}"})


def test_the_api_answers_a_300_letter_name_with_the_field_message(world, token_for, client):
    a = world["A"]
    response = api_post(client, token_for(a.users["kader"]), "/persons", {
        "household": str(a.household.pk), "name": LONG_NAME, "sex": "P", "birth_date": "1996-05-01", "relation": "famili"})
    assert response.status_code == 422
    assert response.json()["detail"] == [{"loc": ["body", "name"], "msg": NAME_TOO_LONG, "type": "value_error"}]


def test_the_api_answers_rw_9999_with_the_field_message(world, token_for, client):
    a = world["A"]
    response = api_post(client, token_for(a.users["kader"]), "/households", {
        "desa": a.desa.code, "head_name": "Budi Santoso", "address": "Jalan Mawar 1", "rw": "9999"})
    assert response.status_code == 422
    assert response.json()["detail"] == [{"loc": ["body", "rw"], "msg": "RW harus angka 1–999.", "type": "value_error"}]
