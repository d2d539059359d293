"""Printable PDFs drawn with reportlab: the monthly Puskesmas report per cluster and the child's
Buku KIA page (weight-for-age chart with the WHO curves and the child's weighings, and the
immunization table in the Buku KIA colours).

Text is set in the PDF base fonts (Helvetica), whose encoding lacks a few signs siklus writes
(≥, −): :func:`plain` spells them out.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from siklus.reports.monthly import MonthlyReport
from siklus.rules.messages import format_date, format_number

_SIGNS = {"≥": ">=", "≤": "<=", "−": "-", "→": "->", "✓": "v", "…": "...", "\u00a0": " "}


def plain(text: str) -> str:
    for sign, spelled in _SIGNS.items():
        text = text.replace(sign, spelled)
    return text


def _lang() -> str:
    return "en" if (get_language() or "id").startswith("en") else "id"


def number(n: float) -> str:
    """Numbers as the user's language writes them: 1.234 in Indonesian, 1,234 in English."""
    return format_number(n, _lang())


_styles = getSampleStyleSheet()
TITLE = ParagraphStyle("title", _styles["Title"], fontSize=15, leading=18, spaceAfter=2)
SUBTITLE = ParagraphStyle("subtitle", _styles["Normal"], fontSize=10, leading=13, alignment=TA_CENTER)
H2 = ParagraphStyle("h2", _styles["Heading2"], fontSize=12, leading=15, spaceBefore=8, spaceAfter=4,
                    textColor=colors.HexColor("#1f4e5a"))
H3 = ParagraphStyle("h3", _styles["Heading3"], fontSize=9.5, leading=12, spaceBefore=4, spaceAfter=2)
SMALL = ParagraphStyle("small", _styles["Normal"], fontSize=7.5, leading=9.5)
CELL = ParagraphStyle("cell", _styles["Normal"], fontSize=7, leading=8.5)
HEAD = ParagraphStyle("head", CELL, fontName="Helvetica-Bold", alignment=TA_CENTER)
NOTE = ParagraphStyle("note", SMALL, textColor=colors.HexColor("#5d6b70"))
LINE = colors.HexColor("#9aa5a8")
HEADER_BG = colors.HexColor("#e3ecea")


def p(text: str, style: ParagraphStyle = CELL) -> Paragraph:
    return Paragraph(escape(plain(str(text))), style)


def _footer(label: str) -> Callable:
    def draw(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.setFillColor(colors.HexColor("#5d6b70"))
        canvas.drawString(doc.leftMargin, 0.8 * cm, plain(label))
        canvas.drawRightString(doc.pagesize[0] - doc.rightMargin, 0.8 * cm,
                               plain(_("Halaman %(page)s") % {"page": doc.page}))
        canvas.restoreState()
    return draw


def _printed(by: str) -> str:
    today = format_date(timezone.localdate(), _lang())
    return _("Dicetak %(date)s oleh %(user)s") % {"date": today, "user": by} if by else _("Dicetak %(date)s") % {
        "date": today}


# --------------------------------------------------------------------------------- monthly report

def monthly_report(report: MonthlyReport, *, area_lines: list[str], printed_by: str = "") -> bytes:
    out = io.BytesIO()
    size = landscape(A4)
    doc = SimpleDocTemplate(out, pagesize=size, leftMargin=1.2 * cm, rightMargin=1.2 * cm, topMargin=1.2 * cm,
                            bottomMargin=1.4 * cm, title=plain(_("Laporan Bulanan %(facility)s %(month)s") % {
                                "facility": report.facility, "month": report.month.label}), author="siklus")
    width = size[0] - doc.leftMargin - doc.rightMargin
    story: list = [
        p(_("LAPORAN BULANAN"), TITLE),
        p(str(report.facility), ParagraphStyle("f", SUBTITLE, fontName="Helvetica-Bold", fontSize=12, leading=15)),
        p(", ".join(area_lines), SUBTITLE),
        p(_("Bulan: %(month)s") % {"month": report.month.label}, ParagraphStyle("m", SUBTITLE, fontSize=11,
                                                                              fontName="Helvetica-Bold")),
        Spacer(1, 4),
        p(f"{_printed(printed_by)}. {report.source}", ParagraphStyle("s", NOTE, alignment=TA_CENTER)),
    ]
    for section in report.sections:
        for n, table in enumerate(section.tables):
            # A cluster's heading stays with its first table.
            block: list = ([p(section.title, H2)] if n == 0 else []) + [p(table.title, H3)]
            if table.columns:
                block.append(_count_table(table, width))
            if table.note:
                block.append(p(table.note, NOTE))
            story.append(KeepTogether(block))
            story.append(Spacer(1, 4))
    label = f"{report.facility} - {_('Laporan Bulanan')} {report.month.label}"
    doc.build(story, onFirstPage=_footer(label), onLaterPages=_footer(label))
    return out.getvalue()


def _light(colour: str, share: float = 0.35) -> colors.Color:
    """``colour`` mixed with white, so the figure on it stays readable in print."""
    c = colors.HexColor(colour)
    return colors.Color(*(1 - share + share * v for v in (c.red, c.green, c.blue)))


def _count_table(table, width: float) -> Table:
    first = 4.2 * cm
    n = len(table.columns)
    other = (width - first) / max(n, 1)
    other = min(other, 2.6 * cm)
    data = [[p(_("Desa/Kelurahan"), HEAD), *(p(c, HEAD) for c in table.columns)]]
    for name, counts in table.rows:
        data.append([p(name), *(number(v) if isinstance(v, int | float) else v for v in counts)])
    if table.totals is not None:
        data.append([p(_("Jumlah"), ParagraphStyle("b", CELL, fontName="Helvetica-Bold")),
                     *(number(v) for v in table.totals)])
    t = Table(data, colWidths=[first] + [other] * n, repeatRows=1)
    # PWS status colours, light enough to read the figure on them.
    status = [("BACKGROUND", (c + 1, r + 1), (c + 1, r + 1), _light(colour))
              for (r, c), colour in table.colours.items()]
    t.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, LINE),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
        ("FONT", (1, 1), (-1, -1), "Helvetica", 8),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ROWBACKGROUNDS", (0, 1), (-1, -2 if table.totals is not None else -1), [colors.white, colors.HexColor("#f6f8f8")]),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        *([("BACKGROUND", (0, -1), (-1, -1), HEADER_BG), ("FONT", (1, -1), (-1, -1), "Helvetica-Bold", 8)]
          if table.totals is not None else []),
        *status,
    ]))
    t.hAlign = "LEFT"
    return t


# ----------------------------------------------------------------------------------- Buku KIA

# The Buku KIA immunization table's colours (ILP.md §3.3), as the person's page draws them (siklus.css).
CARD_FILL = {"white": "#ffffff", "yellow": "#fff3a8", "pink": "#f9c9d9", "grey": "#c9cfd2"}
MARK_FILL = {"given": "#3f9d5a", "given-late": "#e08a1e", "given-invalid": "#b3261e"}
DUE = colors.HexColor("#1565c0")
# Weight-for-age lines: −3 red, −2 and +2 dark yellow, the median green, +1 the orange line (C8).
WFA_LINES = {-3: ("#b3261e", 1.1, None), -2: ("#c98a00", 0.9, None), 0: ("#2e7d32", 1.1, None),
             1: ("#e67e22", 0.9, (3, 2)), 2: ("#c98a00", 0.9, None), 3: ("#b3261e", 1.1, None)}
BANDS = ((-3, -2, "#fff6c9"), (-2, 2, "#e4f3e6"), (2, 3, "#fff6c9"))
POINT_FILL = {"N": "#2e7d32", "T": "#d93b2b"}
SEX_COLOUR = {"L": "#1565c0", "P": "#c2185b"}


def growth_drawing(sex: str, curves, points: list[dict], width: float, height: float) -> Drawing:
    """Weight-for-age: the WHO curves of ``curves`` (x months → kg per z) and the child's
    weighings (``points``: x months, y kg, code N/T/O/B, refer) joined as the KMS line."""
    d = Drawing(width, height)
    left, bottom, right, top = 34, 30, 56, 14
    pw, ph = width - left - right, height - bottom - top
    xs = [float(x) for x in curves.x]
    x_max = xs[-1]
    high = max(float(v) for v in curves.lines[3])
    y_max = float(int(high) + 1)
    y_min = float(int(min(float(v) for v in curves.lines[-3])))

    def X(v: float) -> float:
        return left + (v / x_max) * pw

    def Y(v: float) -> float:
        return bottom + (v - y_min) / (y_max - y_min) * ph

    frame = colors.HexColor(SEX_COLOUR.get(sex, "#1f4e5a"))
    d.add(Rect(left, bottom, pw, ph, fillColor=colors.white, strokeColor=frame, strokeWidth=1))
    for low, up, fill in BANDS:
        poly = [c for x, v in zip(xs, curves.lines[low]) for c in (X(x), Y(float(v)))]
        poly += [c for x, v in reversed(list(zip(xs, curves.lines[up]))) for c in (X(x), Y(float(v)))]
        d.add(Polygon(poly, fillColor=colors.HexColor(fill), strokeColor=None, strokeWidth=0))
    # Grid: every month (a stronger line each year), every kilogram.
    for m in range(int(x_max) + 1):
        strong = m % 12 == 0
        d.add(Line(X(m), bottom, X(m), bottom + ph, strokeColor=colors.HexColor("#9aa5a8" if strong else "#dfe5e6"),
                   strokeWidth=0.6 if strong else 0.3))
        step = 1 if x_max <= 24 else 3
        if m % step == 0:
            d.add(String(X(m), bottom - 9, str(m), fontName="Helvetica", fontSize=6, textAnchor="middle"))
    for kg in range(int(y_min), int(y_max) + 1):
        d.add(Line(left, Y(kg), left + pw, Y(kg), strokeColor=colors.HexColor("#dfe5e6"), strokeWidth=0.3))
        if y_max <= 16 or kg % 2 == 0:
            d.add(String(left - 4, Y(kg) - 2, str(kg), fontName="Helvetica", fontSize=6, textAnchor="end"))
    for z, (colour, w, dash) in WFA_LINES.items():
        if z not in curves.lines:
            continue
        values = [float(v) for v in curves.lines[z]]
        d.add(PolyLine([c for x, v in zip(xs, values) for c in (X(x), Y(v))], strokeColor=colors.HexColor(colour),
                       strokeWidth=w, strokeDashArray=dash))
        label = f"{z:+d} SD".replace("+0", "0") if z else _("Median")
        if z == 1:
            label = _("+1 SD (garis oranye)")
        d.add(String(left + pw + 3, Y(values[-1]) - 2, plain(label), fontName="Helvetica", fontSize=5.5,
                     fillColor=colors.HexColor(colour)))
    d.add(String(left + pw / 2, 4, plain(_("Umur (bulan)")), fontName="Helvetica", fontSize=7, textAnchor="middle"))
    d.add(String(left, bottom + ph + 4, plain(_("Berat badan (kg)")), fontName="Helvetica-Bold", fontSize=7))

    shown = [pt for pt in points if pt.get("x") is not None and 0 <= pt["x"] <= x_max]
    if len(shown) > 1:
        d.add(PolyLine([c for pt in shown for c in (X(pt["x"]), Y(pt["y"]))], strokeColor=colors.HexColor("#263238"),
                       strokeWidth=0.9))
    for pt in shown:
        fill = colors.HexColor(POINT_FILL.get(pt.get("code", ""), "#5d6b70"))
        d.add(Circle(X(pt["x"]), Y(pt["y"]), 2.4, fillColor=fill, strokeColor=colors.white, strokeWidth=0.5))
        if pt.get("refer"):
            d.add(Circle(X(pt["x"]), Y(pt["y"]), 4.2, fillColor=None, strokeColor=colors.HexColor("#b3261e"),
                         strokeWidth=0.9))
        if pt.get("code") and len(shown) <= 30:
            d.add(String(X(pt["x"]), Y(pt["y"]) + 5, pt["code"], fontName="Helvetica-Bold", fontSize=5.5,
                         textAnchor="middle", fillColor=fill))
    return d


def _identity_table(rows: list[tuple[str, str]], width: float) -> Table:
    half = (len(rows) + 1) // 2
    left, right = rows[:half], rows[half:]
    data = []
    for i in range(half):
        a = left[i]
        b = right[i] if i < len(right) else ("", "")
        data.append([p(a[0], SMALL), p(a[1], ParagraphStyle("v", SMALL, fontName="Helvetica-Bold")),
                     p(b[0], SMALL), p(b[1], ParagraphStyle("v", SMALL, fontName="Helvetica-Bold"))])
    t = Table(data, colWidths=[width * 0.16, width * 0.34, width * 0.16, width * 0.34])
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 1),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 1), ("LINEBELOW", (0, -1), (-1, -1), 0.5, LINE)]))
    return t


def _card_table(card, width: float) -> Table:
    first = 3.3 * cm
    n = len(card.columns)
    other = (width - first) / n
    tiny = ParagraphStyle("tiny", CELL, fontSize=6, leading=7)
    data = [[p(_("Umur (bulan)"), HEAD), *(p(c, HEAD) for c in card.columns)]]
    style = [("GRID", (0, 0), (-1, -1), 0.3, LINE), ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
             ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (1, 1), (-1, -1), "CENTER"),
             ("FONT", (1, 1), (-1, -1), "Helvetica", 5.6), ("LEFTPADDING", (1, 1), (-1, -1), 0.5),
             ("RIGHTPADDING", (1, 1), (-1, -1), 0.5), ("TOPPADDING", (0, 0), (-1, -1), 1.5),
             ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]
    for r, row in enumerate(card.rows, 1):
        # One line a dose, as in the Buku KIA: the colours say where it stands.
        data.append([p(row.label, tiny), *(cell.text if cell.mark != "due" else _("sekarang") for cell in row.cells)])
        for c, cell in enumerate(row.cells, 1):
            fill = MARK_FILL.get(cell.mark) or CARD_FILL.get(cell.colour, "#ffffff")
            style.append(("BACKGROUND", (c, r), (c, r), colors.HexColor(fill)))
            if cell.mark in MARK_FILL:
                style.append(("TEXTCOLOR", (c, r), (c, r), colors.white))
                style.append(("FONT", (c, r), (c, r), "Helvetica-Bold", 5.6))
            elif cell.mark == "due":
                style.append(("BOX", (c, r), (c, r), 1.4, DUE))
                style.append(("TEXTCOLOR", (c, r), (c, r), DUE))
    t = Table(data, colWidths=[first] + [other] * n, repeatRows=1)
    t.setStyle(TableStyle(style))
    return t


def _legend(width: float) -> Table:
    items = [("#ffffff", _("umur yang tepat")), ("#fff3a8", _("terlambat, masih boleh")),
             ("#f9c9d9", _("imunisasi kejar")), ("#c9cfd2", _("tidak boleh diberikan")),
             ("#3f9d5a", _("diberikan tepat waktu")), ("#e08a1e", _("diberikan terlambat/kejar")),
             ("#b3261e", _("diberikan tidak sesuai aturan")), ("", _("waktunya sekarang"))]
    per_row = 4
    rows: list[list] = []
    style: list = [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 2),
                   ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]
    for i, (fill, text) in enumerate(items):
        r, c = divmod(i, per_row)
        if c == 0:
            rows.append([])
        rows[r] += ["", p(text, SMALL)]
        key = (2 * c, r)
        if fill:
            style += [("BACKGROUND", key, key, colors.HexColor(fill)), ("BOX", key, key, 0.4, LINE)]
        else:  # the column of today when a dose is due: a blue frame
            style.append(("BOX", key, key, 1.4, DUE))
    t = Table(rows, colWidths=[0.4 * cm, width / per_row - 0.4 * cm] * per_row)
    t.setStyle(TableStyle(style))
    return t


def buku_kia(person, record, *, curves, mother: str, desa: str, birth_weight: str, printed_by: str = "") -> bytes:
    """The child's Buku KIA page: identity, weight-for-age chart, immunization table."""
    out = io.BytesIO()
    size = A4
    doc = SimpleDocTemplate(out, pagesize=size, leftMargin=1.3 * cm, rightMargin=1.3 * cm, topMargin=1.1 * cm,
                            bottomMargin=1.4 * cm, title=plain(_("Buku KIA %(name)s") % {"name": person.name}),
                            author="siklus")
    width = size[0] - doc.leftMargin - doc.rightMargin
    lang = _lang()
    sex = str(person.get_sex_display())
    story: list = [
        p(_("BUKU KIA — Catatan Pertumbuhan dan Imunisasi Anak"), ParagraphStyle("t", TITLE, fontSize=13, leading=16)),
        _identity_table([
            (_("Nama anak"), person.name), (_("NIK"), person.nik or _("belum ada")), (_("Jenis kelamin"), sex),
            (_("Tanggal lahir"), format_date(person.birth_date, lang)), (_("Umur"), record.age_words),
            (_("Nama ibu"), mother or "–"), (_("Alamat"), person.household.address), (_("Desa/Kelurahan"), desa),
            (_("Berat lahir"), birth_weight or "–"), (_("Tanggal cetak"), format_date(record.on, lang)),
        ], width),
        p(_("Grafik berat badan menurut umur (BB/U) — %(sex)s") % {"sex": sex}, H2),
    ]
    points = (record.growth or {}).get("points", {}).get("wfa", []) if record.growth else []
    story.append(growth_drawing(person.sex, curves, points, width, 8.8 * cm))
    story.append(p(_("Kurva WHO 2006: median, -2/+2 SD dan -3/+3 SD; garis putus-putus oranye +1 SD (rujuk bila di "
                     "atasnya). Titik hijau N (naik), merah T (tidak naik), abu-abu O/B; lingkaran merah: rujuk."), NOTE))
    if not points:
        story.append(p(_("Belum ada penimbangan tercatat."), SMALL))
    story.append(p(_("Imunisasi"), H2))
    if record.card is not None:
        story.append(_card_table(record.card, width))
        story.append(Spacer(1, 3))
        story.append(_legend(width))
        story.append(Spacer(1, 3))
        for row in record.card.others:
            story.append(p(f"{row.label}: {row.why}", SMALL))
        story.append(p(record.card.idl, SMALL))
        story.append(p(record.card.ibl, SMALL))
    else:
        story.append(p(_("Tidak ada kartu imunisasi untuk umur ini."), SMALL))
    label = f"{_('Buku KIA')} - {person.name} - {_printed(printed_by)}"
    doc.build(story, onFirstPage=_footer(label), onLaterPages=_footer(label))
    return out.getvalue()


def birth_weight_text(grams: int | None) -> str:
    return f"{number(grams)} g" if grams else ""
