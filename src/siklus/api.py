"""The JSON API at /api/v1 (OpenAPI at /api/v1/openapi.json).

Authentication: the browser session (with CSRF for writes) or ``Authorization: Bearer <token>``
(``siklus token create USERNAME``). Every operation reads through ``visible_to``/``get_visible``
and writes through the services, exactly like the web pages.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.security import HttpBearer, django_auth

from siklus.accounts.models import ApiToken
from siklus.core.errors import Conflict, Invalid
from siklus.core.versions import etag


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        # Expired and revoked tokens, and tokens of a deactivated user, are refused.
        user = ApiToken.authenticate(token)
        if user is None:
            return None
        request.user = user
        return user


api = NinjaAPI(
    title="siklus API",
    version="1",
    description="Integrasi Layanan Primer: wilayah, fasilitas, keluarga, penduduk. Semua data dibatasi wilayah kerja pengguna.",
    auth=[BearerToken(), django_auth],
    urls_namespace="api",
)


@api.exception_handler(Invalid)
def invalid(request, exc: Invalid):
    detail = [
        {"loc": ["body", field] if field else ["body"], "msg": message, "type": "value_error"}
        for field, messages in exc.errors.items() for message in messages
    ]
    body = {"detail": detail}
    warnings = exc.extra.get("warnings")
    if warnings:
        # Plausibility findings: confirmed by sending the same again with confirm_warnings=true (the
        # registry) or with the warnings' codes in ``confirm`` (care records: siklus.care.api).
        body["warnings"] = [{"field": w.field, "code": w.code, "msg": w.message} for w in warnings]
        if getattr(request, "confirm_by_code", False):
            body["hint"] = _("Kirim ulang dengan kode peringatan di confirm (%(codes)s) bila nilainya memang benar.") % {
                "codes": ", ".join(sorted({w.code for w in warnings}))}
        else:
            body["hint"] = _("Kirim ulang dengan confirm_warnings=true bila data memang benar.")
        return api.create_response(request, body, status=409)
    duplicates = exc.extra.get("duplicates")
    if duplicates:
        body["possible_duplicates"] = [
            {"id": str(d.person.pk), "name": d.person.name, "birth_date": d.person.birth_date.isoformat(), "reason": d.reason}
            for d in duplicates
        ]
        body["hint"] = "Kirim ulang dengan confirm_duplicate=true bila memang orang yang berbeda."
        return api.create_response(request, body, status=409)
    return api.create_response(request, body, status=422)


@api.exception_handler(Conflict)
def conflict(request, exc: Conflict):
    """An edit based on a stale version: 409 with what is saved now and its ETag (resend with it
    to keep your values)."""
    body = {
        "detail": exc.message,
        "version": exc.version,
        "current": exc.current,
        "conflicts": [{"field": name, **{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in info.items()}}
                      for name, info in exc.fields.items()],
    }
    response = api.create_response(request, body, status=409)
    response["ETag"] = etag(exc.version)
    return response


@api.exception_handler(PermissionError)
@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    # In the language the user chose (the language cookie), Indonesian otherwise.
    return api.create_response(request, {"detail": _("Di luar wewenang atau wilayah kerja Anda.")}, status=403)


@api.exception_handler(Http404)
def not_found(request, exc):
    # Out-of-area records are "not found" too: the same words, whether it exists or not.
    return api.create_response(request, {"detail": _("Data tidak ditemukan.")}, status=404)


from siklus.accounts.api import router as accounts_router  # noqa: E402
from siklus.areas.api import router as areas_router  # noqa: E402
from siklus.care.api import router as care_router  # noqa: E402
from siklus.facilities.api import router as facilities_router  # noqa: E402
from siklus.followup.api import router as followup_router  # noqa: E402
from siklus.followup.visits_api import router as home_visits_router  # noqa: E402
from siklus.people.api import router as people_router  # noqa: E402
from siklus.sync.api import router as sync_router  # noqa: E402

api.add_router("/areas", areas_router)
api.add_router("/facilities", facilities_router)
api.add_router("/", people_router)
api.add_router("/", care_router)
api.add_router("/", followup_router)
api.add_router("/", home_visits_router)
api.add_router("/akun", accounts_router)
api.add_router("/", sync_router)
