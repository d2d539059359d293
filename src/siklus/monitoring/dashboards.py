"""What the PWS, SPM and roll-out dashboards show (ILP.md §7.4, issue #14 item 4), read from stored
:class:`~.models.IndicatorValue` rows only: a page costs the same for a desa of 2,000 or a
kabupaten of a million people, and never recomputes.

A dashboard is a *board* (``utama``, ``klaster-2`` … ``klaster-4``, ``spm``, ``ilp``: which
indicators) looked at from a *unit*: an area (provinsi, kabupaten/kota, kecamatan, desa) or a
facility (Puskesmas: its wilayah kerja; Posyandu). Drill-down goes kabupaten → Puskesmas → desa →
Posyandu → the persons behind a number (:func:`people`, audited).

Who sees what follows the actor's scope (``accounts.policies``): Dinkes its kabupaten/provinsi,
a Puskesmas its wilayah kerja, a Pustu its desa; a kader only the board of its own Posyandu.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from siklus.accounts.models import Role
from siklus.accounts.policies import Perm, require
from siklus.core.actors import require_actor, scope_of
from siklus.monitoring import catalogue as cat
from siklus.monitoring.models import FACILITY_LEVELS, IndicatorValue, Level, SasaranSource
from siklus.rules import config

# ------------------------------------------------------------------------------------ boards

_IMM = tuple(i.code for i in cat.INDICATORS if i.group == "imunisasi")
_SCREENING = tuple(i.code for i in cat.INDICATORS if i.group == "skrining")
_CKG = tuple(i.code for i in cat.INDICATORS if i.group == "ckg")


@dataclass(frozen=True)
class Board:
    slug: str
    title: str  # Indonesian msgid
    indicators: tuple[str, ...]
    focus: str  # the indicator shown with chart, ranking and map unless another is chosen

    @property
    def title_label(self) -> str:
        return _(self.title)


BOARDS = {b.slug: b for b in (
    Board("utama", N_("Dasbor utama"), ("k1", "k6", "pf", "kn_lengkap", "idl", "gizi_d_s", "gizi_stunting",
                                    "gizi_wasting", "ptm_skrining", "ptm_ht_terkendali", "tb_skrining", "jkn"), "k1"),
    Board("klaster-2", N_("Klaster 2: ibu, anak dan remaja"),
          ("k1", "k4", "k6", "pf", "kf_lengkap", "kn1", "kn_lengkap", *_IMM,
           *(i.code for i in cat.INDICATORS if i.group == "gizi")), "gizi_stunting"),
    Board("klaster-3", N_("Klaster 3: dewasa dan lansia"),
          (*(i.code for i in cat.INDICATORS if i.group == "ptm"), *_SCREENING, *_CKG), "ptm_skrining"),
    Board("klaster-4", N_("Klaster 4: penanggulangan penyakit menular"),
          tuple(i.code for i in cat.INDICATORS if i.group == "tb"), "tb_skrining"),
    Board("spm", N_("SPM bidang kesehatan"), tuple(i.code for i in cat.INDICATORS if i.group == "spm"), "spm_hipertensi"),
    Board("ilp", N_("Penerapan ILP"), ("ilp_puskesmas", "ilp_pustu", "ilp_posyandu", "ilp_desa_pustu"), "ilp_pustu"),
)}
CLUSTER_BOARDS = {2: "klaster-2", 3: "klaster-3", 4: "klaster-4"}

# ------------------------------------------------------------------------------------ units

AREA_LEVELS = {2: Level.PROVINSI, 5: Level.KABUPATEN, 8: Level.KECAMATAN, 13: Level.DESA}
# The levels the ranked table of a unit can list, the first the default (issue #14: "desa").
CHILD_LEVELS = {
    Level.PROVINSI: (Level.KABUPATEN, Level.KECAMATAN, Level.PUSKESMAS),
    Level.KABUPATEN: (Level.DESA, Level.PUSKESMAS, Level.KECAMATAN),
    Level.KECAMATAN: (Level.DESA, Level.PUSKESMAS, Level.POSYANDU),
    Level.PUSKESMAS: (Level.DESA, Level.POSYANDU, Level.PUSTU),
    Level.DESA: (Level.POSYANDU, Level.PUSTU),
    Level.POSYANDU: (),
}


@dataclass
class Unit:
    """Where a board is looked at from: an area (``key`` its code) or a facility (its id)."""

    level: str
    key: str
    name: str
    area_code: str  # the area itself, or the desa the facility stands in
    facility: Any = None  # a Facility for facility units
    crumbs: list = field(default_factory=list)  # [(level, key, name)] from the top of the scope

    @property
    def is_facility(self) -> bool:
        return self.level in FACILITY_LEVELS

    @property
    def desa_code(self) -> str | None:
        return self.area_code if len(self.area_code) == 13 else None


def _require_unit(actor, unit: Unit) -> None:
    require_actor(actor)
    require(actor, Perm.VIEW, area=unit.area_code)
    scope = scope_of(actor)
    if scope.role == Role.KADER and not (unit.level == Level.POSYANDU and unit.key == scope.facility_id):
        raise PermissionError("a kader sees the board of its own Posyandu only")
    # A Puskesmas' figures sum its whole wilayah kerja: all of it must be the actor's.
    if (unit.level == Level.PUSKESMAS and scope.prefixes is not None
            and not all(scope.contains(p) for p in unit.facility.work_area_prefixes())):
        raise PermissionError("the Puskesmas' wilayah kerja lies outside the actor's scope")


def _crumbs(actor, code: str) -> list:
    from siklus.areas.models import Area

    scope = scope_of(actor)
    parts = code.split(".")
    codes = [".".join(parts[:i]) for i in range(1, len(parts) + 1)]
    names = {a.code: a.full_name for a in Area.objects.filter(code__in=codes)}
    return [(AREA_LEVELS.get(len(c), Level.DESA), c, names.get(c, c)) for c in codes
            if scope.contains(c) and scope.role != Role.KADER]


def area_unit(actor, code: str) -> Unit:
    """The board of an area the actor may see (``PermissionError`` otherwise, ``LookupError`` if unknown)."""
    from siklus.areas.models import Area

    area = Area.objects.filter(code=code, level__in=["provinsi", "kabkota", "kecamatan", "desa"]).first()
    if area is None:
        raise LookupError(code)
    unit = Unit(AREA_LEVELS[len(code)], code, area.full_name, code)
    _require_unit(actor, unit)
    unit.crumbs = _crumbs(actor, code)[:-1]
    return unit


def facility_unit(actor, pk) -> Unit:
    from siklus.facilities.models import Facility, Kind

    facility = Facility.objects.active().filter(pk=pk, kind__in=[Kind.PUSKESMAS, Kind.POSYANDU]).first()
    if facility is None:
        raise LookupError(pk)
    level = Level.PUSKESMAS if facility.kind == Kind.PUSKESMAS else Level.POSYANDU
    unit = Unit(level, str(facility.pk), str(facility), facility.area_code[:13], facility)
    _require_unit(actor, unit)
    crumbs = _crumbs(actor, unit.area_code[:5] if level == Level.PUSKESMAS else unit.area_code)
    if level == Level.POSYANDU and facility.parent_id and scope_of(actor).role != Role.KADER:
        parent = facility.parent
        try:
            _require_unit(actor, Unit(Level.PUSKESMAS, str(parent.pk), str(parent), parent.area_code[:13], parent))
            crumbs.insert(min(2, len(crumbs)), (Level.PUSKESMAS, str(parent.pk), str(parent)))
        except PermissionError:
            pass
    unit.crumbs = crumbs
    return unit


def home_unit(actor) -> Unit:
    """Where a user lands: Dinkes its kabupaten/provinsi, a Puskesmas its own board, a Pustu its
    desa, a kader its Posyandu; an admin the first kabupaten with stored values."""
    require_actor(actor)
    scope = scope_of(actor)
    facility = getattr(actor, "facility", None)
    if scope.role == Role.KADER and facility is not None:
        return facility_unit(actor, facility.pk)
    if scope.role in (Role.NAKES, Role.KEPALA) and facility is not None and facility.kind == "puskesmas":
        return facility_unit(actor, facility.pk)
    code = scope.common_area()
    if code is None:
        from siklus.areas.models import Area

        # Before any value is stored (a new install) the first loaded kabupaten, so the admin's
        # "Dasbor PWS" link opens an empty board instead of "not found".
        code = (IndicatorValue.objects.filter(level=Level.KABUPATEN).order_by("unit")
                .values_list("unit", flat=True).first()
                or Area.objects.filter(level="kabkota").order_by("code").values_list("code", flat=True).first()
                or "")
    return area_unit(actor, code[:13])


# ------------------------------------------------------------------------------------ values


def _children_filter(actor, unit: Unit, level: str) -> dict | None:
    """Filter of the IndicatorValue rows of ``level`` inside ``unit`` (None: nothing)."""
    from siklus.facilities.models import Facility, Kind

    if unit.level == Level.PUSKESMAS:
        if level == Level.DESA:
            return {"unit__in": [c for c in unit.facility.served_areas.filter(level="desa").values_list("code", flat=True)]}
        kind = Kind.POSYANDU if level == Level.POSYANDU else Kind.PUSTU
        return {"unit__in": [str(pk) for pk in Facility.objects.active().filter(parent=unit.facility, kind=kind)
                             .values_list("pk", flat=True)]}
    if unit.is_facility:
        return None
    if level in FACILITY_LEVELS:
        return {"area_code__within": unit.key}
    return {"unit__startswith": unit.key + "."}


def _names(level: str, units) -> dict[str, str]:
    from siklus.areas.models import Area
    from siklus.facilities.models import Facility

    if level in FACILITY_LEVELS:
        return {str(f.pk): str(f) for f in Facility.objects.filter(pk__in=list(units)).only("pk", "name", "kind")}
    return {a.code: a.full_name for a in Area.objects.filter(code__in=list(units))}


def row(v: IndicatorValue, name: str, colours: dict) -> dict:
    """A stored value as the dashboards and :mod:`.exports` take it (the keys of ``queries.values``)."""
    return {"indicator": v.indicator, "level": v.level, "unit": v.unit, "unit_name": name, "area_code": v.area_code,
            "period": v.period, "numerator": v.numerator, "denominator": v.denominator, "value": v.value,
            "target": v.target, "status": v.status, "colour": colours.get(v.status, ""),
            "sasaran_source": v.sasaran_source, "sasaran_label": sasaran_label(v.sasaran_source),
            "rule_versions": v.rule_versions, "computed_at": v.computed_at}


def years(actor, unit: Unit, codes) -> list[int]:
    """Years with stored values of the indicators for the unit, newest first (the lookup names the
    indicators so it reads the unique index, not every value of the database)."""
    _require_unit(actor, unit)
    periods = (IndicatorValue.objects.filter(indicator__in=list(codes), level=unit.level, unit=unit.key)
               .values_list("period", flat=True).distinct())
    return sorted({int(p[:4]) for p in periods}, reverse=True)


def last_month(actor, unit: Unit, codes, year: int) -> int:
    """The last month of ``year`` with stored values of the indicators (12 for a finished year)."""
    _require_unit(actor, unit)
    periods = (IndicatorValue.objects.filter(indicator__in=list(codes), level=unit.level, unit=unit.key,
                                             period__startswith=f"{year}-")
               .values_list("period", flat=True).distinct())
    return max((int(p[5:]) for p in periods), default=12)


def display_period(indicator: cat.Indicator, year: int, month: int) -> str:
    return f"{year}-{month:02d}" if indicator.period == "month" else str(year)


def summary(actor, unit: Unit, codes, year: int, month: int) -> list[dict]:
    """The unit's own figure of each indicator at its period (month or year), in ``codes`` order;
    indicators without a stored value are left out."""
    _require_unit(actor, unit)
    colours = config.get("monitoring.status_colours")
    wanted = {c: display_period(cat.get(c), year, month) for c in codes}
    stored = {(v.indicator, v.period): v for v in IndicatorValue.objects.filter(
        level=unit.level, unit=unit.key, indicator__in=list(wanted), period__in=set(wanted.values()))}
    return [row(stored[(c, p)], unit.name, colours) for c, p in wanted.items() if (c, p) in stored]


def series(actor, unit: Unit, code: str, year: int) -> list[dict]:
    """The unit's monthly values of an indicator in ``year`` (cumulative from January when the
    indicator is), for the line against the monthly target."""
    _require_unit(actor, unit)
    colours = config.get("monitoring.status_colours")
    rows = IndicatorValue.objects.filter(level=unit.level, unit=unit.key, indicator=code,
                                         period__startswith=f"{year}-").order_by("period")
    return [row(v, unit.name, colours) for v in rows]


def ranking(actor, unit: Unit, code: str, level: str, period: str) -> list[dict]:
    """The stored values of ``level`` inside the unit, best first (lowest first when lower is
    better), units without a value last; each with its rank."""
    _require_unit(actor, unit)
    where = _children_filter(actor, unit, level)
    if where is None:
        return []
    rows = list(IndicatorValue.objects.visible_to(actor).filter(indicator=code, level=level, period=period, **where))
    names = _names(level, [v.unit for v in rows])
    colours = config.get("monitoring.status_colours")
    sign = 1 if cat.get(code).lower_is_better else -1
    rows.sort(key=lambda v: (v.value is None, sign * (v.value or 0), names.get(v.unit, v.unit)))
    out = [row(v, names.get(v.unit, v.unit), colours) for v in rows]
    for rank, r in enumerate(out, 1):
        r["rank"] = rank if r["value"] is not None else None
    return out


# ------------------------------------------------------------------------------------ map


def map_desa(actor, unit: Unit, code: str, period: str) -> dict:
    """The desa of the unit for a map: each with its value and status of the indicator, and
    either its official boundary (when imported: ``siklus areas import-boundaries``) or a point
    placed by :func:`layout` (the Kemendagri tables carry no coordinates)."""
    from siklus.areas.models import Area, AreaBoundary

    _require_unit(actor, unit)
    if unit.level == Level.PUSKESMAS:
        desa = list(unit.facility.served_areas.filter(level="desa").order_by("code"))
    elif unit.level == Level.POSYANDU:
        desa = list(Area.objects.filter(code=unit.area_code))
    else:
        desa = list(Area.objects.filter(level="desa").filter(code__startswith=unit.key[:13]).order_by("code"))
    desa = [a for a in desa if scope_of(actor).contains(a.code)]
    codes = [a.code for a in desa]
    colours = config.get("monitoring.status_colours")
    values = {v.unit: v for v in IndicatorValue.objects.filter(indicator=code, level=Level.DESA, period=period,
                                                               unit__in=codes)}
    shapes = {b.area_id: b for b in AreaBoundary.objects.filter(area_id__in=codes)}
    mode = "shapes" if shapes else "points"
    places = layout(codes)
    features = []
    for a in desa:
        v = values.get(a.code)
        feature = {"code": a.code, "name": a.full_name, "value": v.value if v else None,
                   "status": v.status if v else "", "colour": colours.get(v.status, "") if v else ""}
        if mode == "shapes":
            shape = shapes.get(a.code)
            feature["geometry"] = shape.geometry if shape else None
            feature["centre"] = [shape.centre_lat, shape.centre_lon] if shape else None
        else:
            feature["xy"] = places[a.code]
        features.append(feature)
    return {"mode": mode, "features": features}


GOLDEN = math.pi * (3 - math.sqrt(5))


def _sunflower(n: int, spacing: float) -> list[tuple[float, float]]:
    return [(spacing * math.sqrt(i + 0.5) * math.cos(i * GOLDEN), spacing * math.sqrt(i + 0.5) * math.sin(i * GOLDEN))
            for i in range(n)]


def layout(codes: list[str]) -> dict[str, list[float]]:
    """Deterministic map positions for desa without coordinates: the kecamatan in code order on
    a sunflower spiral, each kecamatan's desa on a small one around it, so neighbours in the
    code (the same kecamatan) stand together. Not geography: the page says so."""
    by_kecamatan: dict[str, list[str]] = defaultdict(list)
    for code in sorted(codes):
        by_kecamatan[code[:8]].append(code)
    biggest = max((len(v) for v in by_kecamatan.values()), default=1)
    spacing = 2.2 * math.sqrt(biggest) + 1
    out = {}
    for (cx, cy), (_kecamatan, members) in zip(_sunflower(len(by_kecamatan), spacing), sorted(by_kecamatan.items())):
        for (dx, dy), code in zip(_sunflower(len(members), 1.0), members):
            out[code] = [round(cy + dy, 3), round(cx + dx, 3)]
    return out


# ------------------------------------------------------------------------------------ people


def people(actor, unit: Unit, code: str, period: str, part: str = "numerator", *, export: bool = False):
    """The persons behind a desa's or Posyandu's figure, visible to ``actor``; the read is audited
    as one event (what was shown, nothing more): a list, or an export when they are downloaded."""
    from siklus.audit.log import log_read
    from siklus.audit.models import Action
    from siklus.monitoring import queries
    from siklus.people.models import Person

    _require_unit(actor, unit)
    if unit.level not in (Level.DESA, Level.POSYANDU):
        raise LookupError(unit.level)
    if part not in ("numerator", "denominator"):
        raise ValueError(part)
    ids = queries.person_ids(code, unit.area_code, period, part)
    persons = Person.objects.visible_to(actor).filter(pk__in=ids).select_related("household", "household__posyandu")
    if unit.level == Level.POSYANDU:
        persons = persons.filter(household__posyandu_id=unit.key)
    persons = list(persons.order_by("name"))
    log_read(actor, persons, what=f"indicator:{code}:{period}:{part}", action=Action.EXPORT if export else None)
    return persons


def sasaran_label(source: str) -> str:
    return str(SasaranSource(source).label) if source in SasaranSource.values else source


def spm_edition(year: int) -> str:
    from siklus.rules import spm

    return spm.edition_for(year).version


def spm_services(year: int) -> list[tuple[object, str | None]]:
    """The 12 SPM services (ILP.md §6.2) with the catalogue indicator that measures each, if any."""
    from siklus.rules import spm

    return [(s, f"spm_{s.code}" if f"spm_{s.code}" in cat.BY_CODE else None) for s in spm.SERVICES]


def level_label(level: str) -> str:
    return str(Level(level).label) if level in Level.values else level


def no_values_message() -> str:
    # Said to a bidan or a Dinkes officer: who can act on it, not which command to type (the admin's
    # guide, README "Deploying", names the periodic `siklus indicators refresh --dirty`).
    return _("Angka capaian belum dihitung untuk wilayah dan periode ini. Hubungi admin siklus agar "
             "perhitungan indikator dijadwalkan.")
