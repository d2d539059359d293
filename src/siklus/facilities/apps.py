from django.apps import AppConfig


class FacilitiesConfig(AppConfig):
    name = "siklus.facilities"
    label = "facilities"
    verbose_name = "Fasilitas"

    def ready(self):
        from siklus.areas import sections
        from siklus.facilities import views

        # An area's page lists its facilities (areas cannot import facilities: it lies below).
        sections.register("facilities", "facilities/_area_section.html", views.area_section, order=10)
