"""Test helpers for the follow-up pages: a desa split into RTs, households on a Posyandu, an RT/RW
user, and tasks opened by the real rules (no fixture writes a task by hand)."""

from datetime import date

from tests.conftest import JOB, make_user


def rt_areas(place):
    """RW 002 with RT 001 and RT 002 below desa ``place.desa``."""
    from siklus.areas import services as areas

    rw = areas.add_sub_area(JOB, place.desa, "rw", "2")
    return areas.add_sub_area(JOB, rw, "rt", "1"), areas.add_sub_area(JOB, rw, "rt", "2")


def move_household(household, sub_area, posyandu, rt: str, rw: str = "002"):
    """Put a household (and its members) in an RT and on a Posyandu's list, as its edit would."""
    from siklus.people.models import Household, Person

    Household.objects.filter(pk=household.pk).update(sub_area=sub_area, area_code=sub_area.code, posyandu=posyandu,
                                                     rt=rt, rw=rw)
    Person.objects.filter(household=household).update(area_code=sub_area.code)
    household.refresh_from_db()
    return household


def neighbourhood(place, admin):
    """Desa A's household in RT 001 and a second household (a mother and a toddler) in RT 002,
    both on the Posyandu; an RT user for each RT. Returns a dict of what it made."""
    from siklus.accounts.models import Role
    from siklus.people import services as people

    rt1, rt2 = rt_areas(place)
    move_household(place.household, rt1, place.posyandu, "001")
    other = people.register_household(admin, people.HouseholdInput(
        desa=place.desa, sub_area=rt2, posyandu=place.posyandu, head_name=f"Kepala Lain {place.key}",
        address=f"Gang Lain {place.key}", rt="002", rw="002"))
    toddler = people.register_person(admin, people.PersonInput(
        household=other, name=f"Balita Lain {place.key}", sex="P", birth_date=date(2024, 10, 9), relation="anak"))
    place.mother.refresh_from_db()
    place.child.refresh_from_db()
    return {
        "rt1": rt1, "rt2": rt2, "other": other, "toddler": toddler,
        "rt_user": make_user(f"rt1_{place.key}", Role.RT, area=rt1.code),
        "rt2_user": make_user(f"rt2_{place.key}", Role.RT, area=rt2.code),
    }


def refresh(*persons, on=None):
    """Open the tasks the rules say (the batch's per-person path)."""
    from siklus.core.actors import system
    from siklus.followup import services

    return services.refresh_persons(system("test"), [p.pk for p in persons], on=on)
