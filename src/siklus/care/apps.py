from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "siklus.care"
    label = "care"
    verbose_name = "Pelayanan"
