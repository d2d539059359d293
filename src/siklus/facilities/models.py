"""Puskesmas, Pustu and Posyandu, their ILP status, and the people who work in them."""

from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from siklus.areas.models import Area, Level
from siklus.core.models import Record
from siklus.rules.areacodes import desa_of


class Kind(models.TextChoices):
    PUSKESMAS = "puskesmas", _("Puskesmas")
    PUSTU = "pustu", _("Pustu")
    POSYANDU = "posyandu", _("Posyandu")


# What "running ILP" means for each kind (ILP.md §1.3–1.5, §9).
ILP_MEANING = {
    Kind.PUSKESMAS: _("Pelayanan diorganisasi dalam klaster"),
    Kind.PUSTU: _("Pustu menjalankan ILP"),
    Kind.POSYANDU: _("Posyandu siklus hidup (melayani semua sasaran)"),
}


class Facility(Record):
    """A Puskesmas, Pustu or Posyandu. ``area_code`` is the desa where it stands."""

    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices, db_index=True)
    name = models.CharField(_("nama"), max_length=150)
    code = models.CharField(_("kode fasilitas"), max_length=30, blank=True, help_text=_("Kode Puskesmas / SATUSEHAT, bila ada"))
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="network",
        verbose_name=_("Puskesmas induk"), limit_choices_to={"kind": Kind.PUSKESMAS},
    )
    address = models.CharField(_("alamat"), max_length=250, blank=True)
    ilp_active = models.BooleanField(_("menjalankan ILP"), default=False)
    ilp_since = models.DateField(_("ILP sejak"), null=True, blank=True)
    active = models.BooleanField(_("aktif"), default=True)
    # Puskesmas: its wilayah kerja (desa). Posyandu: the dusun/RW it serves.
    served_areas = models.ManyToManyField(Area, blank=True, related_name="serving_facilities", verbose_name=_("wilayah layanan"))

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("fasilitas")
        verbose_name_plural = _("fasilitas")

    def __str__(self):
        # Names usually carry the kind already ("Puskesmas Baamang", "Posyandu Melati 3").
        kind = self.get_kind_display()
        return self.name if self.name.lower().startswith(str(kind).lower()) else f"{kind} {self.name}"

    @property
    def ilp_meaning(self):
        return ILP_MEANING[self.kind]

    def work_area_prefixes(self) -> tuple[str, ...]:
        """The area codes whose residents this facility's staff serve (their scope).

        A Puskesmas: the desa of its wilayah kerja, a whole kecamatan collapsed to its code (one
        prefix instead of twenty). A Pustu or Posyandu: the desa it stands in.
        """
        own_desa = desa_of(self.area_code) or self.area_code
        if self.kind != Kind.PUSKESMAS:
            return (own_desa,)
        desa = sorted(self.served_areas.filter(level=Level.DESA).values_list("code", flat=True))
        if not desa:
            return (own_desa,)
        by_kecamatan: dict[str, set[str]] = {}
        for code in desa:
            by_kecamatan.setdefault(code.rsplit(".", 1)[0], set()).add(code)
        counts = dict(
            Area.objects.filter(level=Level.DESA, parent_id__in=by_kecamatan)
            .values_list("parent_id").annotate(n=Count("code"))
        )
        prefixes: list[str] = []
        for kecamatan, codes in sorted(by_kecamatan.items()):
            prefixes.extend([kecamatan] if counts.get(kecamatan) == len(codes) else sorted(codes))
        return tuple(prefixes)


class Profession(models.TextChoices):
    DOKTER = "dokter", _("Dokter")
    DOKTER_GIGI = "dokter_gigi", _("Dokter gigi")
    BIDAN = "bidan", _("Bidan")
    PERAWAT = "perawat", _("Perawat")
    GIZI = "gizi", _("Nutrisionis (gizi)")
    SANITARIAN = "sanitarian", _("Sanitarian")
    ANALIS = "analis", _("Ahli teknologi laboratorium medik (analis)")
    APOTEKER = "apoteker", _("Apoteker / tenaga kefarmasian")
    PROMKES = "promkes", _("Penyuluh kesehatan masyarakat")
    EPIDEMIOLOG = "epidemiolog", _("Epidemiolog kesehatan")
    ADMINISTRASI = "administrasi", _("Tenaga administrasi")


class Staff(Record):
    """A health worker (nakes) of a Puskesmas or Pustu."""

    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="staff", verbose_name=_("fasilitas"))
    name = models.CharField(_("nama"), max_length=150)
    profession = models.CharField(_("profesi"), max_length=20, choices=Profession.choices)
    nik = models.CharField(_("NIK"), max_length=16, blank=True)
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    klaster = models.PositiveSmallIntegerField(_("klaster"), null=True, blank=True, choices=[(1, "Klaster 1"), (2, "Klaster 2"), (3, "Klaster 3"), (4, "Klaster 4"), (5, _("Lintas klaster"))])
    active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tenaga kesehatan")
        verbose_name_plural = _("tenaga kesehatan")

    def __str__(self):
        return f"{self.name} ({self.get_profession_display()})"


class KaderLevel(models.TextChoices):
    PURWA = "purwa", _("Purwa")
    MADYA = "madya", _("Madya")
    UTAMA = "utama", _("Utama")


# The five competency groups of the 25 basic kader skills (ILP.md §1.5, [V:S5]).
COMPETENCY_GROUPS = {
    1: _("Pengelolaan Posyandu"),
    2: _("Bayi dan balita"),
    3: _("Ibu hamil dan menyusui"),
    4: _("Usia sekolah dan remaja"),
    5: _("Usia dewasa dan lansia"),
}


class Kader(Record):
    posyandu = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="kader", verbose_name=_("Posyandu"), limit_choices_to={"kind": Kind.POSYANDU})
    name = models.CharField(_("nama"), max_length=150)
    nik = models.CharField(_("NIK"), max_length=16, blank=True)
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    level = models.CharField(_("tingkat"), max_length=10, choices=KaderLevel.choices, default=KaderLevel.PURWA)
    competency_groups = models.JSONField(_("kelompok kompetensi terlatih"), default=list, blank=True)
    active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kader")
        verbose_name_plural = _("kader")

    def __str__(self):
        return self.name

    @property
    def competency_labels(self):
        return [COMPETENCY_GROUPS[g] for g in sorted(self.competency_groups) if g in COMPETENCY_GROUPS]
