"""SATUSEHAT exchange state: each Puskesmas' configuration, the outbox of record versions to send,
and the ids SATUSEHAT gave to what was sent (a person's IHS number among them).

The outbox is a table, so it survives restarts: one row per (record, version) to send, claimed by
a sender with a lease, marked sent with the remote id in the same transaction that stores the id.
A record is never created twice remotely: once its remote id is known (:class:`RemoteResource`),
a new version is a PUT to that id.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from siklus.core.querysets import ScopedQuerySet
from siklus.facilities.models import Facility
from siklus.interop import crypto
from siklus.people.models import Person
from siklus.rules import satusehat

DEFAULT_AUTH_URL = "https://api-satusehat.kemkes.go.id/oauth2/v1"  # [M] the FHIR base is ILP.md §8.3's


class SatusehatConfig(models.Model):
    """One Puskesmas' SATUSEHAT credentials and endpoints. The client secret is stored encrypted
    and never shown (:mod:`siklus.interop.crypto`)."""

    SCOPE_FIELD = "area_code"

    puskesmas = models.OneToOneField(Facility, on_delete=models.PROTECT, related_name="satusehat",
                                     limit_choices_to={"kind": "puskesmas"}, verbose_name=_("Puskesmas"))
    area_code = models.CharField(max_length=40, db_index=True)  # the Puskesmas' own desa
    organization_id = models.CharField(_("ID Organisasi SATUSEHAT"), max_length=64, blank=True)
    client_id = models.CharField(_("client ID"), max_length=200, blank=True)
    secret_encrypted = models.TextField(blank=True, editable=False)
    auth_url = models.URLField(_("URL otentikasi"), max_length=300, default=DEFAULT_AUTH_URL)
    base_url = models.URLField(_("URL FHIR"), max_length=300, default=satusehat.FHIR_BASE)
    # The practitioner (IHS id) named on contacts whose own health worker is not linked, e.g. the
    # bidan koordinator for Posyandu contacts recorded by kader.
    default_practitioner_id = models.CharField(_("ID Practitioner bawaan"), max_length=64, blank=True)
    enabled = models.BooleanField(_("kirim ke SATUSEHAT"), default=False)
    send_from = models.DateField(_("kirim catatan sejak"), null=True, blank=True)
    # Records changed up to this moment have been put in the outbox (the collector's watermark).
    collected_until = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("pengaturan SATUSEHAT")

    def __str__(self):
        return f"SATUSEHAT {self.puskesmas}"

    def __repr__(self):  # never the secret
        return f"<SatusehatConfig {self.puskesmas_id} org={self.organization_id!r}>"

    def set_secret(self, plain: str) -> None:
        self.secret_encrypted = crypto.encrypt(plain)

    def secret(self) -> str:
        return crypto.decrypt(self.secret_encrypted)

    @property
    def has_secret(self) -> bool:
        return bool(self.secret_encrypted)

    @property
    def client_id_masked(self) -> str:
        value = self.client_id
        return value[:4] + "…" + value[-2:] if len(value) > 8 else ("…" if value else "")


class RemoteResource(models.Model):
    """The id SATUSEHAT knows a siklus record (or person: the IHS number) by, and the version of
    the record last sent to it."""

    config = models.ForeignKey(SatusehatConfig, on_delete=models.PROTECT, related_name="remote")
    resource_type = models.CharField(max_length=40)
    local_id = models.CharField(max_length=64)
    remote_id = models.CharField(max_length=64)
    sent_version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["config", "resource_type", "local_id"],
                                               name="interop_remote_unique")]

    def __str__(self):
        return f"{self.resource_type}/{self.remote_id}"


class PractitionerLink(models.Model):
    """A user's SATUSEHAT Practitioner id (IHS number of the health worker), named as the
    participant of the contacts they gave."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practitioner")
    practitioner_id = models.CharField(max_length=64)

    def __str__(self):
        return f"{self.user} → Practitioner/{self.practitioner_id}"


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu")
    SENDING = "sending", _("Sedang dikirim")
    SENT = "sent", _("Terkirim")
    FAILED = "failed", _("Gagal dikirim")
    SUPERSEDED = "superseded", _("Diganti versi baru")


class OutboxItem(models.Model):
    """One version of one record to send to SATUSEHAT."""

    SCOPE_FIELD = "area_code"

    config = models.ForeignKey(SatusehatConfig, on_delete=models.PROTECT, related_name="outbox")
    resource_type = models.CharField(max_length=40)
    model = models.CharField(max_length=60)  # app_label.model_name of the record
    record_id = models.UUIDField()
    record_version = models.PositiveIntegerField()
    area_code = models.CharField(max_length=40, db_index=True)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    on = models.DateField(null=True, blank=True)  # the record's service date, for the status page
    # Dependency order: the Puskesmas' Location 0, the other Locations 1, Encounter 2, the rest 3.
    priority = models.PositiveSmallIntegerField(default=2)
    status = models.CharField(max_length=12, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)  # sends tried (counted when claimed)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=80, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)  # the OperationOutcome's text, or why it was not sent
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    remote_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["model", "record_id", "record_version"],
                                               name="interop_outbox_one_row_per_version")]
        indexes = [models.Index(fields=["config", "status", "priority", "next_attempt_at"],
                                name="interop_outbox_claim"),
                   models.Index(fields=["model", "record_id"], name="interop_outbox_record")]

    def __str__(self):
        return f"{self.resource_type} {self.record_id} v{self.record_version} ({self.status})"
