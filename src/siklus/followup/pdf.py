"""The kader worklist on paper: one A4 sheet per RT, so each kader walks their own RT with a
pen (issue #13 item 3). Built with reportlab from a :class:`~siklus.followup.services.Worklist`."""

from __future__ import annotations

import io
from collections import defaultdict
from xml.sax.saxutils import escape

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from siklus.rules.messages import format_date

_STYLES = getSampleStyleSheet()
CELL = ParagraphStyle("cell", parent=_STYLES["Normal"], fontSize=8.5, leading=10.5)
TITLE = ParagraphStyle("title", parent=_STYLES["Heading2"], spaceAfter=2)


def _p(text: str, style: ParagraphStyle = CELL) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def rt_label(rt: str, rw: str) -> str:
    if not rt and not rw:
        return _("Tanpa RT/RW")
    return " / ".join(x for x in ((f"RT {rt}" if rt else ""), (f"RW {rw}" if rw else "")) if x)


def by_rt(worklist) -> list[tuple[str, list]]:
    """The worklist's households per RT/RW, in RW then RT order (the order within is the urgency)."""
    groups: dict[tuple, list] = defaultdict(list)
    for h in worklist.households:
        groups[(h.household.rw.zfill(3), h.household.rt.zfill(3), h.household.rw, h.household.rt)].append(h)
    return [(rt_label(key[3], key[2]), groups[key]) for key in sorted(groups)]


def worklist_pdf(worklist, printed_by: str) -> bytes:
    lang = (get_language() or "id")[:2]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=1.4 * cm, rightMargin=1.4 * cm, topMargin=1.2 * cm,
                            bottomMargin=1.2 * cm, title=_("Daftar tindak lanjut"), author="siklus")
    width = A4[0] - 2.8 * cm
    story: list = []
    groups = by_rt(worklist)
    for n, (label, households) in enumerate(groups):
        story.append(_p(_("Daftar tindak lanjut — %(facility)s") % {"facility": worklist.facility.name}, TITLE))
        story.append(_p(_("%(rt)s · per %(date)s · dicetak oleh %(by)s") % {
            "rt": label, "date": format_date(worklist.on, lang), "by": printed_by}))
        story.append(Spacer(1, 0.3 * cm))
        rows = [[_p(_("Keluarga")), _p(_("Anggota dan tindak lanjut")), _p(_("Batas")), _p(_("Hasil kunjungan"))]]
        for h in households:
            first = True
            for t in h.tasks:
                who = t.person.name if t.person_id else _("Seluruh keluarga")
                late = _(" (terlambat)") if t.due_on < worklist.on else ""
                rows.append([
                    _p(f"{h.household.head_name}\n{h.household.address}") if first else "",
                    _p(f"{who}: {t.kind_label}\n{t.reason_text}"),
                    _p(format_date(t.due_on, lang) + late), "",
                ])
                first = False
        table = Table(rows, colWidths=[4.2 * cm, width - 4.2 * cm - 2.4 * cm - 4 * cm, 2.4 * cm, 4 * cm],
                      repeatRows=1)
        table.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]))
        story.append(table)
        if n < len(groups) - 1:
            story.append(PageBreak())
    if not groups:
        story.append(_p(_("Tidak ada tindak lanjut terbuka."), TITLE))
    doc.build(story)
    return buffer.getvalue()
