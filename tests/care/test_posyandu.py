"""The Posyandu's open day (issue #11 item 3): who the sasaran are and how they are grouped, who may
open a day, who came, the entry grid's rows stored through the care services (idempotently), the
instant feedback, the services given, and the closing summary whose counts equal what was entered.

:func:`build_posyandu` makes a Posyandu with 60 sasaran of every life stage and a few known cases;
the browser test (tests/web/test_posyandu_day.py) uses it too.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from siklus.audit.models import Action, AuditEvent
from siklus.care import posyandu
from siklus.care.models import Encounter, Immunization, Observation, Pregnancy, Supplement
from siklus.rules.lifecycle import date_at_age
from tests.conftest import JOB, make_user

# ------------------------------------------------------------------------------------ the world

FIRST = ["Siti", "Dewi", "Rina", "Ayu", "Nur", "Putri", "Budi", "Agus", "Joko", "Andi", "Rudi", "Eko", "Sri", "Yuni",
         "Tono", "Wati", "Dian", "Fitri", "Hadi", "Iwan"]
LAST = ["Lestari", "Saputra", "Wijaya", "Hidayat", "Santoso", "Pratama", "Kurniawan", "Rahayu", "Susanti", "Nugroho"]

# (stage, how many, age as (years, months), sex) — 60 sasaran in all.
PLAN = [
    ("ibu_hamil", 6, (26, 0), "P"),
    ("bayi", 8, (0, 7), None),
    ("balita", 14, (2, 6), None),
    ("apras", 4, (5, 4), None),
    ("anak_sekolah", 8, (12, 0), None),
    ("dewasa", 12, (40, 0), None),
    ("lansia", 8, (67, 0), None),
]


@dataclass
class PosyanduWorld:
    place: object
    today: date
    households: list = field(default_factory=list)
    by_stage: dict = field(default_factory=dict)  # stage → [Person]
    # Known cases (names): weight not gone up, severe wasting, hypertension, KEK, MR1 due.
    not_gaining: object = None
    wasted: object = None
    hypertensive: object = None
    kek: object = None
    mr1_due: object = None
    kader: object = None
    bidan: object = None

    @property
    def persons(self):
        return [p for group in self.by_stage.values() for p in group]


def _born(today: date, years: int, months: int, days_back: int) -> date:
    return date_at_age(today, years=-years, months=-months) - timedelta(days=days_back)


def build_posyandu(place, today: date | None = None) -> PosyanduWorld:
    """Posyandu A of the world with 12 households and 60 residents of every stage; a balita weighed
    last month (this month's weight will be lower), a girl with a last weight recorded, six ibu
    hamil with a current pregnancy, a baby of 9 months due for MR1."""
    from siklus.care import services as care
    from siklus.people import services as people

    today = today or timezone.localdate()
    world = PosyanduWorld(place, today)
    admin = JOB
    households = [people.register_household(admin, people.HouseholdInput(
        desa=place.desa, head_name=f"{FIRST[i]} {LAST[i % len(LAST)]}", address=f"Jalan Mawar {i + 1}",
        rt=str(1 + i % 4), rw="2", posyandu=place.posyandu)) for i in range(12)]
    world.households = households
    n = 0
    for stage, count, (years, months), sex in PLAN:
        world.by_stage[stage] = []
        for i in range(count):
            n += 1
            person_sex = sex or ("L" if i % 2 == 0 else "P")
            birth = _born(today, years + (i % 3 if years >= 6 else 0), months + (i % 4 if years < 6 else 0), 3 + i)
            person = people.register_person(admin, people.PersonInput(
                household=households[n % len(households)], name=f"{FIRST[n % len(FIRST)]} {LAST[(n * 7) % len(LAST)]} {n}",
                sex=person_sex, birth_date=birth,
                relation="istri" if stage == "ibu_hamil" else ("anak" if years < 18 else "famili")))
            world.by_stage[stage].append(person)
            if stage == "ibu_hamil":
                hpht = today - timedelta(weeks=14 + i)
                from siklus.rules import pregnancy as rules_pregnancy
                Pregnancy.objects.create(person=person, area_code=person.area_code, hpht=hpht,
                                         hpl=rules_pregnancy.hpl(hpht))
    balita = world.by_stage["balita"]
    world.not_gaining = balita[0]  # a boy of about 2½ years, 12.5 kg last month
    last_month = today - timedelta(days=30)
    for when, kg in ((today - timedelta(days=61), 12.2), (last_month, 12.5)):
        care.record_observation(admin, care.ObservationInput(person=world.not_gaining, on=when, code="weight", value=kg))
    world.wasted = balita[2]  # a boy of about 2½ years; today 8.0 kg at 90 cm standing: BB/TB < −3 SD
    world.hypertensive = world.by_stage["dewasa"][0]
    world.kek = world.by_stage["ibu_hamil"][0]
    # A baby of 9 months with the doses before MR1 given on time: MR1 (and IPV2) due today.
    from siklus.people.models import Person
    baby = world.by_stage["bayi"][0]
    birth = date_at_age(today, months=-9) - timedelta(days=2)
    Person.objects.filter(pk=baby.pk).update(birth_date=birth)
    baby.refresh_from_db()
    for dose, months in (("HB0", 0), ("BCG", 1), ("OPV1", 1), ("DPT-HB-Hib1", 2), ("OPV2", 2), ("PCV1", 2), ("RV1", 2),
                         ("DPT-HB-Hib2", 3), ("OPV3", 3), ("PCV2", 3), ("RV2", 3), ("DPT-HB-Hib3", 4), ("OPV4", 4),
                         ("RV3", 4), ("IPV1", 4)):
        Immunization.objects.create(person=baby, area_code=baby.area_code, dose=dose,
                                    given_on=date_at_age(birth, months=months))
    world.mr1_due = baby
    world.kader = place.users["kader"]
    world.bidan = place.users["pustu"]
    return world


@pytest.fixture
def pw(world):
    return build_posyandu(world["A"])


def _day_url(place, day):
    return reverse("posyandu_day", kwargs={"pk": place.posyandu.pk, "day": day})


# ------------------------------------------------------------------------------------ sasaran


def test_the_sasaran_are_the_residents_of_the_posyandu_s_households_grouped_by_stage(pw):
    day = posyandu.open_day(pw.kader, pw.place.posyandu, pw.today)
    groups = {code: {e.person.pk for e in entries} for code, _label, entries in day.groups}
    for stage, persons in pw.by_stage.items():
        assert {p.pk for p in persons} <= groups[stage], stage
    # The world's own household has no Posyandu: desa A has only this one, so it counts here.
    assert pw.place.mother.pk in groups["dewasa"] and pw.place.child.pk in groups["balita"]
    assert day.sasaran_count == 62 and not day.present
    assert [code for code, _l, _e in day.groups] == [c for c, _ in posyandu.STAGES]


def test_what_is_due_is_shown_short(pw):
    day = posyandu.open_day(pw.kader, pw.place.posyandu, pw.today)
    baby = next(e for e in day.entries if e.person.pk == pw.mr1_due.pk)
    assert "Imunisasi MR1" in baby.due_short and "BB/TB" in baby.due_short
    assert "MR1" in baby.doses_due
    lansia = next(e for e in day.entries if e.person.pk == pw.by_stage["lansia"][0].pk)
    assert "SKILAS" in lansia.due_short or "CKG" in lansia.due_short


def test_with_a_second_posyandu_in_the_desa_each_serves_its_own_households(pw, world):
    from siklus.facilities import services as facilities
    from siklus.people import services as people

    a = world["A"]
    other = facilities.create_facility(JOB, kind="posyandu", name="Posyandu Melati", desa=a.desa, parent=a.puskesmas)
    theirs = people.register_household(JOB, people.HouseholdInput(desa=a.desa, head_name="Keluarga Melati",
                                                                  address="Jalan Melati 1", posyandu=other))
    neighbour = people.register_person(JOB, people.PersonInput(household=theirs, name="Tetangga Melati", sex="P",
                                                               birth_date=date(1990, 1, 1), relation="kepala"))
    day = posyandu.open_day(pw.kader, a.posyandu, pw.today)
    listed = {e.person.pk for e in day.entries}
    assert neighbour.pk not in listed
    # The household without a Posyandu is now nobody's sasaran, and the summary says so.
    assert a.mother.pk not in listed
    assert posyandu.summary(pw.kader, a.posyandu, pw.today).unassigned_households == 1


# ------------------------------------------------------------------------------------ access


def test_a_kader_opens_only_their_own_posyandu_s_days(pw, world, client_for):
    from siklus.accounts.models import Role
    from siklus.facilities import services as facilities

    a = world["A"]
    other = facilities.create_facility(JOB, kind="posyandu", name="Posyandu Melati", desa=a.desa, parent=a.puskesmas)
    other_kader = make_user("kader_melati", Role.KADER, facility=other)
    url = _day_url(a, pw.today)
    assert client_for(other_kader).get(url).status_code == 403
    assert client_for(pw.kader).get(url).status_code == 200
    # The Pustu of the desa and the Puskesmas see the Posyandu of their network.
    for role in ("pustu", "nakes", "kepala", "dinkes_kab"):
        assert client_for(a.users[role]).get(url).status_code == 200, role
    # Another desa's Posyandu is not found.
    assert client_for(pw.kader).get(_day_url(world["B"], pw.today)).status_code == 404
    # A Pustu is not a Posyandu: no open day.
    assert client_for(a.users["pustu"]).get(
        reverse("posyandu_day", kwargs={"pk": a.pustu.pk, "day": pw.today})).status_code == 403


def test_dinkes_reads_the_day_but_records_nothing(pw, world, client_for):
    a = world["A"]
    client = client_for(a.users["dinkes_kab"])
    page = client.get(_day_url(a, pw.today)).content.decode()
    assert pw.not_gaining.name in page and 'name="person"' not in page
    response = client.post(reverse("posyandu_attend", kwargs={"pk": a.posyandu.pk, "day": pw.today}),
                           {"person": pw.not_gaining.pk})
    assert response.status_code == 403 and not Encounter.objects.exists()


def test_the_day_page_audits_every_person_listed_in_one_event(pw, client_for):
    since = AuditEvent.objects.order_by("-pk").first().pk
    client_for(pw.kader).get(_day_url(pw.place, pw.today))
    (event,) = AuditEvent.objects.filter(pk__gt=since)
    assert event.action == Action.LIST and event.changes["what"] == "posyandu_day"
    assert event.changes["count"] == 62 and str(pw.wasted.pk) in event.changes["ids"]


def test_today_s_address_leads_to_today(pw, client_for):
    response = client_for(pw.kader).get(reverse("posyandu_today", kwargs={"pk": pw.place.posyandu.pk}))
    assert response.status_code == 302 and response.url == _day_url(pw.place, pw.today)


def test_the_kader_s_home_and_the_posyandu_s_page_lead_to_the_day(pw, client_for):
    client = client_for(pw.kader)
    today_url = reverse("posyandu_today", kwargs={"pk": pw.place.posyandu.pk})
    assert today_url in client.get("/").content.decode()
    assert today_url in client.get(reverse("facility", kwargs={"pk": pw.place.posyandu.pk})).content.decode()


# ------------------------------------------------------------------------------ pendaftaran


def test_a_person_who_comes_is_present_once_however_often_registered(pw, client_for):
    client = client_for(pw.kader)
    url = reverse("posyandu_attend", kwargs={"pk": pw.place.posyandu.pk, "day": pw.today})
    for _ in range(2):
        response = client.post(url, {"person": pw.not_gaining.pk})
        assert response.status_code == 302 and response.url.endswith(f"#p-{pw.not_gaining.pk}")
    (encounter,) = Encounter.objects.filter(person=pw.not_gaining)
    assert (encounter.kind, encounter.place, encounter.facility, encounter.on) == (
        "posyandu", "posyandu", pw.place.posyandu, pw.today)
    day = posyandu.open_day(pw.kader, pw.place.posyandu, pw.today)
    assert [e.person.pk for e in day.present] == [pw.not_gaining.pk]
    page = client.get(_day_url(pw.place, pw.today)).content.decode()
    assert f'id="p-{pw.not_gaining.pk}"' in page  # a row of the grid


def test_a_walk_in_from_elsewhere_is_found_and_added_to_the_day(pw, world, client_for):
    from siklus.facilities import services as facilities
    from siklus.people import services as people

    a = world["A"]
    other = facilities.create_facility(JOB, kind="posyandu", name="Posyandu Melati", desa=a.desa, parent=a.puskesmas)
    theirs = people.register_household(JOB, people.HouseholdInput(desa=a.desa, head_name="Keluarga Melati",
                                                                  address="Jalan Melati 1", posyandu=other))
    guest = people.register_person(JOB, people.PersonInput(household=theirs, name="Tamu Melati", sex="P",
                                                           birth_date=date(1985, 3, 4), relation="kepala"))
    client = client_for(pw.kader)
    found = client.get(reverse("posyandu_search", kwargs={"pk": a.posyandu.pk, "day": pw.today}), {"q": "tamu melati"})
    assert "Tamu Melati" in found.content.decode() and "Hadir hari ini" in found.content.decode()
    assert f"/keluarga/{theirs.pk}/anggota/baru/?next=" in found.content.decode()
    client.post(reverse("posyandu_attend", kwargs={"pk": a.posyandu.pk, "day": pw.today}), {"person": guest.pk})
    day = posyandu.open_day(pw.kader, a.posyandu, pw.today)
    (entry,) = [e for e in day.entries if e.person.pk == guest.pk]
    assert entry.present and not entry.sasaran and entry.stage == "dewasa"
    # A walk-in is no sasaran of this Posyandu: S counts its own households only, D counts them.
    assert day.sasaran_count == 60 and len(day.present) == 1


def test_nobody_of_another_desa_can_be_added(pw, world, client_for):
    response = client_for(pw.kader).post(reverse("posyandu_attend", kwargs={"pk": pw.place.posyandu.pk, "day": pw.today}),
                                         {"person": world["B"].mother.pk})
    assert response.status_code == 404 and not Encounter.objects.exists()


def test_columns_follow_the_stage_and_lying_or_standing_follows_the_age(pw):
    day = posyandu.open_day(pw.kader, pw.place.posyandu, pw.today)
    by = {e.person.pk: e for e in day.entries}
    baby, adult, mother = by[pw.mr1_due.pk], by[pw.hypertensive.pk], by[pw.kek.pk]
    assert "headc_cm" in baby.fields and "sbp" not in baby.fields and baby.measure == "l"
    assert {"sbp", "dbp", "waist_cm", "glucose_mg_dl"} <= adult.fields and "headc_cm" not in adult.fields
    assert adult.measure == "h" and mother.stage == "ibu_hamil" and "muac_cm" in mother.fields
    assert by[pw.wasted.pk].measure == "h"  # 2½ years: standing
    assert "vitamin_a_merah" in by[pw.wasted.pk].supplement_choices


def test_a_new_household_member_registered_from_the_day_comes_back_to_it(pw, client_for):
    client = client_for(pw.kader)
    day_url = _day_url(pw.place, pw.today)
    household = pw.households[0]
    response = client.post(f"{reverse('person_create', kwargs={'pk': household.pk})}?next={day_url}", {
        "name": "Bayi Baru Lahir", "sex": "P", "birth_date": (pw.today - timedelta(days=40)).isoformat(),
        "relation": "anak"})
    assert response.status_code == 302 and response.url.startswith(day_url + "?baru=")
    page = client.get(response.url).content.decode()
    assert "Baru terdaftar: Bayi Baru Lahir." in page
    # Another site is never a destination.
    response = client.post(f"{reverse('person_create', kwargs={'pk': household.pk})}?next=https://example.com/", {
        "name": "Bayi Kedua", "sex": "L", "birth_date": (pw.today - timedelta(days=40)).isoformat(),
        "relation": "anak"})
    assert "example.com" not in response.url


# ----------------------------------------------------------------- the grid: feedback and saving


def _url(pw, name):
    return reverse(name, kwargs={"pk": pw.place.posyandu.pk, "day": pw.today})


HTMX = {"HTTP_HX_REQUEST": "true"}


def _preview(client, pw, person, **values):
    return client.post(_url(pw, "posyandu_preview"), {"person": person.pk, **values}, **HTMX).content.decode()


@pytest.mark.parametrize("case,values,expected", [
    ("not_gaining", {"weight_kg": "12,3"}, ["T: tidak naik", "Rujuk", "Berat badan tidak naik (T)"]),
    ("wasted", {"weight_kg": "9,2", "lenhei_cm": "88", "measure": "h"},
     ["BB/TB", "Gizi buruk", "Rujuk", "BGM"]),
    ("hypertensive", {"sbp": "150", "dbp": "95"}, ["150/95", "Hipertensi derajat 1", "Rujuk"]),
    ("kek", {"muac_cm": "22"}, ["Kurang Energi Kronis (KEK)", "Rujuk"]),
])
def test_typing_a_value_shows_what_the_rules_say_at_once(pw, client_for, case, values, expected):
    page = _preview(client_for(pw.kader), pw, getattr(pw, case), **values)
    for text in expected:
        assert text in page, (text, page)
    assert not Observation.objects.filter(person=getattr(pw, case)).exclude(on__lt=pw.today).exists()


def test_a_normal_reading_is_not_referred(pw, client_for):
    page = _preview(client_for(pw.kader), pw, pw.hypertensive, sbp="118", dbp="76")
    assert "Rujuk" not in page and "Optimal" in page


def test_a_row_is_stored_once_however_often_it_is_sent(pw, client_for):
    client = client_for(pw.kader)
    row = str(uuid.uuid4())
    data = {"person": pw.wasted.pk, "row_id": row, "weight_kg": "9,2", "lenhei_cm": "88", "measure": "h", "muac_cm": "12"}
    for _ in range(2):
        response = client.post(_url(pw, "posyandu_measure"), data, **HTMX)
        assert response.status_code == 200 and "Tersimpan" in response.content.decode()
    stored = Observation.objects.filter(person=pw.wasted, on=pw.today)
    assert sorted(stored.values_list("code", flat=True)) == ["length_height", "muac", "weight", "zwfl"]
    (encounter,) = Encounter.objects.filter(person=pw.wasted)
    assert set(stored.values_list("encounter", flat=True)) == {encounter.pk}
    assert encounter.facility == pw.place.posyandu and encounter.kind == "posyandu"
    assert stored.get(code="length_height").method == "h"
    assert stored.get(code="zwfl").category_label.startswith("Gizi buruk")


def test_a_field_error_is_shown_at_its_field_and_nothing_is_saved(pw, client_for):
    client = client_for(pw.kader)
    page = client.post(_url(pw, "posyandu_measure"), {"person": pw.hypertensive.pk, "row_id": str(uuid.uuid4()),
                                                      "weight_kg": "70", "sbp": "80", "dbp": "95"}, **HTMX).content.decode()
    assert f'id="err-{pw.hypertensive.pk}-sbp"' in page and "harus lebih tinggi dari diastolik" in page
    assert 'value="70"' in page or 'value="70.0"' in page  # what was typed stays
    assert not Observation.objects.filter(person=pw.hypertensive).exists()


def test_an_implausible_value_asks_for_confirmation_and_stays_flagged(pw, client_for):
    client = client_for(pw.kader)
    data = {"person": pw.wasted.pk, "row_id": str(uuid.uuid4()), "weight_kg": "6,5", "lenhei_cm": "88", "measure": "h"}
    page = client.post(_url(pw, "posyandu_measure"), data, **HTMX).content.decode()
    assert "Sangat tidak biasa" in page and "Simpan juga" in page and not Observation.objects.filter(person=pw.wasted).exists()
    confirm = page.split('name="confirm" value="')[1].split('"')[0]
    page = client.post(_url(pw, "posyandu_measure"), {**data, "confirm": confirm}, **HTMX).content.decode()
    assert "Tersimpan" in page and "ditandai" in page
    assert Observation.objects.get(person=pw.wasted, code="weight").confirmed_warnings == [confirm]


def test_supplements_by_the_kader_doses_by_the_bidan_only(pw, client_for):
    kader, bidan = client_for(pw.kader), client_for(pw.bidan)
    baby = pw.mr1_due
    page = kader.get(_day_url(pw.place, pw.today))
    assert page.status_code == 200
    kader.post(_url(pw, "posyandu_attend"), {"person": baby.pk})
    page = kader.get(_day_url(pw.place, pw.today)).content.decode()
    assert 'name="dose"' not in page and "oleh nakes" in page
    response = kader.post(_url(pw, "posyandu_serve"), {"person": baby.pk, "dose": "MR1"})
    assert response.status_code == 403 and not Immunization.objects.filter(dose="MR1").exists()
    kader.post(_url(pw, "posyandu_serve"), {"person": pw.wasted.pk, "supplement": "vitamin_a_merah",
                                            "row_id": str(uuid.uuid4())}, **HTMX)
    assert Supplement.objects.get(person=pw.wasted).kind == "vitamin_a_merah"
    page = bidan.get(_day_url(pw.place, pw.today)).content.decode()
    assert 'name="dose" value="MR1"' in page
    row = str(uuid.uuid4())
    for _ in range(2):  # a double submit gives the dose once
        bidan.post(_url(pw, "posyandu_serve"), {"person": baby.pk, "dose": ["MR1", "IPV2"], "batch": "MR-2411", "row_id": row})
    given = Immunization.objects.filter(person=baby, given_on=pw.today)
    assert sorted(given.values_list("dose", flat=True)) == ["IPV2", "MR1"]
    assert {i.encounter.facility for i in given} == {pw.place.posyandu} and given.get(dose="MR1").batch == "MR-2411"


def test_the_summary_counts_what_was_entered(pw, client_for):
    kader = client_for(pw.kader)
    rows = [(pw.not_gaining, {"weight_kg": "12,3"}), (pw.wasted, {"weight_kg": "9,2", "lenhei_cm": "88", "measure": "h"}),
            (pw.hypertensive, {"sbp": "150", "dbp": "95", "weight_kg": "70"}), (pw.kek, {"muac_cm": "22"})]
    for person, values in rows:
        assert kader.post(_url(pw, "posyandu_measure"), {"person": person.pk, "row_id": str(uuid.uuid4()), **values},
                          **HTMX).status_code == 200
    kader.post(_url(pw, "posyandu_attend"), {"person": pw.by_stage["lansia"][0].pk})  # came, not measured
    kader.post(_url(pw, "posyandu_serve"), {"person": pw.wasted.pk, "supplement": "vitamin_a_merah"})
    s = posyandu.summary(pw.kader, pw.place.posyandu, pw.today)
    by = {r["code"]: r for r in s.rows}
    assert (by["balita"]["sasaran"], by["balita"]["came"], by["balita"]["weighed"]) == (15, 2, 2)
    assert (by["dewasa"]["came"], by["ibu_hamil"]["came"], by["lansia"]["came"], by["lansia"]["weighed"]) == (1, 1, 1, 0)
    assert s.totals == {"sasaran": 62, "came": 5, "weighed": 3}  # the ibu hamil had only her LiLA measured
    assert (s.growth["T"], s.growth["B"], s.growth["BGM"]) == (1, 1, 1)
    referred = {f.entry.person.pk: f.reasons for f in s.referrals}
    assert set(referred) == {pw.not_gaining.pk, pw.wasted.pk, pw.hypertensive.pk, pw.kek.pk}
    assert "Hipertensi derajat 1" in referred[pw.hypertensive.pk]
    assert s.supplements == {"vitamin_a_merah": 1}
    assert s.absent_count == 57
    # Did not come with something due: a home visit, with what is due.
    home = {f.entry.person.pk: f.reasons for f in s.home_visits}
    assert pw.mr1_due.pk in home and "Imunisasi MR1" in home[pw.mr1_due.pk][0]
    assert pw.wasted.pk in home  # BGM today
    page = client_for(pw.bidan).get(_url(pw, "posyandu_summary")).content.decode()
    assert "Perlu dirujuk" in page and pw.kek.name in page and "Jalan Mawar" in page


def test_the_day_page_costs_the_same_number_of_queries_for_60_people(pw, client_for, django_assert_max_num_queries):
    """Every sasaran present with a value stored: still a fixed number of queries (no query per row)."""
    import time

    kader = client_for(pw.kader)
    for person in pw.persons:
        kader.post(_url(pw, "posyandu_measure"), {"person": person.pk, "weight_kg": "40" if person in
                                                  pw.by_stage["dewasa"] else "", "row_id": str(uuid.uuid4())}, **HTMX)
        kader.post(_url(pw, "posyandu_attend"), {"person": person.pk})
    with django_assert_max_num_queries(40):
        started = time.perf_counter()
        response = kader.get(_day_url(pw.place, pw.today))
        elapsed = time.perf_counter() - started
    assert response.status_code == 200 and response.content.decode().count('class="prow') == 61  # 60 rows + the head
    print(f"day page, 62 sasaran, 60 present: {elapsed * 1000:.0f} ms")
