from django.urls import path

from siklus.accounts import views

urlpatterns = [
    path("akun/", views.account, name="account"),
    path("akun/kata-sandi/", views.password_change, name="password_change"),
    path("akun/token/baru/", views.token_create, name="token_create"),
    path("akun/token/<str:pk>/cabut/", views.token_revoke, name="token_revoke"),
    path("akun/pengguna/", views.user_list, name="user_list"),
    path("akun/pengguna/<int:pk>/atur-ulang/", views.user_reset_password, name="user_reset_password"),
]
