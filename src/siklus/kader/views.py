"""The kader app's server side: its shell, manifest, service worker, texts and sign-in.

None of these pages shows personal data: the shell is the same empty page for everyone (the data
comes through ``/api/v1/sync/pull``, audited there), so it may be cached by the service worker and
opened without signal. Sign-in answers the signed-in user's own profile and the rule settings of
their area, which the app keeps for offline use.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.auth import authenticate, login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET, require_POST

from siklus.accounts.models import Role
from siklus.audit.log import log
from siklus.care import posyandu
from siklus.kader import texts
from siklus.kader.anthro_export import rule_settings
from siklus.rules import codes, homevisit

STATIC = Path(__file__).resolve().parent.parent / "static"
# What the service worker keeps for offline use (static paths). The version of the worker is the
# hash of their contents: a changed file installs a new worker, nothing else does.
SHELL_FILES = (
    "kader/app.js", "kader/db.js", "kader/sync.js", "kader/views.js", "kader/anthro.js", "kader/kader.css",
    "kader/who-lms.json", "kader/icon.svg", "kader/icon-192.png", "kader/icon-512.png", "vendor/dexie.mjs",
)
# Roles the app serves: it syncs one desa (a Posyandu's or a Pustu's).
APP_ROLES = {Role.KADER, Role.PUSTU}


@cache
def _shell_version() -> str:
    digest = hashlib.sha256()
    for name in (*SHELL_FILES, "kader/sw.js"):
        digest.update((STATIC / name).read_bytes())
    digest.update((Path(__file__).resolve().parent.parent / "templates" / "kader" / "app.html").read_bytes())
    return digest.hexdigest()[:12]


def shell_version() -> str:
    return _shell_version() if not settings.DEBUG else _shell_version.__wrapped__()


@require_GET
@ensure_csrf_cookie
def app(request: HttpRequest) -> HttpResponse:
    """The app shell (no personal data; the service worker serves it offline)."""
    return render(request, "kader/app.html", {"version": shell_version()})


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    body = {
        "name": _(texts.TEXTS["app_name"]),
        "short_name": _(texts.TEXTS["app_short"]),
        "description": _(texts.TEXTS["app_description"]),
        "lang": get_language() or "id",
        "start_url": reverse("kader_app"),
        "scope": reverse("kader_app"),
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": "#0f766e",
        "icons": [
            {"src": static("kader/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("kader/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": static("kader/icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "maskable"},
            {"src": static("kader/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    return HttpResponse(json.dumps(body, ensure_ascii=False), content_type="application/manifest+json")


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """sw.js with its version and precache list, under the app's scope."""
    precache = [reverse("kader_app"), reverse("kader_manifest"), reverse("kader_texts")]
    precache += [static(name) for name in SHELL_FILES]
    head = f"const VERSION = {json.dumps(shell_version())};\nconst PRECACHE = {json.dumps(precache)};\n"
    response = HttpResponse(head + (STATIC / "kader" / "sw.js").read_text(), content_type="text/javascript")
    response["Service-Worker-Allowed"] = reverse("kader_app")
    return response


@require_GET
def app_texts(request: HttpRequest) -> JsonResponse:
    """The app's words in the user's language (kader/texts.py)."""
    return JsonResponse({"lang": get_language() or "id", "texts": texts.translated()},
                        json_dumps_params={"ensure_ascii": False})


def _checklists() -> dict:
    return {
        "saji": [[code, _(label), _(hint)] for code, label, hint in homevisit.SAJI],
        "stages": {code: _(label) for code, label in homevisit.STAGES},
        "items": {stage: [{"code": i.code, "question": _(i.question), "finding_on": i.finding_on, "refer": i.refer,
                           "category": i.category, "closes": i.closes, "female_from_years": i.female_from_years}
                          for i in items] for stage, items in homevisit.CHECKLISTS.items()},
        "version": homevisit.RULE_VERSION,
    }


def _posyandu() -> dict:
    """The Posyandu grid's stages, inputs and hand-outs (siklus.care.posyandu), for the offline day."""
    labels = {code: _(codes.get(code, codes.SUPPLEMENT).label)
              for code in ("vitamin_a_biru", "vitamin_a_merah", "ttd", "mms", "pmt_lokal", "obat_cacing")}
    return {
        "stages": [[code, _(label)] for code, label in posyandu.STAGES],
        "fields": {stage: [f for f in posyandu.FIELDS if f in allowed] for stage, allowed in posyandu.STAGE_FIELDS.items()},
        "supplements": {stage: list(kinds) for stage, kinds in posyandu.SUPPLEMENTS_BY_STAGE.items()},
        "supplement_labels": labels,
        "field_codes": posyandu.FIELD_CODES,
    }


def profile(user) -> dict:
    """What the app keeps of its user: who, which Posyandu/Pustu and desa, the rules in force there."""
    facility = user.facility
    desa = facility.area_code if facility is not None else None
    return {
        "username": user.username,
        "name": user.get_full_name() or user.username,
        "role": user.role,
        "facility": None if facility is None else {"id": str(facility.pk), "name": facility.name, "kind": facility.kind,
                                                    "desa": desa},
        "rules": rule_settings(desa),
        "checklists": _checklists(),
        "posyandu": _posyandu(),
    }


@require_POST
def sign_in(request: HttpRequest) -> JsonResponse:
    """JSON sign-in of the app (CSRF-checked; axes counts failures as on the login page). The app then
    registers its device at /api/v1/sync/devices with this session."""
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return JsonResponse({"code": "bad_request", "detail": _("Permintaan tidak valid.")}, status=400)
    user = authenticate(request, username=str(body.get("username", "")), password=str(body.get("password", "")))
    if user is None:
        return JsonResponse({"code": "login_failed", "detail": _(texts.TEXTS["login_failed"])}, status=401)
    if user.role not in APP_ROLES or user.facility is None:
        return JsonResponse({"code": "not_kader", "detail": _(texts.TEXTS["login_not_kader"])}, status=403)
    login(request, user)
    log("login", actor=user, area_code="")
    return JsonResponse(profile(user), json_dumps_params={"ensure_ascii": False})
