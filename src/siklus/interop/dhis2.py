"""DHIS2 aggregate reporting: a month's (or year's) stored indicator values as a ``dataValueSets``
payload under a mapping (:mod:`.dhis2_mapping`), and its push to a DHIS2 server
(:mod:`.dhis2_client`).

Usage::

    from siklus.interop import dhis2, dhis2_mapping
    from siklus.interop.dhis2_client import Dhis2Client

    mapping = dhis2_mapping.load("dhis2-mapping.json")
    export = dhis2.export(actor, mapping, "62.02", "202511")
    export.payload          # {"dataSet", "completeDate", "period", "dataValues": [...]} ready to POST
    export.sources          # per data value: (indicator, part, unit) it comes from
    export.problems         # what was not sent and why: no stored value, a negative month count …
    export.unmapped_indicators, export.unmapped_units   # reported, never silently dropped
    result = dhis2.push(actor, mapping, "62.02", export.payload, Dhis2Client(url, user, password))
    result.summary.imported, result.conflicts   # (data value, conflict) pairs

Values are the stored :class:`~siklus.monitoring.models.IndicatorValue` rows read through
:func:`siklus.monitoring.queries.values` (so as fresh as the last ``siklus indicators refresh``),
written as DHIS2 wants them: strings, integers without decimals, decimals with a dot. Refresh
stores no row for a unit that counted nothing and has no sasaran; where the month was computed
for that level (rows of any mapped indicator), such a unit is sent as 0 — a zero is a report in
DHIS2; where the month was not computed at all, that is reported instead of sending zeros. (A
refresh limited with ``--indicator`` to some indicators would leave the others looking like zeros:
refresh every indicator of a month before sending it.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from siklus.accounts.policies import Perm, require
from siklus.audit import log as audit
from siklus.audit.models import Action
from siklus.core.actors import require_actor
from siklus.core.errors import Invalid
from siklus.interop.dhis2_client import Conflict, Dhis2Client, ImportSummary, compare, conflicts_by_value
from siklus.interop.dhis2_mapping import Mapping
from siklus.monitoring import catalogue, queries
from siklus.rules.areacodes import within

PERIOD = re.compile(r"^(\d{4})(?:-?(\d{2}))?$")


@dataclass(frozen=True)
class Period:
    year: int
    month: int | None  # None: the whole year

    @property
    def kind(self) -> str:
        return "year" if self.month is None else "month"

    @property
    def dhis2(self) -> str:
        """DHIS2's period id: 202511 (monthly), 2025 (yearly)."""
        return str(self.year) if self.month is None else f"{self.year}{self.month:02d}"

    @property
    def stored(self) -> str:
        """The period as monitoring stores it: 2025-11, 2025."""
        return str(self.year) if self.month is None else f"{self.year}-{self.month:02d}"

    @property
    def previous(self) -> str | None:
        """The stored period before this month in the same year (None for January and years)."""
        return f"{self.year}-{self.month - 1:02d}" if self.month and self.month > 1 else None


def parse_period(text: str) -> Period:
    """202511, 2025-11 or 2025."""
    found = PERIOD.match((text or "").strip())
    if not found or not 2000 <= int(found.group(1)) <= 2100 or (
            found.group(2) and not 1 <= int(found.group(2)) <= 12):
        raise Invalid.field("period", _("Periode harus YYYYMM (bulan, mis. 202511) atau YYYY (tahun)."))
    return Period(int(found.group(1)), int(found.group(2)) if found.group(2) else None)


def number(value: float, decimals: int) -> str:
    """A figure as DHIS2 takes it: ``12``, ``83.33`` (dot, no exponent, no trailing zeros)."""
    rounded = round(float(value), decimals)
    if rounded == int(rounded):
        return str(int(rounded))
    return f"{rounded:.{decimals}f}".rstrip("0").rstrip(".")


@dataclass
class Unit:
    level: str
    key: str  # the IndicatorValue unit: an area code, or a facility id
    label: str  # area code or facility code, as in the mapping
    org_unit: str


@dataclass
class Export:
    period: Period
    area: str
    mapping_version: str
    payload: dict
    sources: list[tuple[str, str, str]] = field(default_factory=list)  # (indicator, part, unit label)
    problems: list[str] = field(default_factory=list)
    unmapped_indicators: list[str] = field(default_factory=list)
    unmapped_units: dict[str, list[str]] = field(default_factory=dict)  # level → units with values, no orgUnit
    computed: tuple[datetime, datetime] | None = None  # when the values sent were computed (oldest, newest)

    @property
    def values(self) -> list[dict]:
        return self.payload["dataValues"]


def _units(mapping: Mapping, area: str) -> tuple[list[Unit], list[str]]:
    """The mapped units inside ``area`` (areas by code, facilities by their code)."""
    from siklus.facilities.models import Facility

    units = [Unit(queries.level_of(code), code, code, uid) for code, uid in sorted(mapping.areas.items())
             if within(code, area)]
    problems = []
    found = {f.code: f for f in Facility.objects.filter(code__in=list(mapping.facilities))}
    for code, uid in sorted(mapping.facilities.items()):
        facility = found.get(code)
        if facility is None:
            problems.append(_("Fasilitas dengan kode %(code)s (orgUnit %(uid)s) tidak ada di siklus.")
                            % {"code": code, "uid": uid})
        elif within(facility.area_code, area):
            units.append(Unit(facility.kind, str(facility.pk), code, uid))
    return units, problems


def export(actor, mapping: Mapping, area: str, period: str | Period) -> Export:
    """The dataValueSets payload of every mapped indicator and mapped unit inside ``area`` for a
    month or year, with what could not be sent and why."""
    require_actor(actor)
    require(actor, Perm.INTEROP_VIEW, area=area)
    period = period if isinstance(period, Period) else parse_period(period)
    codes = [code for code, kind in mapping.periods.items() if kind == period.kind]
    units, problems = _units(mapping, area)
    stored_periods = [period.stored] + ([period.previous] if period.previous else [])
    rows: dict[tuple[str, str, str | None], dict] = {}
    computed: set[tuple[str, str]] = set()  # (level, period) with stored rows of any mapped indicator
    computed_at = []
    unmapped_units: dict[str, list[str]] = {}
    for level in sorted({u.level for u in units}):
        mapped_keys = {u.key for u in units if u.level == level}
        seen = set()
        for row in queries.values(actor, codes, area, level, stored_periods):
            rows[(row["indicator"], row["unit"], row["period"])] = row
            computed.add((level, row["period"]))
            computed_at.append(row["computed_at"])
            if row["unit"] not in mapped_keys:
                seen.add(row["unit_name"] if level in ("posyandu", "pustu", "puskesmas") else row["unit"])
        if seen:
            unmapped_units[level] = sorted(seen)

    values: list[dict] = []
    sources: list[tuple[str, str, str]] = []
    def row_of(code: str, unit: Unit, stored_period: str | None) -> dict | None:
        found = rows.get((code, unit.key, stored_period))
        if found is None and (unit.level, stored_period) in computed:
            # Refresh stores no row for a unit without count and sasaran (an indicator that counted
            # nothing anywhere has no row at all): where the month was computed, it counted zero.
            has_denominator = catalogue.get(code).denominator is not None
            found = {"numerator": 0.0, "denominator": 0.0 if has_denominator else None,
                     "value": None if has_denominator else 0.0}
        return found

    for code in codes:
        indicator = catalogue.get(code)
        for unit in units:
            stored = row_of(code, unit, period.stored)
            if stored is None:
                problems.append(_("%(indicator)s %(unit)s: belum ada nilai tersimpan untuk %(period)s "
                                  "(jalankan siklus indicators refresh).")
                                % {"indicator": code, "unit": unit.label, "period": period.stored})
                continue
            for part, target in mapping.indicators[code].items():
                figure = stored[part]
                if figure is None:
                    problems.append(_("%(indicator)s %(unit)s: %(part)s kosong (penyebut nol), tidak dikirim.")
                                    % {"indicator": code, "unit": unit.label, "part": part})
                    continue
                if target.mode == "month" and period.previous and indicator.cumulative:
                    before = row_of(code, unit, period.previous)
                    if before is None or before[part] is None:
                        problems.append(_("%(indicator)s %(unit)s: nilai %(previous)s tidak ada, angka bulan ini "
                                          "tidak bisa dihitung.")
                                        % {"indicator": code, "unit": unit.label, "previous": period.previous})
                        continue
                    figure -= before[part]
                    if figure < 0:
                        problems.append(_("%(indicator)s %(unit)s: %(part)s bulan ini negatif (%(n)s); hitung ulang "
                                          "indikator tahun ini.")
                                        % {"indicator": code, "unit": unit.label, "part": part, "n": number(figure, 2)})
                        continue
                value = {"dataElement": target.data_element, "categoryOptionCombo": target.category_option_combo,
                         "orgUnit": unit.org_unit, "period": period.dhis2, "value": number(figure, mapping.decimals)}
                if mapping.attribute_option_combo:
                    value["attributeOptionCombo"] = mapping.attribute_option_combo
                values.append(value)
                sources.append((code, part, unit.label))

    payload: dict = {}
    data_set = mapping.data_sets.get(period.kind)
    if data_set:
        payload["dataSet"] = data_set
        payload["completeDate"] = timezone.localdate().isoformat()
    payload["period"] = period.dhis2
    if len(units) == 1:
        payload["orgUnit"] = units[0].org_unit
    if mapping.attribute_option_combo:
        payload["attributeOptionCombo"] = mapping.attribute_option_combo
    payload["dataValues"] = values
    if not units:
        problems.insert(0, _("Tidak ada orgUnit terpetakan di wilayah %(area)s.") % {"area": area})
    unmapped = sorted(i.code for i in catalogue.INDICATORS
                      if i.code not in mapping.indicators and (i.period == "month" or period.kind == "year"))
    return Export(period=period, area=area, mapping_version=mapping.version, payload=payload, sources=sources,
                  problems=problems, unmapped_indicators=unmapped, unmapped_units=unmapped_units,
                  computed=(min(computed_at), max(computed_at)) if computed_at else None)


def record_export(actor, result: Export, *, where: str) -> None:
    """Audit that a payload left siklus (to a file or a server): aggregate figures, no person."""
    require_actor(actor)
    require(actor, Perm.INTEROP_VIEW, area=result.area)
    audit.log(Action.EXPORT, actor=actor, area_code=result.area, changes={
        "what": "dhis2", "where": where, "period": result.period.dhis2, "values": len(result.values),
        "mapping": result.mapping_version})


@dataclass
class PushResult:
    summary: ImportSummary
    conflicts: list[tuple[dict | None, Conflict]]  # (data value or None, the conflict)
    differences: list[str] | None = None  # after verify: values not stored as sent


def push(actor, mapping: Mapping, area: str, payload: dict, client: Dhis2Client, *, dry_run: bool = False,
         verify: bool = False) -> PushResult:
    """Send a payload to DHIS2 (``dryRun=true`` with ``dry_run``: DHIS2 checks and counts, stores
    nothing). Every orgUnit of the payload must be a mapped unit inside ``area`` — a payload file
    edited by hand cannot write another district's figures. With ``verify``, what DHIS2 stored
    is read back and compared value by value."""
    require_actor(actor)
    require(actor, Perm.INTEROP_DHIS2, area=area)
    units, _problems = _units(mapping, area)
    allowed = {u.org_unit for u in units}
    values = list(payload.get("dataValues") or [])
    foreign = sorted({str(v.get("orgUnit") or payload.get("orgUnit")) for v in values} - allowed)
    if foreign:
        raise Invalid.field("orgUnit", _("orgUnit %(uids)s bukan bagian wilayah %(area)s dalam pemetaan.")
                            % {"uids": ", ".join(str(u) for u in foreign), "area": area})
    summary = client.post_data_values(payload, dry_run=dry_run)
    result = PushResult(summary, conflicts_by_value(values, summary))
    if verify and not dry_run and values:
        period = str(payload.get("period") or values[0]["period"])
        stored = client.get_data_values(period=period, org_units=[v.get("orgUnit") or payload["orgUnit"] for v in values],
                                        data_set=str(payload.get("dataSet") or ""),
                                        data_elements=None if payload.get("dataSet") else [v["dataElement"] for v in values])
        result.differences = compare(values, stored)
    audit.log(Action.EXPORT, actor=actor, area_code=area, changes={
        "what": "dhis2-push", "server": client.api, "user": client.username, "period": payload.get("period"),
        "values": len(values), "dry_run": dry_run, "status": summary.status, "imported": summary.imported,
        "updated": summary.updated, "ignored": summary.ignored, "conflicts": len(summary.conflicts),
        "mapping": mapping.version})
    return result
