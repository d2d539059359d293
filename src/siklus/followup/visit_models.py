"""Home visits (kunjungan rumah, ILP.md §1.8) and the ketua RT/RW's reminders.

A :class:`HomeVisit` is one visit to a household by a kader (or with a nakes): its kind, the SAJI
steps done, and per member seen a :class:`VisitMember` with the checklists of the member's life
stage and the answers. Each answer that is a finding is a :class:`VisitFinding`, in one of the
four categories of the weekly review at the Pustu, with who follows it up. A :class:`Reminder`
is a ketua RT/RW's "sudah diingatkan" for a household. Services: :mod:`siklus.followup.visits`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from siklus.core.models import Record
from siklus.facilities.models import Facility
from siklus.people.models import Household, Person


class HomeVisit(Record):
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="home_visits",
                                  verbose_name=_("keluarga"))
    visited_on = models.DateField(_("tanggal kunjungan"), db_index=True)
    kind = models.CharField(_("jenis kunjungan"), max_length=16, default="rutin")
    saji = models.JSONField(_("langkah SAJI"), default=list, blank=True)  # step codes done
    note = models.TextField(_("catatan"), blank=True)
    posyandu = models.ForeignKey(Facility, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("Posyandu"))
    rule_version = models.CharField(max_length=40, blank=True)

    class Meta:
        verbose_name = _("kunjungan rumah")
        verbose_name_plural = _("kunjungan rumah")
        indexes = [models.Index(fields=["area_code", "visited_on"], name="homevisit_area_day")]


class VisitMember(models.Model):
    """One member seen on a visit: the checklists asked and the answers (stage → item → ya/tidak)."""

    visit = models.ForeignKey(HomeVisit, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    stages = models.JSONField(default=list)
    answers = models.JSONField(default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["visit", "person"], name="visitmember_unique_person")]


class VisitFinding(Record):
    class Category(models.TextChoices):
        NOT_ACCESSING = "tidak_akses", _("Tidak mengakses layanan")
        NOT_ADHERENT = "tidak_patuh", _("Tidak patuh pengobatan")
        DANGER_SIGN = "tanda_bahaya", _("Tanda bahaya")
        TB_SYMPTOM = "gejala_tbc", _("Gejala TBC")
        OTHER = "lainnya", _("Lainnya")

    visit = models.ForeignKey(HomeVisit, on_delete=models.CASCADE, related_name="findings")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(max_length=16)
    item = models.CharField(max_length=40)
    category = models.CharField(_("kategori"), max_length=16, choices=Category.choices, db_index=True)
    # The referral the finding made (danger signs), as care recorded it.
    referral = models.ForeignKey("care.Referral", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # Who follows it up, set at the weekly review (a user of the Pustu or Posyandu).
    follow_up_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("ditindaklanjuti oleh"))
    assigned_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("temuan kunjungan rumah")
        verbose_name_plural = _("temuan kunjungan rumah")


class Reminder(Record):
    """A ketua RT/RW reminded a household of its open follow-ups (the reminder groups it saw)."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    reminded_on = models.DateField(_("tanggal diingatkan"))
    groups = models.JSONField(default=list)

    class Meta:
        verbose_name = _("pengingat RT/RW")
        verbose_name_plural = _("pengingat RT/RW")
        indexes = [models.Index(fields=["household", "reminded_on"], name="reminder_household_day")]
