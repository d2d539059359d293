"""Done when (issue #16): two kader edit the same person offline, in two browser contexts.

Kader 1 changes a child's phone and her birth date; kader 2, at the same time and also without
signal, changes her JKN number and her birth date to another day. Back online, kader 1 sends first:
both applied. Kader 2's JKN number merges (another contact field), her birth date does not silently
win: it waits in the bidan's conflict queue ("menunggu pemeriksaan" on her phone). The bidan decides
on /sinkron/konflik/ (a third context); after a sync both phones show the decided birth date.
"""

import datetime

import pytest

from siklus.accounts.models import Role
from siklus.sync.models import Conflict

from ..conftest import make_user
from .test_kader_offline import browser, counts, in_sync, phone, shot, sign_in  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser


def edit(page, person, **fields):
    page.evaluate(f"location.hash = '#/orang/{person.pk}/ubah'")
    page.wait_for_selector("#edit")
    for label, value in fields.items():
        page.get_by_label(label).fill(value)
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_selector("#toast:has-text('tersimpan di HP')")


def sync_now(page):
    page.evaluate("window.siklusKader.sync.syncOnce()")
    in_sync(page)


def test_two_kader_edit_one_person_offline_contact_merges_birth_date_goes_to_the_bidan(world, browser):  # noqa: F811
    place = world["A"]
    make_user("kader_A2", Role.KADER, facility=place.posyandu)
    mother = place.child  # no NIK: a NIK carries the birth date, and the services refuse a date that contradicts it
    one, page1 = phone(browser)
    two, page2 = phone(browser)
    sign_in(page1, browser.base, "kader_A")
    sign_in(page2, browser.base, "kader_A2")
    one.set_offline(True)
    two.set_offline(True)
    edit(page1, mother, **{"Telepon": "081234000111", "Tanggal lahir": "2025-02-04"})
    edit(page2, mother, **{"Nomor JKN": "0001234567890", "Tanggal lahir": "2025-03-01"})

    one.set_offline(False)
    sync_now(page1)
    two.set_offline(False)
    sync_now(page2)
    mother.refresh_from_db()
    receipts = page1.evaluate("window.siklusKader.db.receipts.toArray()") + page2.evaluate(
        "window.siklusKader.db.receipts.toArray()")
    assert [r["status"] for r in receipts] == ["applied", "applied"], receipts
    assert mother.phone == "081234000111" and mother.jkn_number == "0001234567890"  # contact fields merged
    assert mother.birth_date == datetime.date(2025, 2, 4)  # the first arrival stays until the bidan decides
    conflict = Conflict.objects.get(record_id=mother.pk, field="birth_date", status="open")
    assert (conflict.yours, conflict.theirs) == ("2025-03-01", "2025-02-04")
    page2.evaluate(f"location.hash = '#/orang/{mother.pk}'")
    page2.wait_for_selector(f"[data-conflict='{conflict.pk}']:has-text('menunggu pemeriksaan')")
    shot(page2, "conflict-waiting")

    # The bidan decides in her own browser: kader 2's date was right.
    bidan = browser.new_context(viewport={"width": 390, "height": 844})
    page3 = bidan.new_page()
    page3.goto(browser.base + "/masuk/")
    page3.get_by_label("Nama pengguna").fill("pustu_A")
    page3.get_by_label("Kata sandi").fill(__import__("tests.conftest", fromlist=["PASSWORD"]).PASSWORD)
    page3.get_by_role("button", name="Masuk").click()
    page3.goto(browser.base + "/sinkron/konflik/")
    shot(page3, "bidan-conflict-queue")
    page3.get_by_role("button", name="Pakai nilai dari HP").first.click()
    page3.wait_for_selector("text=Keputusan tersimpan")
    mother.refresh_from_db()
    assert mother.birth_date == datetime.date(2025, 3, 1)

    for page in (page1, page2):
        sync_now(page)
        page.evaluate(f"location.hash = '#/'; location.hash = '#/orang/{mother.pk}'")
        page.wait_for_selector("#birth-date:has-text('Mar 2025')")
        assert "1 Mar 2025" in page.inner_text("#birth-date") and "081234000111" in page.inner_text("#phone")
    page2.wait_for_selector(f"[data-conflict='{conflict.pk}']:has-text('diputuskan')")
    shot(page1, "conflict-resolved-kader1")
    shot(page2, "conflict-resolved-kader2")
    assert counts(page1)["outbox"] == counts(page2)["outbox"] == 0
