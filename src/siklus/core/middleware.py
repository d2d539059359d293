"""Indonesian first: the interface language is the one the user chose (language cookie),
otherwise Indonesian — never guessed from the browser, since many phones in Indonesia run
with an English system language while their users expect the product in Bahasa Indonesia."""

from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


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
