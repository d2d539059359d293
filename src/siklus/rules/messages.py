"""Messages: what the rules say to people, as a key and parameters the interface translates.

A rule never returns a finished sentence. It returns a :class:`Message` — an Indonesian
template (the msgid of the project's gettext catalogue, marked with :func:`gettext_noop` so
``makemessages`` finds it) and raw parameters: dates as :class:`datetime.date`, ages as
:class:`Age`, intervals as :class:`Duration`, months as :class:`MonthYear`, counts as numbers,
names as other messages, codes (``MR1``, ``K2``) as plain strings. The model is
:class:`siklus.rules.nik.Finding`.

:func:`render` turns a message into text in one language: it translates each template with the
gettext function it is given and formats each parameter in that language (``5 Desember 2026`` /
``5 December 2026``, ``1 tahun 2 bulan`` / ``1 year 2 months``, ``4.300`` / ``4,300``).
``str(message)`` is the Indonesian text.

Pure: no Django, no gettext import; the caller passes its own ``translate``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any


def gettext_noop(template: str) -> str:
    """Marks a message for translation catalogues without importing any i18n machinery."""
    return template


@dataclass(frozen=True)
class Message:
    """An Indonesian template with ``%(name)s`` placeholders and its raw parameters.

    A template without parameters is used as is (a literal ``%`` needs no escaping); with
    parameters, a literal ``%`` is written ``%%``.
    """

    template: str
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)

    def __str__(self) -> str:
        return render(self)


@dataclass(frozen=True)
class Join:
    """Several parts (messages, codes) shown as one parameter, e.g. a list of dose names."""

    parts: tuple
    sep: str = ", "


@dataclass(frozen=True)
class Age:
    """An age as a bidan says it: days under a month, months (+ days) under 2 years, then years
    (+ months): ``5 hari``, ``9 bulan 3 hari``, ``2 tahun 1 bulan``."""

    months: int  # completed calendar months
    days: int  # days beyond the completed months


@dataclass(frozen=True)
class Duration:
    """An interval or an age limit as printed in a schedule: ``4 minggu``, ``6 bulan 29 hari``."""

    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0


@dataclass(frozen=True)
class MonthYear:
    year: int
    month: int


# --------------------------------------------------------------------------------------------
# Languages: month names, units and number separators
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Language:
    months: tuple[str, ...]
    units: Mapping[str, tuple[str, str]]  # unit → (singular, plural)
    thousands: str
    decimal: str


_LANGUAGES = {
    "id": _Language(
        ("Januari", "Februari", "Maret", "April", "Mei", "Juni",
         "Juli", "Agustus", "September", "Oktober", "November", "Desember"),
        {"year": ("tahun", "tahun"), "month": ("bulan", "bulan"), "week": ("minggu", "minggu"),
         "day": ("hari", "hari")},
        ".", ",",
    ),
    "en": _Language(
        ("January", "February", "March", "April", "May", "June",
         "July", "August", "September", "October", "November", "December"),
        {"year": ("year", "years"), "month": ("month", "months"), "week": ("week", "weeks"),
         "day": ("day", "days")},
        ",", ".",
    ),
}


def _language(lang: str) -> _Language:
    try:
        return _LANGUAGES[lang]
    except KeyError:
        raise ValueError(f"unknown language {lang!r} (use one of {', '.join(_LANGUAGES)})") from None


def format_number(value: float, lang: str = "id") -> str:
    """``4300`` → ``4.300`` (id) / ``4,300`` (en); ``1.5`` → ``1,5`` / ``1.5``."""
    language = _language(lang)
    return f"{value:,}".replace(",", "\0").replace(".", language.decimal).replace("\0", language.thousands)


def format_date(day: date, lang: str = "id") -> str:
    """``5 Desember 2026`` / ``5 December 2026``."""
    return f"{day.day} {_language(lang).months[day.month - 1]} {day.year}"


def format_month(year: int, month: int, lang: str = "id") -> str:
    """``Februari 2026`` / ``February 2026``."""
    return f"{_language(lang).months[month - 1]} {year}"


def _amount(n: int, unit: str, language: _Language) -> str:
    singular, plural = language.units[unit]
    return f"{n} {singular if n == 1 else plural}"


def format_duration(value: Duration, lang: str = "id") -> str:
    language = _language(lang)
    parts = [_amount(n, unit, language) for n, unit in
             ((value.years, "year"), (value.months, "month"), (value.weeks, "week"), (value.days, "day")) if n]
    return " ".join(parts) or _amount(0, "month", language)  # HB0's limit "0 bulan": the first month


def format_age(value: Age, lang: str = "id") -> str:
    if value.months == 0:
        return _amount(value.days, "day", _language(lang))
    if value.months < 24:
        return format_duration(Duration(months=value.months, days=value.days), lang)
    return format_duration(Duration(years=value.months // 12, months=value.months % 12), lang)


# --------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------


def _identity(template: str) -> str:
    return template


def render(value: Any, translate: Callable[[str], str] = _identity, lang: str = "id") -> str:
    """Text of a message (or of a tuple of messages, joined by spaces) in one language.

    ``translate`` is a gettext function (``gettext.translation(...).gettext``); it is applied to
    every template, including those of messages nested as parameters.
    """
    if isinstance(value, Message):
        if not value.params:
            return translate(value.template)
        params = {name: render(param, translate, lang) for name, param in value.params.items()}
        return translate(value.template) % params
    if isinstance(value, tuple):
        return " ".join(render(part, translate, lang) for part in value)
    if isinstance(value, Join):
        return value.sep.join(render(part, translate, lang) for part in value.parts)
    if isinstance(value, date):
        return format_date(value, lang)
    if isinstance(value, Age):
        return format_age(value, lang)
    if isinstance(value, Duration):
        return format_duration(value, lang)
    if isinstance(value, MonthYear):
        return format_month(value.year, value.month, lang)
    if isinstance(value, bool):
        raise TypeError("a yes/no parameter needs a message, not a bool")
    if isinstance(value, (int, float)):
        return format_number(value, lang)
    return str(value)


def text(value: Any) -> str:
    """The Indonesian text of a message or tuple of messages (the product's first language)."""
    return render(value)


class Worded:
    """A rule result that says what it is (``title``) and why (``why``) in messages, with their
    Indonesian text as ``label`` and ``reason`` for callers that need no other language."""

    title: Message
    why: Any  # a Message or a tuple of them

    @property
    def label(self) -> str:
        return text(self.title)

    @property
    def reason(self) -> str:
        return text(self.why)
