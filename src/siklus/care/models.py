"""What happened to a person: encounters, measurements with their derived classifications,
immunizations, pregnancies and known conditions (ARCHITECTURE.md, app ``care``).

Raw values are stored with unit and method; the classification the rules gave at the time is
stored beside them with its rule version, so analytics need no recomputation and an audit can
see what the system said then.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from siklus.core.models import Record
from siklus.facilities.models import Facility
from siklus.people.models import Person
from siklus.rules import codes


def _choices(name: str, kind: str) -> type[models.TextChoices]:
    """Django choices of one kind of the vocabulary (siklus.rules.codes): values and labels come
    from there, so no second list of codes exists; members are named after the code."""
    members = [(c.code.upper(), (c.code, _(c.label))) for c in codes.of_kind(kind)]
    return models.TextChoices(name, members)  # type: ignore[return-value]


Place = _choices("Place", codes.PLACE)
EncounterKind = _choices("EncounterKind", codes.ENCOUNTER)


def _validator(kind: str, field: str):
    def validate(value: str) -> None:
        if not codes.exists(value, kind):
            raise ValidationError(_("Kode %(code)s tidak dikenal.") % {"code": value}, code="unknown_code")

    validate.__name__ = validate.__qualname__ = f"validate_{field}"
    return validate


# Module-level names so migrations can reference them.
validate_observation_code = _validator(codes.OBSERVATION, "observation_code")
validate_dose_code = _validator(codes.DOSE, "dose_code")
validate_condition_code = _validator(codes.CONDITION, "condition_code")


class Encounter(Record):
    """One contact of a person with the health system: where, when, which cluster, what for."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="encounters")
    facility = models.ForeignKey(Facility, null=True, blank=True, on_delete=models.PROTECT, related_name="encounters")
    place = models.CharField(_("tempat"), max_length=10, choices=Place.choices)
    kind = models.CharField(_("jenis"), max_length=16, choices=EncounterKind.choices)
    on = models.DateField(_("tanggal"), db_index=True)
    klaster = models.PositiveSmallIntegerField(_("klaster"), null=True, blank=True)
    # The contact number within its series: K1..K6, KF1..KF4, KN1..KN3.
    sequence = models.PositiveSmallIntegerField(null=True, blank=True)
    # e.g. ANC contact with a doctor (K1 and K5 of the 1-2-3 pattern).
    by_doctor = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["person", "on"]), models.Index(fields=["area_code", "on", "kind"])]


class Observation(Record):
    """A measurement or screening answer, with the classification the rules gave it."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="observations")
    encounter = models.ForeignKey(Encounter, null=True, blank=True, on_delete=models.PROTECT, related_name="observations")
    on = models.DateField(_("tanggal"), db_index=True)
    # An observation code of the vocabulary (siklus.rules.codes, kind "observation").
    code = models.CharField(_("kode"), max_length=32, db_index=True, validators=[validate_observation_code])
    value = models.FloatField(_("nilai"), null=True, blank=True)
    unit = models.CharField(_("satuan"), max_length=16, blank=True)
    method = models.CharField(_("cara"), max_length=16, blank=True)  # e.g. "l" lying / "h" standing, glucometer
    category = models.CharField(_("klasifikasi"), max_length=40, blank=True, db_index=True)
    category_label = models.CharField(max_length=200, blank=True)
    rule_version = models.CharField(max_length=80, blank=True)
    # The rule settings in force for the person's area when classified (siklus.rules.config.signature).
    rule_settings = models.CharField(max_length=16, blank=True)

    class Meta:
        indexes = [models.Index(fields=["person", "code", "on"]), models.Index(fields=["area_code", "on", "code"])]


class Immunization(Record):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="immunizations")
    encounter = models.ForeignKey(Encounter, null=True, blank=True, on_delete=models.PROTECT, related_name="immunizations")
    facility = models.ForeignKey(Facility, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    dose = models.CharField(_("dosis"), max_length=20, db_index=True, validators=[validate_dose_code])
    given_on = models.DateField(_("tanggal pemberian"), db_index=True)
    batch = models.CharField(_("nomor batch"), max_length=40, blank=True)

    class Meta:
        indexes = [models.Index(fields=["person", "dose"])]


class Pregnancy(Record):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="pregnancies")
    hpht = models.DateField(_("HPHT"))
    hpl = models.DateField(_("HPL"))
    gravida = models.PositiveSmallIntegerField(null=True, blank=True)
    ended_on = models.DateField(_("berakhir"), null=True, blank=True)
    outcome = models.CharField(_("hasil"), max_length=16, blank=True,
                               choices=[("lahir_hidup", _("Lahir hidup")), ("lahir_mati", _("Lahir mati")),
                                        ("abortus", _("Abortus"))])
    place_of_birth = models.CharField(_("tempat bersalin"), max_length=16, blank=True)  # fasyankes / rumah


class Condition(Record):
    """A known condition that calls for follow-up (hipertensi, diabetes, tbc …)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="conditions")
    code = models.CharField(_("kode"), max_length=32, db_index=True, validators=[validate_condition_code])
    since = models.DateField(_("sejak"))
    resolved_on = models.DateField(_("selesai"), null=True, blank=True)
