"""The registers as a bidan gets them, in chromium: on a 390 px phone she opens her Pustu's
"Register dan laporan" page, downloads each register, and every workbook is drawn as its sheet
looks (merged group headers, column widths, fills, dates d-m-yyyy) into
test-output/screenshots/report-register-*.png, with the page itself in report-page-390.png.

No spreadsheet program is installed here, so the sheet is drawn from what openpyxl reads back
from the downloaded file: what is checked is the file's own layout and values."""

import html
import os
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from tests.conftest import PASSWORD
from tests.reports.test_reports import SCREENSHOTS, recorded  # noqa: F401 (the fixture)

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
KINDS = {"kohort-ibu": ("2026-06", "2026-06"), "kohort-balita": ("2025-05", "2025-08"),
         "register-imunisasi": ("2025-04", "2025-04"), "register-lansia": ("2026-11", "2026-11")}


@pytest.fixture
def browser(live_server):
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail("chromium is missing: `make test` installs it with apt-get")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield chromium
        chromium.close()


def sheet_html(path: Path) -> str:
    """The sheet as an HTML table: merged cells spanned, fills, widths, dates as Excel shows d-m-yyyy."""
    ws = load_workbook(path).active
    spans, hidden = {}, set()
    for merged in ws.merged_cells.ranges:
        spans[(merged.min_row, merged.min_col)] = (merged.max_row - merged.min_row + 1,
                                                   merged.max_col - merged.min_col + 1)
        hidden |= {(r, c) for r in range(merged.min_row, merged.max_row + 1)
                   for c in range(merged.min_col, merged.max_col + 1)} - {(merged.min_row, merged.min_col)}
    total = sum((ws.column_dimensions[get_column_letter(c)].width or 10) * 7 for c in range(1, ws.max_column + 1))
    cols = "".join(f'<col style="width:{(ws.column_dimensions[get_column_letter(c)].width or 10) * 7:.0f}px">'
                   for c in range(1, ws.max_column + 1))
    rows = []
    for row in ws.iter_rows():
        cells = []
        # A lone text in the first column (title, notes) runs over the empty cells beside it, as in Excel.
        lone = all(c.value is None for c in row[1:])
        for cell in row:
            if (cell.row, cell.column) in hidden:
                continue
            value = cell.value
            if isinstance(value, datetime | date):
                assert cell.number_format == "d-m-yyyy"
                text = f"{value.day}-{value.month}-{value.year}"
            else:
                text = "" if value is None else str(value).replace(".", ",") if isinstance(value, float) else str(value)
            style = []
            if cell.fill and cell.fill.fill_type == "solid":
                style.append(f"background:#{cell.fill.fgColor.rgb[-6:]}")
            if cell.font and cell.font.bold:
                style.append("font-weight:bold")
            if cell.border and cell.border.left and cell.border.left.style:
                style.append("border:1px solid #9aa5a8")
            if lone:
                style.append("white-space:nowrap;overflow:visible")
            rowspan, colspan = spans.get((cell.row, cell.column), (1, 1))
            cells.append(f'<td rowspan="{rowspan}" colspan="{colspan}" style="{";".join(style)}">{html.escape(text)}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (f"<html><body style='font:11px Arial;margin:8px'><table style='border-collapse:collapse;table-layout:fixed;width:{total:.0f}px'>"
            f"{cols}{''.join(rows)}</table></body></html>")


def test_a_bidan_downloads_each_register_on_her_phone(recorded, browser, live_server, tmp_path):  # noqa: F811
    a = recorded["place"]
    phone = browser.new_page(viewport={"width": 390, "height": 844}, accept_downloads=True)
    phone.goto(live_server.url + "/masuk/")
    phone.get_by_label("Nama pengguna").fill(a.users["pustu"].username)
    phone.get_by_label("Kata sandi").fill(PASSWORD)
    phone.get_by_role("button", name="Masuk").click()
    phone.goto(f"{live_server.url}/fasilitas/{a.pustu.pk}/")
    phone.get_by_role("link", name="Register dan laporan").click()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / "report-page-390.png"), full_page=True)

    wide = browser.new_page(viewport={"width": 1600, "height": 600})
    for kind, (first, last) in KINDS.items():
        phone.get_by_label("Register").select_option(kind)
        phone.get_by_label("Dari bulan").fill(first)
        phone.get_by_label("Sampai bulan").fill(last)
        with phone.expect_download() as download:
            phone.get_by_role("button", name="Unduh register").click()
        target = tmp_path / f"{kind}.xlsx"
        download.value.save_as(target)
        assert download.value.suggested_filename.startswith(kind)
        wide.set_content(sheet_html(target))
        wide.screenshot(path=str(SCREENSHOTS / f"report-register-{kind}.png"), full_page=True)
        assert (SCREENSHOTS / f"report-register-{kind}.png").stat().st_size > 10_000
