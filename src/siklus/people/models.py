"""Households (Kartu Keluarga) and persons."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from siklus.areas.models import Area
from siklus.core.models import Record
from siklus.facilities.models import Facility


class Household(Record):
    """A household as on its Kartu Keluarga. ``area_code`` is the desa (or the RT/RW/dusun in it)."""

    no_kk = models.CharField(_("nomor KK"), max_length=16, blank=True, db_index=True)
    head_name = models.CharField(_("nama kepala keluarga"), max_length=150)
    address = models.CharField(_("alamat"), max_length=250)
    rt = models.CharField(_("RT"), max_length=3, blank=True)
    rw = models.CharField(_("RW"), max_length=3, blank=True)
    desa = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="households", verbose_name=_("desa/kelurahan"))
    sub_area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("dusun/RW/RT"))
    posyandu = models.ForeignKey(Facility, null=True, blank=True, on_delete=models.PROTECT, related_name="households", verbose_name=_("Posyandu"))

    class Meta:
        ordering = ["head_name"]
        verbose_name = _("keluarga")
        verbose_name_plural = _("keluarga")
        # The API lists and the desa page walk households in this order (keyset pagination).
        indexes = [models.Index(fields=["head_name", "id"], name="household_head_name_id")]

    def __str__(self):
        return f"{self.head_name} ({self.no_kk or _('tanpa KK')})"


class Sex(models.TextChoices):
    L = "L", _("Laki-laki")
    P = "P", _("Perempuan")


class Relation(models.TextChoices):
    """Hubungan dalam keluarga, as printed on the Kartu Keluarga."""

    KEPALA = "kepala", _("Kepala keluarga")
    SUAMI = "suami", _("Suami")
    ISTRI = "istri", _("Istri")
    ANAK = "anak", _("Anak")
    MENANTU = "menantu", _("Menantu")
    CUCU = "cucu", _("Cucu")
    ORANG_TUA = "orang_tua", _("Orang tua")
    MERTUA = "mertua", _("Mertua")
    FAMILI = "famili", _("Famili lain")
    LAINNYA = "lainnya", _("Lainnya")


class Person(Record):
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="members", verbose_name=_("keluarga"))
    # Looked up through person_unique_active_nik (exact, and prefix as a range: see search_persons).
    nik = models.CharField(_("NIK"), max_length=16, null=True, blank=True)
    name = models.CharField(_("nama lengkap"), max_length=150)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("tanggal lahir"), db_index=True)
    relation = models.CharField(_("hubungan dalam keluarga"), max_length=12, choices=Relation.choices)
    jkn_number = models.CharField(_("nomor JKN"), max_length=13, blank=True)
    mother = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("ibu"))
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    # Life events that end a person's stay in the area's denominators (a record is never deleted).
    died_on = models.DateField(_("tanggal meninggal"), null=True, blank=True)
    moved_out_on = models.DateField(_("tanggal pindah keluar"), null=True, blank=True)
    # Lower-cased, space-normalised name for name search: a trigram index on PostgreSQL, an FTS5
    # trigram table on SQLite (migration 0004); a B-tree cannot serve LIKE '%word%'.
    name_key = models.CharField(max_length=150, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("penduduk")
        verbose_name_plural = _("penduduk")
        constraints = [
            # One active record per NIK; a voided duplicate keeps its NIK for the record.
            models.UniqueConstraint(fields=["nik"], condition=Q(nik__isnull=False, voided_at__isnull=True), name="person_unique_active_nik"),
        ]
        indexes = [
            models.Index(fields=["area_code", "birth_date"]),
            # The API lists persons in this order (keyset pagination: ``after`` a (name, id)).
            models.Index(fields=["name", "id"], name="person_name_id"),
            # "Recently registered" on the home page.
            models.Index(fields=["created_at"], name="person_created_at"),
        ]

    def __str__(self):
        return self.name

    @property
    def without_nik(self) -> bool:
        return not self.nik


class AreaCount(models.Model):
    """Active households, persons and persons without NIK of one desa, kept current in the same
    transaction by the people services (:mod:`siklus.people.counts`), so a home page sums the
    counters of its scope instead of counting every person in it."""

    desa_code = models.CharField(max_length=40, primary_key=True)
    households = models.IntegerField(default=0)
    persons = models.IntegerField(default=0)
    without_nik = models.IntegerField(default=0)

    def __str__(self):
        return f"{self.desa_code}: {self.households} KK, {self.persons} penduduk, {self.without_nik} tanpa NIK"
