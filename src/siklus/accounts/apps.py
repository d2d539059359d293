from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "siklus.accounts"
    label = "accounts"
    verbose_name = "Akun"
