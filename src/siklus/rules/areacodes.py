"""Kemendagri area-code containment: the one definition of "this code lies in that area".

Codes are dotted and fixed-width per level (``62``, ``62.02``, ``62.02.01``, ``62.02.01.2001``,
``62.02.01.2001.RW003``), so an area contains a code when the code equals it or continues it
after a dot. A bare ``startswith`` would let ``62.02.01.200`` match desa ``62.02.01.2003``.
Pure (rule settings per area use it too); the SQL form is in :mod:`siklus.core.querysets`.
"""

from __future__ import annotations


def within(code: str | None, area: str) -> bool:
    """``code`` is ``area`` or lies below it."""
    return code is not None and (code == area or code.startswith(area + "."))


def below(code: str | None, area: str) -> bool:
    """Strictly inside ``area`` (a dusun/RW/RT of a desa, not the desa itself)."""
    return code is not None and code.startswith(area + ".")


def ancestors(code: str) -> list[str]:
    """The codes above ``code``, widest first: ``62.02.01`` → ``62``, ``62.02``."""
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def desa_of(code: str) -> str | None:
    """The desa a code is (or lies in); None above desa level."""
    parts = code.split(".")
    return ".".join(parts[:4]) if len(parts) >= 4 else None
