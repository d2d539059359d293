"""Life over time: M calendar months of care ending at ``as_of``, desa by desa.

Births (with the mother's pregnancy, ANC contacts, delivery, KF/KN visits), monthly Posyandu
weighings of balita, infant immunizations, yearly screening of adults (blood pressure, glucose,
TB symptoms; ADL and SKILAS for lansia) with conditions and monthly kontrol, deaths and moves out.
Every rate is in :mod:`siklus.synth.parameters`; every classification stored is the one the pure
rules in :mod:`siklus.rules` give for the stored value. A desa's ``access`` (distance to the
Puskesmas) lowers its coverage, so PWS maps differ between desa.

Each desa is simulated from its own random stream (seed, desa index), so the output is
deterministic, and its rows are written before the next desa is read: memory stays flat.

The residents were drawn as they were on the day before the period (``generator``), so the only
persons born inside the period are the births written here, each with its mother's pregnancy, the
delivery, a ``Birth`` row and KN/KF visits as the coverage rates say. Rates that a district has
its own figure for (stunting, hypertension, screening coverage …) come from its preset.

Simplifications (say so before reading analytics off it): no stillbirths, abortions or twins; a
newborn stays in its mother's household; doses given before the period are recorded without an
encounter (copied from the Buku KIA). Every classification comes from
:mod:`siklus.care.services` (``classify``, ``classify_growth`` for the weighings), under the rule
settings of the person's area, with its rule version and settings signature.
"""

from __future__ import annotations

import functools
import json
import math
import uuid
from dataclasses import dataclass, field
from datetime import date
from statistics import NormalDist

import numpy as np
from django.db import connection, transaction

from siklus.care import services as care
from siklus.care.models import Birth, Condition, Encounter, Immunization, Observation, Pregnancy, Supplement
from siklus.facilities.models import Facility
from siklus.people.models import Person
from siklus.people.services import name_key
from siklus.rules import elderly, immunization
from siklus.rules.anthropometry.lms import value_at
from siklus.rules.anthropometry.tables import table
from siklus.rules.lifecycle import date_at_age
from siklus.synth import parameters as P
from siklus.synth.bulk import Writer
from siklus.synth.population import rng_for

COMMIT_ROWS = 20_000
HISTORY_STREAM = 90_001  # random stream of the history, apart from the population's streams
FAR = 10**7  # an ordinal day after any date used here: "never"
LENGTH_UNTIL_DAY = 731  # length lying below 24 months, height standing from then (WHO)
LABEL_LENGTH = Observation._meta.get_field("category_label").max_length
SEXES = ("L", "P")  # self.sex 0 / 1
# Write order (foreign keys).
MODELS = (Person, Pregnancy, Birth, Encounter, Observation, Immunization, Supplement, Condition)


def month_starts(as_of: date, months: int, extra: int = 0) -> list[date]:
    """First days of the ``months`` months of the period (as_of − months, as_of], then ``extra`` more:
    month k is [starts[k], starts[k + 1]); the period ends on as_of itself."""
    before = date_at_age(as_of, months=-months)
    return [date.fromordinal(date_at_age(before, months=k).toordinal() + 1) for k in range(months + extra + 1)]


def access_of(d, seed: int) -> float:
    """A desa's access factor (1 = next to the Puskesmas); a kelurahan is always near."""
    if d.kelurahan:
        return 1.0
    rng = rng_for(seed, HISTORY_STREAM, d.index, 1)
    low, high = P.FAR_ACCESS if rng.random() < P.FAR_DESA_SHARE else P.NEAR_ACCESS
    return float(rng.uniform(low, high))


def _band(ages: np.ndarray, table_: dict[int, float]) -> np.ndarray:
    lows = np.array(sorted(table_))
    values = np.array([table_[k] for k in sorted(table_)])
    return values[np.clip(np.searchsorted(lows, ages, side="right") - 1, 0, None)]


def age_profile(rate: float, national: float, by_age: dict[int, float], relative: bool = False) -> dict[int, float]:
    """Prevalence by age band (lower bound in months) for a district whose overall rate is ``rate``:
    the national profile scaled by rate ÷ national (``relative``: ``by_age`` holds shapes around 1,
    normalised here by each band's width so the bands average to ``rate``)."""
    bounds = P.AGE_BANDS_MONTHS
    if relative:
        widths = {lo: hi - lo for lo, hi in zip(bounds, bounds[1:])}
        mean = sum(by_age[lo] * widths[lo] for lo in widths) / (bounds[-1] - bounds[0])
        return {lo: min(0.95, rate * v / mean) for lo, v in by_age.items()}
    return {lo: min(0.95, v * rate / national) for lo, v in by_age.items()}


def growth_means(stunting: float = P.STUNTING.value, wasting: float = P.WASTING.value) -> tuple[np.ndarray, np.ndarray]:
    """Mean HAZ and WHZ by age band (index of ``AGE_BANDS_MONTHS``) so that P(z < −2) at each age is
    the band's stunting and wasting prevalence: the SKI 2023 age profile scaled to the district."""
    sd = math.hypot(P.GROWTH_SD_CHILD, P.GROWTH_SD_MONTH)
    inv = NormalDist().inv_cdf
    haz = age_profile(stunting, P.STUNTING.value, P.STUNTING_BY_AGE)
    whz = age_profile(wasting, P.WASTING.value, P.WASTING_BY_AGE, relative=True)
    lows = P.AGE_BANDS_MONTHS[:-1]
    return (np.array([-2 - inv(haz[lo]) * sd for lo in lows]), np.array([-2 - inv(whz[lo]) * sd for lo in lows]))


def band_of_days(age_days: np.ndarray) -> np.ndarray:
    """Index of the age band (``AGE_BANDS_MONTHS``) of ages in days (months of 30.4375 days)."""
    months = np.floor(np.asarray(age_days) / 30.4375)
    return np.clip(np.searchsorted(np.array(P.AGE_BANDS_MONTHS), months, side="right") - 1, 0,
                   len(P.AGE_BANDS_MONTHS) - 2)


def mean_access(desa: list, seed: int) -> float:
    """Residents' mean access: growth is centred on it so the kabupaten's shares hold."""
    weights = np.array([max(d.population, 1) for d in desa], dtype=float)
    return float(np.average([access_of(d, seed) for d in desa], weights=weights)) if desa else 1.0


def immunization_visits(on: date) -> list[tuple[int, list]]:
    """The schedule's doses (not the endemic-only ones) grouped by ideal age in months."""
    visits: dict[int, list] = {}
    for rule in immunization.SCHEDULE.at(on).value.doses:
        if rule.endemic_only or rule.code == "HB0":
            continue
        visits.setdefault(rule.ideal.start.months, []).append(rule)
    return sorted(visits.items())


@dataclass
class Sink:
    """Rows waiting to be written, per model; flushed in one transaction when large enough."""

    writers: dict = field(default_factory=lambda: {m: PreparedWriter(m) for m in MODELS})
    rows: dict = field(default_factory=lambda: {m: [] for m in MODELS})
    ends: list = field(default_factory=list)  # (died_on, moved_out_on, id)
    counts: dict = field(default_factory=dict)

    def add(self, model, row: dict) -> None:
        self.rows[model].append(row)

    def size(self) -> int:
        return sum(len(r) for r in self.rows.values())

    def flush(self) -> None:
        with transaction.atomic():
            for model in MODELS:
                rows = self.rows[model]
                self.writers[model].write(rows)
                key = model._meta.model_name
                self.counts[key] = self.counts.get(key, 0) + len(rows)
                rows.clear()
            if self.ends:
                with connection.cursor() as cursor:
                    cursor.executemany(
                        f"UPDATE {connection.ops.quote_name(Person._meta.db_table)} "
                        "SET died_on = %s, moved_out_on = %s WHERE id = %s",
                        [(_date(d), _date(m), _uuid(i)) for d, m, i in self.ends],
                    )
                self.counts["died"] = self.counts.get("died", 0) + sum(1 for d, _, _ in self.ends if d)
                self.counts["moved_out"] = self.counts.get("moved_out", 0) + sum(1 for _, m, _ in self.ends if m)
                self.ends.clear()


class PreparedWriter(Writer):
    """A Writer for rows whose values are already what the database takes: ids as 32 hex digits
    and dates as ISO text, which SQLite stores as Django does and PostgreSQL's COPY parses —
    the per-value field conversions were most of the history's time."""

    def __init__(self, model, **kw):
        super().__init__(model, **kw)
        self.convert = [None] * len(self.fields)


@functools.lru_cache(maxsize=100_000)
def _iso(ordinal: int) -> str:
    return date.fromordinal(int(ordinal)).isoformat()


def _hex(value) -> str | None:
    return None if value is None else value.hex


def hex_ids(rng: np.random.Generator, n: int) -> list[str]:
    """n random version-4 UUIDs as 32 hex digits (deterministic for the generator's state)."""
    raw = np.frombuffer(rng.bytes(16 * n), dtype=np.uint8).reshape(n, 16).copy()
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80
    text = raw.tobytes().hex()
    return [text[32 * k: 32 * k + 32] for k in range(n)]


def _uuid(value):
    return Person._meta.pk.get_db_prep_value(uuid.UUID(hex=value), connection)


def _date(value):
    return Person._meta.get_field("died_on").get_db_prep_value(value, connection)


class History:
    def __init__(self, *, seed: int, months: int, as_of: date, created_by_id: int, names, sink: Sink | None = None,
                 preset=None):
        self.seed, self.months, self.as_of = seed, months, as_of
        self.created_by_id, self.names = created_by_id, names
        self.sink = sink or Sink()
        self.starts = month_starts(as_of, months, extra=9)
        self.start = self.starts[0]
        self.start_ord, self.as_of_ord = self.start.toordinal(), as_of.toordinal()
        # The district's own figures where it has them (presets.Preset), national ones otherwise.
        figure = (lambda name: getattr(preset, name).value) if preset is not None else (
            lambda name: getattr(P, name.upper()).value)
        self.birth_rate = figure("birth_rate")
        self.hypertension, self.diabetes = figure("hypertension"), figure("diabetes")
        self.screening = figure("screening")
        self.mean_haz, self.mean_whz = growth_means(figure("stunting"), figure("wasting"))
        self.mean_access = 1.0
        self.visits = immunization_visits(as_of)
        self.lms = {n: table(n) for n in ("lhfa", "wfl", "wfh")}

    # ------------------------------------------------------------------ one desa
    def run_desa(self, d, persons: list[tuple], puskesmas_id) -> int:
        """Simulate one desa. ``persons``: (id, sex, birth_date, relation, household_id, area_code,
        posyandu_id), sorted by id for determinism. Returns the number of persons handled."""
        rng = rng_for(self.seed, HISTORY_STREAM, d.index, 2)
        self.access = access_of(d, self.seed)
        self.puskesmas_id = _hex(puskesmas_id)
        n = len(persons)
        if not n:
            return 0
        self.ids = [p[0].hex for p in persons]
        self.sex = np.array([p[1] == "P" for p in persons], dtype=np.int8)  # 0 L, 1 P
        self.birth = np.array([p[2].toordinal() for p in persons], dtype=np.int64)
        self.relation = [p[3] for p in persons]
        self.household = [p[4].hex for p in persons]
        self.area = [p[5] for p in persons]
        self.posyandu = [_hex(p[6]) for p in persons]
        self.end = np.full(n, FAR, dtype=np.int64)
        self.age = (self.as_of_ord - self.birth) / 365.25
        self.posyandu_day = {}
        self.facility_birth = {}
        # Ids draw on the desa code as well as its index: two kabupaten made with one seed in one
        # database (desa index 0 in each) must not give their records the same ids.
        self._id_rng, self._id_pool = rng_for(self.seed, HISTORY_STREAM, d.index, 3, int(d.code.replace(".", ""))), []
        self.day_rng = rng_for(self.seed, HISTORY_STREAM, d.index, 4)
        # Draws added later (delivery teams) have their own stream: the older draws stay as they were.
        self.team_rng = rng_for(self.seed, HISTORY_STREAM, d.index, 5)
        # Rows leave between phases once there are enough, so a large desa does not pile them up.
        for phase in (self._deaths_and_moves, self._births, self._children, self._immunizations, self._adults):
            phase(rng)
            if self.sink.size() >= COMMIT_ROWS:
                self.sink.flush()
        return n

    # ------------------------------------------------------------------ helpers
    def row(self, i: int, **values) -> dict:
        return {"id": None, "created_by_id": self.created_by_id, "area_code": self.area[i], **values}

    def encounter(self, i: int, day: int, kind: str, place: str, facility, klaster: int,
                  sequence=None, by_doctor=False):
        eid = self._next_id()
        self.sink.add(Encounter, {"id": eid, "created_by_id": self.created_by_id, "area_code": self.area[i],
                                  "person_id": self.ids[i], "facility_id": facility, "place": place, "kind": kind,
                                  "on": _iso(int(day)), "klaster": klaster, "sequence": sequence,
                                  "by_doctor": by_doctor})
        return eid

    def observation(self, i: int, day: int, encounter_id, code: str, value: float, unit: str, method: str,
                    found: care.Classification) -> None:
        self.sink.add(Observation, {"id": self._next_id(), "created_by_id": self.created_by_id,
                                    "area_code": self.area[i], "person_id": self.ids[i], "encounter_id": encounter_id,
                                    "on": _iso(int(day)), "code": code, "value": float(value), "value_code": "",
                                    "unit": unit, "method": method, "category": found.category,
                                    # The label is for display; a SKILAS label with every domain outgrows it.
                                    "category_label": found.label[:LABEL_LENGTH],
                                    "rule_version": found.rule_version, "rule_settings": found.rule_settings})

    def classify(self, i: int, day: int, code: str, value: float, **kw) -> care.Classification:
        """The classification care gives person i's value on ``day``, under their area's settings."""
        return care.classify(code, value, birth_date=self.birth_date(i), sex=SEXES[self.sex[i]],
                             on=date.fromordinal(int(day)), area=self.area[i], **kw)

    def birth_date(self, i: int) -> date:
        return date.fromordinal(int(self.birth[i]))

    def _next_id(self):
        if not self._id_pool:
            self._id_pool = hex_ids(self._id_rng, 256)
        return self._id_pool.pop()

    def present(self, i: int, day: int) -> bool:
        return self.start_ord <= day <= self.as_of_ord and day < self.end[i]

    def posyandu_on(self, i: int, month: int) -> int:
        """The Posyandu day (ordinal) of person i's Posyandu in month ``month`` of the period."""
        key = (self.posyandu[i], month)
        day = self.posyandu_day.get(key)
        if day is None:
            day = self.starts[month].toordinal() + int(self.day_rng.integers(3, 25))
            self.posyandu_day[key] = day
        return day

    # ------------------------------------------------------------------ phases
    def _deaths_and_moves(self, rng) -> None:
        years = self.months / 12
        q_death = 1 - (1 - _band(np.floor(self.age), P.MORTALITY_BY_AGE)) ** years
        q_move = 1 - (1 - _band(np.floor(self.age), P.MIGRATION_OUT_BY_AGE)) ** years
        u, v = rng.random(len(self.ids)), rng.random(len(self.ids))
        span = self.as_of_ord - self.start_ord + 1
        day = self.start_ord + (rng.random(len(self.ids)) * span).astype(np.int64)
        day = np.maximum(day, self.birth)
        dies, moves = u < q_death, (v < q_move) & ~(u < q_death)
        for i in np.flatnonzero(dies | moves):
            self.end[i] = day[i]
            when = date.fromordinal(int(day[i]))
            self.sink.ends.append((when if dies[i] else None, when if moves[i] else None, self.ids[i]))

    def _births(self, rng) -> None:
        per_month = (self.end > self.as_of_ord).sum() * self.birth_rate / 1000 / 12
        women = np.flatnonzero(self.sex == 1)
        taken = np.zeros(len(women), dtype=bool)
        newborns = []
        for m in range(len(self.starts) - 1):
            # Fractions carry over to the next month and desa, so the kabupaten's total is exact.
            expected = per_month + self.birth_carry
            count = int(expected)
            self.birth_carry = expected - count
            if not count:
                continue
            first, last = self.starts[m].toordinal(), self.starts[m + 1].toordinal() - 1
            for _ in range(count):
                born = int(rng.integers(first, last + 1))
                gestation = int(round(rng.normal(*P.GESTATION_DAYS)))
                hpht = born - gestation
                if hpht > self.as_of_ord:
                    continue  # not pregnant yet at as_of
                age_at = (born - self.birth[women]) / 365.25
                ok = (age_at >= 15) & (age_at < 50) & (self.end[women] > min(born, self.as_of_ord))
                ok &= ~taken
                if not ok.any():
                    continue
                weight = np.where(ok, _band(np.floor(age_at).clip(15, 49), P.FERTILITY_BY_AGE), 0.0)
                k = int(rng.choice(len(women), p=weight / weight.sum()))
                taken[k] = True
                mother = int(women[k])
                newborns.append(self._pregnancy(rng, mother, hpht, born))
        self._add_newborns(rng, [b for b in newborns if b is not None])

    def _pregnancy(self, rng, i: int, hpht: int, born: int):
        """The mother's pregnancy with ANC contacts, delivery and KF; returns the newborn (or None)."""
        a = self.access
        delivered = born <= self.as_of_ord
        facility = rng.random() < P.FACILITY_DELIVERY * a
        caesarean = facility and rng.random() < P.CAESAREAN_SHARE
        attendant = ("dokter" if caesarean else "bidan") if facility else ("bidan" if rng.random() < 0.6 else "dukun")
        team = [attendant]
        if facility:  # the team around the lead attendant (SPM 2)
            teams, shares = zip(*P.DELIVERY_TEAMS)
            team = list(("bidan", "dokter", "perawat") if caesarean
                        else teams[int(self.team_rng.choice(len(teams), p=np.array(shares) / sum(shares)))])
        pregnancy_id = self._next_id()
        self.sink.add(Pregnancy, {
            "id": pregnancy_id, "created_by_id": self.created_by_id, "area_code": self.area[i],
            "person_id": self.ids[i], "hpht": _iso(hpht), "hpl": _iso(hpht + 280),
            "gravida": int(rng.integers(1, 5)), "ended_on": _iso(born) if delivered else None,
            "outcome": "lahir_hidup" if delivered else "",
            "place_of_birth": ("fasyankes" if facility else "rumah") if delivered else "",
            "delivery_facility_id": self.puskesmas_id if delivered and facility else None,
            "attendant": attendant if delivered else "", "attendants": json.dumps(team if delivered else []),
            "mode": ("sc" if caesarean else "spontan") if delivered else "",
        })
        first_week = (rng.integers(6, 13) if rng.random() < P.ANC_EARLY_K1 * a
                      else rng.integers(P.ANC_LATE_WEEKS[0], P.ANC_LATE_WEEKS[1] + 1))
        sequence = 0
        for slot, week in enumerate(P.ANC_WEEKS):
            if week < first_week and slot < len(P.ANC_WEEKS) - 1 and P.ANC_WEEKS[slot + 1] <= first_week:
                continue
            if sequence and rng.random() > 1 - (1 - P.ANC_CONTINUE) / a:
                break
            week = max(week, int(first_week)) if sequence == 0 else week
            day = hpht + 7 * week + int(rng.integers(-3, 4))
            if day >= born:
                break
            sequence += 1
            doctor = sequence == 1 or slot in P.ANC_DOCTOR_CONTACTS[1:]
            if self.present(i, day):
                place, fac = ("puskesmas", self.puskesmas_id) if doctor else ("posyandu", self.posyandu[i])
                eid = self.encounter(i, day, "anc", place, fac, 2, sequence=sequence, by_doctor=doctor)
                if doctor:  # the doctor's K1 and K5 include a USG (ILP.md §4.5)
                    self.sink.add(Observation, {
                        "id": self._next_id(), "created_by_id": self.created_by_id, "area_code": self.area[i],
                        "person_id": self.ids[i], "encounter_id": eid, "on": _iso(int(day)), "code": "usg",
                        "value": None, "value_code": "normal", "unit": "", "method": "", "category": "normal",
                        "category_label": "Normal", "rule_version": "", "rule_settings": ""})
        if not delivered or not self.present(i, born):
            return None
        place, fac = ("puskesmas", self.puskesmas_id) if facility else ("rumah", None)
        self.encounter(i, born, "persalinan", place, fac, 2)
        for k, ((low, high), cover) in enumerate(P.KF_VISITS, start=1):
            day = born + int(rng.integers(low, high + 1))
            if rng.random() < cover * a and self.present(i, day):
                self.encounter(i, day, "kf", place if k == 1 else "rumah", fac if k == 1 else None, 2, sequence=k)
        return (i, born, facility, place, fac, pregnancy_id)

    def _add_newborns(self, rng, born: list) -> None:
        if not born:
            return
        sexes = np.where(rng.random(len(born)) < 0.512, "L", "P")  # sex ratio at birth ~105 [GUESS]
        names = self.names.draw(rng, sexes, np.zeros(len(born)))
        q_infant = P.MORTALITY_BY_AGE[0]
        for (mother, day, facility, place, fac, pregnancy_id), sex, words in zip(born, sexes, names):
            j = len(self.ids)
            pid = self._next_id()
            name = " ".join(words)
            rel = self.relation[mother]
            relation = "anak" if rel in ("kepala", "istri", "suami") else "cucu" if rel in ("anak", "menantu") else "famili"
            # Infant deaths (IMR) among the births: a share of the year left, on a day before as_of.
            lived = self.as_of_ord - day
            died = None
            if lived > 0 and rng.random() < q_infant * min(1.0, lived / 365.25):
                died = day + 1 + int(rng.integers(0, lived))
            self.sink.add(Person, {
                "id": pid, "created_by_id": self.created_by_id, "area_code": self.area[mother],
                "household_id": self.household[mother], "nik": None, "name": name, "name_key": name_key(name),
                "sex": str(sex), "birth_date": _iso(day), "relation": relation, "jkn_number": "",
                "mother_id": self.ids[mother], "phone": "", "died_on": _iso(died) if died else None,
            })
            at_facility = facility
            care_share = P.NEWBORN_CARE["facility" if at_facility else "home"]
            self.sink.add(Birth, {
                "id": self._next_id(), "created_by_id": self.created_by_id, "area_code": self.area[mother],
                "pregnancy_id": pregnancy_id, "child_id": pid, "born_on": _iso(day), "order": 1, "alive": True,
                "sex": str(sex), "weight_g": int(np.clip(rng.normal(*P.BIRTH_WEIGHT_G), 1_000, 5_200)),
                "length_cm": round(float(np.clip(rng.normal(*P.BIRTH_LENGTH_CM), 40, 56)), 1),
                "imd": bool(rng.random() < care_share), "vitamin_k1": bool(rng.random() < care_share),
                "eye_ointment": bool(rng.random() < care_share),
            })
            self.ids.append(pid)
            self.sex = np.append(self.sex, np.int8(sex == "P"))
            self.birth = np.append(self.birth, day)
            self.end = np.append(self.end, died or FAR)
            for seq in (self.relation, self.household, self.area, self.posyandu):
                seq.append(seq[mother])
            self.relation[-1] = relation
            self.facility_birth[j] = (facility, place, fac)
            for k, ((low, high), cover) in enumerate(P.KN_VISITS, start=1):
                when = day + int(rng.integers(low, high + 1))
                if rng.random() < cover * self.access and self.present(j, when):
                    self.encounter(j, when, "kn", place if k == 1 else "rumah", fac if k == 1 else None, 2, sequence=k)
        self.age = (self.as_of_ord - self.birth) / 365.25

    def _children(self, rng) -> None:
        """Monthly weighings of balita at their Posyandu, with growth from a z trajectory."""
        first = self.start_ord - 1826 - 31
        kids = np.flatnonzero((self.birth > first) & (self.birth <= self.as_of_ord))
        if not len(kids):
            return
        shift = P.GROWTH_ACCESS_SHIFT * (self.access - self.mean_access)
        # A child's own offset from the mean of its age; the mean follows the age profile.
        haz0 = shift + P.GROWTH_SD_CHILD * rng.standard_normal(len(kids))
        whz0 = shift + P.GROWTH_SD_CHILD * rng.standard_normal(len(kids))
        rows = []  # (kid position, person index, day, month)
        for m in range(self.months):
            attend = rng.random(len(kids)) < P.WEIGHING_ATTENDANCE * self.access
            for k in np.flatnonzero(attend):
                i = int(kids[k])
                day = self.posyandu_on(i, m)
                age = day - self.birth[i]
                if 0 <= age < 1826 and self.present(i, day):
                    rows.append((k, i, day, m))
        if not rows:
            return
        k = np.array([r[0] for r in rows])
        person = np.array([r[1] for r in rows])
        day = np.array([r[2] for r in rows])
        age = day - self.birth[person]
        sex = self.sex[person]
        band = band_of_days(age)
        haz = self.mean_haz[band] + haz0[k] + P.GROWTH_SD_MONTH * rng.standard_normal(len(k))
        whz = self.mean_whz[band] + whz0[k] + P.GROWTH_SD_MONTH * rng.standard_normal(len(k))
        vitamin_a = rng.random(len(k)) < P.VITAMIN_A_COVERAGE
        had_blue: set[int] = set()
        lying = age < LENGTH_UNTIL_DAY
        t = self.lms["lhfa"]
        col = np.clip(age, 0, t.width - 1)
        length = np.round(value_at(haz, t.l[sex, col], t.m[sex, col], t.s[sex, col]), 1)
        weight = np.empty(len(k))
        for name, mask in (("wfl", lying), ("wfh", ~lying)):
            t = self.lms[name]
            c = np.clip(np.round((length[mask] - t.x0) / t.step).astype(int), 0, t.width - 1)
            weight[mask] = value_at(whz[mask], t.l[sex[mask], c], t.m[sex[mask], c], t.s[sex[mask], c])
        weight = np.round(weight, 1)
        measure_muac = (age >= 183) & (rng.random(len(k)) < P.MUAC_SHARE)
        muac = np.where(measure_muac, np.round(14.5 + 0.9 * whz + 0.5 * rng.standard_normal(len(k)), 1), np.nan)
        found = care.classify_growth([
            care.GrowthInput(sex=SEXES[sex[r]], birth_date=self.birth_date(int(person[r])),
                             on=date.fromordinal(int(day[r])), area=self.area[int(person[r])],
                             weight_kg=float(weight[r]), lenhei_cm=float(length[r]), measure="l" if lying[r] else "h",
                             muac_cm=float(muac[r]) if measure_muac[r] else None)
            for r in range(len(k))])
        for r, result in enumerate(found):
            i, d = int(person[r]), int(day[r])
            eid = self.encounter(i, d, "posyandu", "posyandu", self.posyandu[i], 2)
            months_old = int(age[r] // 30.4375)
            if vitamin_a[r] and months_old >= 6 and self.starts[rows[r][3]].month in P.VITAMIN_A_MONTHS:
                # Blue once at 6–11 months, red every round from 12 to 59 months (ILP.md §0.1 C4).
                kind = "vitamin_a_merah" if months_old >= 12 else "vitamin_a_biru"
                if kind == "vitamin_a_merah" or i not in had_blue:
                    had_blue.add(i)
                    self.sink.add(Supplement, {"id": self._next_id(), "created_by_id": self.created_by_id,
                                               "area_code": self.area[i], "person_id": self.ids[i], "encounter_id": eid,
                                               "kind": kind, "given_on": _iso(d), "amount": 1})
            self.observation(i, d, eid, "weight", weight[r], "kg", "", result.weight)
            self.observation(i, d, eid, "length_height", length[r], "cm", "l" if lying[r] else "h",
                             result.length_height)
            if result.zwfl_value is not None:
                self.observation(i, d, eid, "zwfl", result.zwfl_value, "z", "", result.zwfl)
            if measure_muac[r]:
                self.observation(i, d, eid, "muac", muac[r], "cm", "", result.muac)

    def _immunizations(self, rng) -> None:
        """The infant and baduta schedule: on time for most, late for some, dropping out for a few."""
        a = self.access
        earliest = date_at_age(self.as_of, months=-P.IMM_HISTORY_MONTHS).toordinal()
        kids = np.flatnonzero((self.birth > earliest) & (self.birth <= self.as_of_ord))
        for i in kids:
            i = int(i)
            if rng.random() > 1 - (1 - P.IMM_REACHED) / a:
                continue
            birth = date.fromordinal(int(self.birth[i]))
            late = rng.random() < P.IMM_LATE_SHARE / a
            facility, place, fac = self.facility_birth.get(i, (rng.random() < P.FACILITY_DELIVERY * a, None, None))
            hb0 = int(self.birth[i]) + (int(rng.integers(0, 2)) if facility else int(rng.integers(2, 8)))
            self._dose(i, "HB0", hb0, "puskesmas" if facility else "rumah", self.puskesmas_id if facility else None)
            previous = hb0
            for months, rules in self.visits:
                if rng.random() < P.IMM_DROPOUT_PER_VISIT / a:
                    break
                ideal = date_at_age(birth, months=months).toordinal()
                delay = int(rng.integers(7, 28)) if months == 0 else int(rng.integers(0, 21))
                if late:
                    delay += int(rng.exponential(P.IMM_LATE_MONTHS_MEAN) * 30.4)
                day = max(ideal + delay, previous + 31)
                if day > self.as_of_ord or day >= self.end[i]:
                    break
                previous = day
                for rule in rules:
                    last = max(w.last_day(birth) for w, _ in rule.windows()).toordinal()
                    if day <= last:
                        self._dose(i, rule.code, day, "posyandu", self.posyandu[i])

    def _dose(self, i: int, code: str, day: int, place: str, facility) -> None:
        if day > self.as_of_ord or day >= self.end[i]:
            return
        encounter = None
        if day >= self.start_ord:  # doses before the period are copied from the Buku KIA, without a visit
            encounter = self._imm_encounters.get((i, day))
            if encounter is None:
                encounter = self._imm_encounters[(i, day)] = self.encounter(i, day, "imunisasi", place, facility, 2)
        self.sink.add(Immunization, {"id": self._next_id(), "created_by_id": self.created_by_id,
                                     "area_code": self.area[i], "person_id": self.ids[i], "encounter_id": encounter,
                                     "facility_id": facility, "dose": code, "given_on": _iso(day),
                                     "batch": ""})

    def _adults(self, rng) -> None:
        """Yearly screening of adults; conditions found, monthly kontrol for some; lansia ADL/SKILAS."""
        a = self.access
        adults = np.flatnonzero(self.age >= P.SCREENING_MIN_AGE)
        if not len(adults):
            return
        ages = np.floor(self.age[adults])
        ht_rel = _band(ages, P.HYPERTENSION_RISK_BY_AGE)
        dm_rel = _band(ages, P.DIABETES_RISK_BY_AGE)
        # Normalised over the ages the figure counts (hypertension measured from 18 years).
        ht_norm = ht_rel[ages >= P.HYPERTENSION_MIN_AGE].mean() if (ages >= P.HYPERTENSION_MIN_AGE).any() else 1.0
        hypertensive = rng.random(len(adults)) < np.minimum(0.95, self.hypertension * ht_rel / ht_norm)
        diabetic = rng.random(len(adults)) < np.minimum(0.95, self.diabetes * dm_rel / dm_rel.mean())
        # Monthly kontrol is the adult programme (an adolescent's BP is judged by the children's table).
        kontrol = (rng.random(len(adults)) < P.KONTROL_SHARE) & (ages >= P.HYPERTENSION_MIN_AGE + 1)
        adl_values = np.array(list(P.ADL_SCORE_SHARES))
        adl_p = np.array(list(P.ADL_SCORE_SHARES.values()))
        skilas_p = np.array([P.SKILAS_POSITIVE[d] for d in elderly.SKILAS_DOMAINS])
        windows = range(0, self.months, 12)
        for w in windows:
            length = min(12, self.months - w)
            first = self.starts[w].toordinal()
            last = self.starts[w + length].toordinal() - 1
            # ÷ mean access: far desa are screened less, the kabupaten as a whole at its figure.
            screened = rng.random(len(adults)) < self.screening * a / self.mean_access * length / 12
            days = rng.integers(first, last + 1, size=len(adults))
            for k in np.flatnonzero(screened):
                i, day = int(adults[k]), int(days[k])
                if not self.present(i, day):
                    continue
                eid = self.encounter(i, day, "skrining", "posyandu", self.posyandu[i], 3)
                if hypertensive[k]:
                    sbp = int(min(220, 140 + rng.exponential(14)))
                    dbp = int(np.clip(82 + 0.4 * (sbp - 140) + rng.normal(0, 7), 60, 130))
                else:
                    sbp = int(np.clip(rng.normal(121, 10), 95, 139))
                    dbp = int(np.clip(rng.normal(77, 7), 55, 89))
                # One reading: the systolic and the diastolic value share its classification. A person
                # already known (an earlier year's screening) is classified as what is known of them.
                known_ht, known_dm = (i, "hipertensi") in self._known, (i, "diabetes") in self._known
                bp = self.classify(i, day, "sbp", sbp, extra=care.Extra(dbp=dbp, known_hypertension=known_ht))
                self.observation(i, day, eid, "sbp", sbp, "mmHg", "", bp)
                self.observation(i, day, eid, "dbp", dbp, "mmHg", "", bp)
                glucose = int(min(450, 126 + rng.exponential(45))) if diabetic[k] else int(np.clip(rng.normal(94, 12), 60, 125))
                gdp = self.classify(i, day, "glucose_fasting", glucose, method="glukometer",
                                    extra=care.Extra(known_diabetes=True) if known_dm else None)
                self.observation(i, day, eid, "glucose_fasting", glucose, "mg/dL", "glukometer", gdp)
                tb = float(rng.random() < P.TB_PRESUMPTIVE_SHARE)
                self.observation(i, day, eid, "tb_symptoms", tb, "", "", self.classify(i, day, "tb_symptoms", tb))
                if self.age[i] >= P.ELDERLY_MIN_AGE:
                    adl = int(rng.choice(adl_values, p=adl_p / adl_p.sum()))
                    self.observation(i, day, eid, "adl_score", adl, "", "barthel",
                                     self.classify(i, day, "adl_score", adl, method="barthel"))
                    positive = tuple(d for d, x in zip(elderly.SKILAS_DOMAINS, rng.random(6) < skilas_p) if x)
                    self.observation(i, day, eid, "skilas_positive_domains", len(positive), "", "",
                                     self.classify(i, day, "skilas_positive_domains", len(positive),
                                                   extra=care.Extra(skilas_domains=positive)))
                found = care.conditions_found(("sbp", bp), ("glucose_fasting", gdp))
                self._conditions(rng, i, day, known_ht or "hipertensi" in found, known_dm or "diabetes" in found,
                                 kontrol[k])

    def _conditions(self, rng, i: int, day: int, hypertension: bool, diabetes: bool, kontrol: bool) -> None:
        found = [code for code, yes in (("hipertensi", hypertension), ("diabetes", diabetes)) if yes]
        for code in found:
            if (i, code) in self._known:
                continue
            self._known.add((i, code))
            self.sink.add(Condition, {"id": self._next_id(), "created_by_id": self.created_by_id,
                                      "area_code": self.area[i], "person_id": self.ids[i], "code": code,
                                      "since": _iso(day), "resolved_on": None})
        if not found or not kontrol:
            return
        month = next(m for m in range(len(self.starts)) if self.starts[m + 1].toordinal() > day)
        for m in range(month + 1, self.months):
            if rng.random() > P.KONTROL_ATTENDANCE * self.access:
                continue
            when = self.posyandu_on(i, m)
            if not self.present(i, when):
                continue
            eid = self.encounter(i, when, "kontrol", "posyandu", self.posyandu[i], 3)
            if hypertension:
                if rng.random() < P.KONTROL_CONTROLLED:
                    sbp, dbp = int(rng.integers(115, 140)), int(rng.integers(70, 90))
                else:
                    sbp, dbp = int(rng.integers(140, 175)), int(rng.integers(80, 105))
                bp = self.classify(i, when, "sbp", sbp, extra=care.Extra(dbp=dbp, known_hypertension=True))
                self.observation(i, when, eid, "sbp", sbp, "mmHg", "", bp)
                self.observation(i, when, eid, "dbp", dbp, "mmHg", "", bp)
            if diabetes:
                # A diagnosed diabetic stays diabetic: the reading is a control status, never "normal".
                if rng.random() < P.KONTROL_GLUCOSE_CONTROLLED:
                    glucose = int(rng.integers(85, 130))
                else:
                    glucose = int(min(400, 130 + rng.exponential(50)))
                self.observation(i, when, eid, "glucose_fasting", glucose, "mg/dL", "glukometer",
                                 self.classify(i, when, "glucose_fasting", glucose, method="glukometer",
                                               extra=care.Extra(known_diabetes=True)))


# ---------------------------------------------------------------------- the whole kabupaten


def persons_of(d) -> list[tuple]:
    """A desa's residents as the history needs them (second registrations left out), by id."""
    # A range on the indexed area_code ("." < "/"): the desa itself and every code below it.
    rows = (Person.objects.filter(area_code__gte=d.code, area_code__lt=d.code + "/")
            .exclude(relation="lainnya", nik=None)
            .values_list("id", "sex", "birth_date", "relation", "household_id", "area_code", "household__posyandu_id")
            .order_by())
    return sorted(rows)


def puskesmas_of_desa(kabupaten: str) -> dict[str, object]:
    through = Facility.served_areas.through
    pairs = through.objects.filter(facility__kind="puskesmas", facility__area_code__startswith=kabupaten + ".")
    return dict(pairs.values_list("area_id", "facility_id"))


def generate(*, desa: list, kabupaten: str, seed: int, months: int, as_of: date, created_by_id: int, names,
             progress=lambda n: None, preset=None) -> dict[str, int]:
    """Write ``months`` months of history for the desa's residents; returns counts per record kind.
    ``preset``: the district's figures (national ones without)."""
    history = History(seed=seed, months=months, as_of=as_of, created_by_id=created_by_id, names=names,
                      preset=preset)
    history.mean_access = mean_access(desa, seed)
    history.birth_carry = float(rng_for(seed, HISTORY_STREAM, 0).random())
    puskesmas = puskesmas_of_desa(kabupaten)
    for d in desa:
        history._imm_encounters, history._known = {}, set()
        progress(history.run_desa(d, persons_of(d), puskesmas.get(d.code)))
    history.sink.flush()
    return history.sink.counts
