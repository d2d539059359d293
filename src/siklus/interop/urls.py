from django.urls import path

from siklus.interop import views

urlpatterns = [
    path("interop/satusehat/", views.satusehat_status, name="satusehat_status"),
]
