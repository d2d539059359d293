"""The Posyandu's open day (*hari buka*, ILP.md §1.5–1.7): who the sasaran are, who came, what they
were measured and given, and who needs a referral or a home visit.

The five steps (*5 langkah*, ILP.md §1.6) map onto this module: pendaftaran (:func:`open_day` lists
the sasaran; :func:`mark_present` adds a walk-in), penimbangan/pengukuran and pencatatan
(:func:`save_measurements`, with :func:`preview` for the instant feedback), pelayanan
(:func:`give_services`: vitamin A, TTD, obat cacing, PMT; immunizations by a nakes only), and the
closing :func:`summary`. Penyuluhan is not recorded here.

Nothing here judges a value: classifications, N/T, KEK, BP categories and "refer" come from
:mod:`siklus.care.services` (which asks :mod:`siklus.rules`), what is due from
:mod:`siklus.care.records` (the due engine fed from the database).

Sasaran of a Posyandu are the active residents of its households. Households of the desa without
a Posyandu are counted by the desa's only Posyandu (there is no other place they could go); where
a desa has several, :attr:`Summary.unassigned_households` says how many are waiting to be assigned.

Who may open a day: a kader only their own Posyandu's; Pustu and Puskesmas users the Posyandu of
their scope (their desa, their wilayah kerja); Dinkes reads. Every person shown is audited by the
view in one bulk read event.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from siklus.accounts.models import Role
from siklus.accounts.policies import Perm, may, require
from siklus.care import records, services
from siklus.care.models import Encounter, Immunization, Observation, Pregnancy, Supplement
from siklus.core.actors import require_actor, scope_of
from siklus.core.errors import Invalid
from siklus.facilities.models import Facility, Kind
from siklus.people.models import Household, Person
from siklus.rules import children, codes, lifecycle
from siklus.rules.anthropometry.zscores import LENGTH_UNTIL_DAY

ENCOUNTER_KIND = "posyandu"
PLACE = "posyandu"

# The groups of the day, in the order of the service package (ILP.md §1.7).
STAGES: tuple[tuple[str, str], ...] = (
    ("ibu_hamil", gettext_noop("Ibu hamil")),
    ("bayi", gettext_noop("Bayi (0–11 bulan)")),
    ("balita", gettext_noop("Balita (12–59 bulan)")),
    ("apras", gettext_noop("Anak prasekolah")),
    ("anak_sekolah", gettext_noop("Usia sekolah dan remaja")),
    ("dewasa", gettext_noop("Usia dewasa")),
    ("lansia", gettext_noop("Lansia")),
)
STAGE_LABELS = dict(STAGES)
_MAIN_TO_GROUP = {"neonatus": "bayi", "bayi": "bayi", "balita": "balita", "apras": "apras",
                  "anak_sekolah": "anak_sekolah", "usia_dewasa": "dewasa", "lansia": "lansia"}

# The grid's inputs (the names of services.MeasurementsInput) and which a stage measures at the
# Posyandu (ILP.md §1.7: BB, PB/TB, LiLA, LK for children; LP, TD from school age; gula darah for
# adults; BB, TB, LiLA and TD for an ibu hamil).
FIELDS = ("weight_kg", "lenhei_cm", "muac_cm", "headc_cm", "waist_cm", "sbp", "dbp", "glucose_mg_dl")
STAGE_FIELDS: dict[str, frozenset[str]] = {
    "ibu_hamil": frozenset({"weight_kg", "lenhei_cm", "muac_cm", "sbp", "dbp"}),
    "bayi": frozenset({"weight_kg", "lenhei_cm", "muac_cm", "headc_cm"}),
    "balita": frozenset({"weight_kg", "lenhei_cm", "muac_cm", "headc_cm"}),
    "apras": frozenset({"weight_kg", "lenhei_cm", "muac_cm", "headc_cm"}),
    "anak_sekolah": frozenset({"weight_kg", "lenhei_cm", "muac_cm", "waist_cm", "sbp", "dbp"}),
    "dewasa": frozenset({"weight_kg", "lenhei_cm", "muac_cm", "waist_cm", "sbp", "dbp", "glucose_mg_dl"}),
    "lansia": frozenset({"weight_kg", "lenhei_cm", "muac_cm", "waist_cm", "sbp", "dbp", "glucose_mg_dl"}),
}
# Observation code of each grid input (for showing what was stored today).
FIELD_CODES = {"weight_kg": "weight", "lenhei_cm": "length_height", "muac_cm": "muac",
               "headc_cm": "head_circumference", "waist_cm": "waist", "sbp": "sbp", "dbp": "dbp",
               "glucose_mg_dl": "glucose_random"}

# Handed out at the Posyandu by a kader (ILP.md §1.7; codes kind "supplement"). Vitamin A is
# offered in the colour the rules give for the child's age (see vitamin_a_code).
SUPPLEMENTS_BY_STAGE: dict[str, tuple[str, ...]] = {
    "ibu_hamil": ("ttd", "mms", "pmt_lokal"),
    "bayi": ("vitamin_a", "pmt_lokal"),
    "balita": ("vitamin_a", "obat_cacing", "pmt_lokal"),
    "apras": ("obat_cacing", "pmt_lokal"),
    "anak_sekolah": ("ttd", "obat_cacing"),
    "dewasa": ("ttd",),
    "lansia": ("pmt_lokal",),
}

# Short names of due-list items for the day's list (the full title is in the person's record).
_SHORT = {
    "penimbangan": gettext_noop("BB/TB"),
    "vitamin-a": gettext_noop("Vitamin A"),
    "kpsp": gettext_noop("KPSP"),
    "pkat": gettext_noop("PKAT"),
    "skilas-adl": gettext_noop("SKILAS"),
    "skrining-ptm": gettext_noop("Skrining PTM"),
    "skrining-kanker": gettext_noop("SADANIS/IVA"),
    "skrining-komplikasi": gettext_noop("Komplikasi HT/DM"),
    "skrining-sekolah": gettext_noop("Skrining sekolah"),
    "ckg": gettext_noop("CKG"),
}


def short_label(item) -> str:
    """ "Imunisasi MR1", "BB/TB", "ANC K2", "Vitamin A" … for one due item."""
    code = item.code
    if code.startswith("imunisasi:"):
        return _("Imunisasi %(dose)s") % {"dose": code.split(":", 1)[1]}
    if code.startswith("anc:"):
        return _("ANC %(visit)s") % {"visit": code.split(":", 1)[1]}
    if code.startswith("ckg"):
        return _("CKG")
    if code in _SHORT:
        return _(_SHORT[code])
    return str(item.label) if hasattr(item, "label") else code


# ------------------------------------------------------------------------------------ access


def require_day(actor, facility: Facility) -> None:
    """May ``actor`` open this Posyandu's days? A kader only their own Posyandu's; others within
    their scope. Raises PermissionError."""
    require_actor(actor)
    require(actor, Perm.VIEW, facility)
    if facility.kind != Kind.POSYANDU or facility.is_voided:
        raise PermissionError("not a Posyandu")
    scope = scope_of(actor)
    if scope.role == Role.KADER and str(facility.pk) != scope.facility_id:
        raise PermissionError("a kader opens only their own Posyandu's days")


def may_record(actor, facility: Facility) -> bool:
    return may(actor, Perm.RECORD_CARE, facility)


def may_immunize(actor, facility: Facility) -> bool:
    return may(actor, Perm.RECORD_CLINICAL, facility)


# --------------------------------------------------------------------------------- sasaran


def _households_q(facility: Facility) -> Q:
    own = Q(posyandu=facility)
    if not _several_posyandu(facility):
        own |= Q(posyandu__isnull=True, desa_id=facility.area_code)
    return own


def sasaran(actor, facility: Facility, on: date):
    """The residents this Posyandu serves on ``on``: alive, not moved out, born by then."""
    require_day(actor, facility)
    households = Household.objects.visible_to(actor).active().filter(_households_q(facility))
    return (Person.objects.visible_to(actor).active().filter(household__in=households.values("pk"))
            .filter(birth_date__lte=on)
            .filter(Q(died_on__isnull=True) | Q(died_on__gt=on))
            .filter(Q(moved_out_on__isnull=True) | Q(moved_out_on__gt=on))
            .select_related("household"))


def _present_ids(facility: Facility, on: date) -> dict:
    """Person id → the day's Posyandu encounter (who came: D)."""
    encounters = Encounter.objects.active().filter(facility=facility, on=on, kind=ENCOUNTER_KIND).order_by("created_at")
    found: dict = {}
    for encounter in encounters:
        found.setdefault(encounter.person_id, encounter)
    return found


def _group_of(person: Person, on: date, pregnant: bool) -> str:
    if pregnant:
        return "ibu_hamil"
    return _MAIN_TO_GROUP[lifecycle.main_stage(person.birth_date, on, person.sex).code]


def default_measure(person: Person, on: date) -> str:
    """Lying ("l") before the age WHO measures standing, else standing ("h")."""
    return "l" if (on - person.birth_date).days < LENGTH_UNTIL_DAY else "h"


def vitamin_a_code(person: Person, on: date) -> str | None:
    """The capsule for this child's age (blue once at 6–11 months, red 12–59: the rules' table), as
    a supplement code; None outside the ages."""
    rule = children.VITAMIN_A.at(on).value
    months = lifecycle.age_on(person.birth_date, on).months
    for capsule in rule.capsules:
        if capsule.first_month_of_age <= months <= capsule.last_month_of_age:
            return "vitamin_a_biru" if capsule.once else "vitamin_a_merah"
    return None


@dataclass
class Entry:
    """One person on the day's list."""

    person: Person
    stage: str
    age: lifecycle.Age
    due: Any  # siklus.rules.due.DueList, or None
    present: bool
    sasaran: bool  # False: a walk-in from elsewhere
    encounter: Encounter | None = None
    today: dict[str, Observation] = field(default_factory=dict)  # observation code → latest today
    supplements: set[str] = field(default_factory=set)
    doses: set[str] = field(default_factory=set)

    @property
    def stage_label(self) -> str:
        return _(STAGE_LABELS[self.stage])

    @property
    def household(self) -> Household:
        return self.person.household

    @property
    def due_now(self) -> list:
        return list(self.due.now) if self.due is not None else []

    @property
    def due_short(self) -> list[str]:
        return [short_label(i) for i in self.due_now]

    @property
    def doses_due(self) -> list[str]:
        return [i.code.split(":", 1)[1] for i in self.due_now if i.code.startswith("imunisasi:")]

    @property
    def fields(self) -> frozenset[str]:
        return STAGE_FIELDS[self.stage]

    @property
    def measure(self) -> str:
        stored = self.today.get("length_height")
        return stored.method if stored is not None and stored.method else default_measure(self.person, self.on)

    @property
    def supplement_choices(self) -> list[str]:
        out = []
        for code in SUPPLEMENTS_BY_STAGE[self.stage]:
            if code == "vitamin_a":
                code = vitamin_a_code(self.person, self.on) or ""
            if code:
                out.append(code)
        return out

    @property
    def supplement_options(self) -> list[tuple[str, str, bool]]:
        """(code, label, already given today) of what may be handed out to this person."""
        return [(code, _(codes.get(code, codes.SUPPLEMENT).label), code in self.supplements)
                for code in self.supplement_choices]

    @property
    def stored(self) -> list[dict]:
        """Today's stored values in the grid's order, with the classification stored beside them."""
        order = {code: i for i, code in enumerate(FIELD_CODES.values())}
        out = []
        for code, obs in sorted(self.today.items(), key=lambda kv: order.get(kv[0], 99)):
            if obs.value is None:
                continue
            out.append({"code": code, "label": _(codes.get(code, codes.OBSERVATION).label), "value": obs.value,
                        "unit": obs.unit, "category": obs.category_label,
                        "flagged": bool(getattr(obs, "confirmed_warnings", None))})
        return out

    @property
    def weighed(self) -> bool:
        return "weight" in self.today

    on: date = date.min


@dataclass
class Day:
    facility: Facility
    on: date
    entries: list[Entry]

    @property
    def groups(self) -> list[tuple[str, str, list[Entry]]]:
        by: dict[str, list[Entry]] = {}
        for entry in self.entries:
            by.setdefault(entry.stage, []).append(entry)
        return [(code, _(label), by[code]) for code, label in STAGES if code in by]

    @property
    def present(self) -> list[Entry]:
        return [e for e in self.entries if e.present]

    @property
    def present_groups(self) -> list[tuple[str, str, list[Entry]]]:
        return [(code, label, [e for e in entries if e.present]) for code, label, entries in self.groups
                if any(e.present for e in entries)]

    @property
    def sasaran_count(self) -> int:
        return sum(e.sasaran for e in self.entries)

    @property
    def weighed_count(self) -> int:
        return sum(e.present and bool(e.today) for e in self.entries)

    def persons(self) -> list[Person]:
        return [e.person for e in self.entries]


def _pregnant_ids(persons: list[Person], on: date, dues: Mapping) -> set:
    """Whom the due engine sees as pregnant on ``on`` (a current pregnancy in its input); without a
    due list, an open pregnancy record that has begun."""
    found = set()
    for person in persons:
        due = dues.get(person.pk)
        if due is not None and getattr(due.person, "pregnancy", None) is not None:
            found.add(person.pk)
    open_ = Pregnancy.objects.active().filter(person__in=[p.pk for p in persons if p.pk not in dues],
                                             hpht__lte=on, ended_on__isnull=True)
    found.update(open_.values_list("person_id", flat=True))
    return found


def open_day(actor, facility: Facility, on: date) -> Day:
    """The day's list: every sasaran and everyone who came, grouped by stage, with what is due,
    what was measured, given and immunized today. A fixed number of queries."""
    require_day(actor, facility)
    persons = list(sasaran(actor, facility, on))
    present = _present_ids(facility, on)
    known = {p.pk for p in persons}
    walk_ins = [p for p in Person.objects.visible_to(actor).filter(pk__in=set(present) - known).select_related("household")]
    everyone = persons + walk_ins
    dues = records.due_for_many(everyone, on)
    pregnant = _pregnant_ids(everyone, on, dues)
    ids = [p.pk for p in everyone]
    today: dict = {}
    for obs in Observation.objects.active().filter(person__in=ids, on=on).order_by("created_at"):
        today.setdefault(obs.person_id, {})[obs.code] = obs
    supplements: dict = {}
    for person_id, kind in Supplement.objects.active().filter(person__in=ids, given_on=on).values_list("person_id", "kind"):
        supplements.setdefault(person_id, set()).add(kind)
    doses: dict = {}
    for person_id, dose in Immunization.objects.active().filter(person__in=ids, given_on=on).values_list("person_id", "dose"):
        doses.setdefault(person_id, set()).add(dose)
    entries = []
    for person in sorted(everyone, key=lambda p: (p.name.lower(), str(p.pk))):
        entries.append(Entry(
            person=person, stage=_group_of(person, on, person.pk in pregnant),
            age=lifecycle.age_on(person.birth_date, on), due=dues.get(person.pk), present=person.pk in present,
            sasaran=person.pk in known, encounter=present.get(person.pk), today=today.get(person.pk, {}),
            supplements=supplements.get(person.pk, set()), doses=doses.get(person.pk, set()), on=on))
    return Day(facility, on, entries)


def entry(actor, facility: Facility, on: date, person: Person) -> Entry:
    """One person's row of the day (after a save)."""
    day = _day_of(actor, facility, on, [person])
    return day.entries[0]


def _day_of(actor, facility: Facility, on: date, persons: list[Person]) -> Day:
    require_day(actor, facility)
    present = _present_ids(facility, on)
    known = set(sasaran(actor, facility, on).filter(pk__in=[p.pk for p in persons]).values_list("pk", flat=True))
    dues = records.due_for_many(persons, on)
    pregnant = _pregnant_ids(persons, on, dues)
    entries = []
    for person in persons:
        today = {o.code: o for o in Observation.objects.active().filter(person=person, on=on).order_by("created_at")}
        entries.append(Entry(
            person=person, stage=_group_of(person, on, person.pk in pregnant),
            age=lifecycle.age_on(person.birth_date, on), due=dues.get(person.pk), present=person.pk in present,
            sasaran=person.pk in known, encounter=present.get(person.pk), today=today,
            supplements=set(Supplement.objects.active().filter(person=person, given_on=on).values_list("kind", flat=True)),
            doses=set(Immunization.objects.active().filter(person=person, given_on=on).values_list("dose", flat=True)),
            on=on))
    return Day(facility, on, entries)


# ---------------------------------------------------------------------------------- writing

_DAY_NAMESPACE = uuid.UUID("6f1c1f43-4a51-4c36-9a57-5b8f0e6c2b1d")


def _encounter_id(facility: Facility, person: Person, on: date) -> uuid.UUID:
    """The day's one Posyandu encounter of a person has a key derived from (Posyandu, person, day):
    two kader adding the same person at once store one encounter (the services are idempotent by id)."""
    return uuid.uuid5(_DAY_NAMESPACE, f"{facility.pk}:{person.pk}:{on.isoformat()}")


def mark_present(actor, facility: Facility, on: date, person: Person) -> Encounter:
    """Pendaftaran: the person came to the Posyandu on ``on`` (one encounter per person per day,
    reused by every later step)."""
    require_day(actor, facility)
    require(actor, Perm.RECORD_CARE, person)
    existing = Encounter.objects.active().filter(person=person, facility=facility, on=on, kind=ENCOUNTER_KIND).first()
    if existing is not None:
        return existing
    return services.record_encounter(actor, services.EncounterInput(
        person=person, on=on, kind=ENCOUNTER_KIND, place=PLACE, facility=facility,
        id=_encounter_id(facility, person, on)))


def _values(values: Mapping[str, object], allowed: Iterable[str]) -> dict:
    return {name: values[name] for name in allowed if values.get(name) not in (None, "")}


def measurement_input(person: Person, on: date, values: Mapping[str, object], *, measure: str = "",
                      encounter: Encounter | None = None, confirm: tuple[str, ...] = (),
                      row_id: uuid.UUID | None = None):
    """The services' MeasurementsInput of one grid row. Each value's stored id derives from the
    row's client id, so a double submit of the row stores every value once."""
    given = _values(values, FIELDS)
    ids = {FIELD_CODES[name]: uuid.uuid5(row_id, name) for name in given} if row_id is not None else None
    return services.MeasurementsInput(
        person=person, on=on, encounter=encounter, measure=measure if "lenhei_cm" in given else "",
        confirm=tuple(confirm), ids=ids, **given)


def save_measurements(actor, facility: Facility, on: date, person: Person, values: Mapping[str, object], *,
                      measure: str = "", confirm: tuple[str, ...] = (), row_id: uuid.UUID | None = None) -> list[Observation]:
    """Penimbangan, pengukuran, pencatatan: store one row through the care services (validated,
    classified, audited) in the day's encounter. Raises Invalid with the field's message."""
    require_day(actor, facility)
    if not _values(values, FIELDS):
        raise Invalid.field(None, _("Isi paling sedikit satu hasil pengukuran."))
    encounter = mark_present(actor, facility, on, person)
    return services.record_measurements(actor, measurement_input(
        person, on, values, measure=measure, encounter=encounter, confirm=confirm, row_id=row_id))


def preview(actor, facility: Facility, on: date, person: Person, values: Mapping[str, object], *, measure: str = ""):
    """What the rules say of the values typed so far, without saving (the instant feedback):
    services.MeasurementsPreview (classifications, z-scores, N/T against the stored weighings,
    KEK, BP category, refer and why; problems as ``errors``)."""
    require_day(actor, facility)
    given = _values(values, FIELDS)
    return services.preview_measurements(person, on, measure=measure if "lenhei_cm" in given else "", **given)


def stored_values(entry: Entry) -> dict:
    """Today's stored values of a person as grid inputs (the latest of each)."""
    values = {name: entry.today[code].value for name, code in FIELD_CODES.items()
              if code in entry.today and entry.today[code].value is not None}
    return values


def give_services(actor, facility: Facility, on: date, person: Person, *, supplements: Iterable[str] = (),
                  doses: Iterable[str] = (), batch: str = "", row_id: uuid.UUID | None = None) -> list:
    """Pelayanan: supplements handed out (a kader may) and immunizations (a nakes only: the service
    requires care.clinical). Each record's id derives from the row's client id (double submits store once)."""
    require_day(actor, facility)
    supplements, doses = list(dict.fromkeys(supplements)), list(dict.fromkeys(doses))
    if not supplements and not doses:
        raise Invalid.field(None, _("Pilih paling sedikit satu layanan."))
    encounter = mark_present(actor, facility, on, person)
    saved: list = []
    for kind in supplements:
        saved.append(services.record_supplement(actor, services.SupplementInput(
            person=person, kind=kind, given_on=on, encounter=encounter,
            id=uuid.uuid5(row_id, "supplement:" + kind) if row_id else None)))
    for dose in doses:
        saved.append(services.record_immunization(actor, services.ImmunizationInput(
            person=person, dose=dose, given_on=on, encounter=encounter, facility=facility, batch=batch,
            id=uuid.uuid5(row_id, "dose:" + dose) if row_id else None)))
    return saved


# ---------------------------------------------------------------------------------- summary


@dataclass
class Flagged:
    entry: Entry
    reasons: list[str]


@dataclass
class Summary:
    day: Day
    rows: list[dict]  # per stage: code, label, sasaran, came, weighed
    totals: dict
    growth: Counter  # N, T, 2T, BGM, O (first weighing), B (no earlier weighing)
    absent_by_household: list[tuple[Household, list[Entry]]]
    referrals: list[Flagged]
    home_visits: list[Flagged]
    supplements: Counter  # kind → count
    doses: Counter  # dose → count
    unassigned_households: int

    @property
    def growth_counts(self) -> dict[str, int]:
        g = self.growth
        return {"n": g["N"], "t": g["T"], "t2": g["2T"], "bgm": g["BGM"], "b": g["B"], "o": g["O"]}

    @property
    def supplement_rows(self) -> list[tuple[str, str, int]]:
        return [(kind, _(codes.get(kind, codes.SUPPLEMENT).label), n) for kind, n in sorted(self.supplements.items())]

    @property
    def dose_rows(self) -> list[tuple[str, int]]:
        return sorted(self.doses.items())

    @property
    def absent_count(self) -> int:
        return sum(len(entries) for _household, entries in self.absent_by_household)


def summary(actor, facility: Facility, on: date) -> Summary:
    """Ringkasan hari ini: S and D by stage, who was weighed, N/T/2T/BGM, who did not come (by
    household), who needs a referral and who a home visit, doses and supplements given."""
    day = open_day(actor, facility, on)
    rows: list[dict[str, Any]] = []
    for code, label in STAGES:
        group = [e for e in day.entries if e.stage == code]
        rows.append({"code": code, "label": _(label), "sasaran": sum(bool(e.sasaran) for e in group),
                     "came": sum(bool(e.present) for e in group), "weighed": sum(bool(e.present and e.weighed) for e in group)})
    totals = {k: sum(int(r[k]) for r in rows) for k in ("sasaran", "came", "weighed")}
    counts: Counter = Counter()
    referrals: list[Flagged] = []
    home: list[Flagged] = []
    for e in day.entries:
        values = stored_values(e) if e.present else {}
        if not values:
            continue
        measure = e.today["length_height"].method if "length_height" in e.today else ""
        # The judgement of what was stored, as the grid showed it (N/T against the earlier weighings).
        result = services.preview_measurements(e.person, on, measure=measure, **values)
        judgement = result.growth
        if judgement is not None and judgement.code:
            counts[judgement.code] += 1
            counts["2T"] += judgement.two_t
            counts["BGM"] += judgement.bgm
            if judgement.two_t or judgement.bgm:
                home.append(Flagged(e, [_("2T") if judgement.two_t else _("BGM")]))
        if result.refer:
            referrals.append(Flagged(e, list(result.reasons)))
    absent = [e for e in day.entries if e.sasaran and not e.present]
    for e in absent:
        if e.due_now:
            home.append(Flagged(e, [_("Tidak datang: %(due)s") % {"due": ", ".join(e.due_short)}]))
    by_household: dict = {}
    for e in absent:
        by_household.setdefault(e.person.household_id, (e.person.household, []))[1].append(e)
    absent_by_household = sorted(by_household.values(), key=lambda hv: (hv[0].rt or "", hv[0].head_name.lower()))
    given = Counter(kind for e in day.entries for kind in e.supplements)
    doses = Counter(dose for e in day.entries for dose in e.doses)
    # With several Posyandu in the desa, households without one are nobody's sasaran yet.
    unassigned = (Household.objects.visible_to(actor).active().filter(desa_id=facility.area_code, posyandu__isnull=True)
                  .count() if _several_posyandu(facility) else 0)
    return Summary(day, rows, totals, counts, absent_by_household, referrals, home, given, doses, unassigned)


def _several_posyandu(facility: Facility) -> bool:
    return Facility.objects.active().filter(kind=Kind.POSYANDU, area_code=facility.area_code).exclude(pk=facility.pk).exists()
