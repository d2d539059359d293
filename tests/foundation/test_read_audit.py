"""Every read of personal data leaves one audit event (issue #9 item 3).

A Dinkes user once downloaded 4,884 persons in 10 requests without a trace. Now every page and
API operation that shows residents (or health workers) writes exactly one event per request,
with the count, the ids shown (the first 500) and the search text; the routes are enumerated,
so a new route must say whether it shows personal data. The audit table itself refuses UPDATE
(and on PostgreSQL DELETE) in the database, not only in the model.
"""

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse

from siklus.api import api
from siklus.audit.log import READ_ID_CAP, log_read
from siklus.audit.models import Action, AuditEvent
from tests.conftest import PASSWORD
from tests.foundation.test_scoping import web_routes
from tests.interop.helpers import queued
from tests.sync.helpers import sync_items


def served_by_posyandu(a):
    """The place's household is served by its Posyandu (a Posyandu's figures count its households)."""
    from siklus.people.models import Household

    Household.objects.filter(pk=a.household.pk).update(posyandu=a.posyandu)


READS = {Action.LIST, Action.SEARCH, Action.VIEW, Action.EXPORT}  # a download is an export of what it holds

# Web routes that show personal data: (role of desa A's user, how to build the URL, the record
# whose id the event must name). The target is an attribute of the world's place A.
PERSONAL_WEB = {
    "home": ("kader", lambda a: reverse("home"), "mother"),
    "area": ("kader", lambda a: reverse("area", kwargs={"code": a.desa.code}), "household"),
    "facility": ("kader", lambda a: reverse("facility", kwargs={"pk": a.pustu.pk}), None),
    "household": ("kader", lambda a: reverse("household", kwargs={"pk": a.household.pk}), "child"),
    "household_edit": ("kader", lambda a: reverse("household_edit", kwargs={"pk": a.household.pk}), "household"),
    "household_void": ("kader", lambda a: reverse("household_void", kwargs={"pk": a.household.pk}), "household"),
    "person_create": ("kader", lambda a: reverse("person_create", kwargs={"pk": a.household.pk}), "mother"),
    "person": ("kader", lambda a: reverse("person", kwargs={"pk": a.mother.pk}), "mother"),
    "person_edit": ("kader", lambda a: reverse("person_edit", kwargs={"pk": a.child.pk}), "mother"),
    "person_void": ("kader", lambda a: reverse("person_void", kwargs={"pk": a.child.pk}), "child"),
    "search": ("dinkes_kab", lambda a: reverse("search") + "?q=Warga", "mother"),
    # The Posyandu day lists its sasaran (desa A's only Posyandu serves its households).
    "posyandu_day": ("kader", lambda a: reverse("posyandu_day", kwargs={"pk": a.posyandu.pk, "day": "2025-06-02"}),
                     "mother"),
    "posyandu_summary": ("pustu", lambda a: reverse("posyandu_summary",
                                                    kwargs={"pk": a.posyandu.pk, "day": "2025-06-02"}), "child"),
    "posyandu_search": ("kader", lambda a: reverse("posyandu_search", kwargs={"pk": a.posyandu.pk,
                                                                           "day": "2025-06-02"}) + "?q=Warga", "mother"),
    # The SATUSEHAT outbox lists the persons whose records are queued (Klaster 1 of the Puskesmas).
    "satusehat_status": ("nakes", lambda a: queued(a) or reverse("satusehat_status"), "mother"),
    # A record form names the person it records for.
    "record_form": ("kader", lambda a: reverse("record_form", kwargs={"pk": a.mother.pk, "form": "rujukan"}), "mother"),
    # A register lists residents; the Buku KIA page is one child's (siklus.reports).
    "report_register": ("kader", lambda a: reverse("report_register", kwargs={"pk": a.posyandu.pk})
                        + "?jenis=kohort-balita&dari=2025-06&sampai=2025-06", "child"),
    "report_kia": ("kader", lambda a: reverse("report_kia", kwargs={"pk": a.child.pk}), "child"),
    # Follow-up (siklus.followup): the tasks and their persons, a household's visit form and a
    # stored visit, the weekly review's findings, the RT/RW's households (tests/followup/test_pages.py
    # checks each with its data; here each page's single event, on the world as built).
    "followup_worklist": ("pustu", lambda a: _followup(a) or reverse("followup_worklist", kwargs={"pk": a.pustu.pk}),
                          "child"),
    "followup_worklist_pdf": ("pustu", lambda a: _followup(a) or reverse("followup_worklist_pdf",
                                                                         kwargs={"pk": a.pustu.pk}), "child"),
    "homevisit_new": ("kader", lambda a: reverse("homevisit_new", kwargs={"pk": a.household.pk}), "child"),
    "homevisit": ("kader", lambda a: _followup(a) or reverse("homevisit", kwargs={"pk": a.homevisit.pk}), "child"),
    "followup_review": ("pustu", lambda a: _followup(a) or reverse("followup_review", kwargs={"pk": a.pustu.pk})
                        + "?minggu=2025-W23", "child"),
    # The persons behind a dashboard figure of a desa or Posyandu (siklus.monitoring): the registered balita.
    "dashboard_people": ("pustu", lambda a: reverse("dashboard_people", kwargs={"code": a.desa.code})
                         + "?indikator=gizi_d_s&periode=2025&bagian=penyebut", "child"),
    # The offline sync's review queues (siklus.sync) name the persons of their items.
    "sync_conflicts": ("pustu", lambda a: sync_items(a) or reverse("sync_conflicts"), "mother"),
    "sync_duplicates": ("pustu", lambda a: sync_items(a) or reverse("sync_duplicates"), "child"),
    "dashboard_facility_people": ("kader", lambda a: served_by_posyandu(a) or reverse("dashboard_facility_people",
                                                                                      kwargs={"pk": a.posyandu.pk})
                                  + "?indikator=gizi_d_s&periode=2025&bagian=penyebut", "child"),
}
# Routes that show no resident's data: the shell, area and facility lists, POST-only actions,
# the audit log (its export is itself an event), and one's own account pages.
NOT_PERSONAL_WEB = {
    "login", "logout", "set_language", "healthz", "areas", "area_add_sub", "facilities", "facility_ilp",
    "facility_add_person", "household_create", "audit", "audit_export",
    "account", "password_change", "token_create", "token_revoke", "user_list", "user_reset_password",
    # A redirect to today's page; POST-only steps of the day that echo the row just typed (the
    # day's page audited the persons it listed; writes are audited as creations).
    "posyandu_today", "posyandu_attend", "posyandu_preview", "posyandu_measure", "posyandu_serve",
    "icd10_search",  # the ICD-10 options of the diagnosis field
    # The reports page (forms only) and the monthly report (counts by desa; its download is audited).
    "facility_reports", "report_monthly",
    # POST-only "sudah diingatkan" (audited as a creation); the RT/RW list is checked in
    # tests/followup/test_pages.py (its user is not one of the world's roles).
    "followup_rt_remind", "followup_rt",
    # Dashboards: stored figures of areas and facilities, no person (their drill-down lists are above).
    "dashboard", "dashboard_cluster", "dashboard_spm", "dashboard_rollout", "dashboard_area", "dashboard_facility",
    # The kader app's shell, manifest, worker, texts and sign-in: no resident (data comes by the audited pull).
    "kader_app", "kader_manifest", "kader_sw", "kader_texts", "kader_sign_in",
    # The sync's devices (users, no resident) and its POST-only decisions (audited as updates).
    "sync_devices", "sync_device_revoke", "sync_conflict_resolve", "sync_duplicate_resolve", "sync_rejected_reviewed",
}
PERSONAL_API = {"/api/v1/households", "/api/v1/households/{household_id}", "/api/v1/persons",
                "/api/v1/persons/{person_id}"}
# A person's care records and due list (siklus.care.api; tests/api/test_care_api.py checks their events).
PERSONAL_API |= {f"/api/v1/persons/{{person_id}}/{kind}" for kind in (
    "encounters", "observations", "immunizations", "supplements", "questionnaires", "conditions", "referrals",
    "pregnancies", "lab-requests", "medications", "tb-cases", "case-reports", "due", "record")}
PERSONAL_API.add("/api/v1/households/{household_id}/home-visits")  # a household's visits (siklus.followup)


def test_every_web_route_says_whether_it_shows_personal_data():
    names = {name for name, _ in web_routes()}
    unknown = names - set(PERSONAL_WEB) - NOT_PERSONAL_WEB
    assert not unknown, f"say whether these routes show personal data: {sorted(unknown)}"


def test_every_api_read_of_persons_or_households_is_known():
    paths = {p for p, ops in api.get_openapi_schema()["paths"].items() if "get" in ops}
    personal = {p for p in paths if "/persons" in p or "/households" in p}
    assert personal == PERSONAL_API


def _followup(place):
    """Tasks from the rules and a home visit with a finding, for the follow-up pages (returns None)."""
    from tests.followup.pages_world import refresh
    from tests.foundation.test_scoping import followup_records

    refresh(place.child, place.mother)
    followup_records(place)


def _new_events(since):
    return list(AuditEvent.objects.filter(pk__gt=since).order_by("pk"))


def _last_pk():
    last = AuditEvent.objects.order_by("-pk").first()
    return last.pk if last else 0


@pytest.mark.parametrize("name", sorted(PERSONAL_WEB))
def test_each_page_showing_personal_data_writes_one_read_event(world, client_for, name):
    role, url_of, target = PERSONAL_WEB[name]
    a = world["A"]
    user = a.users[role]
    since = _last_pk()
    response = client_for(user).get(url_of(a), REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    events = _new_events(since)
    assert len(events) == 1, [(e.action, e.changes) for e in events]
    event = events[0]
    assert event.action in READS and event.user == user
    assert (event.channel, event.ip_address) == ("web", "10.1.2.3")
    if event.action != Action.VIEW:
        assert event.changes["count"] == len(event.changes["ids"]) > 0
        if target:
            assert str(getattr(a, target).pk) in event.changes["ids"]
    else:
        assert event.object_id == str(getattr(a, target).pk)


def test_a_search_records_the_text_searched_and_what_it_found(world, client_for):
    a = world["A"]
    since = _last_pk()
    client_for(a.users["dinkes_kab"]).get("/cari/", {"q": a.mother.nik})
    (event,) = _new_events(since)
    assert event.action == Action.SEARCH and event.changes["query"] == a.mother.nik
    assert event.changes["ids"] == [str(a.mother.pk)] and event.changes["count"] == 1
    # The event lies in the area of what was shown, so the Dinkes of that area can see it.
    assert event.area_code == a.mother.area_code


def test_a_search_finding_nothing_is_still_recorded(world, client_for):
    since = _last_pk()
    client_for(world["A"].users["kader"]).get("/cari/", {"q": "tidak ada orang bernama ini"})
    (event,) = _new_events(since)
    assert (event.action, event.changes["count"], event.changes["ids"]) == (Action.SEARCH, 0, [])
    assert event.area_code == world["A"].desa.code  # the kader's own desa


@pytest.mark.parametrize("path,params,query", [
    ("/api/v1/persons", {}, None),
    ("/api/v1/persons", {"q": "Warga"}, "Warga"),
    ("/api/v1/households", {}, None),
])
def test_each_api_list_writes_one_read_event_per_page(world, token_for, path, params, query):
    a = world["A"]
    user = a.users["dinkes_kab"]
    since = _last_pk()
    response = Client().get(path, {**params, "limit": 1}, HTTP_AUTHORIZATION=f"Bearer {token_for(user)}")
    assert response.status_code == 200
    body = response.json()
    (event,) = _new_events(since)
    assert event.user == user and event.channel == "api"
    assert event.action == (Action.SEARCH if query else Action.LIST)
    assert event.changes.get("query") == query
    assert event.changes["ids"] == [item["id"] for item in body["items"]] and event.changes["count"] == 1


def test_the_api_household_read_is_recorded(world, token_for):
    a = world["A"]
    since = _last_pk()
    Client().get(f"/api/v1/households/{a.household.pk}", HTTP_AUTHORIZATION=f"Bearer {token_for(a.users['kader'])}")
    (event,) = _new_events(since)
    assert event.action == Action.LIST and event.changes["ids"] == [str(a.household.pk)]


def test_a_read_keeps_the_first_500_ids_and_the_total(world):
    class Row:
        def __init__(self, i):
            self.pk, self.area_code = f"id-{i}", "62.02.01.2003"

    event = log_read(world["A"].users["kader"], [Row(i) for i in range(READ_ID_CAP + 1)], what="persons")
    assert event.changes["count"] == 501 and len(event.changes["ids"]) == 500
    assert event.changes["ids"][-1] == "id-499" and event.changes["ids_truncated"] is True
    assert event.area_code == "62.02.01.2003"


def test_dinkes_filters_the_log_by_user_and_finds_every_read_of_a_person(world, client_for):
    a = world["A"]
    client_for(a.users["kader"]).get("/cari/", {"q": "Ibu Warga"})
    client_for(a.users["pustu"]).get(f"/keluarga/{a.household.pk}/")
    dinkes = client_for(a.users["dinkes_kab"])
    page = dinkes.get("/audit/", {"pengguna": "kader_A"}).content.decode()
    assert "kader_A" in page and "pustu_A" not in page
    rows = dinkes.get("/audit/ekspor.csv", {"objek": str(a.mother.pk)})
    text = b"".join(rows.streaming_content).decode()
    # The search by the kader and the household page of the pustu both showed the mother.
    assert "kader_A,search" in text and "pustu_A,list" in text


def test_a_lockout_is_recorded(world, settings):
    settings.AXES_FAILURE_LIMIT = 2
    Client().post("/masuk/", {"username": "kader_A", "password": "salah"}, REMOTE_ADDR="10.9.9.9")
    assert not AuditEvent.objects.filter(action=Action.LOCKED_OUT).exists()
    Client().post("/masuk/", {"username": "kader_A", "password": "salah"}, REMOTE_ADDR="10.9.9.9")
    event = AuditEvent.objects.filter(action=Action.LOCKED_OUT).first()
    assert (event.username, event.ip_address, event.changes["ip_address"]) == ("kader_A", "10.9.9.9", "10.9.9.9")
    # Locked out, even the right password is refused, and that attempt is kept too.
    response = Client().post("/masuk/", {"username": "kader_A", "password": PASSWORD}, REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 429 and not AuditEvent.objects.filter(action=Action.LOGIN).exists()


def _raw(sql, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_the_database_refuses_to_update_an_audit_event(world):
    event = AuditEvent.objects.order_by("pk").first()
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("UPDATE audit_auditevent SET username = %s WHERE id = %s", ["someone else", event.pk])
    assert AuditEvent.objects.get(pk=event.pk).username == event.username


@pytest.mark.skipif(connection.vendor != "postgresql", reason=(
    "SQLite keeps no DELETE trigger: Django flushes SQLite test databases with DELETE FROM "
    "(migration audit 0003 explains); the model and queryset guards refuse deletes there"))
def test_the_database_refuses_to_delete_an_audit_event(world):
    count = AuditEvent.objects.count()
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("DELETE FROM audit_auditevent WHERE id = %s", [AuditEvent.objects.first().pk])
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.count() == count


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_can_still_flush_the_audit_table(admin):
    """The test flush (TRUNCATE on PostgreSQL, DELETE on SQLite) is not refused by the triggers:
    this test's teardown flushes a table holding an event, and the next test starts empty."""
    log_read(admin, [], what="persons")
    assert AuditEvent.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_after_the_flush_the_audit_table_is_empty(admin):
    assert not AuditEvent.objects.filter(action=Action.LIST).exists()
