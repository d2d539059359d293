"""Condition: a diagnosis with its ICD-10 code (WHO edition, ``http://hl7.org/fhir/sid/icd-10``)."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from siklus.interop.fhir.common import Context, coding, compact, day, identifier, local_coding
from siklus.rules import codes, satusehat

_SINGLE = re.compile(r"[A-Z]\d{2}(\.\d{1,2})?")


def icd10_of(record) -> str:
    """The record's ICD-10 code, else its vocabulary condition's when that is one code (not a block)."""
    if record.icd10:
        return record.icd10
    if record.code and codes.exists(record.code, codes.CONDITION):
        default = codes.get(record.code, codes.CONDITION).icd10
        return default if _SINGLE.fullmatch(default) else ""
    return ""


def condition(record, ctx: Context) -> dict:
    org = ctx.org(record.area_code)
    icd = icd10_of(record)
    codings = [coding(satusehat.ICD10, icd)] if icd else []
    text = ""
    if record.code and codes.exists(record.code, codes.CONDITION):
        label = codes.label(record.code, codes.CONDITION)
        codings.append(local_coding("condition", record.code, label))
        text = _(label)
    clinical = "resolved" if record.resolved_on else "active"
    return compact({
        "resourceType": "Condition",
        "identifier": [identifier("condition", org, record.pk)],
        "clinicalStatus": {"coding": [coding(satusehat.CONDITION_CLINICAL, clinical)]},
        "verificationStatus": {"coding": [coding(satusehat.CONDITION_VERIFICATION,
                                                 "entered-in-error" if record.is_voided else "confirmed")]},
        # A known condition that calls for follow-up is on the person's problem list.
        "category": [{"coding": [coding(satusehat.CONDITION_CATEGORY, "problem-list-item", "Problem List Item")]}],
        "code": {"coding": codings, "text": text or icd},
        "subject": ctx.patient(record.person),
        "onsetDateTime": day(record.since),
        "abatementDateTime": day(record.resolved_on),
        "recordedDate": day(record.created_at),
        "note": [{"text": record.note}] if record.note else [],
    })
