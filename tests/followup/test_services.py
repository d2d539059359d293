"""Follow-up tasks in the database: opened by the refresh, closed by the answering care record
(through the care services and their hook), never duplicated, assigned to the right facility,
escalated, closed by hand, and served over the API within the user's area."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from siklus.audit.models import AuditEvent
from siklus.care import services as care
from siklus.core.actors import system
from siklus.core.errors import Conflict, Invalid
from siklus.followup import services
from siklus.followup.models import Level, PersonCheck, Status, Task
from siklus.people.models import Household, Person
from siklus.rules import config

JOB = system("test")


@pytest.fixture
def a(world):
    place = world["A"]
    Household.objects.filter(pk=place.household.pk).update(posyandu=place.posyandu)
    place.household.refresh_from_db()
    return place


def open_tasks(**kw):
    return Task.objects.filter(status=Status.OPEN, **kw)


def test_a_refresh_opens_the_missed_doses_at_the_posyandu_of_the_household(a):
    services.refresh(JOB)
    doses = open_tasks(person=a.child, kind="imunisasi_terlewat")
    assert doses.filter(key=f"{a.child.pk}:imunisasi_terlewat:DPT-HB-Hib1").exists()
    assert {(t.level, t.facility_id) for t in doses} == {(Level.KADER, a.posyandu.pk)}
    assert all(t.due_on >= timezone.localdate() for t in doses)  # a late window still gives the kader time


def test_re_running_never_duplicates_a_task(a):
    services.refresh(JOB)
    first = set(open_tasks().values_list("key", flat=True))
    services.refresh(JOB, full=True)
    services.refresh_persons(JOB, [a.child.pk, a.mother.pk])
    keys = list(open_tasks().values_list("key", flat=True))
    assert len(keys) == len(set(keys)) and set(keys) == first


def test_recording_the_dose_through_the_care_services_closes_its_task_at_once(a, django_capture_on_commit_callbacks):
    services.refresh(JOB)
    key = f"{a.child.pk}:imunisasi_terlewat:DPT-HB-Hib1"
    assert open_tasks(key=key).exists()
    with django_capture_on_commit_callbacks(execute=True):
        given = care.record_immunization(a.users["pustu"], care.ImmunizationInput(
            person=a.child, dose="DPT-HB-Hib1", given_on=timezone.localdate()))
    task = Task.objects.get(key=key)
    assert task.status == Status.DONE and task.closed_on == timezone.localdate()
    assert task.answered_by == f"immunization:{given.pk}"
    assert not open_tasks(key=key).exists()


def test_a_finding_needs_a_nakes_and_goes_to_the_pustu_then_a_contact_there_answers_it(a, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        care.record_measurements(a.users["kader"], care.MeasurementsInput(
            person=a.mother, on=today - timedelta(days=3), sbp=165, dbp=100))
    task = open_tasks(person=a.mother, kind="tekanan_darah_tinggi").get()
    assert task.needs_nakes and (task.level, task.facility_id) == (Level.PUSTU, a.pustu.pk)
    with django_capture_on_commit_callbacks(execute=True):
        care.record_encounter(a.users["pustu"], care.EncounterInput(
            person=a.mother, on=today, kind="pengobatan", place="pustu", facility=a.pustu))
    task.refresh_from_db()
    assert task.status == Status.DONE and task.answered_by.startswith("encounter:")


def test_escalation_moves_a_late_task_one_level_a_run_with_the_date(a):
    services.refresh(JOB)
    task = open_tasks(person=a.child, kind="imunisasi_terlewat").first()
    days = config.get("followup.escalate_after_days")
    on = task.due_on + timedelta(days=days)
    services.escalate(JOB, on=on)  # exactly the days set: not yet
    assert Task.objects.get(pk=task.pk).escalation == 0
    services.escalate(JOB, on=on + timedelta(days=1))
    task.refresh_from_db()
    assert (task.level, task.facility_id, task.escalation, task.escalated_on) == (
        Level.PUSTU, a.pustu.pk, 1, on + timedelta(days=1))
    services.escalate(JOB, on=on + timedelta(days=2))  # not yet again: counted from its escalation
    task.refresh_from_db()
    assert task.level == Level.PUSTU
    services.escalate(JOB, on=on + timedelta(days=days + 2))
    task.refresh_from_db()
    assert (task.level, task.facility_id, task.escalation) == (Level.PUSKESMAS, a.puskesmas.pk, 2)


def test_the_batch_evaluates_only_changed_persons_and_those_whose_day_has_come(a, world):
    first = services.refresh(JOB)
    assert first.persons == Person.objects.count()
    quiet = services.refresh(JOB)
    assert quiet.persons == 0
    Person.objects.filter(pk=world["B"].mother.pk).update(phone="0812", updated_at=timezone.now())
    PersonCheck.objects.filter(person=world["C"].child).update(next_check=timezone.localdate())
    again = services.refresh(JOB)
    assert again.persons == 2


def test_a_person_who_died_has_their_tasks_cancelled(a):
    services.refresh(JOB)
    Person.objects.filter(pk=a.child.pk).update(died_on=timezone.localdate(), updated_at=timezone.now())
    services.refresh(JOB)
    assert not open_tasks(person=a.child).exists()
    assert Task.objects.filter(person=a.child, status=Status.CANCELLED).exists()


def test_closing_by_hand_needs_an_outcome_is_optimistic_audited_and_resendable(a):
    services.refresh(JOB)
    task = open_tasks(person=a.child).first()
    with pytest.raises(Invalid):
        services.close_task(a.users["kader"], task, "  ", task.version)
    with pytest.raises(Conflict):
        services.close_task(a.users["kader"], task, "Pindah sementara ke kota", task.version + 1)
    closed = services.close_task(a.users["kader"], task, "Pindah sementara ke kota", task.version)
    assert (closed.status, closed.closed_by, closed.outcome) == (Status.CLOSED, a.users["kader"], "Pindah sementara ke kota")
    again = services.close_task(a.users["kader"], task, "Pindah sementara ke kota", 1)
    assert again.version == closed.version
    assert AuditEvent.objects.filter(object_id=str(task.pk), action="update").count() == 1
    with pytest.raises(PermissionError):
        services.close_task(None, task, "x")


def test_a_kader_of_another_desa_neither_sees_nor_closes(a, world):
    services.refresh(JOB)
    task = open_tasks(person=a.child).first()
    other = world["B"].users["kader"]
    with pytest.raises(PermissionError):
        services.close_task(other, task, "x", task.version)
    with pytest.raises(PermissionError):
        services.worklist(other, a.posyandu)


def test_the_worklist_groups_by_household_the_most_urgent_first(a, world):
    services.refresh(JOB)
    found = services.worklist(a.users["kader"], a.posyandu)
    assert [h.household for h in found.households] == [a.household]
    tasks = found.households[0].tasks
    assert {t.person_id for t in tasks} >= {a.child.pk}
    # Late first, then the most urgent, then the earliest due.
    assert [(t.due_on >= found.on, t.urgency, t.due_on) for t in tasks] == sorted(
        (t.due_on >= found.on, t.urgency, t.due_on) for t in tasks)
    at_home = services.household_tasks(a.users["kader"], a.household)
    assert {t.pk for t in at_home} == set(open_tasks(household=a.household).values_list("pk", flat=True))


def test_the_api_lists_gets_and_closes_within_the_area(a, world, client_for, token_for):
    from django.test import Client

    services.refresh(JOB)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_for(a.users['kader'])}"}
    client = Client()
    page = client.get("/api/v1/tasks", {"facility": str(a.posyandu.pk), "kind": "imunisasi_terlewat"}, **headers).json()
    assert page["items"] and {i["person_id"] for i in page["items"]} == {str(a.child.pk)}
    mine = {i["id"] for i in client.get("/api/v1/tasks", {"limit": 500}, **headers).json()["items"]}
    assert mine == {str(pk) for pk in Task.objects.filter(area_code__startswith=a.desa.code, status=Status.OPEN)
                    .values_list("pk", flat=True)}
    assert AuditEvent.objects.filter(action="list", changes__what="tasks").exists()
    item = page["items"][0]
    one = client.get(f"/api/v1/tasks/{item['id']}", **headers)
    assert one.status_code == 200 and one["ETag"] == 'W/"1"'
    closed = client.post(f"/api/v1/tasks/{item['id']}/close", {"outcome": "Sudah diingatkan"},
                         content_type="application/json", HTTP_IF_MATCH='W/"1"', **headers)
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    resent = client.post(f"/api/v1/tasks/{item['id']}/close", {"outcome": "Sudah diingatkan"},
                         content_type="application/json", HTTP_IF_MATCH='W/"1"', **headers)
    assert resent.status_code == 200
    stale = open_tasks(person=a.child).first()
    conflict = client.post(f"/api/v1/tasks/{stale.pk}/close", {"outcome": "x"}, content_type="application/json",
                           HTTP_IF_MATCH='W/"7"', **headers)
    assert conflict.status_code == 409
    b_task = open_tasks(person=world["B"].child).first()
    assert client.get(f"/api/v1/tasks/{b_task.pk}", **headers).status_code == 404
    assert client.post(f"/api/v1/tasks/{b_task.pk}/close", {"outcome": "x"}, content_type="application/json",
                       **headers).status_code == 404
    assert client.get("/api/v1/tasks", {"facility": str(world["B"].posyandu.pk)}, **headers).status_code == 404


def test_the_command_runs_with_progress_in_the_users_language(a):
    from io import StringIO

    from django.core.management import call_command

    out, err = StringIO(), StringIO()
    call_command("followup", "refresh", "--on", date.today().isoformat(), stdout=out, stderr=err)
    assert "tugas dibuka" in out.getvalue()
    out = StringIO()
    call_command("followup", "refresh", "--full", "--lang", "en", "--no-progress", stdout=out, stderr=err)
    assert Task.objects.filter(status=Status.OPEN).count() > 0
