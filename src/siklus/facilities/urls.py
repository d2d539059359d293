from django.urls import path

from siklus.facilities import views

urlpatterns = [
    path("fasilitas/", views.facility_list, name="facilities"),
    path("fasilitas/<uuid:pk>/", views.facility_detail, name="facility"),
    path("fasilitas/<uuid:pk>/ilp/", views.facility_ilp, name="facility_ilp"),
    path("fasilitas/<uuid:pk>/tambah/", views.facility_add_person, name="facility_add_person"),
]
