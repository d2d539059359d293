"""Follow-up tasks opened by the rules (issue #13): who must be followed up, why, by when, by whom.

A :class:`Task` is opened by :mod:`siklus.followup.services` from what :mod:`siklus.rules.followup`
says should be open for a person (or a household). ``key`` names the episode it is about (the
person, the kind, and the dose, the pregnancy, the month …): while a task with that key is open no
second one opens (a partial unique constraint), so re-running the rules never duplicates one.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from siklus.core.models import Record
from siklus.facilities.models import Facility
from siklus.people.models import Household, Person
from siklus.rules import codes
from siklus.rules.messages import render


def validate_task_kind(value: str) -> None:
    if not codes.exists(value, codes.TASK):
        raise ValidationError(_("Kode %(code)s tidak dikenal.") % {"code": value}, code="unknown_code")


class Status(models.TextChoices):
    OPEN = "open", _("Terbuka")
    DONE = "done", _("Selesai (layanan tercatat)")
    CLOSED = "closed", _("Ditutup petugas")
    CANCELLED = "cancelled", _("Batal (meninggal, pindah atau data dibatalkan)")


class Level(models.TextChoices):
    """Who follows it up: the kader of the Posyandu, the bidan of the Pustu, the Puskesmas team."""

    KADER = "kader", _("Kader Posyandu")
    PUSTU = "pustu", _("Bidan/perawat Pustu")
    PUSKESMAS = "puskesmas", _("Tim Puskesmas")


class Task(Record):
    """One follow-up. ``area_code`` is the household's (scoping as for every record)."""

    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="tasks",
                               verbose_name=_("penduduk"))  # None for a household's task (no visit this year)
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("keluarga"))
    kind = models.CharField(_("jenis"), max_length=32, db_index=True, validators=[validate_task_kind])
    # Deterministic: person (or household), kind and episode, e.g. "<person>:imunisasi_terlewat:DPT-HB-Hib 2".
    key = models.CharField(max_length=200, db_index=True)
    # The rule's words in Indonesian, and its template and parameters so it can be shown in English.
    reason = models.CharField(_("alasan"), max_length=500)
    reason_template = models.CharField(max_length=300, blank=True)
    reason_params = models.JSONField(default=dict, blank=True)
    rule_version = models.CharField(max_length=80, blank=True)
    opened_on = models.DateField(_("dibuka"), db_index=True)
    due_on = models.DateField(_("batas waktu"), db_index=True)
    # 1 most urgent … 3 routine (siklus.rules.followup.Urgency).
    urgency = models.PositiveSmallIntegerField(_("tingkat kepentingan"), default=2)
    needs_nakes = models.BooleanField(_("perlu tenaga kesehatan"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    closed_on = models.DateField(_("ditutup"), null=True, blank=True)
    outcome = models.CharField(_("hasil tindak lanjut"), max_length=500, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("ditutup oleh"))
    # The record that answered it, when known: "<model>:<uuid>" (e.g. "immunization:…").
    answered_by = models.CharField(max_length=80, blank=True)
    level = models.CharField(_("ditangani oleh"), max_length=10, choices=Level.choices, default=Level.KADER)
    facility = models.ForeignKey(Facility, null=True, blank=True, on_delete=models.PROTECT, related_name="tasks",
                                 verbose_name=_("fasilitas"))
    # 0 with its first assignee; 1 moved up once (kader → Pustu), 2 twice (→ Puskesmas).
    escalation = models.PositiveSmallIntegerField(_("eskalasi"), default=0)
    escalated_on = models.DateField(_("tanggal eskalasi"), null=True, blank=True)

    class Meta:
        verbose_name = _("tugas tindak lanjut")
        verbose_name_plural = _("tugas tindak lanjut")
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=Q(status="open"), name="followup_task_unique_open_key"),
        ]
        indexes = [
            models.Index(fields=["facility", "status", "due_on"], name="followup_task_facility_open"),
            models.Index(fields=["household", "status"], name="followup_task_household"),
            models.Index(fields=["person", "status"], name="followup_task_person"),
            models.Index(fields=["status", "due_on"], name="followup_task_status_due"),
        ]

    def __str__(self):
        return f"{self.kind_label} — {self.person or self.household}"

    @property
    def kind_label(self) -> str:
        from django.utils.translation import gettext

        return gettext(codes.label(self.kind, codes.TASK))

    def reason_in(self, lang: str) -> str:
        """The reason in ``lang`` (rendered from its template and parameters; the stored text if none)."""
        if not self.reason_template:
            return self.reason
        from django.utils import translation

        from siklus.rules.followup import message_from_json

        with translation.override(lang):
            return render(message_from_json({"t": self.reason_template, "p": self.reason_params}),
                          translation.gettext, lang)

    @property
    def reason_text(self) -> str:
        from django.utils.translation import get_language

        return self.reason_in((get_language() or "id")[:2])


class Watermark(models.Model):
    """Where the batch refresh stopped: changes after ``changed_after`` are the next run's work."""

    name = models.CharField(max_length=40, primary_key=True)
    changed_after = models.DateTimeField()
    ran_on = models.DateField()


class PersonCheck(models.Model):
    """When a person's tasks must be looked at again without any new record: the rules say on
    which day an item becomes overdue (:attr:`siklus.rules.followup.Result.next_check`), so the
    daily refresh evaluates the changed persons and those whose day has come, not everyone."""

    person = models.OneToOneField(Person, primary_key=True, on_delete=models.CASCADE, related_name="+")
    next_check = models.DateField(db_index=True)


# Home visits and RT/RW reminders (F2) live in their own module; imported here so Django finds them.
from siklus.followup.visit_models import HomeVisit, Reminder, VisitFinding, VisitMember  # noqa: E402,F401
