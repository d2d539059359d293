"""The Posyandu open day's pages (siklus.care.posyandu_views)."""

from datetime import date

from django.urls import path, register_converter

from siklus.care import posyandu_views as views


class IsoDate:
    """A day in the address as YYYY-MM-DD (an impossible date is "not found")."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> date:
        return date.fromisoformat(value)

    def to_url(self, value) -> str:
        return value.isoformat() if isinstance(value, date) else str(value)


register_converter(IsoDate, "isodate")

urlpatterns = [
    path("posyandu/<uuid:pk>/hari-buka/", views.day_today, name="posyandu_today"),
    path("posyandu/<uuid:pk>/hari-buka/<isodate:day>/", views.day, name="posyandu_day"),
    path("posyandu/<uuid:pk>/hari-buka/<isodate:day>/cari/", views.walk_in_search, name="posyandu_search"),
    path("posyandu/<uuid:pk>/hari-buka/<isodate:day>/hadir/", views.attend, name="posyandu_attend"),
    path("posyandu/<uuid:pk>/hari-buka/<isodate:day>/pratinjau/", views.preview, name="posyandu_preview"),
    path("posyandu/<uuid:pk>/hari-buka/<isodate:day>/ukur/", views.measure, name="posyandu_measure"),
    path("posyandu/<uuid:pk>/hari-buka/<isodate:day>/layanan/", views.serve, name="posyandu_serve"),
    path("posyandu/<uuid:pk>/hari-buka/<isodate:day>/ringkasan/", views.summary, name="posyandu_summary"),
]
