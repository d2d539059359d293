"""Completed age and the life-cycle stages of ILP.md §2, each programme's band separately."""

from datetime import date

import pytest

from siklus.rules.lifecycle import age_on, cluster, date_at_age, main_stage, stages


def codes(birth, on, sex=None, programme=None):
    return {s.code for s in stages(birth, on, sex, programme)}


def test_age_counts_completed_days_months_and_years():
    assert age_on(date(2025, 3, 1), date(2025, 12, 1)) == type(age_on(date(2025, 3, 1), date(2025, 3, 1)))(275, 9, 0)
    assert age_on(date(2025, 3, 1), date(2025, 11, 30)).months == 8


def test_a_month_ends_on_the_last_day_of_a_shorter_month():
    assert age_on(date(2024, 1, 31), date(2024, 2, 29)).months == 1
    assert age_on(date(2024, 1, 31), date(2024, 2, 28)).months == 0


def test_a_leap_day_birthday_completes_the_year_on_28_february():
    assert age_on(date(2024, 2, 29), date(2025, 2, 28)).years == 1
    assert age_on(date(2024, 2, 29), date(2025, 2, 27)).years == 0
    assert date_at_age(date(2024, 2, 29), years=1) == date(2025, 2, 28)


def test_a_date_before_birth_is_refused():
    with pytest.raises(ValueError):
        age_on(date(2025, 1, 2), date(2025, 1, 1))


def test_neonatus_is_0_to_28_days():
    """ILP.md §2: bayi baru lahir / neonatus 0–28 hari."""
    birth = date(2025, 1, 1)
    assert "neonatus" in codes(birth, date(2025, 1, 29))
    assert "neonatus" not in codes(birth, date(2025, 1, 30))


@pytest.mark.parametrize("months,expected", [(11, {"bayi", "baduta", "balita"}), (12, {"baduta", "balita"}),
                                             (23, {"baduta", "balita"}), (24, {"balita"}), (59, {"balita"}), (60, {"apras"})])
def test_bayi_baduta_balita_apras_by_completed_months(months, expected):
    """ILP.md §2: bayi 0–11 bl, baduta 0–23 bl, balita 0–59 bl, apras 60–72 bl."""
    birth = date(2020, 1, 15)
    on = date_at_age(birth, months=months)
    assert codes(birth, on, programme="kia") == expected


def test_usia_dewasa_differs_between_klaster_3_and_the_kader_checklist():
    """ILP.md §2: 18–59 in the Klaster 3 juknis, 19–59 in the kader home-visit checklist."""
    birth = date(2000, 6, 1)
    at_18 = date(2018, 6, 1)
    assert "usia_dewasa" in codes(birth, at_18) and "usia_dewasa_kader" not in codes(birth, at_18)
    assert "usia_dewasa_kader" in codes(birth, date(2019, 6, 1))


def test_a_16_year_old_girl_is_in_several_programmes_at_once():
    found = codes(date(2010, 5, 1), date(2026, 5, 1), "P")
    assert {"anak_sekolah", "remaja", "usia_produktif", "wus"} <= found
    assert "usia_pendidikan_dasar" not in found  # SPM band 7–15 [M]


def test_wus_is_women_15_to_49_only():
    assert "wus" not in codes(date(1990, 1, 1), date(2026, 1, 1), "L")
    assert "wus" in codes(date(1976, 1, 1), date(2025, 12, 31), "P")
    assert "wus" not in codes(date(1976, 1, 1), date(2026, 1, 1), "P")


def test_lansia_from_60_and_pra_lansia_45_to_59():
    assert "lansia" in codes(date(1966, 3, 1), date(2026, 3, 1))
    assert "lansia" not in codes(date(1966, 3, 1), date(2026, 2, 28))
    assert "pra_lansia" in codes(date(1966, 3, 1), date(2026, 2, 28))


def test_main_stage_and_cluster():
    assert main_stage(date(2025, 11, 1), date(2025, 11, 20)).code == "neonatus"
    assert main_stage(date(1950, 1, 1), date(2026, 1, 1)).code == "lansia"
    assert cluster(date(2008, 1, 1), date(2026, 1, 1)) == 3
    assert cluster(date(2008, 1, 2), date(2026, 1, 1)) == 2
    assert cluster(date(1990, 1, 1), date(2026, 1, 1), pregnant=True) == 2


def test_every_stage_names_its_rule_version():
    assert {s.rule_version for s in stages(date(2000, 1, 1), date(2026, 1, 1))} == {"juknis-ilp-2023"}
