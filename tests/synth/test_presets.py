"""The four presets plan the facilities and ILP roll-out each district reports (no database)."""

from collections import Counter
from datetime import date

import pytest

from siklus.synth import generator
from siklus.synth.presets import PRESETS


def test_presets_are_real_kemendagri_areas_with_their_figures():
    assert {name: p.kabupaten for name, p in PRESETS.items()} == {
        "kotim": "62.02", "banjar": "63.03", "sintang": "61.05", "bandung": "32.73"}
    assert generator.resolve(preset="kotim").population == 448_180
    assert generator.resolve(preset="kotim", scale=0.1).population == 44_818
    assert generator.resolve(preset="kotim", persons=1234).population == 1234
    assert PRESETS["banjar"].jkn_share == 1.0


def test_kotim_plan(planned):
    preset, desa, plan = planned("kotim")
    assert (len(plan.puskesmas), len(plan.pustu), len(plan.posyandu)) == (21, 152, 310)
    assert sum(p.ilp_active for p in plan.pustu) == 43 and sum(p.ilp_active for p in plan.posyandu) == 229
    assert all(p.ilp_active for p in plan.puskesmas)
    pilot = plan.pilot
    assert sum(p.parent == pilot for p in plan.pustu) == 2 and sum(p.parent == pilot for p in plan.posyandu) == 10
    assert sum(d.population for d in desa) == 448_180
    assert plan.puskesmas[pilot].name == "Puskesmas Ketapang 2"
    assert plan.puskesmas[pilot].desa.startswith("62.02.06.")  # Kecamatan Mentawa Baru Ketapang
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


def test_bandung_40_puskesmas_on_17_november_2024_and_all_80_by_23_june_2025(planned):
    preset, desa, plan = planned("bandung")
    assert len(plan.puskesmas) == 80 and len(desa) == 151 and len(plan.posyandu) == 1_987
    since = [p.ilp_since for p in plan.puskesmas]
    assert since.count(date(2024, 11, 17)) == 40
    assert all(date(2024, 11, 17) <= d <= date(2025, 6, 23) for d in since)
    # Pustu and Posyandu follow their Puskesmas.
    assert all(p.ilp_active and p.ilp_since == plan.puskesmas[p.parent].ilp_since for p in plan.pustu + plan.posyandu)
    wilayah = [c for p in plan.puskesmas for c in p.wilayah]
    assert sorted(wilayah) == sorted(d.code for d in desa)


def test_sintang_22_puskesmas_and_468_posyandu(planned):
    preset, desa, plan = planned("sintang")
    assert (len(plan.puskesmas), len(plan.posyandu)) == (22, 468)


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_every_figure_of_a_preset_names_its_source(name):
    """Population and facility counts in ``sources``; health figures as Figures with a source,
    national ones marked national (DISTRICTS.md)."""
    preset = PRESETS[name]
    assert {"population", "puskesmas", "pustu", "posyandu", "ilp"} <= set(preset.sources)
    for figure in ("sex_ratio", "share_0_4", "birth_rate", "stunting", "wasting", "underweight", "hypertension",
                   "diabetes", "screening", "idl"):
        assert getattr(preset, figure).source, figure
    assert "SSGI 2023" not in preset.stunting.source  # the 2023 survey is SKI
    assert not preset.stunting.national and not preset.sex_ratio.national


def test_the_district_figures_of_districts_md():
    kotim, banjar, sintang, bandung = (PRESETS[n] for n in ("kotim", "banjar", "sintang", "bandung"))
    assert [p.population for p in (kotim, banjar, sintang, bandung)] == [448_180, 600_000, 426_416, 2_506_600]
    assert [p.stunting.value for p in (kotim, banjar, sintang, bandung)] == [0.355, 0.323, 0.310, 0.163]
    assert [p.sex_ratio.value for p in (kotim, banjar, sintang, bandung)] == [107.0, 102.5, 106.0, 100.6]
    assert kotim.share_0_4.value == 0.0841 and not kotim.share_0_4.national and banjar.share_0_4.national
    assert banjar.hypertension.value == 0.40 and kotim.hypertension.national and kotim.hypertension.value == 0.308
    assert kotim.screening.value == 0.38 and banjar.screening.value == 0.36 and banjar.screening.national
    assert (sintang.puskesmas, sintang.posyandu, bandung.posyandu) == (22, 468, 1_987)


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_every_preset_covers_its_kabupaten_with_wilayah_kerja(planned, name):
    preset, desa, plan = planned(name)
    wilayah = [c for p in plan.puskesmas for c in p.wilayah]
    assert sorted(wilayah) == sorted(d.code for d in desa)
    assert len({p.desa for p in plan.pustu}) == len(plan.pustu) == preset.pustu
    assert len(plan.posyandu) == preset.posyandu and {p.desa for p in plan.posyandu} == {d.code for d in desa}
    assert len({p.name for p in plan.puskesmas}) == len(plan.puskesmas)
