"""The Kemendagri area hierarchy, and dusun/RW/RT below a desa.

Codes are the dotted Kemendagri codes (``62``, ``62.02``, ``62.02.01``, ``62.02.01.2001``);
sub-desa units extend their desa's code (``62.02.01.2001.RW003``, ``….RW003.RT001``,
``62.02.01.2001.DS02``), so one prefix filter selects an area with everything below it.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from siklus.core.actors import scope_of
from siklus.core.querysets import scope_q
from siklus.rules.areacodes import ancestors, desa_of


class Level(models.TextChoices):
    PROVINSI = "provinsi", _("Provinsi")
    KABKOTA = "kabkota", _("Kabupaten/Kota")
    KECAMATAN = "kecamatan", _("Kecamatan")
    DESA = "desa", _("Desa/Kelurahan")
    DUSUN = "dusun", _("Dusun")
    RW = "rw", _("RW")
    RT = "rt", _("RT")


KEMENDAGRI_LEVELS = {1: Level.PROVINSI, 2: Level.KABKOTA, 3: Level.KECAMATAN, 4: Level.DESA}
SUB_DESA_PREFIX = {Level.DUSUN: "DS", Level.RW: "RW", Level.RT: "RT"}


class AreaQuerySet(models.QuerySet):
    def visible_to(self, actor):
        """Areas inside the actor's scope, and the ancestors of it (for breadcrumbs)."""
        scope = scope_of(actor)
        if scope.everything:
            return self
        return self.filter(scope_q(scope, "code") | Q(code__in=scope.ancestor_codes()))


class Area(models.Model):
    SCOPE_FIELD = "code"

    code = models.CharField(_("kode"), max_length=40, primary_key=True)
    name = models.CharField(_("nama"), max_length=120)
    level = models.CharField(_("tingkat"), max_length=10, choices=Level.choices, db_index=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    # kabupaten vs kota (kode 01–69 / 71–99) and desa vs kelurahan (first digit 2 / 1): ILP.md §8.3.
    kind = models.CharField(_("jenis"), max_length=12, blank=True)

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")

    def __str__(self):
        return f"{self.full_name} ({self.code})"

    @property
    def full_name(self) -> str:
        # Kemendagri names of kabupaten/kota already start with "Kabupaten"/"Kota".
        prefix = {"desa": "Desa", "kelurahan": "Kelurahan", "dusun": "Dusun", "rw": "RW", "rt": "RT"}
        if self.level == Level.DESA and self.kind in prefix:
            return f"{prefix[self.kind]} {self.name}"
        if self.level == Level.KECAMATAN:
            return f"Kecamatan {self.name}"
        if self.level in (Level.DUSUN, Level.RW, Level.RT):
            label = Level(self.level).label
            return self.name if self.name.lower().startswith(str(label).lower()) else f"{label} {self.name}"
        return self.name

    @property
    def ancestor_codes(self) -> list[str]:
        return ancestors(self.code)

    @property
    def desa_code(self) -> str | None:
        """The desa this area is (or lies in); None above desa level."""
        return desa_of(self.code)


class AreaBoundary(models.Model):
    """An area's official boundary (GeoJSON geometry in WGS 84, as imported by ``siklus areas
    import-boundaries``) and its centre, for the dashboards' choropleth maps. Kept apart from
    :class:`Area`: the Kemendagri tables carry no geometry, and most deployments load none."""

    area = models.OneToOneField(Area, on_delete=models.CASCADE, primary_key=True, related_name="boundary")
    geometry = models.JSONField(_("geometri"))  # a GeoJSON Polygon or MultiPolygon
    centre_lat = models.FloatField()
    centre_lon = models.FloatField()
    source = models.CharField(_("sumber"), max_length=200, blank=True)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("batas wilayah")
        verbose_name_plural = _("batas wilayah")
