from django.urls import path

from siklus.kader import views

urlpatterns = [
    path("kader/", views.app, name="kader_app"),
    path("kader/manifest.webmanifest", views.manifest, name="kader_manifest"),
    path("kader/sw.js", views.service_worker, name="kader_sw"),
    path("kader/teks.json", views.app_texts, name="kader_texts"),
    path("kader/masuk/", views.sign_in, name="kader_sign_in"),
]
