"""The months a register or report covers, and their names in the user's language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import get_language

from siklus.rules.lifecycle import STAGE_BANDS, date_at_age
from siklus.rules.messages import format_month

# A register longer than a year is a different document (the annual kohort has 12 month columns).
MAX_MONTHS = 12


def month_start(text: str) -> date:
    """``2025-06`` → 1 June 2025; ValueError for anything else."""
    year, month = text.strip().split("-")
    if len(year) != 4 or not 1 <= len(month) <= 2:
        raise ValueError(text)
    return date(int(year), int(month), 1)


def month_end(first: date) -> date:
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _lang() -> str:
    return "en" if (get_language() or "id").startswith("en") else "id"


def month_name(day: date) -> str:
    """``November 2026`` in Indonesian (``November 2026`` in English too; ``Desember`` / ``December``)."""
    return format_month(day.year, day.month, _lang())


@dataclass(frozen=True)
class Period:
    first: date  # the first day of the first month
    last: date  # the last day of the last month

    @classmethod
    def months_from(cls, first: date, last_month: date | None = None) -> Period:
        return cls(first.replace(day=1), month_end((last_month or first).replace(day=1)))

    @classmethod
    def of(cls, day: date) -> Period:
        """The month ``day`` lies in."""
        return cls.months_from(day)

    @property
    def months(self) -> list[date]:
        found, day = [], self.first
        while day <= self.last:
            found.append(day)
            day = month_end(day) + timedelta(days=1)
        return found

    @property
    def label(self) -> str:
        if self.first.replace(day=1) == self.last.replace(day=1):
            return month_name(self.first)
        return f"{month_name(self.first)} – {month_name(self.last)}"

    @property
    def slug(self) -> str:
        a, b = self.first.strftime("%Y-%m"), self.last.strftime("%Y-%m")
        return a if a == b else f"{a}_{b}"


def band(code: str, on: date):
    """The life-stage band ``code`` (balita, lansia …) in force on ``on`` (siklus.rules.lifecycle)."""
    return next(b for b in STAGE_BANDS.at(on).value if b.code == code)


def born_after_for_months(on: date, months: int) -> date:
    """Persons born after this date are younger than ``months`` completed months + 1 on ``on``
    (a child of 59 months and 30 days is still a balita)."""
    return date_at_age(on, months=-(months + 1))
