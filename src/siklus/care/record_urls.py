from django.urls import path

from siklus.care import record_views

# Recording on a person's page by cluster (issue #11 item 4).
urlpatterns = [
    path("penduduk/<uuid:pk>/catat/<slug:form>/", record_views.record_form, name="record_form"),
    path("icd10/", record_views.icd10_search, name="icd10_search"),
]
