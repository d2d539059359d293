"""Encounter: one contact of a person (a Posyandu day, an ANC visit, a home visit …)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from siklus.interop.fhir.common import Context, coding, compact, day, identifier, local_coding, puskesmas_of
from siklus.rules import codes, satusehat

CLASS_DISPLAY = {"AMB": "ambulatory", "FLD": "field", "HH": "home health", "IMP": "inpatient encounter",
                 "EMER": "emergency"}


def encounter(record, ctx: Context) -> dict:
    org = ctx.org(record.area_code)
    act = "EMER" if record.kind == "gawat_darurat" else satusehat.encounter_class(record.place, record.area_code)
    when = day(record.on)
    status = "entered-in-error" if record.is_voided else "finished"
    puskesmas = puskesmas_of(record.facility)
    performer = ctx.practitioner(record.served_by)
    resource = {
        "resourceType": "Encounter",
        "identifier": [identifier("encounter", org, record.pk)],
        "status": status,
        # siklus records the day of a contact, not its hours: the history is the day.
        "statusHistory": [{"status": "finished", "period": {"start": when, "end": when}}],
        "class": coding(satusehat.ACT_CODE, act, CLASS_DISPLAY.get(act, "")),
        "type": [{"coding": [local_coding("encounter-kind", record.kind, codes.label(record.kind, codes.ENCOUNTER))],
                  "text": _(codes.label(record.kind, codes.ENCOUNTER))}],
        "subject": ctx.patient(record.person),
        "participant": [{"type": [{"coding": [coding(satusehat.PARTICIPATION_TYPE, "ATND", "attender")]}],
                         "individual": performer}] if performer else [],
        "period": {"start": when, "end": when},
        "reasonCode": [{"text": record.complaint}] if record.complaint else [],
        "location": [{"location": ctx.location(record.facility)}] if record.facility_id else [],
        "serviceProvider": ctx.organization(puskesmas) if puskesmas is not None else _provider(ctx, org),
    }
    if record.klaster:
        resource["serviceType"] = {"coding": [local_coding("klaster", str(record.klaster))],
                                   "text": f"Klaster {record.klaster}" if record.klaster < 5 else "Lintas klaster"}
    return compact(resource)


def _provider(ctx: Context, org: str) -> dict | None:
    return {"reference": f"Organization/{org}"} if org else None
