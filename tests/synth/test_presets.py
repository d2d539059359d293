"""The four presets plan the facilities and ILP roll-out each district reports (no database)."""

from collections import Counter
from datetime import date

import pytest

from siklus.synth import generator
from siklus.synth.presets import PRESETS


def test_presets_are_real_kemendagri_areas_with_their_figures():
    assert {name: p.kabupaten for name, p in PRESETS.items()} == {
        "kotim": "62.02", "banjar": "63.03", "sintang": "61.05", "bandung": "32.73"}
    assert generator.resolve(preset="kotim").population == 430_000
    assert generator.resolve(preset="kotim", scale=0.1).population == 43_000
    assert generator.resolve(preset="kotim", persons=1234).population == 1234
    assert PRESETS["banjar"].jkn_share == 1.0


def test_kotim_plan(planned):
    preset, desa, plan = planned("kotim")
    assert (len(plan.puskesmas), len(plan.pustu), len(plan.posyandu)) == (21, 152, 310)
    assert sum(p.ilp_active for p in plan.pustu) == 43 and sum(p.ilp_active for p in plan.posyandu) == 229
    assert all(p.ilp_active for p in plan.puskesmas)
    pilot = plan.pilot
    assert sum(p.parent == pilot for p in plan.pustu) == 2 and sum(p.parent == pilot for p in plan.posyandu) == 10
    assert sum(d.population for d in desa) == 430_000
    # Every ILP Pustu, Posyandu starts after its Puskesmas.
    for item in plan.pustu + plan.posyandu:
        if item.ilp_active:
            assert item.ilp_since >= plan.puskesmas[item.parent].ilp_since


def test_banjar_10_puskesmas_since_2024_and_15_since_the_district_launch(planned):
    preset, desa, plan = planned("banjar")
    assert len(plan.puskesmas) == 25
    since = Counter(p.ilp_since.year if p.ilp_since < date(2025, 9, 29) else p.ilp_since for p in plan.puskesmas)
    assert since == {2024: 10, date(2025, 9, 29): 15}
    # Pustu and Posyandu follow their Puskesmas, so the whole district runs ILP from the launch.
    assert all(p.ilp_active and p.ilp_since == plan.puskesmas[p.parent].ilp_since for p in plan.pustu + plan.posyandu)


def test_sintang_nanga_jetak_launched_on_24_july_2025(planned):
    preset, desa, plan = planned("sintang")
    launch = date(2025, 7, 24)
    jetak = "61.05.07.2001"
    assert [p.ilp_since for p in plan.pustu if p.desa == jetak] == [launch]
    assert {p.ilp_since for p in plan.posyandu if p.desa == jetak} == {launch}
    assert sum(p.ilp_active for p in plan.pustu) == 1
    assert sum(p.ilp_active for p in plan.posyandu) == PRESETS["sintang"].launch.posyandu
    serving = [p for p in plan.puskesmas if jetak in p.wilayah]
    assert len(serving) == 1 and serving[0].ilp_since == launch
    assert sum(p.ilp_active for p in plan.puskesmas) == 1


def test_bandung_80_puskesmas_phased_in_from_november_2024_complete_in_january_2025(planned):
    preset, desa, plan = planned("bandung")
    assert len(plan.puskesmas) == 80 and len(desa) == 151
    everything = plan.puskesmas + plan.pustu + plan.posyandu
    assert all(p.ilp_active and date(2024, 11, 1) <= p.ilp_since <= date(2025, 1, 31) for p in everything)
    assert min(p.ilp_since for p in plan.puskesmas) < date(2024, 12, 1)
    wilayah = [c for p in plan.puskesmas for c in p.wilayah]
    assert sorted(wilayah) == sorted(d.code for d in desa)


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_every_preset_covers_its_kabupaten_with_wilayah_kerja(planned, name):
    preset, desa, plan = planned(name)
    wilayah = [c for p in plan.puskesmas for c in p.wilayah]
    assert sorted(wilayah) == sorted(d.code for d in desa)
    assert len({p.desa for p in plan.pustu}) == len(plan.pustu) == preset.pustu
    assert len(plan.posyandu) == preset.posyandu and {p.desa for p in plan.posyandu} == {d.code for d in desa}
    assert len({p.name for p in plan.puskesmas}) == len(plan.puskesmas)
