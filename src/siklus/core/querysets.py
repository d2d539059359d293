"""Area scoping in SQL: the one place a :class:`~siklus.core.scope.Scope` becomes a filter."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db import models
from django.db.models import Lookup, Q

from siklus.core.actors import scope_of
from siklus.core.scope import Scope


@models.CharField.register_lookup
class Within(Lookup):
    """``code__within=area``: the code is ``area`` or lies below it, at segment boundaries.

    Written so each engine serves it from an index: PostgreSQL answers ``LIKE 'area.%'`` from the
    pattern-ops index Django adds to an indexed CharField; SQLite's LIKE is case-insensitive and
    never uses an index, so there it is a range in the binary collation ('/' follows '.').
    """

    lookup_name = "within"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        pattern = connection.ops.prep_for_like_query(self.rhs) + ".%"
        return f"({lhs} = %s OR {lhs} LIKE %s)", [*params, self.rhs, *params, pattern]

    def as_sqlite(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        # A province or kabupaten holds most of a deployment's rows, and SQLite has no statistics to
        # know it: its range would win over the index that serves ORDER BY … LIMIT (newest, by
        # name) and sort every row. The no-op unary + leaves such a filter to the scan that index
        # walk does anyway; a kecamatan, desa or RW stays an index range.
        column = lhs if self.rhs.count(".") >= 2 else f"+{lhs}"
        return (f"({column} = %s OR ({column} >= %s AND {column} < %s))",
                [*params, self.rhs, *params, self.rhs + ".", *params, self.rhs + "/"])


def within_q(field: str, area: str) -> Q:
    """SQL form of :func:`siklus.rules.areacodes.within`."""
    return Q(**{f"{field}__within": area})


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
