"""Issue #10 items 1, 2 and 7: error pages in the user's language inside the layout, with a way
back; the API's JSON errors likewise; a person's history and the audit page in words (nothing out
of area named); the ILP form's date follows its tick; the NIK notices shown once; the header
names the user without the role twice.

English assertions use the translations of scripts/translations/ (this task's: pages_words.py),
added to the English catalogue here until the integrator compiles it (compiled ones are kept).
"""

from datetime import date

import pytest

from scripts.translations import EN


@pytest.fixture
def english(client_for):
    """Clients that chose English (the language cookie), with this task's English in the catalogue."""
    from django.utils import translation
    from django.utils.translation import trans_real

    catalogue = trans_real.translation("en")._catalog
    for msgid, msgstr in EN.items():
        if msgid not in catalogue:
            catalogue[msgid] = msgstr

    def login(user):
        client = client_for(user)
        client.post("/bahasa/", {"language": "en", "next": "/"})
        return client

    yield login
    translation.activate("id")


def text(response) -> str:
    return response.content.decode()


# --- Error pages ----------------------------------------------------------------------------

def test_an_out_of_area_record_is_a_404_page_in_the_layout_with_a_way_back(world, client_for):
    client = client_for(world["A"].users["kader"])
    response = client.get(f"/penduduk/{world['B'].mother.pk}/", HTTP_REFERER="http://testserver/cari/")
    assert response.status_code == 404
    page = text(response)
    assert "Halaman tidak ditemukan" in page
    assert 'class="top"' in page and "Keluar" in page  # the normal header, menu and logout
    assert 'href="http://testserver/cari/"' in page and "Kembali ke halaman sebelumnya" in page
    assert 'href="/"' in page and "Kembali ke beranda" in page
    assert "Ibu Warga B" not in page and str(world["B"].mother.pk) not in page  # not even the key asked for


def test_the_previous_page_is_offered_only_when_it_is_one_of_ours(world, client_for):
    client = client_for(world["A"].users["kader"])
    page = text(client.get("/tidak-ada/", HTTP_REFERER="https://evil.example/phish"))
    assert "evil.example" not in page and "Kembali ke halaman sebelumnya" not in page
    assert "Kembali ke beranda" in page


def test_a_forbidden_page_is_a_403_page_in_the_layout(world, client_for):
    response = client_for(world["A"].users["kader"]).get("/audit/")
    assert response.status_code == 403
    page = text(response)
    assert "Tidak diizinkan" in page and 'class="top"' in page and "Kembali ke beranda" in page


def test_error_pages_follow_the_chosen_language(world, english):
    client = english(world["A"].users["kader"])
    page = text(client.get(f"/penduduk/{world['B'].mother.pk}/"))
    assert "Page not found" in page and "Back to the home page" in page and '<html lang="en">' in page
    assert "Halaman tidak ditemukan" not in page
    page = text(client.get("/audit/"))
    assert "Not allowed" in page and "Tidak diizinkan" not in page


def test_a_bad_request_is_a_400_page(db, client):
    response = client.get("/", HTTP_HOST="not-ours.example")
    assert response.status_code == 400
    assert "Permintaan tidak dapat dibaca" in text(response)


def test_the_server_error_page_sits_in_the_layout_without_the_database():
    from django.test import RequestFactory

    from siklus.core.errorpages import server_error

    request = RequestFactory().get("/penduduk/")
    request.id = "req-123"
    page = server_error(request).content.decode()
    assert "Terjadi kesalahan di server" in page and "req-123" in page
    assert 'class="top"' in page and "Kembali ke beranda" in page


def test_the_api_answers_404_and_403_in_indonesian_by_default(world, client_for):
    kader = client_for(world["A"].users["kader"])
    response = kader.get(f"/api/v1/persons/{world['B'].mother.pk}")
    assert response.status_code == 404 and response.json() == {"detail": "Data tidak ditemukan."}
    response = kader.get("/api/v1/tidak-ada")
    assert response.status_code == 404 and response.json() == {"detail": "Data tidak ditemukan."}
    dinkes = client_for(world["A"].users["dinkes_kab"])  # reads, never writes
    response = dinkes.post("/api/v1/households", {"desa": world["A"].desa.code, "head_name": "Budi", "address": "Jl. Melati"},
                           content_type="application/json")
    assert response.status_code == 403 and response.json() == {"detail": "Di luar wewenang atau wilayah kerja Anda."}


def test_the_api_answers_in_english_when_english_was_chosen(world, english):
    kader = english(world["A"].users["kader"])
    assert kader.get(f"/api/v1/persons/{world['B'].mother.pk}").json() == {"detail": "Not found."}
    dinkes = english(world["A"].users["dinkes_kab"])
    response = dinkes.post("/api/v1/households", {"desa": world["A"].desa.code, "head_name": "Budi", "address": "Jl. Melati"},
                           content_type="application/json")
    assert response.json() == {"detail": "Outside your role or working area."}


# --- History and audit lines in words -------------------------------------------------------

@pytest.fixture
def child_of_a_mother_elsewhere(world, admin):
    """A child in desa A whose mother lives in desa B, then moved to "famili" and renamed."""
    from siklus.people import services as people

    child = people.register_person(admin, people.PersonInput(
        household=world["A"].household, name="Anak Lintas", sex="P", birth_date=date(2024, 3, 5),
        relation="anak", mother=world["B"].mother))
    return people.update_person(admin, child, people.PersonChanges(relation="famili", name="Anak Lintas Desa"))


def history_of(response) -> str:
    page = text(response)
    return page[page.index("Riwayat perubahan"):]


def test_a_persons_history_shows_labels_choices_names_and_dates_in_words(world, client_for, child_of_a_mother_elsewhere):
    history = history_of(client_for(world["A"].users["kader"]).get(f"/penduduk/{child_of_a_mother_elsewhere.pk}/"))
    assert "<b>Jenis kelamin</b>: Perempuan" in history
    assert "<b>Hubungan dalam keluarga</b>: Anak → Famili lain" in history
    assert "<b>Nama lengkap</b>: Anak Lintas → Anak Lintas Desa" in history
    assert "<b>Tanggal lahir</b>: 5 Maret 2024" in history
    assert "<b>Keluarga</b>: Kepala A" in history  # the household by its head's name
    # The mother lives in desa B: not named to a desa-A kader, and no key shown either.
    assert "<b>Ibu</b>: di wilayah lain" in history and "Ibu Warga B" not in history
    assert str(world["B"].mother.pk) not in history and str(world["A"].household.pk) not in history
    assert "sex:" not in history and "relation" not in history


def test_the_linked_record_is_named_to_a_viewer_who_may_see_it(world, client_for, child_of_a_mother_elsewhere):
    # The Dinkes of the kabupaten sees both desa A and B.
    history = history_of(client_for(world["A"].users["dinkes_kab"]).get(f"/penduduk/{child_of_a_mother_elsewhere.pk}/"))
    assert "<b>Ibu</b>: Ibu Warga B" in history


def test_a_persons_history_in_english(world, english, child_of_a_mother_elsewhere):
    page = text(english(world["A"].users["kader"]).get(f"/penduduk/{child_of_a_mother_elsewhere.pk}/"))
    history = page[page.index("Change history"):]
    assert "<b>Sex</b>: Female" in history
    assert "<b>Relation to head of household</b>: Child → Other relative" in history
    assert "<b>Birth date</b>: 5 March 2024" in history
    assert "<b>Mother</b>: in another area" in history


def test_a_void_shows_its_reason_in_words(world, admin, client_for):
    from siklus.people import services as people

    people.void(admin, world["A"].child, "Salah input")
    history = history_of(client_for(world["A"].users["kader"]).get(f"/penduduk/{world['A'].child.pk}/"))
    assert "<b>Alasan</b>: Salah input" in history


def test_the_audit_page_names_the_kind_of_record_and_the_record(world, client_for):
    page = text(client_for(world["A"].users["dinkes_kab"]).get("/audit/?aksi=create"))
    assert "Penduduk: Ibu Warga A" in page and "Keluarga: Kepala A" in page
    assert "person Ibu" not in page and "household Kepala" not in page


def test_the_audit_page_names_reads_and_counts_in_words(world, client_for):
    client = client_for(world["A"].users["dinkes_kab"])
    client.get("/cari/?q=Warga")
    page = text(client.get("/audit/?aksi=search"))
    # Both desa's "Ibu Warga" and "Anak Warga": four residents shown by the search.
    assert "Penduduk · 4 data “Warga”" in page


def test_the_audit_page_in_english(world, english):
    page = text(english(world["A"].users["dinkes_kab"]).get("/audit/?aksi=create"))
    assert "Resident: Ibu Warga A" in page and "Household: Kepala A" in page


# --- The ILP status form --------------------------------------------------------------------

def post_ilp(client, facility, **data):
    return client.post(f"/fasilitas/{facility.pk}/ilp/", {"version": facility.version, **data}, follow=True)


def test_unticking_ilp_clears_the_start_date_and_says_so(world, client_for):
    pustu = world["A"].pustu
    response = post_ilp(client_for(world["A"].users["kepala"]), pustu, ilp_since="2024-06-01")
    pustu.refresh_from_db()
    assert (pustu.ilp_active, pustu.ilp_since) == (False, None)
    assert "Status ILP tersimpan: tidak menjalankan ILP, tanggal mulai dikosongkan." in text(response)


def test_unticking_with_an_empty_or_unreadable_date_saves_too(world, client_for):
    pustu = world["A"].pustu
    response = post_ilp(client_for(world["A"].users["kepala"]), pustu, ilp_since="bukan tanggal")
    pustu.refresh_from_db()
    assert pustu.ilp_active is False and pustu.ilp_since is None
    assert "tanggal mulai dikosongkan" in text(response) and "Tanggal tidak valid." not in text(response)
    pustu.refresh_from_db()
    response = post_ilp(client_for(world["A"].users["kepala"]), world["A"].posyandu, ilp_since="")
    assert "Status ILP tersimpan." in text(response)


def test_ticking_still_needs_a_start_date(world, client_for):
    posyandu = world["A"].posyandu
    response = post_ilp(client_for(world["A"].users["kepala"]), posyandu, ilp_active="on", ilp_since="")
    posyandu.refresh_from_db()
    assert posyandu.ilp_active is False
    assert "Isi tanggal mulai menjalankan ILP." in text(response)


def test_the_cleared_date_message_in_english(world, english):
    response = post_ilp(english(world["A"].users["kepala"]), world["A"].pustu, ilp_since="2024-06-01")
    assert "ILP status saved: not running ILP, start date cleared." in text(response)


# --- Notices once, the header ---------------------------------------------------------------

NO_NIK = "Belum ada NIK: lengkapi setelah terbit (bayi dapat dicari lewat NIK ibu)."


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_no_nik_notice_is_shown_once_after_saving(world, client_for, english, language):
    from django.utils import translation
    from django.utils.html import escape

    client = (english if language == "en" else client_for)(world["A"].users["kader"])
    response = client.post(f"/keluarga/{world['A'].household.pk}/anggota/baru/", {
        "name": "Bayi Baru", "sex": "L", "birth_date": "2026-11-01", "relation": "anak"}, follow=True)
    with translation.override(language):
        notice = escape(translation.gettext(NO_NIK))
    assert response.redirect_chain and text(response).count(notice) == 1


def test_the_header_names_the_user_and_the_role_once(world, client_for):
    from siklus.accounts.models import User

    kader = world["A"].users["kader"]
    User.objects.filter(pk=kader.pk).update(first_name="Kader", last_name="Posyandu")
    page = text(client_for(User.objects.get(pk=kader.pk)).get("/"))
    assert '<span class="who">Kader Posyandu</span>' in page
    User.objects.filter(pk=kader.pk).update(first_name="Siti", last_name="Aminah")
    page = text(client_for(User.objects.get(pk=kader.pk)).get("/"))
    assert '<span class="who">Siti Aminah · Kader Posyandu</span>' in page


def test_the_header_in_english_shows_the_role_once_too(world, english):
    from siklus.accounts.models import User

    kader = world["A"].users["kader"]
    User.objects.filter(pk=kader.pk).update(first_name="Kader", last_name="Posyandu")
    page = text(english(User.objects.get(pk=kader.pk)).get("/"))
    assert '<span class="who">Posyandu kader</span>' in page
