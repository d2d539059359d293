"""Who is due for which screening and when — ILP.md §4.2 (CKG packages) and §4.3 (sasaran, frequency)."""

from datetime import date

import pytest

from siklus.rules import config
from siklus.rules.screening.schedule import next_due_date, screening_due

ON = date(2025, 6, 1)


def due(item, birth, sex="P", **kw):
    return screening_due(item, birth=birth, sex=sex, on=ON, **kw)


class TestAges:
    @pytest.mark.parametrize(
        "birth, status",
        [(date(2010, 6, 2), "not_eligible"), (date(2010, 6, 1), "due")],
        ids=["14y364d", "15y"],
    )
    def test_blood_pressure_from_15(self, birth, status):
        assert due("tekanan_darah", birth).status == status

    def test_not_yet_eligible_tells_when(self):
        result = due("puma", date(1990, 3, 10))
        assert (result.status, result.due_on, result.reason) == (
            "not_eligible",
            date(2030, 3, 10),
            "mulai usia 40 tahun",
        )

    def test_never_done_is_due_since_eligibility(self):
        result = due("puma", date(1980, 3, 10))
        assert (result.status, result.due_on) == ("due", date(2020, 3, 10))

    def test_done_last_year_is_due_12_months_later(self):
        result = due("tekanan_darah", date(1980, 1, 1), last_done=date(2024, 8, 1))
        assert (result.status, result.due_on, result.interval_months) == ("not_yet", date(2025, 8, 1), 12)

    def test_skilas_and_adl_from_60(self):
        assert due("skilas", date(1965, 6, 2)).status == "not_eligible"
        assert due("adl", date(1965, 6, 1)).status == "due"


class TestGlucose:
    def test_all_from_40(self):
        assert due("gula_darah", date(1985, 6, 1)).status == "due"

    def test_15_to_39_only_with_risk(self):
        result = due("gula_darah", date(1995, 1, 1))
        assert result.status == "not_eligible"
        assert result.due_on == date(2035, 1, 1)  # due for everyone from 40
        assert due("gula_darah", date(1995, 1, 1), risk_factor=True).status == "due"


class TestWomenOnly:
    def test_men_are_not_screened_for_breast_or_cervix(self):
        assert due("sadanis", date(1980, 1, 1), sex="L").status == "not_eligible"
        assert due("iva", date(1980, 1, 1), sex="L").status == "not_eligible"

    def test_sadanis_from_30_by_default(self):
        assert due("sadanis", date(1996, 1, 1)).status == "not_eligible"  # 29
        assert due("sadanis", date(1995, 6, 1)).status == "due"

    def test_sadanis_start_age_is_a_setting(self):
        with config.override(**{"screening.sadanis_from_years": 16}):
            assert due("sadanis", date(2008, 1, 1)).status == "due"

    def test_iva_only_if_sexually_active(self):
        assert due("iva", date(1990, 1, 1), sexually_active=False).status == "not_eligible"

    def test_iva_high_risk_is_yearly(self):
        result = due("iva", date(1990, 1, 1), last_done=date(2024, 7, 1), high_risk=True)
        assert (result.due_on, result.status) == (date(2025, 7, 1), "not_yet")


class TestConditions:
    def test_lipids_only_for_ht_or_dm_from_40(self):
        assert due("lipid", date(1970, 1, 1)).status == "not_eligible"
        assert due("lipid", date(1970, 1, 1), hypertension_or_diabetes=True).status == "due"

    def test_colorectal_needs_risk_from_50(self):
        assert due("kolorektal", date(1970, 1, 1), risk_factor=True).status == "due"
        assert due("kolorektal", date(1980, 1, 1), risk_factor=True).status == "not_eligible"


def test_srq20_start_age_is_a_setting():
    birth = date(2008, 1, 1)  # 17 y
    assert due("srq20", birth).status == "due"
    with config.override(**{"screening.srq20_from_years": 18}):
        assert due("srq20", birth).status == "not_eligible"


def test_next_due_date_month_end():
    assert next_due_date("sadanis", date(2024, 2, 29)) == date(2027, 2, 28)


def test_unknown_item():
    with pytest.raises(KeyError):
        due("kebugaran", date(1980, 1, 1))
