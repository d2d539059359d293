"""FHIR transaction Bundles of siklus records (``siklus fhir export``).

Each record is one entry, a conditional update on its identifier (``PUT Encounter?identifier=
<system>|<uuid>``): the server creates it the first time and assigns the id, updates it the next,
so importing the same file twice stores everything once. Entries refer to each other by their
``urn:uuid:`` full URLs (resolved by the server to the ids it assigns). A person with a NIK is
referred to conditionally (``Patient?identifier=https://fhir.kemkes.go.id/id/nik|<NIK>``): in
SATUSEHAT the national patient index owns patients. A person without one (a newborn, identified
by the mother's NIK) is an entry created once (``ifNoneExist``); ``with_patients`` makes every
person an entry, for FHIR servers other than SATUSEHAT.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from siklus.interop import fhir
from siklus.interop.fhir.common import location_uuid, puskesmas_of
from siklus.interop.records import kind_of
from siklus.rules import satusehat


class BundleContext(fhir.Context):
    def __init__(self, *args, included_persons: set | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.included_persons = included_persons or set()

    def patient(self, person) -> dict:
        if person.pk in self.included_persons:
            return {"reference": f"urn:uuid:{person.pk}", "display": person.name}
        return super().patient(person)


def _identifier_query(resource: dict) -> str:
    found = resource.get("identifier")
    first = found if isinstance(found, dict) else (found or [{}])[0]
    return f"identifier={first.get('system')}|{first.get('value')}"


def _entry(full_url: str, resource: dict, *, method: str, query: str = "") -> dict:
    query = query or _identifier_query(resource)
    kind = resource["resourceType"]
    request: dict[str, Any] = {"method": method, "url": f"{kind}?{query}" if method == "PUT" else kind}
    if method == "POST":
        request["ifNoneExist"] = query
    if method == "PUT" and "id" in resource:
        request["url"] = f"{kind}/{resource['id']}"
    return {"fullUrl": full_url, "resource": resource, "request": request}


def build(records: Iterable[Any], ctx: BundleContext, *, with_patients: bool = False) -> dict:
    """A transaction Bundle of ``records`` (care records and facilities), with the patients,
    Locations and Organizations they refer to, in dependency order."""
    records = sorted(records, key=lambda r: (kind_of(r).priority, str(r.pk)))
    persons: dict = {}
    facilities: dict = {}
    for record in records:
        person = getattr(record, "person", None)
        if person is not None:
            persons[person.pk] = person
        for name in ("facility", "to_facility", "from_facility"):
            facility = getattr(record, name, None) if hasattr(record, name) else None
            if facility is not None:
                facilities[facility.pk] = facility
                if facility.parent_id:
                    facilities.setdefault(facility.parent_id, facility.parent)
        if kind_of(record).resource_type == "Location":
            facilities[record.pk] = record
    included = {pk for pk, p in persons.items() if with_patients or not p.nik}
    ctx.included_persons = included
    entries = []
    puskesmas = {puskesmas_of(f).pk: puskesmas_of(f) for f in facilities.values() if puskesmas_of(f) is not None}
    for pkm in sorted(puskesmas.values(), key=lambda f: str(f.pk)):
        if not ctx.org(pkm.area_code):  # a configured Puskesmas is already known by its id
            entries.append(_entry(f"urn:uuid:{pkm.pk}", fhir.organization(pkm, ctx), method="PUT"))
    for facility in sorted(facilities.values(), key=lambda f: (f.kind != "puskesmas", str(f.pk))):
        entries.append(_entry(f"urn:uuid:{location_uuid(facility)}", fhir.location(facility, ctx), method="PUT"))
    for pk in sorted(included, key=str):
        resource = fhir.patient(persons[pk], ctx)
        # Created once, found again by siklus's own identifier (a mother's NIK names twins alike).
        query = f"identifier={satusehat.local_system('patient')}|{pk}"
        entries.append(_entry(f"urn:uuid:{pk}", resource, method="POST", query=query))
    for record in records:
        kind = kind_of(record)
        if kind.resource_type == "Location":
            continue
        entries.append(_entry(f"urn:uuid:{record.pk}", kind.mapper(record, ctx), method="PUT"))
    return {"resourceType": "Bundle", "type": "transaction", "entry": entries}


def problems(bundle: dict) -> list[tuple[str, satusehat.Problem]]:
    """SATUSEHAT's own rules over every entry: (fullUrl, problem)."""
    return [(e["fullUrl"], p) for e in bundle.get("entry", []) for p in satusehat.problems(e["resource"])]
