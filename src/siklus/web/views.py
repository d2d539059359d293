"""The shell's one page: home. Every other page belongs to its app (areas, facilities, people,
audit); login is :mod:`siklus.web.login`."""

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.shortcuts import redirect, render

from siklus.accounts.models import Role
from siklus.accounts.policies import Perm, may
from siklus.areas.models import Area, Level
from siklus.areas.views import home_area
from siklus.audit.log import log_read
from siklus.core.actors import scope_of
from siklus.facilities.models import Kind
from siklus.facilities.services import rollout, rollout_by_puskesmas
from siklus.people import services
from siklus.people.models import Household, Person


def _works_in_one_desa(user) -> bool:
    """A Pustu or Posyandu serves one desa; Puskesmas staff, Dinkes and admins oversee several
    Puskesmas or their network, and see them compared. Asked of the binding, not of the role."""
    facility = user.facility
    return facility is not None and facility.kind in (Kind.PUSTU, Kind.POSYANDU)


def _newest_first(user):
    """Order for "recently registered". A scope covering a kabupaten or more reads the created_at
    index backwards; a desa or Puskesmas scope must filter by area first: walking that index until
    eight of its persons turn up reads most of the table (PostgreSQL, 430,000 persons: 150 ms
    instead of 1 ms), and the planner cannot tell, so it is given an expression it cannot index."""
    prefixes = scope_of(user).prefixes
    if prefixes is None or any(len(p.split(".")) <= 2 for p in prefixes):
        return F("created_at").desc()
    return (F("created_at") + timedelta(0)).desc()


@login_required
def home(request):
    user = request.user
    if user.role == Role.RT:  # a ketua RT/RW has one page: its households' reminders
        return redirect("followup_rt")
    households = Household.objects.visible_to(user).active()
    persons = Person.objects.visible_to(user).active()
    facility = user.facility
    # From the per-desa counters: the same cost for a desa and a province.
    counts = services.home_counts(user)
    context = {
        "home_area": home_area(user),
        "facility": facility,
        "rollout": rollout(user),
        "household_count": counts["households"],
        "person_count": counts["persons"],
        "without_nik": counts["without_nik"],
        "recent": list(persons.order_by(_newest_first(user))[:8]),
        "can_edit": may(user, Perm.EDIT_PEOPLE),
        "can_audit": may(user, Perm.READ_AUDIT),
        "desa_list": Area.objects.visible_to(user).filter(level=Level.DESA)[:50],
        "puskesmas_rows": None if _works_in_one_desa(user) else rollout_by_puskesmas(user)[:100],
        # A kader's worklist starts from the households of their own Posyandu.
        "my_households": (list(households.filter(posyandu=facility).order_by("head_name")[:30])
                          if facility is not None and facility.kind == Kind.POSYANDU else None),
    }
    log_read(user, [*context["recent"], *(context["my_households"] or [])], what="home")
    return render(request, "web/home.html", context)
