"""SRQ-20, ASSIST, PUMA, vision, hearing, anaemia, thalassemia, cancer — ILP.md §4.3."""

from datetime import date

import pytest

from siklus.rules import config, units
from siklus.rules.screening import blood, cancer, lung, mental, senses
from siklus.rules.screening.result import FollowUp, most_urgent


def srq(yes_items):
    return [i + 1 in yes_items for i in range(20)]


class TestSrq20:
    def test_score_5_is_normal(self):
        result = mental.classify_srq20(srq({1, 2, 3, 4, 5}))
        assert (result.code, result.score) == ("normal", 5)

    def test_score_6_is_abnormal(self):
        """Mental health: score ≥ 6 = abnormal → KAP + Puskesmas assessment."""
        result = mental.classify_srq20(srq({1, 2, 3, 4, 5, 6}))
        assert (result.code, result.score) == ("tidak_normal", 6)
        assert result.follow_up.code == "refer_puskesmas"

    def test_item_17_alone_makes_it_abnormal(self):
        """Score < 6 but item 17 (suicidal thought) = Ya → treated as abnormal."""
        result = mental.classify_srq20(srq({17}))
        assert (result.code, result.score) == ("tidak_normal", 1)
        assert result.flags == (mental.SUICIDAL_IDEATION,)

    def test_item_16_does_not_trigger_the_item_17_rule(self):
        assert mental.classify_srq20(srq({16})).code == "normal"

    def test_score_form(self):
        assert mental.classify_srq20_score(3, item17=True).code == "tidak_normal"
        assert mental.classify_srq20_score(3, item17=False).code == "normal"

    def test_needs_20_answers(self):
        with pytest.raises(ValueError):
            mental.classify_srq20([True] * 19)


class TestAssist:
    @pytest.mark.parametrize(
        "score, code", [(10, "risiko_rendah"), (11, "risiko_sedang"), (26, "risiko_sedang"), (27, "risiko_tinggi")]
    )
    def test_alcohol(self, score, code):
        assert mental.classify_assist(score, "alkohol").code == code

    @pytest.mark.parametrize(
        "score, code", [(3, "risiko_rendah"), (4, "risiko_sedang"), (26, "risiko_sedang"), (27, "risiko_tinggi")]
    )
    def test_other_substances(self, score, code):
        assert mental.classify_assist(score, "tembakau").code == code

    def test_english_alcohol_name(self):
        assert mental.classify_assist(5, "alcohol").code == "risiko_rendah"


class TestPuma:
    BASE = dict(sex="P", age_years=45, pack_years=0, dyspnoea=False, sputum=False, cough=False, spirometry_before=False)

    def score(self, **kw):
        return lung.puma_score(**{**self.BASE, **kw})

    def test_pack_years(self):
        assert lung.pack_years(20, 12) == 12.0

    @pytest.mark.parametrize("age, points", [(49, 0), (50, 1), (59, 1), (60, 2), (75, 2)])
    def test_age_points(self, age, points):
        assert self.score(age_years=age).items[1] == points

    @pytest.mark.parametrize("py, points", [(19.9, 0), (20, 1), (30, 1), (30.1, 2)])
    def test_pack_year_points(self, py, points):
        assert self.score(pack_years=py).items[2] == points

    def test_score_5_is_low_risk(self):
        result = self.score(sex="L", age_years=60, dyspnoea=True, cough=True)
        assert (result.score, result.code, result.follow_up.code) == (5, "risiko_rendah", "counselling")

    def test_score_6_is_high_risk_and_referred(self):
        result = self.score(sex="L", age_years=60, pack_years=25, dyspnoea=True, cough=True)
        assert (result.score, result.code, result.follow_up.code) == (6, "risiko_tinggi", "refer_fktl")

    def test_under_40_is_not_screened(self):
        with pytest.raises(ValueError):
            self.score(age_years=39)


class TestVision:
    @pytest.mark.parametrize(
        "num, den, code",
        [
            (6, 6, "normal"),
            (6, 9, "normal"),
            (6, 12, "normal"),
            (6, 18, "gangguan_ringan"),
            (6, 24, "gangguan_sedang"),
            (6, 60, "gangguan_sedang"),
            (5, 60, "gangguan_berat"),
            (3, 60, "gangguan_berat"),
            (2, 60, "buta"),
            (1, 60, "buta"),
        ],
    )
    def test_visus_categories(self, num, den, code):
        """Vision: <6/12–6/18 mild, <6/18–6/60 moderate, <6/60–3/60 severe, <3/60 blind."""
        assert senses.classify_visus(num, den).code == code

    @pytest.mark.parametrize(
        "num, den, follow", [(6, 9, "routine"), (6, 12, "refer_puskesmas"), (6, 18, "refer_puskesmas")]
    )
    def test_refer_if_not_better_than_6_12(self, num, den, follow):
        assert senses.classify_visus(num, den).follow_up.code == follow

    def test_ckg_reading_of_6_12_is_a_setting(self):
        with config.override(**{"screening.vision_refer_at_6_12": False}):
            assert senses.classify_visus(6, 12).follow_up.code == "routine"

    @pytest.mark.parametrize(
        "answers, code",
        [
            ([True, True, True], "normal"),
            ([False, True, True, True], "normal"),
            ([True, False, True, True, True], "normal"),
            ([True, False, True, False], "curiga_gangguan"),
            ([True, True, False, True, False], "curiga_gangguan"),
            ([True, True, False, True, True], "normal"),  # 1 wrong of 5: not suspect
        ],
    )
    def test_finger_counting(self, answers, code):
        assert senses.classify_finger_counting(answers).code == code

    def test_finger_counting_undecided_needs_more_trials(self):
        with pytest.raises(ValueError):
            senses.classify_finger_counting([True, False, True])

    @pytest.mark.parametrize("correct, code", [(4, "lulus"), (5, "lulus"), (3, "tidak_lulus")])
    def test_whisper_test_pass_at_80_percent(self, correct, code):
        assert senses.classify_whisper_test(correct).code == code

    def test_whisper_test_other_word_counts(self):
        assert senses.classify_whisper_test(8, 10).code == "lulus"
        assert senses.classify_whisper_test(7, 10).code == "tidak_lulus"


class TestAnaemia:
    @pytest.mark.parametrize("hb, code", [(11.9, "anemia"), (12.0, "normal")])
    def test_women_hb_below_12(self, hb, code):
        """CKG catin/women: abnormal Hb < 12 g/dL."""
        assert blood.classify_hb(hb, "perempuan").code == code

    @pytest.mark.parametrize("hb, code", [(10.9, "anemia"), (11.0, "normal")])
    def test_children_hb_below_11(self, hb, code):
        assert blood.classify_hb(hb, "anak").code == code

    def test_unverified_groups_are_settings(self):
        assert blood.classify_hb(12.5, "laki_laki").code == "anemia"
        with config.override(**{"screening.anaemia_hb_below_laki_laki": 12.0}):
            assert blood.classify_hb(12.5, "laki_laki").code == "normal"

    def test_unknown_group(self):
        with pytest.raises(ValueError):
            blood.classify_hb(12, "bayi")

    @pytest.mark.parametrize("hb", [110, 120, 180])
    def test_hb_in_g_per_litre_is_refused_naming_the_unit(self, hb):
        """ILP.md §0.1 C6: Hb is g/dL; 110–180 is g/L typed by mistake (not a 'normal' Hb)."""
        with pytest.raises(units.ImplausibleValue) as refused:
            blood.classify_hb(hb, "perempuan")
        assert refused.value.finding.code == "unit_slip" and "g/L" in str(refused.value)
        with pytest.raises(units.ImplausibleValue):
            blood.thalassemia_carrier_screen(hb, 75, 25, 5.5)

    @pytest.mark.parametrize("hb", [0.5, 26])
    def test_hb_outside_1_to_25_is_out_of_range(self, hb):
        with pytest.raises(units.ImplausibleValue) as refused:
            blood.classify_hb(hb, "perempuan")
        assert refused.value.finding.code == "out_of_range"


class TestThalassemia:
    def test_indices(self):
        assert blood.mentzer_index(65, 5.5) == pytest.approx(11.818, abs=1e-3)
        assert blood.shine_lal_index(65, 20) == pytest.approx(845.0)

    def test_normal_red_cells_are_not_suspect(self):
        assert blood.thalassemia_carrier_screen(13, 85, 29, 4.8).code == "tidak_curiga"

    def test_low_mcv_and_mentzer_below_13_is_suspected_carrier(self):
        result = blood.thalassemia_carrier_screen(11.5, 65, 21, 5.5)
        assert result.code == "curiga_pembawa"
        assert result.flags == ("mcv_rendah", "mch_rendah")
        assert result.follow_up.code == "refer_fktl"

    def test_low_hb_with_both_indices_high_points_away_from_carrier(self):
        """Hb 10 but MCV 79, MCH 26.9, RBC 3.5: Mentzer 22.6, S&L 1679 → not suggestive."""
        result = blood.thalassemia_carrier_screen(10, 79, 26.9, 3.5)
        assert result.code == "indeks_tidak_mengarah"

    @pytest.mark.parametrize("mcv, mch, code", [(79, 24.5, "curiga_pembawa"), (79, 24.6, "indeks_tidak_mengarah")])
    def test_shine_lal_boundary_1530(self, mcv, mch, code):
        """S&L = 79² × MCH / 100: MCH 24.5 → 1529.0 (< 1530), MCH 24.6 → 1535.3."""
        assert blood.thalassemia_carrier_screen(12, mcv, mch).code == code

    def test_mentzer_boundary_13(self):
        # MCV 78, RBC 6 → Mentzer exactly 13 (not < 13); MCH 30 keeps S&L high.
        assert blood.thalassemia_carrier_screen(12, 78, 30, 6.0).code == "indeks_tidak_mengarah"
        assert blood.thalassemia_carrier_screen(12, 78, 30, 6.01).code == "curiga_pembawa"


class TestLungCancerRisk:
    @pytest.mark.parametrize(
        "age, years, other, family, code",
        [
            (41, 30, False, False, "risiko_tinggi"),
            (40, 30, False, False, "risiko_rendah"),  # > 40 y
            (45, 29, False, False, "risiko_rendah"),
            (50, 20, True, False, "risiko_tinggi"),
            (50, 20, False, False, "risiko_rendah"),
            (49, 20, True, False, "risiko_rendah"),
            (30, 0, False, True, "risiko_tinggi"),
        ],
    )
    def test_risk_rules(self, age, years, other, family, code):
        result = cancer.classify_lung_cancer_risk(age, years, other_risk_factor=other, family_history=family)
        assert result.code == code
        if code == "risiko_tinggi":
            assert result.follow_up.code == "refer_fktl"


class TestCancerIntervals:
    def test_sadanis_every_3_years(self):
        assert cancer.cancer_screening_interval_months("sadanis") == 36

    def test_iva_every_3_years_or_yearly_if_high_risk(self):
        assert cancer.cancer_screening_interval_months("iva") == 36
        assert cancer.cancer_screening_interval_months("iva", high_risk=True) == 12

    def test_colorectal_yearly(self):
        assert cancer.cancer_screening_interval_months("kolorektal") == 12

    def test_hpv_dna_interval_is_a_setting(self):
        assert cancer.cancer_screening_interval_months("hpv_dna") == 60
        with config.override(**{"screening.hpv_dna_interval_months": 120}):
            assert cancer.cancer_screening_interval_months("hpv_dna") == 120

    def test_next_iva_after_a_negative_result(self):
        due = cancer.next_cancer_screening(
            "iva", birth=date(1985, 5, 1), sex="P", on=date(2025, 6, 1), last_done=date(2023, 6, 15)
        )
        assert (due.status, due.due_on, due.interval_months) == ("not_yet", date(2026, 6, 15), 36)

    def test_not_a_cancer_item(self):
        with pytest.raises(KeyError):
            cancer.cancer_screening_interval_months("tekanan_darah")


class TestFollowUp:
    def test_most_urgent(self):
        a = FollowUp("counselling", "a")
        b = FollowUp("refer_fktl", "b")
        c = FollowUp("refer_puskesmas", "c")
        assert most_urgent(a, b, c) is b

    def test_unknown_code_is_rejected(self):
        with pytest.raises(ValueError):
            FollowUp("call_ambulance", "x")


def test_remaja_putri_hb_cutoff_is_a_setting():
    assert blood.classify_hb(11.8, "remaja_putri").code == "anemia"
    with config.override(**{"screening.anaemia_hb_below_remaja_putri": 11.5}):
        assert blood.classify_hb(11.8, "remaja_putri").code == "normal"


def test_cervical_start_age_is_a_setting():
    kw = dict(birth=date(1997, 1, 1), sex="P", on=date(2025, 6, 1))  # 28 y
    assert cancer.next_cancer_screening("iva", **kw).status == "not_eligible"
    with config.override(**{"screening.cervical_from_years": 25}):
        assert cancer.next_cancer_screening("iva", **kw).status == "due"


def test_every_screening_setting_is_declared_with_a_source():
    mine = [s for s in config.declared() if s.name.startswith("screening.")]
    assert {s.name for s in mine} >= {
        "screening.adult_bp_from_years",
        "screening.anaemia_hb_below_laki_laki",
        "screening.anaemia_hb_below_remaja_putri",
        "screening.cervical_from_years",
        "screening.hpv_dna_interval_months",
        "screening.sadanis_from_years",
        "screening.srq20_from_years",
        "screening.vision_refer_at_6_12",
    }
    assert all(s.source and s.description for s in mine)
