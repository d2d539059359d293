"""Done when (issue #16, 1 and 3): the kader app on a 390 px phone in Chromium, without signal.

A kader signs in once online (the device registers, the desa's feed is pulled, the service worker
caches the shell). Then the signal goes (``context.set_offline``): the app reloads from the cache, the
Posyandu day of 60 sasaran is entered — each save says "tersimpan di HP" at once, the instant feedback
is the server's (the same Permenkes status the care services' preview gives) — and survives a reload.
Back online, the outbox empties and every record reaches the server exactly once ("terkirim").
Session expiry asks for the password and keeps the outbox; a revoked device says so and keeps its
unsent work for export. Screenshots: test-output/screenshots/kader-*.png.
"""

import os
from pathlib import Path

import pytest
from django.utils import timezone

from siklus.care.models import Encounter, Observation
from siklus.care.services import preview_measurements
from tests.care.test_posyandu import build_posyandu

from ..conftest import PASSWORD

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def browser(live_server):
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail("chromium is missing: `make test` installs it with apt-get")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        browser.base = live_server.url
        yield browser
        browser.close()


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"kader-{name}.png"), full_page=True)


def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                  service_workers="allow", locale="id-ID")
    return context, context.new_page()


def sign_in(page, base, username, password=PASSWORD):
    page.goto(base + "/kader/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_selector("h1:has-text('Halo')")
    in_sync(page)
    page.evaluate("navigator.serviceWorker.ready")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def in_sync(page, timeout=60_000):
    page.wait_for_selector("#sync-badge.ok[data-pending='0']", timeout=timeout)


def counts(page):
    return page.evaluate("window.siklusKader.counts()")


def test_a_posyandu_day_entered_offline_reaches_the_server_exactly_once(world, browser):
    place = world["A"]
    day = build_posyandu(place)
    today = timezone.localdate()
    sasaran = [p for group in day.by_stage.values() for p in group]
    assert len(sasaran) == 60
    context, page = phone(browser)
    sign_in(page, browser.base, "kader_A")
    held = counts(page)
    assert held["person"] >= 60 and held["outbox"] == 0
    shot(page, "home")

    context.set_offline(True)
    page.reload()
    page.wait_for_selector("h1:has-text('Halo')")
    assert page.inner_text("#sync-badge") == "Tanpa sinyal"

    # A balita's row through the screen, with the instant feedback the server would give.
    balita = day.by_stage["balita"][0]
    page.goto(f"{browser.base}/kader/#/hari")
    page.get_by_role("link", name=balita.name).click()
    page.get_by_label("Berat badan (kg)").fill("7,1")
    page.get_by_label("Panjang/tinggi badan (cm)").fill("70")
    page.wait_for_selector("#feedback li")
    server = preview_measurements(balita, today, weight_kg=7.1, lenhei_cm=70, measure="h" if (today - balita.birth_date).days >= 731 else "l")
    for value in server.values:
        if value.classification.label and value.code in ("weight", "length_height", "zwfl"):
            assert value.classification.label in page.inner_text("#feedback"), value
    shot(page, "entry-feedback")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_selector("#toast:has-text('tersimpan di HP')")
    page.wait_for_selector("h1:has-text('Hari buka')")

    # The other 59 through the same form.
    for person in sasaran:
        if person.pk == balita.pk:
            continue
        page.evaluate(f"location.hash = '#/hari/{person.pk}'")
        page.wait_for_selector(f"h1:has-text('{person.name}')")
        page.get_by_label("Berat badan (kg)").fill("55" if (today - person.birth_date).days > 6000 else "12")
        page.get_by_role("button", name="Simpan").click()
        page.wait_for_selector("h1:has-text('Hari buka')")
    assert counts(page)["outbox"] == 60
    page.wait_for_function("() => [...document.querySelectorAll('.chip.pending')].filter((c) => c.textContent === 'tersimpan di HP').length === 60")
    shot(page, "day-offline")

    page.reload()  # the shell from the worker's cache, the outbox from IndexedDB
    page.wait_for_selector("h1:has-text('Hari buka')")
    assert counts(page)["outbox"] == 60
    assert Encounter.objects.filter(on=today, kind="posyandu").count() == 0

    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    in_sync(page)
    # The balita's low weight is a surprising value the server wants confirmed: refused, kept on the
    # server and on the phone; the kader checks it and sends it again, confirmed.
    rejected = page.evaluate("window.siklusKader.db.receipts.where('status').notEqual('applied').toArray()")
    assert [(r["code"], r["entity_id"] is not None) for r in rejected] in ([], [("needs_confirmation", True)])
    if rejected:
        assert Encounter.objects.filter(on=today, kind="posyandu").count() == 59
        page.evaluate("location.hash = '#/lainnya'")
        shot(page, "needs-confirmation")
        page.get_by_role("button", name="Nilai sudah diperiksa: kirim lagi").click()
        page.wait_for_selector("#toast:has-text('tersimpan di HP')")
        in_sync(page)
    assert Encounter.objects.filter(on=today, kind="posyandu").count() == 60
    assert len({e.person_id for e in Encounter.objects.filter(on=today, kind="posyandu")}) == 60
    assert Observation.objects.filter(on=today, code="weight").count() == 60
    page.evaluate("location.hash = '#/'; location.hash = '#/hari'")
    page.wait_for_selector(".chip.sent")
    page.wait_for_function("() => document.querySelectorAll('.chip.sent').length === 60")
    shot(page, "day-sent")

    # A second sync sends nothing again.
    page.evaluate("window.siklusKader.sync.syncOnce()")
    assert Encounter.objects.filter(on=today, kind="posyandu").count() == 60
    context.close()


def test_an_expired_session_asks_the_password_and_keeps_the_outbox(world, browser):
    from siklus.sync.models import Device

    place = world["A"]
    context, page = phone(browser)
    sign_in(page, browser.base, "kader_A")
    context.set_offline(True)
    page.evaluate(f"location.hash = '#/orang/{place.mother.pk}/ubah'")
    page.get_by_label("Telepon").fill("081299990000")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_selector("#toast:has-text('tersimpan di HP')")
    assert counts(page)["outbox"] == 1

    device = Device.objects.get(user=place.users["kader"])
    token = device.token
    token.expires_at = timezone.now() - timezone.timedelta(minutes=1)
    token.save()
    context.set_offline(False)
    page.evaluate("window.siklusKader.sync.syncOnce()")
    page.wait_for_selector("#reauth")
    assert counts(page)["outbox"] == 1
    shot(page, "session-expired")
    page.locator("#reauth").get_by_label("Kata sandi").fill(PASSWORD)
    page.locator("#reauth").get_by_role("button", name="Lanjutkan").click()
    in_sync(page)
    place.mother.refresh_from_db()
    assert place.mother.phone == "081299990000"
    assert counts(page)["outbox"] == 0
    context.close()


def test_a_revoked_device_says_so_and_keeps_its_unsent_work(world, browser):
    from siklus.sync.models import Device

    place = world["A"]
    context, page = phone(browser)
    sign_in(page, browser.base, "kader_A")
    context.set_offline(True)
    page.evaluate(f"location.hash = '#/orang/{place.mother.pk}/ubah'")
    page.get_by_label("Telepon").fill("081211112222")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_selector("#toast:has-text('tersimpan di HP')")
    Device.objects.filter(user=place.users["kader"]).update(revoked_at=timezone.now())
    context.set_offline(False)
    page.evaluate("window.siklusKader.sync.syncOnce()")
    page.wait_for_selector("text=Perangkat ini sudah dicabut")
    assert counts(page)["outbox"] == 1
    place.mother.refresh_from_db()
    assert place.mother.phone != "081211112222"
    shot(page, "revoked")
    # Wiping is refused until the unsent work was exported.
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Hapus data di HP ini").click()
    assert counts(page)["outbox"] == 1
    with page.expect_download() as download:
        page.get_by_role("button", name="Ekspor data belum terkirim").click()
    assert b"081211112222" in Path(download.value.path()).read_bytes()
    context.close()
