"""WHO z-scores, case by case (ILP.md §5.3, §5.4, §5.6).

Expected values marked "WHO anthro" are the examples in the tests of WHO's R package anthro
(tests/testthat); the others follow from the WHO tables themselves (row quoted).
"""

from datetime import date

import numpy as np
import pytest

from siklus.rules import config, units
from siklus.rules.anthropometry import child, compute, lms
from siklus.rules.anthropometry.tables import ACFA, HFA_2007, LHFA, WFA, WFA_2007, WFH, WFL, table
from siklus.rules.anthropometry.zscores import LYING, STANDING, measure_code, oedema_code, sex_code


def wfa_row(sex_row, day):
    t = table(WFA)
    return t.l[sex_row, day], t.m[sex_row, day], t.s[sex_row, day]


class TestTablesComeFromTheInstalledPackages:
    def test_who2006_daily_rows_day_0_and_the_last_day_1856(self):
        # WHO weianthro.txt: boys day 0 L 0.3487 M 3.3464 S 0.14602
        assert wfa_row(0, 0) == (0.3487, 3.3464, 0.14602)
        assert not np.isnan(table(LHFA).m[:, 1856]).any()

    def test_weight_for_length_and_height_cover_45_110_and_65_120_cm(self):
        assert (table(WFL).x[0], round(table(WFL).x[-1], 1)) == (45.0, 110.0)
        assert (table(WFH).x[0], round(table(WFH).x[-1], 1)) == (65.0, 120.0)

    def test_arm_circumference_from_day_91_to_1826(self):
        m = table(ACFA).m[0]
        assert np.isnan(m[90]) and m[91] == 13.4779 and m[1826] == 16.5189 and np.isnan(m[1827])

    def test_who2007_height_for_age_61_to_228_months(self):
        # WHO hfa-boys-z-who-2007: 61 months M 110.2647 S 0.04164; girls 228 months 163.1548
        t = table(HFA_2007)
        assert (t.m[0, 61], t.s[0, 61], t.m[1, 228]) == (110.2647, 0.04164, 163.1548)
        assert np.isnan(t.m[0, 60])


class TestWHOExamples:
    def test_length_for_age_uses_the_corrected_length(self):
        # WHO anthro: boy, 987 days, 72.86 cm lying → height 72.16, zlen −6.09, flagged
        result = child(1, age_days=987, lenhei_cm=72.86, measure="l")
        assert (result.clenhei, result.zlen, result.flen) == (pytest.approx(72.16), -6.09, True)

    def test_length_for_age_at_44_days_is_the_plain_lms(self):
        # WHO anthro: round(((50 / 56.4833)^1 − 1) / 0.03492, 2)
        assert child(1, age_days=44, lenhei_cm=50).zlen == round((50 / 56.4833 - 1) / 0.03492, 2)

    def test_weight_for_age_girl_1522_days(self):
        # WHO anthro: 17 kg, girl, 1522 days → 0.24, not flagged
        result = child(2, age_days=1522, weight_kg=17)
        assert (result.zwei, result.fwei) == (0.24, False)

    def test_weight_for_age_above_5_is_flagged(self):
        # WHO anthro: 10.37 kg for a girl of one day
        assert child(2, age_days=1, weight_kg=10.37).fwei is True

    def test_24_months_is_day_731_and_uses_the_height_table(self):
        # WHO anthro: girl, 24 months (730.5 days → 731), 77.5 cm, position unknown → −2.55
        result = child(2, age_months=24, lenhei_cm=77.5)
        assert (result.age_days, result.zlen) == (731, -2.55)
        assert child(2, age_months=24, lenhei_cm=77.5, measure="h").zlen == -2.55

    def test_standing_under_9_months_is_corrected_and_flagged_for_measuring_again_lying(self):
        """ILP.md §0.1 C9: a child under 9 months measured standing gets +0.7 cm as any child
        under 24 months, and WHO's c9mo_flag is kept as a warning (measure lying down again)."""
        at_8 = child(1, age_months=8, lenhei_cm=60, measure="h")
        assert at_8.clenhei == pytest.approx(60.7)
        assert at_8.zlen == child(1, age_months=8, lenhei_cm=60.7).zlen
        assert at_8.c9mo_flag is True

    @pytest.mark.parametrize(
        "months, measure, flagged",
        [(8.99, "h", True), (9, "h", False), (8, "l", False), (8, None, False), (0, "h", True)],
    )
    def test_c9mo_flag_only_under_9_months_and_only_standing(self, months, measure, flagged):
        """WHO anthro: measure == "h" & age_in_months < 9."""
        assert child(1, age_months=months, lenhei_cm=65, measure=measure).c9mo_flag is flagged

    def test_wholly_as_who_anthro_r_the_position_can_be_ignored_but_the_flag_stays(self):
        # WHO anthro ≥ 1.0: boy 60 cm "standing" at 8 months → not corrected (−4.81); at 9
        # months → +0.7 cm (−5.02)
        with config.override(**{"anthropometry.standing_under_9_months": "ignore_position"}):
            at_8 = child(1, age_months=8, lenhei_cm=60, measure="h")
            at_9 = child(1, age_months=9, lenhei_cm=60, measure="h")
        assert (at_8.clenhei, at_8.zlen, at_8.c9mo_flag) == (60.0, -4.81, True)
        assert (at_9.clenhei, at_9.zlen, at_9.c9mo_flag) == (pytest.approx(60.7), -5.02, False)

    def test_the_vector_api_gives_the_flag_as_a_column(self):
        result = compute(np.array([1, 1, 2.0]), age_months=np.array([3, 3, 12.0]), lenhei=np.array([60, 60, 75.0]),
                         measure=np.array([STANDING, LYING, STANDING]))
        assert result.c9mo_flag.tolist() == [1.0, 0.0, 0.0]

    def test_bmi_uses_the_corrected_length(self):
        # WHO anthro: 20 kg, 100 cm → BMI 20
        assert child(1, age_days=30, weight_kg=20, lenhei_cm=100).cbmi == pytest.approx(20.0)


class TestAge:
    def test_age_zero(self):
        # weianthro boys day 0: M 3.3464 → z 0 at the median
        result = child("L", age_days=0, weight_kg=3.3464, lenhei_cm=49.8842)
        assert (result.zwei, result.zlen) == (0.0, 0.0)

    def test_age_in_months_days_and_dates_agree(self):
        by_months = child(1, age_months=30, weight_kg=13)
        by_days = child(1, age_days=30 * 30.4375, weight_kg=13)
        by_dates = child(1, birth_date=date(2020, 1, 1), visit_date=date(2022, 7, 2), weight_kg=13)
        assert by_months.zwei == by_days.zwei == by_dates.zwei
        assert by_dates.age_days == 913

    def test_days_round_half_up(self):
        assert child(1, age_days=730.5, lenhei_cm=80).age_days == 731
        assert child(1, age_days=730.49, lenhei_cm=80).age_days == 730

    def test_negative_or_missing_age_gives_no_age_based_score(self):
        for age in (-1, None):
            result = child(1, age_days=age, weight_kg=10, lenhei_cm=80, measure="l")
            assert result.zwei is None and result.zlen is None and result.zbmi is None
            assert result.zwfl is not None  # weight-for-length needs no age

    def test_arm_circumference_only_from_91_days(self):
        assert child(1, age_days=90, muac_cm=13.5).zac is None
        assert child(1, age_days=91, muac_cm=13.4779).zac == 0.0


class TestLengthOrHeight:
    """ILP.md §5.3: < 731 days lying; standing +0.7 cm; ≥ 731 days standing; lying −0.7 cm."""

    @pytest.mark.parametrize(
        "day, measure, corrected, table_used",
        [
            (730, "l", 80.0, "length"),
            (730, "h", 80.7, "length"),
            (731, "h", 80.0, "height"),
            (731, "l", 79.3, "height"),
            (730, None, 80.0, "length"),
            (731, None, 80.0, "height"),
        ],
    )
    def test_correction_and_table_at_730_and_731_days(self, day, measure, corrected, table_used):
        result = child(1, age_days=day, weight_kg=10.5, lenhei_cm=80.0, measure=measure)
        assert result.clenhei == pytest.approx(corrected)
        assert result.wflh_table == table_used

    def test_weight_for_length_interpolates_between_0_1_cm_rows(self):
        # wflanthro boys 60.0 and 60.1 cm; 60.05 cm lies half way
        t = table(WFL)
        col = 150  # (60.0 − 45) × 10
        l, m, s = ((v[0, col] + v[0, col + 1]) / 2 for v in (t.l, t.m, t.s))
        expected = round(float(lms.zscore(5.0, l, m, s, restricted=True)), 2)
        assert child(1, age_days=100, weight_kg=5.0, lenhei_cm=60.05, measure="l").zwfl == expected

    @pytest.mark.parametrize("cm, inside", [(44.9, False), (45.0, True), (110.0, True), (110.1, False)])
    def test_length_table_covers_45_to_110_cm(self, cm, inside):
        result = child(1, age_days=300, weight_kg=8, lenhei_cm=cm, measure="l")
        assert (result.zwfl is not None) is inside
        assert result.zlen is not None  # length-for-age is computed whatever the length

    @pytest.mark.parametrize("cm, inside", [(64.9, False), (65.0, True), (120.0, True), (120.1, False)])
    def test_height_table_covers_65_to_120_cm(self, cm, inside):
        result = child(1, age_days=1000, weight_kg=14, lenhei_cm=cm, measure="h")
        assert (result.zwfl is not None) is inside

    def test_without_age_the_position_or_87_cm_chooses_the_table(self):
        assert child(1, weight_kg=12, lenhei_cm=90, measure="l").wflh_table == "length"
        assert child(1, weight_kg=9, lenhei_cm=70, measure="h").wflh_table == "height"
        assert child(1, weight_kg=11, lenhei_cm=86.9).wflh_table == "length"
        assert child(1, weight_kg=12, lenhei_cm=87.0).wflh_table == "height"


class TestRestrictedLMS:
    """ILP.md §5.4: linear beyond ±3 SD for weight, BMI, arm circumference; not for length."""

    @pytest.mark.parametrize("sd", [3.0, -3.0])
    def test_exactly_three_sd_is_three(self, sd):
        l, m, s = wfa_row(0, 365)
        weight = float(lms.value_at(sd, l, m, s))
        assert child(1, age_days=365, weight_kg=weight).zwei == sd

    def test_beyond_three_sd_one_unit_is_the_distance_between_the_2_and_3_sd_lines(self):
        l, m, s = wfa_row(0, 365)
        sd2, sd3 = (float(lms.value_at(z, l, m, s)) for z in (2, 3))
        assert child(1, age_days=365, weight_kg=sd3 + (sd3 - sd2)).zwei == 4.0
        sd2n, sd3n = (float(lms.value_at(z, l, m, s)) for z in (-2, -3))
        assert child(1, age_days=365, weight_kg=sd3n - 0.5 * (sd2n - sd3n)).zwei == -3.5

    def test_restricted_differs_from_the_plain_lms_beyond_three_sd(self):
        l, m, s = wfa_row(0, 365)
        heavy = float(lms.value_at(5, l, m, s))
        sd2, sd3 = (float(lms.value_at(z, l, m, s)) for z in (2, 3))
        assert float(lms.zscore(heavy, l, m, s, restricted=False)) == pytest.approx(5.0)
        restricted = child(1, age_days=365, weight_kg=heavy).zwei
        assert restricted == round(3 + (heavy - sd3) / (sd3 - sd2), 2) == 5.33

    def test_length_for_age_is_not_restricted(self):
        t = table(LHFA)
        m, s = t.m[0, 365], t.s[0, 365]
        tall = m * (1 + 4.5 * s)  # L = 1: plain normal z
        assert child(1, age_days=365, lenhei_cm=tall, measure="l").zlen == 4.5

    def test_log_form_when_l_is_zero(self):
        assert float(lms.zscore(np.e, 0.0, 1.0, 0.5, restricted=False)) == pytest.approx(2.0)
        assert float(lms.value_at(2.0, 0.0, 1.0, 0.5)) == pytest.approx(np.e)


class TestOedemaAndBadValues:
    def test_oedema_blanks_weight_for_age_weight_for_length_and_bmi(self):
        result = child(1, age_days=400, weight_kg=8, lenhei_cm=75, measure="l", muac_cm=12, oedema="y")
        assert (result.zwei, result.zwfl, result.zbmi, result.fwei) == (None, None, None, None)
        assert result.zlen is not None and result.zac is not None

    def test_oedema_blanks_who2007_weight_and_bmi(self):
        result = child(2, age_months=100, weight_kg=25, lenhei_cm=128, oedema=True)
        assert (result.zwei, result.zbmi) == (None, None) and result.zlen is not None

    @pytest.mark.parametrize("weight", [0, -1])
    def test_measurement_at_or_below_zero_gives_no_score(self, weight):
        result = child(1, age_days=100, weight_kg=weight, lenhei_cm=60, measure="l")
        assert result.zwei is None and result.zwfl is None and result.zlen is not None

    def test_missing_sex_gives_no_score(self):
        result = compute(np.array([np.nan]), age_days=100.0, weight=6.0)
        assert np.isnan(result.zwei[0])

    def test_codes_accept_indonesian_and_english_spellings(self):
        assert [sex_code(v) for v in (1, "2", "L", "p", "M", "f")] == [1, 2, 1, 2, 1, 2]
        assert (measure_code("L"), measure_code("h"), measure_code(None)) == (LYING, STANDING, 0)
        assert (oedema_code("y"), oedema_code("N"), oedema_code(None)) == (True, False, False)
        with pytest.raises(ValueError):
            sex_code("X")


class TestSeamBetweenWHO2006AndWHO2007:
    """ILP.md §5.6: WHO 2006 below 61 months (days ≤ 1856), WHO 2007 from 61 months."""

    def test_day_1856_is_who2006_and_day_1857_is_who2007(self):
        last = child(1, age_days=1856, weight_kg=18, lenhei_cm=110, measure="h")
        first = child(1, age_days=1857, weight_kg=18, lenhei_cm=110, measure="h")
        assert (last.reference, first.reference) == ("WHO 2006", "WHO 2007")
        assert last.zwfl is not None and first.zwfl is None  # no weight-for-height after 5 years
        # WHO 2007 at 61.01 months interpolates the 61 and 62 month rows of hfa-boys
        t = table(HFA_2007)
        months = 1857 / 30.4375
        m = t.m[0, 61] + (months - 61) * (t.m[0, 62] - t.m[0, 61])
        s = t.s[0, 61] + (months - 61) * (t.s[0, 62] - t.s[0, 61])
        assert first.zlen == round((110 / m - 1) / s, 2)

    def test_half_a_day_before_61_months_uses_the_61_month_row(self):
        # 60.995 months rounds to day 1857, past the daily table: WHO 2007, first row
        result = child(1, age_months=60.995, lenhei_cm=110)
        t = table(HFA_2007)
        assert result.reference == "WHO 2007"
        assert result.zlen == round((110 / t.m[0, 61] - 1) / t.s[0, 61], 2)

    def test_anthro_r_upper_bound_of_60_months(self):
        with config.override(**{"anthropometry.who2006_upper_age_months": 60}):
            assert child(1, age_months=59.99, weight_kg=18).zwei is not None
            assert child(1, age_months=60.5, weight_kg=18).zwei is None
            assert child(1, age_months=61, weight_kg=18).reference == "WHO 2007"

    @pytest.mark.parametrize(
        "months, has_weight_for_age",
        [(119.99, True), (120.0, True), (120.01, False), (120.5, False), (121, False)],
    )
    def test_weight_for_age_to_120_months_inclusive(self, months, has_weight_for_age):
        """ILP.md §5.6, anthroplus zscores.R: "age_in_months >= 60 & age_in_months <= 120"."""
        assert (child(1, age_months=months, weight_kg=30).zwei is not None) is has_weight_for_age

    @pytest.mark.parametrize(
        "months, has_scores", [(227.99, True), (228.0, True), (228.01, False), (228.6, False), (229, False)]
    )
    def test_height_and_bmi_for_age_to_228_months_inclusive(self, months, has_scores):
        result = child(1, age_months=months, weight_kg=60, lenhei_cm=170)
        assert (result.zlen is not None, result.zbmi is not None) == (has_scores, has_scores)
        assert (result.reference == "WHO 2007") is has_scores

    def test_at_exactly_120_and_228_months_the_last_table_row_is_used(self):
        t_wfa, t_hfa = table(WFA_2007), table(HFA_2007)
        z = child(2, age_months=120.0, weight_kg=31.8578).zwei
        assert z == 0.0 and t_wfa.m[1, 120] == 31.8578
        assert child(2, age_months=228.0, lenhei_cm=163.1548).zlen == 0.0 and t_hfa.m[1, 228] == 163.1548

    def test_the_bounds_hold_on_ages_from_days(self):
        """Months are days / 30.4375: 120.0 months is day 3652.5; from dates, day 3652 (119.98)
        has a weight-for-age z and day 3653 (120.02) none."""
        assert child(1, age_days=3652, weight_kg=30).zwei is not None
        assert child(1, age_days=3653, weight_kg=30).zwei is None
        assert child(1, age_days=6939, lenhei_cm=170).zlen is not None  # 227.98 months
        assert child(1, age_days=6940, lenhei_cm=170).zlen is None  # 228.01 months


class TestIndexSwitchAgeBasis:
    """ILP.md §0.1 C10: whether the 0–60 / 5–18 switch follows days ÷ 30.4375 (default, WHO's
    software) or completed calendar months (bulan penuh) is open: a setting."""

    # born 31 Jan 2020: on 28 Feb 2025 60 completed months (1855 days = 60.94 months); on
    # 1 Mar 2025 61 completed months, but 1856 days = 60.98 months (still WHO 2006 by days)
    BIRTH = date(2020, 1, 31)

    def test_default_follows_days(self):
        setting = next(s for s in config.declared() if s.name == "anthropometry.index_switch_age_basis")
        assert setting.default == "days" and "C10" in setting.source
        result = child(1, birth_date=self.BIRTH, visit_date=date(2025, 3, 1), weight_kg=18, lenhei_cm=110)
        assert result.reference == "WHO 2006"

    def test_completed_months_switch_at_the_61st_month_day(self):
        with config.override(**{"anthropometry.index_switch_age_basis": "completed_months"}):
            before = child(1, birth_date=self.BIRTH, visit_date=date(2025, 2, 28), weight_kg=18, lenhei_cm=110)
            after = child(1, birth_date=self.BIRTH, visit_date=date(2025, 3, 1), weight_kg=18, lenhei_cm=110)
        assert before.reference == "WHO 2006" and after.reference == "WHO 2007"
        assert after.zlen == child(1, age_months=61, lenhei_cm=110).zlen  # the first WHO 2007 row

    def test_without_dates_the_days_are_used(self):
        with config.override(**{"anthropometry.index_switch_age_basis": "completed_months"}):
            assert child(1, age_days=1856, weight_kg=18).reference == "WHO 2006"


class TestUnitGuard:
    def test_weight_in_grams_or_length_in_metres_is_refused_naming_the_unit(self):
        """ILP.md §0.1 C6: the scalar entry point refuses unit slips instead of scoring them."""
        with pytest.raises(units.ImplausibleValue, match="gram"):
            child(1, age_months=12, weight_kg=9500)
        with pytest.raises(units.ImplausibleValue, match="meter"):
            child(1, age_months=30, lenhei_cm=0.9)


class TestVectorAndScalarAgree:
    def test_scalar_wrapper_equals_the_vector_result(self):
        sexes = np.array([1, 2, 1, 2.0])
        days = np.array([0, 400, 1000, 2500.0])
        weight = np.array([3.1, 9.0, 14.0, 24.0])
        lenhei = np.array([50.0, 74.0, 96.0, 125.0])
        measure = np.array([1, 1, 2, 2.0])
        vector = compute(sexes, age_days=days, weight=weight, lenhei=lenhei, measure=measure)
        for i in range(4):
            one = child(int(sexes[i]), age_days=days[i], weight_kg=weight[i], lenhei_cm=lenhei[i],
                        measure="l" if measure[i] == 1 else "h")
            for name in ("zwei", "zlen", "zwfl", "zbmi"):
                expected = getattr(vector, name)[i]
                assert getattr(one, name) == (None if np.isnan(expected) else expected)

    def test_columns_of_different_lengths_are_rejected(self):
        with pytest.raises(ValueError):
            compute(np.array([1, 2]), age_days=np.array([1, 2, 3]))
