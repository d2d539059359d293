"""Every page, every role, desktop and phone, Indonesian and English (issue #10 "Done when").

A real browser (Debian's chromium through Playwright) opens each page a role may open at
1,366 px and at 390 px, in both languages, and checks what a user would see:

- no horizontal overflow: the page is never wider than the window (a 150-character name without
  spaces included: it must wrap);
- no raw UUID in a history or audit line: records are named in words;
- in English, none of a short list of words only the interface uses (data such as names and
  addresses are Indonesian by nature and are not checked: the list avoids words the world's data holds);
- no console error and no uncaught script error (the charts, htmx and the kader app run);
- months and decimals in the page's language (no "Juni" or "9,5 kg" on an English page, no "June"
  or "9.5 kg" on an Indonesian one);
- a page the role may not open answers 403 or 404 inside the layout, never 500 or a bare page;
  each role gets exactly the pages ``EXPECTED`` says (so a page that refuses a user it should serve
  shows too).

Besides the shell's pages, the sweep opens one instance of every page type added with the record
and the services: a child's and a mother's record with five years of care (``tests.care.rich``),
record forms (one per cluster the role may record), the Posyandu day and its summary, the
follow-up worklist, home visits, the Pustu's weekly review, the ketua RT/RW's list, the dashboards
(own area, cluster, SPM, ILP, a desa's and a Posyandu's board, the persons behind a figure), the
reports page, the SATUSEHAT status, the sync queues and devices, and the kader app. The files
(registers, PDFs) are fetched once per role and language: they must come back as files.

The English checks read the compiled catalogue (``src/siklus/locale``): a string added to
``scripts/translations/`` shows here once ``scripts/update_translations.py`` has compiled it.
Every finding is collected, so one run reports them all. A screenshot of each page goes to
``test-output/screenshots/`` (git-ignored) for a person to look through.
"""

import os
import re
import time
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from siklus.accounts.policies import Perm, may
from siklus.care.record_views import actions_for
from siklus.monitoring import catalogue as cat
from siklus.people import services as people

from ..care import rich
from ..conftest import PASSWORD
from ..followup.pages_world import neighbourhood, refresh

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
WIDTHS = {"desktop": (1366, 800), "phone": (390, 844)}
LANGUAGES = ("id", "en")
HISTORY = ("person", "long-name", "audit")  # the pages with history or audit lines
ROLES = ("kader", "pustu", "nakes", "kepala", "dinkes_kab", "admin", "rt")
ALL = frozenset(ROLES)
STAFF = ALL - {"rt"}
PUSKESMAS = frozenset({"nakes", "kepala"})
# Which roles open each page of the services (the rest must get 403 or 404, in the layout).
EXPECTED = {
    "child": STAFF, "record-form": STAFF - {"dinkes_kab", "admin"},
    # Dinkes and the admin read a Posyandu day (its list and summary) as everyone above the Posyandu.
    "posyandu-day": STAFF, "posyandu-summary": STAFF,
    "worklist": STAFF, "homevisit-new": STAFF - {"dinkes_kab"}, "homevisit": STAFF,
    "review": STAFF, "rt-list": {"rt"},
    "dashboard": STAFF, "dashboard-cluster": STAFF, "dashboard-spm": STAFF, "dashboard-ilp": STAFF,
    # A kader's boards are her Posyandu's: the desa's board and persons are not found.
    "dashboard-desa": STAFF - {"kader"}, "dashboard-posyandu": STAFF,
    "people-desa": STAFF - {"kader"}, "people-posyandu": STAFF,
    "reports": STAFF, "satusehat": PUSKESMAS | {"dinkes_kab", "admin"},
    # The queues list what the user's scope holds (only a bidan/perawat or nakes decides); the
    # device page lists one's own devices (a manager's: those of the users managed).
    "sync-conflicts": STAFF, "sync-duplicates": STAFF, "sync-devices": ALL,
    "kader-app": ALL,  # the app's shell is public; its data comes through the sync API
}
# Files: (name, roles that get it).
FILES_EXPECTED = {"worklist-pdf": STAFF, "register-xlsx": STAFF, "monthly-pdf": STAFF, "buku-kia-pdf": STAFF}
MONTHS = {"id": re.compile(r"\b(Januari|Februari|Maret|Juni|Juli|Agustus|Oktober|Desember)\b"),
          "en": re.compile(r"\b(January|February|March|June|July|August|October|December)\b")}
DECIMALS = {"id": re.compile(r"\b\d+\.\d\s?(kg|cm|g/dL|mmHg)\b"), "en": re.compile(r"\b\d+,\d\s?(kg|cm|g/dL)\b")}

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
    """The shell's pages this user can open, as (name, url)."""
    if user.role == "rt":
        return [("home", reverse("home")), ("account", reverse("account"))]
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


def service_pages(a, extra):
    """One instance of every page type of the services, as (name, url), whoever the user."""
    person_count = next(i.code for i in cat.INDICATORS if isinstance(i.numerator, cat.PERSON_COUNTS))
    people_query = f"?indikator={person_count}&periode={extra['today']:%Y}"
    today = extra["today"]
    return [
        ("child", reverse("person", kwargs={"pk": extra["child"].pk})),
        ("posyandu-day", reverse("posyandu_day", kwargs={"pk": a.posyandu.pk, "day": today})),
        ("posyandu-summary", reverse("posyandu_summary", kwargs={"pk": a.posyandu.pk, "day": today})),
        ("worklist", reverse("followup_worklist", kwargs={"pk": a.posyandu.pk})),
        ("homevisit-new", reverse("homevisit_new", kwargs={"pk": a.household.pk})),
        ("homevisit", reverse("homevisit", kwargs={"pk": extra["homevisit"].pk})),
        ("review", reverse("followup_review", kwargs={"pk": a.pustu.pk}) + f"?minggu={today:%G-W%V}"),
        ("rt-list", reverse("followup_rt")),
        ("dashboard", reverse("dashboard")),
        ("dashboard-cluster", reverse("dashboard_cluster", kwargs={"klaster": 2})),
        ("dashboard-spm", reverse("dashboard_spm")),
        ("dashboard-ilp", reverse("dashboard_rollout")),
        ("dashboard-desa", reverse("dashboard_area", kwargs={"code": a.desa.code, "board": "utama"})),
        ("dashboard-posyandu", reverse("dashboard_facility", kwargs={"pk": a.posyandu.pk, "board": "utama"})),
        ("people-desa", reverse("dashboard_people", kwargs={"code": a.desa.code}) + people_query),
        ("people-posyandu", reverse("dashboard_facility_people", kwargs={"pk": a.posyandu.pk}) + people_query),
        ("reports", reverse("facility_reports", kwargs={"pk": a.posyandu.pk})),
        ("satusehat", reverse("satusehat_status")),
        ("sync-conflicts", reverse("sync_conflicts")),
        ("sync-duplicates", reverse("sync_duplicates")),
        ("sync-devices", reverse("sync_devices")),
        ("kader-app", reverse("kader_app")),
    ]


def record_forms(user, extra):
    """The record forms of the child's and the mother's page this user is offered: the first of
    each cluster, so every role sees a sample of its own forms."""
    urls = {}
    for person in (extra["child"], extra["mother"]):
        for group in actions_for(user, person, extra["today"]):
            action = group.actions[0]
            if action.slug not in urls:
                url = reverse("record_form", kwargs={"pk": person.pk, "form": action.slug})
                urls[action.slug] = url + (f"?{action.query}" if action.query else "")
    return [(f"record-{slug}", url) for slug, url in urls.items()]


def files_of(a, extra):
    return [
        ("worklist-pdf", reverse("followup_worklist_pdf", kwargs={"pk": a.posyandu.pk})),
        ("register-xlsx", reverse("report_register", kwargs={"pk": a.posyandu.pk}) + "?jenis=kohort-balita"),
        ("monthly-pdf", reverse("report_monthly", kwargs={"pk": a.posyandu.pk})),
        ("buku-kia-pdf", reverse("report_kia", kwargs={"pk": extra["child"].pk})),
    ]


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
    if language in MONTHS:
        text = page.inner_text("main") if page.locator("main").count() else page.inner_text("body")
        other = "en" if language == "id" else "id"
        month = MONTHS[other].search(text)
        if month:
            found.append(f"{where}: a month in the other language: {month.group(0)}")
        number = DECIMALS[language].search(text)
        if number:
            found.append(f"{where}: a decimal written the other language's way: {number.group(0)}")
    return found


def check_refusal(page, response, where):
    """A page the role may not open: 403 or 404 in the layout, not a server error."""
    if response.status not in (403, 404):
        return [f"{where}: HTTP {response.status} where 403/404 was expected"]
    if not page.locator("main").count():
        return [f"{where}: the {response.status} page is not in the layout"]
    return []


def test_every_page_fits_and_speaks_the_chosen_language(world, admin, live_server, browser):
    a = world["A"]
    long_person = people.register_person(admin, people.PersonInput(
        household=a.household, name=LONG_NAME, sex="P", birth_date=date(2012, 3, 4), relation="anak",
    ))
    # An edit, so that her history has an update line naming a linked record (her mother).
    people.update_person(admin, long_person, people.PersonChanges(mother=a.mother, phone="081234567890"))
    today = timezone.localdate()
    mother, child = rich.build(a, admin, today)
    hood = neighbourhood(a, admin)  # RTs, a second household, the ketua RT
    refresh(a.child, hood["toddler"], child)  # open follow-up tasks for the worklist and the RT list
    extra = {"today": today, "mother": mother, "child": child, "homevisit": home_visit(a, hood)}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    users = {role: a.users[role] for role in ROLES if role not in ("admin", "rt")} | {
        "admin": admin, "rt": hood["rt_user"]}
    findings, visited, started = [], 0, time.monotonic()
    errors: list[str] = []  # the console's errors of the page just opened
    for role, user in users.items():
        context = browser.new_context(viewport={"width": 1366, "height": 800})
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(live_server.url + reverse("login"))
        page.get_by_label("Nama pengguna").fill(user.username)
        page.get_by_label("Kata sandi").fill(PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_load_state()
        opened = pages_of(user, a, long_person) + record_forms(user, extra)
        services = service_pages(a, extra)
        for language in LANGUAGES:
            context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
            for name, url in files_of(a, extra):
                response = context.request.get(live_server.url + url)
                ok = response.status == 200 and not response.headers["content-type"].startswith("text/html")
                if ok != (role in FILES_EXPECTED[name]) or response.status >= 500:
                    findings.append(f"{role} {name} {language}: HTTP {response.status} "
                                    f"{response.headers['content-type']} at {url}")
            for width, (w, h) in WIDTHS.items():
                page.set_viewport_size({"width": w, "height": h})
                for name, url in opened + services:
                    where = f"{role} {name} {width} {language}"
                    allowed = name not in EXPECTED or role in EXPECTED[name]
                    if not allowed and (width, language) != ("desktop", "id"):
                        continue  # a refusal is the same at any width and in either language
                    errors.clear()
                    response = page.goto(live_server.url + url)
                    page.wait_for_load_state("networkidle" if name == "kader-app" else "load")
                    visited += 1
                    if not allowed:
                        findings += check_refusal(page, response, where)
                        continue
                    if response.status != 200:
                        findings.append(f"{where}: HTTP {response.status} at {url}")
                        continue
                    findings += [f"{where}: console: {e[:200]}" for e in errors]
                    findings += check(page, role, name, width, language)
                    page.screenshot(path=str(SCREENSHOTS / f"{role}-{name}-{width}-{language}.png"), full_page=True)
        context.close()
    print(f"sweep: {visited} pages in {time.monotonic() - started:.0f} s")
    assert visited > 900
    assert not findings, "\n".join(findings)


def home_visit(a, hood):
    """A stored home visit of desa A's household with a danger sign, for the visit and review pages."""
    from siklus.followup.visit_models import HomeVisit, VisitFinding, VisitMember

    visit = HomeVisit.objects.create(household=a.household, visited_on=timezone.localdate(), saji=["salam"],
                                     area_code=a.household.area_code)
    VisitMember.objects.create(visit=visit, person=a.child, stages=["balita"],
                               answers={"balita": {"tanda_bahaya_balita": "ya"}})
    VisitFinding.objects.create(visit=visit, person=a.child, stage="balita", item="tanda_bahaya_balita",
                                category="tanda_bahaya", area_code=a.child.area_code)
    return visit


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


def test_months_and_decimals_are_checked_in_the_pages_language(browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.set_content("<main><p>Ditimbang 5 Juni 2026: 9.5 kg</p></main>")
    assert check(page, "kader", "child", "phone", "id") == [
        "kader child phone id: a decimal written the other language's way: 9.5 kg"]
    found = check(page, "kader", "child", "phone", "en")
    assert found == ["kader child phone en: a month in the other language: Juni"]
    page.set_content("<main><p>Weighed 5 June 2026: 9,5 kg</p></main>")
    assert check(page, "kader", "child", "phone", "id") == ["kader child phone id: a month in the other language: June"]
    assert check(page, "kader", "child", "phone", "en") == [
        "kader child phone en: a decimal written the other language's way: 9,5 kg"]
    page.close()
