"""One row per generated kabupaten: what was asked for, so a later run can refuse or replace it,
and so the "life over time" half knows how many months to simulate."""

import uuid

from django.db import models


class SynthRun(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kabupaten = models.CharField(max_length=10, db_index=True)
    preset = models.CharField(max_length=20, blank=True)
    seed = models.BigIntegerField()
    persons = models.PositiveIntegerField()
    scale = models.FloatField(default=1.0)
    # Months of "life over time" asked for; stored for the second half of the generator.
    months = models.PositiveSmallIntegerField(default=0)
    as_of = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"synth {self.kabupaten} seed={self.seed} persons={self.persons}"
