"""The Posyandu open day's pages: the day's list and entry grid, the instant feedback, saving a
row, the services given, the walk-in search and the closing summary.

Thin: access, the day's logic and every judgement are in :mod:`siklus.care.posyandu` (which asks
the care services and the rules); these functions parse the request and render. Rows post with
htmx and get their own row back; without JavaScript the same forms post and return to the page.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from siklus.audit.log import audited, log_read
from siklus.care import posyandu
from siklus.core.errors import Conflict, Invalid
from siklus.core.views import get_visible
from siklus.facilities.models import Facility
from siklus.people import services as people
from siklus.people.models import Person


def _facility(request, pk) -> Facility:
    facility = get_visible(Facility, request.user, pk=pk)
    try:
        posyandu.require_day(request.user, facility)
    except PermissionError:
        raise PermissionDenied from None
    return facility


def _day_url(facility, day: date, person=None) -> str:
    url = reverse("posyandu_day", kwargs={"pk": facility.pk, "day": day})
    return url + (f"#p-{person.pk}" if person is not None else "")


def _person(request, key="person") -> Person:
    return get_visible(Person, request.user, pk=request.POST.get(key) or request.GET.get(key))


def _row_id(request) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.POST.get("row_id", ""))
    except ValueError:
        return None


def _number(text: str):
    """A typed number: Indonesian decimal comma or a point; "" is nothing; other text stays text
    (the service says what is wrong with it, at its field)."""
    text = (text or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return text


def _values(request) -> dict:
    return {name: _number(request.POST.get(name, "")) for name in posyandu.FIELDS}


def _labels() -> dict[str, str]:
    return {"weight_kg": _("BB (kg)"), "lenhei_cm": _("PB/TB (cm)"), "muac_cm": _("LiLA (cm)"),
            "headc_cm": _("LK (cm)"), "waist_cm": _("LP (cm)"), "sbp": _("TD sistolik"), "dbp": _("TD diastolik"),
            "glucose_mg_dl": _("GDS (mg/dL)")}


def _cells(entry, values=None, errors=None) -> list[dict]:
    """The grid's inputs of one row: label, typed value, enabled for the person's stage, errors."""
    labels, errors = _labels(), errors or {}
    return [{"name": name, "label": labels[name], "enabled": name in entry.fields,
             "value": (values or {}).get(name, ""), "errors": errors.get(name, [])} for name in posyandu.FIELDS]


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _context(request, facility, day):
    user = request.user
    return {"facility": facility, "day": day, "today": timezone.localdate(),
            "can_record": posyandu.may_record(user, facility), "can_immunize": posyandu.may_immunize(user, facility),
            "fields": posyandu.FIELDS}


@login_required
def day_today(request, pk):
    facility = _facility(request, pk)
    return redirect("posyandu_day", pk=facility.pk, day=timezone.localdate())


@login_required
def day(request, pk, day):
    facility = _facility(request, pk)
    the_day = posyandu.open_day(request.user, facility, day)
    for entry in the_day.present:
        entry.cells, entry.row_id = _cells(entry), uuid.uuid4()
    # Just registered through the person form (a walk-in's new household member): offer "Hadir".
    listed = {e.person.pk: e for e in the_day.entries}
    new = Person.objects.visible_to(request.user).active().filter(pk=_uuid(request.GET.get("baru"))).first()
    log_read(request.user, [*the_day.persons(), *([new] if new and new.pk not in listed else [])], what="posyandu_day")
    return render(request, "care/posyandu_day.html", {
        **_context(request, facility, day), "the_day": the_day, "new_person": new,
        "new_present": new is not None and new.pk in listed and listed[new.pk].present})


def _uuid(text) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(text))
    except ValueError:
        return None


@login_required
def walk_in_search(request, pk, day):
    """Find anyone the user may see (the registry search) to add to the day."""
    facility = _facility(request, pk)
    query = request.GET.get("q", "").strip()
    results = audited(request.user, people.search_persons(request.user, query, limit=20), what="posyandu_walk_in",
                      query=query) if query else []
    return render(request, "care/posyandu_search.html", {**_context(request, facility, day), "q": query,
                                                         "results": results})


@login_required
def attend(request, pk, day):
    """Pendaftaran: the person came (a sasaran, or a walk-in found by the search)."""
    facility = _facility(request, pk)  # first: another area's Posyandu is "not found", whatever the method
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    person = _person(request)
    try:
        posyandu.mark_present(request.user, facility, day, person)
        messages.success(request, _("%(name)s hadir.") % {"name": person.name})
    except PermissionError:
        raise PermissionDenied from None
    except Invalid as exc:
        for field_messages in exc.errors.values():
            for message in field_messages:
                messages.error(request, message)
    return redirect(_day_url(facility, day, person))


def _row(request, facility, day, person, *, values=None, errors=None, feedback=None, row_id=None,
         confirm=(), saved=False, warnings=(), notice=""):
    entry = posyandu.entry(request.user, facility, day, person)
    errors = {(k or "form"): v for k, v in (errors or {}).items()}
    entry.cells, entry.row_id = _cells(entry, values, errors), row_id or uuid.uuid4()
    return render(request, "care/posyandu_row.html", {
        **_context(request, facility, day), "e": entry, "errors": errors or {}, "feedback": feedback,
        "confirm": ",".join(confirm), "saved": saved, "warnings": warnings, "notice": notice,
    })


def _index(code: str, method: str) -> str:
    """The short name of what a value says (BB/U, TB/U, BB/TB …), as the KMS and Buku KIA write it."""
    standing = method == "h"
    return {"weight": _("BB/U"), "length_height": _("TB/U") if standing else _("PB/U"),
            "zwfl": _("BB/TB") if standing else _("BB/PB"), "head_circumference": _("LK/U"), "muac": _("LiLA"),
            "waist": _("LP"), "sbp": _("TD"), "bmi": _("IMT"), "glucose_random": _("GDS"),
            "glucose_fasting": _("GDP"), "glucose_2h": _("TTGO"), "hb": _("Hb")}.get(code, code)


_GROWTH_WORDS = {"N": gettext_noop("N: naik"), "T": gettext_noop("T: tidak naik"),
                 "O": gettext_noop("O: bulan lalu tidak ditimbang"), "B": gettext_noop("B: baru pertama ditimbang")}


def feedback_items(result) -> list[dict]:
    """The instant feedback as short lines: each value's index, z-score and category; N/T (2T,
    BGM); a value's problem. Nothing is judged here: every word comes from the services' preview."""
    if result is None:
        return []
    labels = _labels()
    items = []
    if result.growth is not None and result.growth.code:
        g = result.growth
        text = _(_GROWTH_WORDS.get(g.code, g.code))
        if g.gain_g is not None and g.kbm_g is not None:
            text += " " + _("(%(gain)s g; KBM %(kbm)s g)") % {"gain": formats.number_format(g.gain_g, use_l10n=True),
                                                             "kbm": formats.number_format(g.kbm_g, use_l10n=True)}
        bad = g.code == "T" or g.two_t or g.bgm
        items.append({"name": _("N/T"), "text": text, "cls": "bad" if bad else "ok", "kind": "growth", "code": g.code})
        if g.two_t:
            items.append({"name": "2T", "text": _("dua kali tidak naik"), "cls": "bad", "kind": "growth", "code": "2T"})
        if g.bgm:
            items.append({"name": "BGM", "text": _("di bawah garis merah"), "cls": "bad", "kind": "growth", "code": "BGM"})
    method = next((v.method for v in result.values if v.code == "length_height"), "")
    for v in result.values:
        if v.code == "dbp" or (not v.classification.label and v.z is None):
            continue
        parts = []
        if v.z is not None:
            parts.append(_("z %(z)s") % {"z": formats.number_format(round(v.z, 2), 2, use_l10n=True)})
        if v.code == "sbp":
            parts.insert(0, f"{formats.number_format(v.value, 0)}/"
                            f"{formats.number_format(result.value('dbp').value, 0) if result.value('dbp') else '–'}")
        if v.classification.label:
            parts.append(_(v.classification.label))
        # Red when the rule says refer, amber when its follow-up is more than routine: the rule's words.
        follow_up = v.classification.follow_up
        cls = "bad" if _(v.classification.label) in result.reasons else ("warn" if follow_up not in ("", "routine") else "")
        items.append({"name": _index(v.code, method), "text": " · ".join(parts), "kind": v.code, "cls": cls})
    for w in result.warnings:
        items.append({"name": labels.get(w.field, ""), "text": w.message, "cls": "warn", "kind": "warning"})
    for name, messages_ in result.errors.items():
        for message in messages_:
            items.append({"name": labels.get(name, "") if name else "", "text": message, "cls": "bad", "kind": "error"})
    return items


def _feedback(request, facility, day, person, values, measure):
    """The preview's lines, and the problems per field (the save would refuse them)."""
    try:
        result = posyandu.preview(request.user, facility, day, person, values, measure=measure)
    except Invalid as exc:
        return {"items": [], "refer": False, "reasons": ()}, exc.errors
    return {"items": feedback_items(result), "refer": result.refer, "reasons": result.reasons}, result.errors


@login_required
def preview(request, pk, day):
    """The instant feedback of the values typed so far (nothing is saved)."""
    facility = _facility(request, pk)  # first: another area's Posyandu is "not found", whatever the method
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    person = _person(request)
    feedback, errors = _feedback(request, facility, day, person, _values(request), request.POST.get("measure", ""))
    return render(request, "care/posyandu_feedback.html", {"feedback": feedback, "errors": errors,
                                                           "person": person})


def _confirmed(request) -> tuple[str, ...]:
    return tuple(c for c in request.POST.get("confirm", "").split(",") if c)


@login_required
def measure(request, pk, day):
    """Save one row of the grid (idempotent by the row's client id)."""
    facility = _facility(request, pk)  # first: another area's Posyandu is "not found", whatever the method
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    person = _person(request)
    values = _values(request)
    measure_code = request.POST.get("measure", "")
    row_id = _row_id(request)
    try:
        posyandu.save_measurements(request.user, facility, day, person, values, measure=measure_code,
                                   confirm=_confirmed(request), row_id=row_id)
    except PermissionError:
        raise PermissionDenied from None
    except (Invalid, Conflict) as exc:
        errors = exc.errors if isinstance(exc, Invalid) else {None: [exc.message]}
        warnings = exc.extra.get("warnings", ()) if isinstance(exc, Invalid) else ()
        # Shown once at their fields: saving again confirms them (the value stays flagged).
        confirm = tuple(dict.fromkeys([*_confirmed(request), *(w.code for w in warnings)]))
        if not _is_htmx(request):
            for field_messages in errors.values():
                for message in field_messages:
                    messages.error(request, message)
            return redirect(_day_url(facility, day, person))
        feedback, _errors = _feedback(request, facility, day, person, values, measure_code)
        return _row(request, facility, day, person, values=request.POST, errors=errors, feedback=feedback,
                    row_id=row_id, confirm=confirm, warnings=warnings)
    if not _is_htmx(request):
        messages.success(request, _("Tersimpan: %(name)s.") % {"name": person.name})
        return redirect(_day_url(facility, day, person))
    feedback, _errors = _feedback(request, facility, day, person, values, measure_code)
    return _row(request, facility, day, person, feedback=feedback, saved=True)


@login_required
def serve(request, pk, day):
    """Pelayanan: supplements (kader), immunizations due today (nakes only)."""
    facility = _facility(request, pk)  # first: another area's Posyandu is "not found", whatever the method
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    person = _person(request)
    problems: list[str] = []
    notice = ""
    try:
        saved = posyandu.give_services(request.user, facility, day, person,
                                       supplements=request.POST.getlist("supplement"),
                                       doses=request.POST.getlist("dose"), batch=request.POST.get("batch", ""),
                                       row_id=_row_id(request))
        notice = _("%(name)s: %(n)s layanan tersimpan.") % {"name": person.name, "n": len(saved)}
    except PermissionError:
        raise PermissionDenied from None
    except Invalid as exc:
        problems = [m for field_messages in exc.errors.values() for m in field_messages]
    except Conflict as exc:
        problems = [exc.message]
    if _is_htmx(request):
        return _row(request, facility, day, person, errors={"services": problems}, notice=notice)
    for message in problems:
        messages.error(request, message)
    if notice:
        messages.success(request, notice)
    return redirect(_day_url(facility, day, person))


@login_required
def summary(request, pk, day):
    facility = _facility(request, pk)
    result = posyandu.summary(request.user, facility, day)
    log_read(request.user, result.day.persons(), what="posyandu_summary")
    return render(request, "care/posyandu_summary.html", {**_context(request, facility, day), "s": result})
