"""Encounters, single observations and immunizations (issue #11 item 2, addendum): who may record
what, the new fields, coded answers, confirmable warnings, and the immunization refusals (a dose
given before, an age the Buku KIA windows do not allow, too soon after the previous dose) with
messages that name the dose and the age."""

from datetime import date

import pytest

from siklus.audit.models import AuditEvent
from siklus.care import services as care
from siklus.care.models import Encounter, Immunization, Observation
from siklus.core.errors import Invalid

ON = date(2026, 11, 2)


# ---------------------------------------------------------------------------------- encounters


def test_an_encounter_keeps_who_served_the_complaint_and_the_note(world):
    a = world["A"]
    visit = care.record_encounter(a.users["pustu"], care.EncounterInput(
        person=a.mother, on=ON, kind="pengobatan", place="pustu", facility=a.pustu, served_by=a.users["pustu"],
        complaint=" Batuk 3 minggu ", note="Dahak diperiksa"))
    visit.refresh_from_db()
    assert (visit.served_by, visit.complaint, visit.note) == (a.users["pustu"], "Batuk 3 minggu", "Dahak diperiksa")
    event = AuditEvent.objects.get(action="create", object_id=str(visit.pk))
    assert event.changes["complaint"] == "Batuk 3 minggu" and event.changes["served_by"] == a.users["pustu"].pk


def test_an_emergency_contact_needs_a_triage_colour(world):
    a = world["A"]
    kw = dict(person=a.mother, on=ON, kind="gawat_darurat", place="puskesmas")
    with pytest.raises(Invalid) as error:
        care.record_encounter(a.users["nakes"], care.EncounterInput(**kw))
    assert "triage" in error.value.errors
    with pytest.raises(Invalid) as error:
        care.record_encounter(a.users["nakes"], care.EncounterInput(**kw, triage="ungu"))
    assert "tidak dikenal" in error.value.errors["triage"][0]
    assert care.record_encounter(a.users["nakes"], care.EncounterInput(**kw, triage="merah")).triage == "merah"


def test_who_served_must_work_for_the_person(world):
    a, b = world["A"], world["B"]
    with pytest.raises(Invalid) as error:
        care.record_encounter(a.users["pustu"], care.EncounterInput(person=a.mother, on=ON, kind="pengobatan",
                                                                   place="pustu", served_by=b.users["pustu"]))
    assert "served_by" in error.value.errors


def test_a_kader_records_posyandu_and_home_visits_but_not_a_clinic_contact(world):
    a = world["A"]
    kader = a.users["kader"]
    for kind, place in (("posyandu", "posyandu"), ("kunjungan_rumah", "rumah"), ("skrining", "posyandu")):
        care.record_encounter(kader, care.EncounterInput(person=a.mother, on=ON, kind=kind, place=place))
    for kind in ("anc", "pengobatan", "gawat_darurat", "kontrol_tbc", "gigi", "laboratorium"):
        with pytest.raises(PermissionError):
            care.record_encounter(kader, care.EncounterInput(person=a.mother, on=ON, kind=kind, place="pustu"))
    assert Encounter.objects.count() == 3


def test_all_field_errors_come_at_once(world):
    a = world["A"]
    with pytest.raises(Invalid) as error:
        care.record_encounter(a.users["pustu"], care.EncounterInput(
            person=a.mother, on=date(1980, 1, 1), kind="anc", place="pasar", klaster=9, complaint="x" * 501))
    assert set(error.value.errors) == {"on", "place", "klaster", "complaint"}


def test_nothing_is_recorded_after_the_persons_death(world):
    a = world["A"]
    a.mother.died_on = date(2026, 10, 1)
    with pytest.raises(Invalid) as error:
        care.record_encounter(a.users["pustu"], care.EncounterInput(person=a.mother, on=ON, kind="anc", place="pustu"))
    assert "meninggal" in error.value.errors["on"][0]


# -------------------------------------------------------------------------------- observations


def test_a_coded_result_is_stored_with_its_answer_and_label(world):
    a = world["A"]
    saved = care.record_observation(a.users["pustu"], care.ObservationInput(
        person=a.mother, on=ON, code="iva", value_code="negatif"))
    saved.refresh_from_db()
    assert (saved.value, saved.value_code, saved.category, saved.category_label) == (None, "negatif", "negatif",
                                                                                      "IVA negatif")


def test_a_coded_result_needs_one_of_its_answers_and_no_number(world):
    a = world["A"]
    with pytest.raises(Invalid) as error:
        care.record_observation(a.users["pustu"], care.ObservationInput(
            person=a.mother, on=ON, code="tcm", value=1, value_code="positif"))
    assert set(error.value.errors) == {"value", "value_code"}
    assert "rifampisin resisten" in error.value.errors["value_code"][0]
    with pytest.raises(Invalid) as error:
        care.record_observation(a.users["pustu"], care.ObservationInput(
            person=a.mother, on=ON, code="waist", value=80, value_code="negatif"))
    assert "value_code" in error.value.errors


def test_laboratory_and_clinical_results_are_a_nakess(world):
    a = world["A"]
    for code, answer in (("iva", "negatif"), ("hiv", "non_reaktif"), ("bta", "negatif")):
        with pytest.raises(PermissionError):
            care.record_observation(a.users["kader"], care.ObservationInput(person=a.mother, on=ON, code=code,
                                                                            value_code=answer))
    with pytest.raises(PermissionError):
        care.record_observation(a.users["kader"], care.ObservationInput(person=a.mother, on=ON, code="dmft", value=3))
    assert not Observation.objects.exists()


def test_a_dental_index_is_a_whole_count_of_teeth(world):
    a = world["A"]
    saved = care.record_observation(a.users["pustu"], care.ObservationInput(person=a.mother, on=ON, code="dmft",
                                                                            value=4))
    assert saved.value == 4
    for value, words in ((33, "rentang wajar"), (2.5, "bulat")):
        with pytest.raises(Invalid) as error:
            care.record_observation(a.users["pustu"], care.ObservationInput(person=a.mother, on=ON, code="dmft",
                                                                            value=value))
        assert words in error.value.errors["value"][0]


def test_a_glucose_that_may_be_mmol_is_a_warning_then_stored_flagged(world):
    a = world["A"]
    data = care.ObservationInput(person=a.mother, on=ON, code="glucose_random", value=30)
    with pytest.raises(Invalid) as error:
        care.record_observation(a.users["kader"], data)
    warnings = error.value.extra["warnings"]
    assert [(w.field, w.code) for w in warnings] == [("value", "unit_slip")] and "mmol/L" in warnings[0].message
    saved = care.record_observation(a.users["kader"], care.ObservationInput(
        person=a.mother, on=ON, code="glucose_random", value=30, confirm=("unit_slip",)))
    saved.refresh_from_db()
    assert saved.confirmed_warnings == ["unit_slip"] and saved.category == "normal"


def test_a_glucose_clearly_in_mmol_is_refused_even_when_confirmed(world):
    a = world["A"]
    with pytest.raises(Invalid) as error:
        care.record_observation(a.users["kader"], care.ObservationInput(
            person=a.mother, on=ON, code="glucose_random", value=7.8, confirm=("unit_slip",)))
    assert "mmol/L" in error.value.errors["value"][0] and "warnings" not in error.value.extra


def test_a_babys_surprising_weight_is_confirmed_and_an_impossible_one_refused(world):
    a = world["A"]  # the child was born 3 February 2025
    on = date(2025, 10, 1)
    with pytest.raises(Invalid) as error:
        care.record_observation(a.users["kader"], care.ObservationInput(person=a.child, on=on, code="weight",
                                                                        value=300))
    assert "Tidak mungkin" in error.value.errors["value"][0] and "7 bulan 28 hari" in error.value.errors["value"][0]
    with pytest.raises(Invalid) as error:
        care.record_observation(a.users["kader"], care.ObservationInput(person=a.child, on=on, code="weight",
                                                                        value=18))
    assert [w.code for w in error.value.extra["warnings"]] == ["z_weight"]
    saved = care.record_observation(a.users["kader"], care.ObservationInput(person=a.child, on=on, code="weight",
                                                                            value=18, confirm=("z_weight",)))
    assert saved.confirmed_warnings == ["z_weight"]


def test_a_result_points_to_its_lab_request_of_the_same_person(world):
    a = world["A"]
    request = care.record_lab_request(a.users["pustu"], care.LabRequestInput(person=a.mother, requested_on=ON,
                                                                            tests=("hb",)))
    with pytest.raises(Invalid) as error:
        care.record_observation(a.users["pustu"], care.ObservationInput(person=a.child, on=ON, code="hb", value=11,
                                                                        lab_request=request))
    assert "lab_request" in error.value.errors


# ------------------------------------------------------------------------------- immunizations


def immunize(world, dose, on, role="pustu"):
    a = world["A"]
    return care.record_immunization(a.users[role], care.ImmunizationInput(person=a.child, dose=dose, given_on=on))


def test_an_immunization_is_a_nakess_record(world):
    with pytest.raises(PermissionError):
        immunize(world, "BCG", date(2025, 2, 10), role="kader")
    assert immunize(world, "BCG", date(2025, 2, 10), role="nakes").dose == "BCG"


@pytest.mark.parametrize("dose, first, second", [("BCG", date(2025, 2, 10), date(2025, 3, 1)),
                                                 ("HB0", date(2025, 2, 3), date(2025, 2, 4))])
def test_a_dose_already_given_is_refused_with_its_date(world, dose, first, second):
    immunize(world, dose, first)
    with pytest.raises(Invalid) as error:
        immunize(world, dose, second)
    message = error.value.errors["dose"][0]
    assert "sudah diberikan" in message and str(first.year) in message
    assert Immunization.objects.filter(dose=dose).count() == 1


def test_a_dose_before_its_age_is_refused_naming_the_dose_and_the_age(world):
    with pytest.raises(Invalid) as error:
        immunize(world, "DPT-HB-Hib1", date(2025, 3, 20))  # 1 month 17 days
    message = error.value.errors["given_on"][0]
    assert "DPT-HB-Hib 1" in message and "1 bulan 17 hari" in message and "paling cepat umur 2 bulan" in message


def test_a_dose_after_its_last_allowed_age_is_refused(world):
    """Rotavirus: last dose no later than 6 months 29 days (ILP.md §0.1 C2)."""
    with pytest.raises(Invalid) as error:
        immunize(world, "RV1", date(2025, 9, 5))  # 7 months 2 days
    message = error.value.errors["given_on"][0]
    assert "batas umur 6 bulan 29 hari sudah lewat" in message and "7 bulan 2 hari" in message


def test_a_dose_before_the_minimum_interval_is_refused(world):
    immunize(world, "DPT-HB-Hib1", date(2025, 5, 5))
    with pytest.raises(Invalid) as error:
        immunize(world, "DPT-HB-Hib2", date(2025, 5, 20))
    message = error.value.errors["given_on"][0]
    assert "DPT-HB-Hib 1" in message and "jarak minimal 1 bulan" in message and "5 Juni 2025" in message
    assert immunize(world, "DPT-HB-Hib2", date(2025, 6, 5)).dose == "DPT-HB-Hib2"


def test_hpv_is_for_girls(world):
    with pytest.raises(Invalid) as error:
        immunize(world, "HPV1", date(2026, 8, 3))
    assert "perempuan" in error.value.errors["dose"][0]


def test_a_late_dose_still_allowed_is_recorded(world):
    """Yellow (terlambat, masih boleh) and pink (kejar) windows are allowed."""
    assert immunize(world, "MR1", date(2026, 1, 10)).dose == "MR1"  # 11 months: white/yellow
    assert immunize(world, "BCG", date(2025, 9, 1)).dose == "BCG"  # 6 months: catch-up window


def test_out_of_area_kader_and_dinkes_are_refused(world):
    a, b = world["A"], world["B"]
    for actor in (b.users["kader"], b.users["pustu"], a.users["dinkes_kab"]):
        with pytest.raises(PermissionError):
            care.record_observation(actor, care.ObservationInput(person=a.mother, on=ON, code="waist", value=80))
