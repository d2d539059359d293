"""The offline app's sync: devices, push (ordered, idempotent mutations) and pull (the desa feed).

docs/SYNC-PROTOCOL.md is the contract. Every mutation is applied in its own transaction through
the services of people, care and followup (validation, scoping and the audit log are theirs), and
its idempotency record (:class:`~siklus.sync.models.Mutation`, with the result and the payload) is
written in that same transaction, so a replay returns the stored result and a crash either keeps
both or neither. A mutation the server refuses is stored as ``rejected`` and still advances the
device's sequence: nothing is dropped and the outbox never blocks.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from siklus.accounts.models import ApiToken
from siklus.accounts.policies import Perm, may, require
from siklus.areas.models import Area, Level
from siklus.audit import log as audit
from siklus.care import services as care
from siklus.core.actors import require_actor, scope_of
from siklus.core.errors import Conflict as StaleEdit
from siklus.core.errors import Invalid
from siklus.followup import services as followup
from siklus.followup.models import Task
from siklus.people import services as people
from siklus.people.models import Household, Person
from siklus.rules.areacodes import desa_of
from siklus.sync import feed, tables
from siklus.sync.feed import Change
from siklus.sync.merge_rules import FIELD_POLICY, Outcome, decide
from siklus.sync.models import (
    ChangeFeed,
    Conflict,
    ConflictStatus,
    Device,
    Duplicate,
    Mutation,
    MutationStatus,
    Redirect,
    SyncScope,
)

log = logging.getLogger(__name__)

SCHEMA = 1
MIN_SCHEMA = 1
MAX_MUTATIONS = 200
PAGE = 2000
COMMIT_GROUP = 20


def working_set_limit() -> int:
    return int(getattr(settings, "SIKLUS_SYNC_WORKING_SET_LIMIT", 30_000))


class SyncError(Exception):
    """A refusal of the whole request, with its HTTP status and protocol code."""

    def __init__(self, status: int, code: str, detail: str, **extra: Any):
        self.status, self.code, self.detail, self.extra = status, code, detail, extra
        super().__init__(f"{status} {code}: {detail}")


class Rejected(Exception):
    def __init__(self, code: str, message: str, **extra: Any):
        self.code, self.message, self.extra = code, message, extra
        super().__init__(message)


# ------------------------------------------------------------------------------------- devices


def _area_of_user(user) -> str:
    facility = getattr(user, "facility", None)
    return (facility.area_code if facility is not None else getattr(user, "area_id", None)) or ""


@dataclass(frozen=True)
class Registration:
    device: Device
    token: str


@transaction.atomic
def register_device(actor, device_id: UUID, name: str, app_version: str = "") -> Registration:
    """Register the app's installation (or the same one again after its token expired): a new
    bearer token bound to the device; its sequence continues. A revoked device stays revoked."""
    require_actor(actor)
    require(actor, Perm.VIEW)
    name = (name or "").strip()[:100] or _("Perangkat tanpa nama")
    device = Device.objects.select_for_update().filter(pk=device_id).first()
    if device is not None and device.user_id != actor.pk:
        raise PermissionError("device registered by another user")
    if device is not None and device.revoked:
        raise SyncError(403, "device_revoked", _("Perangkat ini sudah dicabut. Pasang ulang aplikasi."))
    token = ApiToken.issue(actor, f"{_('Perangkat')}: {name}"[:100])
    token_row = ApiToken.objects.get(digest=ApiToken.digest_of(token))
    if device is None:
        device = Device.objects.create(id=device_id, user=actor, name=name, token=token_row,
                                       area_code=_area_of_user(actor), app_version=_app_version(app_version))
        audit.log("create", device, actor=actor, changes={"name": name})
    else:
        old = device.token
        if old is not None:
            ApiToken.objects.filter(pk=old.pk).update(revoked=True)
        device.token, device.name, device.app_version = token_row, name, _app_version(app_version)
        device.save(update_fields=["token", "name", "app_version"])
        audit.log("update", device, actor=actor, changes={"token": ["", "baru"]})
    return Registration(device, token)


def devices_of(actor):
    """The actor's own devices, or — for a Kepala, Dinkes or admin — those of the users they manage."""
    require_actor(actor)
    own = Device.objects.filter(user=actor).select_related("user")
    if not may(actor, Perm.MANAGE_USERS):
        return list(own)
    managed = [d for d in Device.objects.visible_to(actor).select_related("user", "user__facility")
               if d.user_id == actor.pk or may(actor, Perm.MANAGE_USERS, d.user)]
    return managed


def get_device(actor, device_id) -> Device:
    require_actor(actor)
    device = Device.objects.select_related("user", "token").filter(pk=device_id).first()
    if device is None or not (device.user_id == actor.pk or may(actor, Perm.MANAGE_USERS, device.user)):
        raise LookupError("no such device")
    return device


@transaction.atomic
def revoke_device(actor, device: Device) -> Device:
    """A lost phone: its token syncs nothing from now on (401 ``device_revoked``)."""
    require_actor(actor)
    if not (device.user_id == actor.pk or may(actor, Perm.MANAGE_USERS, device.user)):
        raise PermissionError("may not revoke this device")
    if device.revoked:
        return device
    device.revoked_at, device.revoked_by = timezone.now(), actor
    device.save(update_fields=["revoked_at", "revoked_by"])
    if device.token_id:
        ApiToken.objects.filter(pk=device.token_id).update(revoked=True)
    audit.log("update", device, actor=actor, changes={"revoked": [False, True]})
    return device


def device_of_token(token: str) -> tuple[Any, Device | None]:
    """(user, device) of a bearer token, or a :class:`SyncError` 401 with the reason."""
    found = ApiToken.objects.select_related("user").filter(digest=ApiToken.digest_of(token)).first()
    if found is None or not found.user.is_active:
        raise SyncError(401, "unauthenticated", _("Silakan masuk kembali."))
    device = Device.objects.filter(token=found).first()
    if device is not None and device.revoked:
        raise SyncError(401, "device_revoked", _("Perangkat ini sudah dicabut oleh Puskesmas. Data yang belum "
                                                 "terkirim dapat diekspor."))
    if found.revoked:
        raise SyncError(401, "unauthenticated", _("Silakan masuk kembali."))
    if found.expires_at <= timezone.now():
        raise SyncError(401, "session_expired", _("Sesi berakhir. Masukkan kata sandi lagi; data yang belum "
                                                  "terkirim tetap tersimpan di HP."))
    return found.user, device


# ---------------------------------------------------------------------------------------- push


def _uuid(value: Any, name: str) -> UUID:
    try:
        return value if isinstance(value, UUID) else UUID(str(value))
    except (TypeError, ValueError):
        raise Rejected("invalid", _("%(name)s harus UUID.") % {"name": name}) from None


def _date(value: Any, name: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise Invalid.field(name, _("Tanggal tidak valid.")) from None


def _digest(payload: dict) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def _redirected(person_id) -> UUID:
    person_id = _uuid(person_id, "person")
    found = Redirect.objects.filter(merged_id=person_id).values_list("kept_id", flat=True).first()
    return found or person_id


def _person(actor, person_id, name: str = "person") -> Person:
    found = Person.objects.visible_to(actor).filter(pk=_redirected(person_id)).first()
    if found is None:
        raise Rejected("not_found", _("Penduduk tidak ditemukan di wilayah kerja Anda."), field=name)
    return found


def _household(actor, household_id) -> Household:
    found = Household.objects.visible_to(actor).filter(pk=_uuid(household_id, "household")).first()
    if found is None:
        raise Rejected("not_found", _("Keluarga tidak ditemukan di wilayah kerja Anda."), field="household")
    return found


@dataclass
class Applied:
    status: str
    table: str | None = None
    record_id: Any = None
    conflicts: list = None  # type: ignore[assignment]
    duplicates: list = None  # type: ignore[assignment]
    area_code: str = ""

    def __post_init__(self):
        self.conflicts = self.conflicts or []
        self.duplicates = self.duplicates or []


def _existing_create(model, record_id: UUID, data: dict, fields: dict[str, str]) -> Applied | None:
    """A create whose id is already taken: ``duplicate`` when it holds what is sent, else a clash."""
    found = model._base_manager.filter(pk=record_id).first()
    if found is None:
        return None
    stored = audit.snapshot(found, list(fields.values()))
    for key, attr in fields.items():
        if key in data and _norm(data[key]) != _norm(stored[attr]):
            raise Rejected("uuid_clash", _("Id ini sudah dipakai untuk data lain. Buat data baru dengan id baru."))
    return Applied(MutationStatus.DUPLICATE, model._meta.model_name, found.pk, area_code=found.area_code)


def _norm(value: Any) -> str:
    return "" if value is None else str(value)


HOUSEHOLD_DATA = {"desa": "desa", "head_name": "head_name", "address": "address", "no_kk": "no_kk"}
PERSON_DATA = {"household": "household", "name": "name", "sex": "sex", "birth_date": "birth_date"}


def _household_create(actor, m: dict, mutation: Mutation) -> Applied:
    data = m.get("data") or {}
    hid = _uuid(data.get("id"), "id")
    existing = _existing_create(Household, hid, data, HOUSEHOLD_DATA)
    if existing:
        return existing
    household = people.register_household(actor, people.HouseholdInput(
        id=hid, desa=data.get("desa"), head_name=data.get("head_name") or "", address=data.get("address") or "",
        no_kk=data.get("no_kk") or "", rt=data.get("rt") or "", rw=data.get("rw") or "",
        sub_area=data.get("sub_area") or None, posyandu=data.get("posyandu") or None))
    return Applied(MutationStatus.APPLIED, "household", household.pk, area_code=household.area_code)


def _person_create(actor, m: dict, mutation: Mutation) -> Applied:
    data = m.get("data") or {}
    pid = _uuid(data.get("id"), "id")
    existing = _existing_create(Person, pid, data, PERSON_DATA)
    if existing:
        return existing
    household = _household(actor, data.get("household"))
    mother = _person(actor, data["mother"], "mother") if data.get("mother") else None
    nik = (data.get("nik") or "").strip()
    held_nik = ""
    same_nik = Person.objects.active().filter(nik=nik).first() if nik else None
    if same_nik is not None:
        held_nik, nik = nik, ""
    birth = data.get("birth_date")
    candidates = []
    if same_nik is None and data.get("name") and birth:
        try:
            candidates = people.possible_duplicates(name=data["name"], birth_date=_date(birth, "birth_date"),
                                                    desa_code=household.desa_id)
        except Invalid:
            candidates = []
    person = people.register_person(actor, people.PersonInput(
        id=pid, household=household, name=data.get("name") or "", sex=data.get("sex"), birth_date=birth,
        relation=data.get("relation"), nik=nik, jkn_number=data.get("jkn_number") or "", mother=mother,
        phone=data.get("phone") or ""), confirm_duplicate=True, confirm_warnings=True)
    duplicates = []
    pairs = [(same_nik, _("NIK sama"))] if same_nik is not None else [(c.person, c.reason) for c in candidates[:3]]
    for other, reason in pairs:
        duplicates.append(Duplicate.objects.create(
            area_code=person.area_code, person_a=other, person_b=person, reason=reason[:300], held_nik=held_nik,
            mutation=mutation))
    feed.record(Change("duplicate", d.pk, desa_of(d.area_code) or "") for d in duplicates)
    return Applied(MutationStatus.APPLIED, "person", person.pk, duplicates=[d.pk for d in duplicates],
                   area_code=person.area_code)


def _update(actor, m: dict, mutation: Mutation, table: str) -> Applied:
    model = Person if table == "person" else Household
    record_id = _redirected(m.get("entity_id")) if table == "person" else _uuid(m.get("entity_id"), "entity_id")
    record = model.objects.visible_to(actor).select_for_update().filter(pk=record_id).first()
    if record is None:
        raise Rejected("not_found", _("Data tidak ditemukan di wilayah kerja Anda."))
    changes, base = m.get("changes") or {}, m.get("base_values") or {}
    policies = FIELD_POLICY[table]
    unknown = sorted(set(changes) - set(policies))
    if unknown:
        raise Invalid.field(unknown[0], _("Kolom ini tidak dapat diubah lewat sinkronisasi."))
    theirs = audit.snapshot(record, list(changes))
    apply: dict[str, Any] = {}
    opened: list[Conflict] = []
    for name, yours in changes.items():
        decision = decide(table, name, _norm(base.get(name)), _norm(yours), _norm(theirs[name]))
        if decision.outcome in (Outcome.APPLY, Outcome.APPLY_INFO):
            apply[name] = yours
        if decision.outcome in (Outcome.REVIEW, Outcome.APPLY_INFO, Outcome.KEEP_INFO):
            opened.append(Conflict(
                area_code=record.area_code, table=table, record_id=record.pk, field=name, base=base.get(name),
                yours=yours, theirs=theirs[name], mutation=mutation,
                status=ConflictStatus.OPEN if decision.outcome is Outcome.REVIEW else ConflictStatus.INFO))
    if apply:
        if table == "person":
            people.update_person(actor, record, people.PersonChanges(**_person_changes(apply)),
                                 version=record.version, confirm_warnings=True)
        else:
            values: dict[str, Any] = {k: (v or None) if k in ("sub_area", "posyandu") else v for k, v in apply.items()}
            people.update_household(actor, record, people.HouseholdChanges(**values), version=record.version)
    for conflict in opened:
        conflict.save()
    feed.record(Change("conflict", c.pk, desa_of(c.area_code) or "") for c in opened)
    review = any(c.status == ConflictStatus.OPEN for c in opened)
    status = MutationStatus.CONFLICT if review and not apply else MutationStatus.APPLIED
    return Applied(status, table, record.pk, conflicts=[c.pk for c in opened], area_code=record.area_code)


def _person_changes(values: dict) -> dict:
    out = dict(values)
    for key in ("mother", "household"):
        if key in out:
            out[key] = _redirected(out[key]) if (key == "mother" and out[key]) else (out[key] or None)
    if "birth_date" in out and out["birth_date"]:
        out["birth_date"] = _date(out["birth_date"], "birth_date")
    return out


def _void(actor, m: dict, mutation: Mutation, table: str) -> Applied:
    model = Person if table == "person" else Household
    record = model.objects.visible_to(actor).filter(pk=_uuid(m.get("entity_id"), "entity_id")).first()
    if record is None:
        raise Rejected("not_found", _("Data tidak ditemukan di wilayah kerja Anda."))
    if record.is_voided:
        return Applied(MutationStatus.DUPLICATE, table, record.pk, area_code=record.area_code)
    people.void(actor, record, (m.get("data") or {}).get("reason", ""))
    return Applied(MutationStatus.APPLIED, table, record.pk, area_code=record.area_code)


MEASUREMENT_FIELDS = ("weight_kg", "lenhei_cm", "measure", "muac_cm", "headc_cm", "waist_cm", "sbp", "dbp",
                      "glucose_mg_dl", "glucose_test", "glucose_method", "hb_g_dl", "oedema", "classic_symptoms")


def _facility(value):
    from siklus.facilities.models import Facility

    if not value:
        return None
    found = Facility.objects.filter(pk=_uuid(value, "facility")).first()
    if found is None:
        raise Invalid.field("facility", _("Fasilitas tidak ditemukan."))
    return found


def _visit_create(actor, m: dict, mutation: Mutation) -> Applied:
    data = m.get("data") or {}
    person = _person(actor, data.get("person"))
    on = _date(data.get("on"), "on")
    encounter = care.record_encounter(actor, care.EncounterInput(
        id=_uuid(data.get("id"), "id"), person=person, on=on, kind=data.get("kind") or "posyandu",
        place=data.get("place") or "posyandu", facility=_facility(data.get("facility")),
        served_by=actor if not getattr(actor, "is_system", False) else None,
        note=data.get("note") or "", complaint=data.get("complaint") or ""))
    resend = care.is_resend(encounter)
    confirm = tuple(data.get("confirm") or ())
    measured = data.get("measurements") or {}
    if any(measured.get(f) not in (None, "", False) for f in MEASUREMENT_FIELDS):
        values = {f: measured[f] for f in MEASUREMENT_FIELDS if f in measured and measured[f] is not None}
        care.record_measurements(actor, care.MeasurementsInput(
            person=person, on=on, encounter=encounter, confirm=confirm, ids=measured.get("ids") or None, **values))
    for item in data.get("supplements") or ():
        care.record_supplement(actor, care.SupplementInput(
            id=_uuid(item.get("id"), "id"), person=person, kind=item.get("kind") or "", given_on=on,
            amount=item.get("amount"), encounter=encounter))
    status = MutationStatus.DUPLICATE if resend else MutationStatus.APPLIED
    return Applied(status, "visit", encounter.pk, area_code=encounter.area_code)


def _care_create(record_fn: Callable, make: Callable, table: str) -> Callable:
    def apply(actor, m: dict, mutation: Mutation) -> Applied:
        data = m.get("data") or {}
        person = _person(actor, data.get("person"))
        record = record_fn(actor, make(data, person))
        status = MutationStatus.DUPLICATE if care.is_resend(record) else MutationStatus.APPLIED
        return Applied(status, table, record.pk, area_code=record.area_code)
    return apply


def _encounter(value):
    from siklus.care.models import Encounter

    return Encounter.objects.filter(pk=_uuid(value, "encounter")).first() if value else None


_supplement_create = _care_create(care.record_supplement, lambda d, p: care.SupplementInput(
    id=_uuid(d.get("id"), "id"), person=p, kind=d.get("kind") or "", given_on=_date(d.get("given_on"), "given_on"),
    amount=d.get("amount"), encounter=_encounter(d.get("encounter"))), "supplement")
_immunization_create = _care_create(care.record_immunization, lambda d, p: care.ImmunizationInput(
    id=_uuid(d.get("id"), "id"), person=p, dose=d.get("dose") or "", given_on=_date(d.get("given_on"), "given_on"),
    encounter=_encounter(d.get("encounter")), facility=_facility(d.get("facility")), batch=d.get("batch") or ""),
    "immunization")
_pregnancy_create = _care_create(care.record_pregnancy, lambda d, p: care.PregnancyInput(
    id=_uuid(d.get("id"), "id"), person=p, hpht=_date(d.get("hpht"), "hpht"), gravida=d.get("gravida")),
    "pregnancy")


def _task_close(actor, m: dict, mutation: Mutation) -> Applied:
    task = Task.objects.visible_to(actor).filter(pk=_uuid(m.get("entity_id"), "entity_id")).first()
    if task is None:
        raise Rejected("not_found", _("Tugas tidak ditemukan di wilayah kerja Anda."))
    outcome = ((m.get("changes") or {}).get("outcome") or "").strip()
    theirs = "closed" if task.status == "done" else task.status  # done by a service = closed by hand
    decision = decide("task", "status", "open", "closed", theirs)
    if decision.outcome is Outcome.APPLY:
        followup.close_task(actor, task, outcome, version=task.version)
        return Applied(MutationStatus.APPLIED, "task", task.pk, area_code=task.area_code)
    if decision.outcome is Outcome.SAME:
        return Applied(MutationStatus.DUPLICATE, "task", task.pk, area_code=task.area_code)
    conflict = Conflict.objects.create(area_code=task.area_code, table="task", record_id=task.pk, field="status",
                                       base="open", yours="closed", theirs=task.status, mutation=mutation,
                                       status=ConflictStatus.OPEN, note=outcome[:300])
    feed.record([Change("conflict", conflict.pk, desa_of(task.area_code) or "")])
    return Applied(MutationStatus.CONFLICT, "task", task.pk, conflicts=[conflict.pk], area_code=task.area_code)


APPLY: dict[str, Callable[[Any, dict, Mutation], Applied]] = {
    "household.create": _household_create,
    "household.update": lambda a, m, mu: _update(a, m, mu, "household"),
    "household.void": lambda a, m, mu: _void(a, m, mu, "household"),
    "person.create": _person_create,
    "person.update": lambda a, m, mu: _update(a, m, mu, "person"),
    "person.void": lambda a, m, mu: _void(a, m, mu, "person"),
    "visit.create": _visit_create,
    "supplement.create": _supplement_create,
    "immunization.create": _immunization_create,
    "pregnancy.create": _pregnancy_create,
    "task.close": _task_close,
}


def _check_shape(m: Any) -> tuple[UUID, int, str]:
    if not isinstance(m, dict):
        raise SyncError(400, "bad_request", _("Setiap mutasi harus berupa objek JSON."))
    try:
        mutation_id = UUID(str(m.get("mutation_id")))
    except ValueError:
        raise SyncError(400, "bad_request", _("mutation_id harus UUID.")) from None
    seq = m.get("device_seq")
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:
        raise SyncError(400, "bad_request", _("device_seq harus bilangan bulat mulai 1."))
    kind = m.get("type")
    if not isinstance(kind, str) or not kind:
        raise SyncError(400, "bad_request", _("type wajib diisi."))
    return mutation_id, seq, kind


def _skew(client_now: Any) -> int | None:
    moment = parse_datetime(client_now) if isinstance(client_now, str) else None
    if moment is None or timezone.is_naive(moment):
        return None
    return round((moment - timezone.now()).total_seconds())


def push(actor, device: Device, body: dict) -> dict:
    """Apply a device's batch in ``device_seq`` order (docs/SYNC-PROTOCOL.md §2)."""
    require_actor(actor)
    require(actor, Perm.RECORD_CARE)
    if device is None:
        raise SyncError(403, "device_required", _("Daftarkan perangkat ini dulu."))
    if device.user_id != actor.pk:
        raise PermissionError("not the device's user")
    schema = body.get("schema", SCHEMA)
    if not isinstance(schema, int) or schema < MIN_SCHEMA:
        raise SyncError(426, "upgrade_required", _("Perbarui aplikasi: versi ini sudah tidak didukung."),
                        min_schema=MIN_SCHEMA)
    mutations = body.get("mutations")
    if not isinstance(mutations, list):
        raise SyncError(400, "bad_request", _("mutations harus berupa daftar."))
    if len(mutations) > MAX_MUTATIONS:
        raise SyncError(413, "batch_too_large", _("Terlalu banyak mutasi dalam satu kiriman (maksimal 200)."))
    shapes = [_check_shape(m) for m in mutations]
    skew = _skew(body.get("client_now"))
    results: list[dict] = []
    resend_from = None
    last_seq = device.last_seq
    # Mutations commit in groups (each one in its own savepoint, so a refused one never takes the
    # others with it): one commit and one follow-up refresh of the persons per group instead of per
    # visit. A crash loses at most the group in flight, which the phone resends.
    items = list(zip(mutations, shapes, strict=True))
    for start in range(0, len(items), COMMIT_GROUP):
        with transaction.atomic():
            for m, (mutation_id, seq, kind) in items[start:start + COMMIT_GROUP]:
                outcome, last_seq, gap = _push_one(actor, device, m, mutation_id, seq, kind)
                if gap:
                    resend_from = last_seq + 1
                    break
                results.append(outcome)
        if resend_from:
            break
    Device.objects.filter(pk=device.pk).update(
        last_seen_at=timezone.now(), skew_seconds=skew,
        app_version=_app_version(body.get("app_version")) or device.app_version)
    return {"results": results, "last_seq": last_seq, "resend_from": resend_from,
            "server_now": tables.plain(timezone.now()), "skew_seconds": skew}


def _app_version(value) -> str:
    """What a phone says of its app version, as stored: text without control characters (PostgreSQL
    cannot store NUL), at most 40 characters."""
    return "".join(c for c in str(value or "") if ord(c) >= 32)[:40]


def _push_one(actor, device: Device, m: dict, mutation_id: UUID, seq: int, kind: str) -> tuple[dict, int, bool]:
    with transaction.atomic():
        # One device's pushes are serialised (two tabs, a retry racing the first attempt).
        current = Device.objects.select_for_update().get(pk=device.pk)
        expected = current.last_seq + 1
        if seq < expected:
            stored = Mutation.objects.filter(device=current, device_seq=seq).first()
            if stored is None:  # pragma: no cover - every seq below last_seq is stored
                raise SyncError(400, "bad_request", _("device_seq sudah lewat."))
            if stored.mutation_id != mutation_id or stored.payload.get("_digest") != _digest(m):
                return ({"mutation_id": str(mutation_id), "device_seq": seq, "status": MutationStatus.REJECTED,
                         "code": "mutation_id_clash", "replay": True,
                         "errors": {None: [_("device_seq ini sudah dipakai untuk mutasi lain.")]}},
                        current.last_seq, False)
            return {**_current_row(actor, stored.result), "replay": True}, current.last_seq, False
        if seq > expected:
            return {}, current.last_seq, True
        payload = {**m, "_digest": _digest(m)}
        # A mutation_id already used under another seq is stored (rejected) under a fresh id.
        clash = Mutation.objects.filter(mutation_id=mutation_id).exists()
        mutation = Mutation.objects.create(
            device=current, device_seq=seq, mutation_id=uuid.uuid4() if clash else mutation_id,
            type=kind[:40], status=MutationStatus.APPLIED, payload=payload, user=actor,
            client_time=str(m.get("client_time") or "")[:40], area_code=current.area_code)
        result = _apply(actor, mutation, m, kind, clash)
        result.update({"mutation_id": str(mutation_id), "device_seq": seq, "replay": False})
        mutation.status = result["status"]
        mutation.code = result.get("code") or ""
        mutation.result = result
        mutation.entity_id = result.get("id")
        mutation.area_code = result.pop("_area", "") or current.area_code
        mutation.save(update_fields=["status", "code", "result", "entity_id", "area_code"])
        current.last_seq = seq
        current.save(update_fields=["last_seq"])
        return result, seq, False


def _apply(actor, mutation: Mutation, m: dict, kind: str, clash: bool) -> dict:
    """Apply one mutation inside a savepoint; a refusal rolls it back and is stored as rejected."""
    with feed.batched() as pending:
        try:
            if clash:
                raise Rejected("mutation_id_clash", _("mutation_id ini sudah dipakai untuk mutasi lain."))
            handler = APPLY.get(kind)
            if handler is None:
                raise Rejected("unknown_type", _("Jenis mutasi %(type)s tidak dikenal.") % {"type": kind})
            with transaction.atomic():
                applied = handler(actor, m, mutation)
        except Exception as exc:  # every refusal is stored, never dropped
            pending.clear()
            return _rejection(exc)
    out: dict[str, Any] = {"status": applied.status, "entity": applied.table, "id": str(applied.record_id),
                           "conflicts": [str(c) for c in applied.conflicts],
                           "duplicates": [str(d) for d in applied.duplicates],
                           "errors": {}, "code": None, "_area": applied.area_code}
    table = "visit" if applied.table == "encounter" else applied.table
    if table in tables.COLUMNS:
        scope = desa_of(applied.area_code or "") or ""
        v = ChangeFeed.objects.filter(scope=scope, table=table, record_id=applied.record_id).values_list(
            "version", flat=True).first()
        row = tables.one(actor, table, applied.record_id, v)
        out["entity"] = table
        out["scope"] = scope
        out["version"] = row.get("version") if row else None
        out["row"] = row
    return out


def _current_row(actor, result: dict) -> dict:
    """A stored result with its ``row`` as the record is now (a replay may come long after others
    changed it: the phone must not take back an old state)."""
    table, record_id = result.get("entity"), result.get("id")
    if not result.get("row") or table not in tables.COLUMNS or not record_id:
        return result
    scope = desa_of(result["row"].get("area") or result.get("_area") or "") or ""
    v = ChangeFeed.objects.filter(table=table, record_id=record_id, removed=False).values_list(
        "version", flat=True).first() if not scope else ChangeFeed.objects.filter(
        scope=scope, table=table, record_id=record_id).values_list("version", flat=True).first()
    row = tables.one(actor, table, UUID(record_id), v)
    return {**result, "row": row, "version": row.get("version") if row else None}


def _rejection(exc: Exception) -> dict:
    out: dict[str, Any] = {"status": MutationStatus.REJECTED, "entity": None, "id": None, "scope": None, "version": None,
                           "row": None, "conflicts": [], "duplicates": []}
    if isinstance(exc, Rejected):
        out.update(code=exc.code, errors={exc.extra.get("field"): [exc.message]})
    elif isinstance(exc, Invalid):
        warnings = exc.extra.get("warnings")
        out.update(code="needs_confirmation" if warnings else "invalid", errors=exc.errors)
        if warnings:
            out["warnings"] = [{"field": w.field, "code": w.code, "msg": w.message} for w in warnings]
        if exc.extra.get("duplicates"):
            out["code"] = "invalid"
    elif isinstance(exc, StaleEdit):
        out.update(code="uuid_clash", errors={None: [exc.message]})
    elif isinstance(exc, PermissionError):
        out.update(code="forbidden", errors={None: [_("Di luar wewenang atau wilayah kerja Anda.")]})
    else:
        log.exception("sync mutation failed")
        out.update(code="server_error", errors={None: [_("Kesalahan server; data disimpan untuk diperiksa.")]})
    out["errors"] = {("" if k is None else k): [str(x) for x in v] for k, v in out["errors"].items()}
    return out


# ---------------------------------------------------------------------------------------- pull


def scopes_of(actor) -> list[str]:
    """The desas the actor may pull."""
    require_actor(actor)
    scope = scope_of(actor)
    if scope.prefixes is None:
        return []  # everything: an admin names a desa explicitly
    codes: list[str] = []
    for prefix in scope.prefixes:
        desa = desa_of(prefix)
        if desa is not None:
            codes.append(desa)
        else:
            codes += list(Area.objects.filter(code__startswith=prefix + ".", level=Level.DESA)
                          .values_list("code", flat=True))
    return sorted(set(codes))


def manifest(actor) -> dict:
    require_actor(actor)
    codes = scopes_of(actor) if may(actor, Perm.VIEW) else []
    known = {s.code: s for s in SyncScope.objects.filter(code__in=codes)}
    return {"scopes": [{"scope": c, "version": known[c].version if c in known else 0,
                        "epoch": known[c].epoch if c in known else 1} for c in codes]}


def _snapshot():
    """One snapshot for the page (PostgreSQL: REPEATABLE READ; SQLite's transaction is one)."""
    outermost = not connection.in_atomic_block
    atomic = transaction.atomic()
    atomic.__enter__()
    if connection.vendor == "postgresql" and outermost:
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
    return atomic


def pull(actor, scope: str, after: int = 0, limit: int = PAGE, epoch: int | None = None) -> dict:
    """One page of a desa's feed after ``after`` (docs/SYNC-PROTOCOL.md §3)."""
    require_actor(actor)
    require(actor, Perm.VIEW, area=scope)
    if desa_of(scope) != scope:
        raise SyncError(400, "bad_request", _("scope harus kode desa/kelurahan."))
    limit = max(0, min(int(limit), PAGE))
    after = max(0, int(after))
    _reconcile_tasks(scope)
    atomic = _snapshot()
    try:
        state = SyncScope.objects.filter(code=scope).first() or SyncScope(code=scope)
        if (epoch is not None and epoch != state.epoch) or after > state.version:
            return {"scope": scope, "epoch": state.epoch, "after": after, "upto": 0, "scope_version": state.version,
                    "has_more": False, "reset": True, "checksum": feed.checksum_hex(state.checksum), "records": 0,
                    "tables": [], "removals": [], "warnings": []}
        page = list(ChangeFeed.objects.filter(scope=scope, version__gt=after, version__lte=state.version)
                    .order_by("version").values_list("version", "table", "record_id", "removed", "reason")[:limit])
        records = ChangeFeed.objects.filter(scope=scope, removed=False).count()
    finally:
        atomic.__exit__(None, None, None)
    full = len(page) == limit and limit > 0
    upto = page[-1][0] if full else state.version
    has_more = full and upto < state.version
    by_table: dict[str, list[tuple[int, Any]]] = {}
    removals = []
    for version, table, record_id, removed, reason in page:
        if removed:
            removals.append({"table": table, "id": str(record_id), "v": version, "reason": reason})
        else:
            by_table.setdefault(table, []).append((version, record_id))
    out_tables = []
    served_persons: list[str] = []
    for table, items in by_table.items():
        found = tables.rows(actor, table, [pk for _v, pk in items])
        rows = [tables.as_row(table, {"id": pk, **found[pk]}, v) for v, pk in items if pk in found]
        if table == "person":
            served_persons = [str(pk) for _v, pk in items if pk in found]
        out_tables.append({"table": table, "cols": tables.COLUMNS[table], "rows": rows})
    warnings = []
    if records > working_set_limit():
        warnings.append("working_set_large")
        log.warning("sync scope %s holds %d records (limit %d)", scope, records, working_set_limit())
    if page:
        audit.log("list", actor=actor, area_code=scope, changes={
            "what": "sinkron", "count": len(page), "ids": served_persons[:audit.READ_ID_CAP]})
    return {"scope": scope, "epoch": state.epoch, "after": after, "upto": upto, "scope_version": state.version,
            "has_more": has_more, "reset": False, "checksum": feed.checksum_hex(state.checksum), "records": records,
            "tables": out_tables, "removals": removals, "warnings": warnings}


# ------------------------------------------------------------------------------ review queues


def _supervise(actor, area_code: str) -> None:
    """Resolving is a health worker's decision (the bidan desa, the Puskesmas), in their area."""
    require(actor, Perm.RECORD_CLINICAL, area=area_code)


def conflicts(actor, status: str = ConflictStatus.OPEN):
    require_actor(actor)
    require(actor, Perm.VIEW)
    return Conflict.objects.visible_to(actor).filter(status=status).select_related(
        "mutation", "mutation__user", "mutation__device").order_by("created_at")


def rejected(actor):
    require_actor(actor)
    require(actor, Perm.VIEW)
    return (Mutation.objects.visible_to(actor).filter(status=MutationStatus.REJECTED, reviewed_at__isnull=True)
            .select_related("user", "device").order_by("received_at"))


@transaction.atomic
def resolve_conflict(actor, conflict: Conflict, choice: str, value: Any = None, note: str = "") -> Conflict:
    """Decide a conflict: keep the server's value (``theirs``), take the device's (``yours``) or
    write another (``other`` with ``value``). The decision is an ordinary update (audited, in the
    feed) and the conflict, now resolved, reaches the phones too."""
    require_actor(actor)
    _supervise(actor, conflict.area_code)
    conflict = Conflict.objects.select_for_update().get(pk=conflict.pk)
    if conflict.status != ConflictStatus.OPEN:
        raise Invalid.field(None, _("Konflik ini sudah diputuskan."))
    if choice not in ("theirs", "yours", "other"):
        raise Invalid.field("choice", _("Pilih nilai yang dipakai."))
    chosen = {"theirs": conflict.theirs, "yours": conflict.yours, "other": value}[choice]
    if conflict.table in ("person", "household"):
        model = Person if conflict.table == "person" else Household
        record = model.objects.visible_to(actor).filter(pk=conflict.record_id).first()
        if record is None:
            raise Invalid.field(None, _("Data tidak ditemukan di wilayah kerja Anda."))
        current = audit.snapshot(record, [conflict.field])[conflict.field]
        if _norm(current) != _norm(chosen):
            if conflict.table == "person":
                people.update_person(actor, record, people.PersonChanges(**_person_changes({conflict.field: chosen})),
                                     confirm_warnings=True)
            else:
                people.update_household(actor, record, people.HouseholdChanges(**{conflict.field: chosen}))
    elif conflict.table == "task" and choice == "yours":
        task = Task.objects.visible_to(actor).get(pk=conflict.record_id)
        if task.status == "open":
            followup.close_task(actor, task, conflict.note or _("Ditutup (keputusan konflik)"))
    conflict.status, conflict.resolution = ConflictStatus.RESOLVED, chosen
    conflict.resolved_by, conflict.resolved_at, conflict.note = actor, timezone.now(), (note or conflict.note)[:300]
    conflict.save()
    audit.log("update", actor=actor, area_code=conflict.area_code, changes={
        "what": "konflik sinkron", "record": str(conflict.record_id), "field": conflict.field, "value": chosen})
    feed.record([Change("conflict", conflict.pk, desa_of(conflict.area_code) or "")])
    return conflict


@transaction.atomic
def mark_reviewed(actor, mutation: Mutation) -> Mutation:
    """A rejected mutation the bidan has looked at (and re-entered or dismissed)."""
    require_actor(actor)
    _supervise(actor, mutation.area_code)
    mutation.reviewed_at, mutation.reviewed_by = timezone.now(), actor
    mutation.save(update_fields=["reviewed_at", "reviewed_by"])
    audit.log("update", actor=actor, area_code=mutation.area_code,
              changes={"what": "mutasi ditolak diperiksa", "mutation": str(mutation.mutation_id)})
    return mutation


def duplicates(actor, status: str = "open"):
    require_actor(actor)
    require(actor, Perm.VIEW)
    return Duplicate.objects.visible_to(actor).filter(status=status).select_related(
        "person_a", "person_b", "person_a__household", "person_b__household").order_by("created_at")


@transaction.atomic
def resolve_duplicate(actor, duplicate: Duplicate, decision: str, keep: Person | None = None) -> Duplicate:
    """``distinct``: two different people (nothing changes); ``merge``: keep ``keep`` (one of the
    pair), merge the other into it (siklus.sync.merge)."""
    from siklus.sync import merge

    require_actor(actor)
    _supervise(actor, duplicate.area_code)
    duplicate = Duplicate.objects.select_for_update().get(pk=duplicate.pk)
    if duplicate.status != "open":
        raise Invalid.field(None, _("Pasangan ini sudah diputuskan."))
    if decision == "distinct":
        duplicate.status = "distinct"
    elif decision == "merge":
        if keep is None or keep.pk not in (duplicate.person_a_id, duplicate.person_b_id):
            raise Invalid.field("keep", _("Pilih orang yang dipertahankan."))
        other = duplicate.person_b if keep.pk == duplicate.person_a_id else duplicate.person_a
        merge.merge_persons(actor, keep=keep, merged=other, nik=duplicate.held_nik)
        duplicate.status, duplicate.kept = "merged", keep
    else:
        raise Invalid.field("decision", _("Pilih: gabungkan atau orang berbeda."))
    duplicate.resolved_by, duplicate.resolved_at = actor, timezone.now()
    duplicate.save()
    audit.log("update", actor=actor, area_code=duplicate.area_code, changes={
        "what": "duplikat sinkron", "decision": decision, "a": str(duplicate.person_a_id),
        "b": str(duplicate.person_b_id)})
    feed.record([Change("duplicate", duplicate.pk, desa_of(duplicate.area_code) or "")])
    return duplicate


def _reconcile_tasks(scope: str) -> None:
    """Tasks the rules opened or closed in bulk (a refresh job writes no audit event): an open task
    missing from the desa's feed is added, one no longer open leaves it. Run before each pull, so
    the phone always gets the worklist as it is; a write happens only when something differs."""
    from siklus.sync.hooks import changes_of

    tasks = dict(Task.objects.filter(area_code__within=scope).values_list("pk", "status"))
    held = dict(ChangeFeed.objects.filter(scope=scope, table="task").values_list("record_id", "removed"))
    stale = [pk for pk, status in tasks.items() if (status == "open") != (pk in held and not held[pk])]
    if stale:
        with transaction.atomic():
            feed.append(c for pk in stale for c in changes_of("task", pk))


def rebuild_scope(actor, scope: str) -> int:
    """Build a desa's feed anew from the live records (after a bulk import or a restore): every
    phone of the desa resets (a new epoch) and downloads it again. Returns the rows written."""
    from siklus.care.models import Encounter, Immunization, Observation, Pregnancy, Supplement

    require_actor(actor)
    require(actor, Perm.EDIT_PEOPLE, area=scope)
    if desa_of(scope) != scope:
        raise Invalid.field("scope", _("scope harus kode desa/kelurahan."))
    within = {"area_code__within": scope}
    sources = [
        ("household", Household._base_manager.filter(**within)),
        ("person", Person._base_manager.filter(**within)),
        ("pregnancy", Pregnancy._base_manager.filter(**within)),
        ("task", Task.objects.filter(**within, status="open")),
        ("visit", Encounter._base_manager.filter(**within)),
        ("observation", Observation._base_manager.filter(**within, encounter__isnull=True)),
        ("immunization", Immunization._base_manager.filter(**within)),
        ("supplement", Supplement._base_manager.filter(**within)),
        ("conflict", Conflict.objects.filter(**within)),
        ("duplicate", Duplicate.objects.filter(**within)),
    ]
    with transaction.atomic():
        ChangeFeed.objects.filter(scope=scope).delete()
        SyncScope.objects.update_or_create(code=scope, defaults={"version": 0, "checksum": 0})
        SyncScope.objects.filter(code=scope).update(epoch=models.F("epoch") + 1)
        changes = [Change(table, pk, scope) for table, qs in sources
                   for pk in qs.order_by("created_at", "pk").values_list("pk", flat=True)]
        changes += [Change("merge", pk, scope) for pk in
                    Redirect.objects.filter(**within).values_list("merged_id", flat=True)]
        feed.append(changes)
    audit.log("update", actor=actor, area_code=scope, changes={"what": "feed sinkron dibangun ulang",
                                                                "rows": len(changes)})
    return len(changes)


def stats(scope: str) -> dict:
    """How big a desa's working set is (the benchmark and the device page read it)."""
    state = SyncScope.objects.filter(code=scope).first()
    counts: dict[str, int] = {}
    for table, in ChangeFeed.objects.filter(scope=scope, removed=False).values_list("table"):
        counts[table] = counts.get(table, 0) + 1
    return {"scope": scope, "version": state.version if state else 0, "records": sum(counts.values()),
            "by_table": counts, "limit": working_set_limit()}
