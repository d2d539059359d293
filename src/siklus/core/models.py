"""Conventions every record follows (ARCHITECTURE.md "Data").

A UUID primary key (offline clients create records), timestamps, who created it, the area
code it belongs to (the one field area scoping filters on), voiding instead of deletion, and a
version for optimistic concurrency: an edit names the version it was based on and writes only the
fields it changes, with one conditional ``UPDATE … WHERE id = … AND version = …`` (no window
between reading and writing), so two people editing one record never silently undo each other.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F
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
    # Incremented by every edit (see write_changes); an edit based on another version is refused.
    version = models.PositiveIntegerField(_("versi"), default=1, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None

    def write_changes(self, values: dict, *, version: int) -> bool:
        """Write ``values`` (field -> new value) only if the row is still at ``version``, and
        increment the version, in one conditional UPDATE. True when written (the instance then
        holds the new values and version); False when the row moved on or is gone (nothing was
        written: the caller reloads and decides, usually raising
        :class:`~siklus.core.errors.Conflict`)."""
        now = timezone.now()
        matched = type(self)._base_manager.filter(pk=self.pk, version=version).update(
            **values, version=F("version") + 1, updated_at=now,
        )
        if not matched:
            return False
        for name, value in values.items():
            setattr(self, name, value)
        self.version = version + 1
        self.updated_at = now
        return True
