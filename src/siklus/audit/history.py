"""A record's edit history: as the concurrency check needs it (who saved a field last, and the
:class:`~siklus.core.errors.Conflict` a stale edit raises: what is saved now, by whom, when), and
as people read it (:func:`in_words`, :func:`data_label`)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as _noop

from siklus.audit.log import plain, snapshot
from siklus.audit.models import AuditEvent
from siklus.core.errors import Conflict

# How many of a record's latest changes are read to find who saved each conflicting field.
RECENT = 50


def conflict(record, fields: list[str], submitted: dict, *, based_on: int | None = None) -> Conflict:
    """The conflict of an edit of ``record`` that was based on an older version: the record as
    it is now in the database, and for each submitted value that differs from it, who saved the
    current value and when. With ``based_on`` (the version the edit started from) only the fields
    saved since that version count: every version step is one update or void in the log."""
    fresh = type(record)._base_manager.get(pk=record.pk)
    current = snapshot(fresh, fields)
    events = list(
        AuditEvent.objects.filter(model=record._meta.model_name, object_id=str(record.pk), action__in=["update", "void"])
        .order_by("-at", "-id")[:RECENT]
    )
    last = events[0] if events else None
    meanwhile = None
    if based_on is not None and 0 < fresh.version - based_on <= len(events):
        meanwhile = {name for e in events[: fresh.version - based_on] for name in (e.changes or {})}
    differing: dict[str, dict] = {}
    for name, value in submitted.items():
        if name not in current or plain(value) == current[name] or (meanwhile is not None and name not in meanwhile):
            continue
        by = next((e for e in events if name in (e.changes or {})), last)
        differing[name] = {"yours": plain(value), "current": current[name],
                           "changed_by": by.username if by else "", "changed_at": by.at if by else None}
    when = timezone.localtime(last.at).strftime("%d-%m-%Y %H:%M") if last else ""
    message = (
        _("Data ini sudah diubah oleh %(user)s pada %(at)s setelah Anda membukanya. Periksa nilai yang tersimpan; "
          "simpan lagi bila Anda tetap memilih nilai Anda.") % {"user": last.username, "at": when}
        if last else
        _("Data ini sudah diubah setelah Anda membukanya. Periksa nilai yang tersimpan; simpan lagi bila Anda tetap "
          "memilih nilai Anda.")
    )
    return Conflict(message, current=current, version=fresh.version, fields=differing,
                    changed_by=last.username if last else "", changed_at=last.at if last else None)


# --- A record's history, and the audit log, in words a bidan reads ---------------------------
#
# The log keeps field keys, choice codes and linked records' keys (``sex: P``, ``household:
# <uuid>``). These turn them into the model field's label, the choice's label and the linked
# record's name, in the user's language; a linked record outside the viewer's area is not named.

# Keys of ``changes`` that are not model fields.
EXTRA_LABELS = {"reason": _noop("alasan")}
# What a list or search showed (``changes["what"]`` of a read event), for the audit page.
READ_LABELS = {
    "persons": _noop("Penduduk"), "households": _noop("Keluarga"),
    "household_members": _noop("Anggota keluarga"), "facility_people": _noop("Tenaga kesehatan dan kader"),
    "person_form": _noop("Formulir penduduk"), "person_create_form": _noop("Formulir penduduk"),
    "household_form": _noop("Formulir keluarga"), "void_form": _noop("Formulir pembatalan"),
}


@dataclass(frozen=True)
class Change:
    label: str
    before: str | None  # None: not an update (a created record's value, a void's reason)
    after: str


@dataclass(frozen=True)
class Line:
    event: AuditEvent
    changes: list[Change]


def _models() -> dict[str, type[models.Model]]:
    return {str(m._meta.model_name): m for m in apps.get_models()}


def model_label(model_name: str) -> str:
    """"Penduduk" for ``person``: the model's verbose name, in the user's language."""
    model = _models().get(model_name)
    return capfirst(str(model._meta.verbose_name)) if model is not None else model_name


def data_label(event: AuditEvent) -> str:
    """The audit page's "Data" column: "Penduduk: Siti Aminah", or for a read of many records
    "Penduduk (12 data)"."""
    if event.model:
        label = model_label(event.model)
        return f"{label}: {event.object_repr}" if event.object_repr else label
    changes = event.changes if isinstance(event.changes, dict) else {}
    what = READ_LABELS.get(changes.get("what", ""))
    parts = [_(what)] if what else []
    if isinstance(changes.get("count"), int):
        parts.append(_("%(n)s data") % {"n": number_format(changes["count"], force_grouping=True)})
    return " · ".join(parts)


def _field(model, name):
    try:
        return model._meta.get_field(name)
    except (FieldDoesNotExist, AttributeError):
        return None


def _linked_names(user, model, events) -> dict[tuple[str, str], str]:
    """(field, key) → the linked record's name, for the linked records the user may see."""
    wanted: dict[str, set[str]] = {}
    for event in events:
        for name, value in (event.changes or {}).items():
            field = _field(model, name)
            if field is not None and field.is_relation and field.many_to_one:
                values = value if isinstance(value, list) else [value]
                wanted.setdefault(name, set()).update(str(v) for v in values if v not in (None, ""))
    names = {}
    for name, keys in wanted.items():
        related = _field(model, name).related_model
        manager = related._default_manager
        records = manager.visible_to(user) if hasattr(manager, "visible_to") else manager.all()
        try:
            for obj in records.filter(pk__in=keys):
                names[(name, str(obj.pk))] = str(getattr(obj, "head_name", None) or getattr(obj, "name", None) or obj)
        except (ValueError, ValidationError):  # a key the log kept in another shape: not named
            continue
    return names


def _words(field, name: str, value, names) -> str:
    if value is None or value == "":
        return "–"
    if field is None:
        return str(value)
    if field.is_relation:
        return names.get((name, str(value)), _("di wilayah lain"))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("ya") if value else _("tidak")
    if isinstance(field, models.DateField) and isinstance(value, str):
        with contextlib.suppress(ValueError):
            when = datetime.fromisoformat(value)
            if isinstance(field, models.DateTimeField):
                return date_format(timezone.localtime(when) if timezone.is_aware(when) else when, "j F Y H:i")
            return date_format(when.date(), "j F Y")
    return str(value)


def in_words(user, model_name: str, events) -> list[Line]:
    """Each event of records of ``model_name`` with its changes as (label, before, after) in
    words: field labels, choice labels, dates in the user's language, linked records by name when
    ``user`` may see them, otherwise "di wilayah lain"."""
    events = list(events)
    model = _models().get(model_name)
    names = _linked_names(user, model, events) if model is not None else {}
    lines = []
    for event in events:
        changes = []
        for name, value in (event.changes or {}).items():
            field = _field(model, name)
            label = capfirst(str(field.verbose_name)) if field is not None and hasattr(field, "verbose_name") \
                else capfirst(_(EXTRA_LABELS[name]) if name in EXTRA_LABELS else name)
            if event.action == "update" and isinstance(value, list) and len(value) == 2:
                changes.append(Change(label, _words(field, name, value[0], names), _words(field, name, value[1], names)))
            else:
                changes.append(Change(label, None, _words(field, name, value, names)))
        lines.append(Line(event, changes))
    return lines
