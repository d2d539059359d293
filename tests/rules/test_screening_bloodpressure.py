"""Blood pressure — ILP.md §4.3 "Blood pressure (adults)" and "(children/adolescents)"."""

import pytest

from siklus.rules import config
from siklus.rules.screening import bloodpressure as bp


class TestAdultTable:
    @pytest.mark.parametrize(
        "sbp, dbp, code",
        [
            (119, 79, "optimal"),
            (120, 79, "normal"),
            (119, 80, "normal"),
            (129, 84, "normal"),
            (130, 84, "normal_tinggi"),
            (129, 85, "normal_tinggi"),
            (139, 89, "normal_tinggi"),
            (140, 89, "hipertensi_1"),
            (139, 90, "hipertensi_1"),
            (140, 90, "hipertensi_1"),
            (159, 99, "hipertensi_1"),
            (160, 99, "hipertensi_2"),
            (159, 100, "hipertensi_2"),
            (179, 109, "hipertensi_2"),
            (180, 109, "hipertensi_3"),
            (179, 110, "hipertensi_3"),
        ],
    )
    def test_rows_and_boundaries(self, sbp, dbp, code):
        """Each row of the adult table at its lower edge, by systolic and by diastolic."""
        assert bp.classify_adult_bp(sbp, dbp).code == code

    def test_the_higher_category_of_systolic_and_diastolic_wins(self):
        """'and/or': 125/102 is normal by SBP but HT 2 by DBP → HT 2."""
        result = bp.classify_adult_bp(125, 102)
        assert (result.code, result.label) == ("hipertensi_2", "Hipertensi derajat 2")

    def test_150_95_is_grade_1_and_referred(self):
        result = bp.classify_adult_bp(150, 95)
        assert result.code == "hipertensi_1"
        assert result.follow_up.code == "refer_puskesmas"
        assert result.flags == ()
        assert result.rule_version == "juknis-ilp-2023"

    @pytest.mark.parametrize(
        "sbp, dbp, flagged",
        [(140, 89, True), (185, 70, True), (140, 90, False), (139, 70, False)],
        ids=["140/89", "185/70", "140/90", "139/70"],
    )
    def test_isolated_systolic_flag_sbp_140_and_dbp_below_90(self, sbp, dbp, flagged):
        assert (bp.ISH in bp.classify_adult_bp(sbp, dbp).flags) is flagged

    def test_isolated_systolic_keeps_the_systolic_grade(self):
        assert bp.classify_adult_bp(185, 70).code == "hipertensi_3"

    @pytest.mark.parametrize(
        "sbp, dbp, follow",
        [
            (110, 70, "counselling"),  # optimal → lifestyle
            (125, 82, "counselling"),  # normal → lifestyle
            (135, 86, "monthly_monitoring"),  # normal tinggi → monthly
            (145, 92, "refer_puskesmas"),  # HT found at screening → Puskesmas
        ],
    )
    def test_follow_up_at_posyandu(self, sbp, dbp, follow):
        assert bp.classify_adult_bp(sbp, dbp).follow_up.code == follow

    def test_known_hypertension_controlled_is_monitored_monthly(self):
        result = bp.classify_adult_bp(130, 80, known_hypertension=True)
        assert result.follow_up.code == "monthly_monitoring"
        assert "3 bulan" in result.follow_up.text

    def test_known_hypertension_uncontrolled_is_referred(self):
        assert bp.classify_adult_bp(140, 85, known_hypertension=True).follow_up.code == "refer_puskesmas"

    @pytest.mark.parametrize("sbp, dbp", [(40, 30), (120, 130), (350, 90)])
    def test_implausible_values_are_rejected(self, sbp, dbp):
        with pytest.raises(ValueError):
            bp.classify_adult_bp(sbp, dbp)

    @pytest.mark.parametrize("age, due", [(39, False), (40, True)])
    def test_complication_screening_from_40(self, age, due):
        assert bp.complication_screening_due(age) is due


class TestChildren:
    @pytest.mark.parametrize(
        "age, sex, sbp, dbp, code",
        [
            (7, "L", 105, 67, "normal"),
            (7, "L", 106, 60, "perlu_evaluasi"),
            (7, "P", 100, 68, "perlu_evaluasi"),
            (9, "L", 107, 69, "perlu_evaluasi"),  # boys 9 y: 107/70
            (9, "P", 107, 70, "normal"),  # girls 9 y: 108/71
            (9, "P", 108, 70, "perlu_evaluasi"),
            (12, "L", 112, 74, "normal"),
            (12, "L", 113, 74, "perlu_evaluasi"),
            (12, "P", 113, 74, "normal"),
            (12, "P", 114, 74, "perlu_evaluasi"),
            (11, "P", 100, 74, "perlu_evaluasi"),
        ],
    )
    def test_7_to_12_years_needs_evaluation_cutoffs(self, age, sex, sbp, dbp, code):
        assert bp.classify_child_bp(sbp, dbp, age, sex).code == code

    @pytest.mark.parametrize(
        "sbp, dbp, code",
        [
            (119, 79, "normal"),
            (120, 79, "meningkat"),
            (129, 79, "meningkat"),
            (130, 70, "hipertensi_1"),
            (125, 80, "hipertensi_1"),  # DBP 80–89 is stage 1 even with SBP 120–129
            (139, 89, "hipertensi_1"),
            (140, 70, "hipertensi_2"),
            (120, 90, "hipertensi_2"),
        ],
    )
    def test_13_years_and_over(self, sbp, dbp, code):
        assert bp.classify_child_bp(sbp, dbp, 15, "P").code == code

    def test_needs_evaluation_goes_to_the_doctor(self):
        assert bp.classify_child_bp(110, 70, 8, "L").follow_up.code == "refer_puskesmas"

    def test_below_7_years_has_no_table(self):
        with pytest.raises(ValueError):
            bp.classify_child_bp(100, 60, 6, "L")


class TestDispatch:
    def test_17_year_old_uses_the_adolescent_table(self):
        assert bp.classify_bp(125, 75, 17, "L").code == "meningkat"

    def test_18_year_old_uses_the_adult_table(self):
        assert bp.classify_bp(125, 75, 18, "L").code == "normal"

    def test_switch_age_is_a_setting(self):
        with config.override(**{"screening.adult_bp_from_years": 15}):
            assert bp.classify_bp(125, 75, 16, "L").code == "normal"
