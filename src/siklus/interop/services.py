"""Exchange with other systems: configure a Puskesmas' SATUSEHAT access, export FHIR Bundles,
send to SATUSEHAT through the outbox, resend failed records, import Patients and Immunizations.

Every function takes the actor first and asks :mod:`siklus.accounts.policies`; writes are audited
in their transaction. The client secret never reaches the audit log, a page or a log line.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from siklus.accounts.policies import Perm, may, require
from siklus.audit import log as audit
from siklus.care import services as care
from siklus.care.models import Condition, Encounter, Immunization, Observation, QuestionnaireResponse, Referral
from siklus.core.actors import require_actor, scope_of
from siklus.core.errors import Collector, Invalid
from siklus.core.querysets import within_q
from siklus.facilities.models import Facility, Kind
from siklus.interop import bundle as bundles
from siklus.interop import outbox
from siklus.interop.client import SatusehatClient, Transport
from siklus.interop.models import OutboxItem, OutboxStatus, PractitionerLink, SatusehatConfig
from siklus.people import services as people
from siklus.people.models import Household, Person
from siklus.rules import codes, satusehat

CONFIG_FIELDS = ["organization_id", "client_id", "auth_url", "base_url", "default_practitioner_id", "enabled",
                 "send_from"]
_UNSET: Any = object()


def _check_url(errors: Collector, name: str, value: str) -> None:
    # https only; plain http for a server on this machine (a test double, a local proxy).
    local = value.startswith(("http://127.0.0.1", "http://localhost", "http://[::1]"))
    if not (value.startswith("https://") or local):
        errors.add(name, _("Alamat harus https://."))


@transaction.atomic
def configure(actor, puskesmas: Facility, *, organization_id: Any = _UNSET, client_id: Any = _UNSET,
              secret: Any = _UNSET, auth_url: Any = _UNSET, base_url: Any = _UNSET,
              default_practitioner_id: Any = _UNSET, enabled: Any = _UNSET, send_from: Any = _UNSET) -> SatusehatConfig:
    """Set a Puskesmas' SATUSEHAT access (only the values given change). Sending can be enabled
    only with an Organization id, a client id and a secret."""
    require_actor(actor)
    if not isinstance(puskesmas, Facility) or puskesmas.kind != Kind.PUSKESMAS:
        raise Invalid.field("puskesmas", _("Pilih Puskesmas."))
    require(actor, Perm.INTEROP_MANAGE, puskesmas)
    config = SatusehatConfig.objects.select_for_update().filter(puskesmas=puskesmas).first()
    created = config is None
    if config is None:
        config = SatusehatConfig(puskesmas=puskesmas, area_code=puskesmas.area_code)
    before = audit.snapshot(config, CONFIG_FIELDS) if not created else {}
    errors = Collector()
    given = {"organization_id": organization_id, "client_id": client_id, "auth_url": auth_url, "base_url": base_url,
             "default_practitioner_id": default_practitioner_id, "enabled": enabled, "send_from": send_from}
    for name, value in given.items():
        if value is _UNSET:
            continue
        if isinstance(value, str):
            value = value.strip()
        if name in ("auth_url", "base_url"):
            _check_url(errors, name, value)
        if name == "send_from" and value is not None and not isinstance(value, date):
            errors.add(name, _("Tanggal tidak valid."))
        setattr(config, name, value)
    if secret is not _UNSET:
        config.set_secret((secret or "").strip())
    if config.enabled and not (config.organization_id and config.client_id and config.has_secret):
        errors.add("enabled", _("Isi ID Organisasi, client ID dan client secret sebelum mengaktifkan pengiriman."))
    errors.raise_if_any()
    config.save()
    changes = audit.diff(before, audit.snapshot(config, CONFIG_FIELDS)) if not created else audit.snapshot(config, CONFIG_FIELDS)
    if secret is not _UNSET:
        changes["client_secret"] = ["***", "***"]  # that it changed, never what it is
    audit.log("create" if created else "update", config, actor=actor, changes=changes)
    return config


@transaction.atomic
def link_practitioner(actor, user, practitioner_id: str) -> PractitionerLink:
    """Record a health worker's SATUSEHAT Practitioner id (named on the contacts they give)."""
    require_actor(actor)
    facility = getattr(user, "facility", None)
    require(actor, Perm.INTEROP_MANAGE, facility if facility is not None else None)
    practitioner_id = (practitioner_id or "").strip()
    if not practitioner_id:
        raise Invalid.field("practitioner_id", _("ID Practitioner wajib diisi."))
    link, _created = PractitionerLink.objects.update_or_create(user=user, defaults={"practitioner_id": practitioner_id})
    audit.log("update", link, actor=actor, area_code=getattr(facility, "area_code", "") or "",
              changes={"practitioner_id": practitioner_id})
    return link


# ------------------------------------------------------------------------------------ export

EXPORTED = (Encounter, Observation, Immunization, Condition, QuestionnaireResponse, Referral)


def _orgs(prefixes: Iterable[str] | None = None) -> dict[str, str]:
    """Area-code prefix → SATUSEHAT Organization id, for every configured Puskesmas."""
    found: dict[str, str] = {}
    for config in SatusehatConfig.objects.exclude(organization_id="").select_related("puskesmas"):
        for prefix in config.puskesmas.work_area_prefixes():
            found[prefix] = config.organization_id
    return found


def export_records(actor, area: str, *, since: date | None = None) -> list:
    """The care records of ``area`` the actor may see (changed since ``since``, voided ones then
    too, to correct what the receiver holds; otherwise only active ones)."""
    require_actor(actor)
    require(actor, Perm.INTEROP_MANAGE, area=area)
    found: list = []
    for model in EXPORTED:
        records = model.objects.visible_to(actor).filter(within_q("area_code", area))
        if since is not None:
            moment = timezone.make_aware(datetime.combine(since, datetime.min.time()))
            records = records.filter(updated_at__gte=moment)
        else:
            records = records.filter(voided_at__isnull=True)
        related = ["person", "person__household", "person__mother"]
        if hasattr(model, "encounter"):
            related.append("encounter")
        found.extend(records.select_related(*related))
    return found


def export_bundle(actor, area: str, *, since: date | None = None, with_patients: bool = False) -> dict:
    """A FHIR transaction Bundle of the area's care records (see :mod:`siklus.interop.bundle`);
    the export is audited with the count and the persons it holds."""
    records = export_records(actor, area, since=since)
    practitioners = dict(PractitionerLink.objects.values_list("user_id", "practitioner_id"))
    ctx = bundles.BundleContext(_orgs(), practitioners)
    result = bundles.build(records, ctx, with_patients=with_patients)
    persons = {r.person_id for r in records}
    audit.log("export", actor=actor, area_code=area,
              changes={"what": "fhir-bundle", "count": len(result["entry"]), "persons": len(persons),
                       "since": since.isoformat() if since else None})
    return result


# ------------------------------------------------------------------------------------ send


def configs_for(actor, puskesmas: Facility | None = None):
    require_actor(actor)
    require(actor, Perm.INTEROP_VIEW)
    found = SatusehatConfig.objects.select_related("puskesmas").order_by("puskesmas__name")
    if puskesmas is not None:
        found = found.filter(puskesmas=puskesmas)
    return [c for c in found if may(actor, Perm.INTEROP_VIEW, c.puskesmas)]


def send(actor, *, puskesmas: Facility | None = None, transport: Transport | None = None,
         worker: str | None = None, lease: float | None = None) -> dict[str, outbox.Report]:
    """One pass for every enabled Puskesmas (or one): queue what changed, send what is due."""
    require_actor(actor)
    require(actor, Perm.INTEROP_MANAGE, puskesmas)
    reports: dict[str, outbox.Report] = {}
    for config in configs_for(actor, puskesmas):
        if not config.enabled or not may(actor, Perm.INTEROP_MANAGE, config.puskesmas):
            continue
        outbox.collect(config)
        client = SatusehatClient(config, transport)
        reports[str(config.puskesmas)] = outbox.send_pass(
            config, client, worker=worker, lease=outbox.LEASE_SECONDS if lease is None else lease)
    return reports


@transaction.atomic
def resend_failed(actor, config: SatusehatConfig) -> int:
    """Put a Puskesmas' failed rows back in the queue (after the data or a setting was fixed)."""
    require_actor(actor)
    require(actor, Perm.INTEROP_VIEW, config.puskesmas)
    require(actor, Perm.RECORD_CARE, area=config.puskesmas.area_code)  # the Puskesmas' own staff, not Dinkes
    count = OutboxItem.objects.filter(config=config, status=OutboxStatus.FAILED).update(
        status=OutboxStatus.PENDING, attempts=0, next_attempt_at=None, updated_at=timezone.now())
    audit.log("update", config, actor=actor, changes={"resend_failed": count})
    return count


def outbox_rows(actor, *, status: str = ""):
    """The outbox rows of the actor's area, newest first (the status page)."""
    require_actor(actor)
    require(actor, Perm.INTEROP_VIEW)
    rows = OutboxItem.objects.visible_to(actor).select_related("person", "config__puskesmas")
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-updated_at", "-id")


def outbox_counts(actor) -> dict[str, int]:
    require_actor(actor)
    require(actor, Perm.INTEROP_VIEW)
    found = dict.fromkeys(OutboxStatus.values, 0)
    for status in OutboxStatus.values:
        found[status] = OutboxItem.objects.visible_to(actor).filter(status=status).count()
    return found


# ------------------------------------------------------------------------------------ import

_IMPORT_NAMESPACE = uuid.UUID("6f1d7e36-3d0c-4b0e-9a5e-5a7c2f0e1b11")


@dataclass
class ImportedPatient:
    label: str  # name as in the file
    person: Person | None = None
    status: str = ""  # created, duplicate, exists, error
    messages: list[str] = field(default_factory=list)
    candidates: list[Person] = field(default_factory=list)
    immunizations: int = 0


@dataclass
class ImportReport:
    patients: list[ImportedPatient] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(p.status == status for p in self.patients)

    @property
    def immunizations(self) -> int:
        return sum(p.immunizations for p in self.patients)


def _identifier(resource: dict, system: str) -> str:
    for found in resource.get("identifier") or []:
        if found.get("system") == system and found.get("value"):
            return str(found["value"])
    return ""


def _name(resource: dict) -> str:
    for name in resource.get("name") or []:
        text = name.get("text") or " ".join([*(name.get("given") or []), name.get("family") or ""])
        if text.strip():
            return " ".join(text.split())
    return ""


def _address(resource: dict) -> tuple[str, str, str, str]:
    """(dotted desa code, RT, RW, address line) from the administrativeCode extension."""
    for address in resource.get("address") or []:
        for extension in address.get("extension") or []:
            if extension.get("url") != satusehat.ADMINISTRATIVE_CODE:
                continue
            parts = {e.get("url"): str(e.get("valueCode") or "") for e in extension.get("extension") or []}
            village = parts.get("village", "")
            if len(village) == 10 and village.isdigit():
                desa = f"{village[:2]}.{village[2:4]}.{village[4:6]}.{village[6:]}"
                line = " ".join(address.get("line") or []) or address.get("text") or ""
                return desa, parts.get("rt", ""), parts.get("rw", ""), line
    return "", "", "", ""


def _dose_of(resource: dict) -> str:
    local = satusehat.local_system("dose")
    vaccine_system = str(satusehat.setting(satusehat.VACCINE_SYSTEM.name))
    by_vaccine: dict[str, list[str]] = {}
    for dose, code in satusehat.setting(satusehat.VACCINE_CODES.name).items():
        if code:
            by_vaccine.setdefault(code, []).append(dose)
    number = None
    for applied in resource.get("protocolApplied") or []:
        number = applied.get("doseNumberPositiveInt") or applied.get("doseNumberString")
    for coding in (resource.get("vaccineCode") or {}).get("coding") or []:
        code = str(coding.get("code") or "")
        if coding.get("system") == local and codes.exists(code, codes.DOSE):
            return code
        if coding.get("system") == vaccine_system and code in by_vaccine:
            doses = by_vaccine[code]
            if len(doses) == 1:
                return doses[0]
            numbered = [d for d in doses if number is not None and d.endswith(str(number))]
            if len(numbered) == 1:
                return numbered[0]
    return ""


def _household_for(actor, desa: str, rt: str, rw: str, line: str, name: str, no_kk: str) -> tuple[Household, bool]:
    found = Household.objects.visible_to(actor).active().filter(
        desa_id=desa, address__iexact=line, rt=rt.zfill(3) if rt else "", rw=rw.zfill(3) if rw else "").first()
    if found is not None and line:
        return found, False
    household = people.register_household(actor, people.HouseholdInput(
        desa=desa, head_name=name, address=line or "-", rt=rt, rw=rw, no_kk=no_kk))
    return household, True


def import_bundle(actor, data: dict) -> ImportReport:
    """Register the Patients of a FHIR Bundle (or searchset) through the registry's checks, with
    their Immunizations. A possible duplicate (same NIK, or a similar name born the same day in
    the same desa) is reported with its candidates and not imported: nothing is merged."""
    require_actor(actor)
    require(actor, Perm.EDIT_PEOPLE)
    if not isinstance(data, dict) or data.get("resourceType") != "Bundle":
        raise Invalid.field(None, _("Berkas bukan FHIR Bundle."))
    entries = [e for e in data.get("entry") or [] if isinstance(e, dict) and isinstance(e.get("resource"), dict)]
    keys: dict[str, dict] = {}
    patients = []
    for entry in entries:
        resource = entry["resource"]
        if resource.get("resourceType") == "Patient":
            patients.append(entry)
            for key in (entry.get("fullUrl"), f"Patient/{resource.get('id')}" if resource.get("id") else None):
                if key:
                    keys[key] = entry
    doses: dict[int, list[dict]] = {}
    for entry in entries:
        resource = entry["resource"]
        if resource.get("resourceType") == "Immunization":
            ref = (resource.get("patient") or {}).get("reference")
            if ref in keys:
                doses.setdefault(id(keys[ref]), []).append(resource)
    report = ImportReport()
    # Mothers first, so a newborn identified by the mother's NIK finds her.
    patients.sort(key=lambda e: bool(_identifier(e["resource"], satusehat.NIK_IBU)))
    for entry in patients:
        report.patients.append(_import_patient(actor, entry, doses.get(id(entry), [])))
    return report


def _import_patient(actor, entry: dict, immunizations: list[dict]) -> ImportedPatient:
    resource = entry["resource"]
    name = _name(resource)
    result = ImportedPatient(label=name or entry.get("fullUrl") or "?")
    nik = _identifier(resource, satusehat.NIK)
    mother_nik = _identifier(resource, satusehat.NIK_IBU)
    if nik:
        existing = Person.objects.active().filter(nik=nik).first()
        if existing is not None:
            result.status = "exists"
            if scope_of(actor).contains(existing.area_code):
                result.candidates = [existing]
            result.messages.append(_("NIK sudah terdaftar: tidak diimpor, tidak digabung."))
            return result
    desa, rt, rw, line = _address(resource)
    sex = {"male": "L", "female": "P"}.get(resource.get("gender") or "")
    birth = resource.get("birthDate") or ""
    mother = None
    if mother_nik and not nik:
        mother = Person.objects.visible_to(actor).active().filter(nik=mother_nik).first()
    try:
        with transaction.atomic():
            if mother is not None:
                household, founded = mother.household, False
            elif not desa:
                raise Invalid.field("address", _("Alamat tanpa kode desa (ekstensi administrativeCode)."))
            else:
                household, founded = _household_for(actor, desa, rt, rw, line, name, _identifier(resource, satusehat.KK))
            try:
                born = date.fromisoformat(birth[:10])
            except ValueError:
                born = None
            adult = born is not None and (timezone.localdate() - born).days >= 17 * 365
            relation = "anak" if mother is not None else ("kepala" if founded and adult else "lainnya")
            person = people.register_person(actor, people.PersonInput(
                household=household, name=name, sex=sex, birth_date=born, relation=relation, nik=nik,
                mother=mother, phone=next((t.get("value") for t in resource.get("telecom") or []
                                           if t.get("system") == "phone"), "") or ""))
    except Invalid as error:
        duplicates = error.extra.get("duplicates") or []
        result.status = "duplicate" if duplicates else "error"
        result.candidates = [d.person for d in duplicates]
        result.messages = [f"{k + ': ' if k else ''}{m}" for k, v in error.errors.items() for m in v]
        return result
    except PermissionError:
        result.status = "error"
        result.messages = [_("Di luar wilayah kerja Anda.")]
        return result
    result.person, result.status = person, "created"
    for immunization in immunizations:
        dose = _dose_of(immunization)
        given = str(immunization.get("occurrenceDateTime") or "")[:10]
        if not dose:
            result.messages.append(_("Imunisasi dengan kode vaksin tidak dikenal dilewati."))
            continue
        try:
            given_on = date.fromisoformat(given)
        except ValueError:
            result.messages.append(_("Imunisasi %(dose)s tanpa tanggal dilewati.") % {"dose": dose})
            continue
        key = _identifier_value(immunization) or f"{person.pk}:{dose}:{given}"
        try:
            care.record_immunization(actor, care.ImmunizationInput(
                person=person, dose=dose, given_on=given_on, batch=str(immunization.get("lotNumber") or ""),
                id=uuid.uuid5(_IMPORT_NAMESPACE, key)))
        except (Invalid, PermissionError) as error:
            text = "; ".join(m for v in getattr(error, "errors", {}).values() for m in v) or str(error)
            result.messages.append(f"{dose}: {text}")
            continue
        result.immunizations += 1
    return result


def _identifier_value(resource: dict) -> str:
    found = resource.get("identifier") or []
    first = found if isinstance(found, dict) else (found[0] if found else {})
    return f"{first.get('system')}|{first.get('value')}" if first.get("value") else ""


def persons_in(actor, ids: Iterable) -> list[Person]:
    require_actor(actor)
    return list(Person.objects.visible_to(actor).filter(Q(pk__in=list(ids))))
