"""Per-desa counters of active households, persons and persons without NIK (:class:`AreaCount`).

A home page shows these three numbers for the user's whole scope; counting them from the records
costs a scan of every person in a kabupaten. So the people services move the counters in the same
transaction as each write (``UPDATE … SET persons = persons + 1``: concurrent writers queue on the
counter row and none is lost), and a bulk writer (``siklus synth``) calls :func:`refresh`, which
recomputes the counters of the given desa from the records in one grouped query each.

A person's or household's *state* is what the counters see of it: ``None`` when it is voided (or
does not exist yet), else its desa (and for a person whether it has no NIK). Services take the
state before and after a write and call :func:`person_changed` / :func:`household_changed`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Sum

from siklus.core.querysets import scope_q
from siklus.core.scope import Scope
from siklus.people.models import AreaCount, Household, Person
from siklus.rules.areacodes import desa_of

PersonState = tuple[str, bool] | None  # (desa code, without NIK) of an active person
HouseholdState = str | None  # desa code of an active household
FIELDS = ("households", "persons", "without_nik")


def person_state(person: Person) -> PersonState:
    return None if person.voided_at is not None else state_of(person.area_code, person.nik)


def state_of(area_code: str | None, nik: str | None) -> PersonState:
    """The state of an active person living at ``area_code`` with ``nik``."""
    desa = desa_of(area_code or "")
    return None if desa is None else (desa, not nik)


def household_state(household: Household) -> HouseholdState:
    return None if household.voided_at is not None else household.desa_id


def person_changed(before: PersonState, after: PersonState) -> None:
    if before == after:
        return
    deltas: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    if before is not None:
        deltas[before[0]][1] -= 1
        deltas[before[0]][2] -= before[1]
    if after is not None:
        deltas[after[0]][1] += 1
        deltas[after[0]][2] += after[1]
    _apply(deltas)


def household_changed(before: HouseholdState, after: HouseholdState, *, members: int = 0,
                      members_without_nik: int = 0) -> None:
    """A household registered, voided or moved to another desa; ``members`` (active, of which
    ``members_without_nik`` have no NIK) moved with it."""
    if before == after:
        return
    deltas: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for desa, sign in ((before, -1), (after, 1)):
        if desa is not None:
            deltas[desa][0] += sign
            deltas[desa][1] += sign * members
            deltas[desa][2] += sign * members_without_nik
    _apply(deltas)


def _apply(deltas: dict[str, list[int]]) -> None:
    for desa, (households, persons, without_nik) in sorted(deltas.items()):  # one lock order
        if not (households or persons or without_nik):
            continue
        changes = {"households": F("households") + households, "persons": F("persons") + persons,
                   "without_nik": F("without_nik") + without_nik}
        if AreaCount.objects.filter(desa_code=desa).update(**changes):
            continue
        # The desa's first counter: count it from the records, which already hold this write.
        try:
            with transaction.atomic():
                refresh([desa])
        except IntegrityError:  # another writer created it meanwhile: it is a counter now
            AreaCount.objects.filter(desa_code=desa).update(**changes)


def refresh(desa_codes: Iterable[str] | None = None) -> int:
    """Recompute the counters of ``desa_codes`` (all when None) from the records; returns the
    number of desa written. Set-based: three grouped queries, whatever the number of desa."""
    households = Household.objects.filter(voided_at__isnull=True)
    persons = Person.objects.filter(voided_at__isnull=True)
    counters = AreaCount.objects.all()
    if desa_codes is not None:
        codes = sorted(set(desa_codes))
        households = households.filter(desa_id__in=codes)
        persons = persons.filter(household__desa_id__in=codes)
        counters = counters.filter(desa_code__in=codes)
    rows: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(FIELDS, 0))
    for desa, n in households.order_by().values_list("desa_id").annotate(n=Count("pk")):
        rows[desa]["households"] = n
    for desa, n, without in (
        persons.order_by().values_list("household__desa_id")
        .annotate(n=Count("pk"), without=Count("pk", filter=Q(nik__isnull=True) | Q(nik="")))
    ):
        rows[desa]["persons"], rows[desa]["without_nik"] = n, without
    with transaction.atomic():
        counters.delete()
        AreaCount.objects.bulk_create([AreaCount(desa_code=desa, **values) for desa, values in rows.items()],
                                      batch_size=1000)
    return len(rows)


def totals(scope: Scope) -> dict[str, int] | None:
    """The three counts summed over a scope, or None when the scope is narrower than a desa
    (counters are per desa: the caller counts the records then)."""
    if scope.prefixes is not None and any(desa_of(p) not in (None, p) for p in scope.prefixes):
        return None
    sums = AreaCount.objects.filter(scope_q(scope, "desa_code")).aggregate(
        **{field: Sum(field) for field in FIELDS}
    )
    return {field: sums[field] or 0 for field in FIELDS}

