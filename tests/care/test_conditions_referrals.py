"""Diagnoses with WHO ICD-10 and referrals with their answer (issue #11 items 5, 6): a nakes
records a condition (a vocabulary condition and/or an ICD-10 code that must exist and fall under
the condition), resolves it with optimistic concurrency; a kader refers to the Pustu, the
receiving facility answers, status only forward."""

from datetime import date

import pytest

from siklus.audit.models import AuditEvent
from siklus.care import services as care
from siklus.care.models import Condition, Referral
from siklus.core.errors import Conflict, Invalid

ON = date(2026, 11, 2)


def diagnose(world, role="pustu", **kw):
    a = world["A"]
    kw.setdefault("since", ON)
    return care.record_condition(a.users[role], care.ConditionInput(person=a.mother, **kw))


# ---------------------------------------------------------------------------------- conditions


@pytest.mark.parametrize("code, icd10, stored", [("hipertensi", "", "I10"), ("hipertensi", "i11.9", "I11.9"),
                                                 ("diabetes", "E119", "E11.9"), ("tbc", "", ""),
                                                 ("", "J45.9", "J45.9"), ("obesitas", "E66.0", "E66.0")])
def test_a_diagnosis_is_stored_with_its_icd10(world, code, icd10, stored):
    saved = diagnose(world, code=code, icd10=icd10)
    assert (saved.code, saved.icd10) == (code, stored)
    assert AuditEvent.objects.get(action="create", object_id=str(saved.pk)).changes["icd10"] == stored


@pytest.mark.parametrize("code, icd10, words", [("", "I10.9", "tidak ada"), ("", "X99.9", "tidak ada"),
                                                ("", "I10-I15", "tidak ada"),  # a block is not a diagnosis
                                                ("hipertensi", "E11.9", "bukan Hipertensi (I10-I15)"),
                                                ("diabetes", "O24.4", "bukan Diabetes"),
                                                ("hipertensi", "O13", "bukan Hipertensi")])
def test_an_icd10_that_does_not_exist_or_does_not_fit_is_refused(world, code, icd10, words):
    with pytest.raises(Invalid) as error:
        diagnose(world, code=code, icd10=icd10)
    assert words in error.value.errors["icd10"][0]
    assert not Condition.objects.exists()


def test_a_diagnosis_needs_a_code_or_a_condition(world):
    with pytest.raises(Invalid) as error:
        diagnose(world)
    assert "icd10" in error.value.errors


def test_an_open_condition_is_not_recorded_twice(world):
    diagnose(world, code="hipertensi", since=date(2024, 3, 1))
    with pytest.raises(Invalid) as error:
        diagnose(world, code="hipertensi")
    assert "sudah tercatat sejak 1 Maret 2024" in error.value.errors["code"][0]


def test_a_kader_does_not_diagnose(world):
    with pytest.raises(PermissionError):
        diagnose(world, role="kader", code="hipertensi")


def test_resolving_a_condition_is_optimistic(world):
    a = world["A"]
    condition = diagnose(world, code="obesitas", since=date(2025, 1, 1))
    seen = condition.version
    care.resolve_condition(a.users["pustu"], condition, date(2026, 10, 1), version=seen)
    condition.refresh_from_db()
    assert condition.resolved_on == date(2026, 10, 1) and condition.version == seen + 1
    event = AuditEvent.objects.get(action="update", object_id=str(condition.pk))
    assert event.changes == {"resolved_on": [None, "2026-10-01"]}
    stale = Condition.objects.get(pk=condition.pk)
    with pytest.raises(Conflict):
        care.resolve_condition(a.users["nakes"], stale, date(2026, 10, 5), version=seen)
    again = care.resolve_condition(a.users["pustu"], stale, date(2026, 10, 1), version=seen)
    assert care.is_resend(again)


def test_a_condition_is_not_resolved_before_it_began(world):
    a = world["A"]
    condition = diagnose(world, code="obesitas", since=date(2025, 1, 1))
    with pytest.raises(Invalid) as error:
        care.resolve_condition(a.users["pustu"], condition, date(2024, 12, 1))
    assert "resolved_on" in error.value.errors


# ----------------------------------------------------------------------------------- referrals


def refer(world, role="kader", **kw):
    a = world["A"]
    kw.setdefault("to_facility", a.pustu)
    return care.record_referral(a.users[role], care.ReferralInput(person=a.mother, on=ON,
                                                                 reason="Tekanan darah 165/100", **kw))


def test_a_kader_refers_to_the_pustu_from_the_posyandu(world):
    a = world["A"]
    referral = refer(world)
    assert (referral.from_facility, referral.to_facility, referral.status) == (a.posyandu, a.pustu, "dikirim")


def test_a_kader_does_not_refer_to_a_hospital(world):
    with pytest.raises(Invalid) as error:
        refer(world, to_facility=None, to_other="RSUD dr. Murjani")
    assert "to_other" in error.value.errors
    hospital = refer(world, role="nakes", to_facility=None, to_other="RSUD dr. Murjani", urgency="gawat")
    assert hospital.to_other == "RSUD dr. Murjani"


def test_a_referral_needs_one_destination_and_a_reason(world):
    a = world["A"]
    with pytest.raises(Invalid) as error:
        care.record_referral(a.users["pustu"], care.ReferralInput(person=a.mother, on=ON, reason=" ",
                                                                  to_facility=a.puskesmas, to_other="RS", urgency="x"))
    assert set(error.value.errors) == {"reason", "to_facility", "urgency"}


def test_the_receiving_facility_answers_step_by_step(world):
    a = world["A"]
    referral = refer(world)
    care.answer_referral(a.users["pustu"], referral, "diterima")
    answered = care.answer_referral(a.users["pustu"], referral, "dijawab", answered_on=date(2026, 11, 3),
                                    answer="Hipertensi derajat 2; amlodipin 5 mg; kontrol 2 minggu")
    assert (answered.status, answered.answered_on) == ("dijawab", date(2026, 11, 3))
    assert AuditEvent.objects.filter(action="update", object_id=str(referral.pk)).count() == 2
    with pytest.raises(Invalid) as error:
        care.answer_referral(a.users["pustu"], referral, "diterima")
    assert "tidak dapat diubah" in error.value.errors["status"][0]


def test_an_answer_needs_its_text_and_date(world):
    a = world["A"]
    with pytest.raises(Invalid) as error:
        care.answer_referral(a.users["pustu"], refer(world), "dijawab")
    assert set(error.value.errors) == {"answer", "answered_on"}


def test_only_the_receiving_side_answers(world):
    a, b = world["A"], world["B"]
    referral = refer(world)
    for actor in (a.users["kader"], b.users["pustu"]):
        with pytest.raises(PermissionError):
            care.answer_referral(actor, referral, "diterima")
    # The Puskesmas above the receiving Pustu answers too.
    assert care.answer_referral(a.users["nakes"], referral, "diterima").status == Referral.Status.RECEIVED


def test_a_stale_answer_is_a_conflict(world):
    a = world["A"]
    referral = refer(world)
    seen = referral.version
    care.answer_referral(a.users["pustu"], referral, "diterima", version=seen)
    with pytest.raises(Conflict):
        care.answer_referral(a.users["nakes"], Referral.objects.get(pk=referral.pk), "batal", version=seen)
