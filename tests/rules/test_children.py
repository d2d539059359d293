"""Child-health services beyond growth, against ILP.md §4.6 (vitamin A, PKAT, KPSP, school health).

The child is born 1 March 2025 unless stated otherwise: 6 months old on 1 Sep 2025, 12 on 1 Mar 2026.
"""

from datetime import date

import pytest

from siklus.rules import children as ch
from siklus.rules import config
from siklus.rules.immunization import State

BIRTH = date(2025, 3, 1)


# --- Vitamin A: February and August, 6–11 and 12–59 months (ILP.md §4.6) ----------------------------


def test_vitamin_a_due_in_february_for_an_infant_of_6_to_11_months():
    """§4.6 'bayi 6–11 bl … in February and August'; blue capsule 100,000 IU (§0.1 C4)."""
    status = ch.vitamin_a_status(BIRTH, date(2026, 2, 3))
    assert status.state is State.DUE
    assert status.detail == "100.000 IU (kapsul biru)"
    assert status.by == date(2026, 2, 28)
    assert status.reason == ("Waktunya: pembagian vitamin A Februari 2026, umur 11 bulan — "
                             "100.000 IU (kapsul biru); sampai 28 Februari 2026.")


def test_vitamin_a_red_capsule_from_12_months():
    """§4.6 'anak balita 12–59 bl'; red capsule 200,000 IU [M]."""
    status = ch.vitamin_a_status(BIRTH, date(2026, 8, 10))
    assert status.state is State.DUE
    assert status.detail == "200.000 IU (kapsul merah)"


def test_vitamin_a_not_given_outside_february_and_august():
    status = ch.vitamin_a_status(BIRTH, date(2025, 12, 1))
    assert status.state is State.NOT_YET
    assert status.earliest == date(2026, 2, 1)


def test_vitamin_a_child_turning_6_months_in_the_round_month_is_due_from_that_day():
    """Born 15 Feb 2025: 6 months on 15 Aug 2025, so the August round opens for her on the 15th."""
    birth = date(2025, 2, 15)
    assert ch.vitamin_a_status(birth, date(2025, 8, 14)).state is State.DUE_SOON
    status = ch.vitamin_a_status(birth, date(2025, 8, 15))
    assert status.state is State.DUE
    assert status.earliest == date(2025, 8, 15)


def test_vitamin_a_child_5_months_in_august_waits_for_february():
    """Born 1 Mar 2025: 5 months 30 days on 31 Aug 2025 — not in the 6–11 band in August."""
    status = ch.vitamin_a_status(BIRTH, date(2025, 8, 20))
    assert status.state is State.NOT_YET
    assert status.earliest == date(2026, 2, 1)


def test_vitamin_a_given_in_the_round_is_done():
    status = ch.vitamin_a_status(BIRTH, date(2026, 2, 20), [date(2026, 2, 5)])
    assert status.state is State.GIVEN
    assert status.done_on == date(2026, 2, 5)


def test_vitamin_a_last_round_at_59_months():
    """§4.6 upper bound 59 months: 59 months in Jan–Feb 2030 → February 2030 is the last round."""
    assert ch.vitamin_a_status(BIRTH, date(2030, 2, 28)).state is State.DUE
    assert ch.vitamin_a_status(BIRTH, date(2030, 3, 1)).state is State.CLOSED


# --- ILP.md §0.1 C4: the blue capsule is given once ---------------------------------------------------

AUG_BABY = date(2025, 2, 15)  # 6 months on 15 Aug 2025, 12 months on 15 Feb 2026


def test_blue_capsule_given_in_august_is_not_offered_again_in_february():
    """§0.1 C4 (Permenkes 21/2015): the blue capsule (6–11 months) once, in February or August; the
    next capsule is the red one from 12 months — in the same February round from the first birthday."""
    given = [date(2025, 8, 20)]
    waiting = ch.vitamin_a_status(AUG_BABY, date(2026, 2, 1), given)
    assert (waiting.state, waiting.earliest) == (State.DUE_SOON, date(2026, 2, 15))
    assert waiting.detail == "200.000 IU (kapsul merah)"
    assert ch.vitamin_a_status(AUG_BABY, date(2026, 2, 14), given).state is State.DUE_SOON
    red = ch.vitamin_a_status(AUG_BABY, date(2026, 2, 15), given)
    assert (red.state, red.detail) == (State.DUE, "200.000 IU (kapsul merah)")


def test_infant_without_a_blue_capsule_gets_it_in_the_next_round_before_12_months():
    """§0.1 C4: a baby who missed August gets the blue capsule in February while still 6–11 months."""
    status = ch.vitamin_a_status(AUG_BABY, date(2026, 2, 1))
    assert (status.state, status.detail) == (State.DUE, "100.000 IU (kapsul biru)")


def test_blue_capsule_given_outside_a_round_month_also_counts_once():
    """A record of vitamin A at 6–11 months counts as the one blue capsule, whatever the month."""
    status = ch.vitamin_a_status(AUG_BABY, date(2026, 2, 3), [date(2025, 10, 5)])
    assert status.earliest == date(2026, 2, 15)


def test_vitamin_a_capsules_are_a_versioned_table():
    rule = ch.VITAMIN_A.at(date(2026, 1, 1)).value
    assert [(c.first_month_of_age, c.last_month_of_age, c.once) for c in rule.capsules] == [
        (6, 11, True), (12, 59, False)]


# --- PKAT at 6 – <7 months ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "state"),
    [
        (date(2025, 8, 1), State.NOT_YET),  # 5 months, 31 days before
        (date(2025, 8, 2), State.DUE_SOON),
        (date(2025, 9, 1), State.DUE),  # first day of 6 months
        (date(2025, 9, 30), State.DUE),  # last day before 7 months
        (date(2025, 10, 1), State.CLOSED),  # 7 months
    ],
)
def test_pkat_window_is_6_to_under_7_months(on, state):
    """ILP.md §4.6: PKAT at age 6 – <7 months."""
    assert ch.pkat_status(BIRTH, on).state is state


def test_pkat_done_in_window():
    status = ch.pkat_status(BIRTH, date(2025, 9, 20), [date(2025, 9, 10)])
    assert status.state is State.GIVEN
    assert "vitamin A pertama" in status.detail


# --- KPSP ages [M] -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "state", "detail"),
    [
        (date(2025, 4, 17), State.NOT_YET, "KPSP 3 bulan"),  # 1 month 16 days, 31 days before
        (date(2025, 4, 18), State.DUE_SOON, "KPSP 3 bulan"),
        (date(2025, 5, 18), State.DUE, "KPSP 3 bulan"),  # 2 months 17 days = KPSP age 3 (§0.1 C7)
        (date(2025, 6, 1), State.DUE, "KPSP 3 bulan"),  # every 3 months to 24 …
        (date(2025, 8, 17), State.DUE, "KPSP 3 bulan"),  # … due until the next KPSP age (5 months 16 days)
        (date(2025, 8, 18), State.DUE, "KPSP 6 bulan"),
        (date(2027, 2, 18), State.DUE, "KPSP 24 bulan"),
        (date(2027, 8, 17), State.DUE, "KPSP 24 bulan"),  # then every 6 months
        (date(2027, 8, 18), State.DUE, "KPSP 30 bulan"),
        (date(2031, 2, 18), State.DUE, "KPSP 72 bulan"),
    ],
)
def test_kpsp_due_ages(on, state, detail):
    """ILP.md §4.6 [M]: every 3 months to 24 months, every 6 months to 72 months; ages are KPSP
    ages (a remainder over 16 days counts as a month, §0.1 C7)."""
    status = ch.kpsp_status(BIRTH, on)
    assert (status.state, status.detail) == (state, detail)


def test_kpsp_done_for_the_current_age_is_given():
    status = ch.kpsp_status(BIRTH, date(2025, 12, 20), [date(2025, 12, 5)])
    assert status.state is State.GIVEN
    assert status.detail == "KPSP 9 bulan"


def test_kpsp_after_72_months_is_closed():
    assert ch.kpsp_status(BIRTH, date(2031, 3, 17)).state is State.DUE  # KPSP age 72 (72 months 16 days)
    assert ch.kpsp_status(BIRTH, date(2031, 3, 18)).state is State.CLOSED  # KPSP age 73


# --- ILP.md §0.1 C7: KPSP age rounds a remainder over 16 days up ---------------------------------------

JAN_BABY = date(2025, 1, 1)  # 2 months on 1 March 2025


@pytest.mark.parametrize(
    ("on", "kpsp_age"),
    [(date(2025, 3, 17), 2), (date(2025, 3, 18), 3), (date(2025, 3, 23), 3), (date(2025, 3, 1), 2),
     (date(2025, 3, 31), 3)],
)
def test_kpsp_age_counts_a_remainder_over_16_days_as_a_month(on, kpsp_age):
    """Pedoman SDIDTK 2016 (ILP.md §0.1 C7): 2 months 16 days → 2 months; 2 months 17 days → 3;
    2 months 22 days → 3."""
    assert ch.kpsp_age_months(JAN_BABY, on) == kpsp_age


def test_kpsp_3_months_is_due_at_2_months_17_days_not_at_16():
    """§0.1 C7: the KPSP of the rounded age is due — at 2 months 22 days the 3-month KPSP."""
    assert ch.kpsp_status(JAN_BABY, date(2025, 3, 17)).state is State.DUE_SOON
    at_17 = ch.kpsp_status(JAN_BABY, date(2025, 3, 18))
    assert (at_17.state, at_17.detail, at_17.earliest) == (State.DUE, "KPSP 3 bulan", date(2025, 3, 18))
    at_22 = ch.kpsp_status(JAN_BABY, date(2025, 3, 23))
    assert at_22.reason == "Waktunya: KPSP 3 bulan (umur 2 bulan 22 hari), sebelum 18 Juni 2025."


def test_kpsp_ages_are_a_setting():
    with config.override(**{"children.kpsp_ages_months": (6, 12, 18, 24)}):
        assert ch.kpsp_status(BIRTH, date(2025, 6, 1)).detail == "KPSP 6 bulan"  # the first KPSP age


@pytest.mark.parametrize(
    ("yes", "category", "refer"),
    [(10, "sesuai umur", False), (9, "sesuai umur", False), (8, "meragukan", False), (7, "meragukan", False),
     (6, "ada kemungkinan penyimpangan", True), (0, "ada kemungkinan penyimpangan", True)],
)
def test_kpsp_result_bands(yes, category, refer):
    """ILP.md §4.6 [M]: 9–10 'ya' = sesuai, 7–8 = meragukan, ≤6 = penyimpangan (refer)."""
    result = ch.kpsp_result(yes)
    assert (result.category, result.refer) == (category, refer)


def test_kpsp_meragukan_retest_in_2_weeks():
    """ILP.md §4.6 [V:S2]: meragukan → stimulate, re-test in 2 weeks."""
    result = ch.kpsp_result(8, date(2025, 12, 1))
    assert result.retest_on == date(2025, 12, 15)
    assert result.action == "Stimulasi sesuai umur; ulangi KPSP pada 15 Desember 2025."


def test_kpsp_bands_are_settings():
    with config.override(**{"children.kpsp_sesuai_min_yes": 8}):
        assert ch.kpsp_result(8).category == "sesuai umur"


def test_kpsp_rejects_impossible_counts():
    with pytest.raises(ValueError, match="0–10"):
        ch.kpsp_result(11)


# --- School health screening (UKS/M) -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("school_class", "kind"),
    [(1, "penjaringan kesehatan"), (2, "pemeriksaan berkala"), (6, "pemeriksaan berkala"),
     (7, "penjaringan kesehatan"), (9, "pemeriksaan berkala"), (10, "penjaringan kesehatan"),
     (12, "pemeriksaan berkala")],
)
def test_school_screening_kind_by_class(school_class, kind):
    """ILP.md §4.6: penjaringan kelas 1, 7, 10; pemeriksaan berkala kelas 2–6, 8–9, 11–12."""
    result = ch.school_screening(date(2012, 1, 1), "L", date(2025, 9, 1), school_class=school_class)
    assert result.kind == kind
    assert result.school_class == school_class


def test_school_screening_for_remaja_putri_kelas_7_includes_hb_and_ttd():
    """ILP.md §4.3 anaemia: Hb for remaja putri kelas 7 & 10; TTD weekly kelas 7–12; SDQ kelas 1, 7, 10."""
    girl = ch.school_screening(date(2012, 5, 1), "P", date(2025, 9, 1), school_class=7)
    assert "pemeriksaan Hb remaja putri" in girl.items
    assert "tablet tambah darah 1 tablet/minggu" in girl.items
    assert "SDQ (kesehatan jiwa)" in girl.items
    boy = ch.school_screening(date(2012, 5, 1), "L", date(2025, 9, 1), school_class=7)
    assert "pemeriksaan Hb remaja putri" not in boy.items


def test_school_class_estimated_from_age():
    """13 years old on 1 July 2025 → kelas 7 (age − 6, ILP.md §3.5 ages)."""
    result = ch.school_screening(date(2012, 5, 1), "P", date(2025, 9, 1))
    assert (result.school_class, result.estimated) == (7, True)
    assert ch.school_screening(date(2022, 5, 1), "P", date(2025, 9, 1)) is None  # not at school yet


def test_kpsp_meragukan_band_and_retest_days_are_settings():
    with config.override(**{"children.kpsp_meragukan_min_yes": 6, "children.kpsp_retest_days": 7}):
        result = ch.kpsp_result(6, date(2025, 12, 1))
    assert (result.category, result.retest_on) == ("meragukan", date(2025, 12, 8))


def test_every_children_setting_cites_ilp_md():
    settings = [s for s in config.declared() if s.name.startswith("children.")]
    assert {s.name for s in settings} == {
        "children.kpsp_ages_months", "children.kpsp_sesuai_min_yes",
        "children.kpsp_meragukan_min_yes", "children.kpsp_retest_days"}
    assert all(s.source.startswith("ILP.md") for s in settings)
