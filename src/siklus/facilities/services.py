"""Facilities: creating them with their ILP status, and the roll-out summary of an area."""

from __future__ import annotations

import re
from datetime import date

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from siklus.accounts.policies import Perm, require
from siklus.areas.models import Area, Level
from siklus.areas.services import known_kecamatan
from siklus.audit import history
from siklus.audit import log as audit
from siklus.core.actors import require_actor, user_of
from siklus.core.errors import Collector
from siklus.facilities.models import (
    COMPETENCY_GROUPS,
    Facility,
    Kader,
    KaderLevel,
    Kind,
    Profession,
    Staff,
)
from siklus.rules import nik as nik_rules
from siklus.rules.areacodes import below


@transaction.atomic
def create_facility(actor, *, kind: str, name: str, desa: Area, parent: Facility | None = None, code: str = "",
                    ilp_active: bool = False, ilp_since: date | None = None, served: tuple[Area, ...] | list[Area] = (),
                    address: str = "") -> Facility:
    require_actor(actor)
    require(actor, Perm.CREATE_FACILITY, Facility(kind=kind, parent=parent, area_code=desa.code))
    errors = Collector()
    if kind not in Kind.values:
        errors.add("kind", _("Jenis fasilitas harus Puskesmas, Pustu atau Posyandu."))
    if not name.strip():
        errors.add("name", _("Nama fasilitas wajib diisi."))
    if desa.level != Level.DESA:
        errors.add("desa", _("Fasilitas harus berada di sebuah desa/kelurahan."))
    if kind != Kind.PUSKESMAS and (parent is None or parent.kind != Kind.PUSKESMAS):
        errors.add("parent", _("Pustu dan Posyandu harus punya Puskesmas induk."))
    if ilp_since and not ilp_active:
        errors.add("ilp_since", _("Tanggal mulai ILP hanya diisi bila fasilitas menjalankan ILP."))
    if kind == Kind.POSYANDU and any(not below(a.code, desa.code) for a in served):
        errors.add("served", _("Posyandu melayani dusun/RW di desanya sendiri."))
    if kind == Kind.PUSKESMAS and any(a.level != Level.DESA for a in served):
        errors.add("served", _("Wilayah kerja Puskesmas terdiri dari desa/kelurahan."))
    errors.raise_if_any()
    facility = Facility.objects.create(kind=kind, name=name.strip(), area_code=desa.code, parent=parent, code=code,
                                       ilp_active=ilp_active, ilp_since=ilp_since, address=address,
                                       created_by=user_of(actor))
    if served:
        facility.served_areas.set(served)
    audit.log("create", facility, actor=actor)
    return facility


def _check_person_fields(errors: Collector, name: str, nik: str, phone: str) -> None:
    if len(name.strip()) < 2:
        errors.add("name", _("Nama wajib diisi."))
    if nik:
        for finding in nik_rules.check(nik, known_region=known_kecamatan).errors:
            errors.add("nik", _(finding.template) % finding.params)
    phone = re.sub(r"[\s\-]", "", phone)
    foreign = nik_rules.foreign_digits(phone)
    if foreign is not None:
        errors.add("phone", _(foreign.template) % foreign.params)
    elif phone and not nik_rules.is_phone(phone):
        errors.add("phone", _("Nomor telepon tidak valid (contoh: 081234567890)."))


@transaction.atomic
def add_staff(actor, facility: Facility, *, name: str, profession: str, nik: str = "", phone: str = "",
              klaster: int | None = None) -> Staff:
    """Add a health worker (nakes) to a Puskesmas or Pustu."""
    require(actor, Perm.MANAGE_FACILITY_PEOPLE, facility)
    errors = Collector()
    if facility.kind == Kind.POSYANDU:
        errors.add(None, _("Posyandu tidak punya tenaga kesehatan tetap; tambahkan kader."))
    if profession not in Profession.values:
        errors.add("profession", _("Pilih profesi."))
    if klaster is not None and klaster not in (1, 2, 3, 4, 5):
        errors.add("klaster", _("Klaster harus 1–4 atau lintas klaster."))
    _check_person_fields(errors, name, nik, phone)
    errors.raise_if_any()
    staff = Staff.objects.create(facility=facility, name=name.strip(), profession=profession, nik=nik_compact(nik),
                                 phone=phone, klaster=klaster, area_code=facility.area_code, created_by=user_of(actor))
    audit.log("create", staff, actor=actor)
    return staff


@transaction.atomic
def add_kader(actor, posyandu: Facility, *, name: str, level: str, competency_groups: list[int],
              nik: str = "", phone: str = "") -> Kader:
    """Add a kader to a Posyandu, with their level and the competency groups they are trained in."""
    require(actor, Perm.MANAGE_FACILITY_PEOPLE, posyandu)
    errors = Collector()
    if posyandu.kind != Kind.POSYANDU:
        errors.add(None, _("Kader terdaftar di Posyandu."))
    if level not in KaderLevel.values:
        errors.add("level", _("Pilih tingkat kader (Purwa, Madya, Utama)."))
    if any(g not in COMPETENCY_GROUPS for g in competency_groups):
        errors.add("competency_groups", _("Kelompok kompetensi harus 1–5."))
    _check_person_fields(errors, name, nik, phone)
    errors.raise_if_any()
    kader = Kader.objects.create(posyandu=posyandu, name=name.strip(), level=level, nik=nik_compact(nik), phone=phone,
                                 competency_groups=sorted(set(competency_groups)), area_code=posyandu.area_code,
                                 created_by=user_of(actor))
    audit.log("create", kader, actor=actor)
    return kader


def nik_compact(value: str) -> str:
    return nik_rules.compact(value) if value else ""


def rollout(actor) -> list[dict]:
    """ILP roll-out by kind in the actor's scope: one grouped query (ILP.md §9)."""
    require_actor(actor)
    rows = (
        Facility.objects.visible_to(actor).active().filter(active=True)
        .values("kind").annotate(total=Count("id"), ilp=Count("id", filter=Q(ilp_active=True)))
    )
    by_kind = {r["kind"]: r for r in rows}
    result = []
    for kind in Kind:
        row = by_kind.get(kind.value, {"total": 0, "ilp": 0})
        share = (100.0 * row["ilp"] / row["total"]) if row["total"] else None
        result.append({"kind": kind, "total": row["total"], "ilp": row["ilp"], "share": share})
    return result


def rollout_by_puskesmas(actor):
    """Each Puskesmas in scope with its Pustu and Posyandu, total and running ILP: one query."""
    require_actor(actor)
    live = Q(network__voided_at__isnull=True, network__active=True)
    pustu, posyandu, ilp = Q(network__kind=Kind.PUSTU), Q(network__kind=Kind.POSYANDU), Q(network__ilp_active=True)
    return (
        Facility.objects.visible_to(actor).active().filter(kind=Kind.PUSKESMAS)
        .annotate(
            pustu_total=Count("network", filter=live & pustu),
            pustu_ilp=Count("network", filter=live & pustu & ilp),
            posyandu_total=Count("network", filter=live & posyandu),
            posyandu_ilp=Count("network", filter=live & posyandu & ilp),
        )
        .order_by("name")
    )


ILP_FIELDS = ["ilp_active", "ilp_since"]


@transaction.atomic
def set_ilp_status(actor, facility: Facility, *, active: bool, since: date | None,
                   version: int | None = None) -> Facility:
    """Record that a facility runs ILP since a date (or stopped): the Puskesmas for its own
    network, Dinkes for its area, admins anywhere. ``version`` is the one the edit was based on
    (None: the current one); a stale one raises ``Conflict`` and nothing is written."""
    require(actor, Perm.SET_ILP, facility)
    if facility.is_voided:
        raise PermissionError("a voided facility cannot be changed")
    submitted = {"ilp_active": active, "ilp_since": since}
    if version is not None and facility.version != version:
        raise history.conflict(facility, ILP_FIELDS, submitted, based_on=version)
    errors = Collector()
    if active and since is None:
        errors.add("ilp_since", _("Isi tanggal mulai menjalankan ILP."))
    if since is not None and since > timezone.localdate():
        errors.add("ilp_since", _("Tanggal mulai ILP tidak boleh di masa depan."))
    if not active and since is not None:
        errors.add("ilp_since", _("Tanggal mulai ILP hanya diisi bila fasilitas menjalankan ILP."))
    errors.raise_if_any()
    before = audit.snapshot(facility, ILP_FIELDS)
    values = {f: v for f, v in submitted.items() if audit.plain(v) != before[f]}
    if not values:
        return facility
    # Both fields form one status, so any save meanwhile is a conflict, with or without a version.
    if not facility.write_changes(values, version=facility.version):
        raise history.conflict(facility, ILP_FIELDS, submitted)
    audit.log("update", facility, actor=actor, changes=audit.diff(before, audit.snapshot(facility, ILP_FIELDS)))
    return facility
