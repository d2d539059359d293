"""What every mapping shares: the context that answers references, and small builders."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from siklus.rules import satusehat


class Context:
    """How resources refer to each other. The default refers inside a transaction Bundle
    (``urn:uuid:`` of the entry made from the record) and to what the server assigns by
    conditional references (``Patient?identifier=…|NIK``); the sender's context
    (:class:`siklus.interop.outbox.RemoteContext`) refers by the ids SATUSEHAT gave.

    ``org(area_code)`` is the SATUSEHAT Organization id of the Puskesmas serving that area ("" when
    none is configured); identifier systems are built from it."""

    def __init__(self, orgs: dict[str, str] | None = None, practitioners: dict[Any, str] | None = None,
                 default_practitioner: str = ""):
        self._orgs = orgs or {}  # area-code prefix → organization id (longest prefix wins)
        self._practitioners = practitioners or {}  # user id → Practitioner id
        self.default_practitioner = default_practitioner

    def org(self, area_code: str) -> str:
        best = ""
        found = ""
        for prefix, org in self._orgs.items():
            if (area_code == prefix or area_code.startswith(prefix + ".")) and len(prefix) > len(best):
                best, found = prefix, org
        return found

    # References (FHIR Reference dicts).
    def patient(self, person) -> dict:
        if person.nik:
            return {"reference": f"Patient?identifier={satusehat.NIK}|{person.nik}", "display": person.name}
        return {"reference": f"urn:uuid:{person.pk}", "display": person.name}

    def encounter(self, encounter) -> dict | None:
        return {"reference": f"urn:uuid:{encounter.pk}"} if encounter is not None else None

    def organization(self, puskesmas) -> dict:
        org = self.org(puskesmas.area_code) if puskesmas is not None else ""
        if org:
            return {"reference": f"Organization/{org}", "display": str(puskesmas)}
        return {"reference": f"urn:uuid:{puskesmas.pk}", "display": str(puskesmas)}

    def location(self, facility) -> dict | None:
        if facility is None:
            return None
        return {"reference": f"urn:uuid:{location_uuid(facility)}", "display": str(facility)}

    def practitioner(self, user) -> dict | None:
        found = self._practitioners.get(getattr(user, "pk", None)) if user is not None else None
        found = found or self.default_practitioner
        if found:
            return {"reference": f"Practitioner/{found}", "display": _user_name(user) if user is not None else ""}
        if user is not None:
            return {"display": _user_name(user)}
        return None


def location_uuid(facility) -> str:
    """A Location's entry id differs from the facility's Organization entry (same record, two resources)."""
    import uuid

    return str(uuid.uuid5(facility.pk, "location"))


def _user_name(user) -> str:
    name = (user.get_full_name() if hasattr(user, "get_full_name") else "") or getattr(user, "username", "")
    return str(name)


def puskesmas_of(facility):
    """The Puskesmas a facility belongs to (itself, or its parent)."""
    if facility is None:
        return None
    return facility if facility.kind == "puskesmas" else facility.parent


def identifier(resource: str, org: str, value: Any) -> dict:
    return {"use": "official", "system": satusehat.identifier_system(resource, org), "value": str(value)}


def coding(system: str, code: str, display: str = "") -> dict:
    found = {"system": system, "code": code}
    if display:
        found["display"] = display
    return found


def local_coding(kind: str, code: str, display: str = "") -> dict:
    return coding(satusehat.local_system(kind), code, display)


def day(value: date | datetime | None) -> str | None:
    """A FHIR date (siklus records service dates, not times)."""
    if value is None:
        return None
    return value.date().isoformat() if isinstance(value, datetime) else value.isoformat()


def compact(resource: dict) -> dict:
    """Drop empty values: FHIR forbids empty strings, lists and objects."""
    out: dict = {}
    for key, value in resource.items():
        if isinstance(value, dict):
            value = compact(value)
        elif isinstance(value, list):
            value = [compact(v) if isinstance(v, dict) else v for v in value]
            value = [v for v in value if v not in (None, "", {}, [])]
        if value in (None, "", {}, []):
            continue
        out[key] = value
    return out


def voided_status(record, live: str, voided: str = "entered-in-error") -> str:
    return voided if record.is_voided else live
