"""The care API over real HTTP (siklus.care.api): every record type created, listed and read;
creation idempotent by the client's UUID (the same body again answers 200 with the same record and
stores nothing; another body under that id answers 409); the services' validation as 422 naming
the field; scoped (404 outside one's area) and audited (one read event per request)."""

import uuid
from datetime import date, timedelta

import pytest
import requests
from django.utils import timezone

from siklus.audit.models import Action, AuditEvent
from siklus.care import models as care
from siklus.people.models import Person


class Api:
    """A bearer-token client of /api/v1 on the live server."""

    def __init__(self, base: str, token: str):
        self.base = base
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"

    def get(self, path, **params):
        return self.session.get(self.base + path, params=params)

    def post(self, path, body, **headers):
        return self.session.post(self.base + path, json=body, headers=headers)

    def patch(self, path, body, **headers):
        return self.session.patch(self.base + path, json=body, headers=headers)


@pytest.fixture
def api_for(live_server, token_for):
    return lambda user: Api(live_server.url + "/api/v1", token_for(user))


@pytest.fixture
def a(world):
    return world["A"]


@pytest.fixture
def bidan(a, api_for):
    """The Pustu's bidan: records clinical care too."""
    return api_for(a.users["pustu"])


@pytest.fixture
def kader(a, api_for):
    return api_for(a.users["kader"])


def today():
    return timezone.localdate()


def iso(day: date) -> str:
    return day.isoformat()


def _events(since: int, **filters):
    return AuditEvent.objects.filter(pk__gt=since, **filters)


def _last_event() -> int:
    last = AuditEvent.objects.order_by("-pk").first()
    return last.pk if last else 0


# ------------------------------------------------------------------------ one body per record type

def bodies(a):
    """(path under the person, model, body, who records it) for every simple record type, for
    desa A's mother (an adult woman) or child (born 2025-02-03)."""
    mother, child = a.mother, a.child
    return {
        "encounters": (mother, care.Encounter, "kader", {
            "on": iso(today()), "kind": "posyandu", "place": "posyandu", "facility": str(a.posyandu.pk),
            "klaster": 3, "complaint": "Pusing", "note": "Datang sendiri"}),
        "observations": (mother, care.Observation, "kader", {"on": iso(today()), "code": "weight", "value": 58.5}),
        "immunizations": (child, care.Immunization, "bidan", {"dose": "BCG", "given_on": iso(date(2025, 3, 3))}),
        "supplements": (child, care.Supplement, "kader", {
            "kind": "vitamin_a_biru", "given_on": iso(date(2025, 8, 15)), "amount": 1}),
        "questionnaires": (mother, care.QuestionnaireResponse, "kader", {
            "on": iso(today()), "instrument": "srq20", "answers": {str(i): i in (1, 2) for i in range(1, 21)}}),
        "conditions": (mother, care.Condition, "bidan", {"since": iso(today()), "code": "hipertensi", "icd10": "I10"}),
        "referrals": (mother, care.Referral, "kader", {
            "on": iso(today()), "reason": "Tekanan darah 160/100", "urgency": "segera", "to_facility": str(a.pustu.pk)}),
        "pregnancies": (mother, care.Pregnancy, "bidan", {"hpht": iso(today() - timedelta(weeks=12)), "gravida": 2}),
        "lab-requests": (mother, care.LabRequest, "bidan", {"requested_on": iso(today()), "tests": ["hb"]}),
        "medications": (mother, care.MedicationDispense, "bidan", {
            "on": iso(today()), "medicine": "Amlodipin 5 mg", "quantity": 30, "unit": "tablet",
            "instructions": "1 × sehari"}),
        "tb-cases": (mother, care.TbCase, "bidan", {"presumptive_on": iso(today()), "found_by": "skrining"}),
        "case-reports": (mother, care.CaseReport, "bidan", {
            "disease": "campak_rubela", "reported_on": iso(today()), "onset_on": iso(today() - timedelta(days=3)),
            "classification": "suspek"}),
    }


KINDS = ["encounters", "observations", "immunizations", "supplements", "questionnaires", "conditions", "referrals",
         "pregnancies", "lab-requests", "medications", "tb-cases", "case-reports"]
# The path of one record of each kind (GET /<kind>/{id}).
ONE = {kind: kind for kind in KINDS}


def _recorder(kind, a, bidan, kader):
    person, model, who, body = bodies(a)[kind]
    return person, model, (bidan if who == "bidan" else kader), body


@pytest.mark.parametrize("kind", KINDS)
def test_each_record_type_is_created_listed_and_read_by_id(a, bidan, kader, kind):
    person, model, api, body = _recorder(kind, a, bidan, kader)
    sent = {"id": str(uuid.uuid4()), **body}
    created = api.post(f"/persons/{person.pk}/{kind}", sent)
    assert created.status_code == 201, created.text
    record = created.json()
    assert record["id"] == sent["id"] and record["person_id"] == str(person.pk)
    assert record["area_code"] == person.area_code and record["version"] == 1
    listed = api.get(f"/persons/{person.pk}/{kind}")
    assert listed.status_code == 200 and listed.json()["items"] == [record]
    one = api.get(f"/{ONE[kind]}/{sent['id']}")
    assert one.status_code == 200 and one.json() == record
    assert one.headers["ETag"] == 'W/"1"'
    assert model.objects.filter(pk=sent["id"]).count() == 1


@pytest.mark.parametrize("kind", KINDS)
def test_the_same_body_again_answers_200_with_the_identical_record_and_stores_it_once(a, bidan, kader, kind):
    person, model, api, body = _recorder(kind, a, bidan, kader)
    sent = {"id": str(uuid.uuid4()), **body}
    first = api.post(f"/persons/{person.pk}/{kind}", sent)
    assert first.status_code == 201, first.text
    since = _last_event()
    again = api.post(f"/persons/{person.pk}/{kind}", sent)
    assert again.status_code == 200, again.text
    assert again.json() == first.json()
    assert model.objects.filter(person=person).count() == 1
    assert not _events(since, action=Action.CREATE).exists()
    assert AuditEvent.objects.filter(action=Action.CREATE, object_id=sent["id"]).count() == 1


@pytest.mark.parametrize("kind", KINDS)
def test_another_body_under_the_same_id_is_a_409_in_indonesian(a, bidan, kader, kind):
    person, model, api, body = _recorder(kind, a, bidan, kader)
    sent = {"id": str(uuid.uuid4()), **body}
    assert api.post(f"/persons/{person.pk}/{kind}", sent).status_code == 201
    changed = dict(sent)
    for key in ("on", "given_on", "since", "hpht", "requested_on", "presumptive_on", "reported_on"):
        if key in changed:
            changed[key] = iso(date.fromisoformat(changed[key]) - timedelta(days=1))
    conflict = api.post(f"/persons/{person.pk}/{kind}", changed)
    assert conflict.status_code == 409, conflict.text
    assert "id" in conflict.json()["detail"].lower() or "sudah" in conflict.json()["detail"]
    assert model.objects.filter(person=person).count() == 1


def test_the_same_id_for_another_person_is_a_409(a, kader):
    sent = {"id": str(uuid.uuid4()), "on": iso(today()), "kind": "posyandu", "place": "posyandu"}
    assert kader.post(f"/persons/{a.mother.pk}/encounters", sent).status_code == 201
    assert kader.post(f"/persons/{a.child.pk}/encounters", sent).status_code == 409
    assert care.Encounter.objects.filter(pk=sent["id"], person=a.mother).exists()


def test_an_encounter_with_who_served_answers_a_resend_with_200(a, kader):
    sent = {"id": str(uuid.uuid4()), "on": iso(today()), "kind": "posyandu", "place": "posyandu",
            "served_by": a.users["kader"].pk}
    assert kader.post(f"/persons/{a.mother.pk}/encounters", sent).status_code == 201
    assert kader.post(f"/persons/{a.mother.pk}/encounters", sent).status_code == 200


def test_without_an_id_each_send_is_a_new_record(a, kader):
    body = {"on": iso(today()), "kind": "posyandu", "place": "posyandu"}
    first, second = (kader.post(f"/persons/{a.mother.pk}/encounters", body) for _ in range(2))
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["id"] != second.json()["id"]


# ---------------------------------------------------------------------------------- measurements

def test_a_posyandu_grid_row_is_one_call_and_its_values_are_classified_together(a, kader):
    child = a.child
    ids = {"weight": str(uuid.uuid4()), "length_height": str(uuid.uuid4()), "muac": str(uuid.uuid4())}
    body = {"on": iso(date(2025, 9, 3)), "weight_kg": 8.2, "lenhei_cm": 70.5, "measure": "l", "muac_cm": 14.0,
            "ids": ids}
    response = kader.post(f"/persons/{child.pk}/measurements", body)
    assert response.status_code == 201, response.text
    saved = {o["code"]: o for o in response.json()}
    assert {"weight", "length_height", "muac"} <= set(saved)
    assert {saved["weight"]["id"], saved["length_height"]["id"], saved["muac"]["id"]} == set(ids.values())
    assert all(o["category"] and o["rule_version"] for o in saved.values())
    # The weight-for-length z-score is an observation of its own, classified too.
    assert saved.get("zwfl", {}).get("category")
    since = _last_event()
    again = kader.post(f"/persons/{child.pk}/measurements", body)
    assert again.status_code == 200
    resent = {o["id"]: o for o in again.json()}
    assert {i: resent[i] for i in ids.values()} == {o["id"]: o for o in response.json() if o["id"] in ids.values()}
    assert care.Observation.objects.filter(person=child).count() == len(saved)
    assert not _events(since, action=Action.CREATE).exists()


def test_a_measurement_set_resent_answers_exactly_what_the_first_send_did(a, kader):
    body = {"on": iso(date(2025, 9, 3)), "weight_kg": 8.2, "lenhei_cm": 70.5, "measure": "l",
            "ids": {"weight": str(uuid.uuid4()), "length_height": str(uuid.uuid4())}}
    first = kader.post(f"/persons/{a.child.pk}/measurements", body)
    assert kader.post(f"/persons/{a.child.pk}/measurements", body).json() == first.json()


@pytest.mark.parametrize("person, body, field", [
    ("child", {"on": "2025-09-03", "weight_kg": 300}, "weight_kg"),
    ("mother", {"on": "today", "sbp": 80, "dbp": 90}, "sbp"),
    ("mother", {"on": "tomorrow", "weight_kg": 58}, "on"),
    ("mother", {"on": "today", "glucose_mg_dl": 6.2}, "glucose_mg_dl"),
], ids=["a 300 kg baby", "systolic not above diastolic", "a visit in the future", "glucose in mmol/L"])
def test_impossible_measurements_are_a_422_naming_the_field(a, kader, person, body, field):
    days = {"today": today(), "tomorrow": today() + timedelta(days=1)}
    body = {**body, "on": iso(days[body["on"]]) if body["on"] in days else body["on"]}
    target = getattr(a, person)
    response = kader.post(f"/persons/{target.pk}/measurements", body)
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert ["body", field] in [d["loc"] for d in detail]
    assert all(d["msg"] and d["type"] == "value_error" for d in detail)
    assert not care.Observation.objects.filter(person=target).exists()


def test_a_second_bcg_is_a_422_at_dose(a, bidan):
    first = bidan.post(f"/persons/{a.child.pk}/immunizations", {"dose": "BCG", "given_on": "2025-03-03"})
    assert first.status_code == 201, first.text
    second = bidan.post(f"/persons/{a.child.pk}/immunizations", {"dose": "BCG", "given_on": "2025-04-03"})
    assert second.status_code == 422
    assert second.json()["detail"][0]["loc"] == ["body", "dose"]
    assert "BCG" in second.json()["detail"][0]["msg"]
    assert care.Immunization.objects.filter(person=a.child).count() == 1


def test_an_encounter_in_the_future_is_a_422_at_on(a, kader):
    response = kader.post(f"/persons/{a.mother.pk}/encounters", {
        "on": iso(today() + timedelta(days=2)), "kind": "posyandu", "place": "posyandu"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "on"]


def test_a_kader_may_not_record_an_immunization(a, kader):
    response = kader.post(f"/persons/{a.child.pk}/immunizations", {"dose": "BCG", "given_on": "2025-03-03"})
    assert response.status_code == 403
    assert response.json()["detail"] == "Di luar wewenang atau wilayah kerja Anda."
    assert not care.Immunization.objects.exists()


def test_a_malformed_body_is_the_schemas_422(a, kader):
    response = kader.post(f"/persons/{a.child.pk}/measurements", {"on": "kemarin", "weight_kg": "berat"})
    assert response.status_code == 422
    assert {d["loc"][-1] for d in response.json()["detail"]} >= {"on", "weight_kg"}


def test_a_referenced_encounter_outside_the_area_is_a_422_at_its_field(world, a, kader):
    other = world["B"]
    foreign = care.Encounter.objects.create(person=other.mother, area_code=other.mother.area_code, place="posyandu",
                                            kind="posyandu", on=date(2025, 5, 1))
    response = kader.post(f"/persons/{a.mother.pk}/observations", {
        "on": iso(today()), "code": "weight", "value": 58, "encounter": str(foreign.pk)})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "encounter"]


def test_a_surprising_value_is_a_409_with_its_warning_until_confirmed_and_stays_flagged(a, kader):
    body = {"on": "2025-10-01", "weight_kg": 16, "lenhei_cm": 69, "measure": "l"}
    warned = kader.post(f"/persons/{a.child.pk}/measurements", body)
    assert warned.status_code == 409, warned.text
    assert {(w["field"], w["code"]) for w in warned.json()["warnings"]} == {("weight_kg", "z_weight")}
    assert "confirm" in warned.json()["hint"] and "z_weight" in warned.json()["hint"]
    assert not care.Observation.objects.exists()
    saved = kader.post(f"/persons/{a.child.pk}/measurements", {**body, "confirm": ["z_weight"]})
    assert saved.status_code == 201, saved.text
    weight = next(o for o in saved.json() if o["code"] == "weight")
    assert weight["confirmed_warnings"] == ["z_weight"]


def test_a_glucose_slip_is_confirmed_by_code(a, kader):
    body = {"on": iso(today()), "glucose_mg_dl": 28}
    assert kader.post(f"/persons/{a.mother.pk}/measurements", body).json()["warnings"][0]["code"] == "unit_slip"
    saved = kader.post(f"/persons/{a.mother.pk}/measurements", {**body, "confirm": ["unit_slip"]})
    assert saved.status_code == 201 and saved.json()[0]["confirmed_warnings"] == ["unit_slip"]


def test_a_measurement_set_resent_with_another_value_is_a_409(a, kader):
    ids = {"weight": str(uuid.uuid4())}
    first = kader.post(f"/persons/{a.mother.pk}/measurements", {"on": iso(today()), "weight_kg": 58, "ids": ids})
    assert first.status_code == 201, first.text
    changed = kader.post(f"/persons/{a.mother.pk}/measurements", {"on": iso(today()), "weight_kg": 59, "ids": ids})
    assert changed.status_code == 409 and changed.json()["detail"]
    assert care.Observation.objects.get(pk=ids["weight"]).value == 58


# ------------------------------------------------------------------------------ updates and steps

def test_a_condition_is_resolved_with_its_version(a, bidan):
    created = bidan.post(f"/persons/{a.mother.pk}/conditions",
                         {"since": "2025-01-10", "code": "hipertensi", "icd10": "I10"}).json()
    stale = bidan.patch(f"/conditions/{created['id']}", {"resolved_on": iso(today())}, **{"If-Match": 'W/"7"'})
    assert stale.status_code == 409 and stale.headers["ETag"] == 'W/"1"'
    resolved = bidan.patch(f"/conditions/{created['id']}", {"resolved_on": iso(today())}, **{"If-Match": 'W/"1"'})
    assert resolved.status_code == 200, resolved.text
    assert resolved.json()["resolved_on"] == iso(today()) and resolved.headers["ETag"] == 'W/"2"'


def test_a_referral_is_received_and_answered(a, kader, bidan):
    sent = kader.post(f"/persons/{a.mother.pk}/referrals", {
        "on": iso(today()), "reason": "Tekanan darah 160/100", "to_facility": str(a.pustu.pk)}).json()
    assert sent["status"] == "dikirim"
    received = bidan.patch(f"/referrals/{sent['id']}", {"status": "diterima", "version": 1})
    assert received.status_code == 200, received.text
    answered = bidan.patch(f"/referrals/{sent['id']}", {
        "status": "dijawab", "answered_on": iso(today()), "answer": "Amlodipin 5 mg, kontrol 1 bulan"},
        **{"If-Match": received.headers["ETag"]})
    assert answered.status_code == 200, answered.text
    assert (answered.json()["status"], answered.json()["answer"]) == ("dijawab", "Amlodipin 5 mg, kontrol 1 bulan")


def test_a_delivery_of_twins_closes_the_pregnancy_and_registers_the_live_babies(a, bidan):
    hpht = today() - timedelta(weeks=39)
    pregnancy = bidan.post(f"/persons/{a.mother.pk}/pregnancies", {"hpht": iso(hpht)}).json()
    response = bidan.post(f"/pregnancies/{pregnancy['id']}/delivery", {
        "ended_on": iso(today()), "outcome": "lahir_hidup", "place_of_birth": "fasyankes",
        "delivery_facility": str(a.pustu.pk), "attendant": "bidan", "mode": "spontan", "version": 1,
        "babies": [{"sex": "P", "weight_g": 2600, "length_cm": 47, "imd": True, "vitamin_k1": True},
                   {"sex": "L", "weight_g": 2450, "length_cm": 46}]})
    assert response.status_code == 200, response.text
    delivered = response.json()
    assert delivered["ended_on"] == iso(today()) and delivered["outcome"] == "lahir_hidup"
    assert [b["order"] for b in delivered["births"]] == [1, 2]
    babies = Person.objects.filter(pk__in=[b["child_id"] for b in delivered["births"]])
    assert {(p.mother_id, p.birth_date, p.household_id) for p in babies} == {(a.mother.pk, today(), a.household.pk)}


def test_lab_results_are_observations_of_the_request(a, bidan):
    lab = bidan.post(f"/persons/{a.mother.pk}/lab-requests", {"requested_on": iso(today()), "tests": ["hb"]}).json()
    response = bidan.post(f"/lab-requests/{lab['id']}/results", {
        "resulted_on": iso(today()), "results": [{"code": "hb", "value": 10.5}]})
    assert response.status_code == 201, response.text
    (hb,) = response.json()
    assert (hb["code"], hb["value"], hb["lab_request_id"]) == ("hb", 10.5, lab["id"])
    assert bidan.get(f"/lab-requests/{lab['id']}").json()["status"] == "selesai"


def test_a_tb_episode_goes_from_presumptive_to_outcome(a, bidan):
    case = bidan.post(f"/persons/{a.mother.pk}/tb-cases", {"presumptive_on": iso(today() - timedelta(days=200))}).json()
    steps = [
        ("result", {"specimen_on": iso(today() - timedelta(days=199)), "test": "tcm", "result": "rif_sen",
                    "result_on": iso(today() - timedelta(days=197)), "diagnosis": "tbc_so"}),
        ("treatment", {"started_on": iso(today() - timedelta(days=195)), "regimen": "2RHZE/4RH"}),
        ("outcome", {"outcome": "sembuh", "outcome_on": iso(today())}),
    ]
    for step, body in steps:
        response = bidan.post(f"/tb-cases/{case['id']}/{step}", body)
        assert response.status_code == 200, (step, response.text)
    final = bidan.get(f"/tb-cases/{case['id']}").json()
    assert (final["diagnosis"], final["outcome"]) == ("tbc_so", "sembuh")
    assert care.Condition.objects.filter(person=a.mother, code="tbc", resolved_on=today()).exists()


# ------------------------------------------------------------------------------- scope and audit

def _stored(a):
    """One record of each kind for A's mother, written directly (the read side needs no service)."""
    from tests.foundation.test_scoping import care_records

    care_records(a)
    return {kind: getattr(a, attr) for kind, attr in (
        ("encounters", "encounter"), ("observations", "observation"), ("immunizations", "immunization"),
        ("supplements", "supplement"), ("questionnaires", "questionnaire"), ("conditions", "condition"),
        ("referrals", "referral"), ("pregnancies", "pregnancy"), ("lab-requests", "lab_request"),
        ("medications", "medication"), ("tb-cases", "tb_case"), ("case-reports", "case_report"))}


@pytest.mark.parametrize("kind", KINDS)
def test_a_list_and_a_read_each_write_one_event_naming_the_person_and_the_records(a, kader, kind):
    record = _stored(a)[kind]
    since = _last_event()
    listed = kader.get(f"/persons/{a.mother.pk}/{kind}")
    assert listed.status_code == 200 and [i["id"] for i in listed.json()["items"]] == [str(record.pk)]
    (event,) = _events(since)
    assert (event.action, event.channel, event.user) == (Action.LIST, "api", a.users["kader"])
    assert event.changes["ids"] == [str(a.mother.pk), str(record.pk)]
    since = _last_event()
    assert kader.get(f"/{ONE[kind]}/{record.pk}").status_code == 200
    (event,) = _events(since)
    assert set(event.changes["ids"]) == {str(a.mother.pk), str(record.pk)}


@pytest.mark.parametrize("kind", KINDS)
def test_another_desas_kader_gets_404_for_the_person_the_records_and_creation(world, a, api_for, kind):
    record = _stored(a)[kind]
    foreign = api_for(world["B"].users["kader"])
    before = _last_event()
    assert foreign.get(f"/persons/{a.mother.pk}/{kind}").status_code == 404
    assert foreign.get(f"/{ONE[kind]}/{record.pk}").status_code == 404
    _, model, _, body = bodies(a)[kind]
    count = model.objects.count()
    refused = foreign.post(f"/persons/{a.mother.pk}/{kind}", {"id": str(uuid.uuid4()), **body})
    assert refused.status_code == 404 and refused.json() == {"detail": "Data tidak ditemukan."}
    assert model.objects.count() == count
    assert not _events(before, action__in=[Action.LIST, Action.VIEW, Action.CREATE]).exists()


def test_another_kabupatens_puskesmas_cannot_reach_the_updates(world, a, api_for):
    records = _stored(a)
    foreign = api_for(world["C"].users["nakes"])
    assert foreign.patch(f"/conditions/{records['conditions'].pk}", {"resolved_on": iso(today())}).status_code == 404
    assert foreign.patch(f"/referrals/{records['referrals'].pk}", {"status": "diterima"}).status_code == 404
    assert foreign.post(f"/lab-requests/{records['lab-requests'].pk}/results",
                        {"resulted_on": iso(today()), "results": []}).status_code == 404
    assert foreign.post(f"/tb-cases/{records['tb-cases'].pk}/outcome",
                        {"outcome": "sembuh", "outcome_on": iso(today())}).status_code == 404
    assert foreign.post(f"/pregnancies/{records['pregnancies'].pk}/delivery",
                        {"ended_on": iso(today()), "outcome": "abortus"}).status_code == 404
    assert foreign.get(f"/persons/{a.mother.pk}/due").status_code == 404
    assert foreign.get(f"/persons/{a.mother.pk}/record").status_code == 404


def test_lists_come_newest_first_in_keyset_pages(a, kader):
    for day in range(1, 6):
        care.Encounter.objects.create(person=a.mother, area_code=a.mother.area_code, place="posyandu",
                                      kind="posyandu", on=date(2025, 1, day))
    first = kader.get(f"/persons/{a.mother.pk}/encounters", limit=2).json()
    assert [e["on"] for e in first["items"]] == ["2025-01-05", "2025-01-04"]
    second = kader.get(f"/persons/{a.mother.pk}/encounters", limit=2, after=first["next"]).json()
    assert [e["on"] for e in second["items"]] == ["2025-01-03", "2025-01-02"]


def test_the_due_list_and_the_record_are_read_with_one_event_each(a, kader):
    _stored(a)
    since = _last_event()
    due = kader.get(f"/persons/{a.child.pk}/due", on="2025-06-01")
    assert due.status_code == 200, due.text
    body = due.json()
    assert body["on"] == "2025-06-01" and body["items"]
    assert any(item["code"].startswith("imunisasi:") for item in body["items"])
    record = kader.get(f"/persons/{a.mother.pk}/record")
    assert record.status_code == 200, record.text
    kinds = {entry["kind"] for stage in record.json()["stages"] for entry in stage["entries"]}
    assert {"encounter", "immunization", "referral", "pregnancy", "condition", "tb"} <= kinds
    events = list(_events(since).order_by("pk"))
    assert [e.changes["ids"] for e in events] == [[str(a.child.pk)], [str(a.mother.pk)]]


def test_the_due_list_speaks_the_users_language(a, kader):
    kader.session.cookies.set("django_language", "en")
    body = kader.get(f"/persons/{a.child.pk}/due", on="2025-06-01").json()
    assert body["stage"] != "" and "Bayi" not in body["stage"]


def test_every_care_operation_is_in_the_openapi_schema(kader):
    paths = set(requests.get(kader.base + "/openapi.json").json()["paths"])
    for kind in KINDS:
        single = "pregnancy" if kind == "pregnancies" else kind.replace("-", "_")[:-1]
        assert {f"/api/v1/persons/{{person_id}}/{kind}", f"/api/v1/{kind}/{{{single}_id}}"} <= paths
    assert {"/api/v1/persons/{person_id}/measurements", "/api/v1/persons/{person_id}/due",
            "/api/v1/persons/{person_id}/record"} <= paths


@pytest.mark.parametrize("schema, service_input", [
    ("EncounterIn", "EncounterInput"), ("ObservationIn", "ObservationInput"), ("MeasurementsIn", "MeasurementsInput"),
    ("ImmunizationIn", "ImmunizationInput"), ("SupplementIn", "SupplementInput"),
    ("QuestionnaireIn", "QuestionnaireInput"), ("ConditionIn", "ConditionInput"), ("ReferralIn", "ReferralInput"),
    ("PregnancyIn", "PregnancyInput"), ("DeliveryIn", "DeliveryInput"), ("NewbornIn", "NewbornInput"),
    ("LabRequestIn", "LabRequestInput"), ("MedicationIn", "MedicationInput"), ("TbPresumptiveIn", "TbPresumptiveInput"),
    ("TbResultIn", "TbResultInput"), ("CaseReportIn", "CaseReportInput"), ("ExtraIn", "Extra"),
])
def test_every_body_field_reaches_the_service(schema, service_input):
    """A body field the service's input does not have would be dropped silently: none is."""
    import dataclasses

    from siklus.care import api
    from siklus.care import services as care_services

    sent = set(getattr(api, schema).model_fields)
    taken = {f.name for f in dataclasses.fields(getattr(care_services, service_input))}
    assert sent <= taken, sent - taken


def test_numbers_a_column_cannot_hold_are_refused_by_the_schema(a, kader):
    huge = kader.post(f"/persons/{a.mother.pk}/encounters", {
        "on": iso(today()), "kind": "posyandu", "place": "posyandu", "sequence": 10**9})
    assert huge.status_code == 422 and huge.json()["detail"][0]["loc"][-1] == "sequence"
    endless = kader.session.post(f"{kader.base}/persons/{a.mother.pk}/measurements",
                                 data='{"on": "2025-01-02", "weight_kg": Infinity}',
                                 headers={"Content-Type": "application/json"})
    assert endless.status_code == 422
    assert not care.Encounter.objects.exists() and not care.Observation.objects.exists()
