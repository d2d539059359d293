from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "siklus.followup"
    label = "followup"
    verbose_name = "Tindak lanjut"

    def ready(self):
        from siklus.care import changes
        from siklus.followup import services

        # Saving a care record (or editing a person) updates that person's tasks once the
        # transaction commits; care does not know followup (it lies below it).
        changes.subscribe(services.refresh_persons_after_change)
