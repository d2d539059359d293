"""The offline app's sync state (docs/SYNC-PROTOCOL.md).

- :class:`Device`: one installation of the app, bound to a user and a bearer token; revocable.
- :class:`SyncScope`: one desa's gapless version counter (bumped with a row lock in the writer's
  transaction), its drift checksum and epoch.
- :class:`ChangeFeed`: the compacted feed: one row per record of a desa, at its latest version;
  ``removed`` rows are tombstones of records that left the desa.
- :class:`Mutation`: the idempotency record of every mutation a device sent, written in the same
  transaction as its effect, rejected ones included (never dropped).
- :class:`Conflict` and :class:`Duplicate`: the bidan's review queues; :class:`Redirect`: a person
  merged away and the one kept.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from siklus.core.querysets import ScopedQuerySet


class Device(models.Model):
    SCOPE_FIELD = "area_code"

    id = models.UUIDField(primary_key=True)  # made by the app at install
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sync_devices")
    name = models.CharField(_("nama perangkat"), max_length=100)
    token = models.OneToOneField("accounts.ApiToken", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="device")
    # The user's place when registered (scoping of the device page).
    area_code = models.CharField(max_length=40, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(null=True, blank=True)
    last_seq = models.BigIntegerField(default=0)
    app_version = models.CharField(max_length=40, blank=True)
    # Device clock minus server clock at the last push (shown, never used to order anything).
    skew_seconds = models.IntegerField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("perangkat")
        verbose_name_plural = _("perangkat")

    def __str__(self):
        return self.name

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


class SyncScope(models.Model):
    code = models.CharField(max_length=40, primary_key=True)  # a desa code
    version = models.BigIntegerField(default=0)
    # XOR of hash64("<table>:<id>:<v>") over the rows present (docs/SYNC-PROTOCOL.md "Checksum").
    checksum = models.BigIntegerField(default=0)
    # Changes when the scope's feed is rebuilt (a restore): every phone resets the scope.
    epoch = models.IntegerField(default=1)

    def __str__(self):
        return f"{self.code} v{self.version}"


class ChangeFeed(models.Model):
    scope = models.CharField(max_length=40)
    version = models.BigIntegerField()
    table = models.CharField(max_length=20)
    record_id = models.UUIDField()
    removed = models.BooleanField(default=False)
    reason = models.CharField(max_length=20, blank=True)  # of a removal: moved, merged, closed, …

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "table", "record_id"], name="sync_feed_one_row")]
        indexes = [models.Index(fields=["scope", "version"], name="sync_feed_scope_version"),
                   models.Index(fields=["record_id"], name="sync_feed_record")]


class MutationStatus(models.TextChoices):
    APPLIED = "applied", _("Diterapkan")
    DUPLICATE = "duplicate", _("Sudah ada")
    CONFLICT = "conflict", _("Menunggu pemeriksaan")
    REJECTED = "rejected", _("Ditolak")


class Mutation(models.Model):
    SCOPE_FIELD = "area_code"

    device = models.ForeignKey(Device, on_delete=models.PROTECT, related_name="mutations")
    device_seq = models.BigIntegerField()
    mutation_id = models.UUIDField(unique=True)
    type = models.CharField(max_length=40)
    entity_id = models.UUIDField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=MutationStatus.choices)
    code = models.CharField(max_length=30, blank=True)  # why rejected
    result = models.JSONField(default=dict)
    payload = models.JSONField(default=dict)
    client_time = models.CharField(max_length=40, blank=True)
    received_at = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The desa of the target (empty when unknown): where a rejection is reviewed.
    area_code = models.CharField(max_length=40, blank=True, db_index=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["device", "device_seq"], name="sync_mutation_device_seq")]
        indexes = [models.Index(fields=["status", "area_code"], name="sync_mutation_review")]


class ConflictStatus(models.TextChoices):
    OPEN = "open", _("Menunggu pemeriksaan")
    RESOLVED = "resolved", _("Diputuskan")
    INFO = "info", _("Informasi")


class Conflict(models.Model):
    """Two different values of one field written concurrently. ``review`` fields stay at the
    server value until the bidan decides; a per-field one is informational (the later arrival won,
    the other value is kept here)."""

    SCOPE_FIELD = "area_code"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    area_code = models.CharField(max_length=40, db_index=True)  # the record's
    table = models.CharField(max_length=20)
    record_id = models.UUIDField()
    field = models.CharField(max_length=40)
    base = models.JSONField(null=True, blank=True)
    yours = models.JSONField(null=True, blank=True)  # the device's value
    theirs = models.JSONField(null=True, blank=True)  # the server's value when it arrived
    mutation = models.ForeignKey(Mutation, null=True, blank=True, on_delete=models.PROTECT, related_name="conflicts")
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=ConflictStatus.choices, default=ConflictStatus.OPEN)
    resolution = models.JSONField(null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["area_code", "status"], name="sync_conflict_queue")]


class DuplicateStatus(models.TextChoices):
    OPEN = "open", _("Menunggu pemeriksaan")
    MERGED = "merged", _("Digabung")
    DISTINCT = "distinct", _("Orang berbeda")


class Duplicate(models.Model):
    """A person created offline who may be one already registered (``person_a`` was there first)."""

    SCOPE_FIELD = "area_code"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    area_code = models.CharField(max_length=40, db_index=True)
    person_a = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    person_b = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=300)
    # A NIK the new person could not take (it was the other's): kept here for the merge.
    held_nik = models.CharField(max_length=16, blank=True)
    mutation = models.ForeignKey(Mutation, null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates")
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=DuplicateStatus.choices, default=DuplicateStatus.OPEN)
    kept = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["area_code", "status"], name="sync_duplicate_queue")]


class Redirect(models.Model):
    """A person merged into another: later mutations naming ``merged_id`` go to ``kept``."""

    merged_id = models.UUIDField(primary_key=True)
    kept = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    area_code = models.CharField(max_length=40)
    created_at = models.DateTimeField(default=timezone.now)
