"""Recording by cluster: which record forms fit a person today, and the numbers a form works out
before the services store it (the K number of an ANC contact, the KF/KN visit of a date, the CKG
package items for the person's age).

Read-side decisions for the pages (:mod:`siklus.care.record_views`); every write still goes
through :mod:`siklus.care.services`, which validates again. What fits comes from the rules (life
stages, visit windows, the screening schedule, recording settings) and the stored record, never
from a template.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Q
from django.utils.translation import gettext_noop

from siklus.accounts.policies import Perm, may
from siklus.care.models import Condition, Encounter, LabRequest, Pregnancy, Referral, TbCase
from siklus.facilities.models import Facility, Kind
from siklus.people.models import Person
from siklus.rules import config, pregnancy, recording
from siklus.rules.lifecycle import age_on
from siklus.rules.screening import schedule

# ----------------------------------------------------------------------------- the person's facts


@dataclass
class Facts:
    """What a person's record says today, as the forms need it (read in a few queries)."""

    person: Person
    on: date
    days: int
    months: int
    years: int
    pregnancy: Pregnancy | None = None  # open
    delivered: Pregnancy | None = None  # ended (born alive or dead) within the nifas period
    conditions: set[str] = field(default_factory=set)  # open condition codes
    tb_case: TbCase | None = None  # open episode
    lab_requests: list[LabRequest] = field(default_factory=list)  # waiting for results
    referrals: list[Referral] = field(default_factory=list)  # open (dikirim, diterima)

    @property
    def female(self) -> bool:
        return self.person.sex == "P"


def facts(person: Person, on: date) -> Facts:
    birth = person.birth_date
    age = age_on(birth, on)
    found = Facts(person, on, age.days, age.months, age.years)
    found.pregnancy = Pregnancy.objects.active().filter(person=person, ended_on__isnull=True).order_by("-hpht").first()
    nifas_days = int(config.get(recording.NIFAS_DAYS.name, person.area_code))
    found.delivered = (Pregnancy.objects.active().filter(person=person, ended_on__lte=on,
                                                         outcome__in=["lahir_hidup", "lahir_mati"])
                       .order_by("-ended_on").first())
    if found.delivered is not None and (on - found.delivered.ended_on).days > nifas_days:
        found.delivered = None
    found.conditions = set(Condition.objects.active().filter(person=person, since__lte=on)
                           .filter(Q(resolved_on__isnull=True) | Q(resolved_on__gt=on))
                           .exclude(code="").values_list("code", flat=True))
    found.tb_case = (TbCase.objects.active().filter(person=person, outcome="").exclude(diagnosis="bukan_tbc")
                     .order_by("-presumptive_on").first())
    found.lab_requests = list(LabRequest.objects.active().filter(
        person=person, status__in=[LabRequest.Status.REQUESTED, LabRequest.Status.COLLECTED]).order_by("requested_on"))
    found.referrals = list(Referral.objects.active().filter(
        person=person, status__in=[Referral.Status.SENT, Referral.Status.RECEIVED])
        .select_related("to_facility").order_by("on"))
    return found


# ------------------------------------------------------------------------------------- the forms

KLASTER_2, KLASTER_3, KLASTER_4, LINTAS = 2, 3, 4, 5
KLASTER_TITLES = {KLASTER_2: gettext_noop("Klaster 2: ibu dan anak"), KLASTER_3: gettext_noop("Klaster 3: dewasa dan lansia"),
                  KLASTER_4: gettext_noop("Klaster 4: penyakit menular"), LINTAS: gettext_noop("Lintas klaster")}



def fits(slug: str, f: Facts) -> bool:
    """Whether the form ``slug`` fits the person today (life stage, sex, pregnancy, conditions,
    open TB episode, waiting lab requests, open referrals)."""
    tb = f.tb_case
    rules = {
        "kehamilan": lambda: f.female and f.pregnancy is None and _pregnancy_age(f),
        "anc": lambda: f.pregnancy is not None,
        "persalinan": lambda: f.pregnancy is not None,
        "nifas": lambda: f.female and f.delivered is not None,
        "neonatal": lambda: f.days < _last_kn_day(f.person.birth_date),
        "balita": lambda: f.months < 72,
        "sekolah": lambda: 6 <= f.years <= 18,
        "pengukuran": lambda: f.years >= 6,
        "ckg": lambda: f.years >= 18,
        "kontrol": lambda: bool(f.conditions & {"hipertensi", "diabetes"}),
        "skilas": lambda: f.years >= 60,
        "adl": lambda: f.years >= 60,
        "srq20": lambda: f.years >= int(config.get("screening.srq20_from_years", f.person.area_code)),
        "puma": lambda: f.years >= 40,
        "kanker": lambda: f.female and f.years >= int(config.get("screening.sadanis_from_years", f.person.area_code)),
        "tbc-terduga": lambda: tb is None,
        "tbc-hasil": lambda: tb is not None and not tb.diagnosis and tb.treatment_started_on is None,
        "tbc-pengobatan": lambda: tb is not None and tb.diagnosis in TB_TREATABLE and tb.treatment_started_on is None,
        "tbc-kontrol": lambda: tb is not None and tb.treatment_started_on is not None,
        "tbc-akhir": lambda: tb is not None and tb.treatment_started_on is not None,
        "hasil-lab": lambda: bool(f.lab_requests),
        "jawab-rujukan": lambda: bool(f.referrals),
    }
    rule = rules.get(slug)
    return True if rule is None else bool(rule())


TB_TREATABLE = ("tbc_so", "tbc_ro", "tbc_klinis")


def _pregnancy_age(f: Facts) -> bool:
    limits = recording.pregnancy_age()
    return limits.low <= f.years <= limits.high


def _last_kn_day(birth: date) -> int:
    """Days from the birth date to the end (exclusive) of the last KN window."""
    last = pregnancy.kn_windows(birth)[-1]
    return (last.end - datetime.combine(birth, time())).days


def may_record(user, person: Person, clinical: bool) -> bool:
    """A kader records measurements, supplements, questionnaires and referrals; the rest is a
    nakes's (Perm.RECORD_CLINICAL), as the services require."""
    return may(user, Perm.RECORD_CARE, person) and (not clinical or may(user, Perm.RECORD_CLINICAL, person))


# --------------------------------------------------------------------------- numbers of a contact


def anc_number(record: Pregnancy, on: date, this=None) -> int:
    """The K number of an ANC contact on ``on``: one more than the contacts recorded in this
    pregnancy before it (a second contact the same day is the next number too). ``this``: the
    contact's own id, not counted (a form sent twice numbers its contact the same)."""
    earlier = (Encounter.objects.active().filter(person_id=record.person_id, kind="anc", on__gte=record.hpht,
                                                 on__lte=on).exclude(pk=this).count())
    return earlier + 1


def visit_number(windows, birth: date, on: date) -> int | None:
    """The KF/KN number whose window holds the day ``on`` (the later one when a day touches two
    windows: a visit on day 3 is KN2), or None outside every window."""
    start, end = datetime.combine(on, time()), datetime.combine(on, time.max)
    hits = [n for n, w in enumerate(windows, 1) if w.start <= end and start < w.end]
    return hits[-1] if hits else None


def window_text(windows) -> str:
    return ", ".join(w.code for w in windows)


# ------------------------------------------------------------------------------------ CKG package

# The observation (or questionnaire) that records each screening item of the schedule.
CKG_RECORDS = {
    "tekanan_darah": ("sbp", "dbp"), "obesitas": ("weight_kg", "lenhei_cm", "waist_cm"),
    "gula_darah": ("glucose_mg_dl", "glucose_test"), "srq20": ("srq20",), "puma": ("puma",),
    "tajam_penglihatan": ("tajam_penglihatan",), "katarak": ("katarak",), "pendengaran": ("pendengaran",),
    "sadanis": ("sadanis",), "iva": ("iva",), "hpv_dna": ("hpv_dna",), "kolorektal": ("kolorektal",),
    "kanker_paru": ("kanker_paru",), "lipid": ("cholesterol_total", "hdl", "ldl", "triglycerides"),
    "fungsi_ginjal": ("creatinine", "ureum"), "komplikasi_hipertensi": ("komplikasi_hipertensi",),
    "skilas": ("skilas",), "adl": ("adl",),
}


@dataclass(frozen=True)
class CkgItem:
    code: str
    label: str  # msgid
    due: bool  # due now by the schedule (else done within its interval, or a risk-based item)


def ckg_items(f: Facts) -> list[CkgItem]:
    """The screening items of the schedule that belong to the person's birthday CKG: every item
    the person's age and sex make them eligible for. The CKG asks the risk questions itself, so
    the risk-based items of the age group are in it (GDS for every adult, colorectal from 50);
    lipids, kidney function and HT complications only for a known hypertensive or diabetic."""
    person = f.person
    ht_dm = bool(f.conditions & {"hipertensi", "diabetes"})
    found = []
    with config.for_area(person.area_code):
        for item in schedule.SCREENING_ITEMS.at(f.on).value:
            result = schedule.screening_due(item.code, birth=person.birth_date, sex=person.sex, on=f.on,
                                            risk_factor=True, hypertension_or_diabetes=ht_dm, sexually_active=True)
            if result.status != "not_eligible" and item.code in CKG_RECORDS:
                found.append(CkgItem(item.code, item.label, result.status == "due"))
    return found


def referral_targets(user, person: Person):
    """Where a referral of this person may go: the Pustu and Puskesmas serving the person's desa
    and those above the user's facility, the user's own facility excepted."""
    desa = ".".join(person.area_code.split(".")[:4])
    own = getattr(user, "facility", None)
    above = [own.parent_id] if own is not None and own.parent_id else []
    qs = (Facility.objects.active().filter(kind__in=[Kind.PUSTU, Kind.PUSKESMAS])
          .filter(Q(area_code=desa) | Q(served_areas__code=desa) | Q(pk__in=above)).distinct().order_by("kind", "name"))
    return [f for f in qs if own is None or f.pk != own.pk]


def vitamin_a_kind(f: Facts) -> str | None:
    """The vitamin A capsule of the person's age (children.VITAMIN_A: biru once at 6–11 months,
    merah 12–59 months), merah for a mother in nifas; None when none is given at this age."""
    from siklus.rules import children

    for capsule in children.VITAMIN_A.at(f.on).value.capsules:
        if capsule.first_month_of_age <= f.months <= capsule.last_month_of_age:
            return "vitamin_a_biru" if capsule.once else "vitamin_a_merah"
    return "vitamin_a_merah" if f.delivered is not None else None


def hb0_given(person: Person) -> bool:
    from siklus.care.models import Immunization

    return Immunization.objects.active().filter(person=person, dose="HB0").exists()
