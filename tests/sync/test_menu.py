"""The bidan's way to the sync queues (conflicts, rejected sends, duplicates) is in the menu;
a kader, who does not decide them, has no such link."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_bidan_finds_the_sync_queues_in_the_menu_and_the_kader_does_not(world, client_for):
    a = world["A"]
    bidan = client_for(a.users["pustu"]).get(reverse("home")).content.decode()
    assert f'href="{reverse("sync_conflicts")}"' in bidan and "Sinkron HP kader" in bidan
    kader = client_for(a.users["kader"]).get(reverse("home")).content.decode()
    assert reverse("sync_conflicts") not in kader
