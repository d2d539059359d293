"""Who may do what, where: the policy table as a specification (deny by default)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from siklus.accounts.policies import RULES, Perm, may, require
from siklus.core.actors import system

ROLES = ["kader", "pustu", "nakes", "kepala", "dinkes_kab"]

# Permission → the roles of desa A's place that may use it on a record of desa A.
EXPECTED = {
    Perm.VIEW: set(ROLES),
    Perm.EDIT_PEOPLE: {"kader", "pustu", "nakes", "kepala"},
    Perm.RECORD_CARE: {"kader", "pustu", "nakes", "kepala"},
    Perm.RECORD_CLINICAL: {"pustu", "nakes", "kepala"},
    Perm.EDIT_AREAS: {"pustu", "nakes", "kepala"},
    Perm.LOAD_AREAS: set(),
    Perm.READ_AUDIT: {"dinkes_kab"},
    Perm.EXPORT_AUDIT: {"dinkes_kab"},
    # DHIS2 reporting is the district's (and a Puskesmas' for its area); SATUSEHAT set-up stays the
    # Kepala's (tests/interop/test_dhis2_dinkes.py).
    Perm.INTEROP_DHIS2: {"kepala", "dinkes_kab"},
}


def test_every_permission_has_a_rule():
    assert set(RULES) == set(Perm)


@pytest.mark.parametrize("perm", sorted(EXPECTED))
def test_roles_allowed_in_their_own_area(world, perm):
    a = world["A"]
    target = a.mother if perm not in (Perm.READ_AUDIT, Perm.EXPORT_AUDIT, Perm.LOAD_AREAS) else None
    allowed = {role for role in ROLES if may(a.users[role], perm, target)}
    assert allowed == EXPECTED[perm]


@pytest.mark.parametrize("perm", [Perm.VIEW, Perm.EDIT_PEOPLE, Perm.RECORD_CARE, Perm.RECORD_CLINICAL, Perm.EDIT_AREAS])
def test_nobody_acts_on_a_record_outside_their_scope(world, perm):
    a, b, c = world["A"], world["B"], world["C"]
    for role in ("kader", "pustu"):
        assert not may(a.users[role], perm, b.mother), role
    for role in ROLES:
        assert not may(a.users[role], perm, c.mother), role


def test_a_kepala_sets_the_ilp_status_of_its_own_network_only(world, admin):
    a, b = world["A"], world["B"]
    kepala = a.users["kepala"]
    assert may(kepala, Perm.SET_ILP, a.puskesmas) and may(kepala, Perm.SET_ILP, a.posyandu)
    # B's Posyandu lies in the same kecamatan (inside the scope) but under another Puskesmas.
    assert kepala.scope.contains(b.posyandu.area_code) and not may(kepala, Perm.SET_ILP, b.posyandu)
    assert may(a.users["dinkes_kab"], Perm.SET_ILP, b.posyandu) and may(admin, Perm.SET_ILP, world["C"].posyandu)
    assert not any(may(a.users[r], Perm.SET_ILP, a.posyandu) for r in ("kader", "pustu", "nakes"))


def test_a_pustu_adds_kader_to_the_posyandu_of_its_desa_but_no_nakes_to_the_puskesmas(world):
    a = world["A"]
    assert may(a.users["pustu"], Perm.MANAGE_FACILITY_PEOPLE, a.posyandu)
    assert may(a.users["pustu"], Perm.MANAGE_FACILITY_PEOPLE, a.pustu)
    assert not may(a.users["pustu"], Perm.MANAGE_FACILITY_PEOPLE, a.puskesmas)


def test_no_actor_an_anonymous_or_an_inactive_user_may_nothing(world):
    a = world["A"]
    inactive = a.users["kepala"]
    inactive.is_active = False
    for actor in (None, AnonymousUser(), inactive):
        assert not any(may(actor, perm, a.mother) for perm in Perm)
        with pytest.raises(PermissionError):
            require(actor, Perm.VIEW, a.mother)


def test_the_system_actor_may_everything_and_says_who_it_is(world):
    job = system("nightly")
    assert all(may(job, perm, world["C"].mother) for perm in Perm)
    assert job.username == "system:nightly"
