"""Who sees which dashboard (issue #14 item 4: scoped), the official boundaries and the map layout.

Dinkes sees its kabupaten, a Puskesmas its wilayah kerja, a Pustu its desa, a kader only the
board of its own Posyandu; another area's board does not exist for them (404).
"""

import json

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def area_board(code, slug="utama"):
    return reverse("dashboard_area", kwargs={"code": code, "board": slug})


def facility_board(pk, slug="utama"):
    return reverse("dashboard_facility", kwargs={"pk": pk, "board": slug})


def test_each_role_lands_on_its_own_board(world, client_for):
    a = world["A"]
    expected = {"dinkes_kab": "Kabupaten", "kepala": str(a.puskesmas), "nakes": str(a.puskesmas),
                "pustu": a.desa.full_name, "kader": str(a.posyandu)}
    for role, title in expected.items():
        response = client_for(a.users[role]).get(reverse("dashboard"))
        assert response.status_code == 200, role
        h1 = response.content.decode().split("<h1>")[1].split("</h1>")[0]
        assert title in h1, (role, h1)


def test_dinkes_opens_any_board_of_its_kabupaten_and_none_of_another(world, client_for):
    a, c = world["A"], world["C"]
    client = client_for(a.users["dinkes_kab"])
    for url in (area_board("62.02"), area_board(a.desa.parent_id), area_board(a.desa.code, "klaster-3"),
                facility_board(a.puskesmas.pk, "spm"), facility_board(a.posyandu.pk)):
        assert client.get(url).status_code == 200, url
    for url in (area_board(c.desa.code), area_board(c.desa.code[:5]), facility_board(c.puskesmas.pk),
                facility_board(c.posyandu.pk), area_board("62")):
        assert client.get(url).status_code == 404, url


def test_a_pustu_sees_its_desa_not_the_kecamatan_nor_the_neighbour(world, client_for):
    a, b = world["A"], world["B"]
    client = client_for(a.users["pustu"])
    assert client.get(area_board(a.desa.code)).status_code == 200
    assert client.get(facility_board(a.posyandu.pk)).status_code == 200
    for url in (area_board(a.desa.parent_id), area_board(b.desa.code), facility_board(a.puskesmas.pk),
                facility_board(b.posyandu.pk)):
        assert client.get(url).status_code == 404, url


def test_a_kader_sees_only_its_own_posyandu(world, client_for):
    a, b = world["A"], world["B"]
    client = client_for(a.users["kader"])
    assert client.get(facility_board(a.posyandu.pk)).status_code == 200
    for url in (area_board(a.desa.code), facility_board(b.posyandu.pk), facility_board(a.puskesmas.pk),
                reverse("dashboard_people", kwargs={"code": a.desa.code}) + "?indikator=gizi_d_s&periode=2025"):
        assert client.get(url).status_code == 404, url


def test_a_puskesmas_sees_its_wilayah_kerja_and_not_the_kabupaten(world, client_for):
    a, c = world["A"], world["C"]
    client = client_for(a.users["kepala"])
    assert client.get(facility_board(a.puskesmas.pk)).status_code == 200
    assert client.get(area_board(a.desa.parent_id)).status_code == 200  # its kecamatan is its wilayah
    for url in (area_board("62.02"), facility_board(c.puskesmas.pk)):
        assert client.get(url).status_code == 404, url


def test_the_persons_behind_a_figure_are_listed_for_the_desa_and_its_posyandu(world, client_for):
    from siklus.people.models import Household

    a = world["A"]
    client = client_for(a.users["pustu"])
    query = "?indikator=gizi_d_s&periode=2025&bagian=penyebut"  # the registered balita
    page = client.get(reverse("dashboard_people", kwargs={"code": a.desa.code}) + query).content.decode()
    assert a.child.name in page and a.mother.name not in page
    posyandu_list = reverse("dashboard_facility_people", kwargs={"pk": a.posyandu.pk}) + query
    assert a.child.name not in client.get(posyandu_list).content.decode()  # not yet served by it
    Household.objects.filter(pk=a.household.pk).update(posyandu=a.posyandu)
    assert a.child.name in client.get(posyandu_list).content.decode()


def test_a_bad_drill_down_request_is_not_found(world, client_for):
    a = world["A"]
    client = client_for(a.users["dinkes_kab"])
    people = reverse("dashboard_people", kwargs={"code": a.desa.code})
    for query in ("", "?indikator=tidak_ada&periode=2025", "?indikator=gizi_d_s&periode=2025-13",
                  "?indikator=ilp_pustu&periode=2025", "?indikator=gizi_d_s&periode=kemarin"):
        assert client.get(people + query).status_code == 404, query
    kecamatan = reverse("dashboard_people", kwargs={"code": a.desa.parent_id})
    assert client.get(kecamatan + "?indikator=gizi_d_s&periode=2025").status_code == 404


def test_a_board_without_stored_values_says_whom_to_ask_not_which_command_to_type(world, client_for):
    page = client_for(world["A"].users["dinkes_kab"]).get(reverse("dashboard")).content.decode()
    assert "belum dihitung" in page and "siklus indicators" not in page


# ------------------------------------------------------------------------------------ map


def test_the_layout_is_deterministic_and_keeps_a_kecamatan_together():
    from siklus.monitoring.dashboards import layout

    codes = [f"62.02.{k:02d}.{2000 + d}" for k in range(1, 18) for d in range(1, 12)]
    places = layout(codes)
    assert places == layout(list(reversed(codes)))
    assert len({tuple(p) for p in places.values()}) == len(codes)

    def distance(x, y):
        return ((places[x][0] - places[y][0]) ** 2 + (places[x][1] - places[y][1]) ** 2) ** 0.5

    same = max(distance(a, b) for a in codes[:11] for b in codes[:11])
    other = min(distance(a, b) for a in codes[:11] for b in codes[11:])
    assert same < other  # a kecamatan's desa are closer to each other than to any other desa


def square(lon, lat, size=0.01):
    return {"type": "Polygon", "coordinates": [[[lon, lat], [lon + size, lat], [lon + size, lat + size],
                                                [lon, lat + size], [lon, lat]]]}


def test_official_boundaries_are_imported_by_kemendagri_code_and_drawn_as_a_choropleth(
        world, client_for, tmp_path):
    from django.core.management import call_command

    from siklus.areas.models import AreaBoundary

    a, b = world["A"], world["B"]
    geojson = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"KDEPUM": a.desa.code.replace(".", "")}, "geometry": square(113.0, -2.5)},
        {"type": "Feature", "properties": {"kode_desa": b.desa.code}, "geometry": square(113.02, -2.5)},
        {"type": "Feature", "properties": {"kode": "6202999999"}, "geometry": square(113.04, -2.5)},
        {"type": "Feature", "properties": {"nama": "tanpa kode"}, "geometry": square(113.06, -2.5)},
    ]}
    path = tmp_path / "desa.geojson"
    path.write_text(json.dumps(geojson))
    call_command("areas", "import-boundaries", str(path), "--source", "BIG 2024")
    shape = AreaBoundary.objects.get(area_id=a.desa.code)
    assert (round(shape.centre_lat, 3), round(shape.centre_lon, 3)) == (-2.495, 113.005)
    assert AreaBoundary.objects.count() == 2 and shape.source == "BIG 2024"

    body = client_for(a.users["dinkes_kab"]).get(area_board(a.desa.parent_id)).content.decode()
    data = json.loads(body.split('id="dash-map-data" type="application/json">')[1].split("</script>")[0])
    assert data["mode"] == "shapes"
    by_code = {f["code"]: f for f in data["features"]}
    assert by_code[a.desa.code]["geometry"]["type"] == "Polygon"


def test_only_an_operator_imports_boundaries(world):
    from siklus.areas.boundaries import import_geojson

    with pytest.raises(PermissionError):
        import_geojson(world["A"].users["dinkes_kab"], {"type": "FeatureCollection", "features": []})
