"""The catalogue's KIA continuum, KMS growth judgement and SPM services equal the per-person rules.

As in ``test_oracle``: on a synthetic Kotawaringin Timur the persons the compiled SQL counts are
exactly those found by reading each person's care records and asking ``siklus.rules`` —
``pregnancy.k1_status`` / ``anc_status`` for K1 akses and murni, K4 (1-1-2) and K6 (1-2-3 with
doctor and USG), ``anthropometry.growth.judge`` for N, T, 2T and BGM, and the predicates of
``siklus.rules.spm`` for SPM 1–7, 10 and 11 under both editions. Where the synthetic history has
no record of an item (development checks, cholesterol, IMT and SRQ-20, school screening, ODGJ,
TB examinations), a test adds such records for some persons — complete for some, incomplete for
others — so that it can tell a right count from a wrong one.
"""

from collections import defaultdict
from datetime import date, timedelta

import pytest

from siklus.core.actors import system
from tests.monitoring.conftest import YEAR
from tests.monitoring.test_oracle import KAB, ids, stored, window

pytestmark = pytest.mark.django_db
JOB = system("test")
EDITIONS = ("permenkes-4-2019", "permenkes-6-2024")


# ------------------------------------------------------------------------------------ ANC


def pregnancies():
    """(pregnancy, its ANC contacts): the person's anc encounters from the HPHT to its end or HPL,
    a contact with USG when the encounter holds a usg observation."""
    from siklus.care.models import Encounter, Observation, Pregnancy
    from siklus.rules import pregnancy

    usg = set(Observation.objects.filter(code="usg", voided_at__isnull=True).values_list("encounter_id", flat=True))
    contacts = defaultdict(list)
    for eid, pid, on, doctor in Encounter.objects.filter(kind="anc", voided_at__isnull=True).values_list(
            "id", "person_id", "on", "by_doctor"):
        contacts[pid].append(pregnancy.AncContact(on, doctor, eid in usg))
    for preg in Pregnancy.objects.filter(voided_at__isnull=True, person__voided_at__isnull=True):
        end = preg.ended_on or preg.hpl
        yield preg, [c for c in contacts[preg.person_id] if preg.hpht <= c.on <= end]


def k1_oracle(period, murni):
    from siklus.rules import pregnancy

    start, end = date(YEAR, 1, 1), window(period)[1]
    found = set()
    for preg, contacts in pregnancies():
        status = pregnancy.k1_status(preg.hpht, contacts)
        if status.first_contact and start <= status.first_contact <= end and (status.murni or not murni):
            found.add(preg.person_id)
    return found


def pattern_oracle(period, pattern):
    from siklus.rules import pregnancy

    start, end = date(YEAR, 1, 1), window(period)[1]
    found = set()
    for preg, contacts in pregnancies():
        if preg.hpht > end:
            continue
        status = pregnancy.anc_status(preg.hpht, contacts, on=end, pattern=pattern)
        if status.completed_on and start <= status.completed_on <= end:
            found.add(preg.person_id)
    return found


@pytest.mark.parametrize("period", [str(YEAR), f"{YEAR}-05", f"{YEAR}-10"])
def test_k1_akses_and_murni_are_the_first_contact_of_a_pregnancy_and_its_trimester(kotim, period):
    akses, murni = k1_oracle(period, murni=False), k1_oracle(period, murni=True)
    assert murni and murni < akses, "some first contacts are late: K1 murni tells them apart"
    assert ids("k1", period) == akses
    assert ids("k1_murni", period) == murni


# A month late enough in the 12 months of history for K6 (six contacts) to have been completed.
@pytest.mark.parametrize("period", [str(YEAR), f"{YEAR}-10"])
def test_k4_and_k6_are_the_per_trimester_patterns_completed(kotim, period):
    from siklus.rules import pregnancy

    k4, k6 = pattern_oracle(period, pregnancy.ANC_4X), pattern_oracle(period, pregnancy.ANC_6X)
    assert k6 and k6 != k4, "the 1-2-3 pattern with doctor and USG is not the 1-1-2 one"
    assert ids("k4", period) == k4
    assert ids("k6", period) == k6
    if len(period) == 4:
        row = stored("k6")["62.02"]
        assert row["numerator"] == len(k6)


def test_k6_needs_the_usg_of_the_doctor_contacts(kotim):
    """Without the USG observations the doctor contacts no longer count: K6 (1-2-3 with two doctor
    contacts with USG) falls to nobody while K4 (no doctor minimum) stays."""
    from siklus.care.models import Observation
    from siklus.monitoring import facts

    before = ids("k4")
    persons = set(Observation.objects.filter(code="usg").values_list("person_id", flat=True))
    Observation.objects.filter(code="usg").update(voided_at="2026-01-01T00:00:00Z")
    facts.rebuild_persons(persons)
    assert ids("k6") == set() and ids("k4") == before


@pytest.mark.parametrize("edition", EDITIONS)
def test_spm_1_ibu_hamil_equals_the_spm_rule_of_each_edition(kotim, edition):
    from siklus.rules import config, spm

    with config.override(**{"spm.edition": edition}):
        served = {preg.person_id for preg, contacts in pregnancies() if preg.hpht <= date(YEAR, 12, 31)
                  and spm.ibu_hamil(YEAR, hpht=preg.hpht, contacts=contacts).served}
        assert served
        assert ids("spm_ibu_hamil") == served
        assert served <= ids("spm_ibu_hamil", part="denominator")


# ------------------------------------------------------------------------------------ growth


def growth_oracle(period):
    """{outcome: persons} of the balita weighings judged in the period by growth.judge."""
    from siklus.care.models import Observation
    from siklus.people.models import Person
    from siklus.rules.anthropometry import growth

    start, end = window(period)
    series = defaultdict(list)
    for pid, on, oid, kg in (Observation.objects.filter(code="weight", voided_at__isnull=True,
                                                         person__voided_at__isnull=True)
                             .values_list("person_id", "on", "id", "value")):
        series[pid].append((on, str(oid), kg))
    persons = {p.pk: p for p in Person.objects.filter(pk__in=list(series))}
    found = defaultdict(set)
    for pid, rows in series.items():
        person = persons[pid]
        rows.sort()
        for j in growth.judge(person.sex, person.birth_date, [growth.Weighing(on, kg) for on, _, kg in rows]):
            if not start <= j.date <= end or not 0 <= growth.completed_months(person.birth_date, j.date) <= 59:
                continue
            found["D"].add(pid)
            for outcome, yes in (("N", j.code == "N"), ("T", j.code == "T"), ("2T", j.two_t), ("BGM", j.bgm)):
                if yes:
                    found[outcome].add(pid)
    return found


@pytest.mark.parametrize("period", [str(YEAR), f"{YEAR}-03", f"{YEAR}-11"])
def test_n_t_2t_and_bgm_equal_the_kms_judgement_of_every_weighing(kotim, period):
    judged = growth_oracle(period)
    assert judged["N"] and judged["T"] and judged["BGM"] and judged["2T"] or len(period) == 7
    for indicator, outcome in (("gizi_n_d", "N"), ("gizi_t", "T"), ("gizi_2t", "2T"), ("gizi_bgm", "BGM")):
        assert ids(indicator, period) == judged[outcome], indicator
        assert ids(indicator, period, "denominator") == judged["D"], indicator
        row = stored(indicator, period)["62.02"]
        assert (row["numerator"], row["denominator"]) == (len(judged[outcome]), len(judged["D"])), indicator


def test_a_weighing_after_a_missed_month_is_o_and_a_late_earlier_weighing_rejudges_the_next(kotim):
    """The judgement is computed, not stored: a weighing entered late for the month before turns
    the next month's O into N or T, as judge says (settings: the gap rule 'O')."""
    from siklus.care.models import Observation
    from siklus.monitoring import facts

    rows = list(Observation.objects.filter(code="weight", on__year=YEAR, on__month__in=(5, 7)).order_by("person_id"))
    by_person = defaultdict(dict)
    for o in rows:
        by_person[o.person_id][o.on.month] = o
    pid, pair = next((p, m) for p, m in sorted(by_person.items(), key=lambda x: str(x[0])) if set(m) == {5, 7}
                     and not Observation.objects.filter(person_id=p, code="weight", on__year=YEAR, on__month=6).exists())
    july = f"{YEAR}-07"
    assert pid not in ids("gizi_n_d", july) | ids("gizi_t", july)  # O: no June weighing
    june = pair[5]
    Observation.objects.create(person_id=pid, area_code=june.area_code, on=date(YEAR, 6, 15), code="weight",
                               value=pair[7].value - 0.05, unit="kg", category=june.category)
    facts.rebuild_persons([pid])
    judged = growth_oracle(july)
    assert pid in judged["N"] | judged["T"]
    assert ids("gizi_n_d", july) == judged["N"] and ids("gizi_t", july) == judged["T"]


# ------------------------------------------------------------------------------------ SPM 2 team


@pytest.mark.parametrize("edition", EDITIONS)
def test_spm_2_counts_the_delivery_team_of_each_edition(kotim, edition):
    from siklus.care.models import Pregnancy
    from siklus.rules import config, spm

    with config.override(**{"spm.edition": edition}):
        served = {preg.person_id for preg in Pregnancy.objects.filter(ended_on__year=YEAR, voided_at__isnull=True)
                  if spm.ibu_bersalin(YEAR, delivered_on=preg.ended_on, at_facility=preg.place_of_birth == "fasyankes",
                                      attendants=preg.attendants).served}
        sasaran = ids("spm_ibu_bersalin", part="denominator")
        assert served and served < sasaran
        assert ids("spm_ibu_bersalin") == served


def test_a_delivery_records_its_team_through_care(kotim):
    from siklus.care import services as care
    from siklus.care.models import Pregnancy
    from siklus.core.errors import Invalid
    from siklus.facilities.models import Facility
    from siklus.monitoring import compile as sql
    from siklus.monitoring import facts
    from siklus.monitoring.models import Fact

    preg = Pregnancy.objects.filter(ended_on=None, voided_at__isnull=True, hpht__lte=date(YEAR, 4, 1)).first()
    facility = Facility.objects.filter(kind="puskesmas").first()
    base = dict(pregnancy=preg, ended_on=date(YEAR, 12, 20), outcome="lahir_hidup", place_of_birth="fasyankes",
                delivery_facility=facility, attendant="dokter",
                babies=(care.NewbornInput(sex="P", weight_g=3100),))
    with pytest.raises(Invalid) as refused:
        care.record_delivery(JOB, care.DeliveryInput(**base, attendants=("bidan", "perawat")))
    assert "attendants" in refused.value.errors
    care.record_delivery(JOB, care.DeliveryInput(**base, attendants=("dokter", "bidan", "bidan")))
    preg.refresh_from_db()
    assert (preg.attendant, preg.attendants) == ("dokter", ["dokter", "bidan", "bidan"])
    facts.persons_changed([preg.person_id])  # what care.changes does once the save commits
    fact = Fact.objects.get(kind="deliv", source_id=preg.pk)
    assert fact.value == 120  # 1 doctor, 2 midwives, no nurse
    assert preg.person_id in ids("spm_ibu_bersalin")  # doctor + 2 midwives: the 6/2024 team
    assert sql.team_sql("f.value", [("bidan", "dokter", "perawat")]).count(">=") == 3


# ------------------------------------------------------------------------------------ SPM 3, 4


def test_spm_3_newborns_equal_the_spm_rule(kotim):
    from siklus.care.models import Birth, Encounter, Immunization
    from siklus.rules import spm

    hb0 = set(Immunization.objects.filter(dose="HB0", voided_at__isnull=True).values_list("person_id", flat=True))
    kn = defaultdict(list)
    for pid, on in Encounter.objects.filter(kind="kn", voided_at__isnull=True).values_list("person_id", "on"):
        kn[pid].append(on)
    served, sasaran = set(), set()
    for b in Birth.objects.filter(born_on__year=YEAR, alive=True, child__isnull=False, voided_at__isnull=True):
        sasaran.add(b.child_id)
        care_given = {k for k, yes in (("imd", b.imd), ("vitamin_k1", b.vitamin_k1), ("salep_mata", b.eye_ointment),
                                       ("hb0", b.child_id in hb0)) if yes}
        if spm.bayi_baru_lahir(YEAR, birth=b.born_on, kn_visits=kn[b.child_id], essential_care=care_given).served:
            served.add(b.child_id)
    assert served and served < sasaran
    assert ids("spm_bayi_baru_lahir") == served
    assert ids("spm_bayi_baru_lahir", part="denominator") == sasaran


def residents(service, group=None):
    """Persons of an SPM service's sasaran: age on the reference day, alive and living here then."""
    from siklus.people.models import Person
    from siklus.rules import spm

    ref = date(YEAR, 7, 1)
    return {p.pk: p for p in Person.objects.filter(voided_at__isnull=True)
            if spm.in_sasaran(service, p.birth_date, YEAR) and p.birth_date <= ref
            and (p.died_on is None or p.died_on >= ref) and (p.moved_out_on is None or p.moved_out_on >= ref)}


def add_observations(person, codes, on, **extra):
    from siklus.care.models import Observation

    for code in codes:
        Observation.objects.create(person=person, area_code=person.area_code, on=on, code=code,
                                   value=extra.get(code, 1.0), category=f"uji_{code}")


def dates_of(person_ids, evidence):
    """{person: {item: [dates]}} from the records of catalogue.SPM_ITEM_EVIDENCE."""
    from siklus.care.models import Observation, QuestionnaireResponse
    from siklus.monitoring import catalogue as cat

    out = defaultdict(lambda: defaultdict(list))
    for item, sources in evidence.items():
        for kind, codes in sources:
            model = Observation if kind == "obs" else QuestionnaireResponse
            field = "code" if kind == "obs" else "instrument"
            for pid, on in model.objects.filter(person_id__in=person_ids, voided_at__isnull=True,
                                                **{f"{field}__in": codes}).values_list("person_id", "on"):
                out[pid][item].append(on)
    assert evidence is cat.SPM_ITEM_EVIDENCE
    return out


def test_spm_4_balita_equals_the_spm_rule(kotim):
    """Synth records weighings, PB/TB, vitamin A and doses but no development check: KPSP twice
    in the year for some balita, once for others, makes the service reachable."""
    from siklus.care.models import Immunization, Observation, QuestionnaireResponse, Supplement
    from siklus.monitoring import catalogue as cat
    from siklus.monitoring import facts
    from siklus.rules import immunization, spm

    balita = residents("balita")
    chosen = sorted(balita, key=str)[::3]
    for n, pid in enumerate(chosen):
        for month in ((3, 9) if n % 4 else (3,)):
            QuestionnaireResponse.objects.create(person_id=pid, area_code=balita[pid].area_code,
                                                 on=date(YEAR, month, 10), instrument="kpsp", score=9)
    facts.rebuild_persons(chosen)
    items = dates_of(list(balita), cat.SPM_ITEM_EVIDENCE)
    vitamin = defaultdict(list)
    for pid, on in Supplement.objects.filter(person_id__in=list(balita), kind__startswith="vitamin_a").values_list(
            "person_id", "given_on"):
        vitamin[pid].append(on)
    doses = defaultdict(dict)
    for pid, dose, on in Immunization.objects.filter(person_id__in=list(balita), voided_at__isnull=True).order_by(
            "given_on").values_list("person_id", "dose", "given_on"):
        doses[pid].setdefault(dose, on)
    measured = defaultdict(lambda: defaultdict(list))
    for pid, code, on in Observation.objects.filter(person_id__in=list(balita), code__in=("weight", "length_height"),
                                                    voided_at__isnull=True).values_list("person_id", "code", "on"):
        measured[pid][code].append(on)
    served = set()
    for pid, p in balita.items():
        idl = immunization.idl_status(p.birth_date, doses[pid], on=date(YEAR, 12, 31)).complete
        weights, lengths = measured[pid]["weight"], measured[pid]["length_height"]
        if spm.balita(YEAR, birth=p.birth_date, weighings=weights, length_height=lengths,
                      development=items[pid]["perkembangan"], vitamin_a=vitamin[pid], idl_complete=idl).served:
            served.add(pid)
    assert served and served < set(chosen)
    assert ids("spm_balita") == served
    assert ids("spm_balita", part="denominator") == set(balita)


# ------------------------------------------------------------------------------------ SPM 5, 6, 7


def screening_oracle(service, persons, rule_kwargs):
    from siklus.monitoring import catalogue as cat
    from siklus.rules import spm

    items = dates_of(list(persons), cat.SPM_ITEM_EVIDENCE)
    rule = getattr(spm, service)
    return {pid for pid, p in persons.items() if rule(YEAR, screenings=items[pid], **rule_kwargs(p)).served}


@pytest.mark.parametrize("edition", EDITIONS)
def test_spm_5_6_7_screening_services_equal_the_spm_rules(kotim, edition):
    """Synth screens adults for blood pressure, glucose, TB and lansia for ADL and SKILAS; the test
    adds the rest for some persons (all items for every second one of them, one item short for
    the others; IVA and SADANIS for some women 30–50), then asks the rules."""
    from siklus.monitoring import facts
    from siklus.rules import config

    on = date(YEAR, 9, 1)
    school, productive, elderly = residents("usia_pendidikan_dasar"), residents("usia_produktif"), residents(
        "usia_lanjut")
    touched = []
    for n, pid in enumerate(sorted(school, key=str)[:40]):
        codes = ["bmi", "sbp", "dmft", "tajam_penglihatan", "pendengaran"]
        add_observations(school[pid], codes[: 5 if n % 2 else 4], on)
        touched.append(pid)
    for n, pid in enumerate(sorted(productive, key=str)[:200]):
        add_observations(productive[pid], ["bmi", "srq20_score"] if n % 2 else ["bmi"], on)
        if n % 3 == 0:
            add_observations(productive[pid], ["iva", "sadanis"], on - timedelta(days=700))
        touched.append(pid)
    for n, pid in enumerate(sorted(elderly, key=str)[:80]):
        add_observations(elderly[pid], ["cholesterol_total"] if n % 2 else ["hdl"], on)
        touched.append(pid)
    facts.rebuild_persons(touched)
    with config.override(**{"spm.edition": edition}):
        for service, persons, indicator, kwargs in (
                ("usia_pendidikan_dasar", school, "spm_usia_pendidikan_dasar", lambda p: {}),
                ("usia_produktif", productive, "spm_usia_produktif", lambda p: {"birth": p.birth_date, "sex": p.sex}),
                ("usia_lanjut", elderly, "spm_usia_lanjut", lambda p: {})):
            served = screening_oracle(service, persons, kwargs)
            assert served and served < set(persons), service
            assert ids(indicator) == served, service
            assert ids(indicator, part="denominator") == set(persons), service


# ------------------------------------------------------------------------------------ SPM 10, 11


def test_spm_10_odgj_berat_and_11_terduga_tb_equal_the_spm_rules(kotim):
    """Neither is in the synthetic history: some persons get a psychosis diagnosis (ICD-10 F20) with
    or without a control visit, and a TB episode examined by TCM with a diagnosis, by TCM without
    one, or clinically only."""
    from siklus.care.models import Condition, Encounter, TbCase
    from siklus.monitoring import facts
    from siklus.rules import spm

    adults = sorted(residents("usia_produktif").values(), key=lambda p: str(p.pk))
    odgj, tb = adults[:12], adults[12:30]
    for n, p in enumerate(odgj):
        Condition.objects.create(person=p, area_code=p.area_code, icd10="F20.0", since=date(YEAR - 1, 5, 1))
        if n % 2:
            Encounter.objects.create(person=p, area_code=p.area_code, place="rumah", kind="kunjungan_rumah",
                                     on=date(YEAR, 4, 2))
    shapes = [("tcm", "rif_sen", "tbc_so"), ("tcm", "neg", ""), ("klinis", "", "tbc_klinis"), ("bta", "neg", "bukan_tbc")]
    for n, p in enumerate(tb):
        test, result, diagnosis = shapes[n % 4]
        TbCase.objects.create(person=p, area_code=p.area_code, presumptive_on=date(YEAR, 2, 3), test=test,
                              result=result, specimen_on=date(YEAR, 2, 4), result_on=date(YEAR, 2, 6),
                              diagnosis=diagnosis)
    facts.rebuild_persons([p.pk for p in odgj + tb])

    services = defaultdict(list)
    for pid, on in Encounter.objects.filter(person__in=odgj, kind__in=("kontrol", "pengobatan", "kunjungan_rumah"),
                                            on__year=YEAR).values_list("person_id", "on"):
        services[pid].append(on)
    served = {p.pk for p in odgj if spm.odgj_berat(YEAR, services=services[p.pk]).served}
    assert served and served < {p.pk for p in odgj}
    assert ids("spm_odgj_berat") == served
    assert ids("spm_odgj_berat", part="denominator") == {p.pk for p in odgj}

    served = set()
    for case in TbCase.objects.filter(person__in=tb):
        day = case.result_on or case.specimen_on
        exams = {"klinis": [day] if case.diagnosis or case.test == "klinis" else [],
                 "bakteriologis": [day] if case.test in ("tcm", "bta") else []}
        if spm.terduga_tb(YEAR, examinations=exams).served:
            served.add(case.person_id)
    assert served and served < {p.pk for p in tb}
    assert ids("spm_terduga_tb") == served


# ------------------------------------------------------------------------------------ refresh


def test_non_cumulative_months_computed_at_once_equal_each_month_computed_alone(kotim):
    """The refresh computes every month of a non-cumulative indicator in one grouped query; each
    month equals that month's own window."""
    from siklus.monitoring import catalogue as cat
    from siklus.monitoring import compile as sql

    for code in ("gizi_d_s", "gizi_stunting", "gizi_t", "ptm_ht_terkendali"):
        indicator = cat.get(code)
        together = sql.counts(indicator.numerator, sql.year_window(YEAR), KAB, by_month=True, per_month=True)
        for month in (1, 6, 12):
            alone = sql.counts(indicator.numerator, sql.month_window(YEAR, month, False), KAB)
            assert {k[:2]: n for k, n in together.items() if k[2] == month} == dict(alone), (code, month)
