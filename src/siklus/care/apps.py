from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "siklus.care"
    label = "care"
    verbose_name = "Pelayanan"

    def ready(self):
        from siklus.care import views
        from siklus.people import sections

        # A person's page is their care record (people cannot import care: it lies below).
        sections.register("care_record", "care/_record.html", views.person_section, order=10)
