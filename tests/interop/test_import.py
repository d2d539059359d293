"""FHIR import (issue #15 item 3): Patients and their Immunizations from a Bundle, through the
registry's checks; a possible duplicate is reported with its candidates and nothing is merged."""

import json
from datetime import date

import pytest
from django.core.management import call_command

from siklus.care.models import Immunization
from siklus.interop import services
from siklus.people.models import Person
from siklus.rules import satusehat
from tests.conftest import JOB, nik_for


def patient(full_url, name, birth, sex, *, nik="", nik_ibu="", village="6202012003", line="Jalan Kenanga 4"):
    ids = [{"system": satusehat.NIK, "value": nik}] if nik else []
    if nik_ibu:
        ids.append({"system": satusehat.NIK_IBU, "value": nik_ibu})
    return {"fullUrl": full_url, "resource": {
        "resourceType": "Patient", "identifier": ids, "name": [{"text": name}], "gender": sex, "birthDate": birth,
        "address": [{"line": [line], "extension": [{"url": satusehat.ADMINISTRATIVE_CODE, "extension": [
            {"url": "province", "valueCode": village[:2]}, {"url": "city", "valueCode": village[:4]},
            {"url": "district", "valueCode": village[:6]}, {"url": "village", "valueCode": village},
            {"url": "rt", "valueCode": "3"}, {"url": "rw", "valueCode": "1"}]}]}]}}


def dose(patient_url, code, given, ident):
    return {"fullUrl": f"urn:uuid:{ident}", "resource": {
        "resourceType": "Immunization", "status": "completed", "identifier": [{"system": "urn:asik", "value": ident}],
        "vaccineCode": {"coding": [{"system": "urn:siklus:dose", "code": code}]},
        "patient": {"reference": patient_url}, "occurrenceDateTime": given,
        "protocolApplied": [{"doseNumberPositiveInt": 1}]}}


@pytest.fixture
def bundle(world):
    mother_nik = nik_for("62.02.01.2003", date(1995, 4, 12), "P", 77)
    return {"resourceType": "Bundle", "type": "collection", "entry": [
        patient("urn:uuid:b", "Bayi Kenanga", "2025-01-10", "male", nik_ibu=mother_nik),
        patient("urn:uuid:m", "Sari Kenanga", "1995-04-12", "female", nik=mother_nik),
        dose("urn:uuid:b", "HB0", "2025-01-10", "d1"),
        dose("urn:uuid:b", "BCG", "2025-02-01", "d2"),
        # A duplicate of the world's mother: same name and birth date in the same desa, no NIK given.
        patient("urn:uuid:x", world["A"].mother.name, "1990-07-01", "female"),
        # The world's mother again, by NIK.
        patient("urn:uuid:y", "Ibu Dengan NIK", "1990-07-01", "female", nik=world["A"].mother.nik),
        # Outside the Puskesmas' area.
        patient("urn:uuid:z", "Warga Lain", "1980-01-01", "male", village="6201011011"),
    ]}


def test_patients_and_their_doses_are_registered_and_duplicates_only_reported(world, bundle):
    nakes = world["A"].users["nakes"]
    report = services.import_bundle(nakes, bundle)
    by_name = {p.label: p for p in report.patients}
    mother = by_name["Sari Kenanga"]
    baby = by_name["Bayi Kenanga"]
    assert mother.status == "created" and baby.status == "created"
    assert mother.person.relation == "kepala" and mother.person.household.rt == "003"
    # The newborn joins the mother's household as her child, identified by her NIK.
    assert baby.person.mother == mother.person and baby.person.household == mother.person.household
    assert baby.immunizations == 2
    assert set(Immunization.objects.filter(person=baby.person).values_list("dose", flat=True)) == {"HB0", "BCG"}
    duplicate = by_name[world["A"].mother.name]
    assert duplicate.status == "duplicate" and duplicate.candidates == [world["A"].mother]
    same_nik = by_name["Ibu Dengan NIK"]
    assert same_nik.status == "exists" and same_nik.candidates == [world["A"].mother]
    assert by_name["Warga Lain"].status == "error"
    assert Person.objects.filter(name__in=["Ibu Dengan NIK", "Warga Lain"]).count() == 0
    assert Person.objects.filter(name=world["A"].mother.name).count() == 1  # nothing merged, nothing added


def test_importing_the_same_file_twice_adds_nothing(world, bundle):
    nakes = world["A"].users["nakes"]
    services.import_bundle(nakes, bundle)
    persons, doses = Person.objects.count(), Immunization.objects.count()
    again = services.import_bundle(nakes, bundle)
    assert again.count("created") == 0 and (Person.objects.count(), Immunization.objects.count()) == (persons, doses)


def test_a_kader_may_import_people_but_not_doses(world, bundle):
    report = services.import_bundle(world["A"].users["kader"], bundle)
    baby = next(p for p in report.patients if p.label == "Bayi Kenanga")
    assert baby.status == "created" and baby.immunizations == 0 and len(baby.messages) == 2


def test_the_import_command(world, bundle, tmp_path, capsys):
    path = tmp_path / "pasien.json"
    path.write_text(json.dumps(bundle))
    call_command("fhir", "import", str(path))
    out = capsys.readouterr().out
    # The operator imports anywhere: the patient of desa C is registered too.
    assert "3 pasien baru, 2 imunisasi, 2 kemungkinan duplikat dilaporkan, 0 ditolak." in out


def test_a_bundle_exported_by_siklus_imports_into_another_siklus(world):
    from django.utils import timezone

    from tests.interop.records import record_everything

    record_everything(world["A"], on=date(2025, 3, 1))
    exported = services.export_bundle(JOB, world["A"].desa.code, with_patients=True)
    Person.objects.filter(pk=world["A"].child.pk).update(voided_at=timezone.now(), nik=None)
    report = services.import_bundle(world["A"].users["nakes"], exported)
    statuses = {p.label: p.status for p in report.patients}
    assert statuses[world["A"].mother.name] == "exists"
