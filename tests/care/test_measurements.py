"""A measurement set at once (issue #11 items 3, 4): a Posyandu grid row or a Klaster 3 screening.
Children's values are classified together (weight with length, the weight-for-length z-score
stored as ``zwfl``), an adult's IMT as ``bmi``, BP as a pair (systolic ≤ diastolic refused), glucose
through the unit guard, a known hypertensive's or diabetic's reading as control status; surprising
values are confirmed, impossible ones refused. The preview gives the same feedback without saving."""

import uuid
from datetime import date

import pytest

from siklus.audit.models import AuditEvent
from siklus.care import services as care
from siklus.care.models import Condition, Observation
from siklus.core.errors import Conflict, Invalid
from siklus.rules.anthropometry import Weighing, assess_child, judge
from siklus.rules.screening import bloodpressure

ON = date(2026, 11, 2)
CHILD_ON = date(2025, 10, 1)  # the world's child (born 3 February 2025) is 7 months 28 days old


def measure(world, role="kader", who="child", **values):
    a = world["A"]
    person = getattr(a, who)
    values.setdefault("on", CHILD_ON if who == "child" else ON)
    return care.record_measurements(a.users[role], care.MeasurementsInput(person=person, **values))


def test_a_posyandu_row_stores_each_value_classified_together_with_the_zwfl(world):
    saved = measure(world, weight_kg=7.9, lenhei_cm=68.5, measure="l", muac_cm=14.1, headc_cm=43.0)
    assert [o.code for o in saved] == ["weight", "length_height", "zwfl", "muac", "head_circumference"]
    child = assess_child("L", birth_date=date(2025, 2, 3), visit_date=CHILD_ON, weight_kg=7.9, lenhei_cm=68.5,
                         measure="l", muac_cm=14.1, headc_cm=43.0)
    by_code = {o.code: o for o in saved}
    assert by_code["weight"].category == child.statuses["bb_u"].code
    assert by_code["length_height"].category == child.statuses["tb_u"].code
    assert by_code["zwfl"].value == pytest.approx(child.zscores.zwfl) and by_code["zwfl"].unit == "z"
    assert by_code["zwfl"].category == child.statuses["bb_tb"].code
    assert by_code["length_height"].method == "l"
    assert AuditEvent.objects.filter(action="create", model="observation").count() == 5


def test_an_adult_screening_stores_bp_as_a_pair_imt_waist_and_glucose(world):
    saved = measure(world, who="mother", weight_kg=70, lenhei_cm=155, waist_cm=88, sbp=150, dbp=95,
                    glucose_mg_dl=210, glucose_method="glukometer", hb_g_dl=11.5)
    by_code = {o.code: o for o in saved}
    assert set(by_code) == {"weight", "length_height", "bmi", "waist", "sbp", "dbp", "glucose_random", "hb"}
    expected = bloodpressure.classify_adult_bp(150, 95, on=ON)
    assert by_code["sbp"].category == by_code["dbp"].category == expected.code
    assert by_code["bmi"].value == pytest.approx(29.1) and by_code["bmi"].category == "obesitas_1"
    assert by_code["glucose_random"].category == "hiperglikemia" and by_code["glucose_random"].method == "glukometer"
    assert by_code["hb"].category == "anemia"  # a woman: Hb below 12


def test_systolic_not_above_diastolic_is_refused_at_sbp(world):
    with pytest.raises(Invalid) as error:
        measure(world, who="mother", sbp=80, dbp=90, weight_kg=60)
    assert list(error.value.errors) == ["sbp"] and "lebih tinggi" in error.value.errors["sbp"][0]
    with pytest.raises(Invalid) as error:
        measure(world, who="mother", sbp=120)
    assert "dbp" in error.value.errors
    assert not Observation.objects.exists()


def test_every_problem_of_the_row_comes_at_once_at_its_field(world):
    with pytest.raises(Invalid) as error:
        measure(world, who="mother", weight_kg=65000, lenhei_cm=1.55, glucose_mg_dl=7.2, measure="x", waist_cm=400)
    assert set(error.value.errors) == {"weight_kg", "lenhei_cm", "glucose_mg_dl", "measure", "waist_cm"}
    assert "gram" in error.value.errors["weight_kg"][0] and "mmol/L" in error.value.errors["glucose_mg_dl"][0]


def test_an_empty_row_is_refused(world):
    with pytest.raises(Invalid):
        measure(world, who="mother")


def test_a_300_kg_baby_is_refused_even_when_confirmed(world):
    with pytest.raises(Invalid) as error:
        measure(world, weight_kg=300, confirm=("z_weight",))
    assert "Tidak mungkin" in error.value.errors["weight_kg"][0]


def test_a_surprising_child_value_is_stored_after_confirmation_and_stays_flagged(world):
    with pytest.raises(Invalid) as error:
        measure(world, weight_kg=16, lenhei_cm=69, measure="l")
    assert {w.code for w in error.value.extra["warnings"]} == {"z_weight"}
    assert not Observation.objects.exists()
    saved = measure(world, weight_kg=16, lenhei_cm=69, measure="l", confirm=("z_weight",))
    by_code = {o.code: o for o in saved}
    assert by_code["weight"].confirmed_warnings == ["z_weight"] and by_code["length_height"].confirmed_warnings == []


def test_a_baby_under_9_months_measured_standing_is_asked_to_lie_down(world):
    """ILP.md §0.1 C9: the warning is kept, not dropped."""
    with pytest.raises(Invalid) as error:
        measure(world, weight_kg=7.9, lenhei_cm=68.5, measure="h")
    assert [w.code for w in error.value.extra["warnings"]] == ["measure_lying"]
    assert "berbaring" in error.value.errors["lenhei_cm"][0]


def test_a_glucose_slip_is_confirmed_and_flagged(world):
    with pytest.raises(Invalid) as error:
        measure(world, who="mother", glucose_mg_dl=28)
    assert error.value.extra["warnings"][0].code == "unit_slip"
    saved = measure(world, who="mother", glucose_mg_dl=28, confirm=("unit_slip",))
    assert saved[0].confirmed_warnings == ["unit_slip"]


def test_a_date_before_birth_or_in_the_future_is_refused(world):
    for day in (date(2025, 1, 1), date(2030, 1, 1)):
        with pytest.raises(Invalid) as error:
            measure(world, weight_kg=7, on=day)
        assert "on" in error.value.errors


def test_known_conditions_make_the_readings_control_statuses(world):
    a = world["A"]
    for code in ("hipertensi", "diabetes"):
        care.record_condition(a.users["pustu"], care.ConditionInput(person=a.mother, code=code, since=date(2024, 1, 5)))
    saved = measure(world, who="mother", sbp=132, dbp=84, glucose_mg_dl=260, glucose_test="glucose_fasting")
    by_code = {o.code: o for o in saved}
    assert by_code["sbp"].category == "ht_terkendali" and by_code["glucose_fasting"].category == "dm_tidak_terkendali"


def test_a_pregnant_womans_lila_is_judged_for_kek(world):
    a = world["A"]
    a.mother.birth_date = date(1975, 1, 1)  # 51: no longer WUS, so only the pregnancy makes it KEK
    a.mother.save()
    saved = measure(world, who="mother", muac_cm=22)
    assert saved[0].category == ""
    care.record_pregnancy(a.users["pustu"], care.PregnancyInput(person=a.mother, hpht=date(2026, 8, 1)))
    saved = measure(world, who="mother", muac_cm=22, on=date(2026, 11, 3))
    assert saved[0].category == "kek"


def test_a_measurement_set_sent_again_is_stored_once(world):
    ids = {"weight": uuid.uuid4(), "length_height": uuid.uuid4()}
    first = measure(world, weight_kg=7.9, lenhei_cm=68.5, measure="l", ids=ids)
    again = measure(world, weight_kg=7.9, lenhei_cm=68.5, measure="l", ids=ids)
    assert [o.pk for o in again] == [o.pk for o in first]  # the derived zwfl too, answered as the first time
    assert {ids["weight"], ids["length_height"]} < {o.pk for o in again}
    assert all(care.is_resend(o) for o in again) and not any(care.is_resend(o) for o in first)
    assert Observation.objects.count() == 3  # with the zwfl, whose id follows the weight's
    with pytest.raises(Conflict):
        measure(world, weight_kg=8.1, lenhei_cm=68.5, measure="l", ids=ids)


def test_a_kader_of_another_desa_may_not_measure(world):
    b = world["B"]
    with pytest.raises(PermissionError):
        care.record_measurements(b.users["kader"], care.MeasurementsInput(person=world["A"].child, on=CHILD_ON,
                                                                          weight_kg=7.9))


# ------------------------------------------------------------------------------------ preview


def test_the_preview_saves_nothing_and_gives_each_values_classification(world):
    a = world["A"]
    preview = care.preview_measurements(a.child, CHILD_ON, weight_kg=7.9, lenhei_cm=68.5, measure="l", earlier=[])
    assert not Observation.objects.exists() and not AuditEvent.objects.filter(model="observation").exists()
    assert preview.value("weight").z is not None and preview.value("zwfl") is not None
    assert preview.growth.code == "B" and preview.errors == {}


def test_the_preview_judges_the_weighing_against_the_earlier_ones(world):
    a = world["A"]
    earlier = [Weighing(date(2025, 9, 1), 8.0)]
    preview = care.preview_measurements(a.child, CHILD_ON, weight_kg=7.9, earlier=earlier)
    expected = judge("L", date(2025, 2, 3), [*earlier, Weighing(CHILD_ON, 7.9)])[-1]
    assert (preview.growth.code, preview.growth.gain_g) == (expected.code, expected.gain_g) == ("T", -100)
    assert preview.refer and "Berat badan tidak naik (T)" in preview.reasons


def test_a_wasted_child_is_referred_even_when_the_weight_went_up(world):
    """Juknis ILP: gizi kurang/buruk goes to the Puskesmas team whatever the gain (ILP.md §5.5)."""
    a = world["A"]
    preview = care.preview_measurements(a.child, CHILD_ON, weight_kg=7.2, lenhei_cm=76, measure="l",
                                        earlier=[Weighing(date(2025, 9, 1), 6.8)])
    wasting = preview.value("zwfl").classification
    assert preview.growth.code == "N" and wasting.category in ("severely_wasted", "wasted")
    assert preview.refer and wasting.label in preview.reasons


def test_the_preview_reads_the_earlier_weighings_from_the_database(world):
    measure(world, weight_kg=7.4, on=date(2025, 9, 2))
    preview = care.preview_measurements(world["A"].child, CHILD_ON, weight_kg=7.9)
    assert preview.growth.code == "N" and preview.growth.gain_g == 500


def test_the_preview_shows_kek_bp_and_why_to_refer(world):
    a = world["A"]
    preview = care.preview_measurements(a.mother, ON, muac_cm=22, sbp=165, dbp=100)
    assert preview.kek.category == "kek" and preview.bp.category == bloodpressure.classify_adult_bp(165, 100).code
    assert preview.refer and any("KEK" in r for r in preview.reasons)


def test_the_preview_returns_problems_instead_of_raising(world):
    preview = care.preview_measurements(world["A"].mother, ON, sbp=80, dbp=90)
    assert "sbp" in preview.errors and not preview.refer


def test_the_preview_uses_the_known_conditions_given(world):
    preview = care.preview_measurements(world["A"].mother, ON, sbp=128, dbp=80, conditions={"hipertensi"},
                                        pregnant=False)
    assert preview.bp.category == "ht_terkendali"
    assert not Condition.objects.exists()
