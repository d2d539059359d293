"""The outbox and its sender: what to send to SATUSEHAT, in which order, and exactly once.

1. :func:`collect` puts every record version of a Puskesmas' network that SATUSEHAT takes and
   that has no row yet into the outbox (one row per record and version; the unique constraint
   makes a second collector harmless). An older pending version is superseded: only the newest
   is sent.
2. :func:`claim` takes due rows in dependency order (Location, Encounter, the rest) with a lease:
   ``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL, a conditional UPDATE under SQLite's
   immediate write lock otherwise; a row whose sender died is taken again when its lease ends.
3. :func:`send_item` maps the record with the ids SATUSEHAT gave (the person's IHS number, found
   by NIK; the encounter's id) and POSTs it, or PUTs it to its known id when an earlier version was
   sent. A row tried before (its sender may have died after SATUSEHAT stored the resource but
   before siklus stored the id) first asks SATUSEHAT for the record's identifier, so nothing is
   created twice. The remote id and the row's state are written in one transaction.

Failures: a timeout, 5xx, 429 or a patient SATUSEHAT does not know yet are retried with
exponential backoff up to ``MAX_ATTEMPTS``; a 4xx with an OperationOutcome, or a rule of
:func:`siklus.rules.satusehat.problems`, fails the row at once with its text (fix the data: the
new version is sent; or resend from the status page).
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from siklus.core.querysets import scope_q
from siklus.core.scope import Scope
from siklus.interop import fhir
from siklus.interop.client import SatusehatClient, SatusehatError, TokenError
from siklus.interop.crypto import SecretUnreadable
from siklus.interop.fhir.common import puskesmas_of
from siklus.interop.models import OutboxItem, OutboxStatus, PractitionerLink, RemoteResource, SatusehatConfig
from siklus.interop.records import BY_LABEL, KINDS, Kind, kind_of, person_of, priority_of, service_date
from siklus.rules import satusehat

log = logging.getLogger("siklus.interop")

MAX_ATTEMPTS = int(getattr(settings, "SIKLUS_SATUSEHAT_MAX_ATTEMPTS", 8))
BACKOFF_SECONDS = float(getattr(settings, "SIKLUS_SATUSEHAT_BACKOFF_SECONDS", 30))
BACKOFF_MAX_SECONDS = float(getattr(settings, "SIKLUS_SATUSEHAT_BACKOFF_MAX_SECONDS", 6 * 3600))
LEASE_SECONDS = float(getattr(settings, "SIKLUS_SATUSEHAT_LEASE_SECONDS", 300))
COLLECT_OVERLAP = timedelta(minutes=5)  # records saved while the last collect ran are looked at again


class NotReady(Exception):
    """Something the record refers to is not in SATUSEHAT yet (a patient, an encounter): try later."""


class Refused(Exception):
    """SATUSEHAT's rules refuse the resource as it is: fix the data."""


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(BACKOFF_SECONDS * 2 ** max(attempts - 1, 0), BACKOFF_MAX_SECONDS))


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


# ------------------------------------------------------------------------------------ collect


def _network_scope(config: SatusehatConfig) -> Scope:
    return Scope(config.puskesmas.work_area_prefixes())


def _row(config: SatusehatConfig, kind: Kind, record) -> OutboxItem:
    person = person_of(record)
    return OutboxItem(config=config, resource_type=kind.resource_type, model=kind.label, record_id=record.pk,
                      record_version=record.version, area_code=record.area_code,
                      person=person, on=service_date(record), priority=priority_of(record))


def sent_before(config: SatusehatConfig, kind: Kind, record_id) -> RemoteResource | None:
    return RemoteResource.objects.filter(config=config, resource_type=kind.resource_type,
                                         local_id=str(record_id)).first()


def enqueue(config: SatusehatConfig, record) -> None:
    """Put one record's current version in the outbox (a dependency found missing while sending)."""
    kind = kind_of(record)
    OutboxItem.objects.bulk_create([_row(config, kind, record)], ignore_conflicts=True)
    _supersede(config)


def collect(config: SatusehatConfig, *, now: datetime | None = None) -> int:
    """Queue the record versions changed since the last collect; returns how many rows are new."""
    now = now or timezone.now()
    scope = _network_scope(config)
    wanted = set(satusehat.setting(satusehat.RESOURCES.name))
    since = config.collected_until - COLLECT_OVERLAP if config.collected_until else None
    before = OutboxItem.objects.filter(config=config).count()
    for kind in KINDS:
        if kind.resource_type not in wanted:
            continue
        records = kind.model._base_manager.filter(scope_q(scope, "area_code"))
        if kind.resource_type == "Location":
            records = records.filter(Q(pk=config.puskesmas_id) | Q(parent_id=config.puskesmas_id))
        if since is not None:
            records = records.filter(updated_at__gte=since)
        if config.send_from and kind.date_field:
            records = records.filter(**{f"{kind.date_field}__gte": config.send_from})
        if hasattr(kind.model, "person"):
            records = records.select_related("person")
        rows = []
        sent = None
        for record in records.iterator(chunk_size=500):
            if kind.unsendable(record):
                continue
            if record.is_voided:
                # A void is sent only to correct what SATUSEHAT already holds.
                if sent is None:
                    sent = set(RemoteResource.objects.filter(config=config, resource_type=kind.resource_type)
                               .values_list("local_id", flat=True))
                if str(record.pk) not in sent:
                    continue
            rows.append(_row(config, kind, record))
            if len(rows) >= 500:
                OutboxItem.objects.bulk_create(rows, ignore_conflicts=True)
                rows = []
        OutboxItem.objects.bulk_create(rows, ignore_conflicts=True)
    _supersede(config)
    SatusehatConfig.objects.filter(pk=config.pk).update(collected_until=now)
    config.collected_until = now
    return OutboxItem.objects.filter(config=config).count() - before


def _supersede(config: SatusehatConfig) -> None:
    """Of a record's waiting rows only the newest version is sent."""
    waiting = OutboxItem.objects.filter(config=config, status__in=[OutboxStatus.PENDING, OutboxStatus.FAILED])
    newest: dict = {}
    for pk, record_id, version in waiting.values_list("pk", "record_id", "record_version").order_by("record_version"):
        newest.setdefault(record_id, []).append((version, pk))
    old = [pk for rows in newest.values() if len(rows) > 1 for _version, pk in rows[:-1]]
    if old:
        OutboxItem.objects.filter(pk__in=old).update(status=OutboxStatus.SUPERSEDED, claimed_by="",
                                                     claimed_until=None)


# ------------------------------------------------------------------------------------ claim


def _due(now: datetime) -> Q:
    return (Q(status=OutboxStatus.PENDING) & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))) | Q(
        status=OutboxStatus.SENDING, claimed_until__lt=now)


def claim(config: SatusehatConfig, worker: str, *, limit: int = 50, lease: float = LEASE_SECONDS,
          now: datetime | None = None) -> list[OutboxItem]:
    """Take up to ``limit`` due rows for ``worker`` until the lease ends, in dependency order."""
    now = now or timezone.now()
    with transaction.atomic():
        due = OutboxItem.objects.filter(config=config).filter(_due(now)).order_by("priority", "id")
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        candidates = list(due.values_list("pk", flat=True)[:limit])
        taken = []
        for pk in candidates:
            # Conditional: a row another sender took meanwhile is not taken twice.
            if OutboxItem.objects.filter(pk=pk).filter(_due(now)).update(
                    status=OutboxStatus.SENDING, claimed_by=worker, claimed_until=now + timedelta(seconds=lease),
                    attempts=F("attempts") + 1):
                taken.append(pk)
    items = {i.pk: i for i in OutboxItem.objects.filter(pk__in=taken, claimed_by=worker).select_related("config")}
    return [items[pk] for pk in taken if pk in items]


# ------------------------------------------------------------------------------------ send


class RemoteContext(fhir.Context):
    """References by the ids SATUSEHAT gave; looks a person up by NIK the first time."""

    def __init__(self, config: SatusehatConfig, client: SatusehatClient):
        practitioners = dict(PractitionerLink.objects.values_list("user_id", "practitioner_id"))
        super().__init__({prefix: config.organization_id for prefix in config.puskesmas.work_area_prefixes()},
                         practitioners, config.default_practitioner_id)
        self.config = config
        self.client = client

    def _remote(self, resource_type: str, local_id) -> str:
        found = RemoteResource.objects.filter(config=self.config, resource_type=resource_type,
                                              local_id=str(local_id)).values_list("remote_id", flat=True).first()
        return found or ""

    def patient(self, person) -> dict:
        return {"reference": f"Patient/{resolve_patient(self.client, self.config, person)}", "display": person.name}

    def encounter(self, encounter) -> dict | None:
        if encounter is None:
            return None
        remote = self._remote("Encounter", encounter.pk)
        if not remote:
            if not OutboxItem.objects.filter(model=BY_MODEL_LABEL["Encounter"], record_id=encounter.pk).exists():
                enqueue(self.config, encounter)
            raise NotReady("kunjungan (Encounter) belum terkirim")
        return {"reference": f"Encounter/{remote}"}

    def organization(self, puskesmas) -> dict:
        if self.config.organization_id:
            return {"reference": f"Organization/{self.config.organization_id}", "display": str(puskesmas)}
        raise Refused("ID Organisasi SATUSEHAT Puskesmas belum diatur")

    def location(self, facility) -> dict | None:
        if facility is None:
            return None
        remote = self._remote("Location", facility.pk)
        if not remote:
            pkm = puskesmas_of(facility)
            if pkm is None or pkm.pk != self.config.puskesmas_id:
                return None  # a facility of another network: named by the referral's text only
            if not OutboxItem.objects.filter(model=BY_MODEL_LABEL["Location"], record_id=facility.pk).exists():
                enqueue(self.config, facility)
            raise NotReady("lokasi (Location) belum terkirim")
        return {"reference": f"Location/{remote}", "display": str(facility)}


BY_MODEL_LABEL = {k.resource_type: k.label for k in KINDS}


def resolve_patient(client: SatusehatClient, config: SatusehatConfig, person) -> str:
    """The person's IHS number: stored, else found in SATUSEHAT by NIK (a newborn without one by
    the mother's NIK and birth date, registered when SATUSEHAT has none [M])."""
    found = RemoteResource.objects.filter(config=config, resource_type="Patient", local_id=str(person.pk)).first()
    if found is not None:
        return found.remote_id
    if person.nik:
        matches = client.search("Patient", identifier=f"{satusehat.NIK}|{person.nik}")
        if not matches:
            raise NotReady("pasien dengan NIK ini belum terdaftar di SATUSEHAT")
        ihs = str(matches[0].get("id") or "")
    elif person.mother_id and person.mother.nik:
        birth = person.birth_date.isoformat()
        matches = [m for m in client.search("Patient", identifier=f"{satusehat.NIK_IBU}|{person.mother.nik}")
                   if m.get("birthDate") == birth and any(i.get("value") == str(person.pk)
                                                          for i in m.get("identifier") or [])]
        if matches:
            ihs = str(matches[0].get("id") or "")
        else:
            resource = fhir.patient(person, fhir.Context())
            problems = satusehat.errors(resource)
            if problems:
                raise Refused("; ".join(p.message for p in problems))
            ihs = client.create(resource)
    else:
        raise Refused("penduduk tanpa NIK (dan tanpa NIK ibu) tidak dapat dikirim ke SATUSEHAT")
    if not ihs:
        raise SatusehatError("SATUSEHAT tidak memberi nomor IHS pasien", retryable=True)
    RemoteResource.objects.update_or_create(config=config, resource_type="Patient", local_id=str(person.pk),
                                            defaults={"remote_id": ihs})
    return ihs


@dataclass
class Report:
    sent: int = 0
    failed: int = 0
    retry: int = 0
    superseded: int = 0
    requests: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: Report) -> None:
        for name in ("sent", "failed", "retry", "superseded", "requests"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors.extend(other.errors)


def _finish(item: OutboxItem, worker: str, **values) -> bool:
    """Write the row's outcome if this worker still holds it (a stolen lease writes nothing)."""
    values.setdefault("claimed_by", "")
    values.setdefault("claimed_until", None)
    return bool(OutboxItem.objects.filter(pk=item.pk, claimed_by=worker, status=OutboxStatus.SENDING).update(
        updated_at=timezone.now(), **values))


def _retry(item: OutboxItem, worker: str, message: str, status: int | None = None) -> str:
    now = timezone.now()
    if item.attempts >= MAX_ATTEMPTS:
        _finish(item, worker, status=OutboxStatus.FAILED, last_error=message[:2000], http_status=status)
        return "failed"
    _finish(item, worker, status=OutboxStatus.PENDING, next_attempt_at=now + backoff(item.attempts),
            last_error=message[:2000], http_status=status)
    return "retry"


def send_item(client: SatusehatClient, item: OutboxItem, worker: str) -> str:
    """Send one claimed row; returns "sent", "retry", "failed" or "superseded"."""
    config = item.config
    kind = BY_LABEL[item.model]
    record = kind.model._base_manager.filter(pk=item.record_id).first()
    if record is None:
        _finish(item, worker, status=OutboxStatus.FAILED, last_error="catatan tidak ditemukan")
        return "failed"
    if record.version != item.record_version:
        enqueue(config, record)  # the newest version has its own row
        _finish(item, worker, status=OutboxStatus.SUPERSEDED)
        return "superseded"
    if OutboxItem.objects.filter(model=item.model, record_id=item.record_id, record_version__lt=item.record_version,
                                 status=OutboxStatus.SENDING).exists():
        return _retry(item, worker, "versi sebelumnya sedang dikirim")
    remote = sent_before(config, kind, record.pk)
    try:
        resource = kind.mapper(record, RemoteContext(config, client))
        refused = satusehat.errors(resource)
        if refused:
            raise Refused("; ".join(f"{p.path}: {p.message}" for p in refused))
        if remote is None and item.attempts > 1:
            # Tried before: SATUSEHAT may hold it already (the sender died before storing its id).
            identifier = resource["identifier"]
            first = identifier if isinstance(identifier, dict) else identifier[0]
            found = client.search(kind.resource_type, identifier=f"{first['system']}|{first['value']}")
            if found and found[0].get("id"):
                return _store(item, worker, kind, record, str(found[0]["id"]))
        if remote is not None:
            resource["id"] = remote.remote_id
            remote_id = client.update(resource)
        else:
            remote_id = client.create(resource)
        if not remote_id:
            raise SatusehatError("SATUSEHAT tidak memberi id", retryable=True)
    except NotReady as reason:
        return _retry(item, worker, str(reason))
    except Refused as reason:
        _finish(item, worker, status=OutboxStatus.FAILED, last_error=str(reason)[:2000])
        return "failed"
    except TokenError:
        raise
    except SatusehatError as error:
        if error.retryable:
            return _retry(item, worker, str(error), error.status)
        _finish(item, worker, status=OutboxStatus.FAILED, last_error=str(error)[:2000], http_status=error.status)
        return "failed"
    return _store(item, worker, kind, record, remote_id)


def _store(item: OutboxItem, worker: str, kind: Kind, record, remote_id: str) -> str:
    with transaction.atomic():
        RemoteResource.objects.update_or_create(
            config=item.config, resource_type=kind.resource_type, local_id=str(record.pk),
            defaults={"remote_id": remote_id, "sent_version": item.record_version})
        _finish(item, worker, status=OutboxStatus.SENT, remote_id=remote_id, sent_at=timezone.now(),
                last_error="", http_status=None)
    return "sent"


def send_pass(config: SatusehatConfig, client: SatusehatClient, *, worker: str | None = None,
              batch: int = 50, lease: float = LEASE_SECONDS) -> Report:
    """Send what is due for one Puskesmas until nothing due is left."""
    worker = worker or worker_name()
    report = Report()
    start = client.requests
    while True:
        items = claim(config, worker, limit=batch, lease=lease)
        if not items:
            break
        for item in items:
            try:
                outcome = send_item(client, item, worker)
            except (SecretUnreadable, TokenError) as error:
                # No token: nothing of this Puskesmas can be sent now. The rows taken go back
                # untouched (the attempt is not counted against the records) and the pass stops.
                message = ("client secret tidak dapat dibaca: atur ulang kredensial"
                           if isinstance(error, SecretUnreadable) else str(error))
                OutboxItem.objects.filter(pk__in=[i.pk for i in items], claimed_by=worker,
                                          status=OutboxStatus.SENDING).update(
                    status=OutboxStatus.PENDING, claimed_by="", claimed_until=None, attempts=F("attempts") - 1,
                    last_error=message[:2000])
                report.errors.append(message)
                report.requests = client.requests - start
                return report
            setattr(report, outcome, getattr(report, outcome) + 1)
    report.requests = client.requests - start
    return report
