from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "siklus.areas"
    label = "areas"
    verbose_name = "Wilayah"
