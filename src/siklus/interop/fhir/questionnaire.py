"""QuestionnaireResponse: SRQ-20, PUMA, SKILAS, ADL and KPSP answered item by item, with the score
and the classification the rules gave."""

from __future__ import annotations

from siklus.interop.fhir.common import Context, compact, day, identifier, local_coding
from siklus.rules import satusehat


def questionnaire_url(instrument: str, area: str | None = None) -> str:
    configured = str(satusehat.setting(satusehat.QUESTIONNAIRES.name, area).get(instrument, "") or "")
    return configured or f"{satusehat.local_system('questionnaire')}-{instrument}"


def _answer(value) -> dict | None:
    if isinstance(value, bool):
        return {"valueBoolean": value}
    if isinstance(value, int):
        return {"valueInteger": value}
    if isinstance(value, float):
        return {"valueDecimal": value}
    if value is None or value == "":
        return None
    return {"valueString": str(value)}


def questionnaire_response(record, ctx: Context) -> dict:
    org = ctx.org(record.area_code)
    items = []
    for link, value in (record.answers or {}).items():
        answer = _answer(value)
        items.append({"linkId": str(link), "answer": [answer] if answer else []})
    if record.score is not None:
        items.append({"linkId": "score", "answer": [{"valueDecimal": float(record.score)}]})
    if record.category:
        items.append({"linkId": "classification", "text": record.category_label,
                      "answer": [{"valueCoding": local_coding("classification", record.category,
                                                              record.category_label)}]})
    return compact({
        "resourceType": "QuestionnaireResponse",
        "identifier": identifier("questionnaireresponse", org, record.pk),
        "questionnaire": questionnaire_url(record.instrument, record.area_code),
        "status": "entered-in-error" if record.is_voided else "completed",
        "subject": ctx.patient(record.person),
        "encounter": ctx.encounter(record.encounter) if record.encounter_id else None,
        "authored": day(record.on),
        "item": items,
    })
