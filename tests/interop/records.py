"""One care record of every kind SATUSEHAT takes, recorded through the care services for the
world's place A: the mother (with NIK) and her child (without: identified by the mother's NIK)."""

from dataclasses import dataclass
from datetime import date

from tests.conftest import JOB


@dataclass
class Recorded:
    encounter: object
    child_encounter: object
    observations: list
    immunization: object
    condition: object
    questionnaire: object
    referral: object

    def all(self) -> list:
        return [self.encounter, self.child_encounter, *self.observations, self.immunization, self.condition,
                self.questionnaire, self.referral]


def record_everything(place, on: date = date(2025, 3, 1)) -> Recorded:
    from siklus.care import services as care

    mother, child = place.mother, place.child
    nakes = place.users["pustu"]
    visit = care.record_encounter(JOB, care.EncounterInput(person=mother, on=on, kind="skrining", place="posyandu",
                                                           facility=place.posyandu, served_by=nakes, klaster=3))
    child_visit = care.record_encounter(JOB, care.EncounterInput(person=child, on=on, kind="posyandu",
                                                                 place="posyandu", facility=place.posyandu))
    observations = care.record_measurements(JOB, care.MeasurementsInput(
        person=child, on=on, encounter=child_visit, weight_kg=5.1, lenhei_cm=56.0, measure="l"))
    observations += care.record_measurements(JOB, care.MeasurementsInput(
        person=mother, on=on, encounter=visit, sbp=150, dbp=95, muac_cm=22.0))
    dose = care.record_immunization(JOB, care.ImmunizationInput(person=child, dose="BCG", given_on=on,
                                                                encounter=child_visit, facility=place.posyandu,
                                                                batch="B123"))
    condition = care.record_condition(JOB, care.ConditionInput(person=mother, since=on, code="hipertensi", icd10="I10"))
    answers = {str(i): i in (1, 2, 3) for i in range(1, 21)}
    questionnaire = care.record_questionnaire(JOB, care.QuestionnaireInput(person=mother, on=on, instrument="srq20",
                                                                           answers=answers, encounter=visit))
    referral = care.record_referral(JOB, care.ReferralInput(person=child, on=on, reason="Berat badan sangat kurang",
                                                            to_facility=place.pustu, from_facility=place.posyandu,
                                                            encounter=child_visit))
    return Recorded(visit, child_visit, observations, dose, condition, questionnaire, referral)
