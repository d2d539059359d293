"""Reading stored indicator values and the persons behind them — what dashboards, exports and
``siklus indicators show`` use. Pages cost the same for 10 thousand or 10 million people: they
read :class:`~.models.IndicatorValue` rows, never the care tables.

Usage::

    from siklus.monitoring import queries

    # Every desa of Kotawaringin Timur, stunting and IDL, the year 2025 and its months:
    rows = queries.values(user, ["gizi_stunting", "idl"], "62.02", "desa", ["2025", "2025-01", "2025-02"])
    for r in rows:   # dicts, ordered by indicator, period, unit
        r["indicator"], r["level"], r["unit"], r["unit_name"], r["area_code"], r["period"]
        r["numerator"], r["denominator"], r["value"]        # value: percent (a count without denominator)
        r["target"], r["status"], r["colour"]               # PWS status of ILP.md §7.2 and its colour
        r["sasaran_source"], r["rule_versions"], r["computed_at"]

    # The area itself: level = its own level ("kabkota" for 62.02, "kecamatan", "provinsi" …):
    queries.values(user, ["ilp_pustu"], "62.02", "kabkota", ["2025"])
    # Facility levels inside an area: "posyandu", "pustu", "puskesmas" (unit = the facility id).

    # Drill-down: the persons behind a desa's number (scoped to the user, the read audited):
    queries.people(user, "gizi_stunting", "62.02.01.2003", "2025", part="numerator")

``level_of(area_code)`` gives an area code's level; ``catalogue.INDICATORS`` lists the indicators
(code, names, numerator/denominator text, period, target). Values are as fresh as the last
``siklus indicators refresh`` (``--dirty`` every minute keeps them within a minute of care saves).
"""

from __future__ import annotations

from collections.abc import Iterable

from siklus.accounts.policies import Perm, require
from siklus.core.actors import require_actor
from siklus.monitoring import catalogue as cat
from siklus.monitoring.models import FACILITY_LEVELS, IndicatorValue, Level
from siklus.rules import config

AREA_LEVEL_BY_LENGTH = {2: Level.PROVINSI, 5: Level.KABUPATEN, 8: Level.KECAMATAN, 13: Level.DESA}
CODE_LENGTH: dict[str, int] = {str(level): n for n, level in AREA_LEVEL_BY_LENGTH.items()}


def level_of(area_code: str) -> str:
    return AREA_LEVEL_BY_LENGTH.get(len(area_code), Level.DESA)


def _names(level: str, units: set[str]) -> dict[str, str]:
    if level in FACILITY_LEVELS:
        from siklus.facilities.models import Facility

        return {str(pk): name for pk, name in Facility.objects.filter(pk__in=units).values_list("pk", "name")}
    from siklus.areas.models import Area

    return {a.code: a.full_name for a in Area.objects.filter(code__in=units)}


def values(actor, indicator_codes: Iterable[str], area_code: str, level: str, periods: Iterable[str]) -> list[dict]:
    """Stored values of the indicators for every unit of ``level`` inside ``area_code`` (or the
    area itself when ``level`` is its own level), for the periods ("2025", "2025-03")."""
    require_actor(actor)
    require(actor, Perm.VIEW, area=area_code)
    codes = list(indicator_codes)
    found = IndicatorValue.objects.filter(indicator__in=codes, level=level, period__in=list(periods))
    length = CODE_LENGTH.get(level, 13)
    if level in FACILITY_LEVELS or len(area_code) < length:
        found = found.filter(area_code__within=area_code)  # the units inside the area
    else:
        found = found.filter(unit=area_code[:length])  # the area (or its ancestor at that level) itself
    rows = list(found.order_by("indicator", "period", "unit"))
    names = _names(level, {r.unit for r in rows})
    colours = config.get("monitoring.status_colours")
    return [{
        "indicator": r.indicator, "level": r.level, "unit": r.unit, "unit_name": names.get(r.unit, r.unit),
        "area_code": r.area_code, "period": r.period, "numerator": r.numerator, "denominator": r.denominator,
        "value": r.value, "target": r.target, "status": r.status, "colour": colours.get(r.status, ""),
        "sasaran_source": r.sasaran_source, "rule_versions": r.rule_versions, "computed_at": r.computed_at,
    } for r in rows]


def _window(indicator: cat.Indicator, period: str):
    from siklus.monitoring import compile as sql

    year = int(period[:4])
    return sql.year_window(year) if len(period) == 4 else sql.month_window(year, int(period[5:]),
                                                                             indicator.cumulative)


def person_ids(indicator: str, area: str, period: str, part: str = "numerator") -> list:
    """The ids of the persons behind a figure (no scoping: for tests and jobs)."""
    from siklus.monitoring import compile as sql

    ind = cat.get(indicator)
    spec = ind.numerator if part == "numerator" else ind.denominator
    if spec is None or isinstance(spec, (cat.Facilities, cat.DesaShare)):
        return []
    from siklus.monitoring.models import Fact

    uuid = Fact._meta.get_field("person_id").to_python
    return sorted({uuid(row[0]) for row in sql.person_rows(spec, _window(ind, period), area[:13])}, key=str)


def people(actor, indicator: str, area: str, period: str, part: str = "numerator"):
    """The persons counted in the numerator (or denominator) of a figure of an area (a desa or
    any area above it), visible to ``actor``; the read is audited."""
    require_actor(actor)
    require(actor, Perm.VIEW, area=area)
    if part not in ("numerator", "denominator"):
        raise ValueError(part)
    from siklus.audit import log as audit
    from siklus.people.models import Person

    ids = person_ids(indicator, area, period, part)
    persons = list(Person.objects.visible_to(actor).filter(pk__in=ids).order_by("name"))
    audit.log_read(actor, persons, what=f"indicator:{indicator}:{period}:{part}")
    return persons
