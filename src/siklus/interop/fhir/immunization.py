"""Immunization: a dose given, with the vaccine code SATUSEHAT uses (KFA, a setting: see
:data:`siklus.rules.satusehat.VACCINE_CODES`) beside siklus's dose code, and the dose number in
``protocolApplied``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from siklus.interop.fhir.common import Context, coding, compact, day, identifier, local_coding
from siklus.rules import codes, satusehat


def immunization(record, ctx: Context) -> dict:
    org = ctx.org(record.area_code)
    label = codes.label(record.dose, codes.DOSE) if codes.exists(record.dose, codes.DOSE) else record.dose
    vaccine = satusehat.vaccine_code(record.dose, record.area_code)
    codings = [coding(str(satusehat.setting(satusehat.VACCINE_SYSTEM.name)), vaccine, label)] if vaccine else []
    codings.append(local_coding("dose", record.dose, label))
    number = satusehat.dose_number(record.dose)
    applied: dict[str, Any] = {"series": satusehat.dose_antigen(record.dose)}
    # positiveInt starts at 1: a birth dose (HB0) is dose "0" as a string.
    applied.update({"doseNumberPositiveInt": number} if number >= 1 else {"doseNumberString": str(number)})
    facility = record.facility or (record.encounter.facility if record.encounter_id else None)
    return compact({
        "resourceType": "Immunization",
        "identifier": [identifier("immunization", org, record.pk)],
        "status": "entered-in-error" if record.is_voided else "completed",
        "vaccineCode": {"coding": codings, "text": _(label)},
        "patient": ctx.patient(record.person),
        "encounter": ctx.encounter(record.encounter) if record.encounter_id else None,
        "occurrenceDateTime": day(record.given_on),
        "primarySource": True,
        "location": ctx.location(facility),
        "lotNumber": record.batch,
        "protocolApplied": [applied],
    })
