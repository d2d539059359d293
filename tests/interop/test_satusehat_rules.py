"""SATUSEHAT's own rules (ILP.md §8.3) that the FHIR R4 models do not check: a resource can be
valid R4B and still be refused. :func:`siklus.rules.satusehat.problems` says why, in Indonesian,
at the field."""

import pydantic
import pytest

from siklus.interop.validation import validate
from siklus.rules import satusehat

ADDRESS = [{"extension": [{"url": satusehat.ADMINISTRATIVE_CODE, "extension": [
    {"url": "province", "valueCode": "62"}, {"url": "city", "valueCode": "6202"},
    {"url": "district", "valueCode": "620201"}, {"url": "village", "valueCode": "6202012003"}]}]}]


def paths(resource):
    validate(resource)  # valid FHIR R4B: only SATUSEHAT objects
    return [p.path for p in satusehat.errors(resource)]


def test_the_r4b_models_refuse_what_is_not_fhir():
    with pytest.raises(pydantic.ValidationError):
        validate({"resourceType": "Patient", "birthDate": "1990-13-45"})
    with pytest.raises(pydantic.ValidationError):
        validate({"resourceType": "Observation", "code": {"text": "x"}})  # no status
    with pytest.raises(pydantic.ValidationError):
        validate({"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "valueQuantity": "5 kg"})


def test_the_models_do_not_check_code_values_so_the_rules_do():
    patient = {"resourceType": "Patient", "identifier": [{"system": satusehat.NIK, "value": "6202014107900001"}],
               "gender": "laki-laki", "birthDate": "1990-07-01", "address": ADDRESS}
    assert paths(patient) == ["gender"]


def test_a_patient_needs_a_16_digit_nik_or_the_mother_s_and_the_address_codes():
    good = {"resourceType": "Patient", "identifier": [{"system": satusehat.NIK, "value": "6202014107900001"}],
            "gender": "female", "birthDate": "1990-07-01", "address": ADDRESS}
    assert paths(good) == []
    assert paths({**good, "identifier": []}) == ["identifier"]
    assert paths({**good, "identifier": [{"system": satusehat.NIK, "value": "62020141079"}]}) == ["identifier"]
    newborn = {**good, "identifier": [{"system": satusehat.NIK_IBU, "value": "6202014107900001"}]}
    assert paths(newborn) == []
    assert paths({k: v for k, v in newborn.items() if k != "birthDate"}) == ["birthDate"]
    assert paths({**good, "address": [{"city": "Sampit"}]}) == ["address[0].extension"] * 4
    dotted = [{"extension": [{"url": satusehat.ADMINISTRATIVE_CODE, "extension": [
        {"url": "province", "valueCode": "62"}, {"url": "city", "valueCode": "62.02"},
        {"url": "district", "valueCode": "620201"}, {"url": "village", "valueCode": "6202012003"}]}]}]
    assert paths({**good, "address": dotted}) == ["address[0].extension"]


def test_records_need_the_sys_ids_identifier_of_the_puskesmas():
    encounter = {"resourceType": "Encounter", "status": "finished",
                 "identifier": [{"system": "urn:siklus:encounter", "value": "x"}],
                 "class": {"system": satusehat.ACT_CODE, "code": "AMB"}, "subject": {"reference": "Patient/P1"},
                 "period": {"start": "2025-03-01"}, "serviceProvider": {"reference": "Organization/10000004"},
                 "statusHistory": [{"status": "finished", "period": {"start": "2025-03-01"}}]}
    assert paths(encounter) == ["identifier"]
    encounter["identifier"] = [{"system": "http://sys-ids.kemkes.go.id/encounter/10000004", "value": "x"}]
    assert paths(encounter) == []
    # Without a practitioner SATUSEHAT may refuse it: a warning, not a stop.
    assert [(p.path, p.severity) for p in satusehat.problems(encounter)] == [("participant", satusehat.WARNING)]


def test_observations_need_loinc_and_ucum_conditions_a_single_icd10_code_immunizations_a_vaccine_code():
    observation = {"resourceType": "Observation", "status": "final",
                   "identifier": [{"system": "http://sys-ids.kemkes.go.id/observation/1", "value": "o"}],
                   "category": [{"coding": [{"system": satusehat.OBSERVATION_CATEGORY, "code": "vital-signs"}]}],
                   "code": {"coding": [{"system": "urn:siklus:observation", "code": "weight"}]},
                   "subject": {"reference": "Patient/P1"}, "encounter": {"reference": "Encounter/E1"},
                   "valueQuantity": {"value": 5.1, "unit": "kg"}}
    assert paths(observation) == ["code", "valueQuantity"]
    condition = {"resourceType": "Condition", "identifier": [{"system": "http://sys-ids.kemkes.go.id/condition/1",
                                                              "value": "c"}],
                 "clinicalStatus": {"coding": [{"system": satusehat.CONDITION_CLINICAL, "code": "active"}]},
                 "category": [{"text": "x"}], "code": {"coding": [{"system": satusehat.ICD10, "code": "A15-A19"}]},
                 "subject": {"reference": "Patient/P1"}}
    assert paths(condition) == ["code"]
    immunization = {"resourceType": "Immunization", "status": "completed",
                    "identifier": [{"system": "http://sys-ids.kemkes.go.id/immunization/1", "value": "i"}],
                    "vaccineCode": {"coding": [{"system": "urn:siklus:dose", "code": "BCG"}]},
                    "patient": {"reference": "Patient/P1"}, "occurrenceDateTime": "2025-03-01",
                    "protocolApplied": [{"doseNumberPositiveInt": 1}]}
    assert paths(immunization) == ["vaccineCode"]


def test_the_conventions_that_are_not_verified_are_settings():
    from siklus.rules import config

    names = {s.name for s in config.declared()}
    assert {"satusehat.vaccine_codes", "satusehat.identifier_systems", "satusehat.encounter_class",
            "satusehat.interpretations", "satusehat.questionnaires", "satusehat.referral_code"} <= names
    assert satusehat.administrative_codes("62.02.01.2003", "1", "2") == {
        "province": "62", "city": "6202", "district": "620201", "village": "6202012003", "rt": "1", "rw": "2"}
    assert (satusehat.dose_number("HB0"), satusehat.dose_number("DPT-HB-Hib3"), satusehat.dose_number("Td2")) == (0, 3, 2)
