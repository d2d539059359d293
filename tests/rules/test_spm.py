"""SPM bidang kesehatan — ILP.md §6.1–§6.2: one predicate per service, 2019 and 2024 editions."""

from datetime import date, datetime, timedelta

import pytest

from siklus.rules import config, spm
from siklus.rules.pregnancy import AncContact

Y = 2024


def monthly(year, months, day=10):
    return [date(year, m, day) for m in months]


class TestEditions:
    def test_edition_in_force_on_1_january(self):
        assert spm.edition_for(2023).version == spm.PMK_4_2019
        assert spm.edition_for(2024).version == spm.PMK_6_2024

    def test_explicit_edition_wins(self):
        assert spm.edition_for(2024, spm.PMK_4_2019).version == spm.PMK_4_2019

    def test_deployment_can_pin_an_edition(self):
        with config.override(**{"spm.edition": spm.PMK_4_2019}):
            assert spm.edition_for(2025).version == spm.PMK_4_2019

    def test_twelve_services_with_sub_kegiatan_codes(self):
        assert [s.number for s in spm.SERVICES] == list(range(1, 13))
        assert spm.SERVICES[0].sub_kegiatan == "1.02.02.2.02.0001"
        assert spm.SERVICES[11].code == "risiko_hiv"


HPHT = date(2024, 1, 1)


def wk(w):
    return HPHT + timedelta(weeks=w)


DOC = dict(by_doctor=True, usg=True)
FOUR = [AncContact(wk(8)), AncContact(wk(20)), AncContact(wk(30)), AncContact(wk(36))]
SIX = [
    AncContact(wk(8), **DOC),
    AncContact(wk(16)),
    AncContact(wk(22)),
    AncContact(wk(28)),
    AncContact(wk(32), **DOC),
    AncContact(wk(36)),
]


class TestIbuHamil:
    def test_2019_four_contacts_1_1_2(self):
        """Row 1, 4/2019: ≥ 4 ANC (1-1-2)."""
        result = spm.ibu_hamil(Y, hpht=HPHT, contacts=FOUR, edition=spm.PMK_4_2019)
        assert (result.served, result.missing, result.rule_version) == (True, (), spm.PMK_4_2019)

    def test_2024_four_contacts_are_not_enough(self):
        """Row 1, 6/2024 (ILP): ≥ 6 ANC (1-2-3) incl. 2 doctor visits with USG."""
        result = spm.ibu_hamil(Y, hpht=HPHT, contacts=FOUR, edition=spm.PMK_6_2024)
        assert result.served is False
        assert result.missing == ("anc_tm1_dokter_usg", "anc_tm2_kurang_1", "anc_tm3_kurang_1", "anc_tm3_dokter_usg")

    def test_2024_six_contacts_with_two_doctor_visits(self):
        assert spm.ibu_hamil(Y, hpht=HPHT, contacts=SIX).served is True

    def test_counted_in_the_year_the_pattern_was_completed(self):
        hpht = date(2024, 5, 1)
        contacts = [
            AncContact(hpht + timedelta(weeks=w), **(DOC if w in (8, 32) else {})) for w in (8, 16, 22, 28, 32, 36)
        ]
        # K4 at 28 w (13 Nov) and K5 at 32 w (11 Dec) fall in 2024; K6 at 36 w on 8 Jan 2025
        assert spm.ibu_hamil(2024, hpht=hpht, contacts=contacts).missing == ("anc_tm3_kurang_1",)
        assert spm.ibu_hamil(2025, hpht=hpht, contacts=contacts).served is True


class TestIbuBersalin:
    def test_2024_team_of_three_with_a_doctor(self):
        ok = spm.ibu_bersalin(
            Y, delivered_on=date(Y, 5, 1), at_facility=True, attendants=["dokter", "bidan", "perawat"]
        )
        assert ok.served is True
        ok2 = spm.ibu_bersalin(Y, delivered_on=date(Y, 5, 1), at_facility=True, attendants=["bidan", "dokter", "bidan"])
        assert ok2.served is True

    def test_2024_two_midwives_are_not_the_ilp_team(self):
        result = spm.ibu_bersalin(Y, delivered_on=date(Y, 5, 1), at_facility=True, attendants=["bidan", "bidan"])
        assert result.missing == ("tim_penolong_tidak_sesuai",)

    def test_2019_team_of_two(self):
        result = spm.ibu_bersalin(
            Y, delivered_on=date(Y, 5, 1), at_facility=True, attendants=["bidan", "bidan"], edition=spm.PMK_4_2019
        )
        assert result.served is True

    def test_home_delivery_is_not_served(self):
        result = spm.ibu_bersalin(
            Y, delivered_on=date(Y, 5, 1), at_facility=False, attendants=["dokter", "bidan", "perawat"]
        )
        assert result.missing == ("bukan_di_fasyankes",)

    def test_team_rule_is_a_setting(self):
        with config.override(**{"spm.ibu_bersalin_teams_2024": (("bidan", "bidan"),)}):
            assert spm.ibu_bersalin(
                Y, delivered_on=date(Y, 5, 1), at_facility=True, attendants=["bidan", "bidan"]
            ).served


BIRTH = datetime(Y, 3, 10, 8, 0)
KN_OK = [BIRTH + timedelta(hours=12), BIRTH + timedelta(days=4), BIRTH + timedelta(days=15)]
CARE = {"imd", "vitamin_k1", "salep_mata", "hb0"}


class TestBayiBaruLahir:
    def test_essential_care_and_kn_lengkap(self):
        """Row 3: essential neonatal care + KN lengkap 3× (6–48 h, 3–7 d, 8–28 d)."""
        assert spm.bayi_baru_lahir(Y, birth=BIRTH, kn_visits=KN_OK, essential_care=CARE).served is True

    def test_missing_kn2_and_hb0(self):
        result = spm.bayi_baru_lahir(Y, birth=BIRTH, kn_visits=[KN_OK[0], KN_OK[2]], essential_care=CARE - {"hb0"})
        assert result.missing == ("esensial_hb0", "kn2")

    def test_shk_only_when_the_deployment_requires_it(self):
        with config.override(**{"spm.bbl_requires_shk_2024": True}):
            result = spm.bayi_baru_lahir(Y, birth=BIRTH, kn_visits=KN_OK, essential_care=CARE)
            assert result.missing == ("shk",)
            assert spm.bayi_baru_lahir(
                Y, birth=BIRTH, kn_visits=KN_OK, essential_care=CARE, edition=spm.PMK_4_2019
            ).served


class TestBalita:
    BIRTH = date(2021, 6, 15)

    def kw(self, **changes):
        base = dict(
            birth=self.BIRTH,
            weighings=monthly(Y, range(1, 9)),
            length_height=monthly(Y, (2, 8)),
            development=monthly(Y, (2, 8)),
            vitamin_a=monthly(Y, (2, 8)),
            idl_complete=True,
        )
        return {**base, **changes}

    def test_all_criteria_met(self):
        """Row 4: weighing ≥ 8×, PB/TB ≥ 2×, development ≥ 2×, vitamin A 2×, IDL."""
        assert spm.balita(Y, **self.kw()).served is True

    def test_seven_weighings_are_one_short(self):
        assert spm.balita(Y, **self.kw(weighings=monthly(Y, range(1, 8)))).missing == ("penimbangan_kurang_1",)

    def test_measurements_of_another_year_do_not_count(self):
        result = spm.balita(Y, **self.kw(length_height=[date(2023, 12, 1), date(Y, 8, 1)]))
        assert result.missing == ("pb_tb_kurang_1",)

    def test_vitamin_a_in_february_and_august(self):
        assert spm.balita(Y, **self.kw(vitamin_a=monthly(Y, (8,)))).missing == ("vitamin_a_bulan_2",)

    def test_no_february_dose_needed_before_6_months(self):
        """Born 1 Oct 2023: 4 months in February (no dose), 10 months in August (dose)."""
        result = spm.balita(Y, **self.kw(birth=date(2023, 10, 1), vitamin_a=monthly(Y, (8,)), idl_complete=False))
        assert result.missing == ("idl",)  # 14 months by 31 December

    def test_idl_not_required_before_12_months(self):
        result = spm.balita(Y, **self.kw(birth=date(2024, 1, 5), vitamin_a=monthly(Y, (8,)), idl_complete=False))
        assert "idl" not in result.missing

    def test_development_count_is_a_setting(self):
        with config.override(**{"spm.balita_min_development": 1}):
            assert spm.balita(Y, **self.kw(development=monthly(Y, (2,)))).served is True


class TestScreeningServices:
    def test_usia_pendidikan_dasar(self):
        items = {i: [date(Y, 8, 1)] for i in ("status_gizi", "tanda_vital", "gigi_mulut", "penglihatan", "pendengaran")}
        assert spm.usia_pendidikan_dasar(Y, screenings=items).served is True
        del items["pendengaran"]
        assert spm.usia_pendidikan_dasar(Y, screenings=items).missing == ("pendengaran",)

    YEARLY = {i: [date(Y, 4, 1)] for i in ("obesitas", "tekanan_darah", "gula_darah", "kesehatan_jiwa")}

    def test_usia_produktif_man(self):
        assert spm.usia_produktif(Y, birth=date(1980, 1, 1), sex="L", screenings=self.YEARLY).served is True

    def test_usia_produktif_woman_30_to_50_needs_iva_and_sadanis(self):
        result = spm.usia_produktif(Y, birth=date(1980, 1, 1), sex="P", screenings=self.YEARLY)
        assert result.missing == ("iva", "sadanis")

    def test_iva_within_its_3_year_interval_counts(self):
        items = {**self.YEARLY, "iva": [date(2022, 3, 1)], "sadanis": [date(2021, 12, 31)]}
        result = spm.usia_produktif(Y, birth=date(1980, 1, 1), sex="P", screenings=items)
        assert result.missing == ("sadanis",)  # 31 Dec 2021 is exactly 36 months before 31 Dec 2024: out

    def test_woman_over_50_needs_no_iva(self):
        assert spm.usia_produktif(Y, birth=date(1970, 1, 1), sex="P", screenings=self.YEARLY).served is True

    LANSIA = {
        i: [date(Y, 4, 1)] for i in ("tekanan_darah", "gula_darah", "kolesterol", "kesehatan_jiwa", "kognitif", "adl")
    }

    def test_usia_lanjut_2019_without_skilas(self):
        assert spm.usia_lanjut(Y, screenings=self.LANSIA, edition=spm.PMK_4_2019).served is True

    def test_usia_lanjut_2024_adds_skilas(self):
        assert spm.usia_lanjut(Y, screenings=self.LANSIA).missing == ("skilas",)

    def test_usia_produktif_items_are_a_setting(self):
        with config.override(**{"spm.usia_produktif_items": ("tekanan_darah",)}):
            assert spm.usia_produktif(
                Y, birth=date(1980, 1, 1), sex="L", screenings={"tekanan_darah": [date(Y, 1, 1)]}
            ).served


class TestChronic:
    def test_every_month_is_served(self):
        assert spm.hipertensi(Y, measurements=monthly(Y, range(1, 13))).served is True

    def test_a_missed_month(self):
        result = spm.diabetes(Y, measurements=monthly(Y, [m for m in range(1, 13) if m != 7]))
        assert (result.served, result.missing) == (False, ("bulan_7",))

    def test_counted_from_the_month_of_diagnosis(self):
        result = spm.hipertensi(Y, measurements=monthly(Y, range(5, 13)), diagnosed_on=date(Y, 5, 20))
        assert result.served is True

    def test_until_end_of_follow_up(self):
        assert spm.hipertensi(Y, measurements=monthly(Y, range(1, 4)), until=date(Y, 3, 31)).served is True

    def test_minimum_months_is_a_setting(self):
        with config.override(**{"spm.chronic_min_months": 1}):
            assert spm.hipertensi(Y, measurements=[date(Y, 6, 1)]).served is True


class TestOthers:
    def test_odgj_berat(self):
        assert spm.odgj_berat(Y, services=[date(Y, 3, 1)]).served is True
        assert spm.odgj_berat(Y, services=[date(2023, 3, 1)]).missing == ("layanan_kurang_1",)

    def test_terduga_tb_needs_clinical_and_bacteriological(self):
        assert spm.terduga_tb(Y, examinations={"klinis": [date(Y, 2, 1)], "bakteriologis": [date(Y, 2, 2)]}).served
        assert spm.terduga_tb(Y, examinations={"klinis": [date(Y, 2, 1)]}).missing == ("bakteriologis",)

    def test_risiko_hiv(self):
        assert spm.risiko_hiv(Y, hiv_tests=[date(Y, 9, 9)]).served is True
        assert spm.risiko_hiv(Y, hiv_tests=[]).missing == ("tes_hiv",)


class TestSasaranAndCapaian:
    @pytest.mark.parametrize(
        "service, birth, inside",
        [
            ("usia_produktif", date(2009, 7, 1), True),  # 15 on 1 July
            ("usia_produktif", date(2009, 7, 2), False),
            ("usia_lanjut", date(1964, 7, 1), True),
            ("balita", date(2019, 7, 2), True),  # 59 months on 1 July 2024
            ("balita", date(2019, 7, 1), False),  # 60 months
            ("ibu_hamil", date(2000, 1, 1), True),
        ],
    )
    def test_age_on_the_reference_day(self, service, birth, inside):
        assert spm.in_sasaran(service, birth, Y) is inside

    def test_capaian_and_target(self):
        assert spm.capaian(45, 60) == 75.0
        assert spm.capaian(0, 0) is None
        assert spm.meets_target(100.0) is True
        assert spm.meets_target(99.9) is False
        with config.override(**{"spm.target_percent": 80}):
            assert spm.meets_target(80.0) is True


# ---------------------------------------------------------------- every [M] setting changes the outcome

BALITA = dict(
    birth=date(2021, 6, 15),
    weighings=monthly(Y, range(1, 9)),
    length_height=monthly(Y, (2, 8)),
    development=monthly(Y, (2, 8)),
    vitamin_a=monthly(Y, (2, 8)),
    idl_complete=True,
)
YEARLY6 = {i: [date(Y, 4, 1)] for i in ("obesitas", "tekanan_darah", "gula_darah", "kesehatan_jiwa")}
LANSIA6 = {
    i: [date(Y, 4, 1)] for i in ("tekanan_darah", "gula_darah", "kolesterol", "kesehatan_jiwa", "kognitif", "adl")
}


@pytest.mark.parametrize(
    "setting, value, call, default, changed",
    [
        ("spm.age_reference", (1, 1), lambda: spm.in_sasaran("usia_lanjut", date(1964, 3, 1), Y), True, False),
        (
            "spm.ibu_bersalin_teams_2019",
            (("dokter",),),
            lambda: spm.ibu_bersalin(
                Y, delivered_on=date(Y, 1, 2), at_facility=True, attendants=["dokter"], edition=spm.PMK_4_2019
            ).served,
            False,
            True,
        ),
        (
            "spm.bbl_essential_care",
            ("imd",),
            lambda: spm.bayi_baru_lahir(Y, birth=BIRTH, kn_visits=KN_OK, essential_care={"imd"}).served,
            False,
            True,
        ),
        ("spm.balita_min_weighings", 12, lambda: spm.balita(Y, **BALITA).served, True, False),
        ("spm.balita_min_length_height", 3, lambda: spm.balita(Y, **BALITA).served, True, False),
        (
            "spm.balita_vitamin_a_months",
            (2,),
            lambda: spm.balita(Y, **{**BALITA, "vitamin_a": [date(Y, 2, 1)]}).served,
            False,
            True,
        ),
        (
            "spm.usia_pendidikan_dasar_items",
            ("status_gizi",),
            lambda: spm.usia_pendidikan_dasar(Y, screenings={"status_gizi": [date(Y, 8, 1)]}).served,
            False,
            True,
        ),
        (
            "spm.usia_produktif_women_items",
            ("iva",),
            lambda: spm.usia_produktif(
                Y, birth=date(1980, 1, 1), sex="P", screenings={**YEARLY6, "iva": [date(Y, 1, 1)]}
            ).served,
            False,
            True,
        ),
        (
            "spm.usia_produktif_women_ages",
            (30, 40),
            lambda: spm.usia_produktif(Y, birth=date(1980, 1, 1), sex="P", screenings=YEARLY6).served,
            False,
            True,
        ),
        (
            "spm.cancer_screening_valid_months",
            12,
            lambda: spm.usia_produktif(
                Y,
                birth=date(1980, 1, 1),
                sex="P",
                screenings={**YEARLY6, "iva": [date(2023, 3, 1)], "sadanis": [date(2023, 3, 1)]},
            ).served,
            True,
            False,
        ),
        (
            "spm.usia_lanjut_items_2019",
            ("tekanan_darah", "skilas"),
            lambda: spm.usia_lanjut(Y, screenings=LANSIA6, edition=spm.PMK_4_2019).served,
            True,
            False,
        ),
        (
            "spm.usia_lanjut_items_2024",
            ("tekanan_darah",),
            lambda: spm.usia_lanjut(Y, screenings=LANSIA6).served,
            False,
            True,
        ),
        ("spm.odgj_min_services", 2, lambda: spm.odgj_berat(Y, services=[date(Y, 3, 1)]).served, True, False),
        (
            "spm.terduga_tb_examinations",
            ("klinis",),
            lambda: spm.terduga_tb(Y, examinations={"klinis": [date(Y, 2, 1)]}).served,
            False,
            True,
        ),
        ("spm.hiv_min_tests", 2, lambda: spm.risiko_hiv(Y, hiv_tests=[date(Y, 9, 9)]).served, True, False),
    ],
    ids=lambda v: v if isinstance(v, str) and v.startswith("spm.") else "",
)
def test_unverified_setting_changes_the_outcome(setting, value, call, default, changed):
    """ILP.md §6.2: the 'sesuai standar' details are [M]: each is a setting a deployment can change."""
    assert call() == default
    with config.override(**{setting: value}):
        assert call() == changed


def test_every_spm_setting_is_declared_with_a_source():
    mine = [s for s in config.declared() if s.name.startswith("spm.")]
    assert len(mine) >= 20
    assert all(s.source and s.description for s in mine)
