"""The JSON API over real HTTP: precise 422s in Indonesian, 409 for possible duplicates,
201 with the record, and the same services as the web."""

import pytest
import requests

from siklus.people.models import Person

from ..conftest import nik_for


@pytest.fixture
def kader_api(world, token_for, live_server):
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token_for(world['A'].users['kader'])}"
    session.base = live_server.url + "/api/v1"
    return session


def test_openapi_schema_is_served(kader_api):
    schema = requests.get(kader_api.base + "/openapi.json").json()
    assert schema["info"]["title"] == "siklus API"
    assert {"/api/v1/persons", "/api/v1/households", "/api/v1/areas", "/api/v1/facilities"} <= set(schema["paths"])


def test_registering_a_person_returns_201_and_the_record(world, kader_api):
    a = world["A"]
    body = {"household": str(a.household.pk), "name": "Dewi Sartika", "sex": "P", "birth_date": "2001-04-05",
            "relation": "anak", "nik": nik_for(a.desa.code, __import__("datetime").date(2001, 4, 5), "P", 9)}
    response = kader_api.post(kader_api.base + "/persons", json=body)
    assert response.status_code == 201, response.text
    assert response.json()["area_code"] == a.desa.code and response.json()["without_nik"] is False


def test_a_bad_nik_is_a_422_naming_the_field_in_indonesian(world, kader_api):
    body = {"household": str(world["A"].household.pk), "name": "Dewi", "sex": "P", "birth_date": "2001-04-05",
            "relation": "anak", "nik": "6202010504010009"}
    response = kader_api.post(kader_api.base + "/persons", json=body)
    assert response.status_code == 422
    assert response.json()["detail"] == [{"loc": ["body", "nik"], "type": "value_error",
                                          "msg": "Jenis kelamin tidak sesuai NIK: pada NIK perempuan, tanggal lahir ditambah 40."}]
    assert not Person.objects.filter(name="Dewi").exists()


def test_a_malformed_body_is_a_422_from_the_schema(world, kader_api):
    response = kader_api.post(kader_api.base + "/persons", json={"household": "not-a-uuid", "sex": "X"})
    assert response.status_code == 422
    fields = {tuple(d["loc"][-1:]) for d in response.json()["detail"]}
    assert {("household",), ("sex",), ("name",), ("birth_date",), ("relation",)} <= fields


def test_a_possible_duplicate_is_a_409_until_confirmed(world, kader_api):
    a = world["A"]
    body = {"household": str(a.household.pk), "name": "Ibu Warga  a", "sex": "P", "birth_date": a.mother.birth_date.isoformat(), "relation": "famili"}
    response = kader_api.post(kader_api.base + "/persons", json=body)
    assert response.status_code == 409
    assert response.json()["possible_duplicates"][0]["id"] == str(a.mother.pk)
    assert kader_api.post(kader_api.base + "/persons", json={**body, "confirm_duplicate": True}).status_code == 201


def test_patch_changes_only_what_is_sent_and_void_needs_a_reason(world, kader_api):
    child = world["A"].child
    response = kader_api.patch(f"{kader_api.base}/persons/{child.pk}", json={"phone": "081234567890"})
    assert response.status_code == 200 and response.json()["phone"] == "081234567890" and response.json()["name"] == child.name
    assert kader_api.post(f"{kader_api.base}/persons/{child.pk}/void", json={"reason": "x"}).status_code == 422
    voided = kader_api.post(f"{kader_api.base}/persons/{child.pk}/void", json={"reason": "Pindah domisili"})
    assert voided.status_code == 200 and voided.json()["void_reason"] == "Pindah domisili"



def test_patch_keeps_what_is_not_sent_and_an_explicit_null_clears_it(world, kader_api):
    """The API's patch schemas become the services' PersonChanges/HouseholdChanges: a field left
    out is left as it is; a field sent as null is cleared (and then validated like any value)."""
    a = world["A"]
    url = f"{kader_api.base}/persons/{a.child.pk}"
    kept = kader_api.patch(url, json={"jkn_number": "0001234567890"}).json()
    assert kept["mother_id"] == str(a.mother.pk) and kept["jkn_number"] == "0001234567890"
    cleared = kader_api.patch(url, json={"mother": None}).json()
    assert cleared["mother_id"] is None and cleared["jkn_number"] == "0001234567890"
    household = kader_api.patch(f"{kader_api.base}/households/{a.household.pk}", json={"rt": "7"})
    assert household.status_code == 200, household.text
    assert (household.json()["rt"], household.json()["head_name"], household.json()["no_kk"]) == ("007", "Kepala A", "6202011234567890")
    refused = kader_api.patch(f"{kader_api.base}/households/{a.household.pk}", json={"head_name": None})
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "head_name"]

def test_lists_are_paginated_and_searchable(world, kader_api):
    response = kader_api.get(kader_api.base + "/persons", params={"q": "warga"})
    assert response.status_code == 200
    assert {p["name"] for p in response.json()["items"]} == {"Ibu Warga A", "Anak Warga A"}
    areas = kader_api.get(kader_api.base + "/areas", params={"parent": "62.02.01"}).json()
    assert [a["code"] for a in areas["items"]] == ["62.02.01.2003"]


def test_dinkes_sees_the_rollout_of_its_kabupaten(world, token_for, live_server):
    headers = {"Authorization": f"Bearer {token_for(world['A'].users['dinkes_kab'])}"}
    rows = requests.get(live_server.url + "/api/v1/facilities/rollout", headers=headers).json()
    assert {r["kind"]: (r["ilp"], r["total"]) for r in rows} == {"puskesmas": (2, 2), "pustu": (2, 2), "posyandu": (0, 2)}
