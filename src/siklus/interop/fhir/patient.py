"""Patient: a person of the registry, identified by NIK (``nik-ibu`` for a newborn without one),
with the administrativeCode address extension (ILP.md §8.3)."""

from __future__ import annotations

from siklus.interop.fhir.common import Context, compact, day, identifier
from siklus.rules import satusehat

GENDER = {"L": "male", "P": "female"}


def address(household, area_code: str) -> dict:
    codes = satusehat.administrative_codes(household.desa_id if household is not None else area_code,
                                           getattr(household, "rt", ""), getattr(household, "rw", ""))
    return {
        "use": "home",
        "line": [household.address] if household is not None and household.address else [],
        "country": "ID",
        "extension": [{"url": satusehat.ADMINISTRATIVE_CODE,
                       "extension": [{"url": part, "valueCode": codes[part]}
                                     for part in satusehat.ADMINISTRATIVE_PARTS if part in codes]}],
    }


def patient(person, ctx: Context, *, ihs_number: str = "") -> dict:
    ids = []
    if person.nik:
        ids.append({"use": "official", "system": satusehat.NIK, "value": person.nik})
    elif person.mother_id and person.mother.nik:
        # A newborn without NIK is identified through the mother's NIK (SATUSEHAT nik-ibu).
        ids.append({"use": "official", "system": satusehat.NIK_IBU, "value": person.mother.nik})
    if ihs_number:
        ids.append({"use": "official", "system": satusehat.IHS, "value": ihs_number})
    household = person.household
    if household is not None and household.no_kk:
        ids.append({"use": "secondary", "system": satusehat.KK, "value": household.no_kk})
    ids.append(identifier("patient", "", person.pk))
    birth = getattr(person, "birth", None) if hasattr(person, "birth") else None
    resource = {
        "resourceType": "Patient",
        "identifier": ids,
        "active": not person.is_voided,
        "name": [{"use": "official", "text": person.name}],
        "gender": GENDER.get(person.sex, "unknown"),
        "birthDate": day(person.birth_date),
        "telecom": [{"system": "phone", "value": person.phone, "use": "mobile"}] if person.phone else [],
        "address": [address(household, person.area_code)],
    }
    if person.died_on:
        resource["deceasedDateTime"] = day(person.died_on)
    if birth is not None and birth.order and birth.order > 1:
        resource["multipleBirthInteger"] = birth.order
    if ihs_number:
        resource["id"] = ihs_number
    return compact(resource)
