"""Permenkes 2/2020 statuses and their boundary conventions (ILP.md §5.2)."""

from datetime import date

import numpy as np
import pytest

from siklus.rules import config
from siklus.rules.anthropometry import assess, classify, compute
from siklus.rules.anthropometry.status import scale
from siklus.rules.anthropometry.tables import LHFA, table


def label(index, z):
    return classify(index, z).label


def code(index, z):
    return classify(index, z).code


class TestBoundaries:
    """"−3 SD sd < −2 SD": −3.00 is in the band above it; "−2 SD sd +1 SD": +1.00 is normal."""

    @pytest.mark.parametrize(
        "z, expected",
        [
            (-3.01, "Berat badan sangat kurang (severely underweight)"),
            (-3.00, "Berat badan kurang (underweight)"),
            (-2.01, "Berat badan kurang (underweight)"),
            (-2.00, "Berat badan normal"),
            (1.00, "Berat badan normal"),
            (1.01, "Risiko berat badan lebih"),
        ],
    )
    def test_bb_u(self, z, expected):
        assert label("bb_u", z) == expected

    @pytest.mark.parametrize(
        "z, expected",
        [
            (-3.01, "Sangat pendek (severely stunted)"),
            (-3.00, "Pendek (stunted)"),
            (-2.00, "Normal"),
            (3.00, "Normal"),
            (3.01, "Tinggi"),
        ],
    )
    def test_pb_u_tb_u(self, z, expected):
        assert label("tb_u", z) == expected

    @pytest.mark.parametrize(
        "z, expected",
        [
            (-3.01, "Gizi buruk (severely wasted)"),
            (-3.00, "Gizi kurang (wasted)"),
            (-2.00, "Gizi baik (normal)"),  # ILP.md: z = −2.00 is normal
            (1.00, "Gizi baik (normal)"),  # z = +1.00 is normal
            (1.01, "Berisiko gizi lebih (possible risk of overweight)"),
            (2.00, "Berisiko gizi lebih (possible risk of overweight)"),
            (2.01, "Gizi lebih (overweight)"),
            (3.00, "Gizi lebih (overweight)"),  # z = +3.00 is gizi lebih
            (3.01, "Obesitas (obese)"),
        ],
    )
    def test_bb_pb_bb_tb_and_imt_u_0_60(self, z, expected):
        assert label("bb_tb", z) == expected
        assert label("imt_u", z) == expected

    @pytest.mark.parametrize(
        "z, expected",
        [
            (-3.01, "Gizi buruk (severely thinness)"),
            (-3.00, "Gizi kurang (thinness)"),
            (-2.00, "Gizi baik (normal)"),
            (1.00, "Gizi baik (normal)"),
            (1.01, "Gizi lebih (overweight)"),
            (2.00, "Gizi lebih (overweight)"),
            (2.01, "Obesitas (obese)"),
        ],
    )
    def test_imt_u_5_18_years(self, z, expected):
        assert label("imt_u_5_18", z) == expected

    @pytest.mark.parametrize("z, expected", [(-2.01, "Mikrosefali"), (-2.0, "Normal"), (2.0, "Normal"), (2.01, "Makrosefali")])
    def test_lk_u(self, z, expected):
        assert label("lk_u", z) == expected

    def test_z_is_rounded_to_two_decimals_before_classifying(self):
        assert label("tb_u", -2.004) == "Normal"
        assert label("tb_u", -2.006) == "Pendek (stunted)"

    def test_no_z_no_status(self):
        assert classify("bb_u", None) is None and classify("bb_u", float("nan")) is None


class TestCodesNamesAndVersion:
    def test_stable_machine_codes(self):
        assert [c.code for c in scale("bb_tb")[0].categories] == [
            "severely_wasted", "wasted", "normal", "possible_risk_of_overweight", "overweight", "obese",
        ]
        assert code("tb_u", -2.5) == "stunted"

    def test_every_status_names_the_rule_version(self):
        assert classify("bb_u", 0.0).version == "permenkes-2-2020"
        assert classify("bb_u", 0.0, on=date(2019, 6, 1)).version == "permenkes-2-2020"

    def test_length_or_height_in_the_index_name(self):
        assert classify("tb_u", 0, age_days=700).name == "PB/U"
        assert classify("tb_u", 0, age_days=731).name == "TB/U"
        assert classify("bb_tb", 0, age_days=731).name == "BB/TB"


class TestSettings:
    def test_lk_u_cut_offs_are_a_setting(self):
        with config.override(**{"anthropometry.lku_cutoffs": (-3.0, 3.0)}):
            assert label("lk_u", -2.5) == "Normal"
        assert label("lk_u", -2.5) == "Mikrosefali"

    def test_imt_u_5_18_without_the_gizi_buruk_row(self):
        with config.override(**{"anthropometry.imtu_5_18_severe_row": False}):
            assert label("imt_u_5_18", -3.5) == "Gizi kurang (thinness)"


def children(**columns):
    return compute(np.array(columns.pop("sex"), dtype=float), **{k: np.array(v, dtype=float) for k, v in columns.items()})


class TestAssess:
    def test_under_five_indices_and_school_age_imt_u(self):
        z = children(sex=[1, 1, 1], age_months=[30, 100, 217], weight=[9, 25, 60], lenhei=[80, 128, 170], measure=[2, 2, 2])
        result = assess(z)
        assert result.labels["bb_u"].tolist() == ["Berat badan sangat kurang (severely underweight)", None, None]
        assert result.labels["tb_u"][0] == "Sangat pendek (severely stunted)"
        assert result.labels["imt_u"][1] is None
        assert result.labels["imt_u_5_18"][1] is not None
        assert result.labels["imt_u_5_18"][2] is None  # past 18 years 0 months (216)
        assert result.stunting.tolist()[0] == 1.0 and np.isnan(result.stunting[1])

    def test_derived_flags_follow_the_cut_offs(self):
        # lenanthro boys day 400: L = 1, so M·(1 − 2S) is exactly −2 SD: not stunted; 1 mm less is
        t = table(LHFA)
        at_minus_2 = t.m[0, 400] * (1 - 2 * t.s[0, 400])
        z = children(sex=[1, 1], age_days=[400, 400], lenhei=[at_minus_2, at_minus_2 - 0.1], measure=[1, 1])
        assert z.zlen.tolist() == [-2.0, -2.04]
        assert assess(z).stunting.tolist() == [0.0, 1.0]
        cuts = {"stunting": -3.0, "wasting": -2.0, "underweight": -2.0, "overweight": 2.0}
        with config.override(**{"anthropometry.derived_flag_cutoffs": cuts}):
            assert assess(z).stunting.tolist() == [0.0, 0.0]

    def test_oedema_counts_as_the_lowest_category_for_weight_based_indices(self):
        z = children(sex=[2], age_days=[500], weight=[10], lenhei=[78], measure=[1], oedema=[1])
        result = assess(z, oedema=np.array([True]))
        assert result.codes["bb_u"][0] == "severely_underweight"
        assert result.codes["bb_tb"][0] == "severely_wasted"
        assert (result.wasting[0], result.underweight[0]) == (1.0, 1.0)
        assert np.isnan(result.overweight[0])
        assert result.codes["tb_u"][0] is not None  # length is not weight-based
        with config.override(**{"anthropometry.oedema_counts_as_severe": False}):
            quiet = assess(z, oedema=np.array([True]))
        assert quiet.codes["bb_u"][0] is None and np.isnan(quiet.wasting[0])

    @pytest.mark.parametrize(
        "muac, expected",
        [(11.4, "Gizi buruk"), (11.5, "Gizi kurang"), (12.4, "Gizi kurang"), (12.5, "Gizi baik")],
    )
    def test_absolute_lila_cut_offs_6_to_59_months(self, muac, expected):
        z = children(sex=[1], age_months=[20])
        assert assess(z, muac=np.array([muac])).labels["lila"][0] == expected

    def test_lila_cut_offs_do_not_apply_before_6_or_from_60_months(self):
        z = children(sex=[1, 1, 1], age_months=[5.9, 6, 60])
        assert assess(z, muac=np.array([11.0, 11.0, 11.0])).labels["lila"].tolist() == [None, "Gizi buruk", None]

    def test_lila_cut_offs_are_a_setting(self):
        z = children(sex=[1], age_months=[20])
        with config.override(**{"anthropometry.muac_cutoffs_cm": (11.0, 12.0)}):
            assert assess(z, muac=np.array([11.5])).labels["lila"][0] == "Gizi kurang"


class TestOneChild:
    def test_assess_child_gives_the_statuses_that_apply_with_their_names(self):
        from siklus.rules.anthropometry import assess_child

        result = assess_child("P", birth_date=date(2023, 1, 5), visit_date=date(2024, 7, 1),
                              weight_kg=8.1, lenhei_cm=74, measure="l", muac_cm=12.0, headc_cm=44)
        assert result.zscores.zlen == -2.26 and result.stunting is True and result.wasting is False
        assert set(result.statuses) == {"bb_u", "tb_u", "bb_tb", "imt_u", "lk_u", "lila"}
        assert (result.statuses["tb_u"].name, result.statuses["tb_u"].label) == ("PB/U", "Pendek (stunted)")
        assert result.statuses["lila"].label == "Gizi kurang"
        assert result.version == "permenkes-2-2020"

    def test_school_age_child_gets_imt_u_5_18_only(self):
        from siklus.rules.anthropometry import assess_child

        result = assess_child(1, age_months=100, weight_kg=40, lenhei_cm=128)
        assert list(result.statuses) == ["imt_u_5_18"]
        assert result.statuses["imt_u_5_18"].label == "Obesitas (obese)"
        assert result.stunting is None

    def test_under_9_months_measured_standing_is_scored_and_warned_to_measure_lying(self):
        """ILP.md §0.1 C9: keep the +0.7 cm correction and tell the kader to measure again lying
        down (WHO's c9mo_flag) instead of dropping the warning."""
        from siklus.rules.anthropometry import assess_child

        standing = assess_child("L", age_months=6, weight_kg=7.5, lenhei_cm=66, measure="h")
        assert standing.zscores.clenhei == pytest.approx(66.7) and "tb_u" in standing.statuses
        assert [w.code for w in standing.warnings] == ["measure_lying_under_9_months"]
        assert "berbaring" in standing.warnings[0].message
        lying = assess_child("L", age_months=6, weight_kg=7.5, lenhei_cm=66, measure="l")
        at_9 = assess_child("L", age_months=9, weight_kg=8.5, lenhei_cm=71, measure="h")
        assert lying.warnings == () and at_9.warnings == ()
