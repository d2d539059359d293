"""Kotawaringin Timur as the district reports it: 21 Puskesmas, 152 Pustu of which 43 run ILP,
310 Posyandu of which 229 serve the whole life cycle, and one pilot Puskesmas with two Pustu and
ten Posyandu — read back through the product's own roll-out summary."""

from collections import Counter

import pytest

from siklus.accounts.models import Role, User
from siklus.areas.models import Area, Level
from siklus.facilities.models import Facility, Kader, Kind, Staff
from siklus.facilities.services import rollout

pytestmark = pytest.mark.django_db


def synthetic(kind):
    return Facility.objects.filter(kind=kind, area_code__startswith="62.02.", created_by__username="siklus-synth")


def test_rollout_for_a_dinkes_user_is_43_of_152_pustu_and_229_of_310_posyandu(kotim):
    dinkes = User.objects.create(username="dinkes-uji", role=Role.DINKES_KAB, area_id="62.02")
    rows = {row["kind"]: row for row in rollout(dinkes)}
    assert (rows[Kind.PUSKESMAS]["ilp"], rows[Kind.PUSKESMAS]["total"]) == (21, 21)
    assert (rows[Kind.PUSTU]["ilp"], rows[Kind.PUSTU]["total"]) == (43, 152)
    assert (rows[Kind.POSYANDU]["ilp"], rows[Kind.POSYANDU]["total"]) == (229, 310)
    assert round(rows[Kind.POSYANDU]["share"], 1) == 73.9
    assert kotim.facilities == {"puskesmas": {"total": 21, "ilp": 21}, "pustu": {"total": 152, "ilp": 43},
                                "posyandu": {"total": 310, "ilp": 229}}


def test_the_pilot_puskesmas_has_two_pustu_and_ten_posyandu_all_on_ilp_first(kotim):
    puskesmas = list(synthetic(Kind.PUSKESMAS))
    pilot = min(puskesmas, key=lambda f: f.ilp_since)
    network = Counter(f.kind for f in pilot.network.all())
    assert network == {Kind.PUSTU: 2, Kind.POSYANDU: 10}
    assert all(f.ilp_active and f.ilp_since == pilot.ilp_since for f in pilot.network.all())
    assert sum(f.ilp_since == pilot.ilp_since for f in puskesmas) == 1


def test_wilayah_kerja_cover_every_desa_of_the_kabupaten_exactly_once(kotim):
    desa = set(Area.objects.filter(level=Level.DESA, code__startswith="62.02.").values_list("code", flat=True))
    served = [a.code for p in synthetic(Kind.PUSKESMAS) for a in p.served_areas.all()]
    assert len(desa) == 185
    assert sorted(served) == sorted(desa)
    for p in synthetic(Kind.PUSKESMAS).prefetch_related("served_areas"):
        assert p.area_code in {a.code for a in p.served_areas.all()}  # it stands in its wilayah


def test_pustu_stand_one_per_desa_inside_their_puskesmas_wilayah(kotim):
    pustu = list(synthetic(Kind.PUSTU).select_related("parent"))
    assert len({p.area_code for p in pustu}) == 152
    for p in pustu:
        assert p.parent.served_areas.filter(code=p.area_code).exists()


def test_every_desa_has_a_posyandu_and_each_serves_rw_of_its_own_desa(kotim):
    posyandu = list(synthetic(Kind.POSYANDU).prefetch_related("served_areas"))
    assert len({p.area_code for p in posyandu}) == 185
    rw_served = Counter()
    for p in posyandu:
        rws = list(p.served_areas.all())
        assert rws and all(a.level == Level.RW and a.code.startswith(p.area_code + ".") for a in rws)
        rw_served.update(a.code for a in rws)
    assert max(rw_served.values()) == 1  # no RW is served twice
    names = Counter((p.area_code, p.name) for p in posyandu)
    assert max(names.values()) == 1


def test_ilp_pustu_have_a_bidan_and_a_perawat_and_other_pustu_fewer(kotim):
    for pustu in synthetic(Kind.PUSTU).prefetch_related("staff"):
        professions = Counter(s.profession for s in pustu.staff.all())
        if pustu.ilp_active:
            assert professions["bidan"] >= 1 and professions["perawat"] >= 1
        else:
            assert sum(professions.values()) == 1
    for puskesmas in synthetic(Kind.PUSKESMAS).prefetch_related("staff"):
        professions = Counter(s.profession for s in puskesmas.staff.all())
        assert professions["dokter"] >= 1 and professions["bidan"] >= 3 and professions["perawat"] >= 4
    assert Staff.objects.filter(area_code__startswith="62.02.").count() == kotim.staff


def test_posyandu_have_5_to_15_kader_with_levels_and_competency_groups(kotim):
    per_posyandu = Counter(Kader.objects.filter(area_code__startswith="62.02.").values_list("posyandu_id", flat=True))
    assert len(per_posyandu) == 310
    assert min(per_posyandu.values()) >= 5 and max(per_posyandu.values()) <= 15
    levels = Counter(Kader.objects.values_list("level", flat=True))
    assert set(levels) == {"purwa", "madya", "utama"}
    for kader in Kader.objects.all()[:500]:
        assert kader.competency_groups[0] == 1 and len(set(kader.competency_groups)) == len(kader.competency_groups)
        assert (kader.level == "utama") == (kader.competency_groups == [1, 2, 3, 4, 5])


def test_one_login_per_role_bound_to_generated_places_of_the_pilot_network(kotim):
    users = {u.role: u for u in kotim.users}
    assert set(users) == set(Role.values)
    assert users[Role.KADER].facility.kind == Kind.POSYANDU and users[Role.KADER].facility.ilp_active
    assert users[Role.PUSTU].facility.kind == Kind.PUSTU
    assert users[Role.NAKES].facility == users[Role.KEPALA].facility == users[Role.PUSTU].facility.parent
    assert users[Role.DINKES_KAB].area_id == "62.02" and users[Role.DINKES_PROV].area_id == "62"
    # The ketua RT is bound to an RT its kader's Posyandu serves, and sees no records by scope.
    rt = users[Role.RT]
    assert rt.area.level == "rt" and rt.area_id.startswith(users[Role.KADER].facility.area_code)
    for user in kotim.users:
        assert user.check_password("rahasia-uji-123")
        fresh = User.objects.get(pk=user.pk)
        if user.role == Role.RT:
            continue
        assert fresh.scope.contains("62.02" if user.role in (Role.DINKES_KAB, Role.DINKES_PROV, Role.ADMIN)
                                        else fresh.facility.area_code)
    assert not User.objects.get(username="siklus-synth").is_active
