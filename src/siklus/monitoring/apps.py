from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "siklus.monitoring"
    label = "monitoring"
    verbose_name = "Pemantauan"

    def ready(self):
        # care lies below monitoring and cannot call it: the fact table follows care's saves
        # through siklus.care.changes (see siklus.monitoring.facts.follow_care).
        from siklus.monitoring import facts

        facts.follow_care()
