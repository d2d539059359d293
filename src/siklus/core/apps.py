from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "siklus.core"
    label = "core"
    verbose_name = "Inti"

    def ready(self):
        from django.conf import settings

        from siklus.rules import config

        config.configure(getattr(settings, "SIKLUS_RULES", {}))
