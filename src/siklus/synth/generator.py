"""``generate()``: a synthetic kabupaten in the database — areas below desa, facilities with their
ILP status, nakes and kader, households and persons, and one login per role.

Everything generated is owned (``created_by``) by the inactive system user ``siklus-synth`` and
recorded in a :class:`~siklus.synth.models.SynthRun`, so a later run can see it, refuse, or
replace exactly it and nothing else.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import IntegrityError, connection, transaction

from siklus.accounts.models import User
from siklus.areas import services as areas_services
from siklus.areas.models import Area, Level
from siklus.audit.log import log as audit_log
from siklus.core.actors import system as system_actor
from siklus.facilities.models import Facility, Kader, Staff
from siklus.monitoring import facts as monitoring_facts
from siklus.people import counts as area_counts
from siklus.people.models import Household, Person
from siklus.synth import facilities as facility_plan
from siklus.synth import history
from siklus.synth import parameters as P
from siklus.synth import users as synth_users
from siklus.synth.bulk import Writer
from siklus.synth.models import SynthRun
from siklus.synth.names import NamePools
from siklus.synth.population import Desa, Peopler, plan_populations, plan_serials, plan_sub_areas, sub_area_rows
from siklus.synth.presets import PRESETS, Phase, Preset

# Rows written per transaction: large enough that commits cost little, small enough to stay flat.
COMMIT_ROWS = 20_000
REGION_OF_PROVINCE = {"62": "kalimantan_tengah", "63": "kalimantan_selatan", "61": "kalimantan_barat",
                      "32": "sunda"}


class AlreadyGenerated(Exception):
    def __init__(self, run: SynthRun | None, facilities: int):
        self.run, self.facilities = run, facilities
        super().__init__("synthetic data already exists")


@dataclass
class Result:
    kabupaten: str
    preset: str
    persons: int = 0
    households: int = 0
    duplicates: int = 0
    without_nik: int = 0
    sub_areas: int = 0
    facilities: dict = field(default_factory=dict)
    staff: int = 0
    kader: int = 0
    users: list = field(default_factory=list)
    passwords: dict = field(default_factory=dict)  # username → password of the logins made now (shown once)
    seconds: dict = field(default_factory=dict)
    nik_collisions: int = 0
    history: dict = field(default_factory=dict)  # record kind → rows written by the life-over-time half
    facts: int = 0  # rows of the monitoring fact table built from that history

    @property
    def persons_per_second(self) -> float:
        return self.persons / self.seconds["population"] if self.seconds.get("population") else 0.0


def resolve(*, preset: str | None = None, kabupaten: str | None = None, persons: int | None = None,
            scale: float = 1.0) -> Preset:
    """A preset, scaled or with a person count, or default figures for any kabupaten/kota."""
    if preset:
        if preset not in PRESETS:
            raise ValueError(f"unknown preset {preset}; choose from {', '.join(PRESETS)}")
        base = PRESETS[preset]
        if kabupaten and kabupaten != base.kabupaten:
            raise ValueError(f"preset {preset} is {base.kabupaten}, not {kabupaten}")
        population = persons if persons is not None else base.scaled_population(scale)
        return _replace(base, population=population)
    if not kabupaten:
        raise ValueError("give --preset or --kabupaten")
    if persons is None:
        raise ValueError("--kabupaten needs --persons")
    if kabupaten.count(".") != 1:
        raise ValueError("--kabupaten takes a kabupaten/kota code such as 62.02")
    codes = areas_services.kemendagri()
    if kabupaten not in codes:
        raise ValueError(f"kode kabupaten/kota {kabupaten} tidak ada di data Kemendagri")
    n_kec = sum(1 for c in codes if c.startswith(kabupaten + ".") and c.count(".") == 2)
    n_desa = sum(1 for c in codes if c.startswith(kabupaten + ".") and c.count(".") == 3)
    puskesmas = min(n_desa, max(n_kec, round(persons / P.PERSONS_PER_PUSKESMAS)))
    pustu = round(P.PUSTU_PER_DESA * n_desa)
    posyandu = max(n_desa, round(persons / P.PERSONS_PER_POSYANDU))
    return Preset(
        name="", kabupaten=kabupaten, title=codes[kabupaten], population=persons, puskesmas=puskesmas,
        pustu=pustu, posyandu=posyandu,
        puskesmas_phases=(Phase(None, *P.DEFAULT_PUSKESMAS_ILP),),
        pustu_ilp=round(P.DEFAULT_ILP_SHARE["pustu"] * pustu),
        posyandu_ilp=round(P.DEFAULT_ILP_SHARE["posyandu"] * posyandu),
        region=REGION_OF_PROVINCE.get(kabupaten.split(".")[0]),
    )


def _replace(preset: Preset, **changes) -> Preset:
    from dataclasses import replace

    return replace(preset, **changes)


def existing(kabupaten: str) -> tuple[SynthRun | None, int]:
    """The latest run in this kabupaten and the number of synthetic facilities there."""
    run = SynthRun.objects.filter(kabupaten=kabupaten).first()
    system = User.objects.filter(username=synth_users.SYSTEM_USERNAME).first()
    count = 0
    if system is not None:
        count = Facility.objects.filter(created_by=system).filter(area_code__startswith=kabupaten + ".").count()
    return run, count


def remove(kabupaten: str) -> dict[str, int]:
    """Delete the synthetic records of a kabupaten (and only those): persons, households, kader,
    staff, facilities and runs. Logins made by the generator stay and are unbound until the new
    run binds them again. Raises ``IntegrityError`` if someone's real records refer to them."""
    system = User.objects.filter(username=synth_users.SYSTEM_USERNAME).first()
    if system is None:
        return {}
    like = kabupaten + ".%"
    counts = {}
    with transaction.atomic():
        facilities = Facility.objects.filter(created_by=system, area_code__startswith=kabupaten + ".")
        User.objects.filter(facility__in=facilities).update(facility=None)
        with connection.cursor() as cursor:
            # The history first: care records point at the persons (and observations at encounters).
            for model in history.MODELS[::-1]:
                if model is Person:
                    continue
                cursor.execute(
                    f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)} "
                    "WHERE created_by_id = %s AND area_code LIKE %s",
                    [system.pk, like],
                )
                counts[model._meta.model_name] = cursor.rowcount
            for model in (Person, Household):
                cursor.execute(
                    f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)} "
                    "WHERE created_by_id = %s AND area_code LIKE %s",
                    [system.pk, like],
                )
                counts[model._meta.model_name] = cursor.rowcount
        for model in (Kader, Staff):
            mine = model.objects.filter(created_by=system, area_code__startswith=kabupaten + ".")
            counts[model._meta.model_name] = mine.delete()[0]
        Facility.served_areas.through.objects.filter(facility__in=facilities).delete()
        counts["facility"] = facilities.exclude(parent=None).delete()[0] + facilities.delete()[0]
        SynthRun.objects.filter(kabupaten=kabupaten).delete()
        # The fact table has no foreign keys: drop the facts of the deleted persons with the rest.
        monitoring_facts.rebuild(kabupaten)
        # Bulk deletes bypass the services: recount the kabupaten's desa from what is left.
        area_counts.refresh(Area.objects.filter(level=Level.DESA, code__startswith=kabupaten + ".").values_list("code", flat=True))
    return counts


@contextlib.contextmanager
def _no_bar(total=None, unit="", desc=""):
    class Bar:
        def update(self, n=1):
            pass

    yield Bar()


def generate(*, preset: Preset, seed: int = 1, months: int = 0, as_of: date | None = None, scale: float = 1.0,
             replace: bool = False, bar=_no_bar, batch: int = P.BATCH, prefix: str | None = None,
             logins: bool = False, password: str | None = None) -> Result:
    """Generate ``preset`` (see :func:`resolve`) into the database.

    ``seed`` makes the output reproducible; ``as_of`` is the reference date of ages (default
    today); ``months`` and ``scale`` are recorded in the :class:`SynthRun` for the "life over
    time" half; ``replace`` deletes an earlier synthetic run of the kabupaten first, otherwise
    :class:`AlreadyGenerated` is raised; ``bar(total=, unit=, desc=)`` is a progress-bar context
    manager; ``prefix`` starts the usernames (``kotim.kader``; "" gives ``kader``).

    Logins (one per role) are made only with ``logins`` or an explicit ``password``; without a
    password each gets a random one (in ``result.passwords``), except in a database made by
    ``siklus demo``, where they get the public demo password. Existing accounts keep their password.
    """
    as_of = as_of or date.today()
    kab = preset.kabupaten
    result = Result(kabupaten=kab, preset=preset.name)
    started = time.perf_counter()

    if not Area.objects.filter(code=kab).exists():
        areas_services.load(system_actor("synth"), kab)
    run, count = existing(kab)
    if run is not None or count:
        if not replace:
            raise AlreadyGenerated(run, count)
        remove(kab)
    system = synth_users.system_user()

    desa = [
        Desa(index=i, code=a.code, name=a.name, kecamatan=a.parent_id, kelurahan=a.kind == "kelurahan")
        for i, a in enumerate(Area.objects.filter(level=Level.DESA, code__startswith=kab + ".").order_by("code"))
    ]
    plan_populations(desa, preset.population, seed)
    plan = facility_plan.plan(preset, desa, seed)
    plan_sub_areas(desa, facility_plan.posyandu_per_desa(plan))
    facility_plan.assign_rw(plan, desa)
    plan_serials(desa)
    result.seconds["plan"] = time.perf_counter() - started

    # RW and RT areas (bulk, the areas app's code scheme), facilities, staff, kader, logins.
    t = time.perf_counter()
    with transaction.atomic():
        result.sub_areas = _create_sub_areas(kab, desa, batch)
        area_objects = {a.code: a for a in Area.objects.filter(level=Level.DESA, code__startswith=kab + ".")}
        rw_objects = {a.code: a for a in Area.objects.filter(level=Level.RW, code__startswith=kab + ".")}
        total = len(plan.puskesmas) + len(plan.pustu) + len(plan.posyandu)
        with bar(total=total, unit=" fasilitas", desc="Fasilitas") as progress:
            made = facility_plan.write(plan, areas=area_objects, rw_areas=rw_objects, system_user=system,
                                       progress=progress.update)
        names = NamePools(preset.region)
        result.staff, result.kader = facility_plan.staff_and_kader(plan, made, seed=seed, names=names,
                                                                  system_user=system, batch=batch)
        for key, items in made.items():
            result.facilities[key] = {"total": len(items), "ilp": sum(f.ilp_active for f in items)}
        if prefix is None:
            prefix = preset.name or "k" + kab.replace(".", "")
        if logins or password is not None:
            result.users, result.passwords = synth_users.create_role_users(prefix, kab, made, password=password)
    planned_posyandu = {id(p): f for p, f in zip(plan.posyandu, made["posyandu"])}
    by_code = {d.code: d for d in desa}
    for p in plan.posyandu:
        for rw in p.rw:
            by_code[p.desa].posyandu_of_rw[rw] = planned_posyandu[id(p)]
    result.seconds["facilities"] = time.perf_counter() - t

    # Households and persons, block by block.
    t = time.perf_counter()
    taken = set(
        Person.objects.filter(nik__startswith=kab.replace(".", "")).exclude(created_by=system)
        .values_list("nik", flat=True)
    )
    # The residents are drawn as they were at the start of the history's period and the history ages
    # them, so the only persons born inside the period are its recorded births.
    drawn_on = history.month_starts(as_of, months)[0] - timedelta(days=1) if months else as_of
    shares = P.age_sex_shares(sex_ratio=preset.sex_ratio.value, share_0_4=preset.share_0_4.value)
    peopler = Peopler(seed=seed, as_of=drawn_on, pools=names, jkn_share=preset.jkn_share, kabupaten=kab,
                      created_by=system, shares=shares)
    households_out, persons_out = Writer(Household), Writer(Person)
    pending_households: list[dict] = []
    pending_persons: list[dict] = []

    def flush():
        with transaction.atomic():
            households_out.write(pending_households)
            persons_out.write(pending_persons)
        pending_households.clear()
        pending_persons.clear()

    with bar(total=preset.population, unit=" penduduk", desc="Penduduk") as progress:
        for d in desa:
            for block in peopler.blocks(d):
                if taken:
                    for person in block.persons:
                        if person["nik"] in taken:
                            person["nik"] = None
                            result.nik_collisions += 1
                pending_households.extend(block.households)
                pending_persons.extend(block.persons)
                if len(pending_persons) >= COMMIT_ROWS:
                    flush()
                result.persons += len(block.persons)
                result.households += len(block.households)
                result.duplicates += block.duplicates
                result.without_nik += block.without_nik
                progress.update(len(block.persons))
        flush()
    result.seconds["population"] = time.perf_counter() - t
    if result.users:
        rt_users, rt_passwords = synth_users.create_rt_user(prefix, result.users, password=password)
        result.users += rt_users
        result.passwords.update(rt_passwords)

    if months:
        t = time.perf_counter()
        with bar(total=result.persons, unit=" penduduk", desc=f"Riwayat {months} bulan") as progress:
            result.history = history.generate(desa=desa, kabupaten=kab, seed=seed, months=months, as_of=as_of,
                                              created_by_id=system.pk, names=names, progress=progress.update,
                                              preset=preset)
        result.seconds["history"] = time.perf_counter() - t

    # Statistics for the planner of what follows (and of the first queries after it): a bulk load
    # leaves PostgreSQL thinking the tables are as small as before.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Household, *history.MODELS):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    # Bulk writes bypass the services that keep the per-desa counters: recount them set-based.
    area_counts.refresh([d.code for d in desa])
    # ... and the care hook that keeps the monitoring fact table current: build it set-based too.
    if months:
        t = time.perf_counter()
        result.facts = monitoring_facts.rebuild(kab)
        result.seconds["facts"] = time.perf_counter() - t
    summary = {
        "history": result.history, "facts": result.facts,
        "persons": result.persons, "households": result.households, "duplicates": result.duplicates,
        "without_nik": result.without_nik, "facilities": result.facilities, "staff": result.staff,
        "kader": result.kader, "sub_areas": result.sub_areas,
    }
    SynthRun.objects.create(kabupaten=kab, preset=preset.name, seed=seed, persons=result.persons, scale=scale,
                            months=months, as_of=as_of, summary=summary)
    audit_log("create", actor=system_actor("synth", user=system), area_code=kab, changes={"synth": summary})
    result.seconds["total"] = time.perf_counter() - started
    return result


def _create_sub_areas(kab: str, desa: list[Desa], batch: int) -> int:
    existing_codes = set(
        Area.objects.filter(code__startswith=kab + ".", level__in=[Level.RW, Level.RT]).values_list("code", flat=True)
    )
    rows = {"rw": [], "rt": []}
    for d in desa:
        for code, name, level, parent in sub_area_rows(d):
            if code not in existing_codes:
                rows[level].append(Area(code=code, name=name, level=level, parent_id=parent, kind=level))
    for level in ("rw", "rt"):
        Area.objects.bulk_create(rows[level], batch_size=batch)
    return len(rows["rw"]) + len(rows["rt"])


__all__ = ["AlreadyGenerated", "IntegrityError", "Result", "existing", "generate", "remove", "resolve"]
