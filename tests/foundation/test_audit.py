"""The audit log: append-only, written in the change's own transaction, jobs named as such,
failed logins kept, and exported as CSV by Dinkes for its own area only."""

import csv
import io
from datetime import date

import pytest
from django.db import transaction
from django.test import Client

from siklus.audit.models import AppendOnly, AuditEvent
from siklus.facilities import services as facilities

from ..conftest import JOB, PASSWORD


def test_an_audit_event_cannot_be_changed_or_deleted(world):
    event = AuditEvent.objects.filter(action="create").first()
    event.username = "someone else"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    with pytest.raises(AppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(username="x")
    with pytest.raises(AppendOnly):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).username != "someone else"


def test_the_event_shares_the_fate_of_its_change(world):
    a = world["A"]
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        facilities.set_ilp_status(a.users["kepala"], a.posyandu, active=True, since=date(2025, 7, 1))
        raise RuntimeError("the request fails after the change")
    a.posyandu.refresh_from_db()
    assert (a.posyandu.ilp_active, AuditEvent.objects.count()) == (False, before)


def test_a_job_is_audited_under_its_own_name(world):
    event = AuditEvent.objects.filter(object_id=str(world["A"].posyandu.pk), action="create").get()
    assert (event.username, event.channel, event.user) == (f"system:{JOB.name}", "job", None)


def test_a_failed_login_is_kept_with_the_name_tried_and_the_address(world):
    Client().post("/masuk/", {"username": "kader_A", "password": "salah"}, REMOTE_ADDR="10.9.8.7")
    event = AuditEvent.objects.get(action="login_failed")
    assert (event.username, event.ip_address, event.user) == ("kader_A", "10.9.8.7", None)
    Client().post("/masuk/", {"username": "kader_A", "password": PASSWORD})
    assert AuditEvent.objects.filter(action="login", username="kader_A").exists()


def rows_of(response):
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_dinkes_exports_the_log_of_its_own_area_as_csv(world, client_for):
    a, c = world["A"], world["C"]
    client_for(a.users["kader"]).get(f"/penduduk/{a.mother.pk}/")
    client_for(c.users["kader"]).get(f"/penduduk/{c.mother.pk}/")
    response = client_for(a.users["dinkes_kab"]).get("/audit/ekspor.csv", {"aksi": "view"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = rows_of(response)
    assert [r["object_repr"] for r in rows] == [str(a.mother)]
    assert rows[0]["username"] == "kader_A" and rows[0]["area_code"] == a.mother.area_code
    export = AuditEvent.objects.get(action="export")
    assert export.user == a.users["dinkes_kab"] and export.changes == {"audit_export": {"aksi": "view"}}


@pytest.mark.parametrize("role", ["kader", "pustu", "nakes", "kepala"])
def test_only_dinkes_and_admins_read_or_export_the_log(world, client_for, role):
    client = client_for(world["A"].users[role])
    assert client.get("/audit/").status_code == 403
    assert client.get("/audit/ekspor.csv").status_code == 403
    assert not AuditEvent.objects.filter(action="export").exists()
