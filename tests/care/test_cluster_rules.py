"""What the record forms work out before the services store a record (siklus.care.clusters): the
KF/KN visit of a date, the CKG items of a person's age, sex and conditions, which forms fit."""

from datetime import date, timedelta

import pytest

from siklus.care import clusters
from siklus.people.models import Person
from siklus.rules import pregnancy
from siklus.rules.lifecycle import age_on

ON = date(2026, 6, 15)


def facts(birth: date, sex: str, **extra) -> clusters.Facts:
    person = Person(name="Uji", sex=sex, birth_date=birth, area_code="62.02.01.2003")
    age = age_on(birth, ON)
    return clusters.Facts(person, ON, age.days, age.months, age.years, **extra)


def years_ago(n: int, days: int = 40) -> date:
    return ON.replace(year=ON.year - n) - timedelta(days=days)


# Days after the birth date: KF1 6 hours–2 days, KF2 the 3rd–7th day, KF3 the 8th–28th, KF4 the 29th–42nd.
@pytest.mark.parametrize("day,number", [(0, 1), (1, 1), (2, 2), (6, 2), (7, 3), (27, 3), (28, 4), (41, 4), (42, None)])
def test_a_postpartum_visit_is_the_kf_whose_window_holds_its_day(day, number):
    birth = date(2026, 3, 1)
    assert clusters.visit_number(pregnancy.kf_windows(birth), birth, birth + timedelta(days=day)) == number


@pytest.mark.parametrize("day,number", [(1, 1), (2, 2), (6, 2), (7, 3), (27, 3), (28, None)])
def test_a_neonatal_visit_is_the_kn_whose_window_holds_its_day(day, number):
    birth = date(2026, 3, 1)
    assert clusters.visit_number(pregnancy.kn_windows(birth), birth, birth + timedelta(days=day)) == number


def codes_of(f):
    return {i.code for i in clusters.ckg_items(f)}


YOUNG_ADULT = {"tekanan_darah", "gula_darah", "obesitas", "srq20", "tajam_penglihatan", "pendengaran"}


def test_the_ckg_of_a_young_man_is_the_18_29_package():
    assert codes_of(facts(years_ago(25), "L")) == YOUNG_ADULT


def test_a_woman_from_30_adds_breast_and_cervical_screening():
    assert codes_of(facts(years_ago(35), "P")) == YOUNG_ADULT | {"sadanis", "iva", "hpv_dna"}
    assert codes_of(facts(years_ago(35), "L")) == YOUNG_ADULT


def test_from_40_the_package_adds_copd_cataract_and_lung_cancer_and_for_ht_dm_their_complications():
    man = codes_of(facts(years_ago(45), "L"))
    assert man == YOUNG_ADULT | {"puma", "katarak", "kanker_paru"}
    hypertensive = codes_of(facts(years_ago(45), "L", conditions={"hipertensi"}))
    assert hypertensive == man | {"lipid", "fungsi_ginjal", "komplikasi_hipertensi"}


def test_an_elder_gets_the_geriatric_screening_and_colorectal_from_50():
    assert {"skilas", "adl", "kolorektal"} <= codes_of(facts(years_ago(65), "P"))
    assert "kolorektal" not in codes_of(facts(years_ago(49), "P"))


def test_forms_fit_the_life_stage():
    baby, child, woman, elder = (facts(ON - timedelta(days=10), "P"), facts(years_ago(3), "L"),
                                 facts(years_ago(30), "P"), facts(years_ago(70), "L"))
    assert clusters.fits("neonatal", baby) and not clusters.fits("neonatal", child)
    assert clusters.fits("balita", child) and not clusters.fits("balita", woman)
    assert clusters.fits("kehamilan", woman) and not clusters.fits("kehamilan", elder)
    assert not clusters.fits("anc", woman) and not clusters.fits("kontrol", woman)
    assert clusters.fits("skilas", elder) and not clusters.fits("skilas", woman)
    assert clusters.fits("ckg", woman) and not clusters.fits("ckg", child)
    assert clusters.fits("tbc-terduga", woman) and not clusters.fits("tbc-kontrol", woman)
    assert clusters.fits("rujukan", baby)  # a form without a rule fits everyone
