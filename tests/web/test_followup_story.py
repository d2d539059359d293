"""One child from a missed DPT-HB-Hib 2 to the closed task, in a real browser on a 390 px phone
(issue #13, done when 2): the refresh puts the task on the kader's worklist, the kader records a
home visit, the ketua RT/RW sees the household's reminder and nothing clinical, the bidan gives
the dose on the child's record form, and the task is done. Screenshots in
test-output/screenshots/followup-*.png."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from siklus.care import services as care
from siklus.core.actors import system
from siklus.followup import services as followup
from siklus.followup.models import Status, Task
from siklus.followup.visit_models import HomeVisit
from siklus.people import services as people

from ..conftest import PASSWORD
from ..followup.pages_world import neighbourhood

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"


@pytest.fixture
def phone(live_server):
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail("chromium is missing: `make test` installs it with apt-get")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])

        def open_as(username):
            context = browser.new_context(viewport={"width": 390, "height": 844})
            page = context.new_page()
            page.goto(live_server.url + "/masuk/")
            page.get_by_label("Nama pengguna").fill(username)
            page.get_by_label("Kata sandi").fill(PASSWORD)
            page.get_by_role("button", name="Masuk").click()
            page.base = live_server.url
            return page

        yield open_as
        browser.close()


def fits_the_phone(page):
    """Nothing wider than the phone: no sideways scrolling."""
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_missed_dpt_hb_hib_2_from_the_worklist_to_the_closed_task(world, admin, phone):
    a = world["A"]
    n = neighbourhood(a, admin)
    today = timezone.localdate()
    birth = today - timedelta(days=150)
    baby = people.register_person(admin, people.PersonInput(
        household=a.household, name="Bayi Sekar", sex="L", birth_date=birth, relation="anak", mother=a.mother))
    # Every dose on time except DPT-HB-Hib 2, given by the bidan of the Pustu.
    bidan = a.users["pustu"]
    for days, doses in {30: ["BCG", "OPV1"], 62: ["DPT-HB-Hib1", "OPV2", "PCV1", "RV1"], 93: ["OPV3", "PCV2", "RV2"]}.items():
        for dose in doses:
            care.record_immunization(bidan, care.ImmunizationInput(person=baby, dose=dose, given_on=birth + timedelta(days)))
    followup.refresh(system("test"), area=a.desa.code)
    task = Task.objects.get(person=baby, status=Status.OPEN)
    assert (task.kind, task.key.rsplit(":", 1)[-1], task.facility) == ("imunisasi_terlewat", "DPT-HB-Hib2", a.posyandu)

    # The kader finds it on the worklist of her Posyandu.
    kader = phone("kader_A")
    kader.get_by_role("link", name="Daftar tindak lanjut").click()
    card = kader.locator(f"#kk-{a.household.pk}")
    assert "Bayi Sekar" in card.inner_text() and "Imunisasi DPT-HB-Hib2 belum diberikan" in card.inner_text()
    fits_the_phone(kader)
    kader.screenshot(path=str(SHOTS / "followup-worklist.png"), full_page=True)

    # She visits the family: SAJI, the baby's checklist, a note.
    card.get_by_role("link", name="Catat kunjungan rumah").click()
    for step in ("Salam", "Ajak bicara", "Jelaskan dan bantu", "Ingatkan"):
        kader.get_by_label(step).check()
    baby_card = kader.locator("section.member", has_text="Bayi Sekar")
    baby_card.get_by_role("radiogroup", name="Imunisasi sesuai jadwal di Buku KIA?").get_by_label("Tidak").check()
    baby_card.get_by_role("radiogroup", name="Ada tanda bahaya", exact=False).get_by_label("Tidak").check()
    kader.get_by_label("Catatan").fill("Ibu berjanji membawa bayi ke Pustu hari Senin.")
    fits_the_phone(kader)
    kader.get_by_role("button", name="Simpan kunjungan").click()
    assert "Kunjungan rumah tersimpan." in kader.inner_text("main")
    assert "Tidak mengakses layanan" in kader.inner_text("main")
    kader.screenshot(path=str(SHOTS / "followup-homevisit.png"), full_page=True)
    assert HomeVisit.objects.filter(household=a.household).count() == 1

    # The ketua RT sees the household's reminder — and nothing clinical.
    rt = phone(n["rt_user"].username)
    text = rt.inner_text("main")
    assert a.household.head_name in text and "Ajak anak ke Posyandu atau Pustu" in text
    for secret in ("DPT", "Hib", "OPV", "Imunisasi", "Bayi Sekar", a.mother.nik, a.mother.name,
                   birth.strftime("%d-%m-%Y"), birth.isoformat(), birth.strftime("%-d %B %Y")):
        assert secret not in rt.content(), secret
    fits_the_phone(rt)
    rt.screenshot(path=str(SHOTS / "followup-rt.png"), full_page=True)
    rt.get_by_role("button", name="Sudah diingatkan").first.click()
    assert "Tercatat: keluarga sudah diingatkan." in rt.inner_text("main")

    # The bidan gives the dose on the child's immunization form.
    nakes = phone("pustu_A")
    nakes.goto(f"{nakes.base}/penduduk/{baby.pk}/catat/imunisasi/")
    nakes.get_by_label("Tempat").select_option("pustu")
    nakes.get_by_label("Dosis").select_option("DPT-HB-Hib2")
    nakes.get_by_role("button", name="Simpan").click()
    assert "Imunisasi DPT-HB-Hib 2 tercatat." in nakes.inner_text("main") or "tercatat" in nakes.inner_text("main")

    # Saving the dose closed the task at once; the kader's worklist no longer has it.
    task.refresh_from_db()
    assert task.status == Status.DONE and task.answered_by.startswith("immunization:")
    kader.goto(f"{kader.base}/posyandu/{a.posyandu.pk}/tindak-lanjut/")
    assert "DPT-HB-Hib2" not in kader.inner_text("main")
    assert "Diingatkan RT/RW" in kader.locator(f"#kk-{a.household.pk}").inner_text()
    kader.goto(f"{kader.base}/penduduk/{baby.pk}/")
    assert "Imunisasi terlewat" not in kader.inner_text("main")
    kader.goto(f"{kader.base}/posyandu/{a.posyandu.pk}/tindak-lanjut/")
    kader.screenshot(path=str(SHOTS / "followup-closed.png"), full_page=True)
