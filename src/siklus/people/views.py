"""The household and person pages: register, change, void, search.

Thin: reads go through ``visible_to``/``get_visible``, what to show is asked of the policies,
writes go through :mod:`siklus.people.services` with its typed inputs.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from siklus.accounts.policies import Perm, may
from siklus.areas.models import Area, Level
from siklus.audit import history as audit_history
from siklus.audit.log import audited, log_read
from siklus.audit.models import AuditEvent
from siklus.core.errors import Conflict, Invalid
from siklus.core.querysets import within_q
from siklus.core.views import apply_errors, get_visible
from siklus.facilities.models import Facility, Kind
from siklus.people import sections, services
from siklus.people.forms import HouseholdForm, PersonForm, VoidForm, apply_conflict
from siklus.people.models import Household, Person
from siklus.rules import lifecycle
from siklus.rules.immunization import age_of
from siklus.rules.messages import format_age


def _editable(user, record):
    """The record if the user may change it (and it is not voided); 403 otherwise."""
    if not may(user, Perm.EDIT_PEOPLE, record) or getattr(record, "is_voided", False):
        raise PermissionDenied
    return record


def area_section(request, area):
    """On the page of a desa (or a dusun/RW/RT in it): its households, and the way to register one.
    Registered with :mod:`siklus.areas.sections`."""
    if not area.desa_code:
        return None
    user = request.user
    households = (
        Household.objects.visible_to(user).active().filter(within_q("area_code", area.code)).order_by("head_name", "id")
    )
    q = request.GET.get("q", "").strip()[:100]
    if q:
        # The head's name, the KK number or the address (a street, a house number).
        households = households.filter(Q(head_name__icontains=q) | Q(no_kk__startswith=q) | Q(address__icontains=q))
    page = audited(user, Paginator(households, 50).get_page(request.GET.get("page")), what="households")
    # Member counts of this page's households only (a join in the list query may read every person).
    members = dict(
        Person.objects.active().filter(household__in=[h.pk for h in page.object_list]).order_by()
        .values_list("household_id").annotate(n=Count("pk"))
    )
    for household in page.object_list:
        household.n = members.get(household.pk, 0)
    return {
        "households": page, "q": q,
        "can_register": area.level == Level.DESA and may(user, Perm.EDIT_PEOPLE, area),
    }


def _household_form(user, desa, data=None, initial=None):
    return HouseholdForm(
        data, initial=initial,
        sub_areas=Area.objects.visible_to(user).filter(within_q("code", desa.code)).exclude(code=desa.code).order_by("code"),
        posyandu=Facility.objects.visible_to(user).active().filter(kind=Kind.POSYANDU, area_code=desa.code),
    )


@login_required
def household_create(request, code):
    user = request.user
    desa = _editable(user, get_visible(Area, user, code=code, level=Level.DESA))
    form = _household_form(user, desa, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            household = services.register_household(user, form.to_input(desa))
            messages.success(request, _("Keluarga tersimpan. Tambahkan anggotanya."))
            return redirect("household", pk=household.pk)
        except Invalid as exc:
            apply_errors(form, exc)
    return render(request, "people/household_form.html", {"form": form, "desa": desa})


@login_required
def household_detail(request, pk):
    household = get_visible(Household, request.user, pk=pk)
    members = household.members.active().order_by("birth_date")
    today = timezone.localdate()
    rows = [(m, lifecycle.age_on(m.birth_date, today), lifecycle.main_stage(m.birth_date, today, m.sex)) for m in members]
    log_read(request.user, [household, *(m for m, *_ in rows)], what="household_members")
    return render(request, "people/household_detail.html", {
        "household": household, "members": rows, "desa": household.desa,
        "can_edit": may(request.user, Perm.EDIT_PEOPLE, household) and not household.is_voided,
    })


@login_required
def household_edit(request, pk):
    user = request.user
    household = _editable(user, get_visible(Household, user, pk=pk))
    initial = {f: getattr(household, f) for f in ("no_kk", "head_name", "address", "rt", "rw")}
    initial.update(sub_area=household.sub_area_id or "", posyandu=household.posyandu_id or "", version=household.version)
    form = _household_form(user, household.desa, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_household(user, household, form.to_changes(), version=form.cleaned_data["version"])
            messages.success(request, _("Perubahan tersimpan."))
            return redirect("household", pk=household.pk)
        except Invalid as exc:
            apply_errors(form, exc)
        except Conflict as exc:
            apply_conflict(form, exc)
    log_read(user, [household], what="household_form")
    return render(request, "people/household_form.html", {"form": form, "desa": household.desa, "household": household})


def _mothers(user, household, child_birth=None):
    """Women of the household's desa of a plausible age to be the child's mother."""
    return services.plausible_mothers(user, household.desa_id, child_birth)[:300]


def _confirm_next_time(form, exc: Invalid) -> None:
    """Plausibility findings are shown once at their fields: saving again ("Simpan juga") confirms them."""
    warnings = exc.extra.get("warnings")
    if warnings:
        form.data = form.data.copy()
        form.data["confirm_warnings"] = ",".join(w.code for w in warnings)


@login_required
def person_create(request, pk):
    user = request.user
    household = _editable(user, get_visible(Household, user, pk=pk))
    mothers = list(_mothers(user, household))
    form = PersonForm(request.POST or None, mothers=mothers)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        try:
            person = services.register_person(user, form.to_input(household),
                                              confirm_duplicate=form.cleaned_data["confirm_duplicate"],
                                              confirm_warnings=form.confirmed_warnings())
            # The NIK notices (none yet, unknown region) are on the person's page: not flashed as well.
            messages.success(request, _("%(name)s terdaftar.") % {"name": person.name})
            # Registered from another page (a Posyandu day's walk-in): back there, with the person.
            back = request.GET.get("next", "")
            if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
                return redirect(f"{back}?baru={person.pk}")
            return redirect("person", pk=person.pk)
        except Invalid as exc:
            apply_errors(form, exc)
            _confirm_next_time(form, exc)
            duplicates = exc.extra.get("duplicates", [])
            if duplicates:
                # Shown once: saving again confirms that this is a different person.
                form.data = form.data.copy()
                form.data["confirm_duplicate"] = "on"
    log_read(user, [*(d.person for d in duplicates), *mothers], what="person_create_form")
    return render(request, "people/person_form.html", {"form": form, "household": household, "duplicates": duplicates})


@login_required
def person_detail(request, pk):
    user = request.user
    person = services.view_person(user, get_visible(Person, user, pk=pk))
    today = timezone.localdate()
    # In words: field and choice labels, linked records by name only when the user may see them.
    history = audit_history.in_words(
        user, "person", AuditEvent.objects.filter(model="person", object_id=str(person.pk)).exclude(action="view")[:50])
    return render(request, "people/person_detail.html", {
        "person": person,
        "age": lifecycle.age_on(person.birth_date, today),
        "age_words": format_age(age_of(person.birth_date, today), (get_language() or "id")[:2]),
        "stages": lifecycle.stages(person.birth_date, today, person.sex),
        "children": person.children.visible_to(user).active(),
        # A mother registered outside the user's area is shown without her name or NIK.
        "mother": Person.objects.visible_to(user).filter(pk=person.mother_id).first() if person.mother_id else None,
        "history": history,
        "nik_warnings": services.nik_warnings(person),
        "can_edit": may(user, Perm.EDIT_PEOPLE, person) and not person.is_voided,
        # The care record (due list, growth, immunization card, pregnancies, history), from care.
        "sections": sections.sections_for(request, person, today),
    })


@login_required
def person_edit(request, pk):
    user = request.user
    person = _editable(user, get_visible(Person, user, pk=pk))
    initial = {f: getattr(person, f) for f in ("nik", "name", "sex", "birth_date", "relation", "jkn_number", "phone")}
    initial["mother"] = person.mother_id or ""
    initial["version"] = person.version
    mothers = list(_mothers(user, person.household, person.birth_date))
    form = PersonForm(request.POST or None, initial=initial, mothers=mothers, mother_elsewhere=person.mother_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_person(user, person, form.to_changes(), version=form.cleaned_data["version"],
                                   confirm_warnings=form.confirmed_warnings())
            messages.success(request, _("Perubahan tersimpan."))
            return redirect("person", pk=person.pk)
        except Invalid as exc:
            apply_errors(form, exc)
            _confirm_next_time(form, exc)
        except Conflict as exc:
            apply_conflict(form, exc)
    log_read(user, [person, *mothers], what="person_form")
    return render(request, "people/person_form.html", {"form": form, "household": person.household, "person": person})


@login_required
def void_record(request, pk, model):
    user = request.user
    record = _editable(user, get_visible(model, user, pk=pk))
    form = VoidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.void(user, record, form.cleaned_data["reason"])
            messages.success(request, _("Data dibatalkan. Riwayatnya tetap tersimpan."))
            return redirect("household" if model is Household else "person", pk=record.pk)
        except Invalid as exc:
            apply_errors(form, exc)
        except Conflict as exc:
            form.add_error(None, exc.message)
    log_read(user, [record], what="void_form")
    return render(request, "people/void_form.html", {"form": form, "record": record})


@login_required
def search(request):
    query = request.GET.get("q", "")
    results = audited(request.user, services.search_persons(request.user, query), what="persons", query=query) if query else []
    template = "people/_search_results.html" if request.headers.get("HX-Request") else "people/search.html"
    return render(request, template, {"q": query, "results": results})
