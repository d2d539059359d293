"""Who acts: a signed-in user, or an explicit system actor for jobs.

Every service takes an actor and refuses to run without one (:func:`require_actor`): there is
no "no user, so allow everything" path. Jobs (the synthetic generator, area loads, commands run
by the operator) act as a :class:`SystemActor`, which may do everything in scope and is written
to the audit log under its own name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from siklus.core.scope import EVERYTHING, NOTHING, Scope


@dataclass(frozen=True)
class SystemActor:
    name: str  # e.g. "synth", "cli", shown in the audit log as "system:<name>"
    user: Any = None  # the database user its records are created by, if the job has one

    is_authenticated = True
    is_active = True
    is_system = True
    is_superuser = False
    role = "system"
    scope = EVERYTHING

    @property
    def username(self) -> str:
        return f"system:{self.name}"

    def __str__(self) -> str:
        return self.username


def system(name: str, user: Any = None) -> SystemActor:
    return SystemActor(name, user)


def require_actor(actor: Any) -> None:
    """Refuse a call made without an actor (or with an anonymous or inactive one)."""
    if actor is None or not getattr(actor, "is_authenticated", False) or not getattr(actor, "is_active", False):
        raise PermissionError("no authenticated actor: services are refused without one")


def scope_of(actor: Any) -> Scope:
    """The actor's scope; nothing for no actor, an anonymous or an inactive user."""
    if actor is None or not getattr(actor, "is_authenticated", False) or not getattr(actor, "is_active", False):
        return NOTHING
    return getattr(actor, "scope", NOTHING)


def user_of(actor: Any):
    """The database user a record is created by: the user itself, or the job's user (may be None)."""
    if isinstance(actor, SystemActor):
        return actor.user
    return actor
