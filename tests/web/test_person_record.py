"""A person's page is their record (issue #11 item 2): what is due and why, growth charts
against the WHO curves, the Buku KIA immunization card, the pregnancy with its 10T, and the
history of contacts by life stage, on a phone and a desktop; at a fixed cost in queries."""

import os
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from siklus.audit.models import AuditEvent
from siklus.care import charts, records
from siklus.rules.anthropometry import lms
from siklus.rules.anthropometry.tables import LHFA, WFA, WFL, table

from ..care import rich
from ..conftest import PASSWORD

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def family(world, admin):
    return rich.build(world["A"], admin, timezone.localdate())


def page_of(client, person):
    response = client.get(reverse("person", kwargs={"pk": person.pk}))
    assert response.status_code == 200
    return response


# ------------------------------------------------------------------------------------ the page


def test_the_childs_page_shows_due_growth_card_and_history(world, family, client_for):
    mother, child = family
    html = page_of(client_for(world["A"].users["kader"]), child).content.decode()
    for section in ("Perlu dilayani", "Pertumbuhan", "Kartu imunisasi", "Riwayat layanan", "Riwayat perubahan",
                    "Data kependudukan"):
        assert section in html
    assert 'data-code="penimbangan"' in html  # nobody weighed her this month yet
    assert 'id="growth-data"' in html and "who-curves.json" in html and "echarts.min.js" in html
    # Each record type of the child: weighing, dose, vitamin A, KPSP, KN, case report.
    for text in ("Hari buka Posyandu", "Imunisasi Campak-Rubela 1 (MR1)", "Vitamin A merah", "KPSP (perkembangan anak)",
                 "Kunjungan neonatal (KN) (KN1)", "Laporan kasus: Demam berdarah dengue (DBD)", "Berat badan normal"):
        assert text in html, text
    assert html.count('<details class="stage"') >= 3  # bayi, balita, anak prasekolah


def test_the_mothers_page_shows_pregnancy_and_every_clinical_record(world, family, client_for):
    mother, child = family
    html = page_of(client_for(world["A"].users["nakes"]), mother).content.decode()
    assert "Kehamilan" in html and "K1 murni" in html and "pola K6" in html
    for text in ("K1 · ", "K6 · ", "118/76 mmHg", "11,2 g/dL", "tidak tercatat", "T1 ", "T2 ",
                 "Kunjungan nifas", "KF4", "KN3", "Rina Lengkap", "3.100 g"):
        assert text in html, text
    # Open items: the referral, the hypertension, the TB episode; and each record type in the history.
    assert "Rujukan terbuka" in html and "Tekanan darah tidak terkendali" in html
    assert "Hipertensi" in html and "mulai pengobatan" in html
    for text in ("MTB terdeteksi, rifampisin sensitif", "Amlodipin 5 mg", "Permintaan laboratorium", "Kolesterol total", "Terduga TBC", "Tablet tambah darah",
                 "Persalinan: Lahir hidup", "Kontrol penyakit kronis", "klaster 3", "Pustu A", "Kontrol hipertensi bulanan"):
        assert text in html, text


def test_one_view_event_per_page_view(world, family, client_for):
    mother, child = family
    client = client_for(world["A"].users["pustu"])
    before = AuditEvent.objects.filter(action="view", object_id=str(child.pk)).count()
    page_of(client, child)
    assert AuditEvent.objects.filter(action="view", object_id=str(child.pk)).count() == before + 1


def test_another_areas_user_does_not_see_the_record(world, family, client_for):
    mother, child = family
    response = client_for(world["B"].users["kader"]).get(reverse("person", kwargs={"pk": child.pk}))
    assert response.status_code == 404


def test_the_page_costs_a_fixed_number_of_queries(world, admin, family, client_for, django_assert_max_num_queries):
    """Five years of history (60 weighings, 20 doses, six ANC contacts, 23 kontrol visits …) cost
    the same number of queries as none: nothing is read per row."""
    mother, child = family
    client = client_for(world["A"].users["pustu"])
    with django_assert_max_num_queries(40):
        page_of(client, child)
    with django_assert_max_num_queries(40):
        page_of(client, mother)
    elapsed = []
    for _ in range(5):
        start = time.perf_counter()
        page_of(client, child)
        elapsed.append(time.perf_counter() - start)
    print(f"\nperson page, 5 years of history: best {min(elapsed) * 1000:.0f} ms of 5")


# ------------------------------------------------------------------------------------- charts


def test_chart_points_are_the_stored_observations(world, family):
    mother, child = family
    data = records.person_record(world["A"].users["pustu"], child, timezone.localdate()).growth
    assert data["sex"] == "P" and data["wflh_curve"] == "wfh"  # five years old: measured standing
    from siklus.care.models import Observation

    weights = Observation.objects.filter(person=child, code="weight").order_by("on")
    assert [p["y"] for p in data["points"]["wfa"]] == [w.value for w in weights]
    assert data["points"]["wfa"][0]["code"] == "B"  # the first weighing: baru
    assert {p["code"] for p in data["points"]["wfa"]} >= {"N", "T"}
    assert len(data["points"]["hcfa"]) == Observation.objects.filter(person=child, code="head_circumference").count()
    assert len(data["points"]["wflh"]) == len(weights)  # each weighing with its length/height


def test_the_curve_file_is_what_the_rules_give_and_the_who_medians():
    assert charts.PATH.read_text(encoding="utf-8") == charts.text()  # regenerate: python -m siklus.care.charts
    curves = charts.who_curves()
    for sex, row in (("L", 0), ("P", 1)):
        # The day of WHO's daily table at a month (half a day rounds up: 24 months is day 731, standing).
        for index, name, x in (("wfa", WFA, 12), ("lhfa", LHFA, 24), ("lhfa", LHFA, 6), ("wfa", WFA, 0)):
            column = int(x * 30.4375 + 0.5)
            c = curves[sex][index]
            t = table(name)
            median = float(lms.value_at(0.0, t.l[row, column], t.m[row, column], t.s[row, column]))
            assert c["lines"]["0"][c["x"].index(x)] == pytest.approx(median, abs=0.01)
    wfl = curves["L"]["wfl"]
    t = table(WFL)
    col = round((80 - t.x0) / t.step)
    assert wfl["lines"]["0"][wfl["x"].index(80)] == pytest.approx(float(t.m[0, col]), abs=0.01)
    assert set(curves["L"]["wfa"]["lines"]) == {"-3", "-2", "0", "1", "2", "3"}  # with the orange +1 line


# --------------------------------------------------------------------------- immunization card


def _cells(card, code):
    row = next(r for r in card.rows if r.code == code)
    return dict(zip(card.columns, row.cells))


def test_card_colours_given_late_due_and_not_allowed(world, admin):
    from siklus.care.models import Immunization
    from siklus.people import services as people

    a = world["A"]
    today = timezone.localdate()
    birth = today - timedelta(days=100)  # 3 months old
    baby = people.register_person(admin, people.PersonInput(household=a.household, name="Bayi Kartu", sex="L",
                                                            birth_date=birth, relation="anak", mother=a.mother))
    Immunization.objects.create(area_code=baby.area_code, person=baby, dose="HB0", given_on=birth)
    Immunization.objects.create(area_code=baby.area_code, person=baby, dose="BCG", given_on=birth + timedelta(days=65))
    card = records.person_record(a.users["pustu"], baby, today).card
    hb0 = _cells(card, "HB0")
    assert hb0["0"].mark == "given" and hb0["0"].colour == "white" and hb0["0"].text
    assert hb0["1"].colour == "grey"  # HB0 is not given after the first month
    bcg = _cells(card, "BCG")
    assert bcg["2"].mark == "given-late" and bcg["2"].colour == "yellow"
    assert bcg["12–17"].colour == "grey"
    dpt = _cells(card, "DPT-HB-Hib1")
    current = str(records.age_on(birth, today).months)
    assert dpt[current].mark == "due" and dpt[current].colour == "yellow"  # 3 months: late, still allowed
    assert dpt["2"].colour == "white" and dpt["24–59"].colour == "pink" and dpt["0"].colour == "grey"
    html = page_of(Client_for(a.users["pustu"]), baby).content.decode()
    assert "imm-given-late" in html and "imm-due" in html and "imm-grey" in html and "imm-pink" in html


def Client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


# ------------------------------------------------------------------------------------- browser


@pytest.mark.browser
def test_a_childs_page_on_a_phone_and_a_desktop(world, family, live_server):
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail("chromium is missing: `make test` installs it with apt-get")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    mother, child = family
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM,
                                    args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"])
        for width, height in ((1366, 800), (390, 844)):
            page = browser.new_page(viewport={"width": width, "height": height})
            errors: list[str] = []
            page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
            page.goto(live_server.url + "/masuk/")
            page.get_by_label("Nama pengguna").fill("pustu_A")
            page.get_by_label("Kata sandi").fill(PASSWORD)
            page.get_by_role("button", name="Masuk").click()
            for who, person in (("child", child), ("mother", mother)):
                page.goto(live_server.url + reverse("person", kwargs={"pk": person.pk}))
                assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{who} wider than {width}"
                page.screenshot(path=str(SCREENSHOTS / f"person-{who}-{width}.png"), full_page=True)
            page.goto(live_server.url + reverse("person", kwargs={"pk": child.pk}))
            chart = page.locator("#growth-chart")
            page.wait_for_selector("#growth-chart[data-shown='wfa'] canvas")
            for tab, name in (("lhfa", "PB/U, TB/U"), ("wflh", "BB/PB, BB/TB"), ("hcfa", "LK/U")):
                page.get_by_role("tab", name=name).click()
                page.wait_for_selector(f"#growth-chart[data-shown='{tab}']")
                assert page.get_by_role("tab", name=name).get_attribute("aria-selected") == "true"
                chart.screenshot(path=str(SCREENSHOTS / f"person-chart-{tab}-{width}.png"))
            chart.screenshot(path=str(SCREENSHOTS / f"person-chart-hcfa-{width}.png"))
            # The card scrolls sideways inside its box; its dose column stays in view.
            card = page.locator(".imm .table-scroll")
            card.evaluate("el => el.scrollLeft = 400")
            first = page.locator("table.imm-card tbody th.sticky").first
            assert abs(first.bounding_box()["x"] - card.bounding_box()["x"]) < 2
            page.locator("#kartu-imunisasi").screenshot(path=str(SCREENSHOTS / f"person-card-{width}.png"))
            assert not errors, errors
            page.close()
        browser.close()
