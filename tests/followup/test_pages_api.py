"""Home visits over the API (/api/v1/households/{id}/home-visits, /api/v1/home-visits/{id}): created
once per client id, read back with their findings, scoped and audited like the pages."""

import uuid

import pytest
from django.utils import timezone

from siklus.audit.models import AuditEvent
from siklus.care.models import Referral
from siklus.followup.visit_models import HomeVisit
from tests.followup.pages_world import neighbourhood, refresh


@pytest.fixture
def place(world, admin):
    a = world["A"]
    a.n = neighbourhood(a, admin)
    refresh(a.child, a.mother)
    return a


def _api(client, method, path, **kwargs):
    return getattr(client, method)(f"/api/v1/{path}", content_type="application/json", **kwargs)


def test_a_visit_is_created_once_read_back_and_refused_when_changed(place, client_for):
    client = client_for(place.users["kader"])
    body = {"id": str(uuid.uuid4()), "visited_on": timezone.localdate().isoformat(), "kind": "khusus",
            "saji": ["salam", "ingatkan"], "members": [
                {"person_id": str(place.child.pk), "answers": {"balita": {"tanda_bahaya_balita": "ya"}}}]}
    path = f"households/{place.household.pk}/home-visits"
    first = _api(client, "post", path, data=body)
    assert first.status_code == 201, first.content
    again = _api(client, "post", path, data=body)
    assert again.status_code == 200 and again.json() == first.json()
    assert HomeVisit.objects.count() == 1 and Referral.objects.filter(person=place.child).count() == 1
    visit = first.json()
    assert visit["findings"][0]["category"] == "tanda_bahaya" and visit["findings"][0]["referral_id"]
    changed = {**body, "kind": "rutin"}
    assert _api(client, "post", path, data=changed).status_code == 409
    listed = _api(client, "get", path).json()["items"]
    assert [v["id"] for v in listed] == [visit["id"]]
    one = _api(client, "get", f"home-visits/{visit['id']}")
    assert one.status_code == 200 and one["ETag"]
    event = AuditEvent.objects.order_by("-pk").first()
    assert event.action == "list" and str(place.child.pk) in event.changes["ids"]


def test_the_api_refuses_a_bad_visit_at_its_field_and_another_desa(place, world, client_for):
    client = client_for(place.users["kader"])
    path = f"households/{place.household.pk}/home-visits"
    body = {"id": str(uuid.uuid4()), "visited_on": timezone.localdate().isoformat(), "members": []}
    response = _api(client, "post", path, data=body)
    assert response.status_code == 422 and "members" in response.content.decode()
    stranger = {**body, "members": [{"person_id": str(world["B"].child.pk)}]}
    assert _api(client, "post", path, data=stranger).status_code == 422
    other = client_for(world["B"].users["kader"])
    assert _api(other, "post", path, data={**body, "members": [{"person_id": str(place.child.pk)}]}).status_code == 404
    assert _api(other, "get", path).status_code == 404
    assert not HomeVisit.objects.exists()
