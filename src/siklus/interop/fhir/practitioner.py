"""Practitioner: a health worker (Staff) of a Puskesmas or Pustu, identified by NIK.

SATUSEHAT's practitioners come from the national health-worker registry: siklus looks them up by
NIK and never creates them; the resource is for exports to other FHIR servers."""

from __future__ import annotations

from siklus.interop.fhir.common import Context, compact, identifier, local_coding
from siklus.rules import satusehat


def practitioner(staff, ctx: Context) -> dict:
    ids = [{"use": "official", "system": satusehat.NIK, "value": staff.nik}] if staff.nik else []
    ids.append(identifier("practitioner", "", staff.pk))
    return compact({
        "resourceType": "Practitioner",
        "identifier": ids,
        "active": bool(staff.active) and not staff.is_voided,
        "name": [{"use": "official", "text": staff.name}],
        "telecom": [{"system": "phone", "value": staff.phone, "use": "work"}] if staff.phone else [],
        "qualification": [{"code": {"coding": [local_coding("profession", staff.profession)],
                                    "text": str(staff.get_profession_display())}}],
    })
