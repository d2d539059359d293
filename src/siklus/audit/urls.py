from django.urls import path

from siklus.audit import views

urlpatterns = [
    path("audit/", views.audit_log, name="audit"),
    path("audit/ekspor.csv", views.audit_export, name="audit_export"),
]
