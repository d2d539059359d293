"""Messages: rules say an Indonesian template with raw parameters; render() writes it per language."""

from datetime import date

import pytest

from siklus.rules.messages import Age, Duration, Join, Message, MonthYear, render, text

ENGLISH = {
    "Lahir %(date)s, umur %(age)s": "Born %(date)s, age %(age)s",
    "Posyandu %(name)s": "Posyandu %(name)s",
    "kunjungan rumah": "home visit",
}


def en(message):
    return render(message, lambda s: ENGLISH.get(s, s), "en")


@pytest.mark.parametrize(
    ("day", "indonesian", "english"),
    [(date(2026, 12, 5), "5 Desember 2026", "5 December 2026"), (date(2025, 2, 28), "28 Februari 2025",
                                                                  "28 February 2025")],
)
def test_dates_in_each_language(day, indonesian, english):
    assert (render(day), render(day, lang="en")) == (indonesian, english)


@pytest.mark.parametrize(
    ("age", "indonesian", "english"),
    [
        (Age(0, 0), "0 hari", "0 days"),
        (Age(0, 1), "1 hari", "1 day"),
        (Age(9, 3), "9 bulan 3 hari", "9 months 3 days"),
        (Age(1, 0), "1 bulan", "1 month"),
        (Age(23, 30), "23 bulan 30 hari", "23 months 30 days"),
        (Age(24, 5), "2 tahun", "2 years"),  # from 2 years: years and months, no days
        (Age(14, 0), "14 bulan", "14 months"),
        (Age(38, 0), "3 tahun 2 bulan", "3 years 2 months"),
        (Age(25, 0), "2 tahun 1 bulan", "2 years 1 month"),
    ],
)
def test_ages_as_a_bidan_says_them(age, indonesian, english):
    assert (render(age), render(age, lang="en")) == (indonesian, english)


def test_durations_and_months():
    assert render(Duration(months=6, days=29)) == "6 bulan 29 hari"
    assert render(Duration(weeks=4), lang="en") == "4 weeks"
    assert render(Duration(years=1), lang="en") == "1 year"
    assert render(Duration()) == "0 bulan"  # HB0's limit: the first month of life
    assert (render(MonthYear(2026, 2)), render(MonthYear(2026, 2), lang="en")) == ("Februari 2026", "February 2026")


@pytest.mark.parametrize(
    ("number", "indonesian", "english"),
    [(4300, "4.300", "4,300"), (100_000, "100.000", "100,000"), (1_234_567, "1.234.567", "1,234,567"),
     (12, "12", "12"), (1.5, "1,5", "1.5"), (4300.25, "4.300,25", "4,300.25")],
)
def test_numbers_use_the_language_separators(number, indonesian, english):
    assert (render(number), render(number, lang="en")) == (indonesian, english)


def test_a_message_translates_its_template_and_nested_messages_and_formats_parameters():
    message = Message("Lahir %(date)s, umur %(age)s", {"date": date(2025, 3, 1), "age": Age(14, 2)})
    assert text(message) == str(message) == "Lahir 1 Maret 2025, umur 14 bulan 2 hari"
    assert en(message) == "Born 1 March 2025, age 14 months 2 days"
    places = Join((Message("Posyandu %(name)s", {"name": "Mawar"}), Message("kunjungan rumah")))
    assert (render(places), en(places)) == ("Posyandu Mawar, kunjungan rumah", "Posyandu Mawar, home visit")


def test_a_tuple_of_messages_is_sentences_joined_by_spaces():
    assert text((Message("Satu."), Message("Dua."))) == "Satu. Dua."


def test_a_template_without_parameters_keeps_a_literal_percent_sign():
    assert text(Message("IMT ≥ 25 % lemak")) == "IMT ≥ 25 % lemak"


def test_unknown_language_and_bool_parameters_are_refused():
    with pytest.raises(ValueError, match="unknown language"):
        render(date(2025, 1, 1), lang="fr")
    with pytest.raises(TypeError):
        render(Message("%(x)s", {"x": True}))
