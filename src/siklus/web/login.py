"""Login that records successful sign-ins in the audit log (failures are counted by axes)."""

from django.contrib.auth import views as auth_views

from siklus.audit.log import log


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        log("login", actor=self.request.user, area_code="")
        return response
