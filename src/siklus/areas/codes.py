"""Area-code containment: the one definition of "this record lies in that area".

Codes are dotted and fixed-width per level, so an area contains a code when the code equals it
or continues it after a dot. A bare ``startswith`` would let ``62.02.01.200`` match desa
``62.02.01.2003``; everything goes through these two functions instead.
"""

from django.db.models import Q


def within(code: str | None, area: str) -> bool:
    return bool(code) and (code == area or code.startswith(area + "."))


def within_q(field: str, area: str) -> Q:
    return Q(**{field: area}) | Q(**{f"{field}__startswith": area + "."})


def below(code: str | None, area: str) -> bool:
    """Strictly inside ``area`` (a dusun/RW/RT of a desa, not the desa itself)."""
    return bool(code) and code.startswith(area + ".")
