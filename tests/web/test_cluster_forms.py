"""Recording by cluster on the web (issue #11 item 4): every record form of a person's page.

For every form: a valid submission stores its records through the care services and they show on
the person's page; a bad value comes back with its Indonesian message at its field and nothing is
saved; the same form submitted twice stores once; a kader neither sees nor may open or post the
forms that are a nakes's.
"""

import re
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from siklus.care import models as care
from siklus.care import services
from siklus.care.forms import FORMS
from siklus.people import services as people
from siklus.people.models import Person
from tests.conftest import JOB

TODAY = timezone.localdate()


def ago(days: int) -> str:
    return (TODAY - timedelta(days=days)).isoformat()


def born(place, name, sex, birth):
    return people.register_person(JOB, people.PersonInput(household=place.household, name=name, sex=sex,
                                                          birth_date=birth, relation="anak", mother=place.mother),
                                  confirm_duplicate=True, confirm_warnings=True)


# --------------------------------------------------------------------------------- the persons


def mother(a):
    return a.mother


def pregnant(a):
    services.record_pregnancy(JOB, services.PregnancyInput(person=a.mother, hpht=TODAY - timedelta(days=100)))
    return a.mother


def near_term(a):
    services.record_pregnancy(JOB, services.PregnancyInput(person=a.mother, hpht=TODAY - timedelta(days=270)))
    return a.mother


def delivered(a):
    record = services.record_pregnancy(JOB, services.PregnancyInput(person=a.mother, hpht=TODAY - timedelta(days=275)))
    services.record_delivery(JOB, services.DeliveryInput(
        pregnancy=record, ended_on=TODAY - timedelta(days=4), outcome="lahir_hidup",
        babies=(services.NewbornInput(sex="P", weight_g=3100),)))
    return a.mother


def newborn(a):
    return born(a, "Bayi Baru", "L", TODAY - timedelta(days=3))


def balita(a):
    return born(a, "Balita Warga", "P", TODAY - timedelta(days=400))


def schoolchild(a):
    return born(a, "Siswa Warga", "L", TODAY.replace(year=TODAY.year - 13) - timedelta(days=20))


def elder(a):
    return people.register_person(JOB, people.PersonInput(household=a.household, name="Nenek Warga", sex="P",
                                                          birth_date=date(1950, 3, 4), relation="mertua"),
                                  confirm_duplicate=True, confirm_warnings=True)


def hypertensive(a):
    services.record_condition(JOB, services.ConditionInput(person=a.mother, since=TODAY - timedelta(days=200),
                                                           code="hipertensi"))
    return a.mother


def tb_presumptive(a):
    services.record_tb_presumptive(JOB, services.TbPresumptiveInput(person=a.mother,
                                                                    presumptive_on=TODAY - timedelta(days=20)))
    return a.mother


def tb_diagnosed(a):
    tb_presumptive(a)
    case = care.TbCase.objects.get(person=a.mother)
    services.record_tb_result(JOB, case, services.TbResultInput(
        specimen_on=TODAY - timedelta(days=19), test="tcm", result="rif_sen", result_on=TODAY - timedelta(days=15),
        diagnosis="tbc_so"))
    return a.mother


def tb_treated(a):
    tb_diagnosed(a)
    case = care.TbCase.objects.get(person=a.mother)
    services.start_tb_treatment(JOB, case, TODAY - timedelta(days=14), "2RHZE/4RH")
    return a.mother


def lab_waiting(a):
    services.record_lab_request(JOB, services.LabRequestInput(person=a.mother, requested_on=TODAY - timedelta(days=1),
                                                              tests=("hb", "hiv")))
    return a.mother


def referred(a):
    services.record_referral(JOB, services.ReferralInput(person=a.mother, on=TODAY - timedelta(days=1),
                                                         reason="Tekanan darah tinggi", to_facility=a.pustu,
                                                         from_facility=a.posyandu))
    return a.mother


# -------------------------------------------------------------------------------- the table


@dataclass
class Case:
    person: object  # builds the person from the world's place A
    role: str  # who records
    valid: dict
    shows: str  # text the person's page shows afterwards
    bad: dict  # a bad value …
    at: str  # … refused at this field
    says: str  # … with this (part of an) Indonesian message
    made: list = field(default_factory=list)  # models that must gain a row


def referral_to_pustu(a):
    return {"ref_reason": "Gizi kurang", "ref_to": str(a.pustu.pk), "ref_urgency": "biasa"}


CASES = {
    "kehamilan": Case(mother, "pustu", {"hpht": ago(60)}, "Kehamilan (HPHT)", {"hpht": ago(-3)}, "hpht",
                      "masa depan", [care.Pregnancy]),
    "anc": Case(pregnant, "nakes", {
        "place": "puskesmas", "by_doctor": "on", "usg": "normal", "weight_kg": "58,5", "lenhei_cm": "155",
        "muac_cm": "24", "sbp": "110", "dbp": "70", "tfu": "18", "djj": "142", "presentasi": "kepala", "td": "on",
        "ttd": "30", "hb_g_dl": "11,6", "urine_protein": "negatif", "hiv": "non_reaktif", "counselling": "on",
        "tb_asked": "on"}, "Pemeriksaan kehamilan (ANC)", {"sbp": "80", "dbp": "90"}, "sbp", "lebih tinggi",
        [care.Encounter, care.Observation, care.Immunization, care.Supplement]),
    "persalinan": Case(near_term, "nakes", {
        "ended_on": ago(0), "outcome": "lahir_hidup", "place_of_birth": "fasyankes", "attendant": "bidan",
        "mode": "spontan", "b1_sex": "P", "b1_alive": "1", "b1_weight_g": "3100", "b1_length_cm": "49",
        "b1_imd": "on", "b1_vitk": "on", "b1_eye": "on"}, "Persalinan", {
        "ended_on": ago(0), "outcome": "lahir_hidup", "b1_sex": "P", "b1_alive": "1", "b1_weight_g": "90000"},
        "b1_weight_g", "Berat lahir harus", [care.Birth, Person]),
    "nifas": Case(delivered, "pustu", {"place": "pustu", "sbp": "120", "dbp": "80", "temperature": "36,8",
                                       "vitamin_a": "on"}, "Kunjungan nifas (KF)",
                  {"temperature": "60"}, "temperature", "di luar rentang wajar", [care.Encounter, care.Supplement]),
    "neonatal": Case(newborn, "pustu", {"place": "rumah", "weight_kg": "3,1", "temperature": "36,9", "hb0": "on"},
                     "Kunjungan neonatal (KN)", {"weight_kg": "31"}, "weight_kg", "",
                     [care.Encounter, care.Immunization]),
    "balita": Case(balita, "kader", {"place": "posyandu", "weight_kg": "9,5", "lenhei_cm": "76", "measure": "l",
                                     "tb_asked": "on"}, "Hari buka Posyandu", {"weight_kg": "abc"}, "weight_kg",
                   "Nilai harus berupa angka", [care.Encounter, care.Observation]),
    "sekolah": Case(schoolchild, "nakes", {"place": "sekolah", "weight_kg": "40", "lenhei_cm": "150",
                                           "tajam_penglihatan": "normal", "pendengaran": "lulus", "dmft": "2"},
                    "Skrining", {"dmft": "40"}, "dmft", "di luar rentang wajar", [care.Encounter, care.Observation]),
    "pengukuran": Case(mother, "kader", {"place": "posyandu", "weight_kg": "60", "lenhei_cm": "155", "waist_cm": "82",
                                         "sbp": "128", "dbp": "82"}, "Indeks massa tubuh (IMT)",
                       {"sbp": "80", "dbp": "90"}, "sbp", "lebih tinggi", [care.Observation]),
    "ckg": Case(mother, "nakes", {
        "place": "puskesmas", "weight_kg": "60", "lenhei_cm": "155", "waist_cm": "79", "sbp": "118", "dbp": "76",
        "glucose_mg_dl": "95", "glucose_test": "glucose_random", "tajam_penglihatan": "normal",
        "pendengaran": "lulus", "sadanis": "normal", "iva": "negatif",
        **{f"srq_{i}": "0" for i in range(1, 21)}, "ckg": "normal"}, "Kesimpulan CKG",
        {"glucose_mg_dl": "5000", "ckg": "normal"}, "glucose_mg_dl", "", [care.Observation, care.QuestionnaireResponse]),
    "kontrol": Case(hypertensive, "pustu", {"place": "pustu", "sbp": "150", "dbp": "95", "m1_name": "Amlodipin 5 mg",
                                            "m1_qty": "30", "m1_unit": "tablet", "m1_instr": "1 × 1"},
                    "Amlodipin 5 mg", {"m1_name": "Amlodipin", "m1_qty": "0"}, "m1_qty", "Jumlah harus",
                    [care.MedicationDispense, care.Observation]),
    "skilas": Case(elder, "kader", {"place": "posyandu", **{f"q_{k}": "1" for k in (
        "orientation_correct", "recalls_three_words", "chair_stand_5x_within_14s", "finger_count_passed",
        "whisper_test_passed")}, **{f"q_{k}": "0" for k in (
            "weight_loss_or_looser_clothes", "appetite_loss_or_eating_difficulty", "eye_problem", "sad_or_hopeless",
            "little_interest_or_pleasure")}, "q_lila_cm": "24"}, "SKILAS",
        {"q_lila_cm": "-3"}, "q_lila_cm", "angka 0 atau lebih", [care.QuestionnaireResponse]),
    "adl": Case(elder, "kader", {"place": "rumah", **{f"q_{k}": str(v) for k, v in {
        "bab": 2, "bak": 2, "membersihkan_diri": 1, "toilet": 2, "makan": 2, "berpindah": 3, "mobilitas": 3,
        "berpakaian": 2, "naik_tangga": 2, "mandi": 1}.items()}}, "ADL / AKS",
        {"q_mandi": "5"}, "q_mandi", "", [care.QuestionnaireResponse]),
    "srq20": Case(mother, "kader", {"place": "posyandu", **{f"q_{i}": "0" for i in range(1, 21)}}, "SRQ-20",
                  {"q_2": None}, "q_2", "tidak boleh kosong", [care.QuestionnaireResponse]),
    "puma": Case(elder, "kader", {"place": "posyandu", "q_years_smoked": "10", "q_cigarettes_per_day": "10",
                                  "q_dyspnoea": "0", "q_sputum": "0", "q_cough": "1", "q_spirometry_before": "0"},
                 "PUMA", {"q_years_smoked": "-1", "q_cigarettes_per_day": "1", "q_dyspnoea": "0", "q_sputum": "0",
                          "q_cough": "0", "q_spirometry_before": "0"}, "q_years_smoked", "angka 0 atau lebih",
                 [care.QuestionnaireResponse]),
    "kanker": Case(mother, "nakes", {"place": "puskesmas", "sadanis": "normal", "iva": "negatif"},
                   "Hasil IVA", {"sadanis": None, "iva": None}, "sadanis", "setidaknya satu", [care.Observation]),
    "tbc-terduga": Case(mother, "nakes", {"presumptive_on": ago(0), "found_by": "skrining"}, "Terduga TBC",
                        {"presumptive_on": ago(-2), "found_by": "skrining"}, "presumptive_on", "masa depan",
                        [care.TbCase]),
    "tbc-hasil": Case(tb_presumptive, "nakes", {"specimen_on": ago(2), "result": "tcm:rif_sen", "result_on": ago(0),
                                                "diagnosis": "tbc_so"}, "TBC sensitif obat",
                      {"specimen_on": ago(2), "result": "tcm:rif_sen", "result_on": ago(0), "diagnosis": "tbc_ro"},
                      "diagnosis", "rifampisin resisten", [care.Observation]),
    "tbc-pengobatan": Case(tb_diagnosed, "nakes", {"started_on": ago(0), "regimen": "2RHZE/4RH"},
                           "Mulai pengobatan", {"started_on": ago(30), "regimen": "2RHZE/4RH"}, "started_on",
                           "sebelum hasil", [care.Condition]),
    "tbc-kontrol": Case(tb_treated, "nakes", {"place": "puskesmas", "weight_kg": "51", "adherence": "patuh",
                                              "m1_name": "KDT 4FDC", "m1_qty": "56"}, "Kunjungan pengobatan TBC",
                        {"weight_kg": "510"}, "weight_kg", "", [care.Encounter, care.MedicationDispense]),
    "tbc-akhir": Case(tb_treated, "nakes", {"outcome": "sembuh", "outcome_on": ago(0)}, "Hasil pengobatan",
                      {"outcome": "sembuh", "outcome_on": ago(30)}, "outcome_on", "sebelum mulai", []),
    "laporan-kasus": Case(mother, "nakes", {"disease": "dbd", "onset_on": ago(3), "reported_on": ago(0),
                                            "classification": "suspek"}, "Laporan kasus",
                          {"disease": "dbd", "onset_on": ago(1), "reported_on": ago(3), "classification": "suspek"},
                          "reported_on", "sebelum tanggal mulai sakit", [care.CaseReport]),
    "lab": Case(mother, "nakes", {"requested_on": ago(0), "tests": ["hb", "glucose_random"], "specimen": "darah"},
                "Permintaan laboratorium", {"tests": None}, "tests", "setidaknya satu", [care.LabRequest]),
    "hasil-lab": Case(lab_waiting, "nakes", {"resulted_on": ago(0), "r_hb": "12,4", "r_hiv": "non_reaktif"},
                      "Non-reaktif", {"resulted_on": ago(0), "r_hb": "124", "r_hiv": "non_reaktif"}, "r_hb", "",
                      [care.Observation]),
    "obat": Case(mother, "nakes", {"place": "puskesmas", "m1_name": "Parasetamol 500 mg", "m1_qty": "10"},
                 "Parasetamol 500 mg", {"place": "puskesmas", "m1_name": "Parasetamol", "m1_qty": "0"}, "m1_qty",
                 "Jumlah harus", [care.MedicationDispense]),
    "gigi": Case(mother, "nakes", {"place": "puskesmas", "complaint": "Gigi berlubang", "dmft": "3",
                                   "action": "Tambal"}, "Pemeriksaan gigi dan mulut", {"dmft": "40"}, "dmft",
                 "di luar rentang wajar", [care.Encounter, care.Observation]),
    "gawat-darurat": Case(mother, "nakes", {"place": "puskesmas", "triage": "merah", "complaint": "Sesak napas",
                                            "sbp": "90", "dbp": "60", "pulse": "120", "action": "Oksigen"},
                          "Gawat darurat", {"triage": "merah", "complaint": "Sesak", "pulse": "400"}, "pulse",
                          "di luar rentang wajar", [care.Encounter, care.Observation]),
    "diagnosis": Case(mother, "nakes", {"icd10": "I10", "code": "hipertensi", "since": ago(0)}, "Hipertensi",
                      {"icd10": "X999", "since": ago(0)}, "icd10", "tidak ada dalam ICD-10", [care.Condition]),
    "rujukan": Case(mother, "kader", {"on": ago(0), "ref_reason": "Tekanan darah tinggi", "ref_urgency": "biasa"},
                    "Rujukan ke Pustu A", {"ref_to": None}, "ref_to",
                    "Pilih satu tujuan", [care.Referral]),
    "jawab-rujukan": Case(referred, "pustu", {"status": "dijawab", "answered_on": ago(0),
                                              "answer": "Diberi amlodipin, kontrol bulan depan"},
                          "Diberi amlodipin", {"answer": None}, "answer",
                          "Tulis jawaban rujukan", []),
    "imunisasi": Case(newborn, "pustu", {"place": "pustu", "dose": "HB0", "batch": "B123"}, "Imunisasi",
                      {"place": "pustu", "dose": "MR1"}, "dose", "tidak boleh diberikan", [care.Immunization]),
    "suplemen": Case(mother, "kader", {"place": "posyandu", "kind": "ttd", "amount": "30"},
                     "Tablet tambah darah", {"place": "posyandu", "kind": "vitamin_a_biru"}, "kind", "umur",
                     [care.Supplement]),
}
KADER_FORMS = {slug for slug, cls in FORMS.items() if not cls.clinical}
CARE_MODELS = (care.Encounter, care.Observation, care.Immunization, care.Supplement, care.QuestionnaireResponse,
               care.Condition, care.Referral, care.Pregnancy, care.LabRequest, care.MedicationDispense, care.TbCase,
               care.CaseReport, care.Birth, Person)


def test_every_form_is_specified_here():
    assert set(CASES) == set(FORMS)


def counts():
    return {m.__name__: m.objects.count() for m in CARE_MODELS}


def versions():
    """Every care record's version: a step on an existing record changes one."""
    return {m.__name__: sorted(m.objects.values_list("version", flat=True)) for m in CARE_MODELS}


def url(person, slug, query=""):
    return reverse("record_form", kwargs={"pk": person.pk, "form": slug}) + query


def form_data(a, slug, values, client_id=None, bad=None):
    """The form's data: ``values``, then the ``bad`` overrides (None removes a field)."""
    data = {"client_id": str(client_id or uuid.uuid4()), "on": ago(0), **values}
    if slug == "rujukan":
        data["ref_to"] = str(a.pustu.pk)
    if slug == "jawab-rujukan":
        data["referral_id"] = str(care.Referral.objects.get(person=a.mother).pk)
    if slug == "hasil-lab":
        request = care.LabRequest.objects.get(person=a.mother)
        data.update(request_id=str(request.pk), version=str(request.version))
    if slug == "persalinan":
        data["version"] = str(care.Pregnancy.objects.get(person=a.mother, ended_on__isnull=True).version)
    if slug.startswith("tbc-") and slug != "tbc-terduga":
        data["version"] = str(care.TbCase.objects.get(person=a.mother).version)
    for name, value in (bad or {}).items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def field_errors(html: str, name: str) -> str:
    """The text of the form field ``name``'s block when it is marked invalid."""
    match = re.search(rf'<div class="field invalid[^"]*" id="f-{re.escape(name)}">(.*?)</div>\s*(?=<div class="field|</fieldset)',
                      html, re.S)
    return match.group(1) if match else ""


@pytest.mark.parametrize("slug", sorted(CASES))
def test_a_valid_form_stores_once_and_shows_on_the_persons_page(world, client_for, slug):
    a, case = world["A"], CASES[slug]
    person = case.person(a)
    client = client_for(a.users[case.role])
    page = client.get(url(person, slug))
    assert page.status_code == 200, page.content.decode()[:500]
    assert person.name in page.content.decode()
    client_id = uuid.uuid4()
    data = form_data(a, slug, case.valid, client_id)
    before, steps = counts(), versions()
    response = client.post(url(person, slug), data)
    assert response.status_code == 302, _errors(response)
    assert response.url == reverse("person", kwargs={"pk": person.pk})
    after = counts()
    for model in case.made:
        assert after[model.__name__] > before[model.__name__], model
    assert after != before or versions() != steps
    shown = client.get(response.url).content.decode()
    assert case.shows in shown, f"{case.shows!r} not on the person's page"
    # The same form sent again (a double tap, the back button) stores nothing more.
    again = client.post(url(person, slug), data, follow=True)
    assert again.status_code == 200
    assert counts() == after
    text = again.content.decode()
    assert "tidak disimpan dua kali" in text or "tidak sesuai" in text


def _errors(response):
    html = response.content.decode()
    return re.findall(r'<p class="error"[^>]*>(.*?)</p>', html) + re.findall(r'<div class="error"[^>]*>(.*?)</div>', html, re.S)


@pytest.mark.parametrize("slug", sorted(CASES))
def test_a_bad_value_comes_back_at_its_field_and_saves_nothing(world, client_for, slug):
    a, case = world["A"], CASES[slug]
    person = case.person(a)
    client = client_for(a.users[case.role])
    before, steps = counts(), versions()
    response = client.post(url(person, slug), form_data(a, slug, case.valid, bad=case.bad))
    assert response.status_code == 200
    assert counts() == before and versions() == steps
    block = field_errors(response.content.decode(), case.at)
    assert block, f"no error at {case.at}: {_errors(response)}"
    assert case.says in block
    assert 'class="error"' in block


@pytest.mark.parametrize("slug", sorted(set(CASES) - KADER_FORMS))
def test_a_kader_cannot_open_or_post_a_nakes_form(world, client_for, slug):
    a, case = world["A"], CASES[slug]
    person = case.person(a)
    client = client_for(a.users["kader"])
    before = counts()
    assert client.get(url(person, slug)).status_code == 403
    assert client.post(url(person, slug), form_data(a, slug, case.valid)).status_code == 403
    assert counts() == before
    page = client.get(reverse("person", kwargs={"pk": person.pk})).content.decode()
    assert url(person, slug) not in page


def test_the_persons_page_offers_the_forms_that_fit(world, client_for):
    a = world["A"]
    pregnant(a)
    nakes, kader = client_for(a.users["nakes"]), client_for(a.users["kader"])
    page = nakes.get(reverse("person", kwargs={"pk": a.mother.pk})).content.decode()
    assert "Catat layanan" in page
    for slug in ("anc", "persalinan", "ckg", "lab", "diagnosis", "rujukan", "tbc-terduga"):
        assert url(a.mother, slug) in page, slug
    # Not for a pregnant woman: another pregnancy, a balita's or an elder's forms.
    for slug in ("kehamilan", "balita", "skilas", "neonatal", "tbc-hasil"):
        assert url(a.mother, slug) not in page, slug
    page = kader.get(reverse("person", kwargs={"pk": a.mother.pk})).content.decode()
    assert url(a.mother, "pengukuran") in page and url(a.mother, "rujukan") in page
    assert url(a.mother, "anc") not in page
    child = kader.get(reverse("person", kwargs={"pk": a.child.pk})).content.decode()
    assert url(a.child, "balita") in child and url(a.child, "ckg") not in child


def test_a_form_that_does_not_fit_the_person_goes_back_to_the_page(world, client_for):
    a = world["A"]
    response = client_for(a.users["nakes"]).get(url(a.mother, "anc"), follow=True)
    assert "tidak sesuai" in response.content.decode()
    assert care.Encounter.objects.count() == 0


def test_the_anc_contact_numbers_itself_from_the_earlier_contacts(world, client_for):
    a = world["A"]
    pregnant(a)
    client = client_for(a.users["nakes"])
    for _ in range(2):
        response = client.post(url(a.mother, "anc"), form_data(a, "anc", {"place": "puskesmas", "sbp": "110", "dbp": "70"}),
                               follow=True)
        assert response.status_code == 200
    assert sorted(care.Encounter.objects.filter(kind="anc").values_list("sequence", flat=True)) == [1, 2]
    assert "ANC K2 tercatat" in response.content.decode()


def test_a_surprising_value_asks_for_confirmation_and_stays_flagged(world, client_for):
    a = world["A"]
    client = client_for(a.users["kader"])
    data = form_data(a, "pengukuran", {"place": "posyandu", "glucose_mg_dl": "25", "glucose_test": "glucose_random"})
    first = client.post(url(a.mother, "pengukuran"), data)
    html = first.content.decode()
    assert first.status_code == 200 and 'id="warnings"' in html and "mmol/L" in html
    assert care.Observation.objects.count() == 0
    confirm = re.search(r'name="confirm" value="([^"]*)"', html).group(1)
    assert confirm == services.UNIT_SLIP_WARNING
    second = client.post(url(a.mother, "pengukuran"), {**data, "confirm": confirm, "confirmed": "on"})
    assert second.status_code == 302
    glucose = care.Observation.objects.get(code="glucose_random")
    assert glucose.value == 25 and glucose.confirmed_warnings == [services.UNIT_SLIP_WARNING]


def test_the_ckg_form_lists_exactly_the_items_of_the_persons_age(world, client_for):
    a = world["A"]
    client = client_for(a.users["nakes"])
    adult = client.get(url(a.mother, "ckg")).content.decode()  # a woman of 35
    for name in ("sbp", "glucose_mg_dl", "waist_cm", "srq_1", "tajam_penglihatan", "pendengaran", "sadanis", "iva"):
        assert f'name="{name}"' in adult, name
    for name in ("puma_dyspnoea", "katarak", "skilas_eye_problem", "adl_mandi", "cholesterol_total", "kolorektal"):
        assert f'name="{name}"' not in adult, name
    old = client.get(url(elder(a), "ckg")).content.decode()  # a woman of 76
    for name in ("puma_dyspnoea", "katarak", "skilas_eye_problem", "adl_mandi", "kolorektal", "kanker_paru"):
        assert f'name="{name}"' in old, name


def test_the_ckg_clears_the_birthday_ckg_from_the_due_list(world, client_for):
    from siklus.care import records

    a = world["A"]
    birthday = TODAY - timedelta(days=5)
    person = people.register_person(JOB, people.PersonInput(
        household=a.household, name="Adik Ipar", sex="P", birth_date=birthday.replace(year=birthday.year - 35),
        relation="famili"), confirm_duplicate=True, confirm_warnings=True)
    assert "ckg" in records.due_for(person, TODAY).codes()
    response = client_for(a.users["nakes"]).post(url(person, "ckg"), form_data(a, "ckg", CASES["ckg"].valid))
    assert response.status_code == 302
    assert "ckg" not in records.due_for(person, TODAY).codes()


def test_the_delivery_registers_twins_in_the_household(world, client_for):
    a = world["A"]
    near_term(a)
    values = {**CASES["persalinan"].valid, "b2_sex": "L", "b2_alive": "1", "b2_weight_g": "2400"}
    response = client_for(a.users["nakes"]).post(url(a.mother, "persalinan"), form_data(a, "persalinan", values))
    assert response.status_code == 302
    babies = Person.objects.filter(mother=a.mother, birth_date=TODAY)
    assert babies.count() == 2 and care.Birth.objects.count() == 2


def test_the_icd10_search_finds_codes_and_descriptions(client_for, admin):
    client = client_for(admin)
    by_code = client.get(reverse("icd10_search"), {"icd10": "I10"}).content.decode()
    assert 'value="I10"' in by_code
    by_words = client.get(reverse("icd10_search"), {"q": "tuberculosis lung"}).content.decode()
    assert "A15" in by_words or "A16" in by_words


def test_the_hpl_is_shown_for_the_hpht_typed(world, client_for):
    a = world["A"]
    response = client_for(a.users["pustu"]).get(url(a.mother, "kehamilan"), {"hpht": "2026-10-01"},
                                               HTTP_HX_REQUEST="true")
    assert "8 Juli 2027" in response.content.decode()
    form = client_for(a.users["pustu"]).get(url(a.mother, "kehamilan")).content.decode()
    assert f'hx-get="{url(a.mother, "kehamilan")}"' in form and 'id="hpl-preview"' in form
    diagnosis = client_for(a.users["pustu"]).get(url(a.mother, "diagnosis")).content.decode()
    assert f'hx-get="{reverse("icd10_search")}"' in diagnosis and '<datalist id="icd10-options">' in diagnosis


# ------------------------------------------------------------------------------ in a browser

SCREENSHOTS = __import__("pathlib").Path(__file__).resolve().parents[2] / "test-output" / "screenshots"


@pytest.fixture
def phone(live_server):
    import os

    from playwright.sync_api import sync_playwright

    if not os.path.exists("/usr/bin/chromium"):
        pytest.fail("chromium is missing: `make test` installs it with apt-get")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.base = live_server.url
        yield page
        browser.close()


@pytest.mark.browser
def test_a_bidan_records_an_anc_contact_and_a_ckg_on_a_phone(world, phone):
    from tests.conftest import PASSWORD

    a = world["A"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pregnant(a)
    man = people.register_person(JOB, people.PersonInput(household=a.household, name="Pak Warga", sex="L",
                                                         birth_date=date(1980, 5, 17), relation="kepala"),
                                 confirm_duplicate=True, confirm_warnings=True)
    page = phone
    page.goto(page.base + "/masuk/")
    page.get_by_label("Nama pengguna").fill("nakes_A")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()

    # ANC with the 10T for the pregnant woman, from her page's "Catat layanan".
    page.goto(page.base + reverse("person", kwargs={"pk": a.mother.pk}))
    actions = page.locator("#catat-layanan")
    actions.screenshot(path=str(SCREENSHOTS / "cluster-actions-390.png"))
    actions.get_by_role("link", name="Pemeriksaan kehamilan (ANC)").click()
    page.wait_for_load_state()
    assert "Kontak ini K1" in page.content(), page.content()[:3000]
    page.select_option("[name=place]", "puskesmas")
    page.check("[name=by_doctor]")
    page.select_option("[name=usg]", "normal")
    for name, value in {"weight_kg": "58,5", "lenhei_cm": "155", "muac_cm": "22,5", "sbp": "80", "dbp": "90",
                        "tfu": "18", "djj": "142", "ttd": "30", "hb_g_dl": "10,2"}.items():
        page.fill(f"[name={name}]", value)
    page.select_option("[name=presentasi]", "kepala")
    page.check("[name=td]")
    page.check("[name=counselling]")
    page.check("[name=tb_asked]")
    page.get_by_role("button", name="Simpan").click()
    assert "lebih tinggi" in page.inner_text("#f-sbp")
    assert page.input_value("[name=weight_kg]") == "58.5" or page.input_value("[name=weight_kg]") == "58,5"
    assert care.Encounter.objects.count() == 0
    page.screenshot(path=str(SCREENSHOTS / "cluster-anc-error-390.png"), full_page=True)
    page.fill("[name=sbp]", "110")
    page.fill("[name=dbp]", "70")
    page.get_by_role("button", name="Simpan").click()
    assert "ANC K1 tercatat." in page.inner_text("main")
    contact = care.Encounter.objects.get(kind="anc")
    assert contact.sequence == 1 and contact.by_doctor
    values = {o.code: o for o in care.Observation.objects.filter(encounter=contact)}
    assert {"weight", "length_height", "muac", "sbp", "dbp", "tfu", "djj", "presentasi", "usg", "hb",
            "tb_symptoms"} <= set(values)
    assert values["muac"].category == "kek"  # LiLA < 23.5 cm: KEK
    assert care.Immunization.objects.filter(dose="Td", encounter=contact).exists()
    assert care.Supplement.objects.filter(kind="ttd", amount=30, encounter=contact).exists()
    page.screenshot(path=str(SCREENSHOTS / "cluster-anc-saved-390.png"), full_page=True)

    # The CKG of a man of 46: the form lists his age group's items.
    page.goto(page.base + url(man, "ckg"))
    text = page.inner_text("main")
    assert "PUMA" in text and "SADANIS" not in text and "SKILAS" not in text
    page.select_option("[name=place]", "puskesmas")
    for name, value in {"weight_kg": "72", "lenhei_cm": "168", "waist_cm": "95", "sbp": "146", "dbp": "92",
                        "glucose_mg_dl": "110"}.items():
        page.fill(f"[name={name}]", value)
    page.select_option("[name=tajam_penglihatan]", "normal")
    page.select_option("[name=katarak]", "tidak")
    page.select_option("[name=pendengaran]", "lulus")
    page.select_option("[name=kanker_paru]", "rendah")
    for i in range(1, 21):
        page.check(f"[name=srq_{i}][value='0']")
    page.fill("[name=puma_years_smoked]", "20")
    page.fill("[name=puma_cigarettes_per_day]", "12")
    for item in ("dyspnoea", "sputum", "cough", "spirometry_before"):
        page.check(f"[name=puma_{item}][value='0']")
    page.select_option("[name=ckg]", "pra_penyakit")
    page.screenshot(path=str(SCREENSHOTS / "cluster-ckg-form-390.png"), full_page=True)
    page.get_by_role("button", name="Simpan").click()
    assert "CKG tercatat." in page.inner_text("main")
    found = {o.code: o for o in care.Observation.objects.filter(person=man)}
    assert {"sbp", "dbp", "bmi", "waist", "glucose_fasting", "tajam_penglihatan", "katarak", "pendengaran",
            "kanker_paru", "ckg"} <= set(found)
    assert set(care.QuestionnaireResponse.objects.filter(person=man).values_list("instrument", flat=True)) == {
        "srq20", "puma"}
    page.screenshot(path=str(SCREENSHOTS / "cluster-ckg-saved-390.png"), full_page=True)
