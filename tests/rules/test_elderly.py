"""Lansia: ADL/AKS (modified Barthel) and SKILAS — ILP.md §4.4."""

import pytest

from siklus.rules import elderly as e

FULL = dict(e.ADL_ITEMS)  # every item at its maximum = 20


class TestAdl:
    def test_item_maxima_add_up_to_20(self):
        assert sum(e.ADL_ITEMS.values()) == 20
        assert (e.ADL_ITEMS["berpindah"], e.ADL_ITEMS["mobilitas"], e.ADL_ITEMS["mandi"]) == (3, 3, 1)

    @pytest.mark.parametrize(
        "total, code, group",
        [
            (20, "mandiri", "A"),
            (19, "ketergantungan_ringan", "B"),
            (12, "ketergantungan_ringan", "B"),
            (11, "ketergantungan_sedang", "B"),
            (9, "ketergantungan_sedang", "B"),
            (8, "ketergantungan_berat", "C"),
            (5, "ketergantungan_berat", "C"),
            (4, "ketergantungan_total", "C"),
            (0, "ketergantungan_total", "C"),
        ],
    )
    def test_totals_categories_and_groups(self, total, code, group):
        """ILP.md §4.4 total table: 20 A; 12–19 ringan B; 9–11 sedang B; 5–8 berat C; 0–4 total C."""
        result = e.classify_adl(total)
        assert (result.code, result.group, result.total) == (code, group, total)

    @pytest.mark.parametrize(
        "total, follow",
        [(20, "routine"), (19, "refer_puskesmas"), (11, "home_care"), (8, "home_care"), (0, "home_care")],
    )
    def test_follow_up(self, total, follow):
        """Mandiri → Posyandu activities; any dependency → Pustu/Puskesmas; sedang/berat/total → home care."""
        assert e.classify_adl(total).follow_up.code == follow

    def test_score_from_items(self):
        items = {**FULL, "naik_tangga": 1, "mandi": 0, "berpindah": 2}
        result = e.adl_score(**items)
        assert (result.total, result.code, result.label) == (17, "ketergantungan_ringan", "Ketergantungan ringan")

    def test_item_above_its_maximum_is_rejected(self):
        with pytest.raises(ValueError):
            e.adl_score(**{**FULL, "mandi": 2})

    def test_all_ten_items_are_required(self):
        items = dict(FULL)
        del items["makan"]
        with pytest.raises(ValueError):
            e.adl_score(**items)

    @pytest.mark.parametrize("total", [-1, 21])
    def test_total_out_of_range(self, total):
        with pytest.raises(ValueError):
            e.classify_adl(total)


NEGATIVE = dict(
    orientation_correct=True,
    recalls_three_words=True,
    chair_stand_5x_within_14s=True,
    weight_loss_or_looser_clothes=False,
    appetite_loss_or_eating_difficulty=False,
    lila_cm=24.0,
    eye_problem=False,
    finger_count_passed=True,
    whisper_test_passed=True,
    sad_or_hopeless=False,
    little_interest_or_pleasure=False,
)


def run(**changes):
    return e.skilas(**{**NEGATIVE, **changes})


class TestSkilas:
    def test_all_negative(self):
        result = run()
        assert (result.code, result.positive_domains, result.follow_up.code) == ("negatif", (), "routine")

    @pytest.mark.parametrize(
        "changes, domain",
        [
            (dict(orientation_correct=False), "kognitif"),
            (dict(recalls_three_words=False), "kognitif"),
            (dict(chair_stand_5x_within_14s=False), "mobilisasi"),
            (dict(weight_loss_or_looser_clothes=True), "malnutrisi"),
            (dict(appetite_loss_or_eating_difficulty=True), "malnutrisi"),
            (dict(lila_cm=20.9), "malnutrisi"),
            (dict(eye_problem=True, finger_count_passed=None), "penglihatan"),
            (dict(finger_count_passed=False), "penglihatan"),
            (dict(whisper_test_passed=False), "pendengaran"),
            (dict(sad_or_hopeless=True), "depresi"),
            (dict(little_interest_or_pleasure=True), "depresi"),
        ],
    )
    def test_each_positive_finding(self, changes, domain):
        result = run(**changes)
        assert result.positive_domains == (domain,)
        assert result.code == "positif"
        assert result.follow_up.code == "assessment"
        assert e.SKILAS_INSTRUMENTS[domain] in result.follow_up.text

    def test_lila_exactly_21_is_not_malnutrition(self):
        assert run(lila_cm=21.0).positive_domains == ()

    def test_several_domains_in_table_order(self):
        result = run(sad_or_hopeless=True, recalls_three_words=False)
        assert result.positive_domains == ("kognitif", "depresi")
        assert result.instruments == ("Mini-Cog / AMT", "GDS-4")

    def test_whisper_test_impossible_is_positive_and_referred(self):
        result = run(whisper_test_passed=None)
        assert result.positive_domains == ("pendengaran",)
        assert result.follow_up.code == "refer_puskesmas"
        assert result.flags == ("tes_bisik_tidak_dapat_dilakukan",)

    def test_finger_count_required_without_eye_complaint(self):
        with pytest.raises(ValueError):
            run(finger_count_passed=None)


class TestMiniCog:
    @pytest.mark.parametrize(
        "words, clock, score, code",
        [
            (0, False, 0, "kemungkinan_gangguan_kognitif"),
            (2, False, 2, "kemungkinan_gangguan_kognitif"),
            (0, True, 2, "kemungkinan_gangguan_kognitif"),
            (3, False, 3, "tidak_ada_gangguan_kognitif"),
            (1, True, 3, "tidak_ada_gangguan_kognitif"),
            (3, True, 5, "tidak_ada_gangguan_kognitif"),
        ],
    )
    def test_total_0_2_possible_impairment(self, words, clock, score, code):
        result = e.classify_mini_cog(words, clock)
        assert (result.score, result.code) == (score, code)
