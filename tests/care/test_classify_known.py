"""classify for what is known about the person (issue #11 item 6): a diagnosed diabetic's glucose
and a treated hypertensive's blood pressure are control statuses, never a screening band such as
"normal"; KPSP and PUMA totals and a woman's LiLA (KEK) are classified by their rules."""

from datetime import date

import pytest

from siklus.care import services as care
from siklus.rules import children, config, pregnancy
from siklus.rules.screening import bloodpressure, lung

ADULT = date(1975, 3, 4)
ON = date(2025, 5, 6)


@pytest.mark.parametrize("code, value, expected", [
    ("glucose_fasting", 110, "dm_terkendali"), ("glucose_fasting", 130, "dm_tidak_terkendali"),
    ("glucose_random", 85, "dm_terkendali"), ("glucose_random", 260, "dm_tidak_terkendali"),
    ("glucose_2h", 179, "dm_terkendali"), ("hba1c", 7.0, "dm_tidak_terkendali"), ("hba1c", 6.4, "dm_terkendali"),
])
def test_a_known_diabetics_glucose_is_a_control_status(code, value, expected):
    found = care.classify(code, value, birth_date=ADULT, sex="L", on=ON, extra=care.Extra(known_diabetes=True))
    assert found.category == expected
    assert found.follow_up == ("monthly_monitoring" if expected == "dm_terkendali" else "refer_puskesmas")
    assert found.category != "normal" and found.rule_settings == "default"


def test_the_control_targets_are_a_setting():
    with config.override(**{"recording.diabetes_control_targets": {
            "glucose_fasting": 150.0, "glucose_2h": 180.0, "glucose_random": 200.0, "hba1c": 7.0}}):
        relaxed = care.classify("glucose_fasting", 140, birth_date=ADULT, sex="L", on=ON,
                                extra=care.Extra(known_diabetes=True))
    assert relaxed.category == "dm_terkendali" and relaxed.rule_settings != "default"


def test_a_known_diabetics_glucose_still_passes_the_unit_guard():
    with pytest.raises(ValueError):
        care.classify("glucose_fasting", 7.5, birth_date=ADULT, sex="L", on=ON, extra=care.Extra(known_diabetes=True))


@pytest.mark.parametrize("sbp, dbp, expected", [(118, 76, "ht_terkendali"), (138, 88, "ht_terkendali"),
                                                 (140, 85, "ht_tidak_terkendali"), (150, 95, "ht_tidak_terkendali")])
def test_a_treated_hypertensives_blood_pressure_is_a_control_status(sbp, dbp, expected):
    rule = bloodpressure.classify_adult_bp(sbp, dbp, known_hypertension=True, on=ON)
    for code, value, extra in (("sbp", sbp, care.Extra(dbp=dbp, known_hypertension=True)),
                               ("dbp", dbp, care.Extra(sbp=sbp, known_hypertension=True))):
        found = care.classify(code, value, birth_date=ADULT, sex="P", on=ON, extra=extra)
        assert found.category == expected and found.follow_up == rule.follow_up.code
        assert rule.label in found.label  # the band stays readable


@pytest.mark.parametrize("yes", range(11))
def test_kpsp_is_the_rules_interpretation(yes):
    birth = date(2023, 11, 1)
    found = care.classify("kpsp_yes", yes, birth_date=birth, sex="P", on=ON)
    rule = children.kpsp_result(yes, ON)
    assert found.category == rule.category.replace(" ", "_") and found.rule_version == rule.rule_version
    assert (found.follow_up == "refer_puskesmas") == rule.refer


@pytest.mark.parametrize("score", range(10))
def test_a_puma_total_is_classified_by_the_rules_threshold(score):
    found = care.classify("puma_score", score, birth_date=ADULT, sex="L", on=ON)
    high = score >= lung.PUMA.at(ON).value.high_risk_from
    assert found.category == ("risiko_tinggi" if high else "risiko_rendah")
    assert found.follow_up == ("refer_fktl" if high else "counselling")


def test_lila_of_a_woman_of_reproductive_age_or_a_pregnant_woman_is_judged_for_kek():
    wus = care.classify("muac", 22.9, birth_date=date(1996, 1, 1), sex="P", on=ON)
    assert (wus.category, wus.rule_version) == ("kek", pregnancy.classify_lila(22.9, ON).rule_version)
    assert care.classify("muac", 23.5, birth_date=date(1996, 1, 1), sex="P", on=ON).category == "tidak_kek"
    older = date(1970, 1, 1)
    assert care.classify("muac", 22.0, birth_date=older, sex="P", on=ON) == care.NOT_CLASSIFIED
    assert care.classify("muac", 22.0, birth_date=older, sex="P", on=ON,
                         extra=care.Extra(pregnant=True)).category == "kek"
    assert care.classify("muac", 22.0, birth_date=date(1996, 1, 1), sex="L", on=ON) == care.NOT_CLASSIFIED
