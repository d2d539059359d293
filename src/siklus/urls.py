from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from siklus.api import api
from siklus.core.health import healthz
from siklus.web import views
from siklus.web.login import LoginView

# The shell (home, login, language) here; every app its own pages.
urlpatterns = [
    path("", views.home, name="home"),
    path("masuk/", LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("bahasa/", set_language, name="set_language"),
    path("healthz", healthz, name="healthz"),  # for load balancers: no login, no personal data
    path("", include("siklus.areas.urls")),
    path("", include("siklus.facilities.urls")),
    path("", include("siklus.people.urls")),
    path("", include("siklus.care.posyandu_urls")),
    path("", include("siklus.care.record_urls")),
    path("", include("siklus.reports.urls")),
    path("", include("siklus.followup.urls")),
    path("", include("siklus.monitoring.urls")),
    path("", include("siklus.audit.urls")),
    path("", include("siklus.accounts.urls")),
    path("", include("siklus.interop.urls")),
    path("", include("siklus.sync.urls")),
    path("", include("siklus.kader.urls")),
    path("api/v1/", api.urls),
]

# Error pages inside the layout, in the user's language; a server error names its request id,
# as logged (siklus.core.errorpages).
handler400 = "siklus.core.errorpages.bad_request"
handler403 = "siklus.core.errorpages.permission_denied"
handler404 = "siklus.core.errorpages.page_not_found"
handler500 = "siklus.core.errorpages.server_error"
