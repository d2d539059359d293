"""care.services: the one place that classifies a value (equal to what siklus.rules say, under the
person's area settings, with rule version and settings signature), and the recording services
(access by policy, validation with Indonesian field messages, atomic save, audit)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from siklus.audit.models import AuditEvent
from siklus.care import services as care
from siklus.care.models import Encounter, Immunization, Observation
from siklus.core.errors import Invalid
from siklus.rules import config, elderly, tb
from siklus.rules.anthropometry import assess_child
from siklus.rules.screening import bloodpressure, metabolic

from ..conftest import DESA, JOB

ADULT = date(1980, 3, 4)
ON = date(2025, 5, 6)


# ----------------------------------------------------------------------------- classification


@pytest.mark.parametrize("sbp, dbp", [(119, 79), (120, 80), (139, 89), (140, 89), (150, 85), (180, 110)])
def test_blood_pressure_is_the_rules_adult_classification(sbp, dbp):
    """ILP.md §4.3 adult table (higher category wins, ISH flag), from 18 years."""
    expected = bloodpressure.classify_adult_bp(sbp, dbp, on=ON)
    for code, value, extra in (("sbp", sbp, care.Extra(dbp=dbp)), ("dbp", dbp, care.Extra(sbp=sbp))):
        found = care.classify(code, value, birth_date=ADULT, sex="L", on=ON, extra=extra)
        assert (found.category, found.label, found.rule_version, found.flags) == (
            expected.code, expected.label, expected.rule_version, expected.flags)
        assert found.rule_settings == "default"


def test_known_hypertension_is_a_control_status_with_the_rules_follow_up():
    plain = care.classify("sbp", 150, birth_date=ADULT, sex="P", on=ON, extra=care.Extra(dbp=95))
    known = care.classify("sbp", 130, birth_date=ADULT, sex="P", on=ON, extra=care.Extra(dbp=80, known_hypertension=True))
    assert plain.follow_up == "refer_puskesmas"
    assert known.follow_up == bloodpressure.classify_adult_bp(130, 80, known_hypertension=True, on=ON).follow_up.code
    assert known.category == care.HT_CONTROLLED


def test_half_a_blood_pressure_is_not_classified():
    assert care.classify("sbp", 150, birth_date=ADULT, sex="L", on=ON) == care.NOT_CLASSIFIED


@pytest.mark.parametrize("code, test, value", [
    ("glucose_fasting", "gdp", 99), ("glucose_fasting", "gdp", 100), ("glucose_fasting", "gdp", 126),
    ("glucose_random", "gds", 99), ("glucose_random", "gds", 150), ("glucose_random", "gds", 200),
    ("hba1c", "hba1c", 6.5),
])
def test_glucose_is_the_rules_classification(code, test, value):
    expected = metabolic.classify_glucose(value, test, on=ON)
    found = care.classify(code, value, birth_date=ADULT, sex="L", on=ON)
    assert (found.category, found.rule_version) == (expected.code, expected.rule_version)


def test_adl_skilas_and_tb_are_the_rules_classification():
    assert care.classify("adl_score", 11, birth_date=ADULT, sex="L", on=ON).category == elderly.classify_adl(11).code
    negative = care.classify("skilas_positive_domains", 0, birth_date=ADULT, sex="L", on=ON)
    assert negative.category == "negatif"
    two = care.classify("skilas_positive_domains", 2, birth_date=ADULT, sex="L", on=ON,
                        extra=care.Extra(skilas_domains=("mobilisasi", "depresi")))
    assert two.category == "positif" and "mobilisasi" in two.label and "depresi" in two.label
    for value, contact in ((1, False), (0, True), (0, False)):
        expected = tb.classify_tb_symptoms(bool(value), close_contact=contact, on=ON)
        found = care.classify("tb_symptoms", value, birth_date=ADULT, sex="L", on=ON,
                              extra=care.Extra(tb_close_contact=contact))
        assert (found.category, found.label) == (expected.code, expected.label)


def test_skilas_count_must_match_the_domains_named():
    with pytest.raises(ValueError):
        care.classify("skilas_positive_domains", 2, birth_date=ADULT, sex="L", on=ON,
                      extra=care.Extra(skilas_domains=("depresi",)))
    with pytest.raises(ValueError):
        care.classify("skilas_positive_domains", 1, birth_date=ADULT, sex="L", on=ON)


def test_growth_statuses_are_the_rules_assessment_of_the_child():
    """Permenkes 2/2020 via rules.anthropometry.assess_child: BB/U, PB/U, LiLA, BB/PB."""
    birth, on = date(2024, 1, 10), date(2025, 2, 20)
    child = assess_child("P", birth_date=birth, visit_date=on, weight_kg=7.1, lenhei_cm=70.2, measure="l", muac_cm=12.0)
    kw = dict(birth_date=birth, sex="P", on=on)
    weight = care.classify("weight", 7.1, extra=care.Extra(lenhei_cm=70.2, measure="l", muac_cm=12.0), **kw)
    length = care.classify("length_height", 70.2, method="l", extra=care.Extra(weight_kg=7.1), **kw)
    muac = care.classify("muac", 12.0, **kw)
    assert (weight.category, weight.label, weight.rule_version) == (
        child.statuses["bb_u"].code, child.statuses["bb_u"].label, child.version)
    assert length.category == child.statuses["tb_u"].code
    assert muac.category == child.statuses["lila"].code
    zwfl = care.classify("zwfl", child.zscores.zwfl, **kw)
    assert zwfl.category == child.statuses["bb_tb"].code


def test_bulk_growth_gives_what_classify_gives_value_by_value():
    rows = [care.GrowthInput(sex=sex, birth_date=date(2023, 1, 1) + timedelta(days=37 * k), on=date(2025, 6, 1),
                             area=DESA["A"], weight_kg=6 + k * 0.7, lenhei_cm=62 + k * 2.1,
                             measure="l" if k < 8 else "h", muac_cm=11 + 0.3 * k if k % 2 else None)
            for k, sex in enumerate("LP" * 8)]
    bulk = care.classify_growth(rows)
    for row, result in zip(rows, bulk):
        kw = dict(birth_date=row.birth_date, sex=row.sex, on=row.on, area=row.area)
        assert result.weight == care.classify("weight", row.weight_kg, extra=care.Extra(
            lenhei_cm=row.lenhei_cm, measure=row.measure, muac_cm=row.muac_cm), **kw)
        assert result.length_height == care.classify("length_height", row.lenhei_cm, method=row.measure,
                                                     extra=care.Extra(weight_kg=row.weight_kg), **kw)
        if row.muac_cm is not None:
            assert result.muac == care.classify("muac", row.muac_cm, **kw)
        if result.zwfl_value is not None:
            assert result.zwfl == care.classify("zwfl", result.zwfl_value, **kw)
    assert {r.weight.category for r in bulk} and all(r.weight.rule_settings == "default" for r in bulk)


def test_the_settings_signature_of_the_area_is_stored_beside_the_version():
    """A kabupaten that overrides a rule setting gets its own signature (ILP issue #8 item 5)."""
    before = config.configured()
    try:
        config.configure({}, {"62.02.01": {"screening.adult_bp_from_years": 17}})
        inside = care.classify("sbp", 150, birth_date=ADULT, sex="L", on=ON, extra=care.Extra(dbp=90), area=DESA["A"])
        outside = care.classify("sbp", 150, birth_date=ADULT, sex="L", on=ON, extra=care.Extra(dbp=90), area=DESA["C"])
        assert inside.rule_settings == config.signature(DESA["A"]) != "default"
        assert outside.rule_settings == "default"
        assert config.explain(inside.rule_settings) == {"screening.adult_bp_from_years": 17}
    finally:
        config.configure(*before)


def test_an_unknown_code_is_refused():
    with pytest.raises(KeyError):
        care.classify("berat", 3, birth_date=ADULT, sex="L", on=ON)


# ------------------------------------------------------------------------------------ recording


def observation(person, code="sbp", value=150, **kw):
    kw.setdefault("extra", care.Extra(dbp=95))
    kw.setdefault("on", ON)
    return care.ObservationInput(person=person, code=code, value=value, **kw)


def test_a_kader_records_an_observation_of_their_desa_classified_and_audited(world):
    a = world["A"]
    kader = a.users["kader"]
    saved = care.record_observation(kader, observation(a.mother))
    expected = bloodpressure.classify_adult_bp(150, 95, on=ON)
    saved.refresh_from_db()
    assert (saved.category, saved.rule_version, saved.rule_settings) == (expected.code, expected.rule_version, "default")
    assert (saved.unit, saved.created_by, saved.area_code) == ("mmHg", kader, a.mother.area_code)
    event = AuditEvent.objects.get(action="create", model="observation", object_id=str(saved.pk))
    assert event.user == kader and event.changes["category"] == expected.code


@pytest.mark.parametrize("who", ["nobody", "other_desa_kader", "dinkes"])
def test_recording_is_refused_without_an_actor_out_of_area_and_for_dinkes(world, who):
    actor = {"nobody": None, "other_desa_kader": world["B"].users["kader"], "dinkes": world["A"].users["dinkes_kab"]}[who]
    person = world["A"].mother
    with pytest.raises(PermissionError):
        care.record_observation(actor, observation(person))
    with pytest.raises(PermissionError):
        care.record_encounter(actor, care.EncounterInput(person=person, on=ON, kind="skrining", place="posyandu"))
    with pytest.raises(PermissionError):
        care.record_immunization(actor, care.ImmunizationInput(person=world["A"].child, dose="BCG",
                                                               given_on=date(2025, 3, 1)))
    assert not Observation.objects.exists() and not Encounter.objects.exists() and not Immunization.objects.exists()


@pytest.mark.parametrize("changes, field, words", [
    (dict(code="glucose_fasting", value=120, unit="mmol/L", extra=care.Extra()), "unit", "mg/dL"),
    (dict(code="glucose_fasting", value=15, extra=care.Extra()), "value", "mmol/L"),  # C6 unit slip
    (dict(code="weight", value=3200, extra=care.Extra()), "value", "gram"),
    (dict(code="sbp", value=400), "value", "rentang wajar"),
    (dict(code="adl_score", value=12.5, extra=care.Extra()), "value", "bilangan bulat"),
    (dict(code="length_height", value=80, method="duduk", extra=care.Extra()), "method", "duduk"),
    (dict(code="berat", value=3), "code", "tidak dikenal"),
    (dict(on=date(1989, 12, 31)), "on", "tanggal lahir"),
])
def test_bad_input_gets_a_field_message_and_nothing_is_saved(world, changes, field, words):
    a = world["A"]
    with pytest.raises(Invalid) as error:
        care.record_observation(a.users["pustu"], observation(a.mother, **changes))
    assert field in error.value.errors and words in " ".join(error.value.errors[field])
    assert not Observation.objects.exists() and not AuditEvent.objects.filter(model="observation").exists()


def test_a_future_date_is_refused(world):
    a = world["A"]
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(Invalid) as error:
        care.record_observation(a.users["kader"], observation(a.mother, on=tomorrow))
    assert "masa depan" in error.value.errors["on"][0]
    with pytest.raises(Invalid):
        care.record_immunization(a.users["pustu"], care.ImmunizationInput(person=a.child, dose="BCG", given_on=tomorrow))
    assert not Observation.objects.exists() and not Immunization.objects.exists()


def test_a_confirmed_low_glucose_is_recorded(world):
    """C6: 20–35 mg/dL is both a plausible severe hypoglycaemia and a mmol/L slip: refused until confirmed."""
    a = world["A"]
    with pytest.raises(Invalid):
        care.record_observation(a.users["pustu"], observation(a.mother, code="glucose_random", value=30, extra=care.Extra()))
    saved = care.record_observation(a.users["pustu"], observation(
        a.mother, code="glucose_random", value=30, extra=care.Extra(unit_confirmed=True)))
    assert saved.category == metabolic.classify_glucose(30, "gds", on=ON, unit_confirmed=True).code


def test_encounter_and_immunization_are_recorded_and_audited(world):
    a = world["A"]
    kader = a.users["pustu"]
    visit = care.record_encounter(kader, care.EncounterInput(person=a.child, on=date(2025, 4, 3), kind="imunisasi",
                                                            place="posyandu", facility=a.posyandu, klaster=2))
    dose = care.record_immunization(kader, care.ImmunizationInput(person=a.child, dose="DPT-HB-Hib1",
                                                                  given_on=date(2025, 4, 3), encounter=visit,
                                                                  facility=a.posyandu, batch=" B123 "))
    assert (visit.area_code, dose.area_code, dose.batch, dose.created_by) == (a.child.area_code,) * 2 + ("B123", kader)
    for obj in (visit, dose):
        assert AuditEvent.objects.filter(action="create", object_id=str(obj.pk), user=kader).exists()


def test_unknown_encounter_kind_place_and_dose_are_refused(world):
    a = world["A"]
    with pytest.raises(Invalid) as error:
        care.record_encounter(a.users["kader"], care.EncounterInput(person=a.child, on=ON, kind="arisan", place="pasar"))
    assert set(error.value.errors) == {"kind", "place"}
    with pytest.raises(Invalid) as error:
        care.record_immunization(a.users["pustu"], care.ImmunizationInput(person=a.child, dose="BCG2", given_on=ON))
    assert "BCG2" in error.value.errors["dose"][0]
    assert not Encounter.objects.exists() and not Immunization.objects.exists()


def test_an_observation_of_another_persons_visit_is_refused(world):
    a = world["A"]
    visit = care.record_encounter(JOB, care.EncounterInput(person=a.child, on=ON, kind="posyandu", place="posyandu"))
    with pytest.raises(Invalid) as error:
        care.record_observation(a.users["kader"], observation(a.mother, encounter=visit))
    assert "encounter" in error.value.errors


def test_the_system_actor_records_with_its_user(world):
    a = world["A"]
    saved = care.record_observation(JOB, observation(a.mother, code="tb_symptoms", value=1, extra=care.Extra()))
    assert saved.category == "terduga_tbc" and saved.created_by is None
    assert AuditEvent.objects.get(object_id=str(saved.pk)).username == "system:test"


def test_a_setting_changed_between_two_calls_changes_the_result():
    """Results are memoised on the settings signature: the same value classified before, inside and
    after an override follows the setting each time (a 17-year-old's BP: child table below 18 by
    default, the adult table when screening.adult_bp_from_years is 17)."""
    teen, kw = date(2008, 1, 1), dict(sex="L", on=ON, extra=care.Extra(dbp=75))
    default = care.classify("sbp", 125, birth_date=teen, **kw)
    with config.override(**{"screening.adult_bp_from_years": 17}):
        adult = care.classify("sbp", 125, birth_date=teen, **kw)
    again = care.classify("sbp", 125, birth_date=teen, **kw)
    assert default.category == again.category == bloodpressure.classify_child_bp(125, 75, 17, "L", on=ON).code
    assert adult.category == bloodpressure.classify_adult_bp(125, 75, on=ON).code != default.category
    assert adult.rule_settings != default.rule_settings == "default"
