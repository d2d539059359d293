"""Supplements handed out and questionnaires answered item by item (issue #11 item 5): a kader
records both; the vitamin A capsule's colour must fit the age (children.VITAMIN_A) or the nifas;
a questionnaire's item set is checked exactly and scored by the rules."""

from datetime import date

import pytest

from siklus.audit.models import AuditEvent
from siklus.care import services as care
from siklus.care.models import QuestionnaireResponse, Supplement
from siklus.core.errors import Invalid
from siklus.rules import children, config, elderly
from siklus.rules.screening import lung, mental

ON = date(2026, 11, 2)


def give(world, kind, on, who="child", role="kader", **kw):
    a = world["A"]
    return care.record_supplement(a.users[role], care.SupplementInput(person=getattr(a, who), kind=kind,
                                                                     given_on=on, **kw))


# ---------------------------------------------------------------------------------- supplements


def test_a_kader_hands_out_a_blue_capsule_to_a_baby_of_6_to_11_months(world):
    saved = give(world, "vitamin_a_biru", date(2025, 8, 10))  # 6 months 7 days
    assert saved.kind == "vitamin_a_biru" and saved.created_by == world["A"].users["kader"]
    assert AuditEvent.objects.filter(action="create", object_id=str(saved.pk)).exists()


def test_the_blue_capsule_is_given_once(world):
    give(world, "vitamin_a_biru", date(2025, 8, 10))
    with pytest.raises(Invalid) as error:
        give(world, "vitamin_a_biru", date(2026, 1, 5))
    assert "sekali" in error.value.errors["kind"][0]


@pytest.mark.parametrize("kind, on, age", [("vitamin_a_merah", date(2025, 8, 10), "6 bulan 7 hari"),
                                           ("vitamin_a_biru", date(2026, 2, 10), "12 bulan 7 hari"),
                                           ("vitamin_a_biru", date(2025, 6, 1), "3 bulan 29 hari")])
def test_a_capsule_of_the_wrong_colour_for_the_age_is_refused(world, kind, on, age):
    with pytest.raises(Invalid) as error:
        give(world, kind, on)
    message = error.value.errors["kind"][0]
    rule = children.VITAMIN_A.at(on).value
    capsule = rule.capsules[0] if kind == "vitamin_a_biru" else rule.capsules[1]
    assert f"{capsule.first_month_of_age}–{capsule.last_month_of_age} bulan" in message and age in message


def test_a_red_capsule_for_a_balita_once_a_month(world):
    give(world, "vitamin_a_merah", date(2026, 2, 10))
    with pytest.raises(Invalid) as error:
        give(world, "vitamin_a_merah", date(2026, 2, 20))
    assert "bulan ini" in error.value.errors["given_on"][0]
    assert give(world, "vitamin_a_merah", date(2026, 8, 3)).kind == "vitamin_a_merah"


def test_a_red_capsule_for_a_mother_only_in_nifas(world):
    a = world["A"]
    with pytest.raises(Invalid):
        give(world, "vitamin_a_merah", ON, who="mother")
    pregnancy = care.record_pregnancy(a.users["pustu"], care.PregnancyInput(person=a.mother, hpht=date(2026, 1, 20)))
    care.record_delivery(a.users["pustu"], care.DeliveryInput(
        pregnancy=pregnancy, ended_on=date(2026, 10, 20), outcome="lahir_hidup", babies=(care.NewbornInput(sex="P"),)))
    assert give(world, "vitamin_a_merah", date(2026, 10, 21), who="mother").kind == "vitamin_a_merah"
    days = config.get("recording.nifas_days")
    assert days == 42


def test_mms_is_for_a_pregnant_woman(world):
    with pytest.raises(Invalid) as error:
        give(world, "mms", ON, who="mother", amount=30)
    assert "hamil" in error.value.errors["kind"][0]


def test_unknown_kind_bad_amount_and_future_date_come_at_once(world):
    with pytest.raises(Invalid) as error:
        give(world, "jamu", date(2030, 1, 1), amount=0)
    assert set(error.value.errors) == {"kind", "given_on", "amount"}
    assert not Supplement.objects.exists()


# ------------------------------------------------------------------------------ questionnaires


def answer(world, instrument, answers, who="mother", role="kader", on=ON):
    a = world["A"]
    return care.record_questionnaire(a.users[role], care.QuestionnaireInput(
        person=getattr(a, who), on=on, instrument=instrument, answers=answers))


def test_srq20_is_scored_and_classified_by_the_rules_with_item_17(world):
    answers = {str(i): i in (3, 17) for i in range(1, 21)}
    saved = answer(world, "srq20", answers)
    expected = mental.classify_srq20([answers[str(i)] for i in range(1, 21)], ON)
    saved.refresh_from_db()
    assert (saved.score, saved.category, saved.rule_version, saved.rule_settings) == (
        2, expected.code, expected.rule_version, "default")
    assert saved.answers == answers and expected.code == "tidak_normal"


def test_a_missing_or_unknown_item_is_an_error_at_that_item(world):
    answers = {str(i): False for i in range(1, 20)} | {"21": True, "5": "mungkin"}
    with pytest.raises(Invalid) as error:
        answer(world, "srq20", answers)
    assert set(error.value.errors) == {"answers.20", "answers.21", "answers.5"}
    assert not QuestionnaireResponse.objects.exists()


def test_adl_items_and_their_maximum(world):
    items = dict(elderly.ADL_ITEMS)
    saved = answer(world, "adl", items)
    assert (saved.score, saved.category) == (20, "mandiri")
    with pytest.raises(Invalid) as error:
        answer(world, "adl", items | {"mandi": 3})
    assert "answers.mandi" in error.value.errors


def test_skilas_answers_give_the_rules_positive_domains(world):
    answers = dict(orientation_correct=True, recalls_three_words=True, chair_stand_5x_within_14s=False,
                   weight_loss_or_looser_clothes=False, appetite_loss_or_eating_difficulty=False, lila_cm=None,
                   eye_problem=False, finger_count_passed=True, whisper_test_passed=True, sad_or_hopeless=True,
                   little_interest_or_pleasure=False)
    saved = answer(world, "skilas", answers)
    expected = elderly.skilas(on=ON, **answers)
    assert (saved.score, saved.category, saved.category_label) == (2, "positif", expected.label)


def test_puma_takes_sex_and_age_from_the_person(world):
    a = world["A"]
    a.mother.birth_date = date(1960, 5, 1)
    a.mother.save()
    answers = dict(years_smoked=30, cigarettes_per_day=20, dyspnoea=True, sputum=True, cough=False,
                   spirometry_before=False)
    saved = answer(world, "puma", answers)
    expected = lung.puma_score(sex="P", age_years=66, pack_years=30, dyspnoea=True, sputum=True, cough=False,
                               spirometry_before=False, on=ON)
    assert (saved.score, saved.category) == (expected.score, expected.code)


def test_puma_below_40_years_is_refused_by_the_rule(world):
    with pytest.raises(Invalid) as error:
        answer(world, "puma", dict(years_smoked=0, cigarettes_per_day=0, dyspnoea=False, sputum=False, cough=False,
                                   spirometry_before=False))
    assert "40" in error.value.errors["answers"][0]


@pytest.mark.parametrize("items, category", [(10, "sesuai_umur"), (9, "sesuai_umur")])
def test_kpsp_of_nine_or_ten_questions(world, items, category):
    saved = answer(world, "kpsp", {str(i): True for i in range(1, items + 1)}, who="child", on=date(2025, 11, 5))
    assert (saved.score, saved.category) == (items, category)


def test_kpsp_with_few_yes_answers_is_referred(world):
    saved = answer(world, "kpsp", {str(i): i <= 5 for i in range(1, 11)}, who="child", on=date(2025, 11, 5))
    assert saved.category == "ada_kemungkinan_penyimpangan"


def test_an_unknown_instrument_is_refused(world):
    with pytest.raises(Invalid) as error:
        answer(world, "mmse", {})
    assert "instrument" in error.value.errors


def test_a_kader_of_another_desa_may_not_record(world):
    with pytest.raises(PermissionError):
        care.record_questionnaire(world["B"].users["kader"], care.QuestionnaireInput(
            person=world["A"].mother, on=ON, instrument="srq20", answers={}))
