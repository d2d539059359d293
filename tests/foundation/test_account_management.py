"""Accounts done properly (issue #9 item 6): sign-in throttled per address across usernames and
per username across addresses; passwords changed by their owner or reset by a manager of the
user's area (one-time, must be changed); API tokens listed, revoked and expiring; a deactivated
user's session and tokens stop at once. Every account action is in the audit log.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from siklus.accounts import services
from siklus.accounts.models import ApiToken
from siklus.accounts.policies import Perm, may
from siklus.audit.models import Action, AuditEvent
from tests.conftest import PASSWORD


def login(username, password, ip="10.0.0.1"):
    client = Client()
    response = client.post("/masuk/", {"username": username, "password": password}, REMOTE_ADDR=ip)
    return client, response


def test_password_spraying_over_20_usernames_from_one_address_is_stopped(world, settings):
    """One wrong password over many names never trips the per-username lock; the address does."""
    assert settings.SIKLUS_LOGIN_IP_FAILURE_LIMIT == 20
    for i in range(19):
        assert login(f"tebakan{i}", "Password123", ip="10.5.5.5")[1].status_code == 200  # the form again
    # A Puskesmas sharing the address still signs in after 19 mistakes.
    assert login("kader_A", PASSWORD, ip="10.5.5.5")[1].status_code == 302
    login("tebakan19", "Password123", ip="10.5.5.5")
    _, response = login("kader_B", PASSWORD, ip="10.5.5.5")
    assert response.status_code == 429 and not AuditEvent.objects.filter(action=Action.LOGIN, username="kader_B").exists()
    # Another address is not affected.
    assert login("kader_B", PASSWORD, ip="10.6.6.6")[1].status_code == 302


def test_guessing_one_account_from_many_addresses_locks_that_username(world):
    for i in range(5):
        login("kader_A", "salah", ip=f"10.7.0.{i}")
    _, response = login("kader_A", PASSWORD, ip="10.7.0.99")
    assert response.status_code == 429
    assert login("kader_B", PASSWORD, ip="10.7.0.99")[1].status_code == 302


def test_a_user_changes_their_password_and_it_is_audited(world):
    client, _ = login("kader_A", PASSWORD)
    response = client.post("/akun/kata-sandi/", {"old_password": PASSWORD, "new_password1": "Sandi-baru-2025x",
                                                 "new_password2": "Sandi-baru-2025x"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200  # still signed in on this device
    assert login("kader_A", "Sandi-baru-2025x")[1].status_code == 302
    assert AuditEvent.objects.filter(action=Action.PASSWORD_CHANGE, username="kader_A").exists()


def test_a_wrong_old_password_changes_nothing(world):
    client, _ = login("kader_A", PASSWORD)
    response = client.post("/akun/kata-sandi/", {"old_password": "salah", "new_password1": "Sandi-baru-2025x",
                                                 "new_password2": "Sandi-baru-2025x"})
    assert response.status_code == 200
    assert login("kader_A", PASSWORD, ip="10.0.0.2")[1].status_code == 302


# Who may reset whose password: (manager, target, allowed). Places: A and B share a kecamatan and
# kabupaten (62.02); C is in another kabupaten.
RESETS = [
    ("admin", ("A", "kader"), True), ("admin", ("C", "dinkes_kab"), True),
    (("A", "dinkes_kab"), ("A", "kader"), True), (("A", "dinkes_kab"), ("B", "nakes"), True),
    (("A", "dinkes_kab"), ("C", "kader"), False), (("A", "dinkes_kab"), "admin", False),
    (("A", "kepala"), ("A", "kader"), True), (("A", "kepala"), ("A", "pustu"), True),
    (("A", "kepala"), ("A", "nakes"), True), (("A", "kepala"), ("B", "kader"), False),
    (("A", "kepala"), ("A", "dinkes_kab"), False),
    (("A", "nakes"), ("A", "kader"), False), (("A", "pustu"), ("A", "kader"), False),
    (("A", "kader"), ("A", "kader"), False),
]


def _user(world, admin, who):
    return admin if who == "admin" else world[who[0]].users[who[1]]


@pytest.mark.parametrize("manager,target,allowed", RESETS)
def test_who_may_reset_whose_password(world, admin, manager, target, allowed):
    assert may(_user(world, admin, manager), Perm.MANAGE_USERS, _user(world, admin, target)) is allowed


def test_a_reset_gives_a_one_time_password_that_must_be_changed(world, client_for):
    a = world["A"]
    manager = client_for(a.users["dinkes_kab"])
    assert "kader_A" in manager.get("/akun/pengguna/").content.decode()
    assert "kader_C" not in manager.get("/akun/pengguna/").content.decode()
    page = manager.post(f"/akun/pengguna/{a.users['kader'].pk}/atur-ulang/")
    one_time = page.context["password"]
    assert one_time in page.content.decode() and len(one_time) >= 12
    assert login("kader_A", PASSWORD)[1].status_code == 200  # the old password is gone
    client, response = login("kader_A", one_time)
    assert response.status_code == 302
    assert client.get("/cari/").url == "/akun/kata-sandi/"  # nothing else until it is changed
    client.post("/akun/kata-sandi/", {"old_password": one_time, "new_password1": "Pilihan-sendiri-77",
                                      "new_password2": "Pilihan-sendiri-77"})
    assert client.get("/cari/").status_code == 200
    event = AuditEvent.objects.get(action=Action.PASSWORD_RESET)
    assert (event.user, event.object_id, event.area_code) == (a.users["dinkes_kab"], str(a.users["kader"].pk),
                                                              a.posyandu.area_code)
    assert one_time not in str(event.changes)


def test_a_manager_cannot_reach_a_user_outside_their_area(world, client_for):
    manager = client_for(world["A"].users["dinkes_kab"])
    target = world["C"].users["kader"]
    assert manager.post(f"/akun/pengguna/{target.pk}/atur-ulang/").status_code == 404
    assert client_for(world["A"].users["kader"]).get("/akun/pengguna/").status_code == 403
    with pytest.raises(PermissionError):
        services.reset_password(world["A"].users["dinkes_kab"], target)
    assert not AuditEvent.objects.filter(action=Action.PASSWORD_RESET).exists()


def _api(token, method="get", path="/api/v1/areas", **kwargs):
    return getattr(Client(), method)(path, HTTP_AUTHORIZATION=f"Bearer {token}", **kwargs)


def test_tokens_are_made_shown_once_listed_and_revoked_on_the_account_page(world, client_for):
    kader = world["A"].users["kader"]
    client = client_for(kader)
    page = client.post("/akun/token/baru/", {"name": "aplikasi posyandu"})
    text = page.context["text"]
    assert text.startswith("sk_") and _api(text).status_code == 200
    assert text not in client.get("/akun/").content.decode() and "aplikasi posyandu" in client.get("/akun/").content.decode()
    token = ApiToken.objects.get(user=kader)
    assert token.expires_at - timezone.now() > timedelta(days=89)
    client.post(f"/akun/token/{token.pk}/cabut/")
    assert _api(text).status_code == 401
    assert [e.action for e in AuditEvent.objects.filter(username="kader_A", action__startswith="token")
            .order_by("pk")] == [Action.TOKEN_CREATE, Action.TOKEN_REVOKE]


def test_an_expired_token_is_refused(world):
    text = ApiToken.issue(world["A"].users["kader"], "lama")
    assert _api(text).status_code == 200
    ApiToken.objects.filter(name="lama").update(expires_at=timezone.now() - timedelta(seconds=1))
    assert _api(text).status_code == 401


def test_the_api_lists_creates_and_revokes_ones_own_tokens(world):
    a, c = world["A"], world["C"]
    first = ApiToken.issue(a.users["kader"], "pertama")
    other = ApiToken.issue(c.users["kader"], "milik orang lain")
    created = _api(first, "post", "/api/v1/akun/tokens", data={"name": "kedua"}, content_type="application/json")
    assert created.status_code == 201 and created.json()["token"].startswith("sk_")
    listed = _api(first, path="/api/v1/akun/tokens").json()
    assert sorted(t["name"] for t in listed) == ["kedua", "pertama"] and all("token" not in t for t in listed)
    other_id = ApiToken.objects.get(name="milik orang lain").pk
    assert _api(first, "delete", f"/api/v1/akun/tokens/{other_id}").status_code == 404
    assert _api(other).status_code == 200
    second_id = created.json()["id"]
    assert _api(first, "delete", f"/api/v1/akun/tokens/{second_id}").json()["revoked"] is True
    assert _api(created.json()["token"]).status_code == 401


def test_a_deactivated_users_session_and_tokens_stop_at_once(world):
    kader = world["A"].users["kader"]
    client, response = login("kader_A", PASSWORD)
    token = ApiToken.issue(kader, "t")
    assert client.get("/").status_code == 200 and _api(token).status_code == 200
    kader.is_active = False
    kader.save(update_fields=["is_active"])
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith("/masuk/")
    assert _api(token).status_code == 401
