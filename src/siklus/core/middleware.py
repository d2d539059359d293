"""Indonesian first: the interface language is the one the user chose (language cookie),
otherwise Indonesian — never guessed from the browser, since many phones in Indonesia run
with an English system language while their users expect the product in Bahasa Indonesia."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
