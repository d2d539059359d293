"""Users with a role and a place, API tokens, and the audit log."""

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from siklus.areas.models import Area
from siklus.core.models import ScopedQuerySet
from siklus.facilities.models import Facility


class Role(models.TextChoices):
    KADER = "kader", _("Kader Posyandu")
    PUSTU = "pustu", _("Bidan/perawat Pustu")
    NAKES = "nakes", _("Nakes Puskesmas")
    KEPALA = "kepala", _("Kepala Puskesmas")
    DINKES_KAB = "dinkes_kab", _("Dinkes kabupaten/kota")
    DINKES_PROV = "dinkes_prov", _("Dinkes provinsi")
    ADMIN = "admin", _("Admin")


# Which binding each role needs: a facility of a kind, or an area of a level.
ROLE_BINDING = {
    Role.KADER: ("facility", "posyandu"),
    Role.PUSTU: ("facility", "pustu"),
    Role.NAKES: ("facility", "puskesmas"),
    Role.KEPALA: ("facility", "puskesmas"),
    Role.DINKES_KAB: ("area", "kabkota"),
    Role.DINKES_PROV: ("area", "provinsi"),
    Role.ADMIN: (None, None),
}

# Roles that may read the audit log (ARCHITECTURE: "visible to admins and Dinkes").
AUDIT_READERS = {Role.ADMIN, Role.DINKES_KAB, Role.DINKES_PROV}


class User(AbstractUser):
    role = models.CharField(_("peran"), max_length=12, choices=Role.choices, default=Role.KADER)
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("wilayah"))
    facility = models.ForeignKey(Facility, null=True, blank=True, on_delete=models.PROTECT, related_name="users", verbose_name=_("fasilitas"))

    @property
    def can_read_audit(self) -> bool:
        return self.role in AUDIT_READERS


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked = models.BooleanField(default=False)

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def issue(cls, user, name: str) -> str:
        token = "sk_" + secrets.token_urlsafe(32)
        cls.objects.create(user=user, name=name, digest=cls.digest_of(token))
        return token


class Action(models.TextChoices):
    CREATE = "create", _("buat")
    UPDATE = "update", _("ubah")
    VOID = "void", _("batalkan")
    VIEW = "view", _("lihat")
    EXPORT = "export", _("ekspor")
    LOGIN = "login", _("masuk")
    LOGIN_FAILED = "login_failed", _("gagal masuk")


class AuditEvent(models.Model):
    """Who did what to which record, when, from where. Updates carry the before/after values,
    so this log is also the history of every edit."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=14, choices=Action.choices, db_index=True)
    model = models.CharField(max_length=40, blank=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(max_length=200, blank=True)
    area_code = models.CharField(max_length=40, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    channel = models.CharField(max_length=10, blank=True)  # web, api, cli
    changes = models.JSONField(default=dict, blank=True)

    SCOPE_FIELD = "area_code"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["model", "object_id", "at"])]
