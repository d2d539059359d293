"""Observation: a measurement or screening result with LOINC and UCUM where the vocabulary has
them, and the classification the rules gave it as ``interpretation`` (HL7's code where the
mapping knows one, siklus's category code and its label always)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from siklus.interop.fhir.common import Context, coding, compact, day, identifier, local_coding
from siklus.rules import codes, satusehat

VITAL_SIGNS = frozenset({"weight", "length_height", "head_circumference", "bmi", "sbp", "dbp", "temperature",
                         "pulse", "respiratory_rate"})
LABORATORY = frozenset({"glucose_random", "glucose_fasting", "glucose_2h", "hba1c", "hb", "cholesterol_total", "hdl",
                        "ldl", "triglycerides", "creatinine", "ureum", "tcm", "bta", "hiv", "sifilis", "hbsag",
                        "urine_protein", "hpv_dna"})
SURVEY = frozenset({"adl_score", "skilas_positive_domains", "srq20_score", "puma_score", "kpsp_yes", "tb_symptoms"})
CATEGORY_DISPLAY = {"vital-signs": "Vital Signs", "laboratory": "Laboratory", "survey": "Survey", "exam": "Exam"}


def category_of(code: str) -> str:
    if code in VITAL_SIGNS:
        return "vital-signs"
    if code in LABORATORY:
        return "laboratory"
    if code in SURVEY:
        return "survey"
    return "exam"


def loinc_of(record) -> str:
    return codes.get(record.code, codes.OBSERVATION).loinc_for(record.method)


def observation(record, ctx: Context) -> dict:
    org = ctx.org(record.area_code)
    code = codes.get(record.code, codes.OBSERVATION)
    loinc = code.loinc_for(record.method)
    kind = category_of(record.code)
    concept_codings = [coding(satusehat.LOINC, loinc)] if loinc else []
    concept_codings.append(local_coding("observation", record.code, code.label))
    resource = {
        "resourceType": "Observation",
        "identifier": [identifier("observation", org, record.pk)],
        "status": "entered-in-error" if record.is_voided else "final",
        "category": [{"coding": [coding(satusehat.OBSERVATION_CATEGORY, kind, CATEGORY_DISPLAY[kind])]}],
        "code": {"coding": concept_codings, "text": _(code.label)},
        "subject": ctx.patient(record.person),
        "encounter": ctx.encounter(record.encounter) if record.encounter_id else None,
        "effectiveDateTime": day(record.on),
    }
    if record.value_code:
        answer = dict(code.answers).get(record.value_code, record.value_code)
        resource["valueCodeableConcept"] = {"coding": [local_coding(f"answer-{record.code}", record.value_code, answer)],
                                            "text": _(answer)}
    elif record.value is not None:
        ucum = code.ucum or record.unit
        quantity: dict[str, Any] = {"value": _number(record.value, code.integer)}
        if ucum:
            quantity.update(unit=record.unit or code.unit or ucum, system=satusehat.UCUM, code=ucum)
        resource["valueQuantity"] = quantity
    if record.method:
        labels = dict(code.methods)
        resource["method"] = {"coding": [local_coding(f"method-{record.code}", record.method, labels.get(record.method, ""))],
                              "text": _(labels[record.method]) if record.method in labels else record.method}
    if record.category:
        found = [local_coding("classification", record.category, record.category_label)]
        hl7 = satusehat.interpretation(record.category, record.area_code)
        if hl7:
            found.insert(0, coding(satusehat.INTERPRETATION, hl7))
        resource["interpretation"] = [{"coding": found, "text": record.category_label or record.category}]
    if record.rule_version:
        resource["note"] = [{"text": f"siklus {record.rule_version}"}]
    return compact(resource)


def _number(value: float, integer: bool) -> float | int:
    return int(round(value)) if integer else value
