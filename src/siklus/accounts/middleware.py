"""A user given a one-time password by an admin must choose their own before anything else."""

from django.shortcuts import redirect
from django.urls import reverse

ALLOWED = ("password_change", "logout", "set_language")


class MustChangePasswordMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated and getattr(user, "must_change_password", False)
                and not request.path.startswith(("/api/", "/static/"))
                and request.path not in {reverse(name) for name in ALLOWED}):
            return redirect("password_change")
        return self.get_response(request)
