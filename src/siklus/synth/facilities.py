"""Puskesmas, Pustu and Posyandu of a kabupaten, their ILP status, nakes and kader.

Planning is pure (numpy, seeded) and writing goes through ``siklus.facilities.services
.create_facility``, so every facility passes the rules the product applies:

* **Puskesmas**: one per kecamatan at least; the rest go, one at a time, to the kecamatan with the
  most residents per Puskesmas (D'Hondt), never more than it has desa. A kecamatan with several
  Puskesmas is split into contiguous groups of desa of about equal population; each group is the
  wilayah kerja of one Puskesmas, which stands in the group's most populous desa. So the wilayah
  kerja cover the kabupaten exactly once.
* **Pustu**: at most one per desa, first in desa without a Puskesmas, drawn with probability
  proportional to population; the pilot network and a launch desa are placed first.
* **Posyandu**: at least one per desa, the rest by population (largest remainder); each serves a
  contiguous run of the desa's RW.
* **ILP**: from the preset (phases for Puskesmas, exact counts or "follow the Puskesmas" for Pustu
  and Posyandu, a pilot network, a launch desa).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from siklus.core.actors import system
from siklus.facilities import services
from siklus.facilities.models import Facility, Kader, Kind, Staff
from siklus.synth import parameters as P
from siklus.synth.names import POSYANDU, NamePools
from siklus.synth.population import Desa, allocate, rng_for, uuids
from siklus.synth.presets import Preset

STREAM_FACILITIES, STREAM_STAFF = 2, 4
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


@dataclass
class Planned:
    kind: str
    name: str
    desa: str
    parent: int | None = None  # index of the Puskesmas in Plan.puskesmas
    wilayah: list[str] = field(default_factory=list)  # Puskesmas: desa codes
    rw: list[int] = field(default_factory=list)  # Posyandu: RW numbers served
    ilp_active: bool = False
    ilp_since: date | None = None
    pilot: bool = False


@dataclass
class Plan:
    puskesmas: list[Planned]
    pustu: list[Planned]
    posyandu: list[Planned]

    @property
    def pilot(self) -> int | None:
        return next((i for i, p in enumerate(self.puskesmas) if p.pilot), None)


def _random_date(rng, start: date, end: date) -> date:
    if end <= start:
        return start
    return start + timedelta(days=int(rng.integers(0, (end - start).days + 1)))


def plan(preset: Preset, desa: list[Desa], seed: int) -> Plan:
    rng = rng_for(seed, STREAM_FACILITIES)
    by_code = {d.code: d for d in desa}
    kecamatan: dict[str, list[Desa]] = {}
    for d in desa:
        kecamatan.setdefault(d.kecamatan, []).append(d)
    kec_codes = sorted(kecamatan)
    if preset.puskesmas < len(kec_codes):
        raise ValueError(f"{preset.puskesmas} Puskesmas cannot cover {len(kec_codes)} kecamatan")
    if preset.puskesmas > len(desa):
        raise ValueError(f"{preset.puskesmas} Puskesmas for only {len(desa)} desa")

    # Puskesmas per kecamatan (D'Hondt on population, capped by its desa count).
    pop = np.array([sum(d.population for d in kecamatan[k]) + 1 for k in kec_codes], dtype=float)
    caps = np.array([len(kecamatan[k]) for k in kec_codes])
    seats = np.ones(len(kec_codes), dtype=int)
    pilot_kec = preset.pilot.kecamatan if preset.pilot else None
    if pilot_kec in kec_codes and preset.puskesmas > len(kec_codes):
        # The pilot's kecamatan has a second Puskesmas ("Ketapang 2"), so its wilayah can be small.
        k = kec_codes.index(pilot_kec)
        seats[k] = min(2, caps[k])
    for _ in range(preset.puskesmas - int(seats.sum())):
        quotient = np.where(seats < caps, pop / (seats + 1), -1)
        seats[int(np.argmax(quotient))] += 1

    puskesmas: list[Planned] = []
    wilayah_of: dict[str, int] = {}
    for k, n in zip(kec_codes, seats):
        members = sorted(kecamatan[k], key=lambda d: d.code)
        groups = _split(members, int(n))
        for group in groups:
            home = max(group, key=lambda d: (d.population, d.kelurahan, d.code))
            kec_name = _kecamatan_name(home)
            name = f"Puskesmas {kec_name}" if n == 1 else f"Puskesmas {home.name}"
            puskesmas.append(Planned(Kind.PUSKESMAS, name, home.code, wilayah=[d.code for d in group]))
            for d in group:
                wilayah_of[d.code] = len(puskesmas) - 1
    _unique_names(puskesmas)
    pkm_desa = {p.desa for p in puskesmas}

    # Pilot: a Puskesmas whose wilayah can hold the pilot network.
    pilot_index = None
    if preset.pilot:
        candidates = [
            i for i, p in enumerate(puskesmas)
            if len([c for c in p.wilayah if c not in pkm_desa]) >= preset.pilot.pustu
            and len(p.wilayah) <= preset.pilot.posyandu
            and (pilot_kec is None or p.desa.rsplit(".", 1)[0] == pilot_kec)
        ]
        if not candidates:
            raise ValueError("no Puskesmas can hold the pilot network")
        pilot_index = candidates[int(rng.integers(len(candidates)))]
        puskesmas[pilot_index].pilot = True
        if preset.pilot.name:
            puskesmas[pilot_index].name = preset.pilot.name
            _unique_names(puskesmas)
    launch_pkm = wilayah_of.get(preset.launch.desa) if preset.launch else None
    if preset.launch and launch_pkm is None:
        raise ValueError(f"launch desa {preset.launch.desa} is not in {preset.kabupaten}")

    # Puskesmas ILP: the pilot first, then the others in random order through the phases.
    if pilot_index is not None:
        puskesmas[pilot_index].ilp_active, puskesmas[pilot_index].ilp_since = True, preset.pilot.since
    if launch_pkm is not None:
        puskesmas[launch_pkm].ilp_active, puskesmas[launch_pkm].ilp_since = True, preset.launch.since
    queue = [i for i in rng.permutation(len(puskesmas)) if not puskesmas[i].ilp_active]
    for phase in preset.puskesmas_phases:
        take = len(queue) if phase.count is None else phase.count
        for i in queue[:take]:
            puskesmas[i].ilp_active = True
            puskesmas[i].ilp_since = _random_date(rng, phase.start, phase.end)
        queue = queue[take:]

    # Pustu.
    pilot_wilayah = set(puskesmas[pilot_index].wilayah) if pilot_index is not None else set()
    chosen: list[str] = []
    if pilot_index is not None:
        own = sorted((by_code[c] for c in pilot_wilayah if c not in pkm_desa), key=lambda d: (-d.population, d.code))
        chosen += [d.code for d in own[: preset.pilot.pustu]]
    if preset.launch and preset.launch.desa not in chosen:
        chosen.append(preset.launch.desa)
    needed = preset.pustu - len(chosen)
    if needed < 0:
        raise ValueError("more Pustu placed by the pilot and launch than the preset has")
    for allow_pkm in (False, True):
        pool = [d for d in desa if d.code not in pilot_wilayah and d.code not in chosen
                and (allow_pkm or d.code not in pkm_desa)]
        take = min(needed, len(pool))
        if take:
            w = np.array([d.population + 1.0 for d in pool])
            picked = rng.choice(len(pool), size=take, replace=False, p=w / w.sum())
            chosen += [pool[j].code for j in sorted(picked)]
            needed -= take
    if needed:
        raise ValueError(f"{preset.pustu} Pustu do not fit in {len(desa)} desa (one per desa)")
    pustu = [Planned(Kind.PUSTU, f"Pustu {by_code[c].name}", c, parent=wilayah_of[c])
             for c in sorted(chosen)]

    # Posyandu per desa.
    per_desa: dict[str, int] = {}
    remaining = preset.posyandu
    fixed: set[str] = set()
    if pilot_index is not None:
        group = sorted((by_code[c] for c in pilot_wilayah), key=lambda d: d.code)
        for d, k in zip(group, allocate(preset.pilot.posyandu, [d.population + 1 for d in group], minimum=1)):
            per_desa[d.code] = int(k)
        fixed |= pilot_wilayah
        remaining -= preset.pilot.posyandu
    if preset.launch and preset.launch.desa not in fixed:
        per_desa[preset.launch.desa] = preset.launch.posyandu
        fixed.add(preset.launch.desa)
        remaining -= preset.launch.posyandu
    others = [d for d in desa if d.code not in fixed]
    for d, k in zip(others, allocate(remaining, [d.population + 1 for d in others], minimum=1)):
        per_desa[d.code] = int(k)
    posyandu: list[Planned] = []
    for d in desa:
        count = per_desa.get(d.code, 0)
        flowers = [POSYANDU[j] for j in rng.permutation(len(POSYANDU))]
        for j in range(count):
            name = flowers[j % len(flowers)] + (f" {j // len(flowers) + 1}" if j >= len(flowers) else "")
            posyandu.append(Planned(Kind.POSYANDU, f"Posyandu {name}", d.code, parent=wilayah_of[d.code]))

    # ILP of Pustu and Posyandu.
    def start(item: Planned, since: date | None = None, follow: bool = False):
        parent = puskesmas[item.parent]
        item.ilp_active = True
        if since:
            item.ilp_since = since
        elif follow:
            item.ilp_since = parent.ilp_since
        else:
            begin = parent.ilp_since or P.DEFAULT_PUSKESMAS_ILP[0]
            item.ilp_since = _random_date(rng, begin, max(begin, P.NETWORK_ILP_UNTIL))

    for items in (pustu, posyandu):
        for item in items:
            if item.parent == pilot_index and pilot_index is not None:
                start(item, preset.pilot.since)
            elif preset.launch and item.desa == preset.launch.desa:
                start(item, preset.launch.since)
    ilp_pustu_desa = {p.desa for p in pustu if p.ilp_active}
    for items, target in ((pustu, preset.pustu_ilp), (posyandu, preset.posyandu_ilp)):
        if target is None:
            for item in items:
                if not item.ilp_active and puskesmas[item.parent].ilp_active:
                    start(item, follow=True)
            continue
        open_items = [j for j, item in enumerate(items) if not item.ilp_active and puskesmas[item.parent].ilp_active]
        open_items = [open_items[j] for j in rng.permutation(len(open_items))]
        if items is posyandu:  # desa whose Pustu runs ILP bring their Posyandu along first
            open_items.sort(key=lambda j: items[j].desa not in ilp_pustu_desa)
        need = target - sum(item.ilp_active for item in items)
        if need > len(open_items) or need < 0:
            raise ValueError(f"cannot have exactly {target} {items[0].kind} on ILP")
        for j in open_items[:need]:
            start(items[j])
        if items is pustu:
            ilp_pustu_desa = {p.desa for p in pustu if p.ilp_active}
    return Plan(puskesmas, pustu, posyandu)


def assign_rw(plan_: Plan, desa: list[Desa]) -> None:
    """Each Posyandu serves a contiguous run of its desa's RW (after RW counts are planned)."""
    by_desa: dict[str, list[Planned]] = {}
    for p in plan_.posyandu:
        by_desa.setdefault(p.desa, []).append(p)
    for d in desa:
        members = by_desa.get(d.code, [])
        for k, p in enumerate(members):
            lo = k * d.rw_count // len(members)
            hi = (k + 1) * d.rw_count // len(members)
            p.rw = list(range(lo + 1, hi + 1))


def posyandu_per_desa(plan_: Plan) -> dict[str, int]:
    counts: dict[str, int] = {}
    for p in plan_.posyandu:
        counts[p.desa] = counts.get(p.desa, 0) + 1
    return counts


def _split(members: list[Desa], n: int) -> list[list[Desa]]:
    """Contiguous groups (by code) of about equal population, none empty (n ≤ len(members))."""
    total = sum(d.population for d in members)
    weights = [d.population if total else 1 for d in members]
    total = sum(weights)
    group = []
    acc = 0.0
    for i, w in enumerate(weights):
        wanted = min(n - 1, int((acc + w / 2) * n / total))
        if i == 0:
            g = 0
        else:
            g = max(group[-1], min(group[-1] + 1, wanted))
            g = min(max(g, n - (len(members) - i)), group[-1] + 1)
        group.append(g)
        acc += w
    groups: list[list[Desa]] = [[] for _ in range(n)]
    for d, g in zip(members, group):
        groups[g].append(d)
    return groups


def _kecamatan_name(d: Desa) -> str:
    from siklus.areas.services import kemendagri

    return kemendagri().get(d.kecamatan, d.kecamatan)


def _unique_names(items: list[Planned]) -> None:
    seen: dict[str, list[Planned]] = {}
    for p in items:
        seen.setdefault(p.name, []).append(p)
    for name, same in seen.items():
        if len(same) > 1:
            for k, p in enumerate(same):
                p.name = f"{name} {ROMAN[k] if k < len(ROMAN) else k + 1}"


# --- writing ----------------------------------------------------------------------------------


def write(plan_: Plan, *, areas: dict, rw_areas: dict, system_user, progress=None) -> dict[str, list[Facility]]:
    """Create the planned facilities through the facilities service (validation and audit)."""
    made: dict[str, list[Facility]] = {"puskesmas": [], "pustu": [], "posyandu": []}
    actor = system("synth", user=system_user)
    for p in plan_.puskesmas:
        made["puskesmas"].append(services.create_facility(
            actor, kind=p.kind, name=p.name, desa=areas[p.desa], served=[areas[c] for c in p.wilayah],
            ilp_active=p.ilp_active, ilp_since=p.ilp_since,
        ))
        if progress:
            progress(1)
    for key, items in (("pustu", plan_.pustu), ("posyandu", plan_.posyandu)):
        for p in items:
            served = [rw_areas[f"{p.desa}.RW{r:03d}"] for r in p.rw] if p.kind == Kind.POSYANDU else []
            made[key].append(services.create_facility(
                actor, kind=p.kind, name=p.name, desa=areas[p.desa], parent=made["puskesmas"][p.parent],
                served=served, ilp_active=p.ilp_active, ilp_since=p.ilp_since,
            ))
            if progress:
                progress(1)
    return made


TITLES = {
    "dokter": ("dr. {}", None), "dokter_gigi": ("drg. {}", None), "bidan": ("{}, A.Md.Keb", "{}, S.Tr.Keb"),
    "perawat": ("{}, A.Md.Kep", "Ns. {}, S.Kep"), "gizi": ("{}, S.Gz", None), "sanitarian": ("{}, A.Md.KL", None),
    "analis": ("{}, A.Md.AK", None), "apoteker": ("apt. {}, S.Farm", None), "promkes": ("{}, S.KM", None),
    "epidemiolog": ("{}, S.KM", None), "administrasi": ("{}", "{}, S.E."),
}


def staff_and_kader(plan_: Plan, made: dict[str, list[Facility]], *, seed: int, names: NamePools,
                    system_user, batch: int = P.BATCH) -> tuple[int, int]:
    """Nakes of every Puskesmas and Pustu and kader of every Posyandu, written in bulk."""
    rng = rng_for(seed, STREAM_STAFF)
    staff: list[Staff] = []

    def person_name(sex: str) -> str:
        return " ".join(names.draw(rng, np.array([sex]), np.array([35]))[0])

    def add(facility: Facility, profession: str, klaster: int | None):
        sex = "P" if profession == "bidan" else ("P" if rng.random() < 0.6 else "L")
        plain, other = TITLES[profession]
        pattern = other if other and rng.random() < 0.3 else plain
        staff.append(Staff(
            facility=facility, name=pattern.format(person_name(sex)), profession=profession, klaster=klaster,
            phone=_phone(rng), area_code=facility.area_code, created_by=system_user,
        ))

    for facility in made["puskesmas"]:
        for profession, (low, high, klaster) in P.PUSKESMAS_STAFF.items():
            for _ in range(int(rng.integers(low, high + 1))):
                add(facility, profession, int(klaster[int(rng.integers(len(klaster)))]))
    for facility in made["pustu"]:
        if facility.ilp_active:
            add(facility, "bidan", 2)
            add(facility, "perawat", 3)
            if rng.random() < P.ILP_PUSTU_SECOND_BIDAN:
                add(facility, "bidan", 2)
        else:
            add(facility, "bidan" if rng.random() < P.OTHER_PUSTU_BIDAN else "perawat", None)
    kabupaten = made["puskesmas"][0].area_code[:5] if made["puskesmas"] else ""
    ids = uuids(rng, len(staff), kabupaten)
    for s, i in zip(staff, ids):
        s.id = i
    Staff.objects.bulk_create(staff, batch_size=batch)

    kader: list[Kader] = []
    levels = ("purwa", "madya", "utama")
    for facility in made["posyandu"]:
        key = "ilp" if facility.ilp_active else "other"
        low, high = P.KADER_PER_POSYANDU[key]
        for _ in range(int(rng.integers(low, high + 1))):
            level = levels[int(rng.choice(3, p=P.KADER_LEVEL_SHARES[key]))]
            g_low, g_high = P.KADER_GROUPS[level]
            n_groups = int(rng.integers(g_low, g_high + 1))
            groups = [1] + sorted(int(g) + 2 for g in rng.permutation(4)[: n_groups - 1])
            sex = "P" if rng.random() < P.KADER_FEMALE_SHARE else "L"
            kader.append(Kader(
                id=None, posyandu=facility, name=person_name(sex), level=level, competency_groups=groups,
                phone=_phone(rng), area_code=facility.area_code, created_by=system_user,
            ))
    for k, i in zip(kader, uuids(rng, len(kader), kabupaten)):
        k.id = i
    Kader.objects.bulk_create(kader, batch_size=batch)
    return len(staff), len(kader)


def _phone(rng) -> str:
    return f"{P.PHONE_PREFIXES[int(rng.integers(len(P.PHONE_PREFIXES)))]}{int(rng.integers(10**7, 10**8))}"
