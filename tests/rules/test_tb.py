"""TB symptom screening outcome, ILP.md §4.3 "TB" [V:S1b]: terduga TBC / kontak erat / bukan terduga;
a presumptive case gives 2 sputum specimens for TCM or microscopy."""

from datetime import date

from siklus.rules import tb
from siklus.rules.screening.result import ASSESSMENT, REFER_PUSKESMAS, ROUTINE


def test_symptoms_make_a_presumptive_case_referred_for_sputum():
    result = tb.classify_tb_symptoms(True, on=date(2025, 5, 1))
    assert (result.code, result.follow_up.code, result.rule_version) == ("terduga_tbc", REFER_PUSKESMAS, "juknis-ilp-2023")
    assert "2 spesimen dahak" in result.follow_up.text


def test_a_close_contact_with_symptoms_is_presumptive_not_only_a_contact():
    assert tb.classify_tb_symptoms(True, close_contact=True).code == "terduga_tbc"


def test_a_close_contact_without_symptoms_is_investigated():
    result = tb.classify_tb_symptoms(False, close_contact=True)
    assert (result.code, result.follow_up.code) == ("kontak_erat", ASSESSMENT)


def test_no_symptoms_no_contact_is_not_presumptive():
    result = tb.classify_tb_symptoms(False)
    assert (result.code, result.follow_up.code) == ("bukan_terduga", ROUTINE)
    assert result.label == "Bukan terduga TBC (tidak ada gejala)"
