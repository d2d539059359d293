"""Monthly weighing: N/T/O/B with KBM, 2T, BGM and referral (ILP.md §5.5)."""

from datetime import date

import pytest

from siklus.rules import config, units
from siklus.rules.anthropometry import Weighing, judge, kbm
from siklus.rules.anthropometry.growth import completed_months
from siklus.rules.anthropometry.tables import WFA, table

BIRTH = date(2024, 1, 10)


def codes(weighings, sex="L", birth=BIRTH):
    return [j.code for j in judge(sex, birth, weighings)]


class TestKBM:
    @pytest.mark.parametrize(
        "month, grams",
        [(1, 800), (2, 900), (3, 800), (4, 600), (5, 500), (6, 400), (7, 300), (10, 300), (11, 200), (60, 200)],
    )
    def test_buku_kia_2023_row(self, month, grams):
        # ILP.md §5.5: 800, 900, 800, 600, 500, 400, 300 (7–10), 200 (≥ 11 to 60)
        assert kbm(month, date(2024, 6, 1)) == (grams, "buku-kia-2023")

    def test_month_zero_uses_the_first_value_and_past_60_months_there_is_none(self):
        assert kbm(0, date(2024, 1, 1))[0] == 800
        assert kbm(61, date(2024, 1, 1))[0] is None

    @pytest.mark.parametrize("month, grams", [(6, 400), (7, 400), (8, 300), (10, 300), (11, 200)])
    def test_the_2008_kms_edition_applies_to_weighings_before_2023(self, month, grams):
        assert kbm(month, date(2015, 3, 1)) == (grams, "kms-2008")

    def test_kbm_at_7_months_is_an_open_question_kept_as_a_setting(self):
        """ILP.md §0.1 C10: 300 g in the Buku KIA 2023 print (default), 400 g in the older KMS."""
        setting = next(s for s in config.declared() if s.name == "anthropometry.kbm.buku_kia_2023")
        assert "C10" in setting.source and "400 g" in setting.description
        assert dict(setting.default)[7] == 300
        # born 10 Jan 2024, 7.0 kg on 10 Aug (7 completed months), +350 g on 10 Sep (8 months)
        birth = date(2024, 1, 10)
        gain_at_7 = [Weighing(date(2024, 7, 10), 7.0), Weighing(date(2024, 8, 10), 7.35)]
        assert codes(gain_at_7, birth=birth) == ["B", "N"]
        kms = ((0, 800), (2, 900), (3, 800), (4, 600), (5, 500), (6, 400), (8, 300), (11, 200))
        with config.override(**{"anthropometry.kbm.buku_kia_2023": kms}):
            assert codes(gain_at_7, birth=birth) == ["B", "T"]
            assert kbm(7, date(2024, 8, 10))[0] == 400

    def test_the_column_mapping_is_a_setting(self):
        local = ((0, 800), (2, 900), (3, 600), (4, 600), (5, 500), (6, 400), (7, 300), (11, 200))
        with config.override(**{"anthropometry.kbm.buku_kia_2023": local}):
            assert kbm(3, date(2024, 6, 1))[0] == 600  # a local file with 600 g at month 3
        assert kbm(3, date(2024, 6, 1))[0] == 800


class TestCompletedMonths:
    @pytest.mark.parametrize(
        "on, months",
        [(date(2024, 2, 9), 0), (date(2024, 2, 10), 1), (date(2025, 1, 9), 11), (date(2025, 1, 10), 12)],
    )
    def test_umur_bulan_penuh(self, on, months):
        assert completed_months(BIRTH, on) == months


class TestKbmAgeBasis:
    """ILP.md §0.1 C10: which age picks the KBM is open — completed months (default) or the KMS
    calendar column (calendar months since the birth month)."""

    def test_default_is_completed_months(self):
        setting = next(s for s in config.declared() if s.name == "anthropometry.kbm_age_basis")
        assert setting.default == "completed_months" and "C10" in setting.source
        # born 20 Jan, weighed 5 Mar: 1 completed month, KMS column 2
        j = judge("L", date(2024, 1, 20), [Weighing(date(2024, 2, 5), 4.0), Weighing(date(2024, 3, 5), 4.85)])[1]
        assert (j.age_months, j.kbm_g, j.code) == (1, 800, "N")

    def test_the_kms_calendar_column_changes_the_kbm(self):
        with config.override(**{"anthropometry.kbm_age_basis": "calendar_column"}):
            j = judge("L", date(2024, 1, 20), [Weighing(date(2024, 2, 5), 4.0), Weighing(date(2024, 3, 5), 4.85)])[1]
        assert (j.age_months, j.kbm_g, j.code) == (2, 900, "T")

    def test_on_the_month_day_both_bases_agree(self):
        series = [Weighing(date(2024, 2, 20), 4.0), Weighing(date(2024, 3, 20), 4.85)]
        default = judge("L", date(2024, 1, 20), series)[1]
        with config.override(**{"anthropometry.kbm_age_basis": "calendar_column"}):
            column = judge("L", date(2024, 1, 20), series)[1]
        assert default.age_months == column.age_months == 2


class TestCodes:
    def test_first_weighing_is_b(self):
        assert codes([Weighing(date(2024, 3, 12), 5.0)]) == ["B"]

    def test_gain_reaching_kbm_is_n_below_is_t(self):
        # 2 months at 10 March: KBM 900 g
        series = [Weighing(date(2024, 2, 11), 4.0), Weighing(date(2024, 3, 10), 4.9)]
        assert codes(series) == ["B", "N"]
        series = [Weighing(date(2024, 2, 11), 4.0), Weighing(date(2024, 3, 10), 4.899)]
        assert codes(series) == ["B", "T"]

    def test_no_gain_or_weight_loss_is_t(self):
        series = [Weighing(date(2024, 5, 10), 6.0), Weighing(date(2024, 6, 10), 6.0), Weighing(date(2024, 7, 10), 5.8)]
        assert codes(series) == ["B", "T", "T"]

    def test_not_weighed_last_month_is_o(self):
        series = [Weighing(date(2024, 3, 10), 5.0), Weighing(date(2024, 5, 10), 6.8)]
        result = judge("P", BIRTH, series)
        assert [j.code for j in result] == ["B", "O"]
        assert (result[1].months_since, result[1].gain_g, result[1].kbm_g) == (2, 1800, None)

    def test_kbm_per_month_gap_rule(self):
        series = [Weighing(date(2024, 3, 10), 5.0), Weighing(date(2024, 5, 10), 6.0)]
        with config.override(**{"anthropometry.kbm_gap_rule": "kbm_per_month"}):
            result = judge("P", BIRTH, series)
        # 4 months at 10 May: KBM 600 g × 2 months = 1200 g > 1000 g gained
        assert (result[1].code, result[1].kbm_g) == ("T", 1200)

    def test_consecutive_calendar_months_count_even_if_close(self):
        series = [Weighing(date(2024, 3, 30), 5.0), Weighing(date(2024, 4, 2), 5.0)]
        assert codes(series) == ["B", "T"]

    def test_a_second_weighing_in_the_same_month_replaces_the_first(self):
        series = [
            Weighing(date(2024, 3, 5), 5.0),
            Weighing(date(2024, 4, 5), 5.5),  # T (KBM at 2 months is 900 g)
            Weighing(date(2024, 4, 25), 5.9),  # re-weighed the same month, compared with March
            Weighing(date(2024, 5, 10), 6.6),  # compared with 25 April
        ]
        result = judge("L", BIRTH, series)
        assert [j.code for j in result] == ["B", "T", "N", "N"]
        assert result[3].gain_g == 700

    def test_weighings_are_judged_in_date_order(self):
        series = [Weighing(date(2024, 4, 10), 6.0), Weighing(date(2024, 3, 10), 5.0)]
        assert [j.date for j in judge("L", BIRTH, series)] == [date(2024, 3, 10), date(2024, 4, 10)]

    def test_past_60_months_there_is_no_judgement(self):
        birth = date(2018, 1, 1)
        assert codes([Weighing(date(2023, 1, 5), 18.0), Weighing(date(2023, 2, 5), 18.5)], birth=birth) == ["B", None]  # 60, then 61 months

    def test_impossible_weighings_are_rejected(self):
        with pytest.raises(ValueError):
            judge("L", BIRTH, [Weighing(date(2023, 12, 1), 3.0)])
        with pytest.raises(ValueError):
            judge("L", BIRTH, [Weighing(date(2024, 2, 1), 0)])


class TestTwoTBGMAndReferral:
    SERIES = [
        Weighing(date(2024, 6, 10), 7.0),
        Weighing(date(2024, 7, 10), 7.1),  # T
        Weighing(date(2024, 8, 10), 7.2),  # T again: 2T
        Weighing(date(2024, 9, 10), 7.8),  # N (KBM 300 g at 8 months)
    ]

    def test_two_consecutive_t_is_2t(self):
        result = judge("L", BIRTH, self.SERIES)
        assert [j.code for j in result] == ["B", "T", "T", "N"]
        assert [j.two_t for j in result] == [False, False, True, False]

    def test_buku_kia_2023_refers_at_every_t(self):
        result = judge("L", BIRTH, self.SERIES)
        assert [j.refer for j in result] == [False, True, True, False]
        assert result[1].reasons == ("T",) and result[2].reasons == ("2T",)

    def test_classic_kms_refers_at_2t(self):
        with config.override(**{"anthropometry.referral_rule": "2T"}):
            result = judge("L", BIRTH, self.SERIES)
        assert [j.refer for j in result] == [False, False, True, False]

    def test_bgm_below_minus_3_sd_weight_for_age_refers_under_both_rules(self):
        # 5.5 kg for a boy of 8 months is below the −3 SD line (weianthro boys day 243)
        series = [Weighing(date(2024, 8, 10), 5.5), Weighing(date(2024, 9, 10), 6.0)]
        for rule in ("T", "2T"):
            with config.override(**{"anthropometry.referral_rule": rule}):
                result = judge("L", BIRTH, series)
            assert result[0].zwei < -3 and result[0].bgm and result[0].refer
            assert result[0].code == "B" and result[0].reasons == ("BGM",)
            assert result[1].code == "N" and result[1].bgm

    @staticmethod
    def weight_at(z, on=date(2024, 7, 10)):
        """The weight of a boy born BIRTH at weight-for-age z on ``on`` (WHO LMS, day row)."""
        t = table(WFA)
        day = (on - BIRTH).days
        l, m, s = t.l[0, day], t.m[0, day], t.s[0, day]
        return float(m * (1 + l * s * z) ** (1 / l))

    @pytest.mark.parametrize("z, refer", [(0.99, False), (1.0, False), (1.01, True), (2.5, True)])
    def test_above_the_orange_line_is_referred_by_default(self, z, refer):
        """ILP.md §0.1 C8, Buku KIA 2023 p. 54: "Rujuk bila … di Atas Garis Oranye" — the default,
        not an option. The line is weight-for-age +1 SD (setting; "di atas": strictly above)."""
        result = judge("L", BIRTH, [Weighing(date(2024, 7, 10), self.weight_at(z))])[0]
        assert result.zwei == z
        assert (result.above_orange, result.refer) == (refer, refer)
        assert result.reasons == (("above line",) if refer else ())

    def test_above_the_orange_line_is_referred_even_when_the_weight_went_up(self):
        series = [Weighing(date(2024, 6, 10), self.weight_at(1.5, date(2024, 6, 10))),
                  Weighing(date(2024, 7, 10), self.weight_at(1.6))]
        result = judge("L", BIRTH, series)[1]
        assert result.code == "N" and result.gain_g >= result.kbm_g
        assert result.refer and result.reasons == ("above line",)

    def test_the_orange_line_z_is_a_setting(self):
        weighing = [Weighing(date(2024, 7, 10), self.weight_at(1.5))]
        assert judge("L", BIRTH, weighing)[0].refer is True
        with config.override(**{"anthropometry.referral_above_wfa_z": 2.0}):
            result = judge("L", BIRTH, weighing)[0]
        assert (result.above_orange, result.refer) == (False, False)

    def test_weights_in_grams_are_refused_naming_the_unit(self):
        """ILP.md §0.1 C6: 7100 is grams."""
        with pytest.raises(units.ImplausibleValue, match="gram"):
            judge("L", BIRTH, [Weighing(date(2024, 7, 10), 7100)])

    def test_oedema_gives_no_weight_for_age_and_no_bgm(self):
        result = judge("L", BIRTH, [Weighing(date(2024, 8, 10), 5.5, oedema=True)])[0]
        assert result.zwei is None and result.bgm is False


def test_the_statuses_that_refer_a_child_are_a_setting():
    """Juknis ILP sends gizi kurang/buruk, underweight and stunting to the Puskesmas team (ILP.md §5.5)."""
    from siklus.rules.anthropometry.settings import refers

    assert refers("severely_wasted") and refers("stunted") and not refers("normal") and not refers(None)
    with config.override(**{"anthropometry.referral_statuses": ("severely_wasted",)}):
        assert refers("severely_wasted") and not refers("stunted")
