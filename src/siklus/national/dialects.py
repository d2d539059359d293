"""One indicator definition, several engines: the SQL :mod:`siklus.monitoring.compile` writes for
PostgreSQL, with its parameters inlined, transpiled by SQLGlot to DuckDB or Spark SQL.

Shims where a transpiler cannot know the intent:

* integer division — every ``/`` of the compiled SQL divides integers (dates as yyyymmdd, team
  digits) and PostgreSQL truncates; Spark's ``/`` gives a double, so it becomes ``DIV``; DuckDB is
  told ``SET integer_division = true`` (:mod:`.engines`);
* day numbers — PostgreSQL's ``date - date`` is days; on Spark it is an interval, so it becomes
  ``DATEDIFF``.
"""

from __future__ import annotations

import re
from datetime import date

import sqlglot
from sqlglot import exp

DIALECTS = ("postgres", "duckdb", "spark", "sqlite")
_TOKEN = re.compile(r"%%|%s")


def literal(value) -> str:
    """A parameter as a PostgreSQL literal (the compiled SQL's parameters: numbers, text, booleans)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, date):
        return f"DATE '{value.isoformat()}'"
    return "'" + str(value).replace("'", "''") + "'"


def inline(sql: str, params) -> str:
    """The SQL with its ``%s`` placeholders replaced by literals and ``%%`` by ``%``."""
    values = iter(params or ())

    def one(match: re.Match) -> str:
        return "%" if match.group(0) == "%%" else literal(next(values))

    out = _TOKEN.sub(one, sql)
    if next(values, _TOKEN) is not _TOKEN:
        raise ValueError("more parameters than placeholders")
    return out


def _spark_shims(node: exp.Expression) -> exp.Expression:
    if isinstance(node, exp.Div):
        return exp.IntDiv(this=node.this, expression=node.expression)
    if isinstance(node, exp.Sub) and _is_date(node.this) and _is_date(node.expression):
        return exp.DateDiff(this=node.this, expression=node.expression, unit=exp.var("DAY"))
    return node


def _is_date(node: exp.Expression) -> bool:
    node = node.unnest() if isinstance(node, exp.Paren) else node
    return (isinstance(node, exp.StrToDate) or (isinstance(node, exp.Cast) and node.to.is_type("date"))
            or isinstance(node, exp.TsOrDsToDate))


def transpile(sql: str, params, dialect: str) -> str:
    """PostgreSQL-dialect SQL with ``%s`` parameters as one statement of ``dialect``."""
    text = inline(sql, params)
    if dialect == "postgres":
        return text
    tree = sqlglot.parse_one(text, read="postgres")
    if dialect == "spark":
        tree = tree.transform(_spark_shims)
    return tree.sql(dialect=dialect)
