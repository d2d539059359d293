"""A mother and her child with five years of care records of every kind, for the record and page
tests and the page-cost measurement: 60 monthly weighings with their classifications, the infant
and baduta doses, vitamin A, KPSP, KN1–KN3; the mother's pregnancy with K1–K6 and their 10T
values, Td, TTD, the delivery with its birth, KF1–KF4, hypertension with monthly kontrol, a
referral, a lab request, medicines, a TB episode and a case report.

Rows are written directly (as synth does) with the classifications ``care.services`` gives, so
the history can lie in the past relative to any ``today``.
"""

from __future__ import annotations

from datetime import date, timedelta

from siklus.care import services as care
from siklus.care.models import (
    Birth,
    CaseReport,
    Condition,
    Encounter,
    Immunization,
    LabRequest,
    MedicationDispense,
    Observation,
    Pregnancy,
    QuestionnaireResponse,
    Referral,
    Supplement,
    TbCase,
)
from siklus.people import services as people
from siklus.rules.lifecycle import date_at_age

from ..conftest import nik_for

# The infant and baduta doses at their ideal ages (months), two given late.
DOSES = (("HB0", 0), ("BCG", 1), ("OPV1", 1), ("DPT-HB-Hib1", 2), ("OPV2", 2), ("PCV1", 2), ("RV1", 2),
         ("DPT-HB-Hib2", 3), ("OPV3", 3), ("PCV2", 3), ("RV2", 3), ("DPT-HB-Hib3", 4), ("OPV4", 4), ("RV3", 4),
         ("IPV1", 4), ("MR1", 9), ("IPV2", 9), ("PCV3", 12), ("DPT-HB-Hib4", 20), ("MR2", 20))
LATE = {"DPT-HB-Hib4", "MR2"}  # given at 20 months: still white (18–22); made late below for MR1
WEIGHINGS = 60


def _enc(person, on, kind, place, facility, klaster=2, **kw):
    return Encounter.objects.create(area_code=person.area_code, person=person, facility=facility, place=place,
                                    kind=kind, on=on, klaster=klaster, **kw)


def _obs(person, enc, code, value, found=care.NOT_CLASSIFIED, unit="", method=""):
    return Observation(area_code=person.area_code, person=person, encounter=enc, on=enc.on, code=code, value=value,
                       unit=unit, method=method, category=found.category, category_label=found.label[:200],
                       rule_version=found.rule_version)


def build(place, admin, today: date):
    """The child (5 years old on ``today``) and the mother; returns (mother, child)."""
    birth = date_at_age(today, years=-5, days=-10)
    mother = place.mother
    child = people.register_person(admin, people.PersonInput(
        household=place.household, name="Rina Lengkap", sex="P", birth_date=birth, relation="anak",
        mother=mother, nik=nik_for(place.desa.code, birth, "P", 77)))
    pos, pkm = place.posyandu, place.puskesmas

    # The pregnancy: HPHT 280 days before the birth, six ANC contacts with 10T values.
    hpht = birth - timedelta(days=280)
    preg = Pregnancy.objects.create(area_code=mother.area_code, person=mother, hpht=hpht, hpl=birth, gravida=2,
                                    ended_on=birth, outcome="lahir_hidup", place_of_birth="fasyankes",
                                    delivery_facility=pkm, attendant="bidan", mode="spontan")
    observations = []
    for n, week in enumerate((10, 16, 22, 28, 33, 37), 1):
        day = hpht + timedelta(weeks=week)
        doctor = n in (1, 5)
        enc = _enc(mother, day, "anc", "puskesmas" if doctor else "pustu", pkm if doctor else place.pustu,
                   sequence=n, by_doctor=doctor)
        observations += [_obs(mother, enc, "weight", 52 + n, unit="kg"), _obs(mother, enc, "muac", 24.5, unit="cm")]
        bp = care.classify("sbp", 118, birth_date=mother.birth_date, sex="P", on=day, extra=care.Extra(dbp=76))
        observations += [_obs(mother, enc, "sbp", 118, bp, "mmHg"), _obs(mother, enc, "dbp", 76, bp, "mmHg")]
        if n == 1:
            observations.append(_obs(mother, enc, "length_height", 152, unit="cm", method="h"))
            observations.append(_obs(mother, enc, "hb", 11.2, unit="g/dL"))
        Supplement.objects.create(area_code=mother.area_code, person=mother, encounter=enc, kind="ttd",
                                  given_on=day, amount=30)
        if n in (2, 3):
            Immunization.objects.create(area_code=mother.area_code, person=mother, encounter=enc, dose="Td",
                                        given_on=day)
    _enc(mother, birth, "persalinan", "puskesmas", pkm)
    Birth.objects.create(area_code=mother.area_code, pregnancy=preg, child=child, born_on=birth, sex="P",
                         weight_g=3100, length_cm=49, imd=True, vitamin_k1=True, eye_ointment=True)
    for n, days in enumerate((1, 5, 14, 35), 1):
        _enc(mother, birth + timedelta(days=days), "kf", "rumah", None, sequence=n)
    for n, days in enumerate((1, 5, 14), 1):
        _enc(child, birth + timedelta(days=days), "kn", "rumah", None, sequence=n)

    # Sixty monthly weighings at the Posyandu: weight, length/height, head circumference to 2 years.
    rows = []
    for m in range(WEIGHINGS):
        day = date_at_age(birth, months=m, days=12)
        lying = m < 24
        weight = round(3.3 + 0.6 * min(m, 6) + 0.22 * max(0, m - 6) - (0.25 if m == 30 else 0), 1)
        length = round(50 + 2.6 * min(m, 6) + 1.0 * max(0, min(m, 24) - 6) + 0.55 * max(0, m - 24), 1)
        rows.append((day, weight, length, lying, round(35 + 0.9 * min(m, 12) + 0.2 * max(0, m - 12), 1)))
    found = care.classify_growth([care.GrowthInput(sex="P", birth_date=birth, on=d, area=child.area_code, weight_kg=w,
                                                   lenhei_cm=h, measure="l" if lying else "h", headc_cm=hc if d <= date_at_age(birth, years=2) else None)
                                  for d, w, h, lying, hc in rows])
    for m, ((day, weight, length, lying, hc), result) in enumerate(zip(rows, found)):
        enc = _enc(child, day, "posyandu", "posyandu", pos)
        observations += [_obs(child, enc, "weight", weight, result.weight, "kg"),
                         _obs(child, enc, "length_height", length, result.length_height, "cm", "l" if lying else "h")]
        if day <= date_at_age(birth, years=2):
            observations.append(_obs(child, enc, "head_circumference", hc, result.head_circumference, "cm"))
        if result.zwfl_value is not None:
            observations.append(_obs(child, enc, "zwfl", result.zwfl_value, result.zwfl, "z"))
        if day.month in (2, 8) and date_at_age(birth, months=6) <= day:
            kind = "vitamin_a_biru" if day < date_at_age(birth, months=12) else "vitamin_a_merah"
            Supplement.objects.create(area_code=child.area_code, person=child, encounter=enc, kind=kind, given_on=day)
        if m in (3, 6, 9, 12, 15, 18, 21, 24, 30, 36, 42, 48, 54):
            QuestionnaireResponse.objects.create(area_code=child.area_code, person=child, encounter=enc, on=day,
                                                 instrument="kpsp", answers={}, score=10, category="sesuai",
                                                 category_label="Perkembangan sesuai umur")
    for code, months in DOSES:
        day = date_at_age(birth, months=months, days=3 if code != "HB0" else 0)
        if code == "MR1":
            day = date_at_age(birth, months=10, days=5)  # late: yellow
        Immunization.objects.create(area_code=child.area_code, person=child, facility=pos, dose=code, given_on=day)

    # The mother's hypertension: found at a screening two years ago, monthly kontrol since.
    since = today - timedelta(days=730)
    screening = _enc(mother, since, "skrining", "posyandu", pos, klaster=3)
    bp = care.classify("sbp", 152, birth_date=mother.birth_date, sex="P", on=since, extra=care.Extra(dbp=96))
    observations += [_obs(mother, screening, "sbp", 152, bp, "mmHg"), _obs(mother, screening, "dbp", 96, bp, "mmHg")]
    Condition.objects.create(area_code=mother.area_code, person=mother, code="hipertensi", icd10="I10", since=since)
    for k in range(1, 24):
        day = since + timedelta(days=30 * k)
        enc = _enc(mother, day, "kontrol", "posyandu", pos, klaster=3)
        bp = care.classify("sbp", 138, birth_date=mother.birth_date, sex="P", on=day,
                           extra=care.Extra(dbp=88, known_hypertension=True))
        observations += [_obs(mother, enc, "sbp", 138, bp, "mmHg"), _obs(mother, enc, "dbp", 88, bp, "mmHg")]
        MedicationDispense.objects.create(area_code=mother.area_code, person=mother, encounter=enc, on=day,
                                          medicine="Amlodipin 5 mg", quantity=30, unit="tablet",
                                          instructions="1 x sehari")
    Observation.objects.bulk_create(observations)

    # A referral still open, a lab request, a TB episode in treatment and a case report of the child.
    ref_day = today - timedelta(days=20)
    enc = _enc(mother, ref_day, "pengobatan", "pustu", place.pustu, klaster=3, complaint="Pusing berulang")
    Referral.objects.create(area_code=mother.area_code, person=mother, encounter=enc, on=ref_day,
                            from_facility=place.pustu, to_facility=pkm, reason="Tekanan darah tidak terkendali",
                            urgency="segera")
    LabRequest.objects.create(area_code=mother.area_code, person=mother, encounter=enc, requested_on=ref_day,
                              tests=["cholesterol_total", "creatinine"], specimen="darah")
    TbCase.objects.create(area_code=mother.area_code, person=mother, presumptive_on=today - timedelta(days=60),
                          found_by="skrining", test="tcm", result="rif_sen",
                          result_on=today - timedelta(days=55), diagnosis="tbc_so",
                          treatment_started_on=today - timedelta(days=50), regimen="2RHZE/4RH",
                          treatment_facility=pkm)
    CaseReport.objects.create(area_code=child.area_code, person=child, disease="dbd", reported_on=today - timedelta(days=400),
                              onset_on=today - timedelta(days=403), facility=pkm, classification="probable")
    return mother, child
