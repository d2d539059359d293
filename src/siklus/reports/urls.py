from django.urls import path

from siklus.reports import views

urlpatterns = [
    path("fasilitas/<uuid:pk>/laporan/", views.facility_reports, name="facility_reports"),
    path("fasilitas/<uuid:pk>/laporan/register.xlsx", views.register_download, name="report_register"),
    path("fasilitas/<uuid:pk>/laporan/bulanan.pdf", views.monthly_download, name="report_monthly"),
    path("penduduk/<uuid:pk>/buku-kia.pdf", views.buku_kia, name="report_kia"),
]
