"""The dashboards on a synthetic Kotawaringin Timur (issue #14 item 4, 5 and its "done when").

Every figure on a page is a stored value (the page never reads the fact or care tables), in the
user's number format, with its sasaran source; every table downloads as Excel and CSV; the
drill-down from the kabupaten reaches the persons behind a desa's number, audited.
"""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from siklus.monitoring import queries
from siklus.monitoring.models import IndicatorValue
from tests.monitoring.conftest import YEAR

pytestmark = pytest.mark.django_db
KAB = "62.02"


@pytest.fixture
def dinkes(kotim, client_for):
    from siklus.accounts.models import Role

    user = next(u for u in kotim.users if u.role == Role.DINKES_KAB)
    return client_for(user)


def text(response) -> str:
    import html
    import re

    body = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def html_of(response) -> str:
    import html

    return html.unescape(response.content.decode())


def board(code=KAB, slug="utama", **query):
    return reverse("dashboard_area", kwargs={"code": code, "board": slug}) + "?" + "&".join(
        f"{k}={v}" for k, v in {"tahun": YEAR, **query}.items())


def test_the_rollout_page_shows_43_of_152_pustu_and_229_of_310_posyandu_in_indonesian(dinkes):
    page = text(dinkes.get(reverse("dashboard_rollout")))
    assert "Pustu menjalankan ILP" in page and "43 / 152" in page and "28,3 %" in page
    assert "Posyandu siklus hidup" in page and "229 / 310" in page and "73,9 %" in page
    # Per Puskesmas (a chart and a matrix of every measure) and the sasaran source of each figure.
    assert "Semua ukuran per Puskesmas" in page and "sasaran: Fasilitas terdaftar" in page


def test_the_rollout_per_kecamatan_sums_to_the_kabupaten(dinkes):
    response = dinkes.get(board(slug="ilp", tingkat="kecamatan", indikator="ilp_pustu", unduh="csv",
                                tabel="peringkat"))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {r["level"] for r in rows} == {"kecamatan"}
    assert sum(float(r["numerator"]) for r in rows) == 43 and sum(float(r["denominator"]) for r in rows) == 152


def test_in_english_numbers_are_written_the_english_way(dinkes):
    dinkes.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = text(dinkes.get(reverse("dashboard_rollout")))
    assert "28.3 %" in page and "73.9 %" in page


def test_the_ranked_table_lists_desa_best_first_with_their_pws_status(dinkes):
    response = dinkes.get(board(slug="klaster-2", indikator="k1", unduh="csv", tabel="peringkat"))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows and {r["level"] for r in rows} == {"desa"}
    values = [float(r["value"]) for r in rows if r["value"] != ""]
    assert values == sorted(values, reverse=True)
    assert {r["status"] for r in rows} <= {"baik", "kurang", "cukup", "jelek", ""}
    assert all(r["period"] == rows[0]["period"] and r["period"].startswith(f"{YEAR}-") for r in rows)
    # Lower is better for stunting: the best desa (fewest stunted) come first.
    response = dinkes.get(board(slug="klaster-2", indikator="gizi_stunting", unduh="csv", tabel="peringkat"))
    values = [float(r["value"]) for r in csv.DictReader(io.StringIO(response.content.decode())) if r["value"]]
    assert values == sorted(values)


def test_every_table_downloads_as_excel_and_csv_with_the_stored_values(dinkes):
    from openpyxl import load_workbook

    stored = IndicatorValue.objects.get(indicator="ilp_pustu", level="kabkota", unit=KAB, period=str(YEAR))
    for table in ("ringkasan", "peringkat", "matriks"):
        url = board(slug="ilp", tabel=table, indikator="ilp_pustu")
        as_csv = dinkes.get(url + "&unduh=csv")
        assert as_csv["Content-Type"].startswith("text/csv") and "attachment" in as_csv["Content-Disposition"]
        rows = list(csv.DictReader(io.StringIO(as_csv.content.decode())))
        assert rows and "sasaran_source" in rows[0]
        as_xlsx = dinkes.get(url + "&unduh=xlsx")
        sheet = load_workbook(io.BytesIO(as_xlsx.content)).active
        assert sheet.max_row == len(rows) + 1
    summary = list(csv.DictReader(io.StringIO(dinkes.get(board(slug="ilp", tabel="ringkasan", unduh="csv"))
                                              .content.decode())))
    pustu = next(r for r in summary if r["indicator"] == "ilp_pustu")
    assert (float(pustu["numerator"]), float(pustu["denominator"])) == (stored.numerator, stored.denominator)
    assert pustu["sasaran_source"] == "fasilitas"


def test_a_dashboard_page_reads_stored_values_only(dinkes):
    from siklus.monitoring.models import Fact

    dinkes.get(board(slug="klaster-2", indikator="gizi_stunting"))  # warm the caches
    with CaptureQueriesContext(connection) as queries_run:
        response = dinkes.get(board(slug="klaster-2", indikator="gizi_stunting"))
    assert response.status_code == 200
    sql = " ".join(q["sql"] for q in queries_run.captured_queries)
    assert Fact._meta.db_table not in sql and "care_" not in sql
    assert len(queries_run.captured_queries) < 25, [q["sql"][:120] for q in queries_run.captured_queries]


def test_every_figure_names_its_sasaran_source(dinkes):
    page = text(dinkes.get(board(slug="klaster-2", indikator="k1")))
    assert "sasaran: Penduduk terdaftar" in page  # each row of the summary
    assert "Sasaran: Penduduk terdaftar" in page  # the focused figure too


def test_the_cumulative_line_and_the_monthly_target_are_given_to_the_chart(dinkes):
    import json
    import re

    body = dinkes.get(board(slug="klaster-2", indikator="k1", bulan=12)).content.decode()
    chart = json.loads(re.search(r'id="dash-chart-data"[^>]*>(.*?)</script>', body, re.S).group(1))
    assert chart["kind"] == "line" and [m for m, _ in chart["targets"]] == list(range(1, 13))
    targets = dict(chart["targets"])
    assert targets[6] == pytest.approx(targets[12] / 2)  # target × m/12 (ILP.md §7.1)
    values = [v for _, v in chart["values"]]
    assert values == sorted(values)  # cumulative from January never goes down


def test_the_map_places_every_desa_of_the_kabupaten(dinkes):
    import json
    import re

    from siklus.areas.models import Area

    body = dinkes.get(board(slug="klaster-2", indikator="gizi_stunting")).content.decode()
    data = json.loads(re.search(r'id="dash-map-data"[^>]*>(.*?)</script>', body, re.S).group(1))
    assert data["mode"] == "points"
    assert {f["code"] for f in data["features"]} == set(
        Area.objects.filter(level="desa", code__startswith=KAB + ".").values_list("code", flat=True))
    assert len({tuple(f["xy"]) for f in data["features"]}) == len(data["features"])  # no two on one spot


def test_drill_down_from_the_kabupaten_to_the_stunted_children_of_one_desa(dinkes):
    from siklus.audit.models import Action, AuditEvent
    from siklus.facilities.models import Facility

    period = f"{YEAR}-12"
    # Kabupaten → Puskesmas: the ranking per Puskesmas links to each Puskesmas' board.
    page = dinkes.get(board(slug="klaster-2", indikator="gizi_stunting", tingkat="puskesmas", bulan=12))
    desa = (IndicatorValue.objects.filter(indicator="gizi_stunting", level="desa", period=period, numerator__gt=0)
            .order_by("-numerator").first())
    puskesmas = Facility.objects.get(kind="puskesmas", served_areas=desa.unit)
    puskesmas_url = reverse("dashboard_facility", kwargs={"pk": puskesmas.pk, "board": "klaster-2"})
    assert puskesmas_url in html_of(page)
    # Puskesmas → desa → the desa's number links to its list of persons.
    page = dinkes.get(puskesmas_url + f"?tahun={YEAR}&bulan=12&indikator=gizi_stunting")
    desa_url = reverse("dashboard_area", kwargs={"code": desa.unit, "board": "klaster-2"})
    assert desa_url in html_of(page)
    people_url = reverse("dashboard_people", kwargs={"code": desa.unit}) + f"?indikator=gizi_stunting&periode={period}"
    page = dinkes.get(desa_url + f"?tahun={YEAR}&bulan=12&indikator=gizi_stunting")
    assert people_url in html_of(page)
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    listed = dinkes.get(people_url)
    expected = queries.person_ids("gizi_stunting", desa.unit, period)
    assert len(expected) == desa.numerator
    from siklus.people.models import Person

    names = list(Person.objects.filter(pk__in=expected).values_list("name", flat=True))
    content = html_of(listed)
    assert all(name in content for name in names)
    (event,) = AuditEvent.objects.filter(pk__gt=before)
    assert event.action == Action.LIST and sorted(event.changes["ids"]) == sorted(str(i) for i in expected)


def test_a_posyandu_board_lists_the_persons_of_its_households_only(dinkes):
    from siklus.people.models import Person

    period = f"{YEAR}-12"
    value = (IndicatorValue.objects.filter(indicator="gizi_d_s", level="posyandu", period=period, numerator__gt=0)
             .first())
    url = reverse("dashboard_facility_people", kwargs={"pk": value.unit}) + f"?indikator=gizi_d_s&periode={period}"
    content = html_of(dinkes.get(url))
    in_desa = queries.person_ids("gizi_d_s", value.area_code, period)
    mine = set(Person.objects.filter(pk__in=in_desa, household__posyandu_id=value.unit).values_list("name", flat=True))
    assert len(mine) == value.numerator or len(mine) <= value.numerator  # names may repeat
    assert all(name in content for name in mine)
    others = set(Person.objects.filter(pk__in=in_desa).exclude(household__posyandu_id=value.unit)
                 .values_list("name", flat=True)) - mine
    assert not any(f">{name}<" in content for name in others)


def test_the_people_list_downloads_and_the_download_is_an_audited_export(dinkes):
    from siklus.audit.models import Action, AuditEvent

    value = IndicatorValue.objects.filter(indicator="gizi_d_s", level="desa", period=str(YEAR), numerator__gt=0).first()
    url = reverse("dashboard_people", kwargs={"code": value.unit}) + f"?indikator=gizi_d_s&periode={YEAR}"
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    rows = list(csv.DictReader(io.StringIO(dinkes.get(url + "&unduh=csv").content.decode())))
    assert len(rows) == value.numerator
    (event,) = AuditEvent.objects.filter(pk__gt=before)
    assert event.action == Action.EXPORT and event.changes["count"] == len(rows)


def test_the_spm_page_shows_the_twelve_services_and_the_edition_in_force(dinkes):
    from siklus.rules import spm

    page = text(dinkes.get(reverse("dashboard_spm") + f"?tahun={YEAR}"))
    assert f"Standar yang berlaku: {spm.edition_for(YEAR).version}" in page
    for service in spm.SERVICES:
        assert service.name in page
    stored = IndicatorValue.objects.get(indicator="spm_hipertensi", level="kabkota", unit=KAB, period=str(YEAR))
    assert f"{stored.numerator:.0f} / {stored.denominator:.0f}" in page


def test_the_main_and_cluster_boards_open_for_every_cluster(dinkes):
    for n in (2, 3, 4):
        assert dinkes.get(reverse("dashboard_cluster", kwargs={"klaster": n})).status_code == 200
    assert dinkes.get(reverse("dashboard_cluster", kwargs={"klaster": 9})).status_code == 404
    assert dinkes.get(reverse("dashboard")).status_code == 200
    assert dinkes.get(board(slug="tidak-ada")).status_code == 404
