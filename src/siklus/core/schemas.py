"""Shared API input types."""

import base64
import json
from typing import Annotated, Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, PaginationBase
from pydantic import AfterValidator, StringConstraints


def _no_control_characters(value: str) -> str:
    # PostgreSQL cannot store NUL, and no field of ours has a use for control characters.
    if any(ord(c) < 32 and c not in "\t\n\r" for c in value):
        raise ValueError("teks berisi karakter kontrol yang tidak diizinkan")
    return value


def Text(max_length: int, min_length: int = 0):
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, max_length=max_length, min_length=min_length),
        AfterValidator(_no_control_characters),
    ]


class Pages(LimitOffsetPagination):
    """Limit/offset pagination with bounds: no page bigger than 500, no offset past 10^9."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=500)
        offset: int = Field(0, ge=0, le=10**9)


def cursor_of(row, order: list[str]) -> str:
    """The opaque ``after`` cursor of ``row`` in a list ordered by ``order`` (field names, ``-`` for
    descending): its values of those fields, as URL-safe base64 of JSON."""
    values = [getattr(row, f.lstrip("-")) for f in order]
    raw = json.dumps([v if isinstance(v, int | float | bool | None) else str(v) for v in values])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _after(order: list[str], cursor: str) -> Q:
    """Rows after the cursor's row in ``order``: ``(a, b) > (x, y)`` written as ``a >= x AND (a > x OR
    (a = x AND b > y))``, whose first term lets either database start from the index."""
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, TypeError):
        values = None
    if not isinstance(values, list) or len(values) != len(order) or any(v is None for v in values):
        raise HttpError(422, _("Kursor halaman tidak valid; mulai lagi dari halaman pertama."))
    names = [f.lstrip("-") for f in order]
    later = ["lt" if f.startswith("-") else "gt" for f in order]
    strictly = Q()
    for i in reversed(range(len(order))):
        step = Q(**{f"{names[i]}__{later[i]}": values[i]})
        strictly = step if i == len(order) - 1 else step | (Q(**{names[i]: values[i]}) & strictly)
    return Q(**{f"{names[0]}__{later[0]}e": values[0]}) & strictly


class Keyset(PaginationBase):
    """Keyset pagination: a page is the ``limit`` rows after the ``after`` cursor in the list's
    order (which must end in a unique field, e.g. ``(name, id)``), so page 1,000 costs what page 1
    costs. The answer carries ``next``, the cursor of the following page (null on the last).
    ``count`` (the total) only with ``count=true``: counting reads every row of the scope.
    ``offset`` still works (deprecated: its cost grows with the offset)."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=500)
        after: str | None = Field(None, max_length=1000, description="kursor dari `next` halaman sebelumnya")
        count: bool = Field(False, description="sertakan jumlah total (lebih lambat)")
        offset: int = Field(0, ge=0, le=10**9, description="usang: pakai `after`")

    class Output(Schema):
        items: list[Any]
        next: str | None = None
        count: int | None = None

    def paginate_queryset(self, queryset: QuerySet, pagination: Any, request: HttpRequest, **params: Any) -> Any:
        order = [str(f) for f in queryset.query.order_by or queryset.model._meta.ordering]
        page = queryset
        if pagination.after:
            page = page.filter(_after(order, pagination.after))
        start = 0 if pagination.after else pagination.offset
        items = list(page[start:start + pagination.limit + 1])
        more = len(items) > pagination.limit
        items = items[:pagination.limit]
        return {
            "items": items,
            "next": cursor_of(items[-1], order) if more else None,
            "count": queryset.count() if pagination.count else None,
        }
