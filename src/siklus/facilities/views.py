"""The facility pages: Puskesmas, Pustu and Posyandu with their ILP status, staff and kader.

Thin: reads go through ``visible_to``/``get_visible``, what to show is asked of the policies,
writes go through :mod:`siklus.facilities.services`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from siklus.accounts.policies import Perm, may
from siklus.areas.models import Area, Level
from siklus.audit.log import log_read
from siklus.core.errors import Conflict
from siklus.core.querysets import within_q
from siklus.core.views import get_visible, post_action
from siklus.facilities.forms import IlpStatusForm, KaderForm, StaffForm
from siklus.facilities.models import Facility, Kind
from siklus.facilities.services import add_kader, add_staff, rollout, set_ilp_status

ILP_FILTERS = {"ya": True, "belum": False}


@login_required
def facility_list(request):
    """Searchable (name or desa), filtered by kind and ILP status, paginated; a plain GET form."""
    user = request.user
    facilities = Facility.objects.visible_to(user).active().select_related("parent").order_by("kind", "name", "id")
    q = request.GET.get("q", "").strip()[:100]
    kind = request.GET.get("jenis")
    ilp = request.GET.get("ilp")
    if q:
        # Same-named Posyandu are told apart by their desa, so the desa's name finds them too.
        desa_codes = Area.objects.filter(level=Level.DESA, name__icontains=q).values("code")
        facilities = facilities.filter(Q(name__icontains=q) | Q(area_code__in=desa_codes))
    if kind in Kind.values:
        facilities = facilities.filter(kind=kind)
    if ilp in ILP_FILTERS:
        facilities = facilities.filter(ilp_active=ILP_FILTERS[ilp])
    page = Paginator(facilities, 50).get_page(request.GET.get("page"))
    desa = {a.code: a for a in Area.objects.filter(code__in={f.area_code for f in page.object_list})}
    for facility in page.object_list:
        facility.desa = desa.get(facility.area_code)
    return render(request, "facilities/list.html", {
        "facilities": page, "q": q, "kinds": Kind.choices, "kind": kind, "ilp": ilp,
        "rollout": rollout(user),
    })


def area_section(request, area):
    """On an area's page: the facilities of a desa (and of what lies in it), or the Puskesmas of a
    larger area. Registered with :mod:`siklus.areas.sections`."""
    facilities = Facility.objects.visible_to(request.user).active()
    if area.desa_code:
        facilities = facilities.filter(area_code=area.desa_code)
    else:
        facilities = facilities.filter(within_q("area_code", area.code), kind=Kind.PUSKESMAS)
    return {"facilities": facilities}


def _people_form(facility, data=None):
    """A Posyandu has kader; a Puskesmas or Pustu has health workers."""
    return KaderForm(data) if facility.kind == Kind.POSYANDU else StaffForm(data)


@login_required
def facility_detail(request, pk):
    user = request.user
    facility = get_visible(Facility, user, pk=pk)
    context = {
        "facility": facility,
        "desa": Area.objects.filter(code=facility.area_code).first(),
        "staff": list(facility.staff.active().filter(active=True)),
        "kader": list(facility.kader.active().filter(active=True)),
        "served": facility.served_areas.all()[:200],
        "network": Facility.objects.visible_to(user).active().filter(parent=facility),
        "ilp_form": IlpStatusForm(initial={"ilp_active": facility.ilp_active, "ilp_since": facility.ilp_since,
                                           "version": facility.version})
        if may(user, Perm.SET_ILP, facility) else None,
        "people_form": _people_form(facility) if may(user, Perm.MANAGE_FACILITY_PEOPLE, facility) else None,
    }
    # Health workers' and kader's names are personal data too.
    log_read(user, [*context["staff"], *context["kader"]], what="facility_people")
    return render(request, "facilities/detail.html", context)


@login_required
def facility_ilp(request, pk):
    facility = get_visible(Facility, request.user, pk=pk)
    form = IlpStatusForm(request.POST)
    try:
        post_action(
            request, form,
            lambda data: set_ilp_status(request.user, facility, active=data["ilp_active"], since=data["ilp_since"],
                                        version=data["version"]),
            lambda _facility: _("Status ILP tersimpan: tidak menjalankan ILP, tanggal mulai dikosongkan.")
            if form.date_cleared else _("Status ILP tersimpan."),
        )
    except Conflict as exc:
        # The page shows the status saved meanwhile (and its version): the user decides again.
        messages.error(request, exc.message)
    return redirect("facility", pk=facility.pk)


@login_required
def facility_add_person(request, pk):
    """Add a health worker (Puskesmas, Pustu) or a kader (Posyandu)."""
    facility = get_visible(Facility, request.user, pk=pk)
    add = add_kader if facility.kind == Kind.POSYANDU else add_staff
    post_action(request, _people_form(facility, request.POST), lambda data: add(request.user, facility, **data),
                lambda added: _("Ditambahkan: %(name)s") % {"name": added.name})
    return redirect("facility", pk=facility.pk)
