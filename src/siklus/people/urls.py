from django.urls import path

from siklus.people import views
from siklus.people.models import Household, Person

urlpatterns = [
    path("wilayah/<str:code>/keluarga/baru/", views.household_create, name="household_create"),
    path("keluarga/<uuid:pk>/", views.household_detail, name="household"),
    path("keluarga/<uuid:pk>/ubah/", views.household_edit, name="household_edit"),
    path("keluarga/<uuid:pk>/batal/", views.void_record, {"model": Household}, name="household_void"),
    path("keluarga/<uuid:pk>/anggota/baru/", views.person_create, name="person_create"),
    path("penduduk/<uuid:pk>/", views.person_detail, name="person"),
    path("penduduk/<uuid:pk>/ubah/", views.person_edit, name="person_edit"),
    path("penduduk/<uuid:pk>/batal/", views.void_record, {"model": Person}, name="person_void"),
    path("cari/", views.search, name="search"),
]
