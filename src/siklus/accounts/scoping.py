"""Area scoping: the one mechanism that decides which records a user may see or change.

A user's scope is a set of area-code prefixes derived from their role and binding (a Posyandu
or Pustu → its desa; a Puskesmas → its wilayah kerja; Dinkes → its kabupaten/kota or
provinsi; admin → everything). Every queryset a view or endpoint reads goes through
``Model.objects.visible_to(user)``, which applies :meth:`Scope.filter` on the model's
``SCOPE_FIELD``; every write checks :meth:`Scope.contains` for the target area.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Count, Q

from siklus.areas.codes import within, within_q


@dataclass(frozen=True)
class Scope:
    prefixes: tuple[str, ...] | None  # None: the whole country; (): nothing

    @property
    def everything(self) -> bool:
        return self.prefixes is None

    def contains(self, code: str | None) -> bool:
        if self.prefixes is None:
            return True
        if not code:
            return False
        return any(within(code, p) for p in self.prefixes)

    def q(self, field: str) -> Q:
        if self.prefixes is None:
            return Q()
        if not self.prefixes:
            return Q(pk__in=[])
        return reduce(or_, (within_q(field, p) for p in self.prefixes))

    def filter(self, queryset, field: str):
        return queryset if self.prefixes is None else queryset.filter(self.q(field))

    def common_area(self) -> str | None:
        """The most specific area code containing the whole scope (None: everything or nothing)."""
        if not self.prefixes:
            return None
        common = []
        for segments in zip(*(p.split(".") for p in self.prefixes)):
            if len(set(segments)) > 1:
                break
            common.append(segments[0])
        return ".".join(common) or None

    def filter_areas(self, queryset):
        """Areas in scope plus their ancestors, so a desa user sees the way down to the desa."""
        if self.prefixes is None:
            return queryset
        ancestors = {a for p in self.prefixes for a in _ancestors(p)}
        return queryset.filter(self.q("code") | Q(code__in=ancestors))


NOTHING = Scope(())
EVERYTHING = Scope(None)


def _ancestors(code: str) -> list[str]:
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def scope_of(user) -> Scope:
    """The user's scope, computed once per user object."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    cached = getattr(user, "_siklus_scope", None)
    if cached is None:
        cached = _compute(user)
        user._siklus_scope = cached
    return cached


def _compute(user) -> Scope:
    from siklus.accounts.models import Role
    from siklus.facilities.models import Kind

    if user.is_superuser or user.role == Role.ADMIN:
        return EVERYTHING
    if user.role in (Role.DINKES_KAB, Role.DINKES_PROV):
        return Scope((user.area_id,)) if user.area_id else NOTHING
    facility = user.facility
    if facility is None or facility.is_voided:
        return NOTHING
    if facility.kind == Kind.PUSKESMAS:
        return Scope(wilayah_kerja_prefixes(facility))
    # Kader (Posyandu) and Pustu staff work for the desa their unit stands in.
    return Scope((_desa_of(facility.area_code),))


def _desa_of(code: str) -> str:
    return ".".join(code.split(".")[:4])


def wilayah_kerja_prefixes(puskesmas) -> tuple[str, ...]:
    """The desa of a Puskesmas's wilayah kerja, a whole kecamatan collapsed to its code."""
    from siklus.areas.models import Area, Level

    desa = sorted(puskesmas.served_areas.filter(level=Level.DESA).values_list("code", flat=True))
    if not desa:
        return (_desa_of(puskesmas.area_code),)
    by_kecamatan: dict[str, set[str]] = {}
    for code in desa:
        by_kecamatan.setdefault(code.rsplit(".", 1)[0], set()).add(code)
    counts = dict(
        Area.objects.filter(level=Level.DESA, parent_id__in=by_kecamatan)
        .values_list("parent_id")
        .annotate(n=Count("code"))
    )
    prefixes: list[str] = []
    for kecamatan, codes in sorted(by_kecamatan.items()):
        prefixes.extend([kecamatan] if counts.get(kecamatan) == len(codes) else sorted(codes))
    return tuple(prefixes)
