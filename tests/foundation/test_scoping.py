"""Area scoping covers every page and every API operation.

A user bound to desa A (kader, bidan/perawat Pustu) must neither read nor change anything of
the neighbouring desa B; a Puskesmas or Dinkes user of A's area nothing of desa C in another
kabupaten. Every URL pattern and every API operation is enumerated: a route this test does not
know fails it, so a new route cannot ship unscoped.
"""

from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from siklus.api import api
from siklus.areas.models import Area
from siklus.audit.models import AuditEvent
from siklus.facilities.models import Facility, Kader, Staff
from siklus.people.models import Household, Person

# Routes anyone may open (no personal data).
PUBLIC_ROUTES = {"login", "logout", "set_language", "healthz",
                 # The kader app (siklus.kader): its empty shell, manifest, worker, texts and sign-in;
                 # its data comes through /api/v1/sync/pull.
                 "kader_app", "kader_manifest", "kader_sw", "kader_texts", "kader_sign_in"}
# Routes without parameters: scoped lists and searches, probed with the other place's names.
LIST_ROUTES = {"home", "areas", "facilities", "search", "audit", "audit_export",
               # Dashboards of one's own area (siklus.monitoring): the board, a cluster's, SPM, roll-out.
               "dashboard", "dashboard_cluster", "dashboard_spm", "dashboard_rollout",
               "account", "password_change", "token_create", "user_list",
               "icd10_search",  # the diagnosis field's ICD-10 options: no personal data
               "satusehat_status"}  # the SATUSEHAT outbox of one's Puskesmas (or Dinkes area)
# Routes with a parameter: which object of the other place to aim them at.
TARGETED_ROUTES = {
    "area": "desa", "area_add_sub": "desa", "household_create": "desa",
    "facility": "posyandu", "facility_ilp": "posyandu", "facility_add_person": "pustu",
    "household": "household", "household_edit": "household", "household_void": "household",
    "person_create": "household",
    "person": "mother", "person_edit": "mother", "person_void": "mother",
    # One's own tokens only (ids are numbers: a UUID finds none); users of one's own area only.
    "token_revoke": "mother", "user_reset_password": "users.kader",
    # A Posyandu's open day (and its steps): another desa's Posyandu is not found.
    "posyandu_today": "posyandu", "posyandu_day": "posyandu", "posyandu_search": "posyandu",
    "posyandu_attend": "posyandu", "posyandu_preview": "posyandu", "posyandu_measure": "posyandu",
    "posyandu_serve": "posyandu", "posyandu_summary": "posyandu",
    # A record form of a person's page (care.record_views): another desa's person is not found.
    "record_form": "mother",
    # Registers and reports (siklus.reports): another desa's facility or child is not found.
    "facility_reports": "posyandu", "report_register": "posyandu", "report_monthly": "posyandu",
    "report_kia": "child",
    # Follow-up (siklus.followup): the worklist and its sheet per RT, a household's home visit and a
    # stored one, the Pustu's weekly review, the RT/RW's "sudah diingatkan".
    "followup_worklist": "posyandu", "followup_worklist_pdf": "posyandu", "homevisit_new": "household",
    "homevisit": "homevisit", "followup_review": "pustu", "followup_rt_remind": "household",
    # Dashboards of an area or facility, and the persons behind a figure (siklus.monitoring).
    "dashboard_area": "desa", "dashboard_people": "desa", "dashboard_facility": "posyandu",
    "dashboard_facility_people": "posyandu",
}
LIST_KWARGS = {"dashboard_cluster": {"klaster": 2}}
# The ketua RT/RW's list (siklus.followup): refused to every other role.
LIST_ROUTES |= {"followup_rt"}
# The offline sync's review queues and device page (siklus.sync); their actions aim at an id.
LIST_ROUTES |= {"sync_conflicts", "sync_duplicates", "sync_devices"}
TARGETED_ROUTES.update({"sync_conflict_resolve": "mother", "sync_duplicate_resolve": "mother",
                        "sync_rejected_reviewed": "mother", "sync_device_revoke": "mother"})
# Further URL parameters of targeted routes.
ROUTE_KWARGS = {name: {"day": "2025-06-02"} for name in TARGETED_ROUTES
                if name.startswith("posyandu_") and name != "posyandu_today"}
ROUTE_KWARGS["record_form"] = {"form": "rujukan"}
ROUTE_KWARGS["dashboard_area"] = ROUTE_KWARGS["dashboard_facility"] = {"board": "utama"}
API_PARAMS = {"code": "desa", "facility_id": "pustu", "household_id": "household", "person_id": "mother",
              "token_id": "mother"}
# Care records (siklus.care.api): one of each, of the other place's mother (care_records below).
CARE_PARAMS = {"encounter_id": "encounter", "observation_id": "observation", "immunization_id": "immunization",
               "supplement_id": "supplement", "questionnaire_id": "questionnaire", "condition_id": "condition",
               "referral_id": "referral", "pregnancy_id": "pregnancy", "lab_request_id": "lab_request",
               "medication_id": "medication", "tb_case_id": "tb_case", "case_report_id": "case_report"}
API_PARAMS.update(CARE_PARAMS)
API_PARAMS["home_visit_id"] = "homevisit"  # a home visit of the other place's household
API_PARAMS["task_id"] = "task"  # a follow-up task of the other place's child (siklus.followup.api)
API_PARAMS["device_id"] = "mother"  # a sync device: ids are the app's, another's finds none
# Valid bodies for creating care records of the other place's person: refused as out of area (404),
# not merely as malformed.
CARE_BODIES = {
    "encounters": {"on": "2025-03-01", "kind": "posyandu", "place": "posyandu"},
    "observations": {"on": "2025-03-01", "code": "weight", "value": 9.5},
    "measurements": {"on": "2025-03-01", "weight_kg": 9.5},
    "immunizations": {"dose": "BCG", "given_on": "2025-03-01"},
    "supplements": {"kind": "vitamin_a_biru", "given_on": "2025-03-01"},
    "questionnaires": {"on": "2025-03-01", "instrument": "srq20", "answers": {"1": False}},
    "conditions": {"since": "2025-03-01", "code": "hipertensi", "icd10": "I10"},
    "referrals": {"on": "2025-03-01", "reason": "Gizi kurang"},
    "pregnancies": {"hpht": "2025-01-01"},
    "lab-requests": {"requested_on": "2025-03-01", "tests": ["hb"]},
    "medications": {"on": "2025-03-01", "medicine": "Parasetamol", "quantity": 10},
    "tb-cases": {"presumptive_on": "2025-03-01"},
    "case-reports": {"disease": "campak_rubela", "reported_on": "2025-03-01"},
}
CARE_STEPS = {
    "/api/v1/conditions/{condition_id}": {"resolved_on": "2025-04-01"},
    "/api/v1/referrals/{referral_id}": {"status": "dijawab", "answered_on": "2025-04-01", "answer": "Diubah"},
    "/api/v1/pregnancies/{pregnancy_id}/delivery": {"ended_on": "2025-04-01", "outcome": "lahir_hidup"},
    "/api/v1/lab-requests/{lab_request_id}/results": {"resulted_on": "2025-04-01", "results": [{"code": "hb", "value": 12}]},
    "/api/v1/tb-cases/{tb_case_id}/result": {"test": "tcm", "result": "rif_sen", "result_on": "2025-04-01"},
    "/api/v1/tb-cases/{tb_case_id}/treatment": {"started_on": "2025-04-01"},
    "/api/v1/tb-cases/{tb_case_id}/outcome": {"outcome": "sembuh", "outcome_on": "2025-04-01"},
    "/api/v1/tasks/{task_id}/close": {"outcome": "Sudah diingatkan"},
}

PAIRS = [("A", "kader", "B"), ("A", "pustu", "B"), ("A", "nakes", "C"), ("A", "kepala", "C"), ("A", "dinkes_kab", "C")]


def web_routes():
    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                if "api" in str(p.pattern):
                    continue  # the API is enumerated from its OpenAPI schema below
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                yield p.name, prefix + str(p.pattern)

    return list(walk(get_resolver().url_patterns))


def markers(place):
    """Strings that only the other place's data contains."""
    return [place.mother.name, place.child.name, place.mother.nik, place.household.head_name,
            str(place.household.pk), str(place.mother.pk), place.posyandu.name, place.pustu.name]


def target_value(place, kind):
    if kind.startswith("users."):
        return place.users[kind.removeprefix("users.")].pk
    obj = getattr(place, kind)
    return obj.code if kind == "desa" else obj.pk


def assert_no_markers(content: str, other, where: str):
    # A page may echo the user's own query back (search box, language switch); that is no leak.
    leaked = [m for m in markers(other) if m and m in content and m not in where]
    assert not leaked, f"{where} shows {leaked} of desa {other.key}"


def care_records(place):
    """One stored record of every care type for the place's mother (and her child's encounter),
    written directly: the scoping test aims the care API's record ids at them."""
    from siklus.care import models as care

    common = {"person": place.mother, "area_code": place.mother.area_code}
    day = date(2025, 2, 1)
    place.encounter = care.Encounter.objects.create(**common, place="posyandu", kind="posyandu", on=day)
    place.observation = care.Observation.objects.create(**common, on=day, code="weight", value=60, unit="kg")
    place.immunization = care.Immunization.objects.create(**common, dose="Td1", given_on=day)
    place.supplement = care.Supplement.objects.create(**common, kind="ttd", given_on=day, amount=30)
    place.questionnaire = care.QuestionnaireResponse.objects.create(**common, on=day, instrument="srq20", answers={})
    place.condition = care.Condition.objects.create(**common, code="hipertensi", icd10="I10", since=day)
    place.referral = care.Referral.objects.create(**common, on=day, reason="Tekanan darah tinggi")
    place.pregnancy = care.Pregnancy.objects.create(**common, hpht=day, hpl=date(2025, 11, 8))
    place.lab_request = care.LabRequest.objects.create(**common, requested_on=day, tests=["hb"])
    place.medication = care.MedicationDispense.objects.create(**common, on=day, medicine="Amlodipin", quantity=30)
    place.tb_case = care.TbCase.objects.create(**common, presumptive_on=day)
    place.case_report = care.CaseReport.objects.create(**common, disease="campak_rubela", reported_on=day)
    from siklus.followup.models import Task

    place.task = Task.objects.create(person=place.child, household=place.household, area_code=place.child.area_code,
                                     kind="imunisasi_terlewat", key=f"{place.child.pk}:imunisasi_terlewat:BCG",
                                     reason="Imunisasi BCG terlewat", opened_on=day, due_on=day,
                                     facility=place.posyandu)


def followup_records(place):
    """A home visit of the place's household with a finding (a danger sign), written directly like
    care_records (no audit event), so the follow-up routes have a real target of the place."""
    from siklus.followup.visit_models import HomeVisit, VisitFinding, VisitMember

    place.homevisit = HomeVisit.objects.create(household=place.household, visited_on=date(2025, 6, 2), saji=["salam"],
                                               area_code=place.household.area_code)
    VisitMember.objects.create(visit=place.homevisit, person=place.child, stages=["balita"],
                               answers={"balita": {"tanda_bahaya_balita": "ya"}})
    VisitFinding.objects.create(visit=place.homevisit, person=place.child, stage="balita", item="tanda_bahaya_balita",
                                category="tanda_bahaya", area_code=place.child.area_code)


def care_state(other):
    from siklus.care import models as care
    from siklus.followup.models import Task

    records = [care.Encounter, care.Observation, care.Immunization, care.Supplement, care.QuestionnaireResponse,
               care.Condition, care.Referral, care.Pregnancy, care.LabRequest, care.MedicationDispense, care.TbCase,
               care.CaseReport, care.Birth, Task]
    return tuple(tuple(m.objects.filter(area_code__startswith=other.desa.code).order_by("id").values_list("id", "version"))
                 for m in records)


def state(other):
    return (
        Household.objects.filter(area_code__startswith=other.desa.code).count(),
        Person.objects.filter(area_code__startswith=other.desa.code).count(),
        Person.objects.get(pk=other.mother.pk).name,
        Household.objects.get(pk=other.household.pk).address,
        Person.objects.filter(voided_at__isnull=False).count(),
        Area.objects.filter(code__startswith=other.desa.code + ".").count(),
        tuple(Facility.objects.filter(area_code=other.desa.code).order_by("id").values_list("ilp_active", "ilp_since")),
        Staff.objects.filter(area_code=other.desa.code).count(), Kader.objects.filter(area_code=other.desa.code).count(),
    )


def test_every_web_route_is_known_to_this_test():
    names = {name for name, _ in web_routes()}
    unknown = names - PUBLIC_ROUTES - LIST_ROUTES - set(TARGETED_ROUTES)
    assert not unknown, f"routes not covered by the scoping test: {sorted(unknown)}"
    assert set(TARGETED_ROUTES) <= names and names >= LIST_ROUTES


def test_every_api_operation_is_known_to_this_test():
    schema = api.get_openapi_schema()
    for path in schema["paths"]:
        params = {seg[1:-1] for seg in path.split("/") if seg.startswith("{")}
        assert params <= set(API_PARAMS), f"API path {path} has parameters unknown to the scoping test"


@pytest.mark.parametrize("home,role,other_key", PAIRS)
def test_web_pages_never_show_or_change_another_areas_data(world, client_for, home, role, other_key):
    from django.urls import reverse

    user = world[home].users[role]
    other = world[other_key]
    client = client_for(user)
    followup_records(other)
    before = state(other)
    queries = ["", f"?q={other.mother.name}", f"?q={other.mother.nik}", f"?objek={other.mother.pk}"]
    for name, _ in web_routes():
        if name in PUBLIC_ROUTES:
            continue
        if name in LIST_ROUTES:
            for query in queries:
                response = client.get(reverse(name, kwargs=LIST_KWARGS.get(name)) + query, follow=True)
                assert response.status_code in (200, 403), (name, response.status_code)
                body = b"".join(response.streaming_content) if response.streaming else response.content
                # The audit log shows the user's own earlier searches (what they typed) back to them.
                echoed = " ".join(queries) if name.startswith("audit") else ""
                assert_no_markers(body.decode(), other, f"{name}{query} {echoed}")
            continue
        kind = TARGETED_ROUTES[name]
        kwarg = "code" if kind == "desa" else "pk"
        url = reverse(name, kwargs={kwarg: target_value(other, kind), **ROUTE_KWARGS.get(name, {})})
        for method in ("get", "post"):
            data = {"reason": "uji pembatalan", "name": "Diubah", "head_name": "Diubah", "address": "Diubah",
                    "ilp_active": "on", "ilp_since": "2025-01-01", "profession": "bidan",
                    "level": "rw", "number": "9", "sex": "P", "birth_date": "2000-01-01", "relation": "anak"}
            response = getattr(client, method)(url, data) if method == "post" else client.get(url)
            assert response.status_code in (403, 404), f"{method.upper()} {url} ({name}) → {response.status_code}"
            assert_no_markers(response.content.decode(), other, f"{method.upper()} {name}")
    assert state(other) == before, "another area's data changed"


@pytest.mark.parametrize("home,role,other_key", PAIRS)
def test_api_operations_never_show_or_change_another_areas_data(world, token_for, live_server, home, role, other_key):
    import requests

    user = world[home].users[role]
    other = world[other_key]
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token_for(user)}"
    care_records(other)
    followup_records(other)
    before = state(other), care_state(other)
    schema = api.get_openapi_schema()
    bodies = {
        **{f"/api/v1/persons/{{person_id}}/{kind}": body for kind, body in CARE_BODIES.items()}, **CARE_STEPS,
        "/api/v1/akun/tokens": {"name": ""},  # one's own token has no area: only refused when invalid
        "/api/v1/households": {"desa": other.desa.code, "head_name": "Penyusup", "address": "X"},
        "/api/v1/households/{household_id}/home-visits": {
            "id": "7f0c2b1e-0000-4000-8000-000000000001", "visited_on": "2025-06-02",
            "members": [{"person_id": str(other.child.pk), "answers": {"balita": {"ditimbang": "ya"}}}]},
        "/api/v1/persons": {"household": str(other.household.pk), "name": "Penyusup", "sex": "L",
                            "birth_date": "2000-01-01", "relation": "anak"},
    }
    for path, operations in schema["paths"].items():
        for method in operations:
            url = path
            for param, kind in API_PARAMS.items():
                url = url.replace("{" + param + "}", str(target_value(other, kind)))
            full = live_server.url + url
            if "{" not in path and method == "get":
                for query in [{}, {"q": other.mother.name}, {"q": other.mother.nik}, {"household": str(other.household.pk)},
                              {"area": other.desa.code}, {"parent": other.desa.parent_id}]:
                    response = session.get(full, params=query)
                    assert response.status_code == 200, (url, query, response.status_code)
                    assert_no_markers(response.text, other, f"GET {url} {query}")
                continue
            body = bodies.get(path, {"reason": "uji pembatalan", "name": "Diubah", "address": "Diubah",
                                     "ilp_active": True, "ilp_since": "2025-01-01"})
            response = session.request(method.upper(), full, json=body)
            if "{" in path:
                assert response.status_code in (403, 404), f"{method.upper()} {url} → {response.status_code}"
            else:
                assert response.status_code in (403, 422), f"{method.upper()} {url} → {response.status_code}: {response.text}"
            assert_no_markers(response.text, other, f"{method.upper()} {url}")
    assert (state(other), care_state(other)) == before, "another area's data changed"


def test_a_desa_user_sees_their_own_desa(world, client_for):
    """The counterpart: the same pages do show the user's own data (the test above is not vacuous)."""
    a = world["A"]
    client = client_for(a.users["kader"])
    assert a.mother.name in client.get(f"/penduduk/{a.mother.pk}/").content.decode()
    assert a.mother.name in client.get("/cari/", {"q": "Ibu Warga"}).content.decode()
    assert a.household.head_name in client.get(f"/wilayah/{a.desa.code}/").content.decode()


def test_audit_log_of_another_area_is_not_visible_to_dinkes(world, client_for):
    client_for(world["C"].users["kader"]).get(f"/penduduk/{world['C'].mother.pk}/")
    assert AuditEvent.objects.filter(object_id=str(world["C"].mother.pk), action="view").exists()
    content = client_for(world["A"].users["dinkes_kab"]).get("/audit/").content.decode()
    assert world["C"].mother.name not in content


def test_a_scope_knows_the_narrowest_area_holding_it():
    from siklus.core.scope import EVERYTHING, NOTHING, Scope

    assert Scope(("62.02.01.2003",)).common_area() == "62.02.01.2003"
    assert Scope(("62.02.01.2003", "62.02.01.2004", "62.02.02")).common_area() == "62.02"
    assert Scope(("62.02", "63.03")).common_area() is None
    assert EVERYTHING.common_area() is None and NOTHING.common_area() is None
    assert Scope(("62.02",)).contains("62.02.01.2003.RW001") and not Scope(("62.02",)).contains("62.021")


def test_an_rt_user_sees_no_record_only_its_households_reminders(world, admin, client_for, token_for, live_server):
    """A ketua RT/RW of desa A's RT 001: no page, no API operation shows it a person or a care
    record — not even of its own RT — and its list names only its own RT's households, in plain
    words (no diagnosis, dose, measurement, NIK or birth date); another RT's household cannot be
    marked."""
    import requests
    from django.urls import reverse

    from tests.followup.pages_world import neighbourhood, refresh

    a = world["A"]
    n = neighbourhood(a, admin)
    care_records(a)
    followup_records(a)
    refresh(a.child, a.mother, n["toddler"])
    user = n["rt_user"]
    client = client_for(user)
    secret = [a.mother.nik, a.mother.name, a.child.name, n["toddler"].name, n["other"].head_name, "DPT", "OPV",
              "Imunisasi", a.child.birth_date.strftime("%d-%m-%Y"), a.mother.birth_date.isoformat(), "Hipertensi"]
    for name, _ in web_routes():
        if name in PUBLIC_ROUTES or name == "followup_rt_remind":
            continue
        if name in LIST_ROUTES:
            response = client.get(reverse(name, kwargs=LIST_KWARGS.get(name, {})), follow=True)
            assert response.status_code in (200, 403, 404), (name, response.status_code)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            leaked = [m for m in secret if m in body.decode()]
            assert not leaked, f"{name} shows {leaked} to an RT user"
            continue
        kind = TARGETED_ROUTES[name]
        kwarg = "code" if kind == "desa" else "pk"
        url = reverse(name, kwargs={kwarg: target_value(a, kind), **ROUTE_KWARGS.get(name, {})})
        for method in ("get", "post"):
            response = getattr(client, method)(url, {"name": "Diubah", "reason": "x"})
            assert response.status_code in (403, 404), f"{method.upper()} {url} ({name}) → {response.status_code}"
    page = client.get(reverse("followup_rt")).content.decode()
    assert a.household.head_name in page and n["other"].head_name not in page
    # Its own household can be marked; another RT's cannot.
    assert client.post(reverse("followup_rt_remind", kwargs={"pk": a.household.pk})).status_code == 302
    assert client.post(reverse("followup_rt_remind", kwargs={"pk": n["other"].pk})).status_code == 404
    assert client.post(reverse("followup_rt_remind", kwargs={"pk": world["B"].household.pk})).status_code == 404
    # The API: lists are empty, every record is out of reach.
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token_for(user)}"
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method in operations:
            url = path
            for param, kind in API_PARAMS.items():
                if "{" + param + "}" in url:
                    url = url.replace("{" + param + "}", str(target_value(a, kind)))
            response = session.request(method.upper(), live_server.url + url, json={})
            if "{" not in path and method == "get":
                assert response.status_code == 200, (url, response.status_code)
            else:
                assert response.status_code in (403, 404, 422), f"{method.upper()} {url} → {response.status_code}"
            leaked = [m for m in secret[:5] if m in response.text]
            assert not leaked, f"{method.upper()} {url} shows {leaked} to an RT user"
