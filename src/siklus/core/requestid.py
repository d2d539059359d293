"""The id of the request being served, for log lines (no Django import: logging loads it early).

``RequestIdMiddleware`` sets it for each request and answers it in ``X-Request-ID``, so a
person reporting an error can quote the id that the server logged with its traceback."""

import contextvars
import logging
import re
import uuid

_current: contextvars.ContextVar[str] = contextvars.ContextVar("siklus_request_id", default="-")

# An id handed in by the proxy (nginx $request_id, a load balancer's trace id) is kept when it is
# short and plain; anything else could forge or break log lines, so a fresh one replaces it.
_ACCEPTED = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def new_id(incoming: str | None = None) -> str:
    if incoming and _ACCEPTED.match(incoming):
        return incoming
    return uuid.uuid4().hex


def bind(request_id: str) -> contextvars.Token[str]:
    return _current.set(request_id)


def unbind(token: contextvars.Token[str]) -> None:
    _current.reset(token)


def current() -> str:
    return _current.get()


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (``-`` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _current.get()
        return True
