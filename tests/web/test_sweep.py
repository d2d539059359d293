"""Every page, every role, desktop and phone, Indonesian and English (issue #10 "Done when").

A real browser (Debian's chromium through Playwright) opens each page a role may open at
1,366 px and at 390 px, in both languages, and checks what a user would see:

- no horizontal overflow: the page is never wider than the window (a 150-character name without
  spaces included: it must wrap);
- no raw UUID in a history or audit line: records are named in words;
- in English, none of a short list of words only the interface uses (data such as names and
  addresses are Indonesian by nature and are not checked: the list avoids words the world's data holds).

The English checks read the compiled catalogue (``src/siklus/locale``): a string added to
``scripts/translations/`` shows here once ``scripts/update_translations.py`` has compiled it.
Every finding is collected, so one run reports them all. A screenshot of each page goes to
``test-output/screenshots/`` (git-ignored) for a person to look through.
"""

import os
import re
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from siklus.accounts.policies import Perm, may
from siklus.people import services as people

from ..conftest import PASSWORD

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
WIDTHS = {"desktop": (1366, 800), "phone": (390, 844)}
LANGUAGES = ("id", "en")
HISTORY = ("person", "long-name", "audit")  # the pages with history or audit lines
ROLES = ("kader", "pustu", "nakes", "kepala", "dinkes_kab", "admin")

# 150 letters, no space: the case that stretched a page to 2,935 px.
LONG_NAME = ("Sriwahyuningsihpurnamasari" * 6)[:150]

UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.I)
# Words that only the interface uses, in any case (none of them is in the world's names or addresses).
INDONESIAN_INTERFACE = re.compile(
    r"\b(Simpan|Batal|Batalkan|Keluarga|Penduduk|Wilayah|Cari|Ubah|Tambah|Beranda|Keluar|Tanggal lahir|"
    r"Jenis kelamin|Hubungan|Riwayat|sebelumnya|berikutnya|halaman|Belum ada|Semua|Saring|daftar|terkunci|kata sandi)\b",
    re.I,
)


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail("chromium is missing: `make test` installs it with apt-get")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # the ORM below runs beside Playwright's loop
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM,
                                    args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"])
        yield browser
        browser.close()


def pages_of(user, a, long_person):
    """The pages this user can open, as (name, url)."""
    urls = [
        ("home", reverse("home")),
        ("areas", reverse("areas")),
        ("account", reverse("account")),
        ("desa", reverse("area", kwargs={"code": a.desa.code})),
        ("facilities", reverse("facilities")),
        ("facility", reverse("facility", kwargs={"pk": a.posyandu.pk})),
        ("puskesmas", reverse("facility", kwargs={"pk": a.puskesmas.pk})),
        ("household", reverse("household", kwargs={"pk": a.household.pk})),
        ("person", reverse("person", kwargs={"pk": a.mother.pk})),
        ("long-name", reverse("person", kwargs={"pk": long_person.pk})),
        ("search", reverse("search") + "?q=Warga"),
    ]
    if may(user, Perm.EDIT_PEOPLE, a.household):
        urls += [
            ("household-new", reverse("household_create", kwargs={"code": a.desa.code})),
            ("household-edit", reverse("household_edit", kwargs={"pk": a.household.pk})),
            ("person-new", reverse("person_create", kwargs={"pk": a.household.pk})),
            ("person-edit", reverse("person_edit", kwargs={"pk": a.mother.pk})),
        ]
    if may(user, Perm.MANAGE_USERS):
        urls.append(("users", reverse("user_list")))
    if may(user, Perm.READ_AUDIT):
        urls.append(("audit", reverse("audit")))
    return urls


def check(page, role, name, width, language):
    """What is wrong with the page as shown, as sentences."""
    found = []
    where = f"{role} {name} {width} {language}"
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if scroll > inner:
        wide = page.evaluate(
            "Array.from(document.querySelectorAll('main *')).filter(e => e.getBoundingClientRect().right > "
            "window.innerWidth + 1).slice(0, 3).map(e => e.tagName + '.' + e.className)")
        found.append(f"{where}: {scroll} px wide in a {inner} px window ({', '.join(wide)})")
    lines = " ".join(page.locator("td.changes, table.cards td").all_inner_texts()) if name in HISTORY else ""
    if name in HISTORY and UUID.search(lines):
        found.append(f"{where}: raw id in a history/audit line: {UUID.search(lines).group(0)}")
    if language == "en":
        text = page.inner_text("body")
        words = sorted(set(INDONESIAN_INTERFACE.findall(text)))
        if words:
            found.append(f"{where}: Indonesian interface words in English: {', '.join(words)}")
    return found


def test_every_page_fits_and_speaks_the_chosen_language(world, admin, live_server, browser):
    a = world["A"]
    long_person = people.register_person(admin, people.PersonInput(
        household=a.household, name=LONG_NAME, sex="P", birth_date=date(2012, 3, 4), relation="anak",
    ))
    # An edit, so that her history has an update line naming a linked record (her mother).
    people.update_person(admin, long_person, people.PersonChanges(mother=a.mother, phone="081234567890"))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    users = {role: a.users[role] for role in ROLES if role != "admin"} | {"admin": admin}
    findings, visited = [], 0
    for role, user in users.items():
        context = browser.new_context(viewport={"width": 1366, "height": 800})
        page = context.new_page()
        page.goto(live_server.url + reverse("login"))
        page.get_by_label("Nama pengguna").fill(user.username)
        page.get_by_label("Kata sandi").fill(PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_load_state()
        for language in LANGUAGES:
            context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
            for width, (w, h) in WIDTHS.items():
                page.set_viewport_size({"width": w, "height": h})
                for name, url in pages_of(user, a, long_person):
                    response = page.goto(live_server.url + url)
                    visited += 1
                    if response.status != 200:
                        findings.append(f"{role} {name}: HTTP {response.status} at {url}")
                        continue
                    findings += check(page, role, name, width, language)
                    page.screenshot(path=str(SCREENSHOTS / f"{role}-{name}-{width}-{language}.png"), full_page=True)
        context.close()
    assert visited > 200
    assert not findings, "\n".join(findings)


def test_the_checks_catch_what_they_look_for(browser):
    """The sweep's checks themselves: a too-wide page, a raw id in a history line, Indonesian in English."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.set_content(
        "<main><table class='cards'><tr><td class='changes'>household: 0f8fad5b-d9cb-469f-a165-70867728950e</td></tr>"
        "</table><p>Simpan</p><img width='1200' height='1' alt=''></main>")
    found = check(page, "kader", "person", "phone", "en")
    assert len(found) == 3
    assert re.match(r"kader person phone en: 12\d\d px wide in a 390 px window \(IMG\.\)", found[0])
    assert "raw id in a history/audit line: 0f8fad5b-d9cb-469f-a165-70867728950e" in found[1]
    assert found[2].endswith("Indonesian interface words in English: Simpan")
    page.close()
