"""Small helpers every rule module shares: one month-end, one sex normaliser."""

from __future__ import annotations

import calendar
from datetime import date


def month_start(day: date) -> date:
    return date(day.year, day.month, 1)


def month_end(day: date) -> date:
    """The last day of the month of ``day``."""
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def sex_code(sex: str) -> str:
    """Normalise a sex code to ``"L"`` (laki-laki) or ``"P"`` (perempuan), as on the NIK."""
    value = str(sex).strip().upper()
    if value in ("L", "M", "LAKI-LAKI", "MALE"):
        return "L"
    if value in ("P", "F", "W", "PEREMPUAN", "WANITA", "FEMALE"):
        return "P"
    raise ValueError(f"jenis kelamin tidak dikenal: {sex!r} (gunakan 'L' atau 'P')")
