"""Registers and reports as files: who may have them, what they hold, and the audit of each.

Every function takes the actor first and refuses without one; a facility's registers and report
are for those who may see the facility (``Perm.VIEW``), and hold only the residents the actor may
see. A register or a Buku KIA page is personal data taken away: its download is one ``export``
event naming every person in it (the first 500 ids and the count), written before the file is
handed over. The monthly report holds counts only; its download is recorded too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from siklus.accounts.policies import Perm, require
from siklus.areas.models import Area
from siklus.audit.log import log, log_read
from siklus.audit.models import Action
from siklus.care.models import Birth
from siklus.care.records import person_record
from siklus.core.actors import require_actor
from siklus.core.errors import Collector
from siklus.facilities.models import Facility
from siklus.people.models import Person
from siklus.reports import excel, monthly, pdf
from siklus.reports.period import MAX_MONTHS, Period, month_start
from siklus.reports.registers import BUILDERS, REGISTERS
from siklus.rules.anthropometry.charts import curves
from siklus.rules.lifecycle import age_on

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
# The Buku KIA weight-for-age chart: the first two years, or to five years once the child is older.
KIA_CHART_MONTHS = (24, 60)


@dataclass(frozen=True)
class Download:
    filename: str
    content: bytes
    content_type: str


def _who(actor) -> str:
    full = getattr(actor, "get_full_name", lambda: "")()
    return full or getattr(actor, "username", "")


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in str(text)).strip("-").lower()


def parse_period(first: str | None, last: str | None, *, today: date) -> Period:
    """The months ``first``..``last`` (``YYYY-MM``; both empty: this month). Raises Invalid with
    a message at the field at fault."""
    errors = Collector()
    start = end = None
    for name, text in (("dari", first), ("sampai", last)):
        if not text:
            continue
        try:
            value = month_start(text)
        except ValueError:
            errors.add(name, _("Tulis bulan sebagai TTTT-BB, misalnya 2026-11."))
            continue
        if name == "dari":
            start = value
        else:
            end = value
    errors.raise_if_any()
    start = start or end or today.replace(day=1)
    end = end or start
    if end < start:
        errors.add("sampai", _("Bulan akhir tidak boleh sebelum bulan awal."))
    elif (end.year - start.year) * 12 + end.month - start.month >= MAX_MONTHS:
        errors.add("sampai", _("Satu register mencakup paling banyak %(n)s bulan.") % {"n": MAX_MONTHS})
    if start > today:
        errors.add("dari", _("Bulan awal belum tiba."))
    errors.raise_if_any()
    return Period.months_from(start, end)


def register_file(actor, facility: Facility, kind: str, period: Period) -> Download:
    """One register (``kohort-ibu``, ``kohort-balita``, ``register-imunisasi``,
    ``register-lansia``) of a facility for a period, as an Excel workbook."""
    require_actor(actor)
    require(actor, Perm.VIEW, facility)
    if kind not in BUILDERS:
        errors = Collector()
        errors.add("jenis", _("Pilih salah satu register: %(names)s.") % {
            "names": ", ".join(_(title) for title, _what in REGISTERS.values())})
        errors.raise_if_any()
    with transaction.atomic():
        register = BUILDERS[kind](actor, facility, period)
        content = excel.workbook(register, printed_by=_who(actor))
        log_read(actor, register.persons, what=f"register:{kind}", action=Action.EXPORT)
    return Download(f"{kind}_{_slug(facility.name)}_{period.slug}.xlsx", content, XLSX)


def monthly_report_file(actor, facility: Facility, month: Period) -> Download:
    """The monthly report per cluster of a facility (counts by desa) as a PDF."""
    require_actor(actor)
    require(actor, Perm.VIEW, facility)
    with transaction.atomic():
        report = monthly.build(actor, facility, month)
        content = pdf.monthly_report(report, area_lines=excel.area_lines(facility), printed_by=_who(actor))
        log(Action.EXPORT, facility, actor=actor, changes={"report": "laporan_bulanan", "month": month.slug})
    return Download(f"laporan-bulanan_{_slug(facility.name)}_{month.slug}.pdf", content, PDF)


def buku_kia_file(actor, person: Person, on: date) -> Download:
    """The child's Buku KIA page (growth chart and immunization table) as the care record holds
    it on ``on``, as a PDF."""
    require_actor(actor)
    require(actor, Perm.VIEW, person)
    with transaction.atomic():
        record = person_record(actor, person, on)
        months = KIA_CHART_MONTHS[0] if age_on(person.birth_date, on).months < KIA_CHART_MONTHS[0] else \
            KIA_CHART_MONTHS[1]
        chart = curves("wfa", person.sex, 0, months, step=0.5, z=(-3, -2, 0, 1, 2, 3))
        mother = (Person.objects.visible_to(actor).filter(pk=person.mother_id).values_list("name", flat=True).first()
                  if person.mother_id else None)
        birth = Birth.objects.visible_to(actor).active().filter(child=person).first()
        desa = Area.objects.filter(code=person.area_code[:monthly.DESA_CODE_LENGTH]).first()
        content = pdf.buku_kia(person, record, curves=chart, mother=mother or "", desa=desa.full_name if desa else "",
                               birth_weight=pdf.birth_weight_text(birth.weight_g if birth else None),
                               printed_by=_who(actor))
        log_read(actor, [person], what="buku_kia", action=Action.EXPORT)
    return Download(f"buku-kia_{_slug(person.name)}_{on:%Y-%m-%d}.pdf", content, PDF)
