from django.apps import AppConfig


class SyncConfig(AppConfig):
    name = "siklus.sync"
    label = "sync"
    verbose_name = "Sinkronisasi"

    def ready(self):
        from siklus.sync import hooks

        # The change feed learns of every write from the audit event each service writes in its
        # own transaction, and of the tasks the rules open or close after a care change; the
        # apps below (people, care, followup) never import sync.
        hooks.connect()
