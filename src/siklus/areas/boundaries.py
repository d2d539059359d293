"""Official area boundaries from a GeoJSON file (BIG / Dukcapil / BPS shapes converted to GeoJSON
in WGS 84): ``siklus areas import-boundaries FILE [--code-property NAME]``.

Each feature names its area by a Kemendagri code in one of its properties: dotted
(``62.02.01.2001``) or undotted as SATUSEHAT and most shape files write it (``6202012001``).
The property is found among the usual names (``kode``, ``kode_desa``, ``KDEPUM``, ``kd_desa`` …)
unless given. Features whose area is not loaded are counted and named, not guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from siklus.accounts.policies import Perm, require
from siklus.areas.models import Area, AreaBoundary
from siklus.audit.log import log
from siklus.audit.models import Action
from siklus.core.actors import require_actor
from siklus.core.errors import Invalid

CODE_PROPERTIES = ("kode", "code", "kode_desa", "kode_wilayah", "kdepum", "kd_desa", "kode_kemendagri", "id_desa",
                   "kode_kec", "kode_kab", "id")
_DOTS = {2: (2,), 4: (2, 2), 6: (2, 2, 2), 10: (2, 2, 2, 4)}


def dotted(raw) -> str | None:
    """A Kemendagri code in its dotted form, from either form; None when it is none."""
    text = str(raw).strip()
    if "." in text:
        return text if all(p.isdigit() for p in text.split(".")) else None
    if not text.isdigit() or len(text) not in _DOTS:
        return None
    parts, at = [], 0
    for n in _DOTS[len(text)]:
        parts.append(text[at:at + n])
        at += n
    return ".".join(parts)


def _rings(geometry: dict) -> list:
    if geometry.get("type") == "Polygon":
        return [geometry["coordinates"][0]]
    if geometry.get("type") == "MultiPolygon":
        return [polygon[0] for polygon in geometry["coordinates"]]
    return []


def centre(geometry: dict) -> tuple[float, float]:
    """(lat, lon) of the area-weighted centroid of the outer rings (the largest part dominates)."""
    total = cx = cy = 0.0
    for ring in _rings(geometry):
        for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
            cross = x0 * y1 - x1 * y0
            total += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
    if abs(total) < 1e-15:  # degenerate: the mean of the vertices
        points = [p for ring in _rings(geometry) for p in ring]
        return (sum(p[1] for p in points) / len(points), sum(p[0] for p in points) / len(points))
    return (cy / (3 * total), cx / (3 * total))


def _rounded(value, digits: int = 5):
    # 5 decimals of a degree are about a metre: enough for a map, a third of the bytes.
    if isinstance(value, list):
        return [_rounded(v, digits) for v in value]
    return round(value, digits) if isinstance(value, float) else value


@dataclass
class ImportResult:
    imported: int = 0
    unknown: list[str] = field(default_factory=list)  # codes not among the loaded areas
    skipped: int = 0  # features without a code or a polygon


def import_geojson(actor, data: dict, *, code_property: str | None = None, source: str = "") -> ImportResult:
    """Store the boundary of every feature whose code names a loaded area (replacing an earlier
    one). Only an operator may (reference data, like loading the areas)."""
    require_actor(actor)
    require(actor, Perm.LOAD_AREAS)
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise Invalid.field("file", _("Berkas bukan GeoJSON FeatureCollection."))
    features = data.get("features") or []
    result = ImportResult()
    found: dict[str, dict] = {}
    for feature in features:
        props = {k.lower(): v for k, v in (feature.get("properties") or {}).items()}
        keys = [code_property.lower()] if code_property else CODE_PROPERTIES
        code = next((dotted(props[k]) for k in keys if props.get(k) not in (None, "") and dotted(props[k])), None)
        geometry = feature.get("geometry") or {}
        if code is None or not _rings(geometry):
            result.skipped += 1
            continue
        found[code] = geometry
    known = set(Area.objects.filter(code__in=list(found)).values_list("code", flat=True))
    result.unknown = sorted(set(found) - known)
    with transaction.atomic():
        AreaBoundary.objects.filter(area_id__in=known).delete()
        rows = []
        for code in sorted(known):
            geometry = {"type": found[code]["type"], "coordinates": _rounded(found[code]["coordinates"])}
            lat, lon = centre(geometry)
            rows.append(AreaBoundary(area_id=code, geometry=geometry, centre_lat=lat, centre_lon=lon, source=source[:200]))
        AreaBoundary.objects.bulk_create(rows, batch_size=500)
        result.imported = len(rows)
        log(Action.UPDATE, actor=actor, area_code=_common(known),
            changes={"what": "area boundaries", "imported": result.imported, "unknown": len(result.unknown),
                     "source": source[:200]})
    return result


def _common(codes) -> str:
    codes = sorted(codes)
    if not codes:
        return ""
    first, last = codes[0].split("."), codes[-1].split(".")
    same = []
    for a, b in zip(first, last):
        if a != b:
            break
        same.append(a)
    return ".".join(same)
