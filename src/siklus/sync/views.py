"""The bidan's review queues of the offline sync and the Puskesmas's device page. Thin: every
decision is in :mod:`siklus.sync.services`; the pages showing residents audit the read."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from siklus.accounts.policies import Perm, may
from siklus.audit import log as audit
from siklus.core.errors import Invalid
from siklus.people.models import Person
from siklus.sync import services
from siklus.sync.models import Mutation

QUEUE_LIMIT = 200


def _permitted(view):
    """A refusal of the services is a 403 page, not an error."""
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionError:
            raise PermissionDenied from None
    return wrapper



@login_required
@_permitted
def conflicts(request):
    items = list(services.conflicts(request.user)[:QUEUE_LIMIT])
    rejected = list(services.rejected(request.user)[:QUEUE_LIMIT])
    person_ids = {c.record_id for c in items if c.table == "person"}
    persons = {p.pk: p for p in Person.objects.visible_to(request.user).filter(pk__in=person_ids)}
    audit.log_read(request.user, [*persons.values()], what="konflik sinkron")
    for c in items:
        c.person = persons.get(c.record_id)
    return render(request, "sync/conflicts.html", {
        "conflicts": items, "rejected": rejected, "can_resolve": may(request.user, Perm.RECORD_CLINICAL)})


def _decide(request, decide, done: str | None = None) -> None:
    """Carry out a queue decision and say at the top of the queue page how it went."""
    try:
        decide()
    except Invalid as exc:
        for message_list in exc.errors.values():
            for message in message_list:
                messages.error(request, message)
    except PermissionError:
        messages.error(request, _("Hanya bidan/perawat atau tenaga kesehatan yang dapat memutuskan."))
    else:
        if done:
            messages.success(request, done)


@login_required
@_permitted
def conflict_resolve(request, pk):
    conflict = services.conflicts(request.user).filter(pk=pk).first()
    if conflict is None:
        raise Http404
    if request.method != "POST":
        return redirect("sync_conflicts")
    _decide(request, lambda: services.resolve_conflict(
        request.user, conflict, request.POST.get("choice", ""), request.POST.get("value") or None,
        request.POST.get("note", "")), _("Keputusan tersimpan dan akan sampai ke HP kader."))
    return redirect("sync_conflicts")


@login_required
@_permitted
def rejected_reviewed(request, pk):
    mutation = Mutation.objects.visible_to(request.user).filter(pk=pk if str(pk).isdigit() else 0).first()
    if mutation is None:
        raise Http404
    if request.method != "POST":
        return redirect("sync_conflicts")
    _decide(request, lambda: services.mark_reviewed(request.user, mutation))
    return redirect("sync_conflicts")


@login_required
@_permitted
def duplicates(request):
    items = list(services.duplicates(request.user)[:QUEUE_LIMIT])
    audit.log_read(request.user, [p for d in items for p in (d.person_a, d.person_b)], what="duplikat sinkron")
    return render(request, "sync/duplicates.html", {
        "duplicates": items, "can_resolve": may(request.user, Perm.RECORD_CLINICAL)})


@login_required
@_permitted
def duplicate_resolve(request, pk):
    duplicate = services.duplicates(request.user).filter(pk=pk).first()
    if duplicate is None:
        raise Http404
    if request.method != "POST":
        return redirect("sync_duplicates")
    keep = {str(duplicate.person_a_id): duplicate.person_a, str(duplicate.person_b_id): duplicate.person_b}.get(
        request.POST.get("keep", ""))
    _decide(request, lambda: services.resolve_duplicate(request.user, duplicate, request.POST.get("decision", ""), keep),
            _("Keputusan tersimpan."))
    return redirect("sync_duplicates")


@login_required
@_permitted
def devices(request):
    return render(request, "sync/devices.html", {"devices": services.devices_of(request.user)})


@login_required
@_permitted
def device_revoke(request, pk):
    try:
        device = services.get_device(request.user, pk)
    except (LookupError, ValueError):
        raise Http404 from None
    if request.method != "POST":
        return redirect("sync_devices")
    services.revoke_device(request.user, device)
    messages.success(request, _("Perangkat %(name)s dicabut: tidak dapat sinkron lagi.") % {"name": device.name})
    return redirect("sync_devices")


