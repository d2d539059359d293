from django.apps import AppConfig


class SynthConfig(AppConfig):
    name = "siklus.synth"
    label = "synth"
    verbose_name = "Data sintetis"
