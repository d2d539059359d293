from django.urls import path

from siklus.followup import views

urlpatterns = [
    # A Posyandu's worklist; the same page shows a Pustu's or Puskesmas' escalated tasks.
    path("posyandu/<uuid:pk>/tindak-lanjut/", views.worklist, name="followup_worklist"),
    path("posyandu/<uuid:pk>/tindak-lanjut/cetak.pdf", views.worklist_pdf, name="followup_worklist_pdf"),
    path("keluarga/<uuid:pk>/kunjungan-rumah/", views.homevisit_new, name="homevisit_new"),
    path("kunjungan-rumah/<uuid:pk>/", views.homevisit_detail, name="homevisit"),
    path("pustu/<uuid:pk>/tinjauan-mingguan/", views.review, name="followup_review"),
    path("rt/", views.rt_list, name="followup_rt"),
    path("rt/keluarga/<uuid:pk>/diingatkan/", views.rt_remind, name="followup_rt_remind"),
]
