"""Registering, changing and voiding households and persons.

Every write goes through here: it validates (Indonesian messages per field), checks that the
target lies in the user's scope, saves atomically, and writes the audit log. Views and API
endpoints call these functions and nothing else, with typed inputs: :class:`HouseholdInput` and
:class:`PersonInput` to register, :class:`HouseholdChanges` and :class:`PersonChanges` to change
(only the fields given are changed; the others default to :data:`UNSET`).

Edits are optimistic: ``update_*`` take the ``version`` the edit was based on and write only the
fields whose value changes, in one conditional UPDATE (:meth:`siklus.core.models.Record.write_changes`);
a stale version raises :class:`~siklus.core.errors.Conflict` with what is saved now. Without a
version (an API client that sends no ``If-Match``) the edit applies its changed fields to the
record as it is when written, so fields it does not touch are never reverted.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, fields
from datetime import date
from enum import Enum
from typing import Any, Final, Literal
from uuid import UUID

from django.db import IntegrityError, connection, transaction
from django.db.models import BooleanField, Count, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process

from siklus.accounts.policies import Perm, may, require
from siklus.areas.models import Area, Level
from siklus.areas.services import known_kecamatan
from siklus.audit import history
from siklus.audit import log as audit
from siklus.core.actors import require_actor, scope_of, user_of
from siklus.core.errors import Collector, Invalid
from siklus.core.limits import check_lengths
from siklus.core.querysets import within_q
from siklus.facilities.models import Facility, Kind
from siklus.people import counts, search_index
from siklus.people.models import Household, Person, Relation, Sex
from siklus.rules import nik as nik_rules
from siklus.rules import plausibility
from siklus.rules.areacodes import below, desa_of, within


class _Unset(Enum):
    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"


# "Not given": the field of a change that is left as it is (None is a value: "clear it").
UNSET: Final = _Unset.UNSET
Unset = Literal[_Unset.UNSET]


def _given(changes: Any) -> dict[str, Any]:
    """The fields of a changes dataclass that were given."""
    return {f.name: getattr(changes, f.name) for f in fields(changes) if getattr(changes, f.name) is not UNSET}


@dataclass(frozen=True, kw_only=True)
class HouseholdInput:
    """A household to register. ``desa`` is an Area or its code; ``sub_area`` an Area or code
    below it; ``posyandu`` a Facility or its id. The service validates every field."""

    desa: Area | str | None
    head_name: str
    address: str
    no_kk: str = ""
    rt: str = ""
    rw: str = ""
    sub_area: Area | str | None = None
    posyandu: Facility | UUID | str | None = None
    id: UUID | None = None  # the client's UUID of the new household (the offline app makes it)


@dataclass(frozen=True, kw_only=True)
class HouseholdChanges:
    """Changes to a household: only the fields given are changed."""

    desa: Area | str | None | Unset = UNSET
    head_name: str | Unset = UNSET
    address: str | Unset = UNSET
    no_kk: str | None | Unset = UNSET
    rt: str | None | Unset = UNSET
    rw: str | None | Unset = UNSET
    sub_area: Area | str | None | Unset = UNSET
    posyandu: Facility | UUID | str | None | Unset = UNSET


@dataclass(frozen=True, kw_only=True)
class PersonInput:
    """A person to register. ``household`` and ``mother`` are records or their ids; ``birth_date``
    a date (an ISO string is read too). The service validates every field."""

    household: Household | UUID | str | None
    name: str
    sex: str | None
    birth_date: date | str | None
    relation: str | None
    nik: str | None = ""
    jkn_number: str | None = ""
    mother: Person | UUID | str | None = None
    phone: str | None = ""
    id: UUID | None = None  # the client's UUID of the new person (the offline app makes it)


@dataclass(frozen=True, kw_only=True)
class PersonChanges:
    """Changes to a person: only the fields given are changed."""

    household: Household | UUID | str | None | Unset = UNSET
    name: str | Unset = UNSET
    sex: str | None | Unset = UNSET
    birth_date: date | str | None | Unset = UNSET
    relation: str | None | Unset = UNSET
    nik: str | None | Unset = UNSET
    jkn_number: str | None | Unset = UNSET
    mother: Person | UUID | str | None | Unset = UNSET
    phone: str | None | Unset = UNSET


HOUSEHOLD_FIELDS = ["no_kk", "head_name", "address", "rt", "rw", "desa", "sub_area", "posyandu"]
PERSON_FIELDS = ["nik", "name", "sex", "birth_date", "relation", "jkn_number", "mother", "phone", "household"]

# A name this similar (rapidfuzz token_sort_ratio, 0–100) with the same birth date in the same
# desa is shown as a possible duplicate before saving.
DUPLICATE_NAME_SIMILARITY = 85
OLDEST_BIRTH = date(1900, 1, 1)
MOTHER_MIN_AGE_GAP_YEARS = plausibility.BOUNDS.at().value.mother_min_gap


# An edit without a base version is retried on the fresh record this often when someone else
# saves between its read and its write.
RETRIES = 5


def normalise_name(name: str) -> str:
    # Control and invisible format characters (zero-width space, joiners, BOM) are dropped: a
    # name made only of them is empty, and one containing them would hide from duplicate search.
    visible = "".join(ch for ch in (name or "") if unicodedata.category(ch) not in ("Cc", "Cf") or ch in "\t\n\r")
    return re.sub(r"\s+", " ", visible).strip()


def _check_name(errors: Collector, field: str, name: str, required: str) -> None:
    if not name:
        errors.add(field, required)
    elif not any(unicodedata.category(ch).startswith("L") for ch in name):
        errors.add(field, _("Nama harus berisi huruf."))
    elif len(name) < 2:
        errors.add(field, _("Nama terlalu pendek."))


def _digits_error(errors: Collector, field: str, value: str) -> bool:
    """Refuse digits other than ASCII 0–9 (fullwidth, Arabic-Indic, Devanagari …) with one message."""
    finding = nik_rules.foreign_digits(value)
    if finding is not None:
        errors.add(field, nik_message(finding))
    return finding is not None


def name_key(name: str) -> str:
    return normalise_name(name).casefold()


def nik_message(finding) -> str:
    """A NIK finding in the user's language (the rules word it in Indonesian)."""
    return _(finding.template) % finding.params


# --- households ---------------------------------------------------------------------------


def _check_household(user, data: dict, errors: Collector) -> dict:
    clean = dict(data)
    clean["head_name"] = normalise_name(data.get("head_name", ""))
    _check_name(errors, "head_name", clean["head_name"], _("Nama kepala keluarga wajib diisi."))
    clean["address"] = (data.get("address") or "").strip()
    if not clean["address"]:
        errors.add("address", _("Alamat wajib diisi."))
    no_kk = re.sub(r"[\s.\-]", "", data.get("no_kk") or "")
    if _digits_error(errors, "no_kk", no_kk):
        pass
    elif no_kk and not nik_rules.ascii_digits(no_kk, 16):
        errors.add("no_kk", _("Nomor KK harus 16 digit angka."))
    clean["no_kk"] = no_kk
    for field in ("rt", "rw"):
        value = (data.get(field) or "").strip()
        if _digits_error(errors, field, value):
            value = ""
        elif value and not (nik_rules.ascii_digits(value, 1, 3) and int(value) >= 1):
            # A desa numbers its RT/RW from 1 to 999 (three digits on the KK): "9999" is refused, not cut.
            errors.add(field, _("%(field)s harus angka 1–999.") % {"field": field.upper()})
        clean[field] = value.zfill(3) if value else ""

    desa = data.get("desa")
    if isinstance(desa, str):
        desa = Area.objects.filter(code=desa).first()
    if desa is None or desa.level != Level.DESA:
        errors.add("desa", _("Pilih desa/kelurahan."))
        desa = None
    elif not may(user, Perm.EDIT_PEOPLE, area=desa.code):
        errors.add("desa", _("Desa/kelurahan ini di luar wilayah kerja Anda."))
        desa = None
    clean["desa"] = desa

    sub_area = data.get("sub_area")
    if isinstance(sub_area, str):
        sub_area = Area.objects.filter(code=sub_area).first() if sub_area else None
    if sub_area is not None and (desa is None or not below(sub_area.code, desa.code)):
        errors.add("sub_area", _("Dusun/RW/RT harus berada di desa yang dipilih."))
    clean["sub_area"] = sub_area

    posyandu = data.get("posyandu")
    if posyandu is not None and not isinstance(posyandu, Facility):
        posyandu = Facility.objects.filter(pk=posyandu, kind=Kind.POSYANDU).first() if posyandu else None
        if data.get("posyandu") and posyandu is None:
            errors.add("posyandu", _("Posyandu tidak ditemukan."))
    if posyandu is not None and (posyandu.is_voided or desa is None or not within(posyandu.area_code, desa.code)):
        errors.add("posyandu", _("Posyandu harus berada di desa yang sama."))
    clean["posyandu"] = posyandu
    check_lengths(Household, clean, errors)
    return clean


def _household_area(clean: dict) -> str:
    return clean["sub_area"].code if clean["sub_area"] else clean["desa"].code


@transaction.atomic
def register_household(user, data: HouseholdInput) -> Household:
    _ensure_editor(user)
    errors = Collector()
    clean = _check_household(user, _fields_of(data, HouseholdInput), errors)
    errors.raise_if_any()
    household = Household(created_by=user_of(user), area_code=_household_area(clean), **{f: clean[f] for f in HOUSEHOLD_FIELDS},
                          **_client_id(data.id))
    household.save()
    counts.household_changed(None, counts.household_state(household))
    audit.log("create", household, actor=user, changes=audit.snapshot(household, HOUSEHOLD_FIELDS))
    return household


@transaction.atomic
def update_household(user, household: Household, changes: HouseholdChanges, *, version: int | None = None) -> Household:
    """Change a household. ``version`` is the one the edit was based on (None: the current one,
    and only the fields given and changed are written); a stale one raises ``Conflict``."""
    _ensure_writable(user, household)
    given = _given(_typed(changes, HouseholdChanges))

    def changed(record: Household) -> dict[str, Any]:
        errors = Collector()
        clean = _check_household(user, {**{f: getattr(record, f) for f in HOUSEHOLD_FIELDS}, **given}, errors)
        errors.raise_if_any()
        values = _differing(record, clean, HOUSEHOLD_FIELDS)
        if values and _household_area(clean) != record.area_code:
            values["area_code"] = _household_area(clean)
        return values

    before, values = _write_edit(user, household, HOUSEHOLD_FIELDS, given, changed, version)
    if "area_code" in values:
        # Members move with their household (a derived field: their version stays).
        household.members.update(area_code=household.area_code)
    if before["desa"] != household.desa_id:
        members = household.members.active().aggregate(n=Count("pk"), without=Count("pk", filter=Q(nik__isnull=True) | Q(nik="")))
        counts.household_changed(before["desa"], household.desa_id, members=members["n"], members_without_nik=members["without"])
    if values:
        audit.log("update", household, actor=user, changes=_changes_of(before, household, HOUSEHOLD_FIELDS, values))
    return household


def _differing(record, clean: dict, names: list[str]) -> dict[str, Any]:
    """The fields whose cleaned value differs from the record's: the only ones written."""
    before = audit.snapshot(record, names)
    return {f: clean[f] for f in names if audit.plain(clean[f]) != before[f]}


def _changes_of(before: dict, record, names: list[str], values: dict) -> dict:
    """The audit diff: what the conditional write actually overwrote, and what it wrote."""
    after = audit.snapshot(record, names)
    return {f: [before[f], after[f]] for f in names if f in values}


def _write_edit(user, record, names: list[str], given: dict, changed, version: int | None) -> tuple[dict, dict]:
    """Validate and write an edit of ``record`` with optimistic concurrency.

    ``changed(record)`` validates the edit against the record as loaded and returns the fields to
    write. The write is one ``UPDATE … WHERE id = … AND version = <loaded>``: when it matches no
    row someone saved meanwhile; an edit based on a ``version`` then raises ``Conflict``, one
    without is validated again on the fresh record. Returns the snapshot that was overwritten
    and the values written."""
    for attempt in range(RETRIES):
        if attempt:
            record.refresh_from_db()
            _ensure_writable(user, record)
        if version is not None and record.version != version:
            raise history.conflict(record, names, given, based_on=version)
        before = audit.snapshot(record, names)
        values = changed(record)
        if not values:
            return before, values
        try:
            with transaction.atomic():
                written = record.write_changes(values, version=record.version)
        except IntegrityError:
            # Two clerks may enter the same NIK at once; the database constraint decides.
            raise Invalid.field("nik", _("NIK ini sudah terdaftar.")) from None
        if written:
            return before, values
        if version is not None:
            raise history.conflict(record, names, given, based_on=version)
    raise history.conflict(record, names, given)


# --- persons --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PossibleDuplicate:
    person: Person
    reason: str  # Indonesian
    score: float


def _check_person(user, data: dict, errors: Collector, *, editing: Person | None = None) -> dict:
    scope = scope_of(user)
    clean = dict(data)
    today = timezone.localdate()

    clean["name"] = normalise_name(data.get("name", ""))
    _check_name(errors, "name", clean["name"], _("Nama lengkap wajib diisi."))

    sex = data.get("sex")
    if sex not in Sex.values:
        errors.add("sex", _("Pilih jenis kelamin."))
        sex = None
    clean["sex"] = sex

    birth = data.get("birth_date")
    if isinstance(birth, str):
        try:
            birth = date.fromisoformat(birth)
        except ValueError:
            birth = None
    if not isinstance(birth, date):
        errors.add("birth_date", _("Tanggal lahir wajib diisi (hh-bb-tttt)."))
        birth = None
    elif birth > today:
        errors.add("birth_date", _("Tanggal lahir tidak boleh di masa depan."))
        birth = None
    elif birth < OLDEST_BIRTH:
        errors.add("birth_date", _("Tanggal lahir sebelum tahun 1900 tidak mungkin."))
        birth = None
    clean["birth_date"] = birth

    if data.get("relation") not in Relation.values:
        errors.add("relation", _("Pilih hubungan dalam keluarga."))

    raw_nik = (data.get("nik") or "").strip()
    clean["nik"] = None
    clean["nik_warnings"] = []
    if raw_nik:
        result = nik_rules.check(raw_nik, sex=sex, birth_date=birth, today=today, known_region=known_kecamatan)
        for finding in result.errors:
            errors.add("nik", nik_message(finding))
        clean["nik_warnings"] = [nik_message(w) for w in result.warnings]
        clean["nik"] = result.nik
        if result.valid:
            taken = Person.objects.active().filter(nik=result.nik)
            if editing is not None:
                taken = taken.exclude(pk=editing.pk)
            other = taken.first()
            if other is not None:
                if scope.contains(other.area_code):
                    errors.add("nik", _("NIK ini sudah terdaftar atas nama %(name)s.") % {"name": other.name})
                else:
                    errors.add("nik", _("NIK ini sudah terdaftar atas nama penduduk di wilayah lain."))

    jkn = re.sub(r"[\s.\-]", "", data.get("jkn_number") or "")
    if _digits_error(errors, "jkn_number", jkn):
        pass
    elif jkn and not nik_rules.ascii_digits(jkn, 13):
        errors.add("jkn_number", _("Nomor JKN (kartu BPJS Kesehatan) harus 13 digit angka."))
    clean["jkn_number"] = jkn
    phone = re.sub(r"[\s\-]", "", data.get("phone") or "")
    if _digits_error(errors, "phone", phone):
        pass
    elif phone and not nik_rules.is_phone(phone):
        errors.add("phone", _("Nomor telepon tidak valid (contoh: 081234567890)."))
    clean["phone"] = phone

    household = data.get("household")
    if household is not None and not isinstance(household, Household):
        household = Household.objects.visible_to(user).active().filter(pk=household).first()
    if household is None or household.is_voided or not may(user, Perm.EDIT_PEOPLE, household):
        errors.add("household", _("Pilih keluarga di wilayah kerja Anda."))
        household = None
    clean["household"] = household

    mother = data.get("mother")
    if mother is not None and not isinstance(mother, Person):
        mother = Person.objects.visible_to(user).active().filter(pk=mother).first() if mother else None
        if data.get("mother") and mother is None:
            errors.add("mother", _("Ibu tidak ditemukan di wilayah kerja Anda."))
    if mother is not None:
        if mother.sex != Sex.P:
            errors.add("mother", _("Ibu harus perempuan."))
        elif birth and (gap := plausibility.mother_impossible(mother.birth_date, birth)) is not None:
            errors.add("mother", _(gap.template) % gap.params)
        if editing is not None and mother.pk == editing.pk:
            errors.add("mother", _("Seseorang tidak dapat menjadi ibunya sendiri."))
    clean["mother"] = mother
    check_lengths(Person, clean, errors)
    return clean


@dataclass(frozen=True)
class PlausibilityWarning:
    """A plausibility finding: the save stops once, and goes on when the user confirms it."""

    field: str
    code: str
    message: str


# The fields a plausibility finding depends on: an edit that changes none of them is not
# stopped again for a finding the user confirmed before.
PLAUSIBILITY_FIELDS = frozenset({"birth_date", "relation", "mother", "household"})


def plausibility_warnings(clean: dict, *, editing: Person | None = None) -> list[PlausibilityWarning]:
    """The findings of :mod:`siklus.rules.plausibility` for a checked person (``clean``)."""
    birth, relation, household = clean.get("birth_date"), clean.get("relation"), clean.get("household")
    if birth is None:
        return []
    findings: list[tuple[str, Any]] = []
    if relation == Relation.KEPALA:
        findings.append(("relation", plausibility.head_of_household(birth, timezone.localdate())))
    mother = clean.get("mother")
    if mother is not None:
        findings.append(("mother", plausibility.mother_at_birth(mother.birth_date, birth)))
    if relation == Relation.ANAK and household is not None:
        # No father link: the household's man (kepala keluarga or suami) stands for him.
        men = household.members.active().filter(sex=Sex.L, relation__in=[Relation.KEPALA, Relation.SUAMI])
        if editing is not None:
            men = men.exclude(pk=editing.pk)
        for man in men:
            findings.append(("relation", plausibility.father_at_birth(man.birth_date, birth)))
    return [PlausibilityWarning(field, f.code, _(f.template) % f.params) for field, f in findings if f is not None]


def _stop_unconfirmed(warnings: list[PlausibilityWarning], confirm: bool | Collection[str]) -> None:
    """Stop the save on findings the user has not confirmed (``True``: all are confirmed)."""
    if confirm is True:
        return
    confirmed = set(confirm or ())
    open_ = [w for w in warnings if w.code not in confirmed]
    if open_:
        errors = Collector()
        for w in warnings:
            errors.add(w.field, w.message)
        errors.add(None, _("Periksa peringatan di bawah; tekan \"Simpan juga\" bila data memang benar."))
        errors.raise_if_any(warnings=warnings)


def plausible_mothers(user, desa_code: str, child_birth: date | None = None):
    """Active women of the desa who can be the mother of a child born on ``child_birth``: between
    ``mother_min_gap`` years and 55 years older (:func:`plausibility.plausible_mother_birth_range`).
    A child not yet registered has no birth date yet: then every woman at least ``mother_min_gap``
    years old today (no upper bound: a grown child's mother may be old now); the service checks
    the pair when saving. Girls of 6 and 8 are never offered."""
    require_actor(user)
    women = Person.objects.visible_to(user).active().filter(within_q("area_code", desa_code), sex=Sex.P)
    if child_birth is not None:
        earliest, latest = plausibility.plausible_mother_birth_range(child_birth)
        women = women.filter(birth_date__gte=earliest, birth_date__lte=latest)
    else:
        _earliest, latest = plausibility.plausible_mother_birth_range(timezone.localdate())
        women = women.filter(birth_date__lte=latest)
    return women.order_by("name")


def possible_duplicates(*, name: str, birth_date: date, desa_code: str, exclude=None) -> list[PossibleDuplicate]:
    """Active persons with a similar name and the same birth date in the same desa."""
    candidates = Person.objects.active().filter(birth_date=birth_date)
    candidates = candidates.filter(within_q("area_code", desa_code))
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude.pk)
    people = list(candidates[:500])
    if not people:
        return []
    matches = process.extract(
        name_key(name), [p.name_key for p in people], scorer=fuzz.token_sort_ratio,
        score_cutoff=DUPLICATE_NAME_SIMILARITY, limit=10,
    )
    return [
        PossibleDuplicate(people[i], _("Nama mirip (%(score)d%%) dengan tanggal lahir sama di desa yang sama") % {"score": round(score)}, score)
        for _choice, score, i in matches
    ]


@transaction.atomic
def register_person(user, data: PersonInput, *, confirm_duplicate: bool = False,
                    confirm_warnings: bool | Collection[str] = False) -> Person:
    """Register a person. A plausibility finding (``Invalid`` with ``warnings``) or a possible
    duplicate (``duplicates``) stops the save unless the user confirmed after seeing it:
    ``confirm_warnings`` is True or the codes of the findings confirmed."""
    _ensure_editor(user)
    errors = Collector()
    clean = _check_person(user, _fields_of(data, PersonInput), errors)
    errors.raise_if_any()
    _stop_unconfirmed(plausibility_warnings(clean), confirm_warnings)
    household = clean["household"]
    if not confirm_duplicate:
        _lock_desa(household.desa_id)
        duplicates = possible_duplicates(name=clean["name"], birth_date=clean["birth_date"], desa_code=household.desa_id)
        if duplicates:
            raise Invalid.field(
                None,
                _("Kemungkinan sudah terdaftar. Periksa data di atas; simpan lagi bila memang orang yang berbeda."),
                duplicates=duplicates,
            )
    person = Person(created_by=user_of(user), area_code=household.area_code, name_key=name_key(clean["name"]),
                    **{f: clean[f] for f in PERSON_FIELDS}, **_client_id(data.id))
    _save_unique(person)
    counts.person_changed(None, counts.person_state(person))
    audit.log("create", person, actor=user, changes=audit.snapshot(person, PERSON_FIELDS))
    return person


@transaction.atomic
def update_person(user, person: Person, changes: PersonChanges, *, version: int | None = None,
                  confirm_warnings: bool | Collection[str] = False) -> Person:
    """Change a person. ``version`` is the one the edit was based on (None: the current one, and
    only the fields given and changed are written); a stale one raises ``Conflict``. A field not
    given keeps its value — the mother link too, even when she lives outside the user's area."""
    _ensure_writable(user, person)
    given = _given(_typed(changes, PersonChanges))

    def changed(record: Person) -> dict[str, Any]:
        errors = Collector()
        clean = _check_person(user, {**{f: getattr(record, f) for f in PERSON_FIELDS}, **given}, errors, editing=record)
        errors.raise_if_any()
        values = _differing(record, clean, PERSON_FIELDS)
        if PLAUSIBILITY_FIELDS & values.keys():
            _stop_unconfirmed(plausibility_warnings(clean, editing=record), confirm_warnings)
        if "name" in values:
            values["name_key"] = name_key(values["name"])
        if "household" in values:
            values["area_code"] = values["household"].area_code
        return values

    before, values = _write_edit(user, person, PERSON_FIELDS, given, changed, version)
    if "nik" in values or "area_code" in values:
        # The area as stored: a household move updates its members' area without their version.
        area_code = _stored_area(person)
        old_desa = (Household.objects.filter(pk=before["household"]).values_list("desa_id", flat=True).first()
                    if "household" in values else desa_of(area_code))
        counts.person_changed(counts.state_of(old_desa, before["nik"]), counts.state_of(area_code, person.nik))
    if values:
        audit.log("update", person, actor=user, changes=_changes_of(before, person, PERSON_FIELDS, values))
    return person


def _stored_area(person: Person) -> str:
    return Person._base_manager.filter(pk=person.pk).values_list("area_code", flat=True).get()


def _lock_desa(desa_code: str) -> None:
    """Serialise the possible-duplicate check (read, then insert) per desa until the transaction
    ends, so two identical registrations at once cannot both pass it. PostgreSQL: a row lock on
    the desa's area. SQLite ignores FOR UPDATE; its write transactions already exclude each other
    (the settings begin them IMMEDIATE)."""
    list(Area.objects.select_for_update().filter(code=desa_code).values_list("code", flat=True))


def _client_id(value: UUID | None) -> dict[str, UUID]:
    """The primary key a client chose (the caller checks it is not taken), or none: a new one."""
    return {"pk": value if isinstance(value, UUID) else UUID(str(value))} if value else {}


def _typed(value: Any, kind: type) -> Any:
    # A loose dict is refused outright: the field names are the dataclass's, checked once here.
    if not isinstance(value, kind):
        raise TypeError(f"expected {kind.__name__}, got {type(value).__name__}")
    return value


def _fields_of(value: Any, kind: type) -> dict[str, Any]:
    return {f.name: getattr(_typed(value, kind), f.name) for f in fields(kind)}


def _save_unique(person: Person) -> None:
    # Two clerks may register the same NIK at once; the database constraint decides.
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:
        raise Invalid.field("nik", _("NIK ini sudah terdaftar.")) from None


def void(user, record, reason: str):
    """Void a household or person with a reason. Nothing is deleted."""
    _ensure_writable(user, record)
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise Invalid.field("reason", _("Tuliskan alasan pembatalan (minimal 5 huruf)."))
    if isinstance(record, Household) and record.members.active().exists():
        raise Invalid.field(None, _("Keluarga masih punya anggota aktif; pindahkan atau batalkan anggotanya dulu."))
    with transaction.atomic():
        # Conditional like an edit: a record voided meanwhile is not voided twice, and an edit
        # loaded before the void finds the version moved on.
        values = {"voided_at": timezone.now(), "voided_by": user_of(user), "void_reason": reason}
        if not record.write_changes(values, version=record.version):
            raise history.conflict(record, [], {})
        if isinstance(record, Person):
            # Its NIK is the version's; its area as stored (a household move keeps the version).
            counts.person_changed(counts.state_of(_stored_area(record), record.nik), None)
        else:
            counts.household_changed(record.desa_id, None)
        audit.log("void", record, actor=user, changes={"reason": reason})
    return record


def _ensure_writable(user, record) -> None:
    require(user, Perm.EDIT_PEOPLE, record)
    if record.is_voided:
        raise Invalid.field(None, _("Data ini sudah dibatalkan dan tidak dapat diubah."))


def _ensure_editor(user) -> None:
    require(user, Perm.EDIT_PEOPLE)


def nik_warnings(person: Person) -> list[str]:
    """What the person's page warns about their NIK: none yet, or a NIK that checks but looks odd."""
    if not person.nik:
        return [_("Belum ada NIK: lengkapi setelah terbit (bayi dapat dicari lewat NIK ibu).")]
    return [nik_message(w) for w in nik_rules.check(person.nik, known_region=known_kecamatan).warnings]


def view_person(user, person: Person, *, mark_viewed: bool = True) -> Person:
    """Record that the user opened a person's record (ARCHITECTURE: every view is logged)."""
    require_actor(user)
    if mark_viewed:
        audit.log("view", person, actor=user)
    return person


def search_persons(user, query: str, limit: int | None = 50):
    """Search by NIK (exact or a prefix of 6 digits or more, any separators) or by name (all words,
    any order), ordered by name; ``limit=None`` leaves the queryset unsliced (the API pages it).

    Both use an index on both databases: a NIK prefix is a range on the unique NIK index (SQLite's
    ``LIKE`` is case-insensitive and can use no index), name words the trigram index (PostgreSQL)
    or the FTS5 trigram table (SQLite; words under three letters filter what it found)."""
    require_actor(user)
    query = (query or "").strip()[:SEARCH_MAX]
    people = Person.objects.visible_to(user).active().select_related("household").order_by("name", "id")
    if not query:
        return people.none()
    digits = nik_rules.compact(query)
    if digits.isdigit() and len(digits) >= 6:
        people = people.filter(**_nik_prefix(digits)) if len(digits) <= 16 else people.none()
    else:
        words = sorted(set(name_key(query).split(" ")), key=len, reverse=True)[:SEARCH_MAX_WORDS]
        indexed = [w for w in words if len(w) >= search_index.MIN_WORD]
        if indexed and connection.vendor == "sqlite":
            people = people.filter(RawSQL(search_index.search_sql(), [search_index.fts_query(indexed)],
                                          output_field=BooleanField()))
            words = [w for w in words if w not in indexed]
        for word in words:
            people = people.filter(name_key__contains=word)
    return people if limit is None else people[:limit]


# Longer queries say nothing more about a name or NIK (and must not cost more).
SEARCH_MAX = 200
SEARCH_MAX_WORDS = 8


def _nik_prefix(digits: str) -> dict[str, str]:
    """NIKs starting with ``digits`` as a range (``>= 6202…``, ``< 6203…``): uses a B-tree on any
    database and collation (digits only)."""
    if len(digits) == 16:
        return {"nik": digits}
    bound = str(int(digits) + 1).zfill(len(digits))
    return {"nik__gte": digits} if len(bound) > len(digits) else {"nik__gte": digits, "nik__lt": bound}


def home_counts(user) -> dict[str, int]:
    """Active households, persons and persons without NIK in the user's scope, for the home page:
    summed from the per-desa counters (:mod:`siklus.people.counts`), or counted from the records
    when the scope is narrower than a desa."""
    require_actor(user)
    totals = counts.totals(scope_of(user))
    if totals is not None:
        return totals
    persons = Person.objects.visible_to(user).active()
    return {
        "households": Household.objects.visible_to(user).active().count(),
        "persons": persons.count(),
        "without_nik": persons.filter(Q(nik__isnull=True) | Q(nik="")).count(),
    }
