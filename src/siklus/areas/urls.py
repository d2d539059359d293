from django.urls import path

from siklus.areas import views

urlpatterns = [
    path("wilayah/", views.area_index, name="areas"),
    path("wilayah/<str:code>/", views.area_detail, name="area"),
    path("wilayah/<str:code>/tambah/", views.area_add_sub, name="area_add_sub"),
]
