"""Pregnancy, childbirth, postpartum and newborn rules — ILP.md §4.5 (and §7.3 for K1 akses/murni)."""

from datetime import date, datetime, timedelta

import pytest

from siklus.rules import config
from siklus.rules import pregnancy as p
from siklus.rules.pregnancy import AncContact

HPHT = date(2024, 1, 1)


def day(n: int) -> date:
    """The date ``n`` days after HPHT (gestational day n)."""
    return HPHT + timedelta(days=n)


def wk(weeks: int, days: int = 0) -> date:
    return HPHT + timedelta(weeks=weeks, days=days)


# ---------------------------------------------------------------- dating --------------------------


class TestHpl:
    def test_naegele_is_the_default(self):
        """HPHT 1 May 2024: +7 days → 8 May, −3 months +1 year → 8 Feb 2025."""
        assert p.hpl(date(2024, 5, 1)) == date(2025, 2, 8)

    def test_naegele_carries_the_day_over_the_month_end(self):
        """'tanggal + 7' carries into the next month before the month shift: 29 May 2023 → 5 Mar 2024."""
        assert p.hpl(date(2023, 5, 29)) == date(2024, 3, 5)

    def test_280_days_when_the_deployment_says_so(self):
        with config.override(**{"pregnancy.hpl_method": "280_days"}):
            assert p.hpl(date(2024, 5, 1)) == date(2025, 2, 5)

    def test_usg_dating_gives_an_hpht_equivalent(self):
        """USG on 1 Mar 2024 (leap year) showing 8 weeks 3 days = 59 days → HPHT-equivalent 2 Jan 2024."""
        assert p.hpht_from_usg(date(2024, 3, 1), 8, 3) == date(2024, 1, 2)

    def test_hpl_from_usg_is_40_weeks_after_the_equivalent_hpht(self):
        assert p.hpl_from_usg(date(2024, 3, 1), 8, 3) == date(2024, 10, 8)  # 2 Jan + 280 days

    def test_usg_days_must_be_0_to_6(self):
        with pytest.raises(ValueError):
            p.hpht_from_usg(date(2024, 3, 1), 8, 7)


class TestGestationalAge:
    def test_completed_weeks_and_days(self):
        ga = p.gestational_age(HPHT, wk(13, 1))
        assert (ga.total_days, ga.weeks, ga.days, ga.label) == (92, 13, 1, "13 minggu 1 hari")

    def test_a_date_before_hpht_is_rejected(self):
        with pytest.raises(ValueError):
            p.gestational_age(HPHT, day(-1))

    @pytest.mark.parametrize(
        "on, tm",
        [
            (wk(0), 1),
            (wk(12, 0), 1),
            (wk(12, 6), 1),  # "0–12 weeks": 12 completed weeks is still TM1 (default reading)
            (wk(13, 0), 2),
            (wk(24, 6), 2),  # ">12–24 weeks"
            (wk(25, 0), 3),  # ">24 weeks to birth"
            (wk(41, 0), 3),
        ],
        ids=["0w", "12w0d", "12w6d", "13w0d", "24w6d", "25w0d", "41w"],
    )
    def test_trimesters_of_the_anc_rule_in_completed_weeks(self, on, tm):
        """ILP.md §4.5 Minimum visits row: TM1 0–12 w, TM2 >12–24 w, TM3 >24 w."""
        assert p.trimester(HPHT, on) == tm

    @pytest.mark.parametrize("on, tm", [(wk(12, 0), 1), (wk(12, 1), 2), (wk(24, 0), 2), (wk(24, 1), 3)])
    def test_exact_days_reading_is_a_setting(self, on, tm):
        with config.override(**{"pregnancy.trimester_rule": "exact_days"}):
            assert p.trimester(HPHT, on) == tm

    def test_trimester_windows(self):
        w1, w2, w3 = p.trimester_windows(HPHT)
        assert (w1.start, w1.end) == (HPHT, wk(12, 6))
        assert (w2.start, w2.end) == (wk(13), wk(24, 6))
        assert (w3.start, w3.end) == (wk(25), None)


# ---------------------------------------------------------------- ANC K1–K6 -----------------------

DOCTOR = dict(by_doctor=True, usg=True)


def full_k6():
    return [
        AncContact(wk(8), **DOCTOR),  # K1 TM1 doctor + USG
        AncContact(wk(16)),
        AncContact(wk(22)),
        AncContact(wk(28)),
        AncContact(wk(32), **DOCTOR),  # K5 TM3 doctor + USG
        AncContact(wk(36)),
    ]


class TestAncPattern:
    def test_1_2_3_with_two_doctor_contacts_is_complete(self):
        """ILP.md §4.5: 6 contacts (1 TM1, 2 TM2, 3 TM3), doctor + USG at K1 and K5."""
        status = p.anc_status(HPHT, full_k6(), on=wk(38))
        assert status.pattern == "K6"
        assert status.rule_version == "anc-6x-1-2-3"
        assert status.counts == (1, 2, 3)
        assert status.doctor_counts == (1, 0, 1)
        assert status.complete is True
        assert status.completed_on == wk(36)
        assert status.due == ()
        assert status.missed == ()

    def test_six_contacts_without_a_tm3_doctor_contact_are_not_complete(self):
        contacts = full_k6()
        contacts[4] = AncContact(wk(32))  # bidan instead of doctor
        status = p.anc_status(HPHT, contacts, on=wk(38))
        assert status.complete is False
        assert [(d.code, d.by_doctor, d.usg) for d in status.due] == [("K5", True, True)]

    def test_a_doctor_contact_without_usg_does_not_count_as_the_doctor_contact(self):
        contacts = full_k6()
        contacts[0] = AncContact(wk(8), by_doctor=True, usg=False)
        status = p.anc_status(HPHT, contacts, on=wk(38))
        assert status.doctor_counts == (0, 0, 1)
        assert status.complete is False
        assert status.missed == ("K1",)

    def test_extra_tm1_contacts_do_not_replace_missing_tm2_contacts(self):
        contacts = [AncContact(wk(5), **DOCTOR), AncContact(wk(9)), AncContact(wk(11)), AncContact(wk(20))]
        contacts += [AncContact(wk(28)), AncContact(wk(32), **DOCTOR), AncContact(wk(36))]
        status = p.anc_status(HPHT, contacts, on=wk(38))
        assert status.counts == (3, 1, 3)
        assert status.complete is False
        assert status.missed == ("K3",)

    def test_contacts_after_the_status_date_are_ignored(self):
        status = p.anc_status(HPHT, full_k6(), on=wk(30))
        assert status.counts == (1, 2, 1)
        assert status.complete is False

    def test_a_contact_before_hpht_is_an_error(self):
        with pytest.raises(ValueError):
            p.anc_status(HPHT, [AncContact(day(-3))], on=wk(10))

    def test_legacy_4x_pattern_is_selectable(self):
        """SPM 4/2019: ≥4 contacts 1-1-2, no doctor requirement (ILP.md §6.2 row 1)."""
        contacts = [AncContact(wk(8)), AncContact(wk(20)), AncContact(wk(30)), AncContact(wk(36))]
        status = p.anc_status(HPHT, contacts, on=wk(38), pattern=p.ANC_4X)
        assert (status.pattern, status.complete, status.counts) == ("K4", True, (1, 1, 2))
        assert p.anc_status(HPHT, contacts, on=wk(38), pattern=p.ANC_6X).complete is False

    def test_the_pattern_in_force_on_the_hpht_is_the_default(self):
        assert p.anc_status(date(2015, 1, 1), [], on=date(2015, 2, 1)).pattern == "K4"
        assert p.anc_status(HPHT, [], on=wk(2)).pattern == "K6"


class TestNextAncContact:
    def test_nothing_done_in_tm1_k1_by_doctor_with_usg_is_due_now(self):
        due = p.next_anc_contact(HPHT, [], on=wk(6))
        assert (due.code, due.contact_number, due.trimester) == ("K1", 1, 1)
        assert (due.by_doctor, due.usg) == (True, True)
        assert (due.window_start, due.window_end) == (HPHT, wk(12, 6))
        assert due.label == "K1 (dokter, dengan USG)"

    def test_after_k1_the_next_is_k2_opening_with_tm2(self):
        due = p.next_anc_contact(HPHT, [AncContact(wk(8), **DOCTOR)], on=wk(9))
        assert (due.code, due.trimester, due.window_start, due.window_end) == ("K2", 2, wk(13), wk(24, 6))
        assert due.by_doctor is False

    def test_k3_window_opens_the_day_after_k2(self):
        contacts = [AncContact(wk(8), **DOCTOR), AncContact(wk(16))]
        due = p.next_anc_contact(HPHT, contacts, on=wk(16))
        assert (due.code, due.contact_number, due.window_start) == ("K3", 3, wk(16, 1))

    def test_k5_is_the_doctor_contact_of_tm3(self):
        contacts = full_k6()[:4]
        due = p.next_anc_contact(HPHT, contacts, on=wk(29))
        assert (due.code, due.by_doctor, due.usg, due.window_end) == ("K5", True, True, None)

    def test_a_missed_trimester_is_reported_and_not_due(self):
        """First contact at 20 weeks: K1 can no longer be made; K2 is due now."""
        status = p.anc_status(HPHT, [], on=wk(20))
        assert status.missed == ("K1",)
        assert status.next_due.code == "K2"
        assert [d.code for d in status.due] == ["K2", "K3", "K4", "K5", "K6"]

    def test_tm1_contact_by_a_midwife_leaves_the_doctor_k1_due(self):
        due = p.next_anc_contact(HPHT, [AncContact(wk(7))], on=wk(8))
        assert (due.code, due.by_doctor, due.trimester) == ("K1", True, 1)

    def test_three_tm3_midwife_contacts_still_owe_the_k5_doctor_contact(self):
        contacts = full_k6()[:3] + [AncContact(wk(28)), AncContact(wk(30)), AncContact(wk(33))]
        due = p.anc_contacts_due(HPHT, contacts, on=wk(34))
        assert [(d.code, d.by_doctor) for d in due] == [("K5", True)]

    def test_complete_pattern_has_nothing_due(self):
        assert p.next_anc_contact(HPHT, full_k6(), on=wk(37)) is None


class TestK1:
    def test_first_contact_in_tm1_is_k1_murni(self):
        """ILP.md §7.3: K1 murni = first contact in TM1 (also counted in K1 akses)."""
        k1 = p.k1_status(HPHT, [AncContact(wk(12, 6))])
        assert (k1.code, k1.murni, k1.akses, k1.first_contact) == ("k1_murni", True, True, wk(12, 6))

    def test_first_contact_after_tm1_is_k1_akses_only(self):
        k1 = p.k1_status(HPHT, [AncContact(wk(20)), AncContact(wk(13))])
        assert (k1.code, k1.murni, k1.akses, k1.first_contact) == ("k1_akses", False, True, wk(13))

    def test_no_contact_yet(self):
        assert p.k1_status(HPHT, []).code == "belum_k1"


# ---------------------------------------------------------------- nutrition & risk ----------------


class TestKek:
    @pytest.mark.parametrize("lila, code", [(23.4, "kek"), (23.49, "kek"), (23.5, "tidak_kek"), (25.0, "tidak_kek")])
    def test_lila_below_23_5_is_kek(self, lila, code):
        """ILP.md §4.5 KEK row: LiLA < 23.5 cm; exactly 23.5 cm is not KEK."""
        assert p.classify_lila(lila).code == code

    def test_kek_goes_to_the_doctor_with_500_kcal_for_90_days(self):
        result = p.classify_lila(22.0)
        assert result.label == "Kurang Energi Kronis (KEK)"
        assert result.follow_up.code == "refer_puskesmas"
        assert "500 kkal" in result.follow_up.text and "90 hari" in result.follow_up.text
        assert result.rule_version == "juknis-ilp-2023"

    def test_implausible_lila_is_rejected(self):
        with pytest.raises(ValueError):
            p.classify_lila(2.0)


class TestTm1Underweight:
    def test_imt_below_18_5_in_tm1_is_kekurangan_bb(self):
        """ILP.md §4.5 KEK row: IMT in TM1 < 18.5 = kekurangan BB. 42 kg / 1.52 m = 18.18."""
        result = p.classify_tm1_imt(42, 152, HPHT, wk(10))
        assert result.code == "kekurangan_bb"
        assert result.follow_up.code == "refer_puskesmas"

    def test_imt_exactly_18_5_is_not_underweight(self):
        """18.5 × 1.6² = 47.36 kg at 160 cm."""
        assert p.classify_tm1_imt(18.5 * 1.6 * 1.6, 160, HPHT, wk(10)).code == "imt_tm1_cukup"

    def test_rule_applies_only_in_tm1(self):
        with pytest.raises(ValueError):
            p.classify_tm1_imt(42, 152, HPHT, wk(13))


class TestAnaemia:
    @pytest.mark.parametrize("hb, code", [(10.9, "anemia"), (11.0, "tidak_anemia"), (12.5, "tidak_anemia")])
    def test_hb_below_11_is_anaemia(self, hb, code):
        """ILP.md §4.5: anaemia in pregnancy Hb < 11 g/dL [M] — exactly 11.0 is not anaemic."""
        assert p.classify_anaemia(hb).code == code

    def test_cutoff_is_a_setting(self):
        with config.override(**{"pregnancy.anaemia_hb_below_g_dl": 10.5}):
            result = p.classify_anaemia(10.7)
        assert result.code == "tidak_anemia"
        assert result.rule_version == "setting:pregnancy.anaemia_hb_below_g_dl=10.5"


class TestFourT:
    def test_no_factor(self):
        result = p.four_t(HPHT, mother_birth=date(1995, 6, 1), children=1, last_birth=date(2020, 1, 1))
        assert (result.code, result.factors) == ("tanpa_4t", ())

    @pytest.mark.parametrize(
        "birth, expected",
        [(date(2004, 1, 2), ("terlalu_muda",)), (date(2004, 1, 1), ())],
        ids=["19y364d-too-young", "20y-not-too-young"],
    )
    def test_too_young_below_20(self, birth, expected):
        assert p.four_t(HPHT, mother_birth=birth).factors == expected

    @pytest.mark.parametrize(
        "birth, expected",
        [(date(1988, 1, 2), ()), (date(1988, 1, 1), ("terlalu_tua",))],
        ids=["35y364d-not-too-old", "36y-too-old"],
    )
    def test_too_old_above_35_completed_years(self, birth, expected):
        assert p.four_t(HPHT, mother_birth=birth).factors == expected

    @pytest.mark.parametrize(
        "last_birth, expected",
        [(date(2022, 1, 2), ("terlalu_dekat",)), (date(2022, 1, 1), ())],
        ids=["23-months", "24-months"],
    )
    def test_too_close_under_24_months(self, last_birth, expected):
        assert p.four_t(HPHT, last_birth=last_birth).factors == expected

    @pytest.mark.parametrize("children, expected", [(3, ()), (4, ("terlalu_banyak",))])
    def test_too_many_children_more_than_3(self, children, expected):
        assert p.four_t(HPHT, children=children).factors == expected

    def test_several_factors_and_follow_up(self):
        result = p.four_t(HPHT, mother_birth=date(1980, 1, 1), children=5, last_birth=date(2023, 1, 1))
        assert result.factors == ("terlalu_tua", "terlalu_dekat", "terlalu_banyak")
        assert result.code == "risiko_4t"
        assert result.follow_up.code == "assessment"
        assert result.label.startswith("Risiko 4T: terlalu tua")

    def test_thresholds_are_settings(self):
        with config.override(
            **{"pregnancy.four_t_too_old_above_years": 34, "pregnancy.four_t_too_many_from_children": 3}
        ):
            result = p.four_t(HPHT, mother_birth=date(1988, 6, 1), children=3)
        assert result.factors == ("terlalu_tua", "terlalu_banyak")


class TestHypertensionInPregnancy:
    def test_139_89_is_normal(self):
        assert p.classify_hypertension(139, 89).code == "normal"

    @pytest.mark.parametrize("sbp, dbp", [(140, 80), (120, 90), (140, 90)], ids=["sbp140", "dbp90", "140/90"])
    def test_140_or_90_is_hypertension(self, sbp, dbp):
        result = p.classify_hypertension(sbp, dbp)
        assert result.code == "hipertensi_dalam_kehamilan"
        assert result.follow_up.code == "refer_puskesmas"

    def test_before_20_weeks_is_chronic(self):
        assert p.classify_hypertension(145, 92, HPHT, wk(19, 6)).code == "hipertensi_kronik"

    def test_from_20_weeks_is_gestational(self):
        assert p.classify_hypertension(145, 92, HPHT, wk(20)).code == "hipertensi_gestasional"

    def test_with_proteinuria_from_20_weeks_suspect_preeclampsia_to_fktl(self):
        result = p.classify_hypertension(145, 92, HPHT, wk(30), proteinuria=True)
        assert (result.code, result.follow_up.code) == ("curiga_preeklampsia", "refer_fktl")

    @pytest.mark.parametrize("sbp, dbp", [(160, 90), (150, 110)])
    def test_160_or_110_is_severe_and_goes_to_fktl(self, sbp, dbp):
        result = p.classify_hypertension(sbp, dbp, HPHT, wk(30))
        assert result.flags == ("berat",)
        assert result.follow_up.code == "refer_fktl"

    def test_thresholds_are_settings(self):
        with config.override(**{"pregnancy.hypertension_sbp": 130}):
            assert p.classify_hypertension(135, 80).code == "hipertensi_dalam_kehamilan"


# ---------------------------------------------------------------- KF / KN -------------------------

BIRTH = datetime(2024, 3, 10, 14, 30)


class TestKfKnWindows:
    def test_kf_windows_from_birth_moment(self):
        """ILP.md §4.5: KF1 6 h – 2 days, KF2 3–7 d, KF3 8–28 d, KF4 29–42 d (hari ke-1 = first 24 h)."""
        got = [(w.code, w.start, w.end) for w in p.kf_windows(BIRTH)]
        assert got == [
            ("KF1", BIRTH + timedelta(hours=6), BIRTH + timedelta(hours=48)),
            ("KF2", BIRTH + timedelta(days=2), BIRTH + timedelta(days=7)),
            ("KF3", BIRTH + timedelta(days=7), BIRTH + timedelta(days=28)),
            ("KF4", BIRTH + timedelta(days=28), BIRTH + timedelta(days=42)),
        ]

    def test_kn_windows_have_no_fourth_visit(self):
        got = [(w.code, w.start, w.end) for w in p.kn_windows(BIRTH)]
        assert got == [
            ("KN1", BIRTH + timedelta(hours=6), BIRTH + timedelta(hours=48)),  # KN1 6–48 h
            ("KN2", BIRTH + timedelta(days=2), BIRTH + timedelta(days=7)),
            ("KN3", BIRTH + timedelta(days=7), BIRTH + timedelta(days=28)),
        ]

    def test_completed_day_numbering_is_a_setting(self):
        with config.override(**{"pregnancy.kf_kn_day_numbering": "completed"}):
            kf2 = p.kf_windows(BIRTH)[1]
        assert (kf2.start, kf2.end) == (BIRTH + timedelta(days=3), BIRTH + timedelta(days=8))

    @pytest.mark.parametrize(
        "hours, code",
        [
            (5.9, None),
            (6, "KN1"),
            (47.9, "KN1"),
            (48, "KN2"),
            (167.9, "KN2"),
            (168, "KN3"),
            (671.9, "KN3"),
            (672, None),
        ],
    )
    def test_kn_window_boundaries_in_hours(self, hours, code):
        visit = BIRTH + timedelta(hours=hours)
        covered = p.kn_covered(BIRTH, [visit])
        assert covered == (frozenset({code}) if code else frozenset())

    def test_kf4_ends_after_42_days(self):
        assert p.kf_covered(BIRTH, [BIRTH + timedelta(days=41, hours=23)]) == {"KF4"}
        assert p.kf_covered(BIRTH, [BIRTH + timedelta(days=42)]) == frozenset()

    def test_kn_lengkap_needs_all_three(self):
        visits = [BIRTH + timedelta(hours=10), BIRTH + timedelta(days=4), BIRTH + timedelta(days=14)]
        assert p.kn_lengkap(BIRTH, visits) is True
        assert p.kn_lengkap(BIRTH, visits[:2]) is False

    def test_two_visits_in_one_window_count_once(self):
        visits = [BIRTH + timedelta(hours=10), BIRTH + timedelta(hours=30), BIRTH + timedelta(days=14)]
        assert p.kn_covered(BIRTH, visits) == {"KN1", "KN3"}

    def test_kf_lengkap_needs_all_four(self):
        visits = [
            BIRTH + timedelta(hours=8),
            BIRTH + timedelta(days=5),
            BIRTH + timedelta(days=20),
            BIRTH + timedelta(days=35),
        ]
        assert p.kf_lengkap(BIRTH, visits) is True
        assert p.kf_lengkap(BIRTH, visits[:3]) is False

    def test_a_bare_visit_date_on_a_boundary_day_fills_whichever_window_is_open(self):
        """Visit dates without time: 12 Mar (day of the 48 h boundary) can be KN1 or KN2."""
        both = [date(2024, 3, 12), date(2024, 3, 12)]
        assert p.kn_covered(BIRTH, both) == {"KN1", "KN2"}

    def test_a_visit_before_birth_is_an_error(self):
        with pytest.raises(ValueError):
            p.kn_covered(BIRTH, [BIRTH - timedelta(hours=1)])

    def test_next_kn_skips_met_and_closed_windows(self):
        nxt = p.next_kn(BIRTH, [BIRTH + timedelta(hours=10)], on=BIRTH + timedelta(days=1))
        assert nxt.code == "KN2"
        nxt = p.next_kn(BIRTH, [BIRTH + timedelta(hours=10)], on=BIRTH + timedelta(days=10))
        assert nxt.code == "KN3"  # KN2 closed unmet
        assert p.next_kn(BIRTH, [], on=BIRTH + timedelta(days=30)) is None

    def test_next_kf_at_birth_is_kf1(self):
        nxt = p.next_kf(BIRTH, [], on=BIRTH)
        assert (nxt.code, nxt.start) == ("KF1", BIRTH + timedelta(hours=6))


# ---------------------------------------------------------------- birth ---------------------------


class TestBirthWeight:
    @pytest.mark.parametrize(
        "grams, code",
        [
            (999, "bblasr"),
            (1000, "bblsr"),
            (1499, "bblsr"),
            (1500, "bblr"),
            (2499, "bblr"),
            (2500, "bblc"),
            (3999, "bblc"),
            (4000, "bblc"),  # between the printed rows; BBLB is strictly > 4000
            (4001, "bblb"),
        ],
    )
    def test_birth_weight_rows(self, grams, code):
        """ILP.md §4.5 birth weight categories."""
        assert p.classify_birth_weight(grams).code == code

    @pytest.mark.parametrize("grams, flagged", [(2499, True), (2500, False), (900, True)])
    def test_every_weight_under_2500_is_flagged_bblr(self, grams, flagged):
        assert ("bblr" in p.classify_birth_weight(grams).flags) is flagged

    @pytest.mark.parametrize("grams, follow", [(1999, "refer_fktl"), (2000, "refer_puskesmas"), (3000, "routine")])
    def test_bblr_2000_g_and_over_may_stay_at_poned(self, grams, follow):
        """ILP.md §4.5: BBLR ≥ 2000 g stable may stay at a PONED Puskesmas; < 2000 g → hospital."""
        assert p.classify_birth_weight(grams).follow_up.code == follow


class TestGestationalAgeAtBirth:
    @pytest.mark.parametrize(
        "weeks, days, code",
        [(36, 6, "kurang_bulan"), (37, 0, "cukup_bulan"), (41, 6, "cukup_bulan"), (42, 0, "lebih_bulan")],
    )
    def test_categories(self, weeks, days, code):
        """ILP.md §4.5: <37 w kurang bulan, 37–<42 cukup bulan, (≥)42 lebih bulan."""
        assert p.classify_gestational_age_at_birth(weeks, days).code == code


# ---------------------------------------------------------------- every [M] setting changes the outcome


@pytest.mark.parametrize(
    "setting, value, call, default, changed",
    [
        (
            "pregnancy.four_t_too_young_below_years",
            18,
            lambda: p.four_t(HPHT, mother_birth=date(2005, 1, 1)).factors,
            ("terlalu_muda",),
            (),
        ),
        (
            "pregnancy.four_t_too_close_below_months",
            12,
            lambda: p.four_t(HPHT, last_birth=date(2022, 6, 1)).factors,
            ("terlalu_dekat",),
            (),
        ),
        (
            "pregnancy.hypertension_dbp",
            85,
            lambda: p.classify_hypertension(120, 86).code,
            "normal",
            "hipertensi_dalam_kehamilan",
        ),
        ("pregnancy.severe_hypertension_sbp", 150, lambda: p.classify_hypertension(155, 85).flags, (), ("berat",)),
        ("pregnancy.severe_hypertension_dbp", 100, lambda: p.classify_hypertension(150, 105).flags, (), ("berat",)),
        (
            "pregnancy.gestational_hypertension_from_weeks",
            18,
            lambda: p.classify_hypertension(145, 92, HPHT, wk(19)).code,
            "hipertensi_kronik",
            "hipertensi_gestasional",
        ),
    ],
    ids=lambda v: v if isinstance(v, str) and v.startswith("pregnancy.") else "",
)
def test_unverified_setting_changes_the_outcome(setting, value, call, default, changed):
    """ILP.md §0: every [M] fact is a deployment setting; its default is the unverified value."""
    assert call() == default
    with config.override(**{setting: value}):
        assert call() == changed


def test_every_pregnancy_setting_is_declared_with_a_source():
    mine = [s for s in config.declared() if s.name.startswith("pregnancy.")]
    assert {s.name for s in mine} >= {
        "pregnancy.hpl_method",
        "pregnancy.trimester_rule",
        "pregnancy.anaemia_hb_below_g_dl",
        "pregnancy.kf_kn_day_numbering",
    }
    assert all(s.source and s.description for s in mine)
