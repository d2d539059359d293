"""A small, hand-made demo set in Kabupaten Kotawaringin Timur (62.02).

These facilities and residents are invented for demonstration (labelled "contoh" everywhere)
until the synthetic-data generator lands; the areas are the real Kemendagri ones.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction

from siklus.accounts.models import Role, User
from siklus.areas.models import Area, Level
from siklus.facilities import services as facilities
from siklus.facilities.models import Facility, Kind, Profession
from siklus.people.models import Household, Person, Relation
from siklus.people.services import name_key

KABUPATEN = "62.02"
DEMO_PASSWORD = "siklus-demo"
LABEL = "(contoh)"

MALE = ["Ahmad", "Budi", "Rudi", "Yusuf", "Agus", "Hendra", "Rahmat", "Fajar", "Dedi", "Eko", "Arif", "Slamet"]
FEMALE = ["Siti", "Nur", "Dewi", "Rina", "Sri", "Wati", "Ani", "Lestari", "Yuni", "Fitri", "Rahma", "Intan"]
FAMILY = ["Saputra", "Hidayat", "Rahman", "Santoso", "Wijaya", "Kurniawan", "Pratama", "Nugroho", "Setiawan", "Lubis"]

ROLE_USERS = [
    ("kader", Role.KADER, "Kader Posyandu"),
    ("bidan", Role.PUSTU, "Bidan Pustu"),
    ("nakes", Role.NAKES, "Perawat Puskesmas"),
    ("kapus", Role.KEPALA, "Kepala Puskesmas"),
    ("dinkes", Role.DINKES_KAB, "Petugas Dinkes Kotim"),
    ("dinkesprov", Role.DINKES_PROV, "Petugas Dinkes Kalteng"),
    ("admin", Role.ADMIN, "Admin siklus"),
]


def nik_for(kecamatan_code: str, birth: date, sex: str, serial: int) -> str:
    day = birth.day + (40 if sex == "P" else 0)
    return kecamatan_code.replace(".", "") + f"{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"


def _person(rng, household, sex, birth, relation, serial, surname, mother=None, with_nik=True):
    first = rng.choice(FEMALE if sex == "P" else MALE)
    name = f"{first} {surname}"
    return Person.objects.create(
        household=household, area_code=household.area_code, name=name, name_key=name_key(name), sex=sex,
        birth_date=birth, relation=relation, mother=mother,
        nik=nik_for(household.desa.parent_id, birth, sex, serial) if with_nik else None,
        jkn_number=f"000{rng.randrange(10**9, 10**10)}",
    )


@transaction.atomic
def build(today: date | None = None, seed: int = 2025) -> dict:
    """Create the demo facilities, residents and one user per role. Idempotent."""
    if Facility.objects.filter(name__endswith=LABEL).exists():
        return {"created": False}
    rng = random.Random(seed)
    today = today or date.today()
    kecamatan = list(Area.objects.filter(parent_id=KABUPATEN, level=Level.KECAMATAN).order_by("code")[:3])
    puskesmas_list, posyandu_all = [], []
    for i, kec in enumerate(kecamatan):
        desa = list(Area.objects.filter(parent=kec, level=Level.DESA).order_by("code"))
        pkm = facilities.create_facility(
            kind=Kind.PUSKESMAS, name=f"Puskesmas {kec.name} {LABEL}", desa=desa[0], served=desa,
            ilp_active=i < 2, ilp_since=date(2024, 7, 1) if i < 2 else None,
        )
        facilities.add_staff(pkm, name=f"dr. {rng.choice(FEMALE)} {rng.choice(FAMILY)}", profession=Profession.DOKTER, klaster=3)
        facilities.add_staff(pkm, name=f"{rng.choice(FEMALE)} {rng.choice(FAMILY)}, Amd.Keb", profession=Profession.BIDAN, klaster=2)
        facilities.add_staff(pkm, name=f"{rng.choice(MALE)} {rng.choice(FAMILY)}, S.Kep", profession=Profession.PERAWAT, klaster=3)
        puskesmas_list.append(pkm)
        for j, d in enumerate(desa[:4]):
            pustu = facilities.create_facility(kind=Kind.PUSTU, name=f"Pustu {d.name} {LABEL}", desa=d, parent=pkm,
                                               ilp_active=j < 2, ilp_since=date(2025, 1, 15) if j < 2 else None)
            facilities.add_staff(pustu, name=f"{rng.choice(FEMALE)} {rng.choice(FAMILY)}, Amd.Keb", profession=Profession.BIDAN)
            if j < 2:
                facilities.add_staff(pustu, name=f"{rng.choice(MALE)} {rng.choice(FAMILY)}, Amd.Kep", profession=Profession.PERAWAT)
            for k in range(2):
                pos = facilities.create_facility(kind=Kind.POSYANDU, name=f"Posyandu {d.name} {k + 1} {LABEL}", desa=d,
                                                 parent=pkm, ilp_active=k == 0 or j == 0,
                                                 ilp_since=date(2025, 3, 1) if (k == 0 or j == 0) else None)
                for n in range(5):
                    level = ["purwa", "purwa", "madya", "madya", "utama"][n]
                    groups = {"purwa": [1, 2], "madya": [1, 2, 3, 5], "utama": [1, 2, 3, 4, 5]}[level]
                    facilities.add_kader(pos, name=f"{rng.choice(FEMALE)} {rng.choice(FAMILY)}", level=level, competency_groups=groups)
                posyandu_all.append(pos)

    serial = 1
    for pos in posyandu_all[:6]:
        desa = Area.objects.get(code=pos.area_code)
        for _ in range(5):
            surname = rng.choice(FAMILY)
            head_birth = today - timedelta(days=rng.randrange(25 * 365, 55 * 365))
            rt, rw = f"{rng.randrange(1, 6):03d}", f"{rng.randrange(1, 4):03d}"
            household = Household.objects.create(
                area_code=desa.code, desa=desa, posyandu=pos, head_name=f"{rng.choice(MALE)} {surname}",
                address=f"Jl. {rng.choice(['Merdeka', 'Cempaka', 'Sudirman', 'Pelita', 'Tjilik Riwut'])} No. {rng.randrange(1, 90)}",
                rt=rt, rw=rw, no_kk=desa.parent_id.replace(".", "") + f"{rng.randrange(10**9, 10**10)}",
            )
            head = _person(rng, household, "L", head_birth, Relation.KEPALA, serial, surname)
            Household.objects.filter(pk=household.pk).update(head_name=head.name)
            serial += 1
            wife = _person(rng, household, "P", head_birth + timedelta(days=rng.randrange(365, 6 * 365)), Relation.ISTRI, serial, surname)
            serial += 1
            for _c in range(rng.randrange(1, 4)):
                child_birth = today - timedelta(days=rng.randrange(20, 12 * 365))
                newborn = (today - child_birth).days < 60
                _person(rng, household, rng.choice("LP"), child_birth, Relation.ANAK, serial, surname, mother=wife, with_nik=not newborn)
                serial += 1
            if rng.random() < 0.3:
                _person(rng, household, rng.choice("LP"), today - timedelta(days=rng.randrange(62 * 365, 80 * 365)), Relation.ORANG_TUA, serial, surname)
                serial += 1

    # The kader and the bidan work in the same desa, one that has demo households.
    pustu = Facility.objects.get(kind=Kind.PUSTU, area_code=posyandu_all[0].area_code, name__endswith=LABEL)
    binding = {
        Role.KADER: {"facility": posyandu_all[0]},
        Role.PUSTU: {"facility": pustu},
        Role.NAKES: {"facility": puskesmas_list[0]},
        Role.KEPALA: {"facility": puskesmas_list[0]},
        Role.DINKES_KAB: {"area_id": KABUPATEN},
        Role.DINKES_PROV: {"area_id": KABUPATEN.split(".")[0]},
        Role.ADMIN: {},
    }
    for username, role, full_name in ROLE_USERS:
        if not User.objects.filter(username=username).exists():
            first, _, last = full_name.partition(" ")
            user = User(username=username, role=role, first_name=first, last_name=last, **binding[role])
            user.set_password(DEMO_PASSWORD)
            user.save()
    return {"created": True}


def logins() -> list[tuple[str, str, str]]:
    rows = []
    for username, role, _ in ROLE_USERS:
        user = User.objects.filter(username=username).select_related("facility", "area").first()
        if user:
            where = str(user.facility) if user.facility else (user.area.full_name if user.area else "seluruh wilayah")
            rows.append((username, Role(role).label, where))
    return rows
