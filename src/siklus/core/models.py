"""Conventions every record follows (ARCHITECTURE.md "Data").

A UUID primary key (offline clients create records), timestamps, who created it, the area
code it belongs to (the one field area scoping filters on), and voiding instead of deletion.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from siklus.core.querysets import ScopedQuerySet


class Record(models.Model):
    SCOPE_FIELD = "area_code"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    # The desa (or sub-desa) code the record belongs to; scoping is a prefix filter on it.
    area_code = models.CharField(_("kode wilayah"), max_length=40, db_index=True)
    voided_at = models.DateTimeField(null=True, blank=True, editable=False)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    void_reason = models.TextField(blank=True, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None
