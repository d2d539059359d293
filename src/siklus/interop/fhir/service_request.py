"""ServiceRequest: a referral (rujukan) from one facility to another, with its answer."""

from __future__ import annotations

from siklus.interop.fhir.common import Context, compact, day, identifier, puskesmas_of
from siklus.rules import satusehat

STATUS = {"dikirim": "active", "diterima": "active", "dijawab": "completed", "batal": "revoked"}
PRIORITY = {"biasa": "routine", "segera": "urgent", "gawat": "stat"}


def service_request(record, ctx: Context) -> dict:
    org = ctx.org(record.area_code)
    code = dict(satusehat.setting(satusehat.REFERRAL_CODE.name, record.area_code))
    source = puskesmas_of(record.from_facility)
    target = puskesmas_of(record.to_facility) if record.to_facility_id else None
    if target is not None:
        performer = [ctx.organization(target)]
    else:
        performer = [{"display": record.to_other}] if record.to_other else []
    notes = [{"text": record.answer}] if record.answer else []
    return compact({
        "resourceType": "ServiceRequest",
        "identifier": [identifier("servicerequest", org, record.pk)],
        "status": "entered-in-error" if record.is_voided else STATUS.get(record.status, "active"),
        "intent": "order",
        "priority": PRIORITY.get(record.urgency, "routine"),
        "code": {"coding": [{k: v for k, v in code.items() if v}], "text": "Rujukan"},
        "subject": ctx.patient(record.person),
        "encounter": ctx.encounter(record.encounter) if record.encounter_id else None,
        "authoredOn": day(record.on),
        "requester": ctx.organization(source) if source is not None else (
            {"reference": f"Organization/{org}"} if org else {"display": "siklus"}),
        "performer": performer,
        "locationReference": [ctx.location(record.to_facility)] if record.to_facility_id else [],
        "reasonCode": [{"text": record.reason}],
        "note": notes,
    })
