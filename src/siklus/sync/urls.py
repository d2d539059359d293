from django.urls import path

from siklus.sync import views

urlpatterns = [
    path("sinkron/konflik/", views.conflicts, name="sync_conflicts"),
    path("sinkron/konflik/<uuid:pk>/", views.conflict_resolve, name="sync_conflict_resolve"),
    path("sinkron/ditolak/<str:pk>/", views.rejected_reviewed, name="sync_rejected_reviewed"),
    path("sinkron/duplikat/", views.duplicates, name="sync_duplicates"),
    path("sinkron/duplikat/<uuid:pk>/", views.duplicate_resolve, name="sync_duplicate_resolve"),
    path("sinkron/perangkat/", views.devices, name="sync_devices"),
    path("sinkron/perangkat/<uuid:pk>/cabut/", views.device_revoke, name="sync_device_revoke"),
]
