"""The system user that owns generated records, and (when asked) one login per role bound to
generated places.

The public demo password exists only in a database made by ``siklus demo`` (marked by
:class:`~siklus.accounts.models.DemoDatabase`); anywhere else every new login gets a random
password, shown once. An existing account's password is never changed.
"""

from __future__ import annotations

import secrets

from siklus.accounts.models import DemoDatabase, Role, User
from siklus.facilities.models import Facility

SYSTEM_USERNAME = "siklus-synth"
PASSWORD = "siklus-demo"  # public: only ever set inside a demo database

# (suffix, role, first name, last name)
ROLE_USERS = [
    ("kader", Role.KADER, "Kader", "Posyandu"),
    ("bidan", Role.PUSTU, "Bidan", "Pustu"),
    ("nakes", Role.NAKES, "Perawat", "Puskesmas"),
    ("kapus", Role.KEPALA, "Kepala", "Puskesmas"),
    ("dinkes", Role.DINKES_KAB, "Petugas", "Dinkes kabupaten/kota"),
    ("dinkesprov", Role.DINKES_PROV, "Petugas", "Dinkes provinsi"),
    ("admin", Role.ADMIN, "Admin", "siklus"),
]
# Bound after the residents exist: the RT of the first household of the kader's Posyandu.
RT_USER = ("rt", Role.RT, "Ketua", "RT")


def system_user() -> User:
    """``created_by`` of every generated record: marks it as synthetic. It cannot log in."""
    user = User.objects.filter(username=SYSTEM_USERNAME).first()
    if user is None:
        user = User(username=SYSTEM_USERNAME, role=Role.ADMIN, is_active=False, first_name="Generator",
                    last_name="data sintetis")
        user.set_unusable_password()
        user.save()
    return user


def username(prefix: str, suffix: str) -> str:
    """``kotim.kader``; with an empty prefix just ``kader`` (the hand-made demo's logins)."""
    return f"{prefix}.{suffix}" if prefix else suffix


def random_password() -> str:
    return secrets.token_urlsafe(12)


def create_role_users(prefix: str, kabupaten: str, made: dict[str, list[Facility]],
                      password: str | None = None) -> tuple[list[User], dict[str, str]]:
    """One account per role, bound to the pilot (or first ILP) network so every seat sees a
    working ILP unit. Returns the accounts and the passwords of those created now.

    A new account gets ``password`` if given, the demo password in a demo database, else a
    random one. An existing account keeps its password; outside a demo database it is left
    entirely alone (it may be a real person's), in one it is rebound to the new facilities."""
    demo = DemoDatabase.here()
    puskesmas = _first(made["puskesmas"], lambda f: f.ilp_active)
    pustu = _first([p for p in made["pustu"] if p.parent_id == puskesmas.pk], lambda f: f.ilp_active) \
        or _first(made["pustu"], lambda f: f.ilp_active)
    posyandu = _first([p for p in made["posyandu"] if p.parent_id == puskesmas.pk], lambda f: f.ilp_active) \
        or _first(made["posyandu"], lambda f: f.ilp_active)
    binding = {
        Role.KADER: {"facility": posyandu, "area": None},
        Role.PUSTU: {"facility": pustu, "area": None},
        Role.NAKES: {"facility": puskesmas, "area": None},
        Role.KEPALA: {"facility": puskesmas, "area": None},
        Role.DINKES_KAB: {"facility": None, "area_id": kabupaten},
        Role.DINKES_PROV: {"facility": None, "area_id": kabupaten.split(".")[0]},
        Role.ADMIN: {"facility": None, "area": None},
    }
    users, passwords = [], {}
    for suffix, role, first, last in ROLE_USERS:
        if binding[role].get("facility", 1) is None and role in (Role.KADER, Role.PUSTU, Role.NAKES, Role.KEPALA):
            continue  # e.g. a kabupaten without any Pustu
        name = username(prefix, suffix)
        user = User.objects.filter(username=name).first()
        if user is not None and not demo:
            continue
        if user is None:
            user = User(username=name)
            passwords[name] = password or (PASSWORD if demo else random_password())
            user.set_password(passwords[name])
        user.role, user.first_name, user.last_name, user.is_active = role, first, last, True
        user.area = None
        for key, value in binding[role].items():
            setattr(user, key, value)
        user.save()
        users.append(user)
    return users, passwords


def create_rt_user(prefix: str, users: list[User], password: str | None = None) -> tuple[list[User], dict[str, str]]:
    """The ketua RT of the first RT served by the kader's Posyandu (after the residents exist), on
    the same terms as :func:`create_role_users`."""
    from siklus.people.models import Household

    kader = next((u for u in users if u.role == Role.KADER), None)
    rt = (Household.objects.filter(posyandu_id=kader.facility_id, sub_area__level="rt")
          .order_by("sub_area_id").values_list("sub_area_id", flat=True).first()) if kader else None
    suffix, role, first, last = RT_USER
    name = username(prefix, suffix)
    user = User.objects.filter(username=name).first()
    demo = DemoDatabase.here()
    if rt is None or (user is not None and not demo):
        return [], {}
    passwords = {}
    if user is None:
        user = User(username=name)
        passwords[name] = password or (PASSWORD if demo else random_password())
        user.set_password(passwords[name])
    user.role, user.first_name, user.last_name, user.is_active = role, first, last, True
    user.facility, user.area_id = None, rt
    user.save()
    return [user], passwords


def _first(items, wanted):
    """The pilot/earliest ILP facility when there is one, else the first."""
    if not items:
        return None
    ilp = sorted((f for f in items if wanted(f)), key=lambda f: (f.ilp_since is None, f.ilp_since, f.name))
    return ilp[0] if ilp else sorted(items, key=lambda f: f.name)[0]


def logins(users: list[User]) -> list[tuple[str, str, str]]:
    rows = []
    for user in users:
        where = str(user.facility) if user.facility_id else (user.area.full_name if user.area_id else "seluruh wilayah")
        rows.append((user.username, Role(user.role).label, where))
    return rows
