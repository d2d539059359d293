"""Glucose, IMT, central obesity, lipids, CVD risk bands, kidney — ILP.md §4.3."""

from datetime import date

import pytest

from siklus.rules import units
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

    @pytest.mark.parametrize(
        "value, code",
        [(99, "normal"), (99.9, "normal"), (100, "belum_pasti"), (120, "belum_pasti"), (199, "belum_pasti"),
         (199.9, "belum_pasti"), (200, "hiperglikemia")],
    )
    def test_gds_is_normal_below_100_and_belum_pasti_from_100_to_199(self, value, code):
        """ILP.md §0.1 C5: juknis tables print GDS normal < 100; PERKENI calls GDS 100–199
        "belum pasti DM"; ≥ 200 needs the classic symptoms to be diabetes."""
        assert m.classify_glucose(value, "gds").code == code

    @pytest.mark.parametrize("value", [100, 150, 199])
    def test_belum_pasti_calls_for_a_confirming_fasting_glucose_or_ogtt(self, value):
        """C5: "confirm with fasting glucose or OGTT" — never the routine yearly re-check."""
        result = m.classify_glucose(value, "gds")
        assert result.flags == ("konfirmasi_gdp_ttgo",)
        assert result.follow_up.code == "assessment"
        assert "GDP" in result.follow_up.text and "TTGO" in result.follow_up.text
        assert result.rule_version == "juknis-ilp-2023+perkeni"

    def test_normal_gds_has_no_confirmation_flag(self):
        result = m.classify_glucose(99, "gds")
        assert (result.flags, result.follow_up.code) == ((), "routine")

    def test_gds_200_without_symptoms_is_flagged_for_confirmation_too(self):
        assert m.classify_glucose(200, "gds").flags == ("konfirmasi_gdp_ttgo",)
        assert m.classify_glucose(200, "gds", classic_symptoms=True).flags == ()

    @pytest.mark.parametrize("on", [date(2023, 6, 1), date(2025, 6, 1), date(2026, 11, 30), None])
    def test_the_correction_holds_for_every_date_since_the_juknis(self, on):
        """The "< 140 normal" reading was siklus's misreading of the juknis, never a rule in
        force: a GDS of 120 measured in 2025 and entered today is "belum pasti" too."""
        result = m.classify_glucose(120, "gds", on=on)
        assert (result.code, result.rule_version) == ("belum_pasti", "juknis-ilp-2023+perkeni")

    def test_the_misread_edition_is_kept_only_to_explain_stored_results(self):
        assert m.GLUCOSE.version("juknis-ilp-2023").value["gds"].prediabetes_from == 140
        assert all(m.GLUCOSE.at(d).version == "juknis-ilp-2023+perkeni" for d in (date(2020, 1, 1), date(2030, 1, 1)))

    @pytest.mark.parametrize("test", ["gds", "gdp", "ttgo"])
    @pytest.mark.parametrize("value", [2, 5.6, 15, 35])
    def test_a_glucose_typed_in_mmol_per_litre_is_refused_naming_the_unit(self, test, value):
        """ILP.md §0.1 C6: 2–35 is mmol/L typed as mg/dL (×18 = 36–630); a glucose of 15 is
        no longer "normal"."""
        with pytest.raises(units.ImplausibleValue) as refused:
            m.classify_glucose(value, test)
        assert refused.value.finding.code == "unit_slip"
        assert "mmol/L" in str(refused.value) and "mg/dL" in str(refused.value)

    def test_the_refusal_of_15_says_what_it_would_be_in_mg_dl(self):
        with pytest.raises(ValueError) as refused:
            m.classify_glucose(15, "gds")
        finding = refused.value.finding
        assert finding.params == {"value": 15, "converted": 270}
        assert finding.message == "Gula darah 15 terlalu rendah untuk mg/dL — apakah ini mmol/L? (15 mmol/L ≈ 270 mg/dL)"

    def test_a_real_severe_hypoglycaemia_is_accepted_once_the_unit_is_confirmed(self):
        with pytest.raises(units.ImplausibleValue):
            m.classify_glucose(30, "gds")
        assert m.classify_glucose(30, "gds", unit_confirmed=True).code == "normal"
        with pytest.raises(units.ImplausibleValue):  # 15 mg/dL: below what a glucometer reads
            m.classify_glucose(15, "gds", unit_confirmed=True)

    @pytest.mark.parametrize("value", [36, 40])
    def test_from_36_mg_dl_the_value_is_taken_as_typed(self, value):
        assert m.classify_glucose(value, "gds").code == "normal"

    def test_hba1c_is_not_put_through_the_mg_dl_guard(self):
        assert m.classify_glucose(5.6, "hba1c").code == "normal"

    def test_unknown_test_is_rejected(self):
        with pytest.raises(ValueError):
            m.classify_glucose(100, "gd2pp")

    def test_known_diabetes_control(self):
        assert m.classify_known_diabetes_control(True).code == "monthly_monitoring"
        assert m.classify_known_diabetes_control(False).code == "refer_puskesmas"


class TestImt:
    def test_imt_formula(self):
        assert m.imt(70, 170) == pytest.approx(24.2215, abs=1e-4)

    def test_height_in_metres_or_weight_in_grams_is_refused_naming_the_unit(self):
        """ILP.md §0.1 C6: 1.70 is metres, 70000 is grams."""
        with pytest.raises(units.ImplausibleValue, match="meter"):
            m.imt(70, 1.70)
        with pytest.raises(units.ImplausibleValue, match="gram"):
            m.imt(70000, 170)

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
