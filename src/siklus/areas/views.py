"""The area pages: the Kemendagri hierarchy down to dusun/RW/RT, with what each area holds.

Thin: reads go through ``visible_to``/``get_visible``, what to show is asked of the policies,
writes go through :mod:`siklus.areas.services`. The facilities and households of an area are
sections their own apps add (:mod:`siklus.areas.sections`): areas builds on neither.
"""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from siklus.accounts.policies import Perm, may
from siklus.areas.forms import SubAreaForm
from siklus.areas.models import Area, Level
from siklus.areas.sections import sections_for
from siklus.areas.services import add_sub_area
from siklus.core.views import get_visible, post_action


def home_area(user) -> Area | None:
    """The area a user starts from: the narrowest area holding their whole scope."""
    code = user.scope.common_area()
    return Area.objects.filter(code=code).first() if code else None


@login_required
def area_index(request):
    start = home_area(request.user)
    if start is not None:
        return redirect("area", code=start.code)
    areas = Area.objects.visible_to(request.user).filter(level=Level.PROVINSI)
    return render(request, "areas/index.html", {"areas": areas})


@login_required
def area_detail(request, code):
    user = request.user
    area = get_visible(Area, user, code=code)
    children = Area.objects.visible_to(user).filter(parent=area).annotate(n_children=Count("children"))
    # Ancestors are visible so a desa user sees the way down; their names are public reference data.
    breadcrumbs = list(Area.objects.filter(code__in=area.ancestor_codes).order_by("code"))
    context = {"area": area, "children": children, "breadcrumbs": breadcrumbs}
    # An area may be visible only as the way down to the user's own (an ancestor): then it shows
    # nothing of what lies in it.
    if may(user, Perm.VIEW, area):
        context["sub_area_form"] = SubAreaForm() if area.desa_code and may(user, Perm.EDIT_AREAS, area) else None
        context["sections"] = sections_for(request, area)
    return render(request, "areas/detail.html", context)


@login_required
def area_add_sub(request, code):
    area = get_visible(Area, request.user, code=code)
    post_action(
        request, SubAreaForm(request.POST),
        lambda data: add_sub_area(request.user, area, data["level"], data["number"], data["name"]),
        lambda created: _("Ditambahkan: %(name)s") % {"name": created.full_name},
    )
    return redirect("area", code=code)
