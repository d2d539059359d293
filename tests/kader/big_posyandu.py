"""A Posyandu of 1,000 households with a year of history, written in bulk (OFFLINE-SYNC.md §5.1).

About 3,800 residents (balita, school age, adults, lansia), monthly weighings of balita (85%),
monthly visits of lansia (50%), a CKG visit for a third of the adults, immunizations of the under-
twos and open follow-up tasks: ~12,000 visits with ~40,000 observations. Rows are bulk-inserted
(the services would take minutes) and then put in the desa's change feed through
``siklus.sync.feed.append``, exactly as the sync app's hooks would after each write.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta

from django.utils import timezone

from siklus.care.models import Encounter, Immunization, Observation
from siklus.followup.models import Task
from siklus.people.models import Household, Person
from siklus.sync import feed
from siklus.sync.feed import Change

NAMES = ("Siti", "Dewi", "Budi", "Agus", "Rina", "Wati", "Joko", "Sri", "Eko", "Nur", "Ahmad", "Yanti", "Hadi", "Lina")
FAMILY = ("Rahmawati", "Pratama", "Santoso", "Lestari", "Hidayat", "Saputra", "Wulandari", "Kurniawan", "Susanti")
DOSES = ("HB0", "BCG", "OPV1", "DPT-HB-Hib1", "OPV2", "DPT-HB-Hib2", "OPV3", "DPT-HB-Hib3", "IPV1", "MR1")


def _months_back(today: date, n: int) -> date:
    month = today.month - n
    year = today.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return date(year, month, min(today.day, 28))


def build(place, households: int = 1000, seed: int = 16) -> dict:
    rng = random.Random(seed)
    today = timezone.localdate()
    desa = place.desa.code
    now = timezone.now()
    hh_rows, person_rows = [], []
    for i in range(households):
        h = Household(id=uuid.uuid4(), area_code=desa, desa_id=desa, head_name=f"{rng.choice(NAMES)} {rng.choice(FAMILY)}",
                      address=f"Jalan Melati {i + 1}", rt=str(1 + i % 12), rw=str(1 + i % 4), posyandu=place.posyandu,
                      created_at=now)
        hh_rows.append(h)
        family = rng.choice(FAMILY)
        members = [("kepala", "L", rng.randint(25, 70) * 365 + rng.randint(0, 364)),
                   ("istri", "P", rng.randint(22, 65) * 365 + rng.randint(0, 364))]
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
            young = rng.random() < 0.3  # about 430 balita, as the synthetic Posyandu of the design
            members.append(("anak", rng.choice("LP"), rng.randint(0, 5 * 365 - 1) if young else rng.randint(5 * 365, 17 * 365)))
        if rng.random() < 0.6:  # ~650 lansia, as the design's Posyandu (pessimistic: 17%)
            members.append(("famili", rng.choice("LP"), rng.randint(60, 85) * 365))
        for relation, sex, days in members:
            name = f"{rng.choice(NAMES)} {family}"
            person_rows.append(Person(id=uuid.uuid4(), area_code=desa, household=h, name=name, name_key=name.lower(),
                                      sex=sex, birth_date=today - timedelta(days=days), relation=relation, created_at=now))
    Household.objects.bulk_create(hh_rows, batch_size=500)
    Person.objects.bulk_create(person_rows, batch_size=500)

    encounters, observations, immunizations, tasks = [], [], [], []

    def visit(person, on, values, kind="posyandu", place_="posyandu"):
        e = Encounter(id=uuid.uuid4(), area_code=desa, person=person, facility=place.posyandu, place=place_,
                      kind=kind, on=on, created_at=now)
        encounters.append(e)
        for code, value, unit, category, label in values:
            observations.append(Observation(id=uuid.uuid4(), area_code=desa, person=person, encounter=e, on=on,
                                            code=code, value=value, unit=unit, category=category,
                                            category_label=label, rule_version="permenkes-2-2020", created_at=now))

    for p in person_rows:
        age_days = (today - p.birth_date).days
        if age_days < 5 * 365:
            weight = 3.2 + age_days / 365 * 2.4
            for m in range(12):
                on = _months_back(today, m)
                if on >= p.birth_date and rng.random() < 0.85:
                    grown = (on - p.birth_date).days / 365
                    visit(p, on, [("weight", round(3.2 + grown * 2.4 + rng.uniform(-0.6, 0.6), 1), "kg", "normal",
                                   "Berat badan normal"),
                                  ("length_height", round(50 + grown * 14, 1), "cm", "normal", "Normal")])
            if age_days < 2 * 365:
                for dose in DOSES[: min(len(DOSES), age_days // 30 + 1)]:
                    immunizations.append(Immunization(id=uuid.uuid4(), area_code=desa, person=p, dose=dose,
                                                      given_on=p.birth_date + timedelta(days=min(age_days, 30 * DOSES.index(dose))),
                                                      facility=place.pustu, created_at=now))
            del weight
        elif age_days >= 60 * 365:
            for m in range(12):
                if rng.random() < 0.5:
                    visit(p, _months_back(today, m), [("weight", round(rng.uniform(40, 75), 1), "kg", "", ""),
                                                      ("sbp", float(rng.randint(110, 170)), "mmHg", "", ""),
                                                      ("dbp", float(rng.randint(70, 100)), "mmHg", "", "")])
        elif 6 * 365 <= age_days < 18 * 365:  # school screening once a year
            visit(p, _months_back(today, rng.randint(0, 11)), [
                ("weight", round(rng.uniform(18, 60), 1), "kg", "", ""), ("length_height", round(rng.uniform(110, 175), 1), "cm", "", "")])
        elif age_days >= 18 * 365 and rng.random() < 0.35:
            visit(p, _months_back(today, rng.randint(0, 11)), [
                ("weight", round(rng.uniform(45, 90), 1), "kg", "", ""), ("length_height", round(rng.uniform(145, 180), 1), "cm", "", ""),
                ("sbp", float(rng.randint(100, 160)), "mmHg", "", ""), ("dbp", float(rng.randint(60, 100)), "mmHg", "", ""),
                ("glucose_random", float(rng.randint(80, 220)), "mg/dL", "", "")])
    for p in rng.sample(person_rows, min(600, len(person_rows) // 4)):  # home visits
        visit(p, today - timedelta(days=rng.randint(0, 364)), [], kind="kunjungan_rumah", place_="rumah")
    for i, p in enumerate(rng.sample(person_rows, min(1500, len(person_rows) // 2))):
        tasks.append(Task(id=uuid.uuid4(), area_code=desa, person=p, household=p.household, kind="imunisasi_terlewat",
                          key=f"big:{i}", reason="Imunisasi terlewat", opened_on=today - timedelta(days=rng.randint(0, 60)),
                          due_on=today + timedelta(days=rng.randint(0, 30)), facility=place.posyandu, created_at=now))
    Encounter.objects.bulk_create(encounters, batch_size=1000)
    Observation.objects.bulk_create(observations, batch_size=1000)
    Immunization.objects.bulk_create(immunizations, batch_size=1000)
    Task.objects.bulk_create(tasks, batch_size=1000)

    changes = [Change("household", h.id, desa) for h in hh_rows] + [Change("person", p.id, desa) for p in person_rows]
    changes += [Change("visit", e.id, desa) for e in encounters] + [Change("immunization", x.id, desa) for x in immunizations]
    changes += [Change("task", t.id, desa) for t in tasks]
    feed.append(changes)
    return {"households": len(hh_rows), "persons": len(person_rows), "visits": len(encounters),
            "observations": len(observations), "immunizations": len(immunizations), "tasks": len(tasks),
            "feed": len(changes)}
