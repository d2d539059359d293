"""The kader app's server side: an installable shell with no personal data, its service worker under
the app's scope, its texts in the user's language, and a JSON sign-in for kader and bidan only."""

import json

import pytest
from django.test import Client

from siklus.audit.models import AuditEvent

from ..conftest import PASSWORD


@pytest.fixture
def anonymous():
    return Client(enforce_csrf_checks=True)


def test_the_shell_needs_no_login_and_holds_no_personal_data(world, anonymous):
    response = anonymous.get("/kader/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<link rel="manifest" href="/kader/manifest.webmanifest">' in body
    assert "/static/kader/app.js" in body and "csrftoken" in response.cookies
    assert world["A"].mother.name not in body
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_the_manifest_makes_the_app_installable(world, anonymous):
    manifest = json.loads(anonymous.get("/kader/manifest.webmanifest").content)
    assert manifest["start_url"] == "/kader/" and manifest["scope"] == "/kader/" and manifest["display"] == "standalone"
    sizes = {i["sizes"] for i in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    assert any(i.get("purpose") == "maskable" for i in manifest["icons"])
    for icon in manifest["icons"]:
        assert anonymous.get(icon["src"]).status_code == 200


def test_the_service_worker_is_served_under_the_apps_scope_with_its_precache(world, anonymous):
    response = anonymous.get("/kader/sw.js")
    assert response["Service-Worker-Allowed"] == "/kader/"
    assert response["Content-Type"].startswith("text/javascript")
    body = response.content.decode()
    precache = json.loads(body.split("const PRECACHE = ", 1)[1].split(";\n", 1)[0])
    assert precache[:3] == ["/kader/", "/kader/manifest.webmanifest", "/kader/teks.json"]
    assert "/static/vendor/dexie.mjs" in precache and "/static/kader/who-lms.json" in precache
    for url in precache:
        assert anonymous.get(url).status_code == 200, url
    # Nothing personal is ever cached by the worker.
    assert "isPrivate" in body and "'/api/'" in body


def test_the_texts_follow_the_users_language(world, anonymous):
    texts = json.loads(anonymous.get("/kader/teks.json").content)
    assert texts["lang"] == "id" and texts["texts"]["saved_on_phone"] == "tersimpan di HP"
    anonymous.cookies["django_language"] = "en"  # as the language switch sets it
    english = json.loads(anonymous.get("/kader/teks.json").content)
    assert english["lang"] == "en"


def sign_in(client, username, password=PASSWORD):
    client.get("/kader/")
    return client.post("/kader/masuk/", json.dumps({"username": username, "password": password}),
                       content_type="application/json", HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value)


def test_a_kader_signs_in_and_gets_her_posyandu_and_the_rules_of_her_area(world, anonymous):
    response = sign_in(anonymous, "kader_A")
    assert response.status_code == 200
    profile = response.json()
    assert profile["facility"] == {"id": str(world["A"].posyandu.pk), "name": "Posyandu A", "kind": "posyandu",
                                   "desa": world["A"].desa.code}
    assert profile["rules"]["scales"]["bb_u"]["categories"][0][0] == "severely_underweight"
    assert profile["checklists"]["items"]["balita"] and profile["posyandu"]["fields"]["balita"][0] == "weight_kg"
    assert AuditEvent.objects.filter(action="login", username="kader_A").exists()


def test_sign_in_refuses_a_wrong_password_other_roles_and_a_missing_csrf_token(world, anonymous):
    assert sign_in(anonymous, "kader_A", "salah").status_code == 401
    assert sign_in(Client(enforce_csrf_checks=True), "nakes_A").status_code == 403
    assert sign_in(Client(enforce_csrf_checks=True), "pustu_A").status_code == 200
    bare = Client(enforce_csrf_checks=True)
    response = bare.post("/kader/masuk/", json.dumps({"username": "kader_A", "password": PASSWORD}),
                         content_type="application/json")
    assert response.status_code == 403
