from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_search_index(using="default", **kwargs):
    # A SQLite table rebuild (any later migration altering people_person) drops the name-search
    # triggers: put them back (siklus.people.search_index).
    from django.db import connections

    from siklus.people import search_index

    search_index.ensure(connections[using])


class PeopleConfig(AppConfig):
    name = "siklus.people"
    label = "people"
    verbose_name = "Penduduk"

    def ready(self):
        from siklus.areas import sections
        from siklus.people import views

        # A desa's page lists its households (areas cannot import people: it lies below).
        sections.register("households", "people/_area_section.html", views.area_section, order=20)
        post_migrate.connect(_ensure_search_index, sender=self)
