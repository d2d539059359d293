"""Writing the audit log: the one place that records who created, changed, voided, viewed or
exported personal data. Services call :func:`log` inside their transaction; the request
(address, channel) comes from the context set by
:class:`~siklus.audit.middleware.RequestContextMiddleware`, so no view passes it by hand.
"""

from __future__ import annotations

import contextvars
import datetime
import decimal
import uuid
from typing import Any

from siklus.audit.models import Action, AuditEvent
from siklus.core.actors import SystemActor

_request: contextvars.ContextVar = contextvars.ContextVar("siklus_request", default=None)


def bind_request(request):
    return _request.set(request)


def unbind_request(token) -> None:
    _request.reset(token)


def _client_ip(request) -> str | None:
    # Behind a reverse proxy set SIKLUS_TRUSTED_PROXY so X-Forwarded-For is believed; not by default.
    return request.META.get("REMOTE_ADDR") or None


def _channel(request, actor) -> str:
    if request is not None:
        return "api" if request.path.startswith("/api/") else "web"
    return "job" if isinstance(actor, SystemActor) else "cli"


def plain(value):
    """A value as JSON can hold it (dates as ISO text, related records as their key)."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, (uuid.UUID, decimal.Decimal)):
        return str(value)
    if hasattr(value, "pk"):
        return str(value.pk)
    return value


def snapshot(obj, fields: list[str]) -> dict:
    return {f: plain(getattr(obj, f"{f}_id" if hasattr(obj, f"{f}_id") else f)) for f in fields}


def diff(before: dict, after: dict) -> dict:
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


def log(action: str, obj: Any = None, *, actor: Any, changes: dict | None = None,
        area_code: str | None = None, username: str | None = None) -> AuditEvent:
    """Record one event. ``actor`` is a user or a system actor; only a failed login has none
    (then ``username`` is the name that was tried)."""
    if actor is None and action != Action.LOGIN_FAILED:
        raise PermissionError("an audit event needs an actor")
    request = _request.get()
    user = actor.user if isinstance(actor, SystemActor) else actor
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    return AuditEvent.objects.create(
        user=user,
        username=(username if username is not None else getattr(actor, "username", "") or "")[:150],
        action=action,
        model=obj._meta.model_name if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        area_code=area_code if area_code is not None else getattr(obj, "area_code", "") or "",
        ip_address=_client_ip(request) if request is not None else None,
        channel=_channel(request, actor),
        changes={k: [plain(v) for v in pair] if isinstance(pair, (list, tuple)) else plain(pair)
                 for k, pair in (changes or {}).items()},
    )
