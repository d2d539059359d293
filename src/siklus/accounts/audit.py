"""The audit log: the one place that records who created, changed, voided, viewed or exported
personal data. Services call :func:`log`; the request (address, channel) is taken from the
context set by :class:`~siklus.accounts.middleware.RequestContextMiddleware`, so no view
passes it by hand.
"""

from __future__ import annotations

import contextvars
import datetime
import decimal
import uuid

_request: contextvars.ContextVar = contextvars.ContextVar("siklus_request", default=None)


def bind_request(request):
    return _request.set(request)


def unbind_request(token) -> None:
    _request.reset(token)


def _client_ip(request) -> str | None:
    # Behind a reverse proxy set SIKLUS_TRUSTED_PROXY so X-Forwarded-For is believed; not by default.
    return request.META.get("REMOTE_ADDR") or None


def _channel(request) -> str:
    if request is None:
        return "cli"
    return "api" if request.path.startswith("/api/") else "web"


def _plain(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, (uuid.UUID, decimal.Decimal)):
        return str(value)
    if hasattr(value, "pk"):
        return str(value.pk)
    return value


def snapshot(obj, fields: list[str]) -> dict:
    return {f: _plain(getattr(obj, f"{f}_id" if hasattr(obj, f"{f}_id") else f)) for f in fields}


def diff(before: dict, after: dict) -> dict:
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


def log(action: str, obj=None, *, user=None, changes: dict | None = None, area_code: str | None = None) -> None:
    from siklus.accounts.models import AuditEvent

    request = _request.get()
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    AuditEvent.objects.create(
        user=user,
        username=getattr(user, "username", "") if user else "",
        action=action,
        model=obj._meta.model_name if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        area_code=area_code if area_code is not None else getattr(obj, "area_code", "") or "",
        ip_address=_client_ip(request) if request is not None else None,
        channel=_channel(request),
        changes={k: [_plain(v) for v in pair] if isinstance(pair, (list, tuple)) else _plain(pair) for k, pair in (changes or {}).items()},
    )
