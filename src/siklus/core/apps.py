from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "siklus.core"
    label = "core"
    verbose_name = "Inti"

    def ready(self):
        from siklus.core import rulesettings

        rulesettings.load()
