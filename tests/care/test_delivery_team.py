"""The delivery's team of attendants (SPM 2 counts teams, not one lead) on the web form and the API:
the roles ticked are stored with the lead among them; the API returns what it was sent; a role
outside the list is refused at its field and nothing is saved."""

import uuid
from datetime import timedelta

import pytest
import requests
from django.urls import reverse
from django.utils import timezone

from siklus.care import models as care
from siklus.care import services
from tests.conftest import JOB

TODAY = timezone.localdate()


@pytest.fixture
def a(world):
    return world["A"]


def near_term(a) -> care.Pregnancy:
    return services.record_pregnancy(JOB, services.PregnancyInput(person=a.mother, hpht=TODAY - timedelta(days=270)))


def form(pregnancy, **values):
    return {"client_id": str(uuid.uuid4()), "version": str(pregnancy.version), "ended_on": TODAY.isoformat(),
            "outcome": "lahir_hidup", "place_of_birth": "fasyankes", "mode": "spontan",
            "b1_sex": "P", "b1_alive": "1", "b1_weight_g": "3100", **values}


def post_form(client, a, data):
    return client.post(reverse("record_form", kwargs={"pk": a.mother.pk, "form": "persalinan"}), data)


def test_the_web_form_offers_the_team_as_checkboxes(a, client_for):
    near_term(a)
    html = client_for(a.users["nakes"]).get(
        reverse("record_form", kwargs={"pk": a.mother.pk, "form": "persalinan"})).content.decode()
    for role in services.ATTENDANTS:
        assert f'type="checkbox" name="attendants" value="{role}"' in html


def test_the_web_form_stores_the_team_with_the_lead_in_it(a, client_for):
    pregnancy = near_term(a)
    response = post_form(client_for(a.users["nakes"]), a,
                         form(pregnancy, attendant="bidan", attendants=["dokter", "perawat"]))
    assert response.status_code == 302
    pregnancy.refresh_from_db()
    assert pregnancy.attendant == "bidan"
    assert sorted(pregnancy.attendants) == ["bidan", "dokter", "perawat"]


def test_the_web_form_without_a_team_stores_the_lead_alone(a, client_for):
    pregnancy = near_term(a)
    assert post_form(client_for(a.users["nakes"]), a, form(pregnancy, attendant="dukun")).status_code == 302
    pregnancy.refresh_from_db()
    assert (pregnancy.attendant, pregnancy.attendants) == ("dukun", ["dukun"])


def test_the_web_form_refuses_an_unknown_role_at_the_team(a, client_for):
    pregnancy = near_term(a)
    response = post_form(client_for(a.users["nakes"]), a, form(pregnancy, attendant="bidan", attendants=["dokter", "x"]))
    assert response.status_code == 200
    assert 'id="f-attendants"' in response.content.decode()
    assert response.context["form"].errors["attendants"]
    pregnancy.refresh_from_db()
    assert pregnancy.ended_on is None and not care.Birth.objects.exists()


# --------------------------------------------------------------------------------- the API


@pytest.fixture
def bidan(a, live_server, token_for):
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token_for(a.users['pustu'])}"
    base = live_server.url + "/api/v1"
    return lambda path, body: session.post(base + path, json=body)


def delivery(a, **values):
    return {"ended_on": TODAY.isoformat(), "outcome": "lahir_hidup", "place_of_birth": "fasyankes",
            "delivery_facility": str(a.pustu.pk), "mode": "spontan", "version": 1,
            "babies": [{"sex": "L", "weight_g": 3000}], **values}


def test_the_api_round_trips_the_team(a, bidan):
    pregnancy = near_term(a)
    response = bidan(f"/pregnancies/{pregnancy.pk}/delivery",
                     delivery(a, attendant="bidan", attendants=["bidan", "dokter", "perawat"]))
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["attendant"], body["attendants"]) == ("bidan", ["bidan", "dokter", "perawat"])
    pregnancy.refresh_from_db()
    assert pregnancy.attendants == ["bidan", "dokter", "perawat"]


def test_the_api_without_a_team_keeps_the_lead_alone(a, bidan):
    pregnancy = near_term(a)
    response = bidan(f"/pregnancies/{pregnancy.pk}/delivery", delivery(a, attendant="bidan"))
    assert response.status_code == 200, response.text
    assert response.json()["attendants"] == ["bidan"]


@pytest.mark.parametrize("team", [["bidan", "penyihir"], ["dokter"]], ids=["an unknown role", "the lead left out"])
def test_the_api_refuses_a_bad_team_at_the_field(a, bidan, team):
    pregnancy = near_term(a)
    response = bidan(f"/pregnancies/{pregnancy.pk}/delivery", delivery(a, attendant="bidan", attendants=team))
    assert response.status_code == 422, response.text
    assert ["body", "attendants"] in [d["loc"] for d in response.json()["detail"]]
    pregnancy.refresh_from_db()
    assert pregnancy.ended_on is None and not care.Birth.objects.exists()


def test_the_persons_page_names_the_lead_and_the_team_in_words(a, client_for):
    pregnancy = near_term(a)
    nakes = client_for(a.users["nakes"])
    assert post_form(nakes, a, form(pregnancy, attendant="bidan", attendants=["dokter"], mode="sc")).status_code == 302
    html = nakes.get(reverse("person", kwargs={"pk": a.mother.pk})).content.decode()
    assert "3.100 g" in html and "Bidan · Seksio sesarea" in html and ("Tim: Dokter, Bidan" in html or "Tim: Bidan, Dokter" in html)
