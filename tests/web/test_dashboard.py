"""Issue #14 "done when": a Dinkes officer opens the dashboard in a real browser (Debian's chromium
driven by Playwright) and drills down from the kabupaten to one desa's list of stunted children;
screenshots on a desktop and on a 390 px phone in test-output/screenshots/dashboard-*.png."""

import os
from datetime import date
from pathlib import Path

import pytest

from ..conftest import PASSWORD

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
YEAR = 2025
INDICATORS = ["gizi_stunting", "gizi_d_s", "gizi_underweight", "gizi_wasting", "k1", "idl", "ilp_pustu",
              "ilp_posyandu"]


@pytest.fixture
def kotim(transactional_db):
    """A small synthetic Kotawaringin Timur with 2025's stunting and a few other figures stored."""
    from siklus.core.actors import system
    from siklus.monitoring import facts, refresh
    from siklus.synth import generator

    preset = generator.resolve(preset="kotim", scale=0.01)
    result = generator.generate(preset=preset, seed=20250929, as_of=date(YEAR, 12, 31), months=12, scale=0.01,
                                password=PASSWORD, logins=True)
    facts.rebuild("62.02")
    refresh.refresh(system("test"), [YEAR], indicators=INDICATORS)
    return result


@pytest.fixture
def browser(live_server):
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail("chromium is missing: `make test` installs it with apt-get")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM,
                                    args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"])
        yield browser
        browser.close()


def open_page(browser, live_server, width, height):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.base = live_server.url
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.js_errors = errors
    return page


def login(page, username):
    page.goto(page.base + "/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def drawn(page):
    """The chart and the map have been drawn by dashboard.js (ECharts, Leaflet)."""
    page.wait_for_selector("#dash-chart[data-drawn='1']")
    if page.locator("#dash-map").count():
        page.wait_for_selector("#dash-map[data-drawn]")
        assert int(page.get_attribute("#dash-map", "data-drawn")) > 1


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"dashboard-{name}.png"), full_page=True)


def no_overflow(page):
    """Nothing wider than the screen except inside a scrolling table."""
    width = page.evaluate("document.documentElement.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width,height,name", [(1366, 900, "desktop"), (390, 844, "phone")])
def test_dinkes_drills_down_from_the_kabupaten_to_a_desas_stunted_children(kotim, browser, live_server, width,
                                                                            height, name):
    from siklus.facilities.models import Facility
    from siklus.monitoring import queries
    from siklus.monitoring.models import IndicatorValue
    from siklus.people.models import Person

    period = f"{YEAR}-12"
    desa = (IndicatorValue.objects.filter(indicator="gizi_stunting", level="desa", period=period, numerator__gt=1)
            .order_by("-numerator", "unit").first())
    puskesmas = Facility.objects.get(kind="puskesmas", served_areas=desa.unit)
    stunted = set(Person.objects.filter(pk__in=queries.person_ids("gizi_stunting", desa.unit, period))
                  .values_list("name", flat=True))
    assert len(stunted) > 1

    page = open_page(browser, live_server, width, height)
    dinkes = next(u for u in kotim.users if u.role == "dinkes_kab")
    login(page, dinkes.username)
    page.get_by_role("link", name="Dasbor PWS").click()
    assert "Dasbor utama" in page.inner_text("h1")

    # The kabupaten's Klaster 2 board, stunting in focus, up to December.
    page.locator("nav.boards").get_by_role("link", name="Klaster 2: ibu, anak dan remaja").click()
    page.get_by_label("Tahun").select_option(str(YEAR))
    page.get_by_label("Sampai bulan").select_option("12")
    page.get_by_role("button", name="Tampilkan").click()
    page.locator("table.summary").get_by_role("link", name="Stunting (pendek dan sangat pendek)").click()
    assert "Stunting" in page.inner_text("#fokus h2")
    drawn(page)
    assert "Kabupaten Kotawaringin Timur" in page.inner_text("h1")
    shot(page, f"{name}-kabupaten")
    no_overflow(page)

    # Kabupaten → Puskesmas (the level switch, then the Puskesmas' row).
    page.locator("ul.levels").get_by_role("link", name="Puskesmas").click()
    page.locator("table.ranking").get_by_role("link", name=str(puskesmas), exact=True).click()
    assert str(puskesmas) in page.inner_text("h1")
    drawn(page)
    shot(page, f"{name}-puskesmas")

    # Puskesmas → desa (its wilayah kerja ranked) → the desa's own figure → its persons.
    from siklus.areas.models import Area

    desa_name = Area.objects.get(code=desa.unit).full_name
    page.locator("table.ranking").get_by_role("link", name=desa_name, exact=True).click()
    assert desa_name in page.inner_text("h1")
    assert f"{desa.numerator:.0f} / {desa.denominator:.0f}" in page.inner_text(".own")
    shot(page, f"{name}-desa")
    page.locator(".own").get_by_role("link", name=f"{desa.numerator:.0f}").click()
    listed = page.locator("table.people tbody tr td:first-child").all_inner_texts()
    assert set(listed) == stunted
    assert "Stunting" in page.inner_text("h1") and desa_name in page.inner_text("h1")
    shot(page, f"{name}-stunted-children")
    no_overflow(page)
    assert not page.js_errors, page.js_errors
