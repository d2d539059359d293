"""Writing the audit log: the one place that records who created, changed, voided, viewed or
exported personal data. Services call :func:`log` inside their transaction; the request
(address, channel) comes from the context set by
:class:`~siklus.audit.middleware.RequestContextMiddleware`, so no view passes it by hand.
"""

from __future__ import annotations

import contextvars
import datetime
import decimal
import functools
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
    (then ``username`` is the name that was tried) and a lockout."""
    if actor is None and action not in (Action.LOGIN_FAILED, Action.LOCKED_OUT):
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


# A read event keeps the ids of the first READ_ID_CAP records shown and the total: enough to
# answer "who saw this person" for any page a person can read, bounded for bulk exports.
READ_ID_CAP = 500
QUERY_CAP = 200


def _common_prefix(codes) -> str:
    """The most specific area code holding all ``codes`` ("" when they share none)."""
    common: list[str] | None = None
    for code in codes:
        if not code:
            continue
        parts = code.split(".")
        if common is None:
            common = parts
            continue
        i = 0
        while i < min(len(common), len(parts)) and common[i] == parts[i]:
            i += 1
        common = common[:i]
        if not common:
            break
    return ".".join(common or [])


def log_read(actor: Any, objects, *, what: str, query: str | None = None,
             action: str | None = None) -> AuditEvent:
    """Record that ``actor`` was shown ``objects`` (records with ``pk`` and ``area_code``) in one
    request: a list, a search, a household's members, a form. One event, whatever the count.

    The action is ``search`` when there is a query, else ``list``. The event's area is the most
    specific area holding every record shown (else the actor's own area), so Dinkes sees the
    reads of its area's data."""
    objects = list(objects)
    ids = [str(o.pk) for o in objects[:READ_ID_CAP]]
    area = _common_prefix(getattr(o, "area_code", "") for o in objects)
    if not area and not objects:
        scope = getattr(actor, "scope", None)
        area = (scope.common_area() if scope is not None else None) or ""
    changes: dict[str, Any] = {"what": what, "count": len(objects), "ids": ids}
    if len(objects) > READ_ID_CAP:
        changes["ids_truncated"] = True
    if query:
        changes["query"] = query[:QUERY_CAP]
    return log(action or (Action.SEARCH if query else Action.LIST), actor=actor, area_code=area,
               changes=changes)


def audited(actor: Any, shown, *, what: str, query: str | None = None):
    """Evaluate what a page will show, log it as one read, and return it ready to render.

    ``shown`` is a queryset or list (returned as a list) or a paginator ``Page`` (returned with
    its ``object_list`` evaluated, so the template does not query again)."""
    if hasattr(shown, "object_list") and hasattr(shown, "paginator"):
        shown.object_list = list(shown.object_list)
        log_read(actor, shown.object_list, what=what, query=query)
        return shown
    rows = list(shown)
    log_read(actor, rows, what=what, query=query)
    return rows


def audited_api_list(what: str, query_param: str | None = None):
    """For a paginated API list (place it above ``@paginate``): log the page's items as one read."""
    def decorate(func):
        @functools.wraps(func)
        def wrapper(request, *args, **kwargs):
            result = func(request, *args, **kwargs)
            items = result.get("items", []) if isinstance(result, dict) else result
            query = kwargs.get(query_param) if query_param else None
            log_read(request.user, items, what=what, query=query or None)
            return result
        return wrapper
    return decorate
