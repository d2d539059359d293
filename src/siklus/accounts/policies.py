"""Every "may this actor do this to this record" question, answered in one place. Deny by default.

A permission is granted when the actor's role is among the permission's roles, the target lies
in the actor's scope, and the permission's own condition (if any) holds: e.g. a Kepala
Puskesmas changes the ILP status only of its own Puskesmas and the Pustu and Posyandu under it.
The system actor (jobs) may do everything; no actor may do nothing. Services call
:func:`require`; pages and endpoints call :func:`may` only to decide what to show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from siklus.accounts.models import Role
from siklus.core.actors import require_actor, scope_of
from siklus.core.scope import NOTHING


class Perm(StrEnum):
    VIEW = "records.view"  # see the records of an area (reads go through ``visible_to``)
    EDIT_PEOPLE = "people.edit"  # register, change, void households and persons
    EDIT_AREAS = "areas.edit"  # add dusun/RW/RT below a desa
    LOAD_AREAS = "areas.load"  # (re)load the Kemendagri hierarchy: reference data, the operator's job
    CREATE_FACILITY = "facilities.create"
    SET_ILP = "facilities.set_ilp"  # record that a facility runs ILP, and since when
    MANAGE_FACILITY_PEOPLE = "facilities.people"  # add nakes to a Puskesmas/Pustu, kader to a Posyandu
    RECORD_CARE = "care.record"  # encounters, observations, immunizations … of a person
    # What only a health worker records: immunizations, diagnoses, medicines, laboratory, TB,
    # deliveries, case reports, answers to referrals (a kader measures, hands out and refers).
    RECORD_CLINICAL = "care.clinical"
    READ_AUDIT = "audit.read"
    EXPORT_AUDIT = "audit.export"
    MANAGE_USERS = "accounts.manage"  # reset another user's password (a one-time one)
    # Exchange with SATUSEHAT (siklus.interop): see what was sent and why a record failed (Klaster 1
    # of the Puskesmas, Dinkes), and set the Puskesmas' credentials, export, import, resend.
    INTEROP_VIEW = "interop.view"
    INTEROP_MANAGE = "interop.manage"
    # Send an area's indicator values (aggregate figures, no person) to DHIS2: the district health
    # office runs DHIS2 reporting for its kabupaten, a Kepala Puskesmas may for its work area.
    # Not SATUSEHAT: Dinkes sets no Puskesmas' credentials and sends no person's record.
    INTEROP_DHIS2 = "interop.dhis2"
    # Ketua RT/RW (siklus.followup): which households of its RT have an open follow-up, in plain
    # words, and marking a household "sudah diingatkan". Checked against the actor's
    # ``neighbourhood`` (its RT), not its record scope (which is empty).
    VIEW_REMINDERS = "followup.reminders"
    MARK_REMINDED = "followup.remind"


FIELD_ROLES = {Role.KADER, Role.PUSTU, Role.NAKES, Role.KEPALA}
DINKES = {Role.DINKES_KAB, Role.DINKES_PROV}


def _own_network(scope, facility) -> bool:
    """A Puskesmas user acts on their own Puskesmas and the Pustu/Posyandu under it."""
    return str(facility.pk) == scope.facility_id or str(facility.parent_id) == scope.facility_id


def _facility_people(scope, facility) -> bool:
    if scope.role == Role.KEPALA:
        return _own_network(scope, facility)
    if scope.role == Role.PUSTU:  # its own Pustu, and the Posyandu of its desa (ILP.md §1.4)
        return str(facility.pk) == scope.facility_id or facility.kind == "posyandu"
    return True


def _network_of_kepala(scope, facility) -> bool:
    # For a new facility the target is the unsaved Facility: a Kepala adds Pustu/Posyandu under
    # their own Puskesmas, never another Puskesmas.
    return _own_network(scope, facility) if scope.role == Role.KEPALA else True


# Whom a manager may reset: Dinkes the users bound inside its area (not admins); a Kepala
# Puskesmas the kader, Pustu and Puskesmas staff of its own network (not another Kepala).
NETWORK_ROLES = {Role.KADER, Role.PUSTU, Role.NAKES}


def _manages(scope, target) -> bool:
    role = Role.ADMIN if getattr(target, "is_superuser", False) else target.role
    if role == Role.ADMIN:
        return False
    facility = target.facility if target.facility_id else None
    if scope.role == Role.KEPALA:
        return role in NETWORK_ROLES and facility is not None and _own_network(scope, facility)
    code = target.area_id if role in DINKES or role == Role.RT else (facility.area_code if facility is not None else None)
    return code is not None and scope.contains(code)


@dataclass(frozen=True)
class Rule:
    roles: frozenset[str]
    condition: Callable[[Any, Any], bool] | None = None  # (scope, target) → bool, after role and area
    neighbourhood: bool = False  # the area is checked against the actor's RT/RW binding


RULES: dict[Perm, Rule] = {
    # A ketua RT/RW sees no record: only its households' reminders (VIEW_REMINDERS).
    Perm.VIEW: Rule(frozenset(Role) - {Role.RT}),
    # Dinkes reads and monitors; it does not register residents or record care.
    Perm.EDIT_PEOPLE: Rule(frozenset(FIELD_ROLES | {Role.ADMIN})),
    Perm.RECORD_CARE: Rule(frozenset(FIELD_ROLES | {Role.ADMIN})),
    Perm.RECORD_CLINICAL: Rule(frozenset({Role.PUSTU, Role.NAKES, Role.KEPALA, Role.ADMIN})),
    # Dusun/RW/RT are set up by the Pustu, the Puskesmas or an admin, not by kader.
    Perm.EDIT_AREAS: Rule(frozenset({Role.PUSTU, Role.NAKES, Role.KEPALA, Role.ADMIN})),
    Perm.LOAD_AREAS: Rule(frozenset({Role.ADMIN})),
    Perm.CREATE_FACILITY: Rule(frozenset({Role.KEPALA, *DINKES, Role.ADMIN}), _network_of_kepala),
    Perm.SET_ILP: Rule(frozenset({Role.KEPALA, *DINKES, Role.ADMIN}), _network_of_kepala),
    Perm.MANAGE_FACILITY_PEOPLE: Rule(frozenset({Role.PUSTU, Role.KEPALA, *DINKES, Role.ADMIN}), _facility_people),
    Perm.READ_AUDIT: Rule(frozenset({*DINKES, Role.ADMIN})),
    Perm.EXPORT_AUDIT: Rule(frozenset({*DINKES, Role.ADMIN})),
    Perm.MANAGE_USERS: Rule(frozenset({Role.KEPALA, *DINKES, Role.ADMIN}), _manages),
    Perm.INTEROP_VIEW: Rule(frozenset({Role.NAKES, Role.KEPALA, *DINKES, Role.ADMIN})),
    Perm.INTEROP_MANAGE: Rule(frozenset({Role.KEPALA, Role.ADMIN}), _network_of_kepala),
    Perm.INTEROP_DHIS2: Rule(frozenset({Role.KEPALA, Role.DINKES_KAB, Role.ADMIN})),
    Perm.VIEW_REMINDERS: Rule(frozenset({Role.RT}), neighbourhood=True),
    Perm.MARK_REMINDED: Rule(frozenset({Role.RT}), neighbourhood=True),
}


def area_of(target: Any) -> str | None:
    """The area code a target belongs to: a code, an Area (``code``) or a record (``area_code``)."""
    if target is None or isinstance(target, str):
        return target
    code = getattr(target, "area_code", None)
    return code if code is not None else getattr(target, "code", None)


def may(actor: Any, perm: Perm, target: Any = None, *, area: str | None = None) -> bool:
    """Whether ``actor`` may do ``perm`` to ``target``.

    ``target`` is what the condition looks at (a record, a facility); ``area`` the area code
    that must lie in the actor's scope (default: the target's). With neither, only the role is
    asked (e.g. "may this user edit people anywhere?", to show a button).
    """
    if actor is None or not getattr(actor, "is_authenticated", False) or not getattr(actor, "is_active", False):
        return False
    if getattr(actor, "is_system", False):
        return True
    rule = RULES[perm]
    scope = getattr(actor, "neighbourhood", NOTHING) if rule.neighbourhood else scope_of(actor)
    role = Role.ADMIN if getattr(actor, "is_superuser", False) else scope.role
    if role not in rule.roles:
        return False
    code = area if area is not None else area_of(target)
    if code is not None and not scope.contains(code):
        return False
    if rule.condition is not None and scope.role != Role.ADMIN and target is not None:
        return rule.condition(scope, target)
    return True


def require(actor: Any, perm: Perm, target: Any = None, *, area: str | None = None) -> None:
    """Raise ``PermissionError`` unless ``actor`` may do ``perm`` (a missing actor always fails)."""
    require_actor(actor)
    if not may(actor, perm, target, area=area):
        raise PermissionError(f"{getattr(actor, 'username', actor)} may not {perm} here")
