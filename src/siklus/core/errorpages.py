"""The 500 page names the request's id (the one in the server's log line), so a user's report can
be matched to the traceback. It renders without the database or the context processors."""

from django.http import HttpResponseServerError
from django.template import loader
from django.utils import translation


def server_error(request):
    context = {"request_id": getattr(request, "id", ""), "LANGUAGE_CODE": translation.get_language()}
    return HttpResponseServerError(loader.get_template("500.html").render(context))
