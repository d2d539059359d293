"""Glucose, IMT, central obesity, lipids, CVD risk bands, kidney — ILP.md §4.3."""

import pytest

from siklus.rules import config
from siklus.rules.screening import metabolic as m


class TestGlucose:
    @pytest.mark.parametrize(
        "value, code",
        [(99, "normal"), (100, "prediabetes"), (125, "prediabetes"), (126, "diabetes"), (250, "diabetes")],
    )
    def test_gdp(self, value, code):
        """Diabetes table, GDP column: ≥126 diabetes, 100–125 prediabetes, <100 normal."""
        assert m.classify_glucose(value, "gdp").code == code

    @pytest.mark.parametrize(
        "value, code", [(139, "normal"), (140, "prediabetes"), (199, "prediabetes"), (200, "diabetes")]
    )
    def test_ttgo(self, value, code):
        assert m.classify_glucose(value, "ttgo").code == code

    @pytest.mark.parametrize(
        "value, code", [(5.6, "normal"), (5.7, "prediabetes"), (6.4, "prediabetes"), (6.5, "diabetes")]
    )
    def test_hba1c(self, value, code):
        assert m.classify_glucose(value, "hba1c").code == code

    @pytest.mark.parametrize("value, code", [(139, "normal"), (140, "prediabetes"), (199, "prediabetes")])
    def test_gds_below_200(self, value, code):
        """GDS normal < 140 (juknis), not the CKG lansia '< 100'."""
        assert m.classify_glucose(value, "gds").code == code

    def test_gds_200_with_classic_symptoms_is_diabetes(self):
        result = m.classify_glucose(200, "gds", classic_symptoms=True)
        assert (result.code, result.follow_up.code) == ("diabetes", "refer_puskesmas")

    def test_gds_200_without_classic_symptoms_needs_confirmation(self):
        result = m.classify_glucose(200, "gds")
        assert result.code == "hiperglikemia"
        assert result.follow_up.code == "refer_puskesmas"
        assert "GDP" in result.follow_up.text

    def test_prediabetes_is_rechecked_in_3_months(self):
        follow = m.classify_glucose(110, "gdp").follow_up
        assert (follow.code, follow.recheck_months) == ("recheck", 3)

    def test_gds_cutoff_discrepancy_is_a_setting(self):
        """CKG lansia prints 'Normal GDS < 100': a deployment can choose it."""
        with config.override(**{"screening.gds_prediabetes_from_mg_dl": 100}):
            result = m.classify_glucose(120, "gds")
        assert result.code == "prediabetes"
        assert result.rule_version.endswith("screening.gds_prediabetes_from_mg_dl=100")
        assert m.classify_glucose(120, "gds").code == "normal"

    def test_unknown_test_is_rejected(self):
        with pytest.raises(ValueError):
            m.classify_glucose(100, "gd2pp")

    def test_known_diabetes_control(self):
        assert m.classify_known_diabetes_control(True).code == "monthly_monitoring"
        assert m.classify_known_diabetes_control(False).code == "refer_puskesmas"


class TestImt:
    def test_imt_formula(self):
        assert m.imt(70, 170) == pytest.approx(24.2215, abs=1e-4)

    @pytest.mark.parametrize(
        "value, code",
        [
            (18.49, "bb_kurang"),
            (18.5, "normal"),
            (22.99, "normal"),
            (23.0, "bb_lebih"),
            (24.99, "bb_lebih"),
            (25.0, "obesitas_1"),  # not 23: the juknis "23–29.9" is a typo
            (29.99, "obesitas_1"),
            (30.0, "obesitas_2"),
        ],
    )
    def test_asia_pacific_cutoffs(self, value, code):
        assert m.classify_imt(value).code == code

    def test_obesity_is_managed_and_monitored(self):
        result = m.classify_imt(27)
        assert (result.label, result.follow_up.code) == ("Obesitas I", "monthly_monitoring")

    def test_overweight_gets_counselling(self):
        assert m.classify_imt(24).follow_up.code == "counselling"


class TestWaist:
    @pytest.mark.parametrize(
        "cm, sex, code",
        [
            (90, "L", "normal"),
            (90.1, "L", "obesitas_sentral"),
            (80, "P", "normal"),
            (80.1, "P", "obesitas_sentral"),
            (85, "L", "normal"),
            (85, "P", "obesitas_sentral"),
        ],
    )
    def test_central_obesity_strictly_greater_than_90_men_80_women(self, cm, sex, code):
        assert m.classify_waist(cm, sex).code == code


class TestLipids:
    @pytest.mark.parametrize(
        "v, code", [(199, "diinginkan"), (200, "batas_tinggi"), (239, "batas_tinggi"), (240, "tinggi")]
    )
    def test_total_cholesterol(self, v, code):
        assert m.classify_total_cholesterol(v).code == code

    @pytest.mark.parametrize("v, flagged", [(320, False), (321, True)])
    def test_total_cholesterol_above_320_calls_for_a_statin(self, v, flagged):
        result = m.classify_total_cholesterol(v)
        assert ("statin" in result.flags) is flagged
        if flagged:
            assert "statin" in result.follow_up.text

    @pytest.mark.parametrize(
        "v, code",
        [
            (99, "optimal"),
            (100, "mendekati_optimal"),
            (129, "mendekati_optimal"),
            (130, "batas_tinggi"),
            (159, "batas_tinggi"),
            (160, "tinggi"),
            (189, "tinggi"),
            (190, "sangat_tinggi"),
        ],
    )
    def test_ldl(self, v, code):
        assert m.classify_ldl(v).code == code

    @pytest.mark.parametrize("v, code", [(39, "rendah"), (40, "normal"), (59, "normal"), (60, "tinggi")])
    def test_hdl(self, v, code):
        assert m.classify_hdl(v).code == code

    @pytest.mark.parametrize(
        "v, code",
        [
            (149, "normal"),
            (150, "batas_tinggi"),
            (199, "batas_tinggi"),
            (200, "tinggi"),
            (499, "tinggi"),
            (500, "sangat_tinggi"),
        ],
    )
    def test_triglycerides(self, v, code):
        assert m.classify_triglycerides(v).code == code

    def test_low_hdl_goes_to_the_doctor(self):
        assert m.classify_hdl(35).follow_up.code == "refer_puskesmas"


class TestCvdRisk:
    @pytest.mark.parametrize(
        "pct, code, months",
        [
            (4.9, "risiko_rendah", (12,)),
            (5, "risiko_5_10", (3, 6, 9)),
            (9.9, "risiko_5_10", (3, 6, 9)),
            (10, "risiko_10_20", (3, 6)),
            (20, "risiko_10_20", (3, 6)),
            (20.1, "risiko_tinggi", (3,)),
        ],
    )
    def test_bands_and_reassessment(self, pct, code, months):
        result = m.cvd_risk_band(pct)
        assert (result.code, result.reassess_months) == (code, months)

    @pytest.mark.parametrize("sbp, dbp, yes", [(160, 100, False), (161, 90, True), (150, 101, True)])
    def test_bp_over_160_100_gets_antihypertensive(self, sbp, dbp, yes):
        assert m.antihypertensive_indicated(sbp, dbp) is yes


class TestKidney:
    def test_all_normal(self):
        assert m.classify_kidney(creatinine=0.8, ureum=30, egfr=95).code == "normal"

    @pytest.mark.parametrize(
        "kwargs, flag",
        [
            (dict(creatinine=0.49), "kreatinin"),
            (dict(creatinine=0.91), "kreatinin"),
            (dict(ureum=44), "ureum"),
            (dict(ureum=12), "ureum"),
            (dict(egfr=90), "egfr"),  # normal is > 90
        ],
    )
    def test_abnormal_values_refer_to_fktl(self, kwargs, flag):
        result = m.classify_kidney(**kwargs)
        assert result.flags == (flag,)
        assert result.follow_up.code == "refer_fktl"

    @pytest.mark.parametrize(
        "kwargs", [dict(creatinine=0.5), dict(creatinine=0.9), dict(ureum=13), dict(ureum=43), dict(egfr=90.5)]
    )
    def test_range_edges_are_normal(self, kwargs):
        assert m.classify_kidney(**kwargs).code == "normal"
