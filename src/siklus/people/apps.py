from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "siklus.people"
    label = "people"
    verbose_name = "Penduduk"

    def ready(self):
        from siklus.areas import sections
        from siklus.people import views

        # A desa's page lists its households (areas cannot import people: it lies below).
        sections.register("households", "people/_area_section.html", views.area_section, order=20)
