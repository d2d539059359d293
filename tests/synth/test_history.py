"""Life over time: the generated rates land on their parameters, classifications are the rules',
desa differ, and the same seed gives the same history."""

from collections import defaultdict
from datetime import date

import numpy as np
import pytest

from siklus.care import services as care
from siklus.care.models import Birth, Condition, Encounter, Immunization, Observation, Pregnancy, Supplement
from siklus.people.models import Household, Person
from siklus.rules import immunization
from siklus.synth import history
from siklus.synth import parameters as P
from siklus.synth.presets import PRESETS

from .conftest import AS_OF, SEED

pytestmark = pytest.mark.django_db
PERSONS = 6_000
MONTHS = 12


@pytest.fixture(scope="module")
def lived(django_db_setup, django_db_blocker):
    """Kotawaringin Timur with 6,000 persons and 12 months of history, rolled back afterwards."""
    from django.db import transaction
    from django.test import override_settings

    from siklus.synth import generator

    fast_hashing = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast_hashing, transaction.atomic():
        preset = generator.resolve(preset="kotim", persons=PERSONS)
        result = generator.generate(preset=preset, seed=SEED, as_of=AS_OF, months=MONTHS,
                                    password="rahasia-uji-123")
        yield result
        transaction.set_rollback(True)


def latest(code: str) -> dict:
    """Person → category of their latest observation with this code."""
    found = {}
    for person, _, category in Observation.objects.filter(code=code).order_by("on").values_list(
            "person_id", "on", "category"):
        found[person] = category
    return found


def test_stunting_is_kotims_not_the_national_rate(lived):
    """Kotim's 35.5 % (SKI 2023), far from the national 21.5 %; per age band: tests/synth/test_report.py."""
    stunting = latest("length_height")
    assert len(stunting) > 300
    share = np.mean([c in ("stunted", "severely_stunted") for c in stunting.values()])
    assert share == pytest.approx(PRESETS["kotim"].stunting.value, abs=0.08)
    assert share > P.STUNTING.value + 0.05


def test_idl_lands_between_75_and_95_percent_with_visible_drop_out(lived):
    doses = defaultdict(dict)
    for person, dose, given in Immunization.objects.values_list("person_id", "dose", "given_on"):
        doses[person][dose] = given
    # Children who turned one in the period and are still here.
    first = date(AS_OF.year - 2, AS_OF.month, AS_OF.day)
    kids = Person.objects.filter(birth_date__gt=first, birth_date__lte=date(AS_OF.year - 1, AS_OF.month, AS_OF.day),
                                 died_on=None, moved_out_on=None).exclude(relation="lainnya", nik=None)
    complete = [immunization.idl_status(k.birth_date, doses.get(k.id, {}), AS_OF).complete for k in kids]
    assert len(complete) > 60
    assert 0.75 <= np.mean(complete) <= 0.95  # about 95 children: ± 4 standard errors of 87.5 %
    given = defaultdict(int)
    for d in doses.values():
        for code in d:
            given[code] += 1
    assert given["DPT-HB-Hib3"] < given["DPT-HB-Hib1"]  # drop-out is visible
    assert given["MR1"] < given["DPT-HB-Hib1"]


def screened(code: str) -> list[str]:
    return list(Observation.objects.filter(code=code, encounter__kind="skrining").values_list("category", flat=True))


def test_hypertension_and_diabetes_shares_of_those_screened_match_ski(lived):
    bp = screened("sbp")
    assert len(bp) > 1000
    # From 15 years; the share is set for 18 and over, where the 15–17-year-olds add a little.
    assert np.mean([c.startswith("hipertensi") for c in bp]) == pytest.approx(P.HYPERTENSION_SHARE, abs=0.035)
    glucose = screened("glucose_fasting")
    assert np.mean([c == "diabetes" for c in glucose]) == pytest.approx(P.DIABETES_SHARE, abs=0.025)
    assert Condition.objects.filter(code="hipertensi").count() > 0
    assert Encounter.objects.filter(kind="kontrol").count() > 0


def test_every_person_born_in_the_period_is_a_recorded_birth_of_a_recorded_pregnancy(lived):
    """The population is drawn at the start of the period: no infant without its delivery."""
    start = history.month_starts(AS_OF, MONTHS)[0]
    born = Person.objects.filter(birth_date__gte=start)
    delivered = Pregnancy.objects.filter(outcome="lahir_hidup")
    assert born.count() == delivered.count() == Birth.objects.count() > 50
    assert not born.filter(birth=None).exists() and not born.filter(mother=None).exists()
    for birth in Birth.objects.select_related("pregnancy", "child"):
        assert birth.child.birth_date == birth.born_on == birth.pregnancy.ended_on
        assert birth.pregnancy.person_id == birth.child.mother_id and birth.alive and birth.sex == birth.child.sex
        assert 1_000 <= birth.weight_g <= 5_200
        assert birth.child.household_id == birth.pregnancy.person.household_id
    # Before the period nobody was born after its start; each newborn has a delivery encounter.
    mothers = set(delivered.values_list("person_id", flat=True))
    assert set(Encounter.objects.filter(kind="persalinan").values_list("person_id", flat=True)) == mothers
    assert Encounter.objects.filter(kind="kn", sequence=1).count() > 0.7 * born.count()
    rate = delivered.count() / lived.persons * 1000 * 12 / MONTHS
    assert rate == pytest.approx(P.CRUDE_BIRTH_RATE, rel=0.2)


def test_vitamin_a_in_february_and_august_blue_once_for_infants(lived):
    given = list(Supplement.objects.values_list("person_id", "kind", "given_on", "person__birth_date"))
    assert len(given) > 100
    blue = defaultdict(int)
    for person, kind, on, born in given:
        assert on.month in (2, 8)
        months = (on - born).days / 30.4375
        assert (6 <= months < 12) if kind == "vitamin_a_biru" else (12 <= months < 60)
        blue[person] += kind == "vitamin_a_biru"
    assert max(blue.values()) == 1


def test_household_size(lived):
    mean = Person.objects.exclude(relation="lainnya", nik=None).count() / Household.objects.count()
    assert mean == pytest.approx(P.mean_household_size(), abs=0.2)


def test_deaths_and_moves_are_recorded_not_deleted(lived):
    died = Person.objects.exclude(died_on=None).count()
    moved = Person.objects.exclude(moved_out_on=None).count()
    assert 0.003 * PERSONS < died < 0.012 * PERSONS
    assert 0.004 * PERSONS < moved < 0.03 * PERSONS
    assert Person.objects.count() >= PERSONS


def test_pregnancies_have_anc_deliveries_and_postnatal_visits(lived):
    kinds = set(Encounter.objects.values_list("kind", flat=True))
    assert {"anc", "persalinan", "kf", "kn", "posyandu", "imunisasi", "skrining", "kontrol"} <= kinds
    assert Encounter.objects.filter(kind="anc", by_doctor=True, sequence=1).exists()
    assert Pregnancy.objects.filter(ended_on=None).exists()  # ongoing at as_of
    places = list(Pregnancy.objects.exclude(place_of_birth="").values_list("place_of_birth", flat=True))
    assert 0.7 < places.count("fasyankes") / len(places) < 1


def test_every_record_belongs_to_its_person_area_and_the_system_user(lived):
    from django.db.models import F

    for model in (Encounter, Observation, Immunization, Pregnancy, Condition):
        assert model.objects.count() > 0, model
        assert model.objects.exclude(area_code=F("person__area_code")).count() == 0, model
        assert model.objects.exclude(created_by__username="siklus-synth").count() == 0, model


def test_every_observation_category_is_what_care_classify_gives(lived):
    """Synth classifies through care.services only: recomputing each stored value with
    care.services.classify (growth: classify_growth) gives the stored category, rule version and
    settings signature, for every code synth writes."""
    births = dict(Person.objects.values_list("id", "birth_date"))
    people = dict(Person.objects.values_list("id", "sex"))
    areas = dict(Person.objects.values_list("id", "area_code"))
    rows = defaultdict(dict)
    for enc, code, value, method, category, version, settings, person, on, kind in Observation.objects.values_list(
            "encounter_id", "code", "value", "method", "category", "rule_version", "rule_settings", "person_id", "on",
            "encounter__kind"):
        rows[enc][code] = (value, method, (category, version, settings), person, on, kind)
    assert {code for r in rows.values() for code in r} == {
        "weight", "length_height", "zwfl", "muac", "sbp", "dbp", "glucose_fasting", "tb_symptoms", "adl_score",
        "skilas_positive_domains", "usg"}  # usg: coded, the doctor's ANC contacts
    checked = defaultdict(int)

    def same(code, found, stored):
        assert (found.category, found.rule_version, found.rule_settings) == stored, code
        assert stored[2] == "default"  # no area settings configured in the tests
        checked[code] += 1

    for r in list(rows.values())[:6000]:
        any_row = next(iter(r.values()))
        person, on = any_row[3], any_row[4]
        kw = dict(birth_date=births[person], sex=people[person], on=on, area=areas[person])
        if "sbp" in r:
            extra = care.Extra(dbp=r["dbp"][0], known_hypertension=r["sbp"][5] == "kontrol")
            same("sbp", care.classify("sbp", r["sbp"][0], extra=extra, **kw), r["sbp"][2])
            assert r["dbp"][2] == r["sbp"][2]
        for code in ("glucose_fasting", "tb_symptoms", "adl_score"):
            if code in r:
                # A kontrol glucose is a known diabetic's: classified as a control status.
                extra = care.Extra(known_diabetes=code == "glucose_fasting" and r[code][5] == "kontrol")
                same(code, care.classify(code, r[code][0], method=r[code][1], extra=extra, **kw), r[code][2])
        if "skilas_positive_domains" in r:
            category = r["skilas_positive_domains"][2][0]
            assert category == ("positif" if r["skilas_positive_domains"][0] else "negatif")
            checked["skilas_positive_domains"] += 1
        if "weight" in r and checked["weight"] < 800:  # per value is slow; tests/care: bulk == per value
            muac = r["muac"][0] if "muac" in r else None
            extra = care.Extra(lenhei_cm=r["length_height"][0], measure=r["length_height"][1], muac_cm=muac)
            same("weight", care.classify("weight", r["weight"][0], extra=extra, **kw), r["weight"][2])
            extra = care.Extra(weight_kg=r["weight"][0], muac_cm=muac)
            same("length_height", care.classify("length_height", r["length_height"][0], method=r["length_height"][1],
                                                extra=extra, **kw), r["length_height"][2])
            if "zwfl" in r:
                same("zwfl", care.classify("zwfl", r["zwfl"][0], **kw), r["zwfl"][2])
            if "muac" in r:
                same("muac", care.classify("muac", muac, **kw), r["muac"][2])
    assert min(checked.values()) > 20 and len(checked) == 9, dict(checked)  # dbp: the same reading as sbp


def test_every_code_synth_writes_is_in_the_vocabulary(lived):
    from siklus.rules import codes

    for code in Observation.objects.values_list("code", flat=True).distinct():
        codes.get(code, codes.OBSERVATION)
    for kind in Encounter.objects.values_list("kind", flat=True).distinct():
        codes.get(kind, codes.ENCOUNTER)
    for place in Encounter.objects.values_list("place", flat=True).distinct():
        codes.get(place, codes.PLACE)
    for dose in Immunization.objects.values_list("dose", flat=True).distinct():
        codes.get(dose, codes.DOSE)
    for code in Condition.objects.values_list("code", flat=True).distinct():
        codes.get(code, codes.CONDITION)
    for code, unit in Observation.objects.values_list("code", "unit").distinct():
        assert unit == codes.get(code, codes.OBSERVATION).unit, (code, unit)


def test_desa_differ_in_coverage(lived):
    from django.db.models import Count

    adults = Person.objects.filter(birth_date__lt=date(AS_OF.year - 15, 1, 1)).values("area_code")
    per_desa = defaultdict(lambda: [0, 0])
    for row in adults.annotate(n=Count("id")):
        per_desa[".".join(row["area_code"].split(".")[:4])][0] += row["n"]
    for row in (Encounter.objects.filter(kind="skrining").values("area_code").annotate(n=Count("id"))):
        per_desa[".".join(row["area_code"].split(".")[:4])][1] += row["n"]
    coverage = [s / a for a, s in per_desa.values() if a >= 30]
    assert len(coverage) > 20
    assert max(coverage) - min(coverage) > 0.25


def test_the_same_seed_gives_the_same_history():
    """The simulation of one desa, twice, from the same inputs (no database)."""
    from siklus.synth.names import NamePools
    from siklus.synth.population import Desa

    d = Desa(index=3, code="62.02.01.2001", name="Uji", kecamatan="62.02.01", kelurahan=False, population=400)
    rng = np.random.default_rng(5)
    import uuid

    persons = sorted(
        (uuid.UUID(int=int(rng.integers(1 << 62))), "P" if rng.random() < 0.5 else "L",
         date.fromordinal(AS_OF.toordinal() - int(rng.integers(0, 80 * 365))), "anak", uuid.UUID(int=7), "62.02.01.2001.1.1", uuid.UUID(int=9))
        for _ in range(400))

    def run():
        sink = history.Sink(writers={}, rows={m: [] for m in history.MODELS})
        h = history.History(seed=SEED, months=MONTHS, as_of=AS_OF, created_by_id=1, names=NamePools(None), sink=sink)
        h.mean_access, h.birth_carry, h._imm_encounters, h._known = 0.9, 0.5, {}, set()
        h.run_desa(d, persons, uuid.UUID(int=11))
        return {m: list(rows) for m, rows in sink.rows.items()}, list(sink.ends)

    first, second = run(), run()
    assert first == second
    assert sum(len(r) for r in first[0].values()) > 500


def test_two_kabupaten_made_with_one_seed_give_their_records_different_ids():
    """The same desa index and residents in another kabupaten (siklus synth --preset kotim, then
    --preset banjar, both seed 1, into one database) must not reuse the first one's record ids."""
    import uuid

    from siklus.synth.names import NamePools
    from siklus.synth.population import Desa

    def run(code):
        d = Desa(index=0, code=code, name="Uji", kecamatan=code[:8], kelurahan=False, population=300)
        persons = [(uuid.UUID(int=k + 1), "P", date(AS_OF.year - 25, 1, 1), "istri", uuid.UUID(int=7), code + ".1.1",
                    uuid.UUID(int=9)) for k in range(300)]
        sink = history.Sink(writers={}, rows={m: [] for m in history.MODELS})
        h = history.History(seed=SEED, months=MONTHS, as_of=AS_OF, created_by_id=1, names=NamePools(None), sink=sink)
        h.mean_access, h.birth_carry, h._imm_encounters, h._known = 0.9, 0.5, {}, set()
        h.run_desa(d, persons, uuid.UUID(int=11))
        return {row["id"] for rows in sink.rows.values() for row in rows if "id" in row}

    kotim, banjar = run("62.02.01.2001"), run("63.03.01.2001")
    assert len(kotim) > 100 and len(banjar) > 100
    assert not kotim & banjar


def test_a_known_diabetic_stays_diabetic_and_control_is_its_own_category(lived):
    """Follow-up readings are classified with what is known: a diagnosed diabetic's glucose is
    terkendali / tidak terkendali, never normal; a treated hypertensive's BP likewise."""
    kontrol = Observation.objects.filter(encounter__kind="kontrol")
    glucose = set(kontrol.filter(code="glucose_fasting").values_list("category", flat=True))
    assert glucose == {"dm_terkendali", "dm_tidak_terkendali"}
    assert set(kontrol.filter(code="sbp").values_list("category", flat=True)) == {"ht_terkendali",
                                                                                  "ht_tidak_terkendali"}
    # The latest reading of everyone diagnosed with diabetes still says diabetes.
    diagnosed = set(Condition.objects.filter(code="diabetes").values_list("person_id", flat=True))
    last = latest("glucose_fasting")
    assert diagnosed and all(last[p] in ("diabetes", "dm_terkendali", "dm_tidak_terkendali") for p in diagnosed)
