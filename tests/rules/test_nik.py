"""NIK validation as ILP.md §8.3 describes it: PP KK CC DDMMYY SSSS, day +40 for women."""

from datetime import date

import pytest

from siklus.rules import nik

TODAY = date(2026, 11, 23)


def test_a_valid_nik_of_a_woman_yields_her_birth_date_and_sex():
    result = nik.check("6202014107900003", today=TODAY)
    assert result.valid
    assert (result.sex, result.birth_date, result.region_code, result.serial) == ("P", date(1990, 7, 1), "62.02.01", "0003")


def test_a_mans_day_of_birth_is_not_shifted():
    result = nik.check("6202010107900003", today=TODAY)
    assert (result.sex, result.birth_date) == ("L", date(1990, 7, 1))


@pytest.mark.parametrize("value", ["620201410790000", "62020141079000031", "62020141O7900003", ""])
def test_anything_but_16_digits_is_rejected(value):
    result = nik.check(value, today=TODAY)
    assert [e.code for e in result.errors] == ["format"]
    assert result.errors[0].message == "NIK harus 16 digit angka."


def test_separators_people_type_are_ignored():
    assert nik.check("62.02.01.410790.0003", today=TODAY).nik == "6202014107900003"
    assert nik.check("6202 0141 0790 0003", today=TODAY).valid


@pytest.mark.parametrize("value", ["6202013102900003", "6202017102900003", "6202010013900003", "6202010000900003"])
def test_the_date_must_exist_31_feb_71_feb_month_13_day_0(value):
    assert "date" in [e.code for e in nik.check(value, today=TODAY).errors]


def test_29_february_is_accepted_in_a_leap_year_only():
    assert nik.check("6202012902000003", today=TODAY).birth_date == date(2000, 2, 29)
    assert not nik.check("6202012902010003", today=TODAY).valid


def test_sex_entered_must_match_the_nik():
    result = nik.check("6202010107900003", sex="P", today=TODAY)
    assert [e.code for e in result.errors] == ["sex_mismatch"]
    assert "tanggal lahir ditambah 40" in result.errors[0].message


def test_birth_date_entered_must_match_the_nik():
    result = nik.check("6202014107900003", sex="P", birth_date=date(1990, 7, 2), today=TODAY)
    assert [e.code for e in result.errors] == ["birth_date_mismatch"]
    assert "01-07-1990" in result.errors[0].message


def test_the_century_follows_the_birth_date_entered():
    """YY=20 is 1920 for a 106-year-old and 2020 for a child: the entered birth date decides."""
    assert nik.check("6202010101200003", birth_date=date(1920, 1, 1), today=TODAY).valid
    assert nik.check("6202010101200003", birth_date=date(2020, 1, 1), today=TODAY).valid


def test_without_a_birth_date_the_century_is_the_latest_not_in_the_future():
    assert nik.check("6202010101260003", today=TODAY).birth_date == date(2026, 1, 1)
    assert nik.check("6202010112260003", today=TODAY).birth_date == date(1926, 12, 1)


def test_an_unknown_region_is_a_warning_not_a_rejection():
    result = nik.check("9999014107900003", today=TODAY, known_region=lambda code: False)
    assert result.valid
    assert [w.code for w in result.warnings] == ["region_unknown"]
    assert "pemekaran" in result.warnings[0].message


def test_zero_region_codes_and_serial_are_rejected():
    assert "region_zero" in [e.code for e in nik.check("6200014107900003", today=TODAY).errors]
    assert "serial_zero" in [e.code for e in nik.check("6202014107900000", today=TODAY).errors]


def test_validate_returns_the_compact_number_or_raises_with_the_messages():
    assert nik.validate("62-02-01-410790-0003", today=TODAY) == "6202014107900003"
    with pytest.raises(nik.InvalidNik, match="16 digit"):
        nik.validate("123")
    assert nik.format("6202014107900003") == "62.02.01.410790.0003"
