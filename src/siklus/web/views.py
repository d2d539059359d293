"""The shell's one page: home. Every other page belongs to its app (areas, facilities, people,
audit); login is :mod:`siklus.web.login`."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from siklus.accounts.policies import Perm, may
from siklus.areas.models import Area, Level
from siklus.areas.views import home_area
from siklus.audit.log import log_read
from siklus.facilities.models import Kind
from siklus.facilities.services import rollout, rollout_by_puskesmas
from siklus.people import services
from siklus.people.models import Household, Person


def _works_in_one_desa(user) -> bool:
    """A Pustu or Posyandu serves one desa; Puskesmas staff, Dinkes and admins oversee several
    Puskesmas or their network, and see them compared. Asked of the binding, not of the role."""
    facility = user.facility
    return facility is not None and facility.kind in (Kind.PUSTU, Kind.POSYANDU)


@login_required
def home(request):
    user = request.user
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
        "recent": list(persons.order_by("-created_at")[:8]),
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
