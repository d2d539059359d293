"""Monitoring tables: the fact table of service events, stored indicator values, official sasaran
estimates and the marks of what must be recomputed (ARCHITECTURE.md "Data", issue #14).

Dates in the fact table are integers ``yyyymmdd`` (``day``, ``until``, ``birth``) and months
``yyyymm``: completed ages and month buckets are then integer arithmetic, identical on SQLite and
PostgreSQL, and need no date functions of either engine.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from siklus.core.querysets import ScopedQuerySet


class Fact(models.Model):
    """One qualifying service event of one person (an encounter, observation, dose, supplement,
    questionnaire, condition, pregnancy, delivery, birth or TB step), flattened from ``care``.

    ``desa_code`` and ``posyandu_id`` are the person's (where they live and which Posyandu serves
    their household), so every level's figure is a sum of desa or Posyandu figures."""

    SCOPE_FIELD = "desa_code"

    id = models.BigAutoField(primary_key=True)
    person_id = models.UUIDField()  # indexed with kind, code and day (Meta)
    desa_code = models.CharField(max_length=13)
    posyandu_id = models.UUIDField(null=True)
    facility_id = models.UUIDField(null=True)  # where the service was given
    kind = models.CharField(max_length=8)  # enc, obs, imm, sup, q, cond, preg, deliv, birth, tb…
    code = models.CharField(max_length=32)  # encounter kind, observation code, dose, supplement …
    category = models.CharField(max_length=40, blank=True)  # classification, place, outcome …
    sequence = models.SmallIntegerField(null=True)
    flag = models.BooleanField(default=False)  # by a doctor; at a facility …
    value = models.FloatField(null=True)
    day = models.IntegerField()  # yyyymmdd
    until = models.IntegerField()  # yyyymmdd: the end of an interval (a pregnancy); = day for events
    month = models.IntegerField()  # yyyymm of day
    birth = models.IntegerField()  # the person's birth, yyyymmdd
    sex = models.CharField(max_length=1)
    source_id = models.UUIDField()  # the care record

    objects = ScopedQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["kind", "code", "day"], name="fact_kind_code_day"),
            # One desa's refresh filters by desa, kind and code: with the code in the key a count reads
            # only its desa's rows (by (kind, code, day) it read the whole kabupaten's doses).
            models.Index(fields=["desa_code", "kind", "code", "day"], name="fact_desa_kind_code_day"),
            # A person's facts of one kind and code (SPM's "has a KN visit", "has HB0" per person):
            # by person_id alone each lookup read all the person's facts, PostgreSQL ANDed it with
            # the kabupaten's (kind, code, day) bitmap. Also serves rewriting a person's facts.
            models.Index(fields=["person_id", "kind", "code", "day"], name="fact_person_kind_code_day"),
        ]


class Level(models.TextChoices):
    POSYANDU = "posyandu", _("Posyandu")
    DESA = "desa", _("Desa/Kelurahan")
    PUSTU = "pustu", _("Pustu")
    PUSKESMAS = "puskesmas", _("Puskesmas")
    KECAMATAN = "kecamatan", _("Kecamatan")
    KABUPATEN = "kabkota", _("Kabupaten/Kota")
    PROVINSI = "provinsi", _("Provinsi")


FACILITY_LEVELS = (Level.POSYANDU, Level.PUSTU, Level.PUSKESMAS)


class SasaranSource(models.TextChoices):
    REGISTERED = "terdaftar", _("Penduduk terdaftar")
    ESTIMATE = "estimasi", _("Estimasi resmi kabupaten/kota")
    EVENTS = "layanan", _("Orang yang dilayani")
    FACILITIES = "fasilitas", _("Fasilitas terdaftar")
    NONE = "", _("Tanpa penyebut")


class IndicatorValue(models.Model):
    """An indicator's figure for one unit (an area, or a Posyandu/Pustu/Puskesmas) and period
    (``2025`` or ``2025-03``): cumulative from January for cumulative indicators."""

    SCOPE_FIELD = "area_code"

    indicator = models.CharField(max_length=40)
    level = models.CharField(max_length=10, choices=Level.choices)
    # An area code for area levels, the facility's id for facility levels.
    unit = models.CharField(max_length=40)
    # The area the unit is or stands in (a facility: its desa), for scoping.
    # Not indexed alone: every read names the indicator (value_lookup); two more indexes made
    # storing a full recompute's million rows a third slower.
    area_code = models.CharField(max_length=40)
    period = models.CharField(max_length=7)
    numerator = models.FloatField()
    denominator = models.FloatField(null=True)
    value = models.FloatField(null=True)  # percent (or a count when the indicator has no denominator)
    target = models.FloatField(null=True)  # the target for this period (monthly: the cumulative share)
    status = models.CharField(max_length=8, blank=True)  # baik, kurang, cukup, jelek (ILP.md §7.2)
    sasaran_source = models.CharField(max_length=10, choices=SasaranSource.choices, blank=True)
    rule_versions = models.CharField(max_length=200, blank=True)
    computed_at = models.DateTimeField()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["indicator", "level", "unit", "period"],
                                               name="indicator_value_unique")]
        indexes = [models.Index(fields=["indicator", "period", "level", "area_code"], name="value_lookup")]


class SasaranEstimate(models.Model):
    """An official sasaran figure of a kabupaten/kota for a year (Pusdatin/BPS projection or local
    pendataan); apportioned to desa by their registered share (ILP.md §6.3)."""

    kabupaten_code = models.CharField(_("kabupaten/kota"), max_length=5)
    year = models.PositiveSmallIntegerField(_("tahun"))
    group = models.CharField(_("kelompok sasaran"), max_length=24)  # see catalogue.SASARAN_GROUPS
    number = models.PositiveIntegerField(_("jumlah"))
    source = models.CharField(_("sumber"), max_length=200, blank=True)
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kabupaten_code", "year", "group"], name="sasaran_unique")]
        verbose_name = _("estimasi sasaran")


class DirtyMark(models.Model):
    """A desa and year whose figures are out of date: written when a care record is saved,
    cleared by ``siklus indicators refresh --dirty``."""

    desa_code = models.CharField(max_length=13)
    year = models.PositiveSmallIntegerField()
    marked_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["desa_code", "year"], name="dirty_unique")]
