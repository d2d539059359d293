"""Indonesian first: the interface language is the one the user chose (language cookie),
otherwise Indonesian — never guessed from the browser, since many phones in Indonesia run
with an English system language while their users expect the product in Bahasa Indonesia."""

import contextlib
import ipaddress

from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control

from siklus.core import requestid


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class RejectControlCharactersMiddleware:
    """A NUL or other control character in the path or query string is refused with a 400.

    No legitimate input of ours contains one, and PostgreSQL cannot even compare text with NUL,
    so letting it through would turn a malformed request into a server error. (Request bodies are
    checked by the forms and the API schemas.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        values = [request.path, *(v for values in request.GET.lists() for v in values[1])]
        if any(ord(c) < 32 for value in values for c in value):
            message = "Permintaan berisi karakter kontrol yang tidak diizinkan."
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message)
        return self.get_response(request)


class ProxiedClientAddressMiddleware:
    """Behind the TLS proxy (``SIKLUS_BEHIND_TLS_PROXY=1``) every connection comes from the proxy, so
    the client's address is the one the proxy appended last to ``X-Forwarded-For`` (nginx's
    ``$proxy_add_x_forwarded_for``). Earlier entries come from the client and are not believed.
    Login throttling (axes) and the audit log then see the real client instead of 127.0.0.1."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.BEHIND_TLS_PROXY:
            forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
            with contextlib.suppress(ValueError):  # no or malformed header: keep the proxy's address
                request.META["REMOTE_ADDR"] = str(ipaddress.ip_address(forwarded))
        return self.get_response(request)


class RequestIdMiddleware:
    """Every response carries ``X-Request-ID``; log lines written while serving it (a 500's
    traceback above all) carry the same id (``siklus.core.requestid.RequestIdFilter``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = requestid.new_id(request.headers.get("X-Request-ID"))
        token = requestid.bind(request.id)
        try:
            response = self.get_response(request)
        finally:
            requestid.unbind(token)
        response["X-Request-ID"] = request.id
        return response


class BrowserHardeningMiddleware:
    """A Content-Security-Policy on every response, and no caching of anything but static files.

    Pages and API answers carry personal data: a shared Puskesmas computer or a proxy must not
    keep them (``no-store``). Static files are answered by WhiteNoise before this middleware and
    keep their long cache lifetimes. The policy allows only this origin's scripts and styles, no
    inline script or style, no plugins, no framing (``settings.CONTENT_SECURITY_POLICY``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.CONTENT_SECURITY_POLICY and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = settings.CONTENT_SECURITY_POLICY
        patch_cache_control(response, no_store=True, private=True)
        return response
