"""Both databases: the suite runs on the one DATABASE_URL names (SQLite by default)."""

import os

import dj_database_url
from django.db import connection


def test_the_suite_runs_on_the_database_named_by_database_url(db):
    url = os.environ.get("DATABASE_URL")
    expected = dj_database_url.parse(url)["ENGINE"].rsplit(".", 1)[-1] if url else "sqlite3"
    assert connection.vendor == {"sqlite3": "sqlite", "postgresql": "postgresql"}[expected]


def test_a_nul_character_is_refused_before_it_reaches_postgresql(world, token_for, live_server):
    """PostgreSQL cannot store NUL; the API says so with a 422 instead of failing with a 500."""
    import requests

    response = requests.post(
        live_server.url + "/api/v1/households",
        headers={"Authorization": f"Bearer {token_for(world['A'].users['kader'])}"},
        json={"desa": world["A"].desa.code, "head_name": "Bad\x00Name", "address": "Jalan"},
    )
    assert response.status_code == 422


def test_a_nul_character_in_a_url_is_a_400_not_a_server_error(world, client_for, token_for, live_server):
    import requests

    client = client_for(world["A"].users["kader"])
    assert client.get("/cari/", {"q": "Ibu\x00"}).status_code == 400
    headers = {"Authorization": f"Bearer {token_for(world['A'].users['kader'])}"}
    response = requests.get(live_server.url + "/api/v1/households", params={"area": "62\x00"}, headers=headers)
    assert response.status_code == 400 and "karakter kontrol" in response.json()["detail"]
