"""Organization and Location of a Puskesmas, Pustu or Posyandu.

A Puskesmas is an Organization (SATUSEHAT registers it; its id is the configured Organization
id); Pustu and Posyandu are parts of it (Organization.partOf). Every facility is also a Location
(the building of a Puskesmas or Pustu, the site of a Posyandu), managed by its Puskesmas; the
encounters happen there."""

from __future__ import annotations

from siklus.interop.fhir.common import Context, coding, compact, identifier, puskesmas_of
from siklus.interop.fhir.patient import address
from siklus.rules import satusehat

# Location.physicalType: a building (bu) for Puskesmas and Pustu, a site (si) for a Posyandu [M].
PHYSICAL_TYPE = {"puskesmas": ("bu", "Building"), "pustu": ("bu", "Building"), "posyandu": ("si", "Site")}


def _address(facility) -> dict:
    found = address(None, facility.area_code)
    if facility.address:
        found["line"] = [facility.address]
    return found


def organization(facility, ctx: Context) -> dict:
    puskesmas = puskesmas_of(facility)
    org = ctx.org(puskesmas.area_code) if puskesmas is not None else ""
    ids = [identifier("organization", org, facility.code or facility.pk)]
    resource = {
        "resourceType": "Organization",
        "identifier": ids,
        "active": bool(facility.active) and not facility.is_voided,
        "type": [{"coding": [coding(satusehat.ORGANIZATION_TYPE, "prov", "Healthcare Provider")]}],
        "name": str(facility),
        "address": [_address(facility)],
    }
    if facility.kind == "puskesmas" and org:
        resource["id"] = org
    elif puskesmas is not None and puskesmas.pk != facility.pk:
        resource["partOf"] = ctx.organization(puskesmas)
    return compact(resource)


def location(facility, ctx: Context) -> dict:
    puskesmas = puskesmas_of(facility)
    org = ctx.org(puskesmas.area_code) if puskesmas is not None else ""
    code, display = PHYSICAL_TYPE.get(facility.kind, ("si", "Site"))
    resource = {
        "resourceType": "Location",
        "identifier": [identifier("location", org, facility.pk)],
        "status": "active" if facility.active and not facility.is_voided else "inactive",
        "name": str(facility),
        "mode": "instance",
        "physicalType": {"coding": [coding(satusehat.LOCATION_PHYSICAL_TYPE, code, display)]},
        "address": _address(facility),
        "managingOrganization": ctx.organization(puskesmas) if puskesmas is not None else None,
    }
    if facility.parent_id and facility.kind != "puskesmas":
        resource["partOf"] = ctx.location(facility.parent)
    return compact(resource)
