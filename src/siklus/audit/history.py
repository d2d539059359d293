"""A record's edit history as the concurrency check needs it: who saved a field last, and the
:class:`~siklus.core.errors.Conflict` a stale edit raises (what is saved now, by whom, when)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

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
