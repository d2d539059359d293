"""The audit log: who created, changed, voided, viewed or exported which record, when, from where.

Append-only: an event is written once, in the same transaction as the change it records, and
there is no path to change or delete it (``save`` of an existing event, ``delete`` and the
queryset's ``update``/``delete`` all raise; in the database a trigger refuses UPDATE and DELETE
on PostgreSQL and UPDATE on SQLite, see migration 0003). Updates carry the before/after values, so this log
is also the history of every edit.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from siklus.core.querysets import ScopedQuerySet


class Action(models.TextChoices):
    CREATE = "create", _("buat")
    UPDATE = "update", _("ubah")
    VOID = "void", _("batalkan")
    VIEW = "view", _("lihat")
    EXPORT = "export", _("ekspor")
    LOGIN = "login", _("masuk")
    LOGIN_FAILED = "login_failed", _("gagal masuk")
    # Reads of many records at once: one event per request, with the count and the ids shown.
    LIST = "list", _("daftar")
    SEARCH = "search", _("cari")
    LOCKED_OUT = "locked_out", _("terkunci")
    # Account actions.
    PASSWORD_CHANGE = "password_change", _("ganti kata sandi")
    PASSWORD_RESET = "password_reset", _("atur ulang kata sandi")
    TOKEN_CREATE = "token_create", _("buat token")
    TOKEN_REVOKE = "token_revoke", _("cabut token")


class AppendOnly(Exception):
    """Raised on any attempt to change or delete an audit event."""


class AuditQuerySet(ScopedQuerySet):
    def update(self, **kwargs):
        raise AppendOnly("the audit log is append-only")

    def delete(self):
        raise AppendOnly("the audit log is append-only")

    def bulk_update(self, *args, **kwargs):
        raise AppendOnly("the audit log is append-only")


class AuditEvent(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    username = models.CharField(max_length=150, blank=True)  # kept when a user is renamed; "system:<job>" for jobs
    action = models.CharField(max_length=20, choices=Action.choices, db_index=True)
    model = models.CharField(max_length=40, blank=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(max_length=200, blank=True)
    area_code = models.CharField(max_length=40, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    channel = models.CharField(max_length=10, blank=True)  # web, api, cli, job
    changes = models.JSONField(default=dict, blank=True)

    SCOPE_FIELD = "area_code"
    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["model", "object_id", "at"])]
        verbose_name = _("catatan audit")
        verbose_name_plural = _("catatan audit")

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly("the audit log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("the audit log is append-only")
