"""Versioned rule tables.

Kemenkes revises thresholds, schedules and age bands (2017 → 2020 → 2023 → 2024 …). A rule
table therefore holds every edition with the date it took effect, and a classification asks
for the edition in force on the service date and reports its version id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

T = TypeVar("T")

# Version ids of tables taken from the Juknis ILP (KMK HK.01.07/MENKES/2015/2023, ILP.md [V:S1b]),
# defined once for every module whose table comes from it.
JUKNIS_ILP = "juknis-ilp-2023"
JUKNIS_ILP_FROM = date(2023, 1, 1)


@dataclass(frozen=True)
class Edition(Generic[T]):
    version: str  # e.g. "permenkes-2-2020", shown with every result the edition produced
    valid_from: date
    value: T


class Versioned(Generic[T]):
    """Editions of one rule table, ordered by ``valid_from``.

    ``superseded`` editions are never in force: they were siklus's own misreadings of a source,
    corrected for every date, and are kept only so results stored under their version id can
    still be explained (:meth:`version`).
    """

    def __init__(self, *editions: Edition[T], superseded: tuple[Edition[T], ...] = ()):
        if not editions:
            raise ValueError("a versioned table needs at least one edition")
        self.editions = tuple(sorted(editions, key=lambda e: e.valid_from))
        self.superseded = tuple(superseded)
        versions = [e.version for e in self.editions + self.superseded]
        if len(set(versions)) != len(versions):
            raise ValueError(f"duplicate version ids: {versions}")

    def at(self, on: date | None = None) -> Edition[T]:
        """The edition in force on ``on`` (the latest edition when ``on`` is None).

        A date before the first edition gets the first edition: records older than the
        earliest table we carry are judged by the oldest rule we know, not rejected.
        """
        if on is None:
            return self.editions[-1]
        current = self.editions[0]
        for edition in self.editions:
            if edition.valid_from <= on:
                current = edition
        return current

    def version(self, version: str) -> Edition[T]:
        for edition in self.editions + self.superseded:
            if edition.version == version:
                return edition
        raise KeyError(version)
