"""Follow-up pages (issue #13 items 3–6): the kader worklist and its sheet per RT, home visits and
what their findings do, the weekly review at the Pustu, and the ketua RT/RW's reminders.

Tasks are opened by the real rules (``refresh``); visits are posted through the pages.
"""

import re
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from siklus.audit.models import AuditEvent
from siklus.care.models import Encounter, Observation, Referral
from siklus.followup.models import Status, Task
from siklus.followup.visit_models import HomeVisit, Reminder, VisitFinding
from tests.followup.pages_world import neighbourhood, refresh


@pytest.fixture
def place(world, admin):
    a = world["A"]
    a.n = neighbourhood(a, admin)
    refresh(a.child, a.mother, a.n["toddler"])
    return a


def _last_event():
    return AuditEvent.objects.order_by("-pk").first()


def _visit_form(household, members, *, day=None, saji=("salam", "ajak_bicara", "jelaskan_bantu", "ingatkan"),
                visit_id=None, kind="khusus"):
    data = {"id": str(visit_id or uuid.uuid4()), "visited_on": (day or timezone.localdate()).isoformat(),
            "kind": kind, "saji": list(saji), "note": "Ibu di rumah"}
    for person, answers in members.items():
        data[f"m-{person.pk}"] = "1"
        for stage, items in answers.items():
            for item, value in items.items():
                data[f"a-{person.pk}-{stage}-{item}"] = value
    return data


# ------------------------------------------------------------------------------------ worklist


def test_the_kader_worklist_groups_open_tasks_by_household_and_rt(place, client_for):
    kader = place.users["kader"]
    page = client_for(kader).get(reverse("followup_worklist", kwargs={"pk": place.posyandu.pk})).content.decode()
    # Both households of the Posyandu, each under its RT, each task in words with its due date.
    assert page.index("RT 001 / RW 002") < page.index(place.household.head_name)
    assert page.index("RT 002 / RW 002") < page.index(place.n["other"].head_name)
    assert "Imunisasi terlewat" in page and "Imunisasi DPT-HB-Hib1 belum diberikan" in page
    assert "Keluarga belum dikunjungi tahun ini" in page and "batas" in page
    assert page.count('class="card worklist-household"') == 2
    # One walk covers a family: the child's tasks sit in its household's card.
    card = page[page.index(f'id="kk-{place.household.pk}"'):page.index(f'id="kk-{place.n["other"].pk}"')]
    assert place.child.name in card and place.n["toddler"].name not in card
    event = _last_event()
    assert event.action == "list" and event.changes["what"] == "followup_worklist"
    assert str(place.child.pk) in event.changes["ids"]


def test_the_worklist_filters_one_rt(place, client_for):
    page = client_for(place.users["kader"]).get(
        reverse("followup_worklist", kwargs={"pk": place.posyandu.pk}), {"rt": "RT 002 / RW 002"}).content.decode()
    assert place.n["toddler"].name in page and place.child.name not in page


def test_the_worklist_prints_one_sheet_per_rt(place, client_for):
    response = client_for(place.users["kader"]).get(reverse("followup_worklist_pdf", kwargs={"pk": place.posyandu.pk}))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert len(re.findall(rb"/Type /Page\b", response.content)) == 2  # RT 001 and RT 002
    assert _last_event().action == "export"


def test_a_task_is_closed_by_hand_with_its_outcome(place, client_for):
    task = Task.objects.filter(person=place.child, status=Status.OPEN).first()
    client = client_for(place.users["kader"])
    url = reverse("followup_worklist", kwargs={"pk": place.posyandu.pk})
    client.post(url, {"task": task.pk, "version": task.version, "outcome": ""})
    task.refresh_from_db()
    assert task.status == Status.OPEN  # an outcome is required
    client.post(url, {"task": task.pk, "version": task.version, "outcome": "Pindah sementara ke rumah nenek"})
    task.refresh_from_db()
    assert (task.status, task.outcome) == (Status.CLOSED, "Pindah sementara ke rumah nenek")


def test_the_pustu_sees_its_escalated_tasks_on_the_same_page(place, client_for):
    task = Task.objects.filter(person=place.child, status=Status.OPEN).first()
    Task.objects.filter(pk=task.pk).update(level="pustu", facility=place.pustu, escalation=1)
    page = client_for(place.users["pustu"]).get(reverse("followup_worklist", kwargs={"pk": place.pustu.pk})).content.decode()
    assert place.child.name in page and "Bidan/perawat Pustu" in page


def test_another_desa_cannot_open_the_worklist(place, world, client_for):
    client = client_for(world["B"].users["kader"])
    assert client.get(reverse("followup_worklist", kwargs={"pk": place.posyandu.pk})).status_code == 404
    assert client.get(reverse("followup_worklist_pdf", kwargs={"pk": place.posyandu.pk})).status_code == 404


def test_the_person_page_and_the_kader_home_link_to_the_follow_up(place, client_for):
    client = client_for(place.users["kader"])
    person_page = client.get(reverse("person", kwargs={"pk": place.child.pk})).content.decode()
    assert "Tindak lanjut terbuka" in person_page and "Imunisasi terlewat" in person_page
    assert reverse("homevisit_new", kwargs={"pk": place.household.pk}) in person_page
    home = client.get(reverse("home")).content.decode()
    assert reverse("followup_worklist", kwargs={"pk": place.posyandu.pk}) in home


# ---------------------------------------------------------------------------------- home visits


def test_the_visit_form_asks_each_member_the_checklist_of_their_life_stage(place, client_for):
    page = client_for(place.users["kader"]).get(
        reverse("homevisit_new", kwargs={"pk": place.household.pk})).content.decode()
    child = page[page.index(f'name="m-{place.child.pk}"'):]
    assert "Balita dan anak prasekolah (6–71 bulan)" in child and "Imunisasi sesuai jadwal" in child
    mother = page[page.index(f'name="m-{place.mother.pk}"'):page.index(f'name="m-{place.child.pk}"')]
    assert "Usia dewasa (19–59 tahun)" in mother and "Batuk 2 minggu" in mother
    for step in ("Salam", "Ajak bicara", "Jelaskan dan bantu", "Ingatkan"):
        assert step in page


def test_a_home_visit_closes_and_opens_tasks_from_its_findings(place, client_for, django_capture_on_commit_callbacks):
    client = client_for(place.users["kader"])
    immunization_tasks = list(Task.objects.filter(person=place.child, kind="imunisasi_terlewat", status=Status.OPEN))
    assert immunization_tasks
    form = _visit_form(place.household, {
        place.child: {"balita": {"imunisasi_di_tempat_lain": "ya", "tanda_bahaya_balita": "ya", "ditimbang": "tidak"}},
        place.mother: {"dewasa": {"batuk": "ya", "skrining": "ya"}},
    })
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("homevisit_new", kwargs={"pk": place.household.pk}), form)
    visit = HomeVisit.objects.get()
    assert response.status_code == 302 and response.url == reverse("homevisit", kwargs={"pk": visit.pk})
    assert visit.saji == sorted(["salam", "ajak_bicara", "jelaskan_bantu", "ingatkan"]) and visit.kind == "khusus"
    # "Given elsewhere" closes the immunization tasks with that outcome.
    for task in immunization_tasks:
        task.refresh_from_db()
        assert task.status == Status.CLOSED and "Sudah diberikan di tempat lain" in task.outcome
    # … and they stay closed: the next refresh does not open them again.
    refresh(place.child)
    assert not Task.objects.filter(person=place.child, kind="imunisasi_terlewat", status=Status.OPEN).exists()
    # A danger sign refers the child to the Pustu (urgent); a TB symptom is recorded and opens its task.
    referral = Referral.objects.get(person=place.child)
    assert (referral.to_facility, referral.urgency) == (place.pustu, Referral.Urgency.EMERGENCY)
    assert Observation.objects.filter(person=place.mother, code="tb_symptoms", value=1).exists()
    assert Task.objects.filter(person=place.mother, kind="gejala_tbc", status=Status.OPEN).exists()
    # The visit is a contact of each member: the household's yearly-visit task is done.
    assert Encounter.objects.filter(kind="kunjungan_rumah", place="rumah").count() == 2
    assert not Task.objects.filter(household=place.household, kind="rumah_belum_dikunjungi", status=Status.OPEN).exists()
    # The unanswered urgent referral is a task the next day.
    refresh(place.child, on=timezone.localdate() + timedelta(days=1))
    assert Task.objects.filter(person=place.child, kind="rujukan_belum_dijawab", status=Status.OPEN).exists()
    categories = sorted(VisitFinding.objects.values_list("category", flat=True))
    assert categories == ["gejala_tbc", "tanda_bahaya", "tidak_akses"]
    assert AuditEvent.objects.filter(action="create", model="homevisit", object_id=str(visit.pk)).count() == 1
    page = client.get(response.url).content.decode()
    assert "Tanda bahaya" in page and "Dirujuk" in page and "Tugas ditutup" in page


def test_a_visit_sent_twice_is_stored_once_and_another_under_its_id_is_refused(place, client_for):
    client = client_for(place.users["kader"])
    url = reverse("homevisit_new", kwargs={"pk": place.household.pk})
    form = _visit_form(place.household, {place.child: {"balita": {"ditimbang": "ya"}}})
    assert client.post(url, form).status_code == 302
    assert client.post(url, form).status_code == 302
    assert HomeVisit.objects.count() == 1 and Encounter.objects.filter(kind="kunjungan_rumah").count() == 1
    assert AuditEvent.objects.filter(action="create", model="homevisit").count() == 1
    changed = {**form, f"a-{place.child.pk}-balita-ditimbang": "tidak"}
    page = client.post(url, changed).content.decode()
    assert "sudah tersimpan dengan isi yang berbeda" in page and HomeVisit.objects.count() == 1


def test_a_visit_is_refused_at_its_field_and_saves_nothing(place, client_for):
    client = client_for(place.users["kader"])
    url = reverse("homevisit_new", kwargs={"pk": place.household.pk})
    future = _visit_form(place.household, {place.child: {"balita": {"ditimbang": "ya"}}},
                         day=timezone.localdate() + timedelta(days=2))
    page = client.post(url, future).content.decode()
    assert "Tanggal tidak boleh di masa depan." in page
    nobody = _visit_form(place.household, {})
    assert "Pilih anggota keluarga yang ditemui." in client.post(url, nobody).content.decode()
    assert HomeVisit.objects.count() == 0 and not Encounter.objects.exists()
    # The service refuses answers to another life stage's checklist, or answers other than ya/tidak.
    from siklus.core.errors import Invalid
    from siklus.followup import visits

    for answers in ({"lansia": {"mandiri": "ya"}}, {"balita": {"ditimbang": "mungkin"}}):
        with pytest.raises(Invalid) as refused:
            visits.record_visit(place.users["kader"], visits.VisitInput(
                household=place.household, visited_on=timezone.localdate(),
                members=(visits.MemberAnswers(place.child, answers),)))
        assert "members" in refused.value.errors
    assert HomeVisit.objects.count() == 0 and not Encounter.objects.exists()


def test_dinkes_reads_visits_but_records_none(place, client_for):
    client = client_for(place.users["dinkes_kab"])
    url = reverse("homevisit_new", kwargs={"pk": place.household.pk})
    assert client.get(url).status_code == 403
    assert client.post(url, _visit_form(place.household, {place.child: {}})).status_code == 403
    assert not HomeVisit.objects.exists()


# --------------------------------------------------------------------------------- weekly review


def _visit_with_findings(place, client_for):
    form = _visit_form(place.household, {
        place.child: {"balita": {"tanda_bahaya_balita": "ya", "ditimbang": "tidak"}},
        place.mother: {"dewasa": {"batuk": "ya", "obat_rutin": "tidak"}},
    })
    client_for(place.users["kader"]).post(reverse("homevisit_new", kwargs={"pk": place.household.pk}), form)
    return HomeVisit.objects.get()


def test_the_weekly_review_shows_the_four_categories_and_who_follows_up(place, client_for):
    _visit_with_findings(place, client_for)
    week = timezone.localdate().isocalendar()
    client = client_for(place.users["pustu"])
    url = reverse("followup_review", kwargs={"pk": place.pustu.pk}) + f"?minggu={week[0]}-W{week[1]:02d}"
    page = client.get(url).content.decode()
    for label in ("Tidak mengakses layanan", "Tidak patuh pengobatan", "Tanda bahaya", "Gejala TBC"):
        assert label in page
    section = page[page.index('id="kategori-gejala_tbc"'):]
    assert place.mother.name in section
    danger = page[page.index('id="kategori-tanda_bahaya"'):page.index('id="kategori-gejala_tbc"')]
    assert place.child.name in danger and "Dirujuk" in danger
    assert _last_event().changes["what"] == "followup_review"
    finding = VisitFinding.objects.get(category="gejala_tbc")
    kader = place.users["kader"]
    client.post(url, {"finding": finding.pk, "version": finding.version, "follow_up_by": kader.pk})
    finding.refresh_from_db()
    assert finding.follow_up_by == kader and finding.assigned_on == timezone.localdate()
    assert AuditEvent.objects.filter(action="update", model="visitfinding", object_id=str(finding.pk)).exists()


def test_a_finding_is_assigned_only_to_a_worker_of_its_desa(place, world, client_for):
    _visit_with_findings(place, client_for)
    finding = VisitFinding.objects.get(category="gejala_tbc")
    client = client_for(place.users["pustu"])
    url = reverse("followup_review", kwargs={"pk": place.pustu.pk})
    page = client.post(url, {"finding": finding.pk, "version": finding.version,
                             "follow_up_by": world["B"].users["kader"].pk}, follow=True).content.decode()
    assert "Pilih petugas Pustu atau kader Posyandu desa ini." in page
    finding.refresh_from_db()
    assert finding.follow_up_by is None


def test_an_empty_week_shows_nothing_found(place, client_for):
    page = client_for(place.users["pustu"]).get(reverse("followup_review", kwargs={"pk": place.pustu.pk}),
                                                {"minggu": "2020-W01"}).content.decode()
    assert page.count("Tidak ada.") == 4


# ------------------------------------------------------------------------------------------ RT/RW


def test_an_rt_user_sees_its_households_reminder_in_plain_words_and_nothing_clinical(place, client_for):
    client = client_for(place.n["rt_user"])
    assert client.get(reverse("home")).url == reverse("followup_rt")
    page = client.get(reverse("followup_rt")).content.decode()
    assert place.household.head_name in page and "Ajak anak ke Posyandu atau Pustu" in page
    assert place.n["other"].head_name not in page  # another RT
    for secret in (place.child.name, place.mother.name, place.mother.nik, "DPT", "OPV", "Imunisasi",
                   place.child.birth_date.strftime("%d-%m-%Y"), "2025-02-03", "belum diberikan"):
        assert secret not in page
    event = _last_event()
    assert event.action == "list" and event.changes["ids"] == [str(place.household.pk)]


def test_an_rt_user_marks_a_household_reminded_once(place, client_for):
    client = client_for(place.n["rt_user"])
    url = reverse("followup_rt_remind", kwargs={"pk": place.household.pk})
    token = str(uuid.uuid4())
    client.post(url, {"id": token})
    client.post(url, {"id": token})  # a double tap
    reminder = Reminder.objects.get()
    assert reminder.household_id == place.household.pk and "anak" in reminder.groups
    assert AuditEvent.objects.filter(action="create", model="reminder").count() == 1
    assert "Sudah diingatkan" in client.get(reverse("followup_rt")).content.decode()
    # The kader sees it on the worklist.
    page = client_for(place.users["kader"]).get(reverse("followup_worklist", kwargs={"pk": place.posyandu.pk}))
    assert "Diingatkan RT/RW" in page.content.decode()


def test_an_rt_user_reaches_no_person_household_care_page_or_api(place, client_for, token_for, live_server):
    import requests

    client = client_for(place.n["rt_user"])
    for url in (reverse("person", kwargs={"pk": place.child.pk}), reverse("household", kwargs={"pk": place.household.pk}),
                reverse("record_form", kwargs={"pk": place.child.pk, "form": "rujukan"}),
                reverse("homevisit_new", kwargs={"pk": place.household.pk}),
                reverse("followup_worklist", kwargs={"pk": place.posyandu.pk})):
        assert client.get(url).status_code in (403, 404), url
    headers = {"Authorization": f"Bearer {token_for(place.n['rt_user'])}"}
    persons = requests.get(f"{live_server.url}/api/v1/persons", headers=headers)
    assert persons.status_code == 200 and persons.json()["items"] == []
    assert requests.get(f"{live_server.url}/api/v1/persons/{place.child.pk}", headers=headers).status_code == 404
    # Another RT's user cannot mark this household.
    other = client_for(place.n["rt2_user"])
    assert other.post(reverse("followup_rt_remind", kwargs={"pk": place.household.pk})).status_code == 404
    assert not Reminder.objects.exists()


def test_other_roles_do_not_get_the_rt_list(place, client_for):
    assert client_for(place.users["kader"]).get(reverse("followup_rt")).status_code == 403
