"""Area scoping in SQL: the one place a :class:`~siklus.core.scope.Scope` becomes a filter."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db import models
from django.db.models import Q

from siklus.core.actors import scope_of
from siklus.core.scope import Scope


def within_q(field: str, area: str) -> Q:
    """SQL form of :func:`siklus.rules.areacodes.within`."""
    return Q(**{field: area}) | Q(**{f"{field}__startswith": area + "."})


def scope_q(scope: Scope, field: str) -> Q:
    if scope.prefixes is None:
        return Q()
    if not scope.prefixes:
        return Q(pk__in=[])
    return reduce(or_, (within_q(field, p) for p in scope.prefixes))


class ScopedQuerySet(models.QuerySet):
    """Querysets of area-bound records; ``visible_to`` is the only way pages and endpoints reach them."""

    def visible_to(self, actor):
        scope = scope_of(actor)
        return self if scope.everything else self.filter(scope_q(scope, self.model.SCOPE_FIELD))

    def active(self):
        return self.filter(voided_at__isnull=True)
