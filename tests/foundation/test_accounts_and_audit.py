"""Accounts (Argon2, login throttling, expiring sessions) and the audit log of person views."""

import pytest
from django.conf import settings
from django.contrib.auth.hashers import identify_hasher
from django.test import Client

from siklus.accounts.models import Role
from siklus.audit.models import AuditEvent

from ..conftest import PASSWORD, make_user


@pytest.mark.argon2
@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2():
    user = make_user("budi", Role.KADER)
    assert identify_hasher(user.password).algorithm == "argon2"


@pytest.mark.django_db
def test_login_is_throttled_after_repeated_failures(loaded_areas):
    make_user("budi", Role.ADMIN)
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/masuk/", {"username": "budi", "password": "salah"})
        assert response.status_code == 200
        assert "Nama pengguna atau kata sandi salah." in response.content.decode()
    assert client.post("/masuk/", {"username": "budi", "password": "salah"}).status_code == 429
    locked = client.post("/masuk/", {"username": "budi", "password": PASSWORD})
    assert locked.status_code == 429
    assert "Terlalu banyak percobaan masuk" in locked.content.decode()


@pytest.mark.django_db
def test_sessions_expire():
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_pages_need_a_login(db):
    response = Client().get("/penduduk/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 302 and response.url.startswith("/masuk/")


def test_the_api_needs_authentication(db, live_server):
    import requests

    assert requests.get(live_server.url + "/api/v1/persons").status_code == 401


def test_a_person_view_on_the_web_is_audited_with_user_address_and_channel(world, client_for):
    a = world["A"]
    client_for(a.users["pustu"]).get(f"/penduduk/{a.mother.pk}/", REMOTE_ADDR="10.1.2.3")
    event = AuditEvent.objects.get(action="view", object_id=str(a.mother.pk))
    assert (event.user, event.ip_address, event.channel, event.area_code) == (a.users["pustu"], "10.1.2.3", "web", a.desa.code)


def test_a_person_view_through_the_api_is_audited(world, token_for, live_server):
    import requests

    a = world["A"]
    response = requests.get(f"{live_server.url}/api/v1/persons/{a.mother.pk}", headers={"Authorization": f"Bearer {token_for(a.users['nakes'])}"})
    assert response.status_code == 200 and response.json()["name"] == a.mother.name
    event = AuditEvent.objects.get(action="view", object_id=str(a.mother.pk))
    assert (event.user, event.channel, event.ip_address) == (a.users["nakes"], "api", "127.0.0.1")


def test_the_audit_log_page_shows_both_views_to_dinkes_and_is_closed_to_kader(world, client_for, token_for, live_server):
    import requests

    a = world["A"]
    client_for(a.users["kader"]).get(f"/penduduk/{a.mother.pk}/")
    requests.get(f"{live_server.url}/api/v1/persons/{a.mother.pk}", headers={"Authorization": f"Bearer {token_for(a.users['nakes'])}"})
    page = client_for(a.users["dinkes_kab"]).get("/audit/", {"aksi": "view"}).content.decode()
    assert page.count(a.mother.name) == 2 and ">web<" in page and ">api<" in page
    assert client_for(a.users["kader"]).get("/audit/").status_code == 403


def test_the_home_page_of_dinkes_compares_its_puskesmas_and_a_kader_sees_their_posyandu(world, client_for):
    from siklus.facilities.services import rollout_by_puskesmas

    dinkes = world["A"].users["dinkes_kab"]
    rows = {p.name: (p.pustu_ilp, p.pustu_total, p.posyandu_ilp, p.posyandu_total) for p in rollout_by_puskesmas(dinkes)}
    assert rows == {"Puskesmas A": (1, 1, 0, 1), "Puskesmas B": (1, 1, 0, 1)}  # C is in another kabupaten
    page = client_for(dinkes).get("/").content.decode()
    assert "Capaian ILP per Puskesmas" in page and "Puskesmas C" not in page
    from siklus.people.models import Household

    Household.objects.filter(pk=world["A"].household.pk).update(posyandu=world["A"].posyandu)
    kader_page = client_for(world["A"].users["kader"]).get("/").content.decode()
    assert "Keluarga di Posyandu Anda" in kader_page and "Kepala A" in kader_page
    assert "Capaian ILP per Puskesmas" not in kader_page
