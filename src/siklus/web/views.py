"""Web pages. Thin: read through ``visible_to``/``get_visible``, write through services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from siklus.accounts.models import Role
from siklus.accounts.policies import Perm, may
from siklus.audit.models import AuditEvent
from siklus.core.querysets import within_q
from siklus.areas.models import Area, Level
from siklus.areas.services import add_sub_area
from siklus.core.errors import Invalid
from siklus.core.views import apply_errors, get_visible
from siklus.facilities.models import Facility, Kind
from siklus.facilities.services import (
    add_kader,
    add_staff,
    can_manage_people_of,
    can_set_ilp,
    rollout,
    rollout_by_puskesmas,
    set_ilp_status,
)
from siklus.people import services as people
from siklus.people.models import Household, Person, Sex
from siklus.rules import lifecycle
from siklus.web.forms import HouseholdForm, IlpStatusForm, KaderForm, PersonForm, StaffForm, SubAreaForm, VoidForm


def _home_area(user):
    """The area a user starts from: the narrowest area holding their whole scope."""
    code = user.scope.common_area()
    return Area.objects.filter(code=code).first() if code else None


@login_required
def home(request):
    user = request.user
    households = Household.objects.visible_to(user).active()
    persons = Person.objects.visible_to(user).active()
    context = {
        "home_area": _home_area(user),
        "facility": user.facility,
        "rollout": rollout(user),
        "household_count": households.count(),
        "person_count": persons.count(),
        "without_nik": persons.filter(Q(nik__isnull=True) | Q(nik="")).count(),
        "recent": persons.order_by("-created_at")[:8],
        "can_edit": may(user, Perm.EDIT_PEOPLE),
        "can_audit": may(user, Perm.READ_AUDIT),
        "desa_list": _scope_desa(user)[:50],
        "puskesmas_rows": rollout_by_puskesmas(user)[:100] if user.role not in (Role.KADER, Role.PUSTU) else None,
        "my_households": (households.filter(posyandu=user.facility).order_by("head_name")[:30]
                          if user.facility and user.facility.kind == Kind.POSYANDU else None),
    }
    return render(request, "web/home.html", context)


def _scope_desa(user):
    return Area.objects.visible_to(user).filter(level=Level.DESA)


@login_required
def area_index(request):
    home_area = _home_area(request.user)
    if home_area is not None:
        return redirect("area", code=home_area.code)
    areas = Area.objects.visible_to(request.user).filter(level=Level.PROVINSI)
    return render(request, "web/area_index.html", {"areas": areas})


@login_required
def area_detail(request, code):
    user = request.user
    area = get_visible(Area, user, code=code)
    children = (
        Area.objects.visible_to(user).filter(parent=area)
        .annotate(n_children=Count("children"))
    )
    breadcrumbs = list(Area.objects.filter(code__in=area.ancestor_codes).order_by("code"))
    context = {"area": area, "children": children, "breadcrumbs": breadcrumbs}
    in_scope = may(user, Perm.VIEW, area)
    if area.level in (Level.DESA, Level.DUSUN, Level.RW, Level.RT) and in_scope:
        desa_code = area.desa_code
        households = Household.objects.visible_to(user).active().filter(within_q("area_code", area.code))
        context.update(
            households=Paginator(households.annotate(n=Count("members", filter=Q(members__voided_at__isnull=True))).order_by("head_name", "id"), 50).get_page(request.GET.get("page")),
            facilities=Facility.objects.visible_to(user).active().filter(area_code=desa_code),
            can_register=may(user, Perm.EDIT_PEOPLE, area),
            sub_area_form=SubAreaForm() if may(user, Perm.EDIT_AREAS, area) else None,
        )
    elif in_scope:
        context["facilities"] = Facility.objects.visible_to(user).active().filter(
            within_q("area_code", area.code)
        ).filter(kind=Kind.PUSKESMAS)
    return render(request, "web/area_detail.html", context)


def _small_action(request, form, act, success):
    """A POST-only action on a detail page: run the service, say how it went, go back.

    ``success`` turns the service's result into the message shown."""
    if request.method != "POST":
        raise PermissionDenied
    try:
        if not form.is_valid():
            raise Invalid(form.errors)
        messages.success(request, success(act(form.cleaned_data)))
    except PermissionError:
        raise PermissionDenied from None
    except Invalid as exc:
        for field_messages in exc.errors.values():
            for message in field_messages:
                messages.error(request, message)


@login_required
def area_add_sub(request, code):
    area = get_visible(Area, request.user, code=code)
    _small_action(
        request, SubAreaForm(request.POST),
        lambda data: add_sub_area(request.user, area, data["level"], data["number"], data["name"]),
        lambda created: _("Ditambahkan: %(name)s") % {"name": created.full_name},
    )
    return redirect("area", code=code)


@login_required
def facility_list(request):
    facilities = Facility.objects.visible_to(request.user).active().select_related("parent")
    kind = request.GET.get("jenis")
    if kind in Kind.values:
        facilities = facilities.filter(kind=kind)
    return render(request, "web/facility_list.html", {
        "facilities": Paginator(facilities, 100).get_page(request.GET.get("page")),
        "kinds": Kind.choices, "kind": kind, "rollout": rollout(request.user),
    })


@login_required
def facility_detail(request, pk):
    facility = get_visible(Facility, request.user, pk=pk)
    context = {
        "facility": facility,
        "desa": Area.objects.filter(code=facility.area_code).first(),
        "staff": facility.staff.active().filter(active=True),
        "kader": facility.kader.active().filter(active=True),
        "served": facility.served_areas.all()[:200],
        "network": Facility.objects.visible_to(request.user).active().filter(parent=facility),
        "ilp_form": IlpStatusForm(initial={"ilp_active": facility.ilp_active, "ilp_since": facility.ilp_since})
        if can_set_ilp(request.user, facility) else None,
        "people_form": (KaderForm() if facility.kind == Kind.POSYANDU else StaffForm())
        if can_manage_people_of(request.user, facility) else None,
    }
    return render(request, "web/facility_detail.html", context)


@login_required
def facility_ilp(request, pk):
    facility = get_visible(Facility, request.user, pk=pk)
    _small_action(
        request, IlpStatusForm(request.POST),
        lambda data: set_ilp_status(request.user, facility, active=data["ilp_active"], since=data["ilp_since"]),
        lambda _facility: _("Status ILP tersimpan."),
    )
    return redirect("facility", pk=facility.pk)


@login_required
def facility_add_person(request, pk):
    """Add a health worker (Puskesmas, Pustu) or a kader (Posyandu)."""
    facility = get_visible(Facility, request.user, pk=pk)
    if facility.kind == Kind.POSYANDU:
        form, add = KaderForm(request.POST), add_kader
    else:
        form, add = StaffForm(request.POST), add_staff
    _small_action(request, form, lambda data: add(request.user, facility, **data),
                  lambda added: _("Ditambahkan: %(name)s") % {"name": added.name})
    return redirect("facility", pk=facility.pk)


def _household_form(user, desa, data=None, initial=None):
    return HouseholdForm(
        data, initial=initial,
        sub_areas=Area.objects.filter(within_q("code", desa.code)).exclude(code=desa.code).order_by("code"),
        posyandu=Facility.objects.visible_to(user).active().filter(kind=Kind.POSYANDU, area_code=desa.code),
    )


@login_required
def household_create(request, code):
    user = request.user
    desa = get_visible(Area, user, code=code, level=Level.DESA)
    if not may(user, Perm.EDIT_PEOPLE, desa):
        raise PermissionDenied
    form = _household_form(user, desa, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            household = people.register_household(user, {**form.cleaned_data, "desa": desa})
            messages.success(request, _("Keluarga tersimpan. Tambahkan anggotanya."))
            return redirect("household", pk=household.pk)
        except Invalid as exc:
            apply_errors(form, exc)
    return render(request, "web/household_form.html", {"form": form, "desa": desa})


@login_required
def household_detail(request, pk):
    household = get_visible(Household, request.user, pk=pk)
    members = household.members.active().order_by("birth_date")
    today = timezone.localdate()
    rows = [(m, lifecycle.age_on(m.birth_date, today), lifecycle.main_stage(m.birth_date, today, m.sex)) for m in members]
    return render(request, "web/household_detail.html", {
        "household": household, "members": rows, "can_edit": may(request.user, Perm.EDIT_PEOPLE, household) and not household.is_voided,
        "desa": household.desa,
    })


@login_required
def household_edit(request, pk):
    user = request.user
    household = get_visible(Household, user, pk=pk)
    if not may(user, Perm.EDIT_PEOPLE, household) or household.is_voided:
        raise PermissionDenied
    initial = {f: getattr(household, f) for f in ("no_kk", "head_name", "address", "rt", "rw")}
    initial.update(sub_area=household.sub_area_id or "", posyandu=household.posyandu_id or "")
    form = _household_form(user, household.desa, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            people.update_household(user, household, form.cleaned_data)
            messages.success(request, _("Perubahan tersimpan."))
            return redirect("household", pk=household.pk)
        except Invalid as exc:
            apply_errors(form, exc)
    return render(request, "web/household_form.html", {"form": form, "desa": household.desa, "household": household})


def _mothers(user, household):
    return Person.objects.visible_to(user).active().filter(within_q("area_code", household.desa_id), sex=Sex.P).order_by("name")[:300]


@login_required
def person_create(request, pk):
    user = request.user
    household = get_visible(Household, user, pk=pk)
    if not may(user, Perm.EDIT_PEOPLE, household) or household.is_voided:
        raise PermissionDenied
    form = PersonForm(request.POST or None, mothers=_mothers(user, household))
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "household": household}
        try:
            person = people.register_person(user, data, confirm_duplicate=form.cleaned_data["confirm_duplicate"])
            messages.success(request, _("%(name)s terdaftar.") % {"name": person.name})
            for warning in _nik_warnings(person):
                messages.warning(request, warning)
            return redirect("person", pk=person.pk)
        except Invalid as exc:
            apply_errors(form, exc)
            duplicates = exc.extra.get("duplicates", [])
            if duplicates:
                form.data = form.data.copy()
                form.data["confirm_duplicate"] = "on"
    return render(request, "web/person_form.html", {"form": form, "household": household, "duplicates": duplicates})


def _nik_warnings(person):
    if not person.nik:
        return [_("Belum ada NIK: lengkapi setelah terbit (bayi dapat dicari lewat NIK ibu).")]
    from siklus.areas.services import known_kecamatan
    from siklus.rules import nik as nik_rules

    return [people.nik_message(w) for w in nik_rules.check(person.nik, known_region=known_kecamatan).warnings]


@login_required
def person_detail(request, pk):
    person = get_visible(Person, request.user, pk=pk)
    people.view_person(request.user, person)
    today = timezone.localdate()
    history = AuditEvent.objects.filter(model="person", object_id=str(person.pk)).exclude(action="view")[:50]
    return render(request, "web/person_detail.html", {
        "person": person,
        "age": lifecycle.age_on(person.birth_date, today),
        "stages": lifecycle.stages(person.birth_date, today, person.sex),
        "children": person.children.visible_to(request.user).active(),
        "history": history,
        "nik_warnings": _nik_warnings(person),
        "can_edit": may(request.user, Perm.EDIT_PEOPLE, person) and not person.is_voided,
    })


@login_required
def person_edit(request, pk):
    user = request.user
    person = get_visible(Person, user, pk=pk)
    if not may(user, Perm.EDIT_PEOPLE, person) or person.is_voided:
        raise PermissionDenied
    initial = {f: getattr(person, f) for f in ("nik", "name", "sex", "birth_date", "relation", "jkn_number", "phone")}
    initial["mother"] = person.mother_id or ""
    form = PersonForm(request.POST or None, initial=initial, mothers=_mothers(user, person.household))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "confirm_duplicate"}
        try:
            people.update_person(user, person, data)
            messages.success(request, _("Perubahan tersimpan."))
            return redirect("person", pk=person.pk)
        except Invalid as exc:
            apply_errors(form, exc)
    return render(request, "web/person_form.html", {"form": form, "household": person.household, "person": person})


@login_required
def void_record(request, pk, model):
    user = request.user
    record = get_visible(model, user, pk=pk)
    if not may(user, Perm.EDIT_PEOPLE, record) or record.is_voided:
        raise PermissionDenied
    form = VoidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            people.void(user, record, form.cleaned_data["reason"])
            messages.success(request, _("Data dibatalkan. Riwayatnya tetap tersimpan."))
            return redirect("household" if model is Household else "person", pk=record.pk)
        except Invalid as exc:
            apply_errors(form, exc)
    return render(request, "web/void_form.html", {"form": form, "record": record})


@login_required
def search(request):
    query = request.GET.get("q", "")
    results = people.search_persons(request.user, query) if query else []
    template = "web/_search_results.html" if request.headers.get("HX-Request") else "web/search.html"
    return render(request, template, {"q": query, "results": results})
