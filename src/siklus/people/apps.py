from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "siklus.people"
    label = "people"
    verbose_name = "Penduduk"
