"""What each role may do, beyond where (which is scoping's job)."""

from siklus.accounts.models import Role

# Dinkes reads and monitors; it does not register residents.
PEOPLE_EDITORS = {Role.KADER, Role.PUSTU, Role.NAKES, Role.KEPALA, Role.ADMIN}
# Dusun/RW/RT are set up by the Pustu, the Puskesmas or an admin, not by kader.
AREA_EDITORS = {Role.PUSTU, Role.NAKES, Role.KEPALA, Role.ADMIN}


def can_edit_people(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in PEOPLE_EDITORS)


def can_edit_areas(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in AREA_EDITORS)


def can_read_audit(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.can_read_audit)
