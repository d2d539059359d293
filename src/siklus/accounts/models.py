"""Users with a role and a place, and API tokens.

``accounts`` is part of the base: it imports nothing of the apps. A user's binding (an area or
a facility) is a foreign key by name, and the area a facility's staff serve is the facility's
own business (``Facility.work_area_prefixes``).
"""

import hashlib
import secrets
from datetime import timedelta
from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from siklus.core.scope import NOTHING, Scope


class Role(models.TextChoices):
    KADER = "kader", _("Kader Posyandu")
    PUSTU = "pustu", _("Bidan/perawat Pustu")
    NAKES = "nakes", _("Nakes Puskesmas")
    KEPALA = "kepala", _("Kepala Puskesmas")
    DINKES_KAB = "dinkes_kab", _("Dinkes kabupaten/kota")
    DINKES_PROV = "dinkes_prov", _("Dinkes provinsi")
    ADMIN = "admin", _("Admin")
    # Ketua RT/RW: sees which households of its RT/RW have an open follow-up, in plain words, and
    # nothing else (issue #13): no person, no care record, no API data.
    RT = "rt", _("Ketua RT/RW")


# Which binding each role needs: a facility of a kind, or an area of a level.
ROLE_BINDING = {
    Role.KADER: ("facility", "posyandu"),
    Role.PUSTU: ("facility", "pustu"),
    Role.NAKES: ("facility", "puskesmas"),
    Role.KEPALA: ("facility", "puskesmas"),
    Role.DINKES_KAB: ("area", "kabkota"),
    Role.DINKES_PROV: ("area", "provinsi"),
    Role.ADMIN: (None, None),
    Role.RT: ("area", "rt"),  # an RT (or RW) below a desa: its sub-area code
}


class User(AbstractUser):
    role = models.CharField(_("peran"), max_length=12, choices=Role.choices, default=Role.KADER)
    area = models.ForeignKey("areas.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("wilayah"))
    facility = models.ForeignKey("facilities.Facility", null=True, blank=True, on_delete=models.PROTECT, related_name="users", verbose_name=_("fasilitas"))
    # Set when an admin resets the password: the one-time password must be replaced at next login.
    must_change_password = models.BooleanField(_("wajib ganti kata sandi"), default=False)

    is_system = False

    @cached_property
    def scope(self) -> Scope:
        """Where this user works, from their role and binding; computed once per user object."""
        if not self.is_active:
            return NOTHING
        if self.is_superuser or self.role == Role.ADMIN:
            return Scope(None, role=Role.ADMIN)
        if self.role == Role.RT:
            return Scope((), role=Role.RT)  # no records at all: see ``neighbourhood``
        if self.role in (Role.DINKES_KAB, Role.DINKES_PROV):
            return Scope((self.area_id,), role=self.role) if self.area_id else NOTHING
        facility = self.facility
        if facility is None or facility.is_voided:
            return NOTHING
        return Scope(facility.work_area_prefixes(), role=self.role, facility_id=str(facility.pk))


    @cached_property
    def neighbourhood(self) -> Scope:
        """The RT/RW a ketua RT/RW is bound to, for the reminders of its households only
        (:mod:`siklus.accounts.policies` checks the reminder permissions against it); nothing else
        reads it, so every record query of an RT user stays empty."""
        if self.is_active and self.role == Role.RT and self.area_id:
            return Scope((self.area_id,), role=Role.RT)
        return NOTHING


def token_expiry():
    """When a new token stops working: ``SIKLUS_TOKEN_DAYS`` (default 90) days from now."""
    return timezone.now() + timedelta(days=settings.SIKLUS_TOKEN_DAYS)


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the token is shown once. It works
    until it expires or is revoked, and only while its user is active."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=token_expiry)
    revoked = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.name

    @property
    def usable(self) -> bool:
        return not self.revoked and self.expires_at > timezone.now()

    @classmethod
    def authenticate(cls, token: str):
        """The active user of a valid, unexpired, unrevoked token, else None."""
        found = cls.objects.select_related("user").filter(
            digest=cls.digest_of(token), revoked=False, expires_at__gt=timezone.now()).first()
        return found.user if found is not None and found.user.is_active else None

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def issue(cls, user, name: str) -> str:
        token = "sk_" + secrets.token_urlsafe(32)
        cls.objects.create(user=user, name=name, digest=cls.digest_of(token))
        return token


class DemoDatabase(models.Model):
    """One row, written by ``siklus demo`` when it creates its database. Only in such a database
    do logins with the public demo password exist; ``siklus demo`` refuses any other database."""

    created_at = models.DateTimeField(auto_now_add=True)

    @classmethod
    def here(cls) -> bool:
        return cls.objects.exists()
