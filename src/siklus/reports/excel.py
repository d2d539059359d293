"""A :class:`~siklus.reports.registers.Register` as an Excel workbook laid out like the paper
register: title, facility and period rows, grouped column headers, frozen header and names,
dates as real dates shown d-m-yyyy, widths per column, highlighted cells that need attention."""

from __future__ import annotations

import io
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from siklus.areas.models import Area
from siklus.reports.registers import Cell, Register

DATE_FORMAT = "d-m-yyyy"
HEADER_FILL = PatternFill("solid", fgColor="E3ECEA")
THIN = Side(style="thin", color="9AA5A8")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FIRST_HEADER_ROW = 6


def area_lines(facility) -> list[str]:
    """Desa, kecamatan and kabupaten of the facility, as a register's heading names them."""
    codes = facility.area_code.split(".")
    wanted = [".".join(codes[:n]) for n in (4, 3, 2)]
    names = {a.code: a for a in Area.objects.filter(code__in=wanted)}
    return [names[c].full_name for c in wanted if c in names]


def workbook(register: Register, *, printed_by: str = "") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = register.title[:31]
    columns = register.columns
    last_col = get_column_letter(len(columns))

    ws["A1"] = register.title.upper()
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = f"{register.facility}" + (f" — {', '.join(area_lines(register.facility))}" if register.facility else "")
    ws["A2"].font = Font(bold=True)
    ws["A3"] = _("Periode: %(period)s") % {"period": register.period.label}
    printed = timezone.localdate().strftime("%d-%m-%Y")
    ws["A4"] = (_("Dicetak %(date)s oleh %(user)s") % {"date": printed, "user": printed_by} if printed_by
                else _("Dicetak %(date)s") % {"date": printed})
    ws["A4"].font = Font(italic=True, color="5D6B70")
    for row in (1, 2, 3, 4):
        ws.merge_cells(f"A{row}:{last_col}{row}")

    # Two header rows: the group over its columns, the column's own name below (merged down when
    # the column has no group), like the printed registers.
    top, sub = FIRST_HEADER_ROW, FIRST_HEADER_ROW + 1
    i = 0
    while i < len(columns):
        c = columns[i]
        col = i + 1
        if c.group:
            j = i
            while j + 1 < len(columns) and columns[j + 1].group == c.group:
                j += 1
            ws.cell(top, col, c.group)
            if j > i:
                ws.merge_cells(start_row=top, start_column=col, end_row=top, end_column=j + 1)
            for k in range(i, j + 1):
                ws.cell(sub, k + 1, columns[k].header)
            i = j + 1
        else:
            ws.cell(top, col, c.header)
            ws.merge_cells(start_row=top, start_column=col, end_row=sub, end_column=col)
            i += 1
    for row in (top, sub):
        for col in range(1, len(columns) + 1):
            cell = ws.cell(row, col)
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            cell.border = BORDER
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[sub].height = 30

    for r, values in enumerate(register.rows, sub + 1):
        for col, (column, value) in enumerate(zip(columns, values), 1):
            fill = ""
            if isinstance(value, Cell):
                value, fill = value.value, value.fill
            cell = ws.cell(r, col, value if value != "" else None)
            cell.border = BORDER
            if fill:
                cell.fill = PatternFill("solid", fgColor=fill)
            if isinstance(value, date) or column.kind == "date":
                cell.number_format = DATE_FORMAT
                cell.alignment = Alignment(horizontal="center")
            elif column.kind == "number":
                cell.number_format = "0.0#"
            elif column.kind == "text":
                cell.alignment = Alignment(vertical="top", wrap_text=column.width >= 20)
    if not register.rows:
        ws.cell(sub + 1, 1, _("Tidak ada data untuk periode ini.")).font = Font(italic=True)

    notes_row = sub + max(len(register.rows), 1) + 2
    for n, note in enumerate(register.notes):
        ws.cell(notes_row + n, 1, note).font = Font(italic=True, size=9, color="5D6B70")

    for col, column in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(col)].width = column.width
    ws.freeze_panes = ws.cell(sub + 1, register.frozen_columns + 1)
    ws.print_title_rows = f"{top}:{sub}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if register.rows:
        ws.auto_filter.ref = f"A{sub}:{last_col}{sub + len(register.rows)}"

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
