"""Households and persons, desa by desa.

How a desa is peopled (all draws from ``parameters``):

1. Its residents' ages and sexes are drawn at once from the BPS age-sex structure (numpy).
2. Household sizes are drawn until they hold exactly those residents.
3. Residents are placed into households from age-sex pools: a head for every household, then
   wives/husbands of a fitting age, elderly parents with a younger head, children of the mother
   (at least ``MIN_MOTHER_AGE_AT_BIRTH`` years younger than her), and the rest as grandchildren or
   other family by their age. Every drawn resident is placed, so the age-sex structure is exactly
   the drawn one, whatever the household rules.
4. Names, NIK (kecamatan of the desa, birth date, +40 for women, a serial unique per kecamatan
   and date), KK numbers, JKN numbers and phones are added; a share has no NIK (mostly babies) and
   a share are second registrations with a typo (for the duplicate finder).

A desa larger than ``BLOCK_PERSONS`` is peopled in blocks, so memory depends on the block size,
not on the number of persons asked for. Each block has its own random stream derived from the
seed, the desa and the block, so the output is the same for a seed whatever else changes.
"""

from __future__ import annotations

import hashlib
import math
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
from rapidfuzz import fuzz

from siklus.people.models import Relation
from siklus.people.services import DUPLICATE_NAME_SIMILARITY, name_key
from siklus.synth import parameters as P
from siklus.synth.names import NamePools, misspell

BLOCK_PERSONS = 20_000
STREAM_DESA_SIZES, STREAM_BLOCK = 1, 3
UNISEX_FAMILY_NAMES = {"Harahap", "Lubis", "Siregar", "Nasution", "Hasibuan", "Wijaya", "Kusuma", "Santoso",
                       "Hartono", "Sutanto", "Hakim", "Daud", "Lanting", "Munte", "Riwut", "Bungai", "Noor"}
_SHARES = P.age_sex_shares()
_SIZES = np.array(sorted(P.HOUSEHOLD_SIZE_SHARES))
_SIZE_P = np.array([P.HOUSEHOLD_SIZE_SHARES[k] for k in _SIZES]) / sum(P.HOUSEHOLD_SIZE_SHARES.values())
L, F = 0, 1
SEX = ("L", "P")


def rng_for(seed: int, *stream: int) -> np.random.Generator:
    return np.random.default_rng([seed, *stream])


def uuids(rng: np.random.Generator, n: int, place: str) -> list[uuid.UUID]:
    """n version-4 UUIDs from ``rng``, made distinct per ``place`` (an area code): the streams
    depend on the seed and indexes only, and two kabupaten made with one seed share a database."""
    salt = int.from_bytes(hashlib.blake2b(place.encode(), digest_size=16).digest())
    raw = rng.bytes(16 * n)
    return [uuid.UUID(int=int.from_bytes(raw[16 * i : 16 * i + 16]) ^ salt, version=4) for i in range(n)]


def allocate(total: int, weights, minimum: int = 0) -> np.ndarray:
    """Split ``total`` over ``weights`` (largest remainder), each getting at least ``minimum``
    when the total allows it."""
    weights = np.asarray(weights, dtype=float)
    n = len(weights)
    if n == 0:
        return np.zeros(0, dtype=int)
    base = np.zeros(n, dtype=int)
    if minimum and total >= minimum * n:
        base += minimum
    elif minimum:
        # Not enough for everyone: the heaviest get one each.
        order = np.argsort(-weights, kind="stable")[:total]
        base[order] = 1
        return base
    rest = total - base.sum()
    if rest <= 0:
        return base
    w = weights / weights.sum() if weights.sum() > 0 else np.full(n, 1 / n)
    exact = w * rest
    floor = np.floor(exact).astype(int)
    remainder = rest - floor.sum()
    order = np.argsort(-(exact - floor), kind="stable")[:remainder]
    floor[order] += 1
    return base + floor


@dataclass
class Desa:
    """What the generator knows of a desa before peopling it."""

    index: int  # position in the kabupaten's desa list (sorted by code)
    code: str
    name: str
    kecamatan: str
    kelurahan: bool
    population: int = 0
    households_planned: int = 0
    rw_count: int = 1
    rt_count: int = 1
    posyandu_of_rw: dict[int, object] = field(default_factory=dict)  # RW number → Facility
    block_offset: int = 0  # position of this desa's first block among its kecamatan's blocks
    kecamatan_blocks: int = 1
    blocks: int = 1
    streets: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return "kelurahan" if self.kelurahan else "desa"

    @property
    def kecamatan_digits(self) -> str:
        return self.kecamatan.replace(".", "")

    def rt_of(self, rt_index: int) -> tuple[int, int]:
        """RT position in the desa (0-based) → (RW number, RT number in that RW)."""
        rw_index = rt_index * self.rw_count // self.rt_count
        first = -(-rw_index * self.rt_count // self.rw_count)  # first RT index of that RW
        return rw_index + 1, rt_index - first + 1


def plan_populations(desa: list[Desa], total: int, seed: int) -> None:
    rng = rng_for(seed, STREAM_DESA_SIZES)
    weights = rng.lognormal(0.0, P.DESA_SIZE_SIGMA, len(desa))
    weights *= np.array([P.KELURAHAN_SIZE_FACTOR if d.kelurahan else 1.0 for d in desa])
    for d, n in zip(desa, allocate(total, weights)):
        d.population = int(n)


def plan_sub_areas(desa: list[Desa], posyandu_per_desa: dict[str, int]) -> None:
    """RW and RT counts per desa from its planned households; at least one RW per Posyandu."""
    mean = P.mean_household_size()
    for d in desa:
        d.households_planned = math.ceil(d.population / mean) if d.population else 0
        rt = max(1, math.ceil(d.households_planned / P.HOUSEHOLDS_PER_RT[d.kind]))
        rw = max(1, math.ceil(rt / P.RT_PER_RW[d.kind]), posyandu_per_desa.get(d.code, 0))
        d.rw_count, d.rt_count = rw, max(rt, rw)


def plan_serials(desa: list[Desa]) -> None:
    """Number the population blocks of each kecamatan, so NIK/KK serials can be unique per
    kecamatan and date without any lookup across desa: the k-th person of a block born on a given
    day (and sex) gets serial ``k × blocks + block position + 1``. Most serials stay small, as real
    ones do (0001, 0002 …)."""
    by_kecamatan: dict[str, list[Desa]] = {}
    for d in desa:
        d.blocks = max(1, math.ceil(d.population / BLOCK_PERSONS))
        by_kecamatan.setdefault(d.kecamatan, []).append(d)
    for members in by_kecamatan.values():
        total = sum(d.blocks for d in members)
        offset = 0
        for d in members:
            d.block_offset, d.kecamatan_blocks = offset, total
            offset += d.blocks


def sub_area_rows(d: Desa) -> Iterator[tuple[str, str, str, str]]:
    """(code, name, level, parent code) of the desa's RW and RT, in the areas app's code scheme."""
    for rw in range(1, d.rw_count + 1):
        yield f"{d.code}.RW{rw:03d}", f"{rw:03d}", "rw", d.code
    for rt_index in range(d.rt_count):
        rw, rt = d.rt_of(rt_index)
        yield f"{d.code}.RW{rw:03d}.RT{rt:03d}", f"{rt:03d}", "rt", f"{d.code}.RW{rw:03d}"


# --- peopling one block ---------------------------------------------------------------------


class _Pools:
    """Residents not yet placed, by sex and single year of age."""

    def __init__(self, ages: np.ndarray, sexes: np.ndarray):
        self.bins: list[list[list[int]]] = [[[] for _ in range(P.OLDEST_AGE + 1)] for _ in range(2)]
        for i in range(len(ages)):
            self.bins[sexes[i]][ages[i]].append(i)

    def take(self, sex: int, target: float, lo: int, hi: int) -> int:
        lo, hi = max(lo, 0), min(hi, P.OLDEST_AGE)
        if lo > hi:
            return -1
        bins = self.bins[sex]
        t = int(round(min(max(target, lo), hi)))
        for delta in range(0, hi - lo + 1):
            a = t - delta
            if a >= lo and bins[a]:
                return bins[a].pop()
            a = t + delta
            if delta and a <= hi and bins[a]:
                return bins[a].pop()
            if t - delta < lo and t + delta > hi:
                break
        return -1

    def take_either(self, first: int, target: float, lo: int, hi: int) -> int:
        found = self.take(first, target, lo, hi)
        return found if found >= 0 else self.take(1 - first, target, lo, hi)

    def remaining(self, min_age: int = 0) -> list[int]:
        return [i for s in (L, F) for a in range(min_age, P.OLDEST_AGE + 1) for i in self.bins[s][a]]

    def drain(self, indices) -> None:
        gone = set(indices)
        for s in (L, F):
            for a in range(P.OLDEST_AGE + 1):
                if self.bins[s][a]:
                    self.bins[s][a] = [i for i in self.bins[s][a] if i not in gone]


@dataclass
class Block:
    """One block of a desa, as plain lists ready to become model rows."""

    households: list[dict]  # field attname → value, for bulk.Writer
    persons: list[dict]
    duplicates: int
    without_nik: int


class Peopler:
    """Peoples desa for one run (kabupaten, seed, reference date, name pools)."""

    def __init__(self, *, seed: int, as_of: date, pools: NamePools, jkn_share: float, kabupaten: str,
                 created_by=None, shares: np.ndarray | None = None):
        """``as_of``: the day the ages are drawn for (the start of the history's period, which then
        ages them); ``shares``: the age-sex structure (default the national one)."""
        self.seed, self.as_of, self.names = seed, as_of, pools
        self.shares = _SHARES if shares is None else shares
        self.as_of_ord = as_of.toordinal()
        self.jkn_share = jkn_share
        self.created_by_id = created_by.pk if created_by is not None else None
        self.jkn_offset = int(kabupaten.replace(".", "")) * 1_000_003 % 10**10
        self.no_nik_upper = np.array([u for u, _ in P.NO_NIK_BY_AGE])
        self.no_nik_share = np.array([s for _, s in P.NO_NIK_BY_AGE])
        self.household_counter: dict[int, int] = {}  # desa index → households made so far

    def blocks(self, d: Desa) -> Iterator[Block]:
        sizes = allocate(d.population, np.ones(d.blocks))
        for b, n in enumerate(sizes):
            if n:
                yield self.block(d, b, int(n))

    # The heart of it; kept in one function so the order of random draws is easy to see.
    def block(self, d: Desa, b: int, n_records: int) -> Block:
        rng = rng_for(self.seed, STREAM_BLOCK, d.index, b)
        dup_exact = n_records * P.DUPLICATE_SHARE
        n_dup = int(dup_exact) + int(rng.random() < dup_exact - int(dup_exact))
        n = n_records - n_dup
        if n <= 0:
            n, n_dup = n_records, 0

        # 1. ages and sexes
        cells = rng.multinomial(n, self.shares.ravel())
        flat = np.repeat(np.arange(cells.size), cells)
        flat = flat[rng.permutation(n)]
        ages, sexes = (flat // 2).astype(np.int64), (flat % 2).astype(np.int64)
        days = np.floor((ages + rng.random(n)) * 365.2425).astype(np.int64)
        birth_ord = self.as_of_ord - days

        # 2. household sizes: as many households as the mean size asks for, then sizes nudged by
        #    one person at random until they hold exactly n (keeps the mean, even in tiny desa)
        H = max(1, int(round(n / P.mean_household_size())))
        sizes = rng.choice(_SIZES, size=H, p=_SIZE_P).astype(np.int64)
        while (diff := n - int(sizes.sum())) != 0:
            if diff > 0:
                np.add.at(sizes, rng.integers(0, H, size=diff), 1)
            else:
                shrinkable = np.flatnonzero(sizes > 1)
                picks = rng.choice(shrinkable, size=min(-diff, len(shrinkable)), replace=False)
                sizes[picks] -= 1

        # 3. placing residents
        pools = _Pools(ages, sexes)
        household = np.full(n, -1, dtype=np.int64)
        relation: list[str] = [""] * n
        mother = np.full(n, -1, dtype=np.int64)
        head = np.full(H, -1, dtype=np.int64)
        wife = np.full(H, -1, dtype=np.int64)
        slots = sizes.astype(np.int64).copy()
        u = rng.random((H, 6))
        gap = rng.normal(*P.SPOUSE_AGE_GAP, H)
        head_age_family = rng.normal(*P.HEAD_AGE_FAMILY, H)

        def place(i: int, h: int, rel: Relation) -> None:
            household[i], relation[i] = h, rel.value
            slots[h] -= 1

        for h in range(H):
            single = sizes[h] == 1
            female = u[h, 0] < P.FEMALE_HEAD_SHARE["single" if single else "family"]
            if single:
                cum = 0.0
                target = 45.0
                for share, low, high in P.HEAD_AGE_SINGLE.values():
                    cum += share
                    if u[h, 1] < cum:
                        target = low + u[h, 2] * (high - low)
                        break
            else:
                target = head_age_family[h]
            i = pools.take_either(F if female else L, target, 17, P.OLDEST_AGE)
            if i < 0:
                i = pools.take_either(F if female else L, target, 0, P.OLDEST_AGE)
            head[h] = i
            place(i, h, Relation.KEPALA)

        for h in range(H):
            if slots[h] <= 0:
                continue
            hi_, h_age = head[h], ages[head[h]]
            if sexes[hi_] == L and u[h, 3] < P.SPOUSE_SHARE["male_head"]:
                i = pools.take(F, h_age - gap[h], max(16, h_age - 25), h_age + 10)
                if i >= 0:
                    wife[h] = i
                    place(i, h, Relation.ISTRI)
            elif sexes[hi_] == F and u[h, 3] < P.SPOUSE_SHARE["female_head"]:
                i = pools.take(L, h_age + gap[h], max(17, h_age - 10), h_age + 25)
                if i >= 0:
                    place(i, h, Relation.SUAMI)
            if wife[h] < 0 and sexes[hi_] == F:
                wife[h] = hi_  # the mother of the head's children

        open_h = [h for h in range(H) if slots[h] > 0]
        elders = [i for i in pools.remaining(60)]
        elders = [elders[k] for k in rng.permutation(len(elders))]
        picks = rng.integers(0, max(1, len(open_h)), size=(len(elders), 30)) if open_h else None
        placed = []
        for k, i in enumerate(elders):
            for pick in (picks[k] if picks is not None else ()):
                h = open_h[pick]
                if slots[h] > 0 and ages[head[h]] <= ages[i] - P.PARENT_MIN_GAP:
                    rel = Relation.ORANG_TUA if (u[h, 4] < 0.5 or sexes[head[h]] == F) else Relation.MERTUA
                    place(i, h, rel)
                    placed.append(i)
                    break
        pools.drain(placed)

        order = rng.permutation(H)
        child_age = rng.uniform(*P.MOTHER_AGE_AT_BIRTH, size=n)
        child_sex = rng.integers(0, 2, size=n)
        k = 0
        for h in order:
            m = wife[h]
            parent_age = ages[m] if m >= 0 else ages[head[h]]
            while slots[h] > 0:
                hi = parent_age - P.MIN_MOTHER_AGE_AT_BIRTH
                i = pools.take_either(int(child_sex[k % n]), parent_age - child_age[k % n], 0, hi)
                k += 1
                if i < 0:
                    break
                place(i, h, Relation.ANAK)
                if m >= 0:
                    mother[i] = m

        rest = pools.remaining()
        rest = [rest[j] for j in rng.permutation(len(rest))]
        open_slots = [h for h in range(H) for _ in range(int(slots[h]))]
        open_slots = [open_slots[j] for j in rng.permutation(len(open_slots))]
        for i, h in zip(rest, open_slots):
            h_age = ages[head[h]]
            if ages[i] <= h_age - 35:
                rel = Relation.CUCU
            elif ages[i] >= h_age + P.PARENT_MIN_GAP:
                rel = Relation.ORANG_TUA
            else:
                rel = Relation.FAMILI
            place(i, h, rel)

        # 4. names
        sex_codes = np.array(SEX)[sexes]
        words = self.names.draw(rng, sex_codes, ages)
        family = rng.random(H) < P.FAMILY_NAME_SHARE
        for i in range(n):
            h = household[i]
            if relation[i] == Relation.ANAK.value and family[h] and sexes[head[h]] == L and len(words[head[h]]) > 1:
                last = words[head[h]][-1]
                if len(words[i]) > 1 and (sexes[i] == L or last in UNISEX_FAMILY_NAMES):
                    words[i] = words[i][:-1] + [last]
        names = [" ".join(w) for w in words]

        # 5. identifiers
        upper_idx = np.searchsorted(self.no_nik_upper, ages, side="right")
        has_nik = rng.random(n) >= self.no_nik_share[np.minimum(upper_idx, len(self.no_nik_share) - 1)]
        position = d.block_offset + b
        niks = self._niks(d, birth_ord, sexes, has_nik, position)
        kk = self._kks(d, rng, birth_ord[head], position)
        jkn = rng.random(n) < self.jkn_share
        jkn_base = (d.index * 1000 + b) * 100_000
        phone_draw = rng.random(n)
        phone_digits = rng.integers(10_000_000, 100_000_000, size=n)
        phone_prefix = rng.integers(0, len(P.PHONE_PREFIXES), size=n)

        # 6. duplicates: second registrations of residents, with a typo and without NIK
        dup_of = rng.choice(n, size=min(n_dup, n), replace=False) if n_dup else np.zeros(0, dtype=int)
        dup_names = []
        for j in dup_of:
            original = names[j]
            for _ in range(5):
                typo = misspell(original, rng)
                similarity = fuzz.token_sort_ratio(name_key(typo), name_key(original))
                if typo != original and similarity >= DUPLICATE_NAME_SIMILARITY:
                    break
            else:
                typo = original[:1] + original[:]  # doubled first letter: always close enough
            dup_names.append(typo)

        # 7. rows
        ids = uuids(rng, n + len(dup_of) + H, d.code)
        person_ids, dup_ids, household_ids = ids[:n], ids[n : n + len(dup_of)], ids[n + len(dup_of) :]
        first_household = self.household_counter.get(d.index, 0)
        self.household_counter[d.index] = first_household + H
        street_pick = rng.integers(0, len(self.names.streets), size=d.rt_count)
        house_no = rng.integers(1, 120, size=H)
        address_style = rng.random(H)
        households = []
        for h in range(H):
            rt_index = min(d.rt_count - 1, (first_household + h) * d.rt_count // max(1, d.households_planned))
            rw, rt = d.rt_of(rt_index)
            street = self.names.streets[street_pick[rt_index]]
            if d.kelurahan or address_style[h] < 0.4:
                address = f"Jl. {street} No. {house_no[h]}"
            elif address_style[h] < 0.7:
                address = f"Jl. {street}"
            else:
                address = f"Gg. {street} No. {house_no[h]}"
            posyandu = d.posyandu_of_rw.get(rw)
            households.append({
                "id": household_ids[h], "created_by_id": self.created_by_id,
                "area_code": f"{d.code}.RW{rw:03d}.RT{rt:03d}",
                "no_kk": kk[h], "head_name": names[head[h]], "address": address, "rt": f"{rt:03d}", "rw": f"{rw:03d}",
                "desa_id": d.code, "sub_area_id": f"{d.code}.RW{rw:03d}.RT{rt:03d}",
                "posyandu_id": posyandu.pk if posyandu is not None else None,
            })

        def birth(i):
            return date.fromordinal(int(birth_ord[i]))

        def phone(i):
            adult = ages[i] >= 17
            share = P.PHONE_SHARE["head"] if relation[i] == Relation.KEPALA.value else P.PHONE_SHARE["adult"]
            return f"{P.PHONE_PREFIXES[phone_prefix[i]]}{phone_digits[i]}" if adult and phone_draw[i] < share else ""

        def jkn_number(i):
            if not jkn[i]:
                return ""
            x = jkn_base + i
            return f"000{(7_919_111 * x + self.jkn_offset) % 10**10:010d}"

        by_household: list[list[int]] = [[] for _ in range(H)]
        for i in range(n):
            by_household[household[i]].append(i)
        persons = []
        for h in range(H):
            members = sorted(by_household[h], key=lambda i: (i != head[h], -ages[i]))
            area = households[h]["area_code"]
            for i in members:
                persons.append({
                    "id": person_ids[i], "created_by_id": self.created_by_id, "area_code": area,
                    "household_id": household_ids[h], "nik": niks[i], "name": names[i], "name_key": name_key(names[i]),
                    "sex": SEX[sexes[i]], "birth_date": birth(i), "relation": relation[i], "jkn_number": jkn_number(i),
                    "mother_id": person_ids[mother[i]] if mother[i] >= 0 else None, "phone": phone(i),
                })
        for k, j in enumerate(dup_of):
            h = household[j]
            persons.append({
                "id": dup_ids[k], "created_by_id": self.created_by_id, "area_code": households[h]["area_code"],
                "household_id": household_ids[h], "nik": None, "name": dup_names[k], "name_key": name_key(dup_names[k]),
                "sex": SEX[sexes[j]], "birth_date": birth(j), "jkn_number": "",
                # A second registration of a head is not a second head.
                "relation": relation[j] if relation[j] != Relation.KEPALA.value else Relation.LAINNYA.value,
                "mother_id": person_ids[mother[j]] if mother[j] >= 0 else None, "phone": "",
            })
        return Block(households, persons, duplicates=len(dup_of), without_nik=int((~has_nik).sum()))

    def _niks(self, d: Desa, birth_ord, sexes, has_nik, position: int) -> list[str | None]:
        """NIK = kecamatan (6) + DD(+40 for women) MM YY + serial (4), serial unique per date and sex."""
        n = len(birth_ord)
        key = birth_ord * 2 + sexes
        order = np.lexsort((np.arange(n), key))
        sorted_key = key[order]
        starts = np.r_[0, np.flatnonzero(np.diff(sorted_key)) + 1]
        rank_sorted = np.arange(n) - np.repeat(starts, np.diff(np.r_[starts, n]))
        rank = np.empty(n, dtype=np.int64)
        rank[order] = rank_sorted
        serial = rank * d.kecamatan_blocks + position + 1
        if n and serial.max() > 9999:
            raise RuntimeError(f"NIK serials exhausted in {d.kecamatan}: too many people share a birth date")
        prefix = d.kecamatan_digits
        out: list[str | None] = []
        for i in range(n):
            if not has_nik[i]:
                out.append(None)
                continue
            born = date.fromordinal(int(birth_ord[i]))
            day = born.day + (40 if sexes[i] == F else 0)
            out.append(f"{prefix}{day:02d}{born.month:02d}{born.year % 100:02d}{serial[i]:04d}")
        return out

    def _kks(self, d: Desa, rng, head_birth_ord, position: int) -> list[str]:
        """KK number = kecamatan (6) + issue date DDMMYY + serial (4); issued after the head's 17th
        birthday, within the last KK_ISSUED_WITHIN_YEARS years."""
        H = len(head_birth_ord)
        window = self.as_of_ord - int(P.KK_ISSUED_WITHIN_YEARS * 365.25)
        earliest = np.maximum(head_birth_ord + int(17 * 365.25), window)
        earliest = np.minimum(earliest, self.as_of_ord)
        issued = earliest + np.floor(rng.random(H) * (self.as_of_ord - earliest + 1)).astype(np.int64)
        order = np.lexsort((np.arange(H), issued))
        s = issued[order]
        starts = np.r_[0, np.flatnonzero(np.diff(s)) + 1] if H else np.zeros(0, dtype=int)
        rank_sorted = np.arange(H) - np.repeat(starts, np.diff(np.r_[starts, H])) if H else np.zeros(0, dtype=int)
        rank = np.empty(H, dtype=np.int64)
        rank[order] = rank_sorted
        prefix = d.kecamatan_digits
        out = []
        for h in range(H):
            when = date.fromordinal(int(issued[h]))
            serial = (int(rank[h]) * d.kecamatan_blocks + position) % 9999 + 1
            out.append(f"{prefix}{when:%d%m}{when.year % 100:02d}{serial:04d}")
        return out


def birth_date_for(age_years: int, as_of: date) -> date:
    """Helper for staff/kader and tests: a birth date that makes someone ``age_years`` on ``as_of``."""
    return as_of - timedelta(days=int((age_years + 0.5) * 365.2425))
