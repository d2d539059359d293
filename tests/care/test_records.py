"""A person's care record read back from the database (siklus.care.records): the due engine's
input built from every kind of stored record, and the history of contacts."""

from datetime import date

import pytest

from siklus.care import records
from siklus.care.models import Encounter, Immunization, Observation

from ..conftest import JOB

pytestmark = pytest.mark.django_db


def test_a_childs_doses_and_weighings_are_the_due_engines_history(world):
    child = world["A"].child
    enc = Encounter.objects.create(created_by=None, area_code=child.area_code, person=child, place="posyandu",
                                   kind="posyandu", on=date(2025, 6, 10), klaster=2)
    Observation.objects.create(area_code=child.area_code, person=child, encounter=enc, on=date(2025, 6, 10),
                               code="weight", value=6.1, unit="kg")
    Immunization.objects.create(area_code=child.area_code, person=child, dose="HB0", given_on=date(2025, 2, 3))
    p = records.due_person(child, date(2025, 7, 1))
    assert p.history.immunizations == (("HB0", date(2025, 2, 3)),)
    assert p.history.services == {"penimbangan": (date(2025, 6, 10),)}
    due = records.due_for(child, date(2025, 7, 1))
    assert "penimbangan" in due.codes()
    assert JOB
