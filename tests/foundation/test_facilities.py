"""Facilities carry their ILP status and start date; who may record it, and how it is checked."""

from datetime import date, timedelta

import pytest
import requests
from django.utils import timezone

from siklus.audit.models import AuditEvent
from siklus.core.errors import Invalid
from siklus.facilities import services
from siklus.facilities.models import Kind


def test_the_kepala_puskesmas_records_a_posyandu_starting_ilp(world):
    a = world["A"]
    services.set_ilp_status(a.users["kepala"], a.posyandu, active=True, since=date(2025, 7, 24))
    a.posyandu.refresh_from_db()
    assert (a.posyandu.ilp_active, a.posyandu.ilp_since) == (True, date(2025, 7, 24))
    event = AuditEvent.objects.get(object_id=str(a.posyandu.pk), action="update")
    assert event.changes == {"ilp_active": [False, True], "ilp_since": [None, "2025-07-24"]}


def test_a_start_date_is_required_and_never_in_the_future(world):
    a = world["A"]
    with pytest.raises(Invalid) as caught:
        services.set_ilp_status(a.users["kepala"], a.posyandu, active=True, since=None)
    assert caught.value.errors == {"ilp_since": ["Isi tanggal mulai menjalankan ILP."]}
    with pytest.raises(Invalid, match="masa depan"):
        services.set_ilp_status(a.users["kepala"], a.posyandu, active=True, since=timezone.localdate() + timedelta(days=1))


def test_only_the_network_s_own_puskesmas_dinkes_or_admin_may_change_it(world, admin):
    a, b = world["A"], world["B"]
    for role in ("kader", "pustu", "nakes"):
        with pytest.raises(PermissionError):
            services.set_ilp_status(a.users[role], a.posyandu, active=True, since=date(2025, 1, 1))
    with pytest.raises(PermissionError):  # B's Posyandu is in A's kecamatan but not in A's network
        services.set_ilp_status(a.users["kepala"], b.posyandu, active=True, since=date(2025, 1, 1))
    services.set_ilp_status(a.users["dinkes_kab"], b.posyandu, active=True, since=date(2025, 1, 1))
    services.set_ilp_status(admin, b.posyandu, active=False, since=None)


def test_the_rollout_follows(world):
    a = world["A"]
    before = {r["kind"]: r["ilp"] for r in services.rollout(a.users["dinkes_kab"])}
    services.set_ilp_status(a.users["kepala"], a.posyandu, active=True, since=date(2025, 7, 24))
    after = {r["kind"]: r["ilp"] for r in services.rollout(a.users["dinkes_kab"])}
    assert after[Kind.POSYANDU] == before[Kind.POSYANDU] + 1


def test_the_web_form_and_the_api(world, client_for, token_for, live_server):
    a = world["A"]
    client = client_for(a.users["kepala"])
    assert "Ubah status ILP" in client.get(f"/fasilitas/{a.posyandu.pk}/").content.decode()
    assert "Ubah status ILP" not in client_for(a.users["kader"]).get(f"/fasilitas/{a.posyandu.pk}/").content.decode()
    page = client.post(f"/fasilitas/{a.posyandu.pk}/ilp/", {"ilp_active": "on"}, follow=True).content.decode()
    assert "Isi tanggal mulai menjalankan ILP." in page
    response = requests.put(f"{live_server.url}/api/v1/facilities/{a.posyandu.pk}/ilp",
                            headers={"Authorization": f"Bearer {token_for(a.users['kepala'])}"},
                            json={"ilp_active": True, "ilp_since": "2025-07-24"})
    assert response.status_code == 200 and response.json()["ilp_since"] == "2025-07-24"


def test_the_pustu_adds_kader_to_the_posyandu_of_its_desa(world, client_for):
    a = world["A"]
    client = client_for(a.users["pustu"])
    page = client.post(f"/fasilitas/{a.posyandu.pk}/tambah/", {"name": "Sri Wahyuni", "level": "madya",
                                                                "competency_groups": ["1", "2", "5"]}, follow=True)
    assert "Ditambahkan: Sri Wahyuni" in page.content.decode()
    kader = a.posyandu.kader.get(name="Sri Wahyuni")
    assert (kader.level, kader.competency_groups, kader.area_code) == ("madya", [1, 2, 5], a.desa.code)
    assert AuditEvent.objects.filter(object_id=str(kader.pk), action="create", user=a.users["pustu"]).exists()


def test_staff_are_checked_and_only_the_right_seats_may_add_them(world):
    a = world["A"]
    with pytest.raises(Invalid) as caught:
        services.add_staff(a.users["kepala"], a.pustu, name="", profession="dukun", nik="123")
    assert caught.value.errors == {"profession": ["Pilih profesi."], "name": ["Nama wajib diisi."], "nik": ["NIK harus 16 digit angka."]}
    with pytest.raises(PermissionError):
        services.add_staff(a.users["kader"], a.pustu, name="Budi", profession="perawat")
    with pytest.raises(PermissionError):  # another Puskesmas's Pustu
        services.add_staff(a.users["kepala"], world["B"].pustu, name="Budi", profession="perawat")
    staff = services.add_staff(a.users["kepala"], a.pustu, name="Budi Santoso, S.Kep", profession="perawat", klaster=3)
    assert staff.area_code == a.desa.code
    with pytest.raises(Invalid, match="Kader terdaftar di Posyandu"):
        services.add_kader(a.users["kepala"], a.pustu, name="Ani", level="purwa", competency_groups=[1])
