"""Routine immunization rules, case by case against ILP.md §3.

Test ids and docstrings cite the ILP.md row they check. Unless stated otherwise the child is a
girl born 1 March 2025, so her n-month birthday is the 1st of the month n months later.
"""

from datetime import date, timedelta

import pytest

from siklus.rules import config
from siklus.rules import immunization as im
from siklus.rules.immunization import Colour, State
from siklus.rules.messages import render

BIRTH = date(2025, 3, 1)


def on_time(*codes: str, birth: date = BIRTH) -> dict[str, date]:
    """Doses given on the first day of their ideal (white) window."""
    schedule = im.SCHEDULE.at(date(2025, 1, 1)).value
    return {code: schedule.rule(code).ideal.first_day(birth) for code in codes}


def dose(given, on, code, birth=BIRTH, sex="P", **kw) -> im.DoseStatus:
    return im.evaluate(birth, sex, given, on, **kw).dose(code)


PRIMARY = ("HB0", "BCG", "OPV1", "DPT-HB-Hib1", "OPV2", "PCV1", "RV1", "DPT-HB-Hib2", "OPV3", "PCV2",
           "RV2", "DPT-HB-Hib3", "OPV4", "RV3", "IPV1", "MR1", "IPV2")


# --- §3.2 schedule: every dose is due at its ideal age --------------------------------------------


@pytest.mark.parametrize(
    ("code", "ideal_start", "previous"),
    [
        ("HB0", date(2025, 3, 1), ()),  # §3.2 row "<24 jam"
        ("BCG", date(2025, 3, 1), ()),  # §3.2 row "<1 bulan"
        ("OPV1", date(2025, 3, 1), ()),  # §3.2 row "<1 bulan"
        ("DPT-HB-Hib1", date(2025, 5, 1), ()),  # §3.2 row "2 bulan"
        ("OPV2", date(2025, 5, 1), ("OPV1",)),
        ("RV1", date(2025, 5, 1), ()),
        ("PCV1", date(2025, 5, 1), ()),
        ("DPT-HB-Hib2", date(2025, 6, 1), ("DPT-HB-Hib1",)),  # §3.2 row "3 bulan"
        ("OPV3", date(2025, 6, 1), ("OPV1", "OPV2")),
        ("RV2", date(2025, 6, 1), ("RV1",)),
        ("PCV2", date(2025, 6, 1), ("PCV1",)),
        ("DPT-HB-Hib3", date(2025, 7, 1), ("DPT-HB-Hib1", "DPT-HB-Hib2")),  # §3.2 row "4 bulan"
        ("OPV4", date(2025, 7, 1), ("OPV1", "OPV2", "OPV3")),
        ("RV3", date(2025, 7, 1), ("RV1", "RV2")),
        ("IPV1", date(2025, 7, 1), ()),
        ("MR1", date(2025, 12, 1), ()),  # §3.2 row "9 bulan"
        ("IPV2", date(2025, 12, 1), ("IPV1",)),
        ("PCV3", date(2026, 3, 1), ("PCV1", "PCV2")),  # §3.2 row "12 bulan"
        ("DPT-HB-Hib4", date(2026, 9, 1), ("DPT-HB-Hib1", "DPT-HB-Hib2", "DPT-HB-Hib3")),  # "18 bulan"
        ("MR2", date(2026, 9, 1), ("MR1",)),
    ],
)
def test_schedule_dose_is_due_from_its_ideal_age(code, ideal_start, previous):
    """ILP.md §3.2: with the earlier doses given on time, each dose is 'waktunya' on the first
    day of its ideal age and not before."""
    given = on_time(*previous)
    due = dose(given, ideal_start, code)
    assert due.state is State.DUE
    assert due.colour is Colour.WHITE
    assert due.earliest == ideal_start
    if ideal_start > BIRTH:
        assert dose(given, date.fromordinal(ideal_start.toordinal() - 1), code).state is State.DUE_SOON


def test_je_is_due_at_10_months_only_where_endemic():
    """ILP.md §3.2 row "10 bulan JE — endemic areas only" is the setting immunization.je_endemic."""
    status = im.evaluate(BIRTH, "P", {}, date(2026, 1, 1))
    assert "JE" not in {d.code for d in status.doses}
    with config.override(**{"immunization.je_endemic": True}):
        je = im.evaluate(BIRTH, "P", {}, date(2026, 1, 1)).dose("JE")
    assert je.state is State.DUE
    assert im.evaluate(BIRTH, "P", {}, date(2026, 1, 1), je_endemic=True).dose("JE").state is State.DUE


def test_je_recorded_outside_endemic_area_is_still_shown_as_given():
    status = im.evaluate(BIRTH, "P", {"JE": date(2026, 1, 5)}, date(2026, 2, 1))
    assert status.dose("JE").state is State.GIVEN


# --- §3.3 Buku KIA windows: white / yellow / pink / grey -----------------------------------------


def _state_at(code, months, previous=()):
    """State of ``code`` on the date the child completes ``months`` months, previous doses given
    on time."""
    on = im.AgeBound(months).date_for(BIRTH)
    return dose(on_time(*previous), on, code, je_endemic=True).state


# (row of §3.3, dose, previous doses, {completed months: expected state})
WINDOWS = [
    ("HB0 white 0, grey ≥1", "HB0", (), {1: State.CLOSED}),
    ("BCG white 0–1, yellow 2–11, grey ≥12", "BCG", (), {0: State.DUE, 11: State.OVERDUE, 12: State.CLOSED}),
    ("OPV1 yellow 2–11, pink 12–59", "OPV1", (), {0: State.DUE, 2: State.OVERDUE, 11: State.OVERDUE,
                                                  12: State.CATCH_UP, 59: State.CATCH_UP, 60: State.CLOSED}),
    ("DPT-HB-Hib1 grey 0–1, white 2, yellow 3–11, pink 12–59", "DPT-HB-Hib1", (),
     {0: State.NOT_YET, 1: State.DUE_SOON, 2: State.DUE, 3: State.OVERDUE, 11: State.OVERDUE,
      12: State.CATCH_UP, 59: State.CATCH_UP, 60: State.CLOSED}),
    ("PCV1 as DPT-HB-Hib1", "PCV1", (), {1: State.DUE_SOON, 2: State.DUE, 3: State.OVERDUE, 12: State.CATCH_UP}),
    ("OPV2 as DPT-HB-Hib1", "OPV2", ("OPV1",), {2: State.DUE, 11: State.OVERDUE, 12: State.CATCH_UP}),
    ("RV1 white 2, yellow 3–6, grey ≥7", "RV1", (), {2: State.DUE, 3: State.OVERDUE, 6: State.OVERDUE,
                                                     7: State.CLOSED}),
    ("DPT-HB-Hib2 white 3, yellow 4–11, pink 12–59", "DPT-HB-Hib2", ("DPT-HB-Hib1",),
     {3: State.DUE, 4: State.OVERDUE, 12: State.CATCH_UP, 60: State.CLOSED}),
    ("RV2 white 3, yellow 4–6, grey ≥7", "RV2", ("RV1",), {3: State.DUE, 4: State.OVERDUE, 7: State.CLOSED}),
    ("DPT-HB-Hib3 white 4, yellow 5–11, pink 12–59", "DPT-HB-Hib3", ("DPT-HB-Hib1", "DPT-HB-Hib2"),
     {4: State.DUE, 5: State.OVERDUE, 12: State.CATCH_UP}),
    ("IPV1 white 4, yellow 5–11, pink 12–59", "IPV1", (), {3: State.DUE_SOON, 4: State.DUE, 5: State.OVERDUE,
                                                           12: State.CATCH_UP, 60: State.CLOSED}),
    ("RV3 white 4, yellow 5–6, grey ≥7", "RV3", ("RV1", "RV2"), {4: State.DUE, 5: State.OVERDUE, 7: State.CLOSED}),
    ("MR1 white 9, yellow 10–11, pink 12–59", "MR1", (), {7: State.NOT_YET, 8: State.DUE_SOON, 9: State.DUE,
                                                          10: State.OVERDUE,
                                                          12: State.CATCH_UP, 59: State.CATCH_UP, 60: State.CLOSED}),
    ("IPV2 white 9, yellow 10–11, pink 12–59 (2024)", "IPV2", ("IPV1",),
     {9: State.DUE, 11: State.OVERDUE, 12: State.CATCH_UP, 59: State.CATCH_UP, 60: State.CLOSED}),
    ("JE white 10, no yellow, pink 11–59", "JE", (), {9: State.NOT_YET, 10: State.DUE, 11: State.CATCH_UP,
                                                      60: State.CLOSED}),
    ("PCV3 white 12, yellow 18–23, pink 23–59", "PCV3", ("PCV1", "PCV2"),
     {10: State.NOT_YET, 11: State.DUE_SOON, 12: State.DUE, 17: State.DUE, 18: State.OVERDUE, 23: State.OVERDUE,
      24: State.CATCH_UP, 59: State.CATCH_UP, 60: State.CLOSED}),
    ("DPT-HB-Hib4 white 18, yellow 23, pink 23–59", "DPT-HB-Hib4", ("DPT-HB-Hib1", "DPT-HB-Hib2", "DPT-HB-Hib3"),
     {17: State.NOT_YET, 18: State.DUE, 22: State.DUE, 23: State.OVERDUE, 24: State.CATCH_UP, 60: State.CLOSED}),
    ("MR2 white 18, yellow 23, pink 23–59", "MR2", ("MR1",),
     {18: State.DUE, 23: State.OVERDUE, 24: State.CATCH_UP, 59: State.CATCH_UP, 60: State.CLOSED}),
]


@pytest.mark.parametrize(
    ("code", "previous", "months", "expected"),
    [(code, prev, m, s) for _row, code, prev, table in WINDOWS for m, s in table.items()],
    ids=[f"§3.3 {row} @ {m} bl" for row, _c, _p, table in WINDOWS for m in table],
)
def test_buku_kia_window(code, previous, months, expected):
    assert _state_at(code, months, previous) is expected


def test_hb0_is_ideal_on_the_birth_date_and_the_next_day_and_late_afterwards():
    """ILP.md §3.2 "HB0 <24 jam" (dates cannot resolve hours) and §3.3 HB0 grey ≥1 bulan."""
    assert dose({}, date(2025, 3, 1), "HB0").state is State.DUE
    assert dose({}, date(2025, 3, 2), "HB0").state is State.DUE
    assert dose({}, date(2025, 3, 3), "HB0").state is State.OVERDUE
    assert dose({}, date(2025, 3, 31), "HB0").state is State.OVERDUE  # last day of month 0
    assert dose({}, date(2025, 4, 1), "HB0").state is State.CLOSED


@pytest.mark.parametrize("code", ["BCG", "OPV1"])
def test_bcg_and_opv1_are_at_the_recommended_age_until_the_end_of_the_second_month(code):
    """ILP.md §0.1 C3 (Permenkes 12/2017 "1 bulan"; Buku KIA 0–1 bulan white): at any age up to
    the end of the 2nd month of life (1 month + days) BCG and OPV1 are on time, not late. Born
    1 March 2025: 1 month 10 days on 11 April is white; the last white day is 30 April (1 month
    29 days); 1 May (2 months) is yellow."""
    assert dose({}, date(2025, 4, 11), code).state is State.DUE
    last_white = dose({}, date(2025, 4, 30), code)
    assert (last_white.state, last_white.colour, last_white.by) == (State.DUE, Colour.WHITE, date(2025, 4, 30))
    assert dose({}, date(2025, 5, 1), code).state is State.OVERDUE


@pytest.mark.parametrize("code", ["BCG", "OPV1"])
def test_bcg_and_opv1_given_at_1_month_10_days_are_on_time(code):
    """ILP.md §0.1 C3: a dose given at 1 month 10 days is at the recommended (white) age."""
    given = dose({code: date(2025, 4, 11)}, date(2025, 5, 15), code)
    assert (given.state, given.colour, given.valid) == (State.GIVEN, Colour.WHITE, True)


def test_bcg_has_no_catch_up_after_11_months():
    """ILP.md §3.3 BCG: grey ≥12 months."""
    status = dose({}, date(2026, 3, 1), "BCG")
    assert status.state is State.CLOSED
    assert status.reason == "Tidak boleh diberikan lagi: batas umur 11 bulan sudah lewat (28 Februari 2026)."


# --- Rotavirus hard stop at 6 months 29 days ------------------------------------------------------


def test_rv3_last_allowed_day_is_6_months_29_days():
    """ILP.md §3.2: last RV dose no later than 6 bulan 29 hari; no catch-up beyond that."""
    given = on_time("RV1", "RV2")
    last = dose(given, date(2025, 9, 30), "RV3")  # born 1 March: 6 months on 1 Sep, + 29 days
    assert last.state is State.OVERDUE
    assert last.last_day == date(2025, 9, 30)
    assert dose(given, date(2025, 10, 1), "RV3").state is State.CLOSED


def test_rv_stop_never_passes_the_7_month_birthday():
    """Born 1 August 2024: 6 months on 1 Feb 2025, 7 months on 1 Mar 2025 — the child is never
    '6 bulan 29 hari'; the last allowed day is 28 February (ILP.md §3.3 grey ≥7)."""
    birth = date(2024, 8, 1)
    given = on_time("RV1", "RV2", birth=birth)
    assert dose(given, date(2025, 2, 28), "RV3", birth=birth).last_day == date(2025, 2, 28)
    assert dose(given, date(2025, 3, 1), "RV3", birth=birth).state is State.CLOSED


def test_rv_stop_for_a_child_born_on_the_31st():
    """Born 31 Jan 2025: 6 months on 31 Jul, 6 months 29 days on 29 Aug; 30 Aug (6 months 30 days)
    is past the limit although still under 7 months."""
    birth = date(2025, 1, 31)
    given = on_time("RV1", "RV2", birth=birth)
    assert dose(given, date(2025, 8, 29), "RV3", birth=birth).state is State.OVERDUE
    assert dose(given, date(2025, 8, 30), "RV3", birth=birth).state is State.CLOSED


def test_rv3_given_on_the_last_day_is_valid_and_a_day_later_is_flagged():
    given = on_time("RV1", "RV2")
    assert dose({**given, "RV3": date(2025, 9, 30)}, date(2025, 10, 5), "RV3").valid
    late = dose({**given, "RV3": date(2025, 10, 1)}, date(2025, 10, 5), "RV3")
    assert late.state is State.GIVEN
    assert not late.valid
    assert "setelah batas umur 6 bulan 29 hari (30 September 2025)" in late.reason


def test_late_rv1_closes_rv2_when_the_interval_cannot_fit_before_the_stop():
    """RV1 still allowed at 6 months 15 days, but RV2 (≥1 month later) would pass 6 bulan 29 hari."""
    status = im.evaluate(BIRTH, "P", {}, date(2025, 9, 16))
    assert status.dose("RV1").state is State.OVERDUE
    assert status.dose("RV2").state is State.CLOSED
    assert status.dose("RV3").state is State.CLOSED


# --- Minimum intervals (§3.3 last paragraph) -----------------------------------------------------


def test_dose_given_one_day_before_the_minimum_interval_is_flagged():
    """ILP.md §3.2/§3.3: DPT-HB-Hib2 ≥1 month after DPT-HB-Hib1."""
    early = dose({"DPT-HB-Hib1": date(2025, 5, 1), "DPT-HB-Hib2": date(2025, 5, 31)}, date(2025, 6, 15),
                 "DPT-HB-Hib2")
    assert not early.valid
    assert "jarak dari DPT-HB-Hib1 (1 Mei 2025) kurang dari 1 bulan; paling cepat 1 Juni 2025" in early.reason


def test_dose_given_exactly_on_the_minimum_interval_is_valid():
    ok = dose({"DPT-HB-Hib1": date(2025, 5, 1), "DPT-HB-Hib2": date(2025, 6, 1)}, date(2025, 6, 15), "DPT-HB-Hib2")
    assert ok.valid
    assert ok.reason == "Diberikan 1 Juni 2025 (umur 3 bulan)."


def test_dose_given_before_its_age_window_is_flagged_too_early():
    """ILP.md §3.3 DPT-HB-Hib1 grey 0–1 month."""
    early = dose({"DPT-HB-Hib1": date(2025, 4, 30)}, date(2025, 5, 10), "DPT-HB-Hib1")
    assert not early.valid
    assert "terlalu dini" in early.reason


def test_next_dose_waits_one_month_after_a_late_previous_dose():
    """DPT-HB-Hib1 given at 2 months 20 days: DPT-HB-Hib2 is not due at 3 months but 1 month later."""
    given = {"DPT-HB-Hib1": date(2025, 5, 21)}
    assert dose(given, date(2025, 6, 1), "DPT-HB-Hib2").state is State.DUE_SOON
    second = dose(given, date(2025, 6, 21), "DPT-HB-Hib2")
    assert second.state is State.DUE
    assert second.earliest == date(2025, 6, 21)


def test_pcv3_needs_8_weeks_after_pcv2():
    """ILP.md §3.2: PCV3 at 12 months, ≥8 weeks after PCV2. PCV2 given 15 Jan 2026 → PCV3 from 12 Mar."""
    given = {"PCV1": date(2025, 12, 1), "PCV2": date(2026, 1, 15)}
    assert dose(given, date(2026, 3, 1), "PCV3").state is State.DUE_SOON
    assert dose(given, date(2026, 3, 11), "PCV3").state is State.DUE_SOON
    due = dose(given, date(2026, 3, 12), "PCV3")
    assert due.state is State.DUE
    assert due.earliest == date(2026, 3, 12)


def test_dpt4_needs_12_months_after_dpt3():
    """ILP.md §3.2: DPT-HB-Hib4 ≥12 months after DPT-HB-Hib3. DPT3 at 8 months → DPT4 at 20 months."""
    given = {"DPT-HB-Hib1": date(2025, 9, 1), "DPT-HB-Hib2": date(2025, 10, 1), "DPT-HB-Hib3": date(2025, 11, 1)}
    assert dose(given, date(2026, 9, 1), "DPT-HB-Hib4").state is State.NOT_YET
    assert dose(given, date(2026, 10, 31), "DPT-HB-Hib4").state is State.DUE_SOON
    assert dose(given, date(2026, 11, 1), "DPT-HB-Hib4").state is State.DUE


def test_mr2_needs_6_months_after_mr1():
    """ILP.md §3.2: MR2 ≥6 months after MR1. MR1 at 14 months (1 May 2026) → MR2 from 1 Nov 2026."""
    given = {"MR1": date(2026, 5, 1)}
    assert dose(given, date(2026, 9, 1), "MR2").state is State.NOT_YET
    assert dose(given, date(2026, 10, 31), "MR2").state is State.DUE_SOON
    assert dose(given, date(2026, 11, 1), "MR2").state is State.DUE


def test_ipv2_needs_4_months_after_ipv1_from_2024():
    """ILP.md §3.2 [V:S9]: from 2024 IPV2 ≥4 months after IPV1. IPV1 at 7 months → IPV2 at 11 months."""
    given = {"IPV1": date(2025, 10, 1)}
    assert dose(given, date(2025, 12, 1), "IPV2").state is State.NOT_YET
    later = dose(given, date(2026, 2, 1), "IPV2")
    assert later.state is State.OVERDUE
    assert later.rule_version == im.SCHEDULE_2025  # the 2025 amendment keeps the 2024 IPV2 rule
    assert dose(given, date(2026, 2, 1), "IPV2", version=im.SCHEDULE_2024).state is State.OVERDUE


def test_ipv2_in_the_2023_edition_needs_4_weeks_and_has_no_catch_up():
    """ILP.md §3.2: introduced 12 June 2023 at 9–11 months, ≥4 weeks after IPV1."""
    birth = date(2022, 9, 1)
    given = {"IPV1": date(2023, 5, 10)}
    assert dose(given, date(2023, 6, 12), "IPV2", birth=birth).state is State.DUE  # 9 months, 2023 rule
    assert dose(given, date(2023, 6, 12), "IPV2", birth=birth).rule_version == "imunisasi-rutin-2023-06"
    assert dose(given, date(2023, 9, 10), "IPV2", birth=birth, version="imunisasi-rutin-2023-06").state is State.CLOSED
    # 4 months after IPV1 under the 2024 rule
    assert dose(given, date(2023, 9, 10), "IPV2", birth=birth, version="imunisasi-rutin-2024").state is State.CATCH_UP


def test_ipv2_catch_up_until_59_months():
    """ILP.md §3.2: catch-up for children without 2 IPV doses until 59 months."""
    given = on_time("IPV1")
    assert dose(given, date(2030, 2, 28), "IPV2").state is State.CATCH_UP
    assert dose(given, date(2030, 3, 1), "IPV2").state is State.CLOSED


def test_dose_waiting_for_its_previous_dose_is_projected_one_interval_after_today():
    status = im.evaluate(BIRTH, "P", {}, date(2025, 9, 1))
    assert status.dose("DPT-HB-Hib1").state is State.OVERDUE
    second = status.dose("DPT-HB-Hib2")
    assert second.state is State.DUE_SOON
    assert second.earliest == date(2025, 10, 1)
    assert "setelah DPT-HB-Hib 1 diberikan" in second.reason


# --- Ages: calendar months, leap years ------------------------------------------------------------


def test_child_born_on_31_january_is_due_for_2_month_doses_on_31_march():
    birth = date(2025, 1, 31)
    assert dose({}, date(2025, 3, 30), "DPT-HB-Hib1", birth=birth).state is State.DUE_SOON
    assert dose({}, date(2025, 3, 31), "DPT-HB-Hib1", birth=birth).state is State.DUE


def test_leap_day_birth_reaches_one_year_on_28_february():
    """A child born 29 Feb 2024 is 12 months old on 28 Feb 2025: PCV3 white window opens and the
    IDL deadline (before age 1, ILP.md §3.4) is 28 Feb 2025."""
    birth = date(2024, 2, 29)
    given = {"PCV1": date(2024, 4, 29), "PCV2": date(2024, 5, 29)}
    assert dose(given, date(2025, 2, 27), "PCV3", birth=birth).state is State.DUE_SOON
    assert dose(given, date(2025, 2, 28), "PCV3", birth=birth).state is State.DUE
    basket = dict.fromkeys(im.IDL_BASKETS.version("idl-klasik").value.doses, date(2025, 2, 27))
    basket["HB0"] = birth
    assert im.idl_status(birth, basket, date(2025, 3, 1)).complete
    basket["MR1"] = date(2025, 2, 28)
    assert im.idl_status(birth, basket, date(2025, 3, 1)).state == "tidak lengkap"


# --- Next visit -----------------------------------------------------------------------------------


def test_next_visit_is_today_when_a_dose_is_due():
    status = im.evaluate(BIRTH, "P", on_time("HB0", "BCG", "OPV1"), date(2025, 5, 10))
    assert status.next_visit == date(2025, 5, 10)
    assert set(status.next_visit_doses) == {"DPT-HB-Hib1", "OPV2", "PCV1", "RV1"}


def test_next_visit_is_the_next_ideal_age_when_nothing_is_due():
    """All doses up to 4 months given on time: next visit at 9 months (MR1, IPV2 ≥4 months after IPV1)."""
    given = on_time("HB0", "BCG", "OPV1", "DPT-HB-Hib1", "OPV2", "PCV1", "RV1", "DPT-HB-Hib2", "OPV3",
                    "PCV2", "RV2", "DPT-HB-Hib3", "OPV4", "RV3", "IPV1")
    status = im.evaluate(BIRTH, "P", given, date(2025, 8, 15))
    assert status.next_visit == date(2025, 12, 1)
    assert set(status.next_visit_doses) == {"MR1", "IPV2"}
    assert not status.in_state(State.DUE, State.OVERDUE, State.CATCH_UP)


# --- §3.4 IDL / IBL -------------------------------------------------------------------------------


def test_idl_classic_basket_complete_before_first_birthday():
    """ILP.md §3.4 IDL classic basket: HB0, BCG, OPV×4, DPT-HB-Hib×3, IPV×1, MR×1 before age 1."""
    given = on_time("HB0", "BCG", "OPV1", "OPV2", "OPV3", "OPV4", "DPT-HB-Hib1", "DPT-HB-Hib2",
                    "DPT-HB-Hib3", "IPV1", "MR1")
    idl = im.idl_status(BIRTH, given, date(2026, 1, 1))
    assert idl.complete
    assert idl.completed_on == date(2025, 12, 1)
    assert idl.rule_version == "idl-klasik"


def test_idl_new_basket_requires_pcv_rv_and_ipv2():
    """ILP.md §3.4 '17 doses' basket; the default basket is the setting immunization.idl_basket."""
    given = on_time("HB0", "BCG", "OPV1", "OPV2", "OPV3", "OPV4", "DPT-HB-Hib1", "DPT-HB-Hib2",
                    "DPT-HB-Hib3", "IPV1", "MR1")
    assert len(im.IDL_BASKETS.version("idl-antigen-baru").value.doses) == 17
    new = im.idl_status(BIRTH, given, date(2026, 1, 1), basket="idl-antigen-baru")
    assert new.missing == ("PCV1", "PCV2", "RV1", "RV2", "RV3", "IPV2")
    with config.override(**{"immunization.idl_basket": "idl-antigen-baru"}):
        assert not im.evaluate(BIRTH, "P", given, date(2026, 1, 1)).idl.complete


def test_idl_missing_dose_after_first_birthday_is_not_reached():
    given = on_time("HB0", "BCG", "OPV1", "OPV2", "OPV3", "OPV4", "DPT-HB-Hib1", "DPT-HB-Hib2",
                    "DPT-HB-Hib3", "IPV1")
    before = im.idl_status(BIRTH, given, date(2026, 2, 28))
    assert before.state == "belum lengkap"
    assert before.missing == ("MR1",)
    after = im.idl_status(BIRTH, {**given, "MR1": date(2026, 3, 1)}, date(2026, 3, 2))
    assert after.state == "tidak lengkap"
    assert after.reason == "IDL tidak tercapai: MR1 tidak diberikan sebelum 1 Maret 2026 (sebelum umur 1 tahun)."


def test_ibl_lanjutan_doses_before_24_months_and_the_deadline_is_a_setting():
    """ILP.md §3.4 IBL: DPT-HB-Hib4 and MR2 at 12–23(24) months [M]."""
    given = {"DPT-HB-Hib4": date(2026, 9, 1), "MR2": date(2027, 2, 15)}
    assert im.ibl_status(BIRTH, given, date(2027, 3, 1)).complete
    with config.override(**{"immunization.ibl_deadline_months": 23}):
        assert im.ibl_status(BIRTH, given, date(2027, 3, 1)).state == "tidak lengkap"
    with config.override(**{"immunization.ibl_basket": "ibl-antigen-baru"}):
        assert im.ibl_status(BIRTH, given, date(2027, 3, 1)).missing == ("PCV3",)


# --- §3.5 BIAS --------------------------------------------------------------------------------------


def test_bias_kelas_1_mr_in_august_and_dt_in_november():
    """ILP.md §3.2/§3.5: SD kelas 1 — MR (Agustus), DT (November)."""
    birth = date(2018, 3, 1)
    status = im.evaluate(birth, "L", {}, date(2025, 8, 10), school_class=1)
    assert status.dose("MR-BIAS").state is State.DUE
    assert status.dose("DT-BIAS").state is State.NOT_YET
    assert status.dose("DT-BIAS").earliest == date(2025, 11, 1)
    assert im.evaluate(birth, "L", {}, date(2025, 10, 15), school_class=1).dose("DT-BIAS").state is State.DUE_SOON


def test_bias_dose_missed_in_its_month_can_be_completed_until_end_of_school_year():
    birth = date(2018, 3, 1)
    missed = im.evaluate(birth, "L", {}, date(2025, 9, 1), school_class=1).dose("MR-BIAS")
    assert missed.state is State.OVERDUE
    assert missed.last_day == date(2026, 6, 30)
    assert im.evaluate(birth, "L", {}, date(2026, 7, 1), school_class=2).dose("MR-BIAS").state is State.CLOSED
    with config.override(**{"immunization.bias_same_school_year_completion": False}):
        assert im.evaluate(birth, "L", {}, date(2025, 9, 1), school_class=1).dose("MR-BIAS").state is State.CLOSED


def test_hpv_2024_edition_is_two_doses_for_girls_in_kelas_5_and_6():
    """ILP.md §3.2 (schedule to 2024): SD kelas 5 HPV dosis 1 (Agustus, girls); kelas 6 HPV dosis 2.
    It applies to dates before 2025 and stays selectable (§0.1 C1)."""
    birth = date(2013, 3, 1)
    girl = im.evaluate(birth, "P", {}, date(2024, 8, 5), school_class=5)
    assert girl.rule_version == im.SCHEDULE_2024
    assert girl.dose("HPV1").state is State.DUE
    assert girl.dose("HPV2").earliest == date(2025, 8, 1)
    chosen = im.evaluate(birth, "P", {"HPV1": date(2024, 8, 5)}, date(2025, 8, 5), school_class=6,
                         version=im.SCHEDULE_2024)
    assert chosen.dose("HPV2").state is State.DUE


def test_hpv_is_for_girls_only():
    """ILP.md §3.2: HPV is for girls; boys get Td in kelas 5."""
    birth = date(2014, 3, 1)
    boy = im.evaluate(birth, "L", {}, date(2025, 8, 5), school_class=5)
    assert "HPV1" not in {d.code for d in boy.doses}
    assert boy.dose("Td-BIAS5").state is State.NOT_YET


def test_bias_class_is_estimated_from_age_on_1_july():
    """ILP.md §3.5: kelas 1, 2, 5, 6 ≈ ages 7, 8, 11, 12. 7 years old on 1 July 2025 → kelas 1."""
    status = im.evaluate(date(2018, 6, 30), "P", {}, date(2025, 8, 1))
    assert status.dose("MR-BIAS").state is State.DUE
    assert "kelas diperkirakan dari umur" in status.dose("MR-BIAS").reason
    # born 2 July 2018: only 6 on 1 July 2025, so kelas 1 is next school year
    assert im.evaluate(date(2018, 7, 2), "P", {}, date(2025, 8, 1)).dose("MR-BIAS").earliest == date(2026, 8, 1)
    with config.override(**{"immunization.school_class_age_offset": 5}):
        assert im.evaluate(date(2018, 7, 2), "P", {}, date(2025, 8, 1)).dose("MR-BIAS").state is State.DUE


# --- §3.6 Td T status -----------------------------------------------------------------------------


def test_td_t1_to_t5_on_exact_minimum_intervals():
    """ILP.md §3.6: T2 ≥4 weeks after T1, T3 ≥6 months after T2, T4 and T5 ≥1 year after."""
    doses = [date(2020, 1, 1), date(2020, 1, 29), date(2020, 7, 29), date(2021, 7, 29), date(2022, 7, 29)]
    status = im.td_status(doses, date(2023, 1, 1), childhood=None)
    assert status.label == "T5"
    assert [d.level for d in status.doses] == [1, 2, 3, 4, 5]
    assert status.state is State.GIVEN
    assert status.protection_text == "lebih dari 25 tahun"


@pytest.mark.parametrize(
    ("previous", "early", "level"),
    [
        ([date(2020, 1, 1)], date(2020, 1, 28), 1),  # T2 27 days after T1
        ([date(2020, 1, 1), date(2020, 1, 29)], date(2020, 7, 28), 2),  # T3 one day before 6 months
        ([date(2020, 1, 1), date(2020, 1, 29), date(2020, 7, 29)], date(2021, 7, 28), 3),  # T4
        ([date(2020, 1, 1), date(2020, 1, 29), date(2020, 7, 29), date(2021, 7, 29)], date(2022, 7, 28), 4),
    ],
    ids=["T2 <4 weeks", "T3 <6 months", "T4 <1 year", "T5 <1 year"],
)
def test_td_dose_one_day_too_early_does_not_raise_t_status(previous, early, level):
    status = im.td_status(previous + [early], date(2023, 1, 1))
    assert status.level == level
    assert not status.doses[-1].counted
    assert status.state is State.DUE  # the next T dose is still due


def test_td_protection_period_and_next_dose_date():
    """ILP.md §3.6: T2 protects 3 years; T3 ≥6 months after T2."""
    status = im.td_status([date(2025, 1, 1), date(2025, 2, 1)], date(2025, 3, 1))
    assert status.label == "T2"
    assert status.protected_until == date(2028, 2, 1)
    assert status.next_label == "T3"
    assert status.next_earliest == date(2025, 8, 1)
    assert status.state is State.NOT_YET


def test_td_no_dose_means_t1_due_now():
    status = im.td_status([], date(2025, 3, 1))
    assert (status.level, status.state, status.next_label) == (0, State.DUE, "T1")


def test_td_childhood_doses_credit_t_status_and_the_mapping_is_a_setting():
    """ILP.md §3.6 [M]: 3× DPT-HB-Hib = T2, +DPT-HB-Hib4 = T3, +BIAS DT = T4, +BIAS Td = T5."""
    childhood = {"DPT-HB-Hib1": date(2005, 3, 1), "DPT-HB-Hib2": date(2005, 4, 1), "DPT-HB-Hib3": date(2005, 5, 1),
                 "DPT-HB-Hib4": date(2006, 7, 1), "DT-BIAS": date(2012, 11, 5)}
    status = im.td_status([], date(2025, 3, 1), childhood=childhood)
    assert status.label == "T4"
    assert status.credited_from_childhood == ("DPT-HB-Hib3", "DPT-HB-Hib4", "DT-BIAS")
    assert status.next_label == "T5"
    assert status.state is State.DUE
    with config.override(**{"immunization.td_childhood_credit": ()}):
        assert im.td_status([], date(2025, 3, 1), childhood=childhood).label == "T0"


# --- Input handling and versions -------------------------------------------------------------------


def test_dose_names_as_written_in_records_are_understood():
    assert im.dose_code("DPT-HB-Hib 1") == "DPT-HB-Hib1"
    assert im.dose_code("Penta 3") == "DPT-HB-Hib3"
    assert im.dose_code("Polio 2") == "OPV2"
    assert im.dose_code("Campak-Rubela 1") == "MR1"
    assert im.dose_code("hb-0") == "HB0"
    with pytest.raises(ValueError, match="jenis imunisasi tidak dikenal: 'BCG2'"):
        im.dose_code("BCG2")


def test_dose_dated_before_birth_is_rejected():
    with pytest.raises(ValueError, match="sebelum tanggal lahir"):
        im.evaluate(BIRTH, "P", {"BCG": date(2025, 2, 28)}, date(2025, 4, 1))


def test_doses_after_the_evaluation_date_are_ignored():
    status = im.evaluate(BIRTH, "P", {"BCG": date(2025, 3, 20)}, date(2025, 3, 10))
    assert status.dose("BCG").state is State.DUE


def test_sex_is_normalised_by_the_one_sex_normaliser_and_unknown_values_are_refused():
    """siklus.rules.common.sex_code: L/P as on the NIK, also M/F and the words."""
    assert im.evaluate(BIRTH, "f", {}, date(2025, 4, 1)).sex == "P"
    with pytest.raises(ValueError, match="jenis kelamin"):
        im.evaluate(BIRTH, "X", {}, date(2025, 4, 1))


def test_every_result_names_the_schedule_edition():
    status = im.evaluate(BIRTH, "P", {}, date(2025, 4, 1))
    assert status.rule_version == "imunisasi-rutin-2025"
    assert {d.rule_version for d in status.doses} == {"imunisasi-rutin-2025"}
    assert im.SCHEDULE.at(date(2024, 12, 31)).version == "imunisasi-rutin-2024"
    assert im.SCHEDULE.at(date(2023, 7, 1)).version == "imunisasi-rutin-2023-06"


def test_reasons_are_indonesian_with_dates():
    status = im.evaluate(BIRTH, "P", on_time("HB0", "BCG", "OPV1"), date(2025, 5, 10))
    assert status.dose("DPT-HB-Hib1").reason == (
        "Waktunya: umur ideal 2 bulan; berikan sekarang, paling lambat 31 Mei 2025 agar tepat waktu.")
    assert im.format_date(date(2025, 12, 1)) == "1 Desember 2025"
    assert im.age_text(BIRTH, date(2025, 12, 4)) == "9 bulan 3 hari"
    assert im.age_text(BIRTH, date(2028, 5, 1)) == "3 tahun 2 bulan"


def test_by_is_the_end_of_the_window_the_dose_is_in():
    """'By when' per Buku KIA colour (ILP.md §3.3): white → end of the ideal age, yellow → 11 months
    (after that it no longer counts for IDL), pink → 59 months."""
    assert dose({}, date(2025, 5, 10), "DPT-HB-Hib1").by == date(2025, 5, 31)
    assert dose({}, date(2025, 8, 10), "DPT-HB-Hib1").by == date(2026, 2, 28)
    assert dose({}, date(2026, 8, 10), "DPT-HB-Hib1").by == date(2030, 2, 28)
    assert dose({"DPT-HB-Hib1": date(2025, 5, 1)}, date(2025, 8, 10), "DPT-HB-Hib1").by is None


def test_dose_recorded_without_its_previous_dose_is_noted():
    status = dose({"OPV2": date(2025, 5, 5)}, date(2025, 5, 10), "OPV2")
    assert status.valid
    assert status.reason == "Diberikan 5 Mei 2025 (umur 2 bulan 4 hari); OPV1 belum tercatat."


def test_due_soon_horizon_is_a_setting():
    """A dose 40 days ahead is 'belum waktunya' with the 30-day default, 'segera' with 45."""
    on = date(2025, 3, 22)  # DPT-HB-Hib1 from 1 May 2025
    assert dose({}, on, "DPT-HB-Hib1").state is State.NOT_YET
    with config.override(**{"immunization.due_soon_days": 45}):
        assert dose({}, on, "DPT-HB-Hib1").state is State.DUE_SOON


def test_every_immunization_setting_is_documented():
    settings = [s for s in config.declared() if s.name.startswith("immunization.")]
    assert len(settings) == 8  # BCG/OPV1's ideal age is no longer a setting: ILP.md §0.1 C3 settles it
    assert all(s.description and s.source.startswith(("ILP.md", "product")) for s in settings)


def test_bcg_reason_names_the_ideal_age_below_2_months():
    """ILP.md §0.1 C3: BCG ideal '<2 bulan' (0–1 completed months)."""
    assert dose({}, date(2025, 3, 10), "BCG").reason == (
        "Waktunya: umur ideal <2 bulan; berikan sekarang, paling lambat 30 April 2025 agar tepat waktu.")
    assert dose({}, date(2025, 5, 10), "BCG").reason == (
        "Terlambat: umur ideal <2 bulan sudah lewat; masih boleh diberikan sampai umur 11 bulan (28 Februari 2026).")


# --- ILP.md §0.1 C1: HPV is one dose from 2025 (KMK 1098/2024 amended by KMK 35/2025) -------------


def test_the_2025_edition_is_in_force_from_1_january_2025_and_the_2024_edition_before():
    """ILP.md §0.1 C1: a new schedule edition valid from 2025; the 2024 one stays for history."""
    assert im.SCHEDULE.at(date(2024, 12, 31)).version == im.SCHEDULE_2024
    assert im.SCHEDULE.at(date(2025, 1, 1)).version == im.SCHEDULE_2025
    codes_2024 = {d.code for d in im.SCHEDULE.version(im.SCHEDULE_2024).value.school}
    codes_2025 = {d.code for d in im.SCHEDULE.version(im.SCHEDULE_2025).value.school}
    assert codes_2024 - codes_2025 == {"HPV2"}


def test_a_girl_with_one_hpv_dose_is_complete_from_2025():
    """ILP.md §0.1 C1: one recorded HPV dose = complete; nothing more is asked for in kelas 6."""
    girl = im.evaluate(date(2014, 3, 1), "P", {"HPV1": date(2025, 8, 10)}, date(2026, 8, 5))
    assert girl.dose("HPV1").state is State.GIVEN
    assert "HPV2" not in {d.code for d in girl.doses}
    assert "HPV2" not in girl.next_visit_doses


def test_an_hpv2_recorded_under_the_old_schedule_is_history_not_an_unknown_dose():
    """A second dose given in 2024 (HPV 2 doses then) raises no 'not in the schedule' note in 2026."""
    history = {"HPV1": date(2023, 8, 10), "HPV2": date(2024, 8, 10)}
    girl = im.evaluate(date(2012, 3, 1), "P", history, date(2026, 1, 5))
    assert girl.notes == ("JE tidak dijadwalkan: hanya untuk daerah endemis JE.",)


def test_hpv_in_kelas_5_is_due_in_august_and_late_until_the_end_of_the_school_year():
    """ILP.md §0.1 C1: one dose for girls in SD kelas 5, BIAS August."""
    birth = date(2014, 3, 1)
    assert im.evaluate(birth, "P", {}, date(2025, 7, 31), school_class=5).dose("HPV1").state is State.DUE_SOON
    due = im.evaluate(birth, "P", {}, date(2025, 8, 1), school_class=5).dose("HPV1")
    assert (due.state, due.by) == (State.DUE, date(2025, 8, 31))
    late = im.evaluate(birth, "P", {}, date(2026, 6, 30), school_class=5).dose("HPV1")
    assert (late.state, late.by) == (State.OVERDUE, date(2026, 6, 30))


def test_kelas_6_is_only_catch_up_for_a_girl_with_no_hpv_dose():
    """ILP.md §0.1 C1: kelas 6 only as catch-up for girls with no dose (BIAS August of kelas 6)."""
    birth = date(2014, 3, 1)
    waiting = im.evaluate(birth, "P", {}, date(2026, 7, 1), school_class=6).dose("HPV1")
    assert (waiting.state, waiting.earliest) == (State.NOT_YET, date(2026, 8, 1))
    assert im.evaluate(birth, "P", {}, date(2026, 7, 2), school_class=6).dose("HPV1").state is State.DUE_SOON
    catch_up = im.evaluate(birth, "P", {}, date(2026, 8, 1), school_class=6).dose("HPV1")
    assert (catch_up.state, catch_up.by) == (State.CATCH_UP, date(2027, 6, 30))
    assert catch_up.reason == ("Imunisasi kejar: BIAS Agustus 2026, kelas 6, karena BIAS Agustus 2025, kelas 5 "
                               "terlewat; diberikan di sekolah, sampai 30 Juni 2027.")
    assert im.evaluate(birth, "P", {}, date(2027, 6, 30), school_class=6).dose("HPV1").state is State.CATCH_UP
    assert im.evaluate(birth, "P", {}, date(2027, 7, 1), school_class=7).dose("HPV1").state is State.CLOSED


# --- ILP.md §0.1 C2: rotavirus 4-week interval, last dose by 6 months 29 days ------------------------

RV_BIRTH = date(2025, 1, 1)  # 6 months 29 days on 30 July 2025


@pytest.mark.parametrize("version", [im.SCHEDULE_2023_06, im.SCHEDULE_2024, im.SCHEDULE_2025])
def test_every_edition_spaces_rotavirus_doses_by_28_days(version):
    """ILP.md §0.1 C2 (Ditjen P2P IM.02.02/C/3052/2023): minimum interval 4 weeks, not a calendar
    month; rotavirus is in every edition carried (from June 2023)."""
    schedule = im.SCHEDULE.version(version).value
    for code in ("RV2", "RV3"):
        assert (schedule.rule(code).min_interval.months, schedule.rule(code).min_interval.days) == (0, 28)


def test_late_starter_at_5_months_gets_rv2_28_days_after_rv1():
    """RV1 at 5 months (1 June 2025): RV2 from 29 June (28 days), not 1 July (a calendar month)."""
    given = {"RV1": date(2025, 6, 1)}
    assert dose(given, date(2025, 6, 28), "RV2", birth=RV_BIRTH).state is State.DUE_SOON
    rv2 = dose(given, date(2025, 6, 29), "RV2", birth=RV_BIRTH)
    assert (rv2.state, rv2.earliest, rv2.by) == (State.OVERDUE, date(2025, 6, 29), date(2025, 7, 30))


@pytest.mark.parametrize(
    ("rv1", "rv3_state"),
    [
        (date(2025, 6, 4), State.DUE_SOON),  # RV2 2 July, RV3 30 July = 6 months 29 days: all three fit
        (date(2025, 6, 5), State.CLOSED),  # RV3 would be 31 July: only two doses fit
    ],
)
def test_late_starter_gets_every_dose_that_fits_before_6_months_29_days(rv1, rv3_state):
    """ILP.md §0.1 C2: a late starter gets every dose that still fits with 4-week intervals."""
    given = {"RV1": rv1, "RV2": rv1 + timedelta(days=28)}
    rv3 = dose(given, rv1 + timedelta(days=28), "RV3", birth=RV_BIRTH)
    assert rv3.state is rv3_state
    if rv3_state is State.DUE_SOON:
        assert rv3.earliest == date(2025, 7, 30) == rv3.last_day


def test_rv_dose_given_27_days_after_the_previous_is_flagged_and_28_days_is_valid():
    assert dose({"RV1": date(2025, 6, 1), "RV2": date(2025, 6, 29)}, date(2025, 7, 1), "RV2", birth=RV_BIRTH).valid
    early = dose({"RV1": date(2025, 6, 1), "RV2": date(2025, 6, 28)}, date(2025, 7, 1), "RV2", birth=RV_BIRTH)
    assert not early.valid
    assert "kurang dari 4 minggu; paling cepat 29 Juni 2025" in early.reason


# --- Messages: rules return templates and raw parameters ----------------------------------------------


def test_dose_reasons_are_messages_with_raw_parameters():
    """Issue #8 item 4: the interface translates; parameters are dates and ages, not Indonesian text."""
    status = dose({}, date(2025, 5, 10), "DPT-HB-Hib1")
    (why,) = status.why
    assert why.template == "Waktunya: umur ideal %(ideal)s; berikan sekarang, paling lambat %(date)s agar tepat waktu."
    assert why.params["date"] == date(2025, 5, 31)
    assert status.title.template == "DPT-HB-Hib 1"
    english = {"Waktunya: umur ideal %(ideal)s; berikan sekarang, paling lambat %(date)s agar tepat waktu.":
               "Due: ideal age %(ideal)s; give by %(date)s."}
    assert render(status.why, lambda s: english.get(s, s), "en") == "Due: ideal age 2 months; give by 31 May 2025."
