"""Plausibility of family data: findings a person may confirm, never refusals (issue #10 item 6).

A kader types a birth date or a relation wrong far more often than a 13-year-old becomes a
mother; the finding asks to look again, and "simpan juga" keeps what was typed. What is
impossible stays an error in the service (a mother less than ``mother_min_gap`` years older).

The ages are siklus's choice, not a Kemenkes rule (no source gives them): 15 is the youngest age
at which a head of household is plausible (below it a child is listed as kepala — usually a
relation typed in the wrong row); a mother is plausible from 15 to 55 years at the birth
(the WHO "women of reproductive age" band is 15–49; 55 leaves room for a late birth). The
person's father is not linked (Person has only ``mother``); the male kepala keluarga or suami of
a child's household stands for him where the household says so (relation ``anak``), with the
lower bound only: a father over 55 at a birth is not implausible.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from siklus.rules.nik import Finding, gettext_noop
from siklus.rules.versioning import Edition, Versioned


@dataclass(frozen=True)
class Bounds:
    head_min_age: int  # years: a kepala keluarga younger than this is a finding
    mother_min_gap: int  # years: younger than this at the birth is impossible (an error)
    mother_young_age: int  # years: a mother younger than this at the birth is a finding
    mother_old_age: int  # years: a mother older than this at the birth is a finding
    father_young_age: int  # years: the household's man younger than this at the birth is a finding


SIKLUS_PLAUSIBILITY = "siklus-plausibility-2026"
BOUNDS: Versioned[Bounds] = Versioned(
    Edition(SIKLUS_PLAUSIBILITY, date(2026, 1, 1), Bounds(
        head_min_age=15, mother_min_gap=10, mother_young_age=15, mother_old_age=55, father_young_age=15)),
)


def years_between(earlier: date, later: date) -> int:
    """Whole years from ``earlier`` to ``later`` (an age; 29 February counts from 1 March)."""
    return later.year - earlier.year - ((later.month, later.day) < (earlier.month, earlier.day))


def head_of_household(birth_date: date, today: date) -> Finding | None:
    """A kepala keluarga under the minimum age (ILP.md has no rule; see the module docstring)."""
    bounds = BOUNDS.at(today).value
    age = years_between(birth_date, today)
    if age >= bounds.head_min_age:
        return None
    return Finding("head_young", gettext_noop(
        "Kepala keluarga berumur %(age)d tahun (di bawah %(min)d tahun). Periksa tanggal lahir dan hubungan dalam keluarga."),
        {"age": age, "min": bounds.head_min_age})


def mother_impossible(mother_birth: date, child_birth: date) -> Finding | None:
    """A mother less than ``mother_min_gap`` years older than the child: refused."""
    bounds = BOUNDS.at(child_birth).value
    if years_between(mother_birth, child_birth) >= bounds.mother_min_gap:
        return None
    return Finding("mother_gap", gettext_noop("Ibu harus lebih tua setidaknya %(min)d tahun dari anak."),
                   {"min": bounds.mother_min_gap})


def mother_at_birth(mother_birth: date, child_birth: date) -> Finding | None:
    """The mother's age at the birth outside the plausible band: a finding to confirm."""
    bounds = BOUNDS.at(child_birth).value
    age = years_between(mother_birth, child_birth)
    if age < bounds.mother_min_gap or bounds.mother_young_age <= age <= bounds.mother_old_age:
        return None
    return Finding("mother_age", gettext_noop(
        "Ibu berumur %(age)d tahun saat anak lahir (wajar %(low)d–%(high)d tahun). Periksa tanggal lahir ibu dan anak."),
        {"age": age, "low": bounds.mother_young_age, "high": bounds.mother_old_age})


def father_at_birth(father_birth: date, child_birth: date) -> Finding | None:
    """The household's man (kepala keluarga or suami) too young at an ``anak``'s birth."""
    bounds = BOUNDS.at(child_birth).value
    age = years_between(father_birth, child_birth)
    if age >= bounds.father_young_age:
        return None
    return Finding("father_age", gettext_noop(
        "Kepala keluarga/suami berumur %(age)d tahun saat anak lahir (di bawah %(min)d tahun). Periksa tanggal lahir dan hubungan dalam keluarga."),
        {"age": age, "min": bounds.father_young_age})


def plausible_mother_birth_range(child_birth: date) -> tuple[date, date]:
    """Birth dates a plausible mother of a child born on ``child_birth`` has: (earliest, latest)."""
    bounds = BOUNDS.at(child_birth).value
    earliest = _years_before(child_birth, bounds.mother_old_age + 1) + timedelta(days=1)
    latest = _years_before(child_birth, bounds.mother_min_gap)
    return earliest, latest


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)
