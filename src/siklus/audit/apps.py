from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "siklus.audit"
    label = "audit"
    verbose_name = "Audit"

    def ready(self):
        from siklus.audit import signals  # noqa: F401  (failed logins)
