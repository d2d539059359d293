"""Dashboards: /pemantauan/ (the user's own area), per cluster, SPM, ILP roll-out; any area or
Puskesmas/Posyandu of the user's scope; the persons behind a desa's or Posyandu's figure."""

from django.urls import path

from siklus.monitoring import views

urlpatterns = [
    path("pemantauan/", views.home, name="dashboard"),
    path("pemantauan/klaster/<int:klaster>/", views.cluster, name="dashboard_cluster"),
    path("pemantauan/spm/", views.spm, name="dashboard_spm"),
    path("pemantauan/ilp/", views.rollout, name="dashboard_rollout"),
    path("pemantauan/wilayah/<str:code>/orang/", views.area_people, name="dashboard_people"),
    path("pemantauan/wilayah/<str:code>/<slug:board>/", views.area_board, name="dashboard_area"),
    path("pemantauan/fasilitas/<uuid:pk>/orang/", views.facility_people, name="dashboard_facility_people"),
    path("pemantauan/fasilitas/<uuid:pk>/<slug:board>/", views.facility_board, name="dashboard_facility"),
]
