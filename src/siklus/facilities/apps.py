from django.apps import AppConfig


class FacilitiesConfig(AppConfig):
    name = "siklus.facilities"
    label = "facilities"
    verbose_name = "Fasilitas"
