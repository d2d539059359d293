"""A table of indicator values as CSV or Excel (openpyxl): the rows of :func:`.queries.values`.

``to_csv(rows)`` returns text (machine format: dot decimals, ISO dates); ``to_xlsx(rows, title)``
returns the bytes of a workbook with numbers as numbers (Excel shows them in the user's locale).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

COLUMNS = ("indicator", "level", "unit", "unit_name", "area_code", "period", "numerator", "denominator", "value",
           "target", "status", "sasaran_source", "rule_versions", "computed_at")


def _plain(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 4)
    return "" if value is None else value


def to_csv(rows: Iterable[dict], columns: tuple[str, ...] = COLUMNS) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_plain(row.get(c)) for c in columns])
    return out.getvalue()


def to_xlsx(rows: Iterable[dict], title: str = "Indikator", columns: tuple[str, ...] = COLUMNS) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        values = []
        for c in columns:
            value = row.get(c)
            if getattr(value, "tzinfo", None) is not None:
                value = value.replace(tzinfo=None)  # type: ignore[union-attr]  # Excel has no time zones
            values.append(value)
        sheet.append(values)
    for column, name in zip(sheet.columns, columns):
        if name in ("value", "target"):
            for cell in column[1:]:
                cell.number_format = "0.0"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
