from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from siklus.api import api
from siklus.people.models import Household, Person
from siklus.web import views
from siklus.web.login import LoginView

urlpatterns = [
    path("", views.home, name="home"),
    path("masuk/", LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("bahasa/", set_language, name="set_language"),
    path("wilayah/", views.area_index, name="areas"),
    path("wilayah/<str:code>/", views.area_detail, name="area"),
    path("wilayah/<str:code>/tambah/", views.area_add_sub, name="area_add_sub"),
    path("wilayah/<str:code>/keluarga/baru/", views.household_create, name="household_create"),
    path("fasilitas/", views.facility_list, name="facilities"),
    path("fasilitas/<uuid:pk>/", views.facility_detail, name="facility"),
    path("fasilitas/<uuid:pk>/ilp/", views.facility_ilp, name="facility_ilp"),
    path("fasilitas/<uuid:pk>/tambah/", views.facility_add_person, name="facility_add_person"),
    path("keluarga/<uuid:pk>/", views.household_detail, name="household"),
    path("keluarga/<uuid:pk>/ubah/", views.household_edit, name="household_edit"),
    path("keluarga/<uuid:pk>/batal/", views.void_record, {"model": Household}, name="household_void"),
    path("keluarga/<uuid:pk>/anggota/baru/", views.person_create, name="person_create"),
    path("penduduk/<uuid:pk>/", views.person_detail, name="person"),
    path("penduduk/<uuid:pk>/ubah/", views.person_edit, name="person_edit"),
    path("penduduk/<uuid:pk>/batal/", views.void_record, {"model": Person}, name="person_void"),
    path("cari/", views.search, name="search"),
    path("", include("siklus.audit.urls")),
    path("api/v1/", api.urls),
]
