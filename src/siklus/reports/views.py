"""Download pages of the registers and reports. Thin: the facility or person is found within the
user's scope (404 otherwise), the services decide what the file holds and audit it."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from siklus.core.errors import Invalid
from siklus.core.views import apply_errors, get_visible
from siklus.facilities.models import Facility
from siklus.people.models import Person
from siklus.reports import services
from siklus.reports.forms import MonthlyForm, RegisterForm
from siklus.reports.registers import REGISTERS


def _file(download: services.Download) -> HttpResponse:
    response = HttpResponse(download.content, content_type=download.content_type)
    response["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    response["Cache-Control"] = "no-store"  # personal data: no copy in a shared cache
    return response


def _page(request, facility, register_form=None, monthly_form=None, status=200):
    today = timezone.localdate().strftime("%Y-%m")
    return render(request, "reports/facility.html", {
        "facility": facility, "registers": [(k, t, w) for k, (t, w) in REGISTERS.items()],
        "register_form": register_form or RegisterForm(initial={"dari": today, "sampai": today}),
        "monthly_form": monthly_form or MonthlyForm(initial={"bulan": today}),
    }, status=status)


@login_required
def facility_reports(request, pk):
    return _page(request, get_visible(Facility, request.user, pk=pk))


@login_required
def register_download(request, pk):
    facility = get_visible(Facility, request.user, pk=pk)
    form = RegisterForm(request.GET)
    if form.is_valid():
        data = form.cleaned_data
        try:
            period = services.parse_period(data["dari"], data["sampai"], today=timezone.localdate())
            return _file(services.register_file(request.user, facility, data["jenis"], period))
        except Invalid as exc:
            apply_errors(form, exc)
        except PermissionError:
            raise PermissionDenied from None
    return _page(request, facility, register_form=form, status=400)


@login_required
def monthly_download(request, pk):
    facility = get_visible(Facility, request.user, pk=pk)
    form = MonthlyForm(request.GET)
    if form.is_valid():
        try:
            month = services.parse_period(form.cleaned_data["bulan"], None, today=timezone.localdate())
            return _file(services.monthly_report_file(request.user, facility, month))
        except Invalid as exc:
            for field in ("dari", "sampai"):  # the one month is the period's first
                if field in exc.errors:
                    exc.errors.setdefault("bulan", []).extend(exc.errors.pop(field))
            apply_errors(form, exc)
        except PermissionError:
            raise PermissionDenied from None
    return _page(request, facility, monthly_form=form, status=400)


@login_required
def buku_kia(request, pk):
    person = get_visible(Person, request.user, pk=pk)
    try:
        return _file(services.buku_kia_file(request.user, person, timezone.localdate()))
    except PermissionError:
        raise PermissionDenied from None
