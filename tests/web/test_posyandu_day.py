"""Done when (issue #11 item 3): a Posyandu day in a real browser, from pendaftaran to the summary.

A Posyandu with 60 sasaran of every stage (tests/care/test_posyandu.build_posyandu). As the kader:
open the day, register arrivals, type the values of 15 people with the keyboard only (Enter moves
to the next field and on the last one saves), read the instant feedback of the known cases (a
balita whose weight did not go up → T; BB/TB below −3 → gizi buruk and Rujuk; BP 150/95 →
hipertensi; LiLA 22 of an ibu hamil → KEK), hand out vitamin A. The other arrivals' values go
through the same form posts (the grid's own endpoints, without a browser) to keep the runtime
reasonable. Then as the bidan (Pustu): give the immunizations due today. The summary's counts
must equal what was entered. Screenshots at 1,366 and 390 px of the grid, the summary and a
child's person page (growth chart, immunization card) in test-output/screenshots/posyandu-*.png.
"""

import os
import uuid
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from siklus.care.models import Immunization, Observation, Supplement
from tests.care.test_posyandu import build_posyandu

from ..conftest import PASSWORD

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"


@pytest.fixture
def browser(live_server):
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail("chromium is missing: `make test` installs it with apt-get")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-background-networking",
                                                                     "--disable-gpu"])
        browser.base = live_server.url
        yield browser
        browser.close()


def open_page(browser, username, width=1366):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(browser.base + "/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(browser.base + "/")
    return page


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"posyandu-{name}.png"), full_page=True)


def type_row(page, person, values):
    """Type a row's values with the keyboard: focus the first field, type, Enter to the next one;
    an empty value is skipped with Enter. The last Enter reaches Simpan, which Enter presses."""
    row = page.locator(f"#p-{person.pk}")
    row.locator("form.measure input:not([type=hidden]):not([disabled])").first.focus()
    enabled = row.locator("form.measure input:not([type=hidden]):not([disabled]), form.measure select")
    names = [enabled.nth(i).get_attribute("name") for i in range(enabled.count())]
    for name in names:
        value = values.get(name, "")
        if name == "measure":
            if value:
                page.keyboard.press("h" if value == "h" else "b")  # choose by the option's first letter
            page.keyboard.press("Enter") if not value else page.keyboard.press("Tab")
            continue
        if value:
            page.keyboard.type(value)
        page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # on Simpan
    return row


# Keyboard rows: (case, values). The values are what a kader reads off the scale and the tapes.
def keyboard_rows(pw):
    balita, dewasa, lansia = pw.by_stage["balita"], pw.by_stage["dewasa"], pw.by_stage["lansia"]
    rows = [
        (pw.not_gaining, {"weight_kg": "12,3", "lenhei_cm": "91"}),
        (pw.wasted, {"weight_kg": "9,2", "lenhei_cm": "88"}),
        (pw.hypertensive, {"weight_kg": "68", "lenhei_cm": "160", "waist_cm": "88", "sbp": "150", "dbp": "95"}),
        (pw.kek, {"weight_kg": "50", "lenhei_cm": "152", "muac_cm": "22", "sbp": "110", "dbp": "70"}),
    ]
    rows += [(p, {"weight_kg": f"{11 + i * 0.4:.1f}".replace(".", ","), "lenhei_cm": str(86 + i), "muac_cm": "14,5"})
             for i, p in enumerate(balita[3:8])]
    rows += [(p, {"weight_kg": str(60 + i), "lenhei_cm": "158", "waist_cm": "80", "sbp": "120", "dbp": "80",
                  "glucose_mg_dl": "95"}) for i, p in enumerate(dewasa[1:4])]
    rows += [(p, {"weight_kg": "55", "lenhei_cm": "150", "sbp": "130", "dbp": "85"}) for p in lansia[:3]]
    return rows


def test_a_posyandu_day_from_registration_to_summary(world, browser):
    a = world["A"]
    pw = build_posyandu(a)
    day = pw.today
    url = lambda name: reverse(name, kwargs={"pk": a.posyandu.pk, "day": day})  # noqa: E731
    absent = {pw.by_stage["balita"][-1].pk, pw.by_stage["lansia"][-1].pk, pw.by_stage["dewasa"][-1].pk,
              pw.by_stage["bayi"][-1].pk, a.mother.pk, a.child.pk}
    keyboard = keyboard_rows(pw)
    assert len(keyboard) == 15

    page = open_page(browser, "kader_A")
    page.get_by_role("link", name="Hari buka Posyandu hari ini").click()
    assert "hari buka" in page.inner_text("h1")
    # Pendaftaran of the keyboard rows' people in the browser ("Hadir" on the sasaran list).
    for person, _values in keyboard:
        page.locator(f"#s-{person.pk}").get_by_role("button", name="Hadir").click()
        page.wait_for_selector(f"#p-{person.pk}")
    # The other arrivals through the same form posts (no browser).
    kader = Client()
    kader.force_login(pw.kader)
    typed = {p.pk for p, _v in keyboard}
    others = [p for p in pw.persons if p.pk not in typed and p.pk not in absent]
    for person in others:
        assert kader.post(url("posyandu_attend"), {"person": person.pk}).status_code == 302
    page.reload()

    # Penimbangan with the keyboard, the feedback checked for the known cases before saving.
    expected = {pw.not_gaining.pk: ["T: tidak naik", "Rujuk"], pw.wasted.pk: ["Gizi buruk", "Rujuk"],
                pw.hypertensive.pk: ["Hipertensi derajat 1"], pw.kek.pk: ["Kurang Energi Kronis (KEK)", "Rujuk"]}
    for person, values in keyboard:
        row = type_row(page, person, values)
        page.wait_for_selector(f"#p-{person.pk}.saved", timeout=10_000)
        feedback = row.locator(".fb").inner_text()
        for text in expected.get(person.pk, []):
            assert text in feedback, (person.name, text, feedback)
        if person.pk == pw.wasted.pk:
            shot(page, "grid-1366")
    # The rest of the arrivals' values through the grid's own endpoint, as the browser posts them.
    for person in others:
        if person.pk == pw.mr1_due.pk:
            values = {"weight_kg": "8,4", "lenhei_cm": "70", "measure": "l", "headc_cm": "44"}
        elif person in pw.by_stage["ibu_hamil"]:
            values = {"weight_kg": "55", "muac_cm": "24", "sbp": "110", "dbp": "70"}
        elif person in pw.by_stage["dewasa"] or person in pw.by_stage["lansia"]:
            values = {"weight_kg": "60", "sbp": "120", "dbp": "78"}
        elif person in pw.by_stage["anak_sekolah"]:
            values = {"weight_kg": "35", "lenhei_cm": "145"}
        else:
            continue  # bayi, balita and apras who came but were not weighed yet
        response = kader.post(url("posyandu_measure"), {"person": person.pk, "row_id": str(uuid.uuid4()), **values},
                              HTTP_HX_REQUEST="true")
        assert "Tersimpan" in response.content.decode(), (person.name, response.content.decode()[:500])

    # Pelayanan: vitamin A for the balita who came (kader), the right colour offered.
    page.reload()
    for person in pw.by_stage["balita"][:4]:
        if person.pk in absent:
            continue
        row = page.locator(f"#p-{person.pk}")
        row.get_by_label("Vitamin A merah", exact=False).check()
        row.get_by_role("button", name="Berikan").click()
        page.wait_for_selector(f"#p-{person.pk} .ok-note")
    assert Supplement.objects.filter(kind="vitamin_a_merah", given_on=day).count() == 4
    assert page.locator(f"#p-{pw.mr1_due.pk} input[name=dose]").count() == 0  # a kader gives no vaccine
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(browser.base + url("posyandu_day") + f"#p-{pw.wasted.pk}")
    shot(page, "grid-390")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.close()

    # The bidan gives the doses due today.
    page = open_page(browser, "pustu_A")
    page.goto(browser.base + url("posyandu_day"))
    row = page.locator(f"#p-{pw.mr1_due.pk}")
    row.get_by_label("Imunisasi MR1").check()
    row.get_by_label("Imunisasi IPV2").check()
    row.get_by_label("No. batch").fill("MR-2411")
    row.get_by_role("button", name="Berikan").click()
    page.wait_for_selector(f"#p-{pw.mr1_due.pk} .ok-note")
    assert sorted(Immunization.objects.filter(given_on=day).values_list("dose", flat=True)) == ["IPV2", "MR1"]

    # The summary equals what was entered.
    page.goto(browser.base + url("posyandu_summary"))
    came = len(keyboard) + len(others)
    weighed = Observation.objects.filter(on=day, code="weight").values("person").distinct().count()
    total = page.locator("#by-stage tr[data-stage=total]").inner_text()
    assert str(62) in total and str(came) in total and str(weighed) in total, total
    assert page.locator("#growth [data-code=T] b").inner_text() == "1"
    referrals = page.locator("#referrals").inner_text()
    for person in (pw.not_gaining, pw.wasted, pw.hypertensive, pw.kek):
        assert person.name in referrals
    assert "Hipertensi derajat 1" in referrals and "Kurang Energi Kronis (KEK)" in referrals
    given = page.locator("#given").inner_text()
    assert "Imunisasi MR1: 1" in given and "Vitamin A merah" in given and ": 4" in given
    absent_names = page.locator("#absent").inner_text()
    assert pw.by_stage["lansia"][-1].name in absent_names and "RT" in absent_names
    shot(page, "summary-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    shot(page, "summary-390")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # A child's record: growth chart and immunization card (the person's page).
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(browser.base + reverse("person", kwargs={"pk": pw.mr1_due.pk}))
        page.wait_for_timeout(500)  # the chart draws
        shot(page, f"child-{width}")
    page.close()
