"""The audit log page and its CSV export, for admins and Dinkes, scoped like everything else."""

import contextlib
import csv
from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from siklus.accounts.policies import Perm, require
from siklus.audit.history import data_label
from siklus.audit.log import log
from siklus.audit.models import Action, AuditEvent

READS = (Action.LIST, Action.SEARCH)

FILTERS = ("aksi", "pengguna", "objek", "dari", "sampai")


def _events(request):
    events = AuditEvent.objects.visible_to(request.user).select_related("user")
    if request.GET.get("aksi") in Action.values:
        events = events.filter(action=request.GET["aksi"])
    if request.GET.get("pengguna"):
        events = events.filter(username=request.GET["pengguna"].strip()[:150])
    if request.GET.get("objek"):
        # A record's own events, and the list/search reads that showed it (ids in ``changes``).
        obj = request.GET["objek"].strip()[:64]
        events = events.filter(Q(object_id=obj) | Q(action__in=READS, changes__ids__icontains=f'"{obj}"'))
    for key, lookup in (("dari", "at__date__gte"), ("sampai", "at__date__lte")):
        with contextlib.suppress(ValueError):  # an unreadable date filters nothing
            events = events.filter(**{lookup: date.fromisoformat(request.GET.get(key, ""))})
    return events


def _require(request, perm):
    try:
        require(request.user, perm)
    except PermissionError:
        raise PermissionDenied from None


@login_required
def audit_log(request):
    _require(request, Perm.READ_AUDIT)
    events = Paginator(_events(request), 100).get_page(request.GET.get("page"))
    for event in events:
        event.data_label = data_label(event)  # "Penduduk: Siti Aminah", not "person …"
    return render(request, "audit/log.html", {
        "events": events,
        "actions": Action.choices,
        "query": request.GET.urlencode(),
    })


class _Echo:
    def write(self, value):
        return value


CSV_COLUMNS = ["at", "username", "action", "model", "object_id", "object_repr", "area_code", "ip_address", "channel", "changes"]


@login_required
def audit_export(request):
    """The filtered log as CSV, streamed; the export itself is an audit event."""
    _require(request, Perm.EXPORT_AUDIT)
    events = _events(request)
    log(Action.EXPORT, actor=request.user, area_code=request.user.scope.common_area() or "",
        changes={"audit_export": {k: request.GET[k][:64] for k in FILTERS if request.GET.get(k)}})
    writer = csv.writer(_Echo())

    def rows():
        yield writer.writerow(CSV_COLUMNS)
        for e in events.values_list(*CSV_COLUMNS).iterator(chunk_size=2000):
            yield writer.writerow([v.isoformat() if hasattr(v, "isoformat") else v for v in e])

    name = f"audit-{timezone.localdate().isoformat()}.csv"
    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
