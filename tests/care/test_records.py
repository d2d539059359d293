"""A person's care record read back from the database (siklus.care.records): the due engine's
input built from every kind of stored record, due lists of many persons at a fixed cost, the
history of contacts by life stage, and ``siklus due --person`` printing what the page shows."""

import json
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from siklus.care import records
from siklus.care.models import (
    Condition,
    Encounter,
    Immunization,
    Observation,
    Pregnancy,
    QuestionnaireResponse,
    Supplement,
)
from siklus.commands.due import main as due_main
from siklus.people import services as people

from . import rich

pytestmark = pytest.mark.django_db

ON = date(2026, 3, 15)


def enc(person, on, kind, place="posyandu", **kw):
    return Encounter.objects.create(area_code=person.area_code, person=person, place=place, kind=kind, on=on, **kw)


def obs(person, on, code, value, encounter=None):
    return Observation.objects.create(area_code=person.area_code, person=person, encounter=encounter, on=on,
                                      code=code, value=value)


@pytest.fixture
def adult(world, admin):
    a = world["A"]
    return people.register_person(admin, people.PersonInput(
        household=a.household, name="Bapak Kontrol", sex="L", birth_date=date(1960, 5, 1), relation="kepala"))


# ---------------------------------------------------------------------------------- due_person


def test_doses_go_to_the_schedule_and_td_to_the_t_status(world):
    mother, child = world["A"].mother, world["A"].child
    Immunization.objects.create(area_code=child.area_code, person=child, dose="HB0", given_on=date(2025, 2, 3))
    Immunization.objects.create(area_code=child.area_code, person=child, dose="BCG", given_on=date(2025, 3, 1))
    voided = Immunization.objects.create(area_code=child.area_code, person=child, dose="OPV1", given_on=date(2025, 3, 1))
    voided.voided_at = timezone.now()
    voided.save()
    Immunization.objects.create(area_code=mother.area_code, person=mother, dose="Td", given_on=date(2024, 1, 5))
    p = records.due_person(child, ON)
    assert p.history.immunizations == (("BCG", date(2025, 3, 1)), ("HB0", date(2025, 2, 3)))
    m = records.due_person(mother, ON)
    assert m.history.td == (date(2024, 1, 5),) and m.history.immunizations == ()


def test_child_measurements_supplements_and_questionnaires(world):
    child = world["A"].child
    e = enc(child, date(2025, 8, 10), "posyandu")
    obs(child, e.on, "weight", 7.9, e)
    obs(child, e.on, "length_height", 68.0, e)
    obs(child, date(2025, 9, 9), "head_circumference", 43.0)
    Supplement.objects.create(area_code=child.area_code, person=child, kind="vitamin_a_biru", given_on=date(2025, 8, 10))
    Supplement.objects.create(area_code=child.area_code, person=child, kind="ttd", given_on=date(2025, 8, 10))
    QuestionnaireResponse.objects.create(area_code=child.area_code, person=child, on=date(2025, 8, 11), instrument="kpsp")
    obs(child, date(2025, 11, 2), "kpsp_yes", 9)
    enc(child, date(2025, 2, 5), "kn")
    services = records.due_person(child, ON).history.services
    assert services["penimbangan"] == (date(2025, 8, 10), date(2025, 9, 9))
    assert services["vitamin-a"] == (date(2025, 8, 10),)
    assert services["kpsp"] == (date(2025, 8, 11), date(2025, 11, 2))
    assert services["kn"] == (date(2025, 2, 5),)
    assert "ttd" not in services  # not a history service of the due engine
    # Dates after the evaluation date are not history yet.
    assert records.due_person(child, date(2025, 8, 10)).history.services["penimbangan"] == (date(2025, 8, 10),)


def test_adult_screening_values_and_kontrol(adult):
    s = enc(adult, date(2025, 6, 1), "skrining", klaster=3)
    for code, value in (("sbp", 150), ("dbp", 95), ("glucose_fasting", 130), ("bmi", 27), ("srq20_score", 3),
                        ("puma_score", 2), ("adl_score", 20), ("skilas_positive_domains", 0),
                        ("cholesterol_total", 210), ("creatinine", 1.0)):
        obs(adult, s.on, code, value, s)
    QuestionnaireResponse.objects.create(area_code=adult.area_code, person=adult, on=date(2025, 6, 2), instrument="srq20")
    Condition.objects.create(area_code=adult.area_code, person=adult, code="hipertensi", since=date(2025, 6, 1))
    Condition.objects.create(area_code=adult.area_code, person=adult, code="diabetes", since=date(2025, 6, 1),
                             resolved_on=date(2025, 7, 1))
    Condition.objects.create(area_code=adult.area_code, person=adult, code="tbc", since=date(2026, 4, 1))  # later
    k1 = enc(adult, date(2026, 1, 10), "kontrol", klaster=3)
    obs(adult, k1.on, "sbp", 135, k1)
    enc(adult, date(2026, 2, 10), "kontrol", klaster=3)  # nothing measured: the known conditions
    enc(adult, date(2026, 3, 1), "kontrol_tbc", place="puskesmas")
    enc(adult, date(2025, 9, 1), "skrining", place="sekolah")
    p = records.due_person(adult, ON)
    h = p.history.services
    assert h["skrining-ptm"] == (date(2025, 6, 1),)
    assert h["skrining-sekolah"] == (date(2025, 9, 1),)
    assert h["tekanan_darah"] == (date(2025, 6, 1), date(2026, 1, 10))
    assert h["gula_darah"] == h["gula-darah"] == (date(2025, 6, 1),)
    for code in ("obesitas", "puma", "adl", "skilas", "lipid", "fungsi_ginjal"):
        assert h[code] == (date(2025, 6, 1),), code
    assert h["srq20"] == (date(2025, 6, 1), date(2025, 6, 2))
    assert h["kontrol-hipertensi"] == (date(2026, 1, 10), date(2026, 2, 10))
    assert "kontrol-diabetes" not in h  # diabetes resolved before the bare kontrol
    assert h["kontrol-tbc"] == (date(2026, 3, 1),)
    assert p.conditions == frozenset({"hipertensi"})
    due = records.due_for(adult, ON)
    assert "kontrol-hipertensi" in due.codes()  # nothing in March yet


def test_current_pregnancy_with_anc_contacts_and_the_last_delivery(world):
    mother = world["A"].mother
    Pregnancy.objects.create(area_code=mother.area_code, person=mother, hpht=date(2024, 1, 1), hpl=date(2024, 10, 7),
                             ended_on=date(2024, 10, 1), outcome="lahir_hidup")
    Pregnancy.objects.create(area_code=mother.area_code, person=mother, hpht=date(2025, 12, 1), hpl=date(2026, 9, 7))
    enc(mother, date(2024, 3, 1), "anc", sequence=1, by_doctor=True)  # the earlier pregnancy
    k1 = enc(mother, date(2026, 1, 20), "anc", place="puskesmas", sequence=1, by_doctor=True)
    Observation.objects.create(area_code=mother.area_code, person=mother, encounter=k1, on=k1.on, code="usg",
                               value_code="normal")
    obs(mother, date(2025, 5, 5), "iva", None)
    enc(mother, date(2026, 3, 1), "anc", place="pustu", sequence=2)
    enc(mother, date(2024, 10, 3), "kf", place="rumah", sequence=1)
    p = records.due_person(mother, ON)
    assert p.pregnancy.hpht == date(2025, 12, 1)
    assert [(c.on, c.by_doctor, c.usg) for c in p.pregnancy.anc] == [
        (date(2026, 1, 20), True, True), (date(2026, 3, 1), False, False)]  # K1 with its USG
    assert p.history.services["iva"] == (date(2025, 5, 5),)  # a screening result is the screening done
    assert p.delivered_on == date(2024, 10, 1)
    assert p.history.services["kf"] == (date(2024, 10, 3),)
    due = records.due_for(mother, ON)
    assert any(c.startswith("anc:") for c in due.codes())


def test_due_for_many_reads_a_list_at_a_fixed_cost(world, admin, django_assert_num_queries):
    a = world["A"]
    kids = [people.register_person(admin, people.PersonInput(
        household=a.household, name=f"Anak {n}", sex="L" if n % 2 else "P",
        birth_date=date(2025, 1, 1) + timedelta(days=20 * n), relation="anak")) for n in range(12)]
    for kid in kids:
        Immunization.objects.create(area_code=kid.area_code, person=kid, dose="HB0", given_on=kid.birth_date)
        obs(kid, date(2026, 2, 1), "weight", 8.0)
    with django_assert_num_queries(7):
        found = records.due_for_many(kids, ON)
    assert set(found) == {k.pk for k in kids}
    for kid in kids:
        assert found[kid.pk].codes() == records.due_for(kid, ON).codes()


# ------------------------------------------------------------------------------------ timeline


def test_timeline_is_newest_first_grouped_by_life_stage(world, admin):
    mother, child = rich.build(world["A"], admin, timezone.localdate())
    groups = records.timeline(child, world["A"].users["pustu"])
    assert [g.code for g in groups] == ["balita", "bayi", "neonatus"]  # the last weighing at 59 months
    days = [e.on for g in groups for e in g.entries]
    assert days == sorted(days, reverse=True)
    weighing = next(e for e in groups[0].entries if e.kind == "encounter" and e.title == "Hari buka Posyandu")
    assert weighing.place == "Posyandu" and weighing.facility == "Posyandu A" and weighing.klaster == 2
    assert any(d.category_label == "Berat badan normal" for d in weighing.details)
    kinds = {e.kind for g in records.timeline(mother, world["A"].users["pustu"]) for e in g.entries}
    assert kinds >= {"encounter", "tb", "pregnancy", "birth", "condition"}


def test_timeline_refuses_another_areas_user(world):
    with pytest.raises(PermissionError):
        records.timeline(world["A"].child, world["B"].users["kader"])


# --------------------------------------------------------------------------- siklus due --person


def _titles_of_command(out: str) -> list[str]:
    return [m.group(1) for m in re.finditer(r"^\s*\d+\. (.+) — .+$", out, re.M)]


def test_the_page_and_the_command_list_the_same_services(world, admin, client_for, capsys, tmp_path):
    today = timezone.localdate()
    mother, child = rich.build(world["A"], admin, today)
    for person in (child, mother):
        html = client_for(world["A"].users["pustu"]).get(reverse("person", kwargs={"pk": person.pk})).content.decode()
        page = re.findall(r'<li class="due-item[^"]*" data-code="([^"]+)">\s*<div class="due-head"><b>([^<]+)</b>', html)
        assert page, "the page lists something due"
        export = tmp_path / f"{person.pk}.json"
        assert due_main(["--person", str(person.pk), "--on", today.isoformat(), "--export-history", str(export)]) == 0
        out = capsys.readouterr().out
        import html as h
        assert [h.unescape(t) for _, t in page] == _titles_of_command(out)
        assert [c for c, _ in page] == list(records.due_for(person, today).codes())
        # The exported history gives the same list without the database.
        assert due_main(["--birth-date", person.birth_date.isoformat(), "--sex", person.sex,
                         "--history", str(export), "--on", today.isoformat()]) == 0
        assert capsys.readouterr().out == out
        assert json.loads(export.read_text())["immunizations"] or person == mother


def test_the_command_in_english_and_for_an_unknown_person(world, capsys):
    child = world["A"].child
    assert due_main(["--person", str(child.pk), "--on", "2025-06-01", "--lang", "en"]) == 0
    assert "Services due on 1 June 2025" in capsys.readouterr().out
    assert due_main(["--person", "00000000-0000-0000-0000-000000000000"]) == 2
    assert "penduduk tidak ditemukan" in capsys.readouterr().err
