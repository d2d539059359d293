"""The error pages: 400, 403 and 404 inside the normal layout (menu, language, a way back), in
the user's language (the language middleware has already run); the 500 page names the request's
id (the one in the server's log line), so a user's report can be matched to the traceback. A
server error may come from the database or a template, so the 500 page renders standalone,
without the database or the context processors."""

from django.core.exceptions import DisallowedHost
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import translation
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _


def _back(request) -> str:
    """The previous page, when it is one of ours (never an address a link could smuggle in)."""
    referer = request.META.get("HTTP_REFERER", "")
    try:
        host = request.get_host()
    except DisallowedHost:  # the 400 of a request for a host we do not serve
        return ""
    if referer and referer != request.build_absolute_uri() and url_has_allowed_host_and_scheme(
            referer, allowed_hosts={host}, require_https=request.is_secure()):
        return referer
    return ""


def _page(request, template: str, status: int, detail: str):
    if request.path.startswith("/api/"):
        # An address outside the API's routes: JSON in the same words as the API's own errors.
        return JsonResponse({"detail": detail}, status=status)
    # The language switch leads home: the page does not echo the address asked for (a record's key).
    return render(request, template, {"back": _back(request), "error_page": True}, status=status)


def bad_request(request, exception=None):
    return _page(request, "400.html", 400, _("Permintaan tidak dapat dibaca."))


def permission_denied(request, exception=None):
    return _page(request, "403.html", 403, _("Di luar wewenang atau wilayah kerja Anda."))


def page_not_found(request, exception=None):
    return _page(request, "404.html", 404, _("Data tidak ditemukan."))


def server_error(request):
    request_id = getattr(request, "id", "")
    context = {"request_id": request_id, "LANGUAGE_CODE": translation.get_language(), "back": _back(request)}
    try:
        return HttpResponseServerError(loader.get_template("500.html").render(context))
    except Exception:  # the layout itself failed (a template, a URL): plain words still reach the user
        return HttpResponseServerError(
            f'<!doctype html><html lang="{escape(translation.get_language())}"><meta charset="utf-8">'
            f"<title>siklus</title><h1>{escape(_('Terjadi kesalahan di server'))}</h1>"
            f"<p><code>{escape(request_id)}</code></p><p><a href=\"/\">{escape(_('Kembali ke beranda'))}</a></p></html>")
