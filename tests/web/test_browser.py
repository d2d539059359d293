"""A kader registers a household and its members in a real browser (Debian's chromium driven
by Playwright): messages at the field in Indonesian, the duplicate warning before saving,
and the switch to English."""

import os

import pytest

from siklus.people.models import Household, Person

from ..conftest import PASSWORD, nik_for

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def page(live_server):
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail("chromium is missing: `make test` installs it with apt-get")
    # Playwright runs an event loop in this thread; the ORM calls below are still plain sync code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 412, "height": 915})  # a common Android phone
        page.base = live_server.url
        yield page
        browser.close()


def login(page, username):
    page.goto(page.base + "/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def field_error(page, name):
    return page.locator(f"#id_{name}-error").inner_text()


def test_a_kader_registers_a_household_and_its_members(world, page, tmp_path):
    a = world["A"]
    login(page, "kader_A")
    assert "Selamat datang" in page.inner_text("h1")

    page.locator("section", has_text="Daftarkan keluarga baru").get_by_role("link", name="Desa Palangan").click()
    page.get_by_label("Nama kepala keluarga").fill("Slamet Riyadi")
    page.get_by_label("Alamat").fill("Jl. Tjilik Riwut No. 5")
    page.get_by_label("Nomor KK").fill("123")
    page.get_by_label("RT", exact=True).fill("ab")
    page.get_by_role("button", name="Simpan").click()
    assert field_error(page, "no_kk") == "Nomor KK harus 16 digit angka."
    assert field_error(page, "rt") == "RT harus angka 1–999."
    assert not Household.objects.filter(head_name="Slamet Riyadi").exists()

    page.get_by_label("Nomor KK").fill("6202011234567891")
    page.get_by_label("RT", exact=True).fill("4")
    page.get_by_role("button", name="Simpan").click()
    assert "Keluarga tersimpan" in page.inner_text("main")

    page.get_by_role("link", name="Tambah anggota").click()
    page.get_by_label("NIK", exact=True).fill(nik_for(a.desa.code, __import__("datetime").date(1980, 5, 17), "L", 31))
    page.get_by_label("Nama lengkap").fill("Slamet Riyadi")
    page.get_by_label("Jenis kelamin").select_option("P")
    page.get_by_label("Tanggal lahir").fill("1980-05-17")
    page.get_by_label("Hubungan dalam keluarga").select_option("kepala")
    page.get_by_role("button", name="Simpan").click()
    assert "Jenis kelamin tidak sesuai NIK" in field_error(page, "nik")
    assert not Person.objects.filter(name="Slamet Riyadi").exists()

    page.get_by_label("Jenis kelamin").select_option("L")
    page.get_by_role("button", name="Simpan").click()
    assert "Slamet Riyadi terdaftar." in page.inner_text("main")
    assert "Kepala keluarga" in page.inner_text("dl")

    # The same man registered again by mistake, with a typo and without NIK.
    page.get_by_role("link", name="Keluarga Slamet Riyadi").first.click()
    page.get_by_role("link", name="Tambah anggota").click()
    page.get_by_label("Nama lengkap").fill("Slamet Riyady")
    page.get_by_label("Jenis kelamin").select_option("L")
    page.get_by_label("Tanggal lahir").fill("1980-05-17")
    page.get_by_label("Hubungan dalam keluarga").select_option("famili")
    page.get_by_role("button", name="Simpan").click()
    warning = page.locator("#duplicates").inner_text()
    assert "Mungkin sudah terdaftar" in warning and "Slamet Riyadi" in warning
    assert not Person.objects.filter(name="Slamet Riyady").exists()
    page.screenshot(path=str(tmp_path / "duplicate.png"), full_page=True)
    page.get_by_role("button", name="Simpan").click()
    assert "Slamet Riyady terdaftar." in page.inner_text("main")
    assert "Belum ada NIK" in page.inner_text("main")


def test_the_interface_switches_to_english(world, page):
    login(page, "pustu_A")
    page.get_by_role("button", name="EN").click()
    assert "Welcome" in page.inner_text("h1")
    assert page.get_by_role("link", name="Search").is_visible()
    page.get_by_role("button", name="ID").click()
    assert "Selamat datang" in page.inner_text("h1")


def test_search_updates_as_the_user_types(world, page):
    login(page, "kader_A")
    page.goto(page.base + "/cari/")
    page.get_by_label("NIK atau nama").fill("warga ibu")
    page.wait_for_selector("#results td a")
    assert page.locator("#results").inner_text().count("Ibu Warga A") == 1
    assert "Ibu Warga B" not in page.locator("#results").inner_text()


def test_the_edit_form_keeps_the_birth_date(world, page):
    """A date field is pre-filled in the ISO form the browser's date picker needs."""
    a = world["A"]
    login(page, "kader_A")
    page.goto(f"{page.base}/penduduk/{a.mother.pk}/ubah/")
    assert page.get_by_label("Tanggal lahir").input_value() == a.mother.birth_date.isoformat()
    page.get_by_label("Telepon").fill("0812 3456 7890")
    page.get_by_role("button", name="Simpan").click()
    assert "Perubahan tersimpan." in page.inner_text("main")
    assert "081234567890" in page.inner_text("main")
