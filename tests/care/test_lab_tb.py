"""Laboratory, medicines, case reports and TB episodes (issue #11 items 8, 9): nakes records,
results linked to their request, TB from presumptive case to outcome with its condition."""

from datetime import date

import pytest

from siklus.audit.models import AuditEvent
from siklus.care import services as care
from siklus.care.models import CaseReport, Condition, LabRequest, Observation, TbCase
from siklus.core.errors import Invalid

ON = date(2026, 11, 2)


# ---------------------------------------------------------------------------------- laboratory


def request(world, tests=("hb", "hiv", "glucose_fasting"), role="pustu"):
    a = world["A"]
    return care.record_lab_request(a.users[role], care.LabRequestInput(person=a.mother, requested_on=ON, tests=tests,
                                                                       specimen="darah vena"))


def test_a_lab_request_and_its_results(world):
    a = world["A"]
    lab = request(world)
    results = care.record_lab_results(a.users["pustu"], lab, date(2026, 11, 3),
                                      (("hb", 10.2), ("hiv", "non_reaktif"), ("glucose_fasting", 98)))
    by_code = {o.code: o for o in results}
    assert by_code["hiv"].value_code == "non_reaktif" and by_code["hb"].value == 10.2
    assert by_code["glucose_fasting"].method == "laboratorium" and by_code["glucose_fasting"].category == "normal"
    assert all(o.lab_request == lab for o in results)
    lab.refresh_from_db()
    assert (lab.status, lab.resulted_on) == (LabRequest.Status.DONE, date(2026, 11, 3))
    assert AuditEvent.objects.filter(action="update", object_id=str(lab.pk)).exists()


def test_every_test_asked_must_be_answered_and_nothing_else(world):
    a = world["A"]
    lab = request(world)
    with pytest.raises(Invalid) as error:
        care.record_lab_results(a.users["pustu"], lab, ON, (("hb", 120), ("hiv", "positif"), ("hbsag", "reaktif")))
    assert set(error.value.errors) == {"results.glucose_fasting", "results.hb", "results.hiv", "results.hbsag"}
    assert "g/L" in error.value.errors["results.hb"][0]
    assert not Observation.objects.exists() and LabRequest.objects.get().status == LabRequest.Status.REQUESTED


def test_a_request_names_known_tests(world):
    with pytest.raises(Invalid) as error:
        request(world, tests=("darah_lengkap",))
    assert "darah_lengkap" in error.value.errors["tests"][0]
    with pytest.raises(Invalid):
        request(world, tests=())


def test_laboratory_is_a_nakess(world):
    with pytest.raises(PermissionError):
        request(world, role="kader")


# ------------------------------------------------------------------------ medicines, case reports


def test_a_medicine_handed_out(world):
    a = world["A"]
    saved = care.record_medication(a.users["pustu"], care.MedicationInput(
        person=a.mother, on=ON, medicine="Amlodipin 5 mg", quantity=30, unit="tablet", instructions="1 × 1 pagi"))
    assert (saved.medicine, saved.quantity) == ("Amlodipin 5 mg", 30)
    with pytest.raises(Invalid) as error:
        care.record_medication(a.users["pustu"], care.MedicationInput(person=a.mother, on=ON, medicine=" ", quantity=0))
    assert set(error.value.errors) == {"medicine", "quantity"}
    with pytest.raises(PermissionError):
        care.record_medication(a.users["kader"], care.MedicationInput(person=a.mother, on=ON, medicine="X", quantity=1))


def test_a_case_report_of_a_notifiable_disease(world):
    a = world["A"]
    report = care.record_case_report(a.users["nakes"], care.CaseReportInput(
        person=a.child, disease="campak_rubela", reported_on=ON, onset_on=date(2026, 10, 30)))
    assert (report.classification, report.facility) == ("suspek", a.puskesmas)
    with pytest.raises(Invalid) as error:
        care.record_case_report(a.users["nakes"], care.CaseReportInput(
            person=a.child, disease="flu", reported_on=ON, onset_on=date(2026, 11, 5), classification="pasti"))
    assert set(error.value.errors) == {"disease", "classification", "reported_on"}
    assert CaseReport.objects.count() == 1


# ----------------------------------------------------------------------------------------- TB


def open_case(world, role="pustu"):
    a = world["A"]
    return care.record_tb_presumptive(a.users[role], care.TbPresumptiveInput(person=a.mother,
                                                                            presumptive_on=date(2026, 6, 1)))


def test_a_tb_episode_from_presumptive_case_to_cure(world):
    a = world["A"]
    nakes = a.users["nakes"]
    case = open_case(world)
    case = care.record_tb_result(nakes, case, care.TbResultInput(
        specimen_on=date(2026, 6, 2), test="tcm", result="rif_sen", result_on=date(2026, 6, 4), diagnosis="tbc_so"))
    assert Observation.objects.get(code="tcm").value_code == "rif_sen"
    case = care.start_tb_treatment(nakes, case, date(2026, 6, 6), "2RHZE/4RH")
    condition = Condition.objects.get(person=a.mother, code="tbc")
    assert (condition.icd10, condition.since, case.treatment_facility) == ("A15", date(2026, 6, 6), a.puskesmas)
    for month in (7, 8, 9):
        care.record_encounter(nakes, care.EncounterInput(person=a.mother, on=date(2026, month, 6), kind="kontrol_tbc",
                                                         place="puskesmas"))
    case = care.record_tb_outcome(nakes, case, "sembuh", date(2026, 12, 1))
    condition.refresh_from_db()
    assert (case.outcome, condition.resolved_on) == ("sembuh", date(2026, 12, 1))
    assert AuditEvent.objects.filter(action="update", object_id=str(case.pk)).count() == 3


def test_a_second_open_episode_is_refused(world):
    open_case(world)
    with pytest.raises(Invalid) as error:
        open_case(world)
    assert "episode TBC" in error.value.errors["person"][0]


def test_a_negative_result_closes_the_way_for_a_new_episode(world):
    a = world["A"]
    case = open_case(world)
    care.record_tb_result(a.users["pustu"], case, care.TbResultInput(
        specimen_on=date(2026, 6, 2), test="bta", result="negatif", result_on=date(2026, 6, 3), diagnosis="bukan_tbc"))
    assert open_case(world).pk != case.pk and TbCase.objects.count() == 2


@pytest.mark.parametrize("test, result, diagnosis, field", [
    ("tcm", "rif_sen", "tbc_ro", "diagnosis"), ("bta", "negatif", "tbc_so", "diagnosis"),
    ("tcm", "positif", "", "result"), ("pcr", "", "", "test"), ("klinis", "negatif", "tbc_klinis", "result"),
])
def test_a_result_and_diagnosis_that_do_not_fit_are_refused(world, test, result, diagnosis, field):
    a = world["A"]
    case = open_case(world)
    with pytest.raises(Invalid) as error:
        care.record_tb_result(a.users["pustu"], case, care.TbResultInput(
            specimen_on=date(2026, 6, 2), test=test, result=result, result_on=date(2026, 6, 3), diagnosis=diagnosis))
    assert field in error.value.errors


def test_treatment_waits_for_a_diagnosis_and_the_outcome_for_treatment(world):
    a = world["A"]
    case = open_case(world)
    with pytest.raises(Invalid):
        care.start_tb_treatment(a.users["pustu"], case, date(2026, 6, 6), "2RHZE/4RH")
    with pytest.raises(Invalid):
        care.record_tb_outcome(a.users["pustu"], case, "sembuh", date(2026, 12, 1))
    clinical = care.record_tb_result(a.users["pustu"], case, care.TbResultInput(
        specimen_on=None, test="klinis", result="", result_on=date(2026, 6, 3), diagnosis="tbc_klinis"))
    started = care.start_tb_treatment(a.users["pustu"], clinical, date(2026, 6, 6), "2RHZE/4RH")
    assert Condition.objects.get(code="tbc").icd10 == "A16"
    with pytest.raises(Invalid) as error:
        care.record_tb_outcome(a.users["pustu"], started, "pulang", date(2026, 12, 1))
    assert "outcome" in error.value.errors


def test_tb_is_a_nakess_and_stays_in_its_area(world):
    with pytest.raises(PermissionError):
        open_case(world, role="kader")
    b = world["B"]
    with pytest.raises(PermissionError):
        care.record_tb_presumptive(b.users["pustu"], care.TbPresumptiveInput(person=world["A"].mother,
                                                                             presumptive_on=ON))
