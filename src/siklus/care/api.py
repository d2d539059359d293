"""The care records of a person over /api/v1 (issue #11 items 5 and 6).

Every record type has the same three operations:

* ``POST /persons/{person_id}/<records>`` creates one through its service in
  :mod:`siklus.care.services` (validation, permission, audit all there; nothing is decided here);
* ``GET /persons/{person_id}/<records>`` lists the person's records of that type, newest first, in
  keyset pages (``after``/``next``), and writes one read event naming the person and the records;
* ``GET /<records>/{<record>_id}`` reads one (a read event too) with its ``ETag``.

Creation is idempotent by the client's UUID (``id`` in the body): the first send answers 201 with
the record; the same body again answers 200 with the identical representation and stores nothing;
a different body under the same id answers 409. A device that lost the answer simply sends again.

Updates that the services support (resolve a condition, answer a referral, record a delivery,
lab results, TB steps) name the version they were based on in ``If-Match`` or ``version``, as the
registry's PATCH operations do (:mod:`siklus.core.versions`).

Errors are the services' own: 422 with ``loc`` naming the field, 409 with ``warnings`` for a
surprising value (send again with its code in ``confirm``), 403 outside one's permission, 404 for
a person or record outside one's area (the same as one that does not exist).
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from functools import wraps
from typing import Annotated, Any
from uuid import UUID

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from siklus.accounts.models import User
from siklus.audit.log import log_read
from siklus.care import records, services
from siklus.care.models import (
    CaseReport,
    Condition,
    Encounter,
    Immunization,
    LabRequest,
    MedicationDispense,
    Observation,
    Pregnancy,
    QuestionnaireResponse,
    Referral,
    Supplement,
    TbCase,
)
from siklus.core.errors import Invalid
from siklus.core.schemas import Keyset, Text
from siklus.core.versions import etag, expected_version
from siklus.core.views import get_visible
from siklus.facilities.models import Facility
from siklus.people.models import Person
from siklus.rules.messages import render as render_message

router = Router(tags=["layanan (rekam kesehatan)"])

PAGES = (
    "Terbaru dahulu. Halaman berikutnya: kirim `after` berisi `next` dari jawaban sebelumnya (null: halaman "
    "terakhir); `count=true` untuk jumlah total. Setiap halaman tercatat di log audit (penduduk dan data yang "
    "ditampilkan)."
)
IDEMPOTENT = (
    "`id` (UUID buatan klien) membuat pengiriman aman diulang: kiriman pertama 201 dengan datanya; isi yang "
    "sama dengan `id` yang sama 200 dengan data yang sama persis (tidak disimpan dua kali); isi berbeda dengan "
    "`id` yang sama 409. Kesalahan isian: 422, `loc` menyebut kolomnya. Nilai yang tidak lazim tetapi mungkin: "
    "409 dengan `warnings`; kirim ulang dengan kode peringatannya di `confirm` bila nilainya memang benar."
)
EDIT = (
    'Kirim versi yang Anda ubah di header If-Match (ETag dari GET, mis. W/"3") atau di "version". Bila data '
    "sudah diubah orang lain sejak versi itu: 409 dengan nilai yang tersimpan sekarang dan ETag-nya."
)

# Text and number limits only bound the request (what the database columns can hold at all); the
# services refuse what is wrong with a field message in the user's language.
LONG = 2000
CODE = 40
Number = Annotated[float, Field(allow_inf_nan=False)]
Small = Annotated[int, Field(ge=0, le=32767)]  # small counts: klaster, K-number, tablets, gravida, grams
Whole = Annotated[int, Field(ge=0, le=2_147_483_647)]
UserId = Annotated[int, Field(ge=1, le=2**63 - 1)]

# ----------------------------------------------------------------------------------- helpers


def _person(request, person_id: UUID) -> Person:
    return get_visible(Person, request.user, pk=person_id)


def _visible_ref(model, request, pk: UUID | None, field: str, person: Person | None = None):
    """A record the body names (an encounter, a lab request …): visible to the user, else a 422 at
    that field. Whether it belongs to the right person is the service's question."""
    if pk is None:
        return None
    found = model.objects.visible_to(request.user).filter(pk=pk).first()
    if found is None:
        raise Invalid.field(field, _("Data yang dirujuk tidak ditemukan."))
    return found


def _facility(pk: UUID | None, field: str):
    # Facilities are the public registry (no personal data): a referral or a delivery may name a
    # Puskesmas or hospital outside the user's own area.
    if pk is None:
        return None
    found = Facility.objects.filter(pk=pk).first()
    if found is None:
        raise Invalid.field(field, _("Fasilitas tidak ditemukan."))
    return found


def _user(pk: int | None, field: str):
    if pk is None:
        return None
    found = User.objects.filter(pk=pk, is_active=True).first()
    if found is None:
        raise Invalid.field(field, _("Petugas tidak ditemukan."))
    return found


# Body fields that name another record, and how each is found.
_REFERENCES = {
    "encounter": lambda request, pk, field: _visible_ref(Encounter, request, pk, field),
    "lab_request": lambda request, pk, field: _visible_ref(LabRequest, request, pk, field),
    "pregnancy": lambda request, pk, field: _visible_ref(Pregnancy, request, pk, field),
    "child": lambda request, pk, field: _visible_ref(Person, request, pk, field),
    "facility": lambda request, pk, field: _facility(pk, field),
    "from_facility": lambda request, pk, field: _facility(pk, field),
    "to_facility": lambda request, pk, field: _facility(pk, field),
    "delivery_facility": lambda request, pk, field: _facility(pk, field),
    "treatment_facility": lambda request, pk, field: _facility(pk, field),
    "served_by": lambda request, pk, field: _user(pk, field),
}


def _plain(value):
    """JSON lists become tuples (the services' inputs are frozen, hashable dataclasses)."""
    if isinstance(value, list):
        return tuple(_plain(v) for v in value)
    return value


def _input(cls, request, data: dict, **given):
    """The service's input dataclass from a request body: referenced records looked up (scoped),
    lists as tuples, only the fields the dataclass has."""
    names = {f.name for f in dataclasses.fields(cls)}
    values = dict(given)
    for name, value in data.items():
        if name not in names:
            continue
        values[name] = _REFERENCES[name](request, value, name) if name in _REFERENCES else _plain(value)
    return cls(**values)


def _saved(result) -> tuple[Any, bool]:
    """(record, created): a service returns the record saved earlier, flagged, for a resend."""
    return result, not services.is_resend(result)


def _created(result):
    record, created = _saved(result)
    return Status(201 if created else 200, record)


def _of_person(request, model, person_id: UUID, date_field: str, include_voided: bool):
    person = _person(request, person_id)
    request.siklus_person = person  # for the read event (person_list below)
    records = model.objects.visible_to(request.user).filter(person=person)
    if not include_voided:
        records = records.active()
    return records.order_by(f"-{date_field}", "-id")


def person_list(what: str):
    """Above ``@paginate``: one read event per page naming the person and the records shown."""
    def decorate(func):
        @wraps(func)
        def wrapper(request, *args, **kwargs):
            result = func(request, *args, **kwargs)
            items = result.get("items", []) if isinstance(result, dict) else result
            log_read(request.user, [request.siklus_person, *items], what=what)
            return result
        return wrapper
    return decorate


def _one(request, response: HttpResponse, model, pk: UUID, what: str):
    record = get_visible(model, request.user, pk=pk)
    log_read(request.user, [record.person, record] if hasattr(record, "person") else [record], what=what)
    response["ETag"] = etag(record.version)
    return record


# ----------------------------------------------------------------------------------- schemas


class RecordOut(Schema):
    id: UUID
    person_id: UUID
    area_code: str
    created_at: datetime
    voided_at: datetime | None
    void_reason: str
    version: int


class CreateIn(Schema):
    id: UUID | None = Field(None, description="UUID buatan klien: kirim ulang dengan id yang sama aman")


class ConfirmIn(CreateIn):
    confirm: list[Text(CODE)] = Field([], description="kode peringatan kewajaran yang sudah dikonfirmasi pengguna")


class EncounterIn(CreateIn):
    on: date
    kind: Text(CODE, 1) = Field(description="jenis kunjungan (kode kosakata jenis 'encounter')")
    place: Text(CODE, 1) = Field(description="tempat (kode kosakata jenis 'place')")
    facility: UUID | None = None
    klaster: Small | None = None
    sequence: Small | None = Field(None, description="kunjungan ke- dalam serinya: K1–K6, KF1–KF4, KN1–KN3")
    by_doctor: bool = False
    served_by: UserId | None = Field(None, description="id pengguna petugas yang melayani")
    complaint: Text(LONG) = ""
    note: Text(LONG * 5) = ""
    triage: Text(CODE) = ""


class EncounterOut(RecordOut):
    facility_id: UUID | None
    place: str
    kind: str
    on: date
    klaster: int | None
    sequence: int | None
    by_doctor: bool
    served_by_id: int | None
    complaint: str
    note: str
    triage: str


class ExtraIn(Schema):
    """What a rule needs beside the value itself (see ``siklus.care.services.Extra``)."""

    sbp: Number | None = None
    dbp: Number | None = None
    known_hypertension: bool = False
    known_diabetes: bool = False
    pregnant: bool = False
    classic_symptoms: bool = False
    weight_kg: Number | None = None
    lenhei_cm: Number | None = None
    measure: Text(1) = ""
    muac_cm: Number | None = None
    oedema: bool = False
    hb_group: Text(CODE) = ""
    skilas_domains: list[Text(CODE)] | None = None
    srq20_item17: bool = False
    tb_close_contact: bool = False


class ObservationIn(ConfirmIn):
    on: date
    code: Text(CODE, 1) = Field(description="kode pemeriksaan (kosakata jenis 'observation')")
    value: Number | None = None
    value_code: Text(CODE) = Field("", description="jawaban berkode (mis. IVA negatif/positif) sebagai ganti angka")
    unit: Text(16) = ""
    method: Text(16) = ""
    encounter: UUID | None = None
    lab_request: UUID | None = None
    extra: ExtraIn | None = None


class ObservationOut(RecordOut):
    encounter_id: UUID | None
    lab_request_id: UUID | None
    on: date
    code: str
    value: float | None
    value_code: str
    unit: str
    method: str
    category: str
    category_label: str
    rule_version: str
    rule_settings: str
    confirmed_warnings: list[str]


class MeasurementsIn(Schema):
    """One Posyandu grid row or Klaster 3 screening: the values measured together."""

    on: date
    encounter: UUID | None = None
    weight_kg: Number | None = None
    lenhei_cm: Number | None = None
    measure: Text(1) = Field("", description="l: berbaring (PB), h: berdiri (TB)")
    muac_cm: Number | None = None
    headc_cm: Number | None = None
    waist_cm: Number | None = None
    sbp: Number | None = None
    dbp: Number | None = None
    glucose_mg_dl: Number | None = None
    glucose_test: Text(CODE) = "glucose_random"
    glucose_method: Text(16) = ""
    hb_g_dl: Number | None = None
    oedema: bool = False
    classic_symptoms: bool = Field(False, description="poliuria, polidipsia, polifagia, berat turun (GDS ≥ 200)")
    confirm: list[Text(CODE)] = Field([], description="kode peringatan kewajaran yang sudah dikonfirmasi pengguna")
    ids: dict[Text(CODE), UUID] | None = Field(
        None, description="UUID buatan klien per nilai, dengan kode pemeriksaannya sebagai kunci (weight, "
                          "length_height, muac, head_circumference, waist, sbp, dbp, glucose_random, hb …) agar aman "
                          "dikirim ulang; zwfl dan bmi turunan mendapat id dari id berat")


class ImmunizationIn(CreateIn):
    dose: Text(CODE, 1) = Field(description="kode dosis, mis. BCG, DPT-HB-Hib 1")
    given_on: date
    encounter: UUID | None = None
    facility: UUID | None = None
    batch: Text(200) = ""


class ImmunizationOut(RecordOut):
    encounter_id: UUID | None
    facility_id: UUID | None
    dose: str
    given_on: date
    batch: str


class SupplementIn(CreateIn):
    kind: Text(CODE, 1) = Field(description="kosakata jenis 'supplement', mis. vitamin_a_biru, ttd, pmt")
    given_on: date
    amount: Small | None = Field(None, description="tablet, sachet, porsi")
    encounter: UUID | None = None


class SupplementOut(RecordOut):
    encounter_id: UUID | None
    kind: str
    given_on: date
    amount: int | None


Answer = bool | int | Number | Text(CODE)


class QuestionnaireIn(CreateIn):
    on: date
    instrument: Text(CODE, 1) = Field(description="kosakata jenis 'questionnaire': srq20, puma, skilas, adl, kpsp_<umur>")
    answers: dict[Text(CODE), Answer] = Field(description="jawaban per butir, sesuai instrumennya")
    encounter: UUID | None = None


class QuestionnaireOut(RecordOut):
    encounter_id: UUID | None
    on: date
    instrument: str
    answers: dict[str, Any]
    score: float | None
    category: str
    category_label: str
    rule_version: str
    rule_settings: str


class ConditionIn(CreateIn):
    since: date
    code: Text(CODE) = Field("", description="kondisi kosakata (hipertensi, diabetes, tbc …) bila perlu tindak lanjut program")
    icd10: Text(10) = Field("", description="kode ICD-10 WHO 2019, mis. I10")
    note: Text(LONG) = ""


class ConditionOut(RecordOut):
    code: str
    icd10: str
    since: date
    resolved_on: date | None
    note: str


class ResolveIn(Schema):
    resolved_on: date
    version: int | None = None


class ReferralIn(CreateIn):
    on: date
    reason: Text(LONG, 1)
    urgency: Text(CODE) = "biasa"
    from_facility: UUID | None = None
    to_facility: UUID | None = None
    to_other: Text(LONG) = Field("", description="fasilitas di luar siklus, mis. RSUD")
    encounter: UUID | None = None


class ReferralOut(RecordOut):
    encounter_id: UUID | None
    on: date
    from_facility_id: UUID | None
    to_facility_id: UUID | None
    to_other: str
    reason: str
    urgency: str
    status: str
    answered_on: date | None
    answer: str


class AnswerIn(Schema):
    status: Text(CODE, 1) = Field(description="diterima, dijawab atau batal")
    answered_on: date | None = None
    answer: Text(LONG * 5) = ""
    version: int | None = None


class PregnancyIn(CreateIn):
    hpht: date
    gravida: Small | None = None


class BirthOut(Schema):
    id: UUID
    child_id: UUID | None
    born_on: date
    order: int
    alive: bool
    sex: str
    weight_g: int | None
    length_cm: float | None
    imd: bool
    vitamin_k1: bool
    eye_ointment: bool


class PregnancyOut(RecordOut):
    hpht: date
    hpl: date
    gravida: int | None
    ended_on: date | None
    outcome: str
    place_of_birth: str
    delivery_facility_id: UUID | None
    attendant: str
    attendants: list[str]
    mode: str
    births: list[BirthOut]

    @staticmethod
    def resolve_births(pregnancy) -> list:
        return list(pregnancy.births.all())


class NewbornIn(Schema):
    id: UUID | None = Field(None, description="UUID buatan klien untuk catatan kelahiran bayi ini")
    name: Text(LONG) = Field("", description="bawaan: Bayi Ny. <nama ibu>")
    child: UUID | None = Field(None, description="bayi yang sudah terdaftar sebagai penduduk, bila ada")
    sex: Text(1)
    alive: bool = True
    weight_g: Small | None = None
    length_cm: Number | None = None
    imd: bool = False
    vitamin_k1: bool = False
    eye_ointment: bool = False


class DeliveryIn(Schema):
    ended_on: date
    outcome: Text(CODE, 1) = Field(description="lahir_hidup, lahir_mati atau abortus")
    place_of_birth: Text(CODE) = ""
    delivery_facility: UUID | None = None
    attendant: Text(CODE) = Field("", description="penolong utama: dokter, bidan, perawat, dukun, keluarga, lain")
    attendants: list[Text(CODE, 1)] = Field(
        [], description="tim penolong (kode seperti `attendant`, penolong utama termasuk); kosong: penolong utama saja")
    mode: Text(CODE) = ""
    babies: list[NewbornIn] = []
    version: int | None = None


class LabRequestIn(CreateIn):
    requested_on: date
    tests: list[Text(CODE, 1)] = Field(description="kode pemeriksaan (kosakata jenis 'observation')")
    specimen: Text(CODE) = ""
    encounter: UUID | None = None


class LabRequestOut(RecordOut):
    encounter_id: UUID | None
    requested_on: date
    tests: list[str]
    specimen: str
    status: str
    resulted_on: date | None


class LabResultIn(Schema):
    code: Text(CODE, 1)
    value: Number | None = None
    value_code: Text(CODE) = ""


class LabResultsIn(Schema):
    resulted_on: date
    results: list[LabResultIn]
    ids: dict[Text(CODE), UUID] | None = Field(None, description="UUID buatan klien per hasil (kunci: kode pemeriksaan)")
    confirm: list[Text(CODE)] = []
    version: int | None = None


class MedicationIn(CreateIn):
    on: date
    medicine: Text(LONG, 1)
    quantity: Whole
    unit: Text(CODE) = ""
    instructions: Text(LONG) = ""
    encounter: UUID | None = None


class MedicationOut(RecordOut):
    encounter_id: UUID | None
    on: date
    medicine: str
    quantity: int
    unit: str
    instructions: str


class TbPresumptiveIn(CreateIn):
    presumptive_on: date
    found_by: Text(CODE) = Field("skrining", description="skrining, kontak atau pasif")


class TbResultIn(Schema):
    specimen_on: date | None = None
    test: Text(CODE, 1) = Field(description="tcm, bta, rontgen atau klinis")
    result: Text(CODE) = Field("", description="jawaban pemeriksaan (mis. rif_sen); kosong untuk diagnosis klinis")
    result_on: date
    diagnosis: Text(CODE) = Field("", description="tbc_so, tbc_ro, tbc_klinis atau bukan_tbc")
    version: int | None = None


class TbTreatmentIn(Schema):
    started_on: date
    regimen: Text(CODE) = ""
    facility: UUID | None = None
    version: int | None = None


class TbOutcomeIn(Schema):
    outcome: Text(CODE, 1)
    outcome_on: date
    version: int | None = None


class TbCaseOut(RecordOut):
    presumptive_on: date
    found_by: str
    specimen_on: date | None
    test: str
    result: str
    result_on: date | None
    diagnosis: str
    treatment_started_on: date | None
    regimen: str
    treatment_facility_id: UUID | None
    outcome: str
    outcome_on: date | None


class CaseReportIn(CreateIn):
    disease: Text(CODE, 1) = Field(description="kosakata jenis 'notifiable'")
    reported_on: date
    onset_on: date | None = None
    facility: UUID | None = None
    classification: Text(CODE) = Field("suspek", description="suspek, probable atau konfirmasi")
    note: Text(LONG * 5) = ""
    encounter: UUID | None = None


class CaseReportOut(RecordOut):
    encounter_id: UUID | None
    disease: str
    onset_on: date | None
    reported_on: date
    facility_id: UUID | None
    classification: str
    note: str


# --------------------------------------------------------------------------------- operations


def _save(record, cls, request, payload: Schema, **given):
    """Create through the service ``record`` from the body: 201, or 200 for an identical resend."""
    return _created(record(request.user, _input(cls, request, payload.dict(), **given)))


# Encounters

@router.post("persons/{person_id}/encounters", response={200: EncounterOut, 201: EncounterOut},
             summary="Catat kunjungan", description=IDEMPOTENT)
def create_encounter(request, person_id: UUID, payload: EncounterIn):
    person = _person(request, person_id)
    return _save(services.record_encounter, services.EncounterInput, request, payload, person=person)


@router.get("persons/{person_id}/encounters", response=list[EncounterOut],
            summary="Kunjungan seorang penduduk (tercatat di log audit)", description=PAGES)
@person_list("encounters")
@paginate(Keyset)
def list_encounters(request, person_id: UUID, include_voided: bool = False):
    return _of_person(request, Encounter, person_id, "on", include_voided)


@router.get("encounters/{encounter_id}", response=EncounterOut, summary="Satu kunjungan (tercatat di log audit)")
def get_encounter(request, encounter_id: UUID, response: HttpResponse):
    return _one(request, response, Encounter, encounter_id, "encounter")


# Observations and measurements

@router.post("persons/{person_id}/observations", response={200: ObservationOut, 201: ObservationOut},
             summary="Catat satu hasil pemeriksaan", description=IDEMPOTENT)
def create_observation(request, person_id: UUID, payload: ObservationIn):
    request.confirm_by_code = True  # a 409's hint names `confirm` (siklus.api)
    data = payload.dict()
    extra = data.pop("extra", None) or {}
    extra = services.Extra(**{k: _plain(v) for k, v in extra.items()})
    person = _person(request, person_id)
    return _created(services.record_observation(request.user, _input(
        services.ObservationInput, request, data, person=person, extra=extra)))


@router.post("persons/{person_id}/measurements", response={200: list[ObservationOut], 201: list[ObservationOut]},
             summary="Catat pengukuran sekaligus (baris meja Posyandu, skrining Klaster 3)",
             description="Berat, panjang/tinggi, LiLA, lingkar kepala, lingkar perut, tekanan darah, gula darah, Hb "
                         "yang diukur bersama, dinilai bersama (BB/PB, tekanan darah sebagai pasangan). " + IDEMPOTENT
                         + " Satu id per nilai di `ids`; 200 bila semua nilai sudah tersimpan sebelumnya.")
def create_measurements(request, person_id: UUID, payload: MeasurementsIn):
    request.confirm_by_code = True
    person = _person(request, person_id)
    saved = services.record_measurements(request.user, _input(services.MeasurementsInput, request, payload.dict(),
                                                              person=person))
    pairs = [_saved(s) for s in saved]
    return Status(201 if any(created for _, created in pairs) or not pairs else 200, [r for r, _ in pairs])


@router.get("persons/{person_id}/observations", response=list[ObservationOut],
            summary="Hasil pemeriksaan seorang penduduk (tercatat di log audit)", description=PAGES)
@person_list("observations")
@paginate(Keyset)
def list_observations(request, person_id: UUID, code: str | None = None, include_voided: bool = False):
    records = _of_person(request, Observation, person_id, "on", include_voided)
    return records.filter(code=code) if code else records


@router.get("observations/{observation_id}", response=ObservationOut,
            summary="Satu hasil pemeriksaan (tercatat di log audit)")
def get_observation(request, observation_id: UUID, response: HttpResponse):
    return _one(request, response, Observation, observation_id, "observation")


# Immunizations

@router.post("persons/{person_id}/immunizations", response={200: ImmunizationOut, 201: ImmunizationOut},
             summary="Catat imunisasi (nakes)", description=IDEMPOTENT)
def create_immunization(request, person_id: UUID, payload: ImmunizationIn):
    person = _person(request, person_id)
    return _save(services.record_immunization, services.ImmunizationInput, request, payload, person=person)


@router.get("persons/{person_id}/immunizations", response=list[ImmunizationOut],
            summary="Imunisasi seorang penduduk (tercatat di log audit)", description=PAGES)
@person_list("immunizations")
@paginate(Keyset)
def list_immunizations(request, person_id: UUID, include_voided: bool = False):
    return _of_person(request, Immunization, person_id, "given_on", include_voided)


@router.get("immunizations/{immunization_id}", response=ImmunizationOut, summary="Satu imunisasi (tercatat di log audit)")
def get_immunization(request, immunization_id: UUID, response: HttpResponse):
    return _one(request, response, Immunization, immunization_id, "immunization")


# Supplements

@router.post("persons/{person_id}/supplements", response={200: SupplementOut, 201: SupplementOut},
             summary="Catat pemberian vitamin A, TTD, obat cacing, PMT …", description=IDEMPOTENT)
def create_supplement(request, person_id: UUID, payload: SupplementIn):
    person = _person(request, person_id)
    return _save(services.record_supplement, services.SupplementInput, request, payload, person=person)


@router.get("persons/{person_id}/supplements", response=list[SupplementOut],
            summary="Suplemen seorang penduduk (tercatat di log audit)", description=PAGES)
@person_list("supplements")
@paginate(Keyset)
def list_supplements(request, person_id: UUID, include_voided: bool = False):
    return _of_person(request, Supplement, person_id, "given_on", include_voided)


@router.get("supplements/{supplement_id}", response=SupplementOut, summary="Satu pemberian suplemen (tercatat di log audit)")
def get_supplement(request, supplement_id: UUID, response: HttpResponse):
    return _one(request, response, Supplement, supplement_id, "supplement")


# Questionnaires

@router.post("persons/{person_id}/questionnaires", response={200: QuestionnaireOut, 201: QuestionnaireOut},
             summary="Catat kuesioner (SRQ-20, PUMA, SKILAS, ADL, KPSP) butir demi butir", description=IDEMPOTENT)
def create_questionnaire(request, person_id: UUID, payload: QuestionnaireIn):
    person = _person(request, person_id)
    return _save(services.record_questionnaire, services.QuestionnaireInput, request, payload, person=person)


@router.get("persons/{person_id}/questionnaires", response=list[QuestionnaireOut],
            summary="Kuesioner seorang penduduk (tercatat di log audit)", description=PAGES)
@person_list("questionnaires")
@paginate(Keyset)
def list_questionnaires(request, person_id: UUID, include_voided: bool = False):
    return _of_person(request, QuestionnaireResponse, person_id, "on", include_voided)


@router.get("questionnaires/{questionnaire_id}", response=QuestionnaireOut, summary="Satu kuesioner (tercatat di log audit)")
def get_questionnaire(request, questionnaire_id: UUID, response: HttpResponse):
    return _one(request, response, QuestionnaireResponse, questionnaire_id, "questionnaire")


# Conditions

@router.post("persons/{person_id}/conditions", response={200: ConditionOut, 201: ConditionOut},
             summary="Catat diagnosis / kondisi (nakes)", description=IDEMPOTENT)
def create_condition(request, person_id: UUID, payload: ConditionIn):
    person = _person(request, person_id)
    return _save(services.record_condition, services.ConditionInput, request, payload, person=person)


@router.get("persons/{person_id}/conditions", response=list[ConditionOut],
            summary="Kondisi seorang penduduk (tercatat di log audit)", description=PAGES)
@person_list("conditions")
@paginate(Keyset)
def list_conditions(request, person_id: UUID, include_voided: bool = False):
    return _of_person(request, Condition, person_id, "since", include_voided)


@router.get("conditions/{condition_id}", response=ConditionOut, summary="Satu kondisi (tercatat di log audit)")
def get_condition(request, condition_id: UUID, response: HttpResponse):
    return _one(request, response, Condition, condition_id, "condition")


@router.patch("conditions/{condition_id}", response=ConditionOut, summary="Nyatakan kondisi selesai (sembuh)",
              description=EDIT)
def resolve_condition(request, condition_id: UUID, payload: ResolveIn, response: HttpResponse):
    condition = get_visible(Condition, request.user, pk=condition_id)
    version = expected_version(request, payload.version)
    condition = services.resolve_condition(request.user, condition, payload.resolved_on, version)
    response["ETag"] = etag(condition.version)
    return condition


# Referrals

@router.post("persons/{person_id}/referrals", response={200: ReferralOut, 201: ReferralOut},
             summary="Catat rujukan", description=IDEMPOTENT)
def create_referral(request, person_id: UUID, payload: ReferralIn):
    person = _person(request, person_id)
    return _save(services.record_referral, services.ReferralInput, request, payload, person=person)


@router.get("persons/{person_id}/referrals", response=list[ReferralOut],
            summary="Rujukan seorang penduduk (tercatat di log audit)", description=PAGES)
@person_list("referrals")
@paginate(Keyset)
def list_referrals(request, person_id: UUID, include_voided: bool = False):
    return _of_person(request, Referral, person_id, "on", include_voided)


@router.get("referrals/{referral_id}", response=ReferralOut, summary="Satu rujukan (tercatat di log audit)")
def get_referral(request, referral_id: UUID, response: HttpResponse):
    return _one(request, response, Referral, referral_id, "referral")


@router.patch("referrals/{referral_id}", response=ReferralOut,
              summary="Jawab rujukan: diterima, dijawab (rujukan balik) atau batal", description=EDIT)
def answer_referral(request, referral_id: UUID, payload: AnswerIn, response: HttpResponse):
    referral = get_visible(Referral, request.user, pk=referral_id)
    version = expected_version(request, payload.version)
    referral = services.answer_referral(request.user, referral, payload.status, payload.answered_on, payload.answer,
                                        version)
    response["ETag"] = etag(referral.version)
    return referral


# Pregnancies and deliveries

@router.post("persons/{person_id}/pregnancies", response={200: PregnancyOut, 201: PregnancyOut},
             summary="Catat kehamilan (HPL dihitung dari HPHT)", description=IDEMPOTENT)
def create_pregnancy(request, person_id: UUID, payload: PregnancyIn):
    person = _person(request, person_id)
    return _save(services.record_pregnancy, services.PregnancyInput, request, payload, person=person)


@router.get("persons/{person_id}/pregnancies", response=list[PregnancyOut],
            summary="Kehamilan seorang penduduk, dengan bayinya (tercatat di log audit)", description=PAGES)
@person_list("pregnancies")
@paginate(Keyset)
def list_pregnancies(request, person_id: UUID, include_voided: bool = False):
    return _of_person(request, Pregnancy, person_id, "hpht", include_voided).prefetch_related("births")


@router.get("pregnancies/{pregnancy_id}", response=PregnancyOut, summary="Satu kehamilan (tercatat di log audit)")
def get_pregnancy(request, pregnancy_id: UUID, response: HttpResponse):
    return _one(request, response, Pregnancy, pregnancy_id, "pregnancy")


@router.post("pregnancies/{pregnancy_id}/delivery", response=PregnancyOut,
             summary="Catat persalinan: menutup kehamilan, bayi lahir hidup menjadi penduduk (nakes)",
             description="Kembar: beberapa bayi di `babies`. " + EDIT)
def record_delivery(request, pregnancy_id: UUID, payload: DeliveryIn, response: HttpResponse):
    pregnancy = get_visible(Pregnancy, request.user, pk=pregnancy_id)
    data = payload.dict()
    data["version"] = expected_version(request, data.get("version"))
    data["babies"] = tuple(_input(services.NewbornInput, request, baby) for baby in data["babies"])
    delivery = services.record_delivery(request.user, _input(services.DeliveryInput, request, data, pregnancy=pregnancy))
    response["ETag"] = etag(delivery.pregnancy.version)
    return delivery.pregnancy


# Laboratory

@router.post("persons/{person_id}/lab-requests", response={200: LabRequestOut, 201: LabRequestOut},
             summary="Catat permintaan laboratorium (nakes)", description=IDEMPOTENT)
def create_lab_request(request, person_id: UUID, payload: LabRequestIn):
    person = _person(request, person_id)
    return _save(services.record_lab_request, services.LabRequestInput, request, payload, person=person)


@router.get("persons/{person_id}/lab-requests", response=list[LabRequestOut],
            summary="Permintaan laboratorium seorang penduduk (tercatat di log audit)", description=PAGES)
@person_list("lab_requests")
@paginate(Keyset)
def list_lab_requests(request, person_id: UUID, include_voided: bool = False):
    return _of_person(request, LabRequest, person_id, "requested_on", include_voided)


@router.get("lab-requests/{lab_request_id}", response=LabRequestOut,
            summary="Satu permintaan laboratorium (tercatat di log audit)")
def get_lab_request(request, lab_request_id: UUID, response: HttpResponse):
    return _one(request, response, LabRequest, lab_request_id, "lab_request")


@router.post("lab-requests/{lab_request_id}/results", response={200: list[ObservationOut], 201: list[ObservationOut]},
             summary="Catat hasil laboratorium (nakes): permintaan menjadi selesai",
             description="Setiap pemeriksaan yang diminta diisi, tidak lebih; kesalahan di `results.<kode>`. "
                         "Kiriman ulang yang sama: 200. " + EDIT)
def record_lab_results(request, lab_request_id: UUID, payload: LabResultsIn):
    request.confirm_by_code = True
    lab_request = get_visible(LabRequest, request.user, pk=lab_request_id)
    results = tuple((r.code, r.value_code or r.value) for r in payload.results)
    saved = services.record_lab_results(request.user, lab_request, payload.resulted_on, results, ids=payload.ids,
                                        confirm=tuple(payload.confirm),
                                        version=expected_version(request, payload.version))
    return Status(201 if any(created for _, created in map(_saved, saved)) else 200, saved)


# Medicines

@router.post("persons/{person_id}/medications", response={200: MedicationOut, 201: MedicationOut},
             summary="Catat pemberian obat (nakes)", description=IDEMPOTENT)
def create_medication(request, person_id: UUID, payload: MedicationIn):
    person = _person(request, person_id)
    return _save(services.record_medication, services.MedicationInput, request, payload, person=person)


@router.get("persons/{person_id}/medications", response=list[MedicationOut],
            summary="Obat yang diberikan kepada seorang penduduk (tercatat di log audit)", description=PAGES)
@person_list("medications")
@paginate(Keyset)
def list_medications(request, person_id: UUID, include_voided: bool = False):
    return _of_person(request, MedicationDispense, person_id, "on", include_voided)


@router.get("medications/{medication_id}", response=MedicationOut, summary="Satu pemberian obat (tercatat di log audit)")
def get_medication(request, medication_id: UUID, response: HttpResponse):
    return _one(request, response, MedicationDispense, medication_id, "medication")


# TB (Klaster 4): presumptive → result → treatment → outcome; monthly visits are encounters kontrol_tbc

@router.post("persons/{person_id}/tb-cases", response={200: TbCaseOut, 201: TbCaseOut},
             summary="Catat terduga TBC (membuka episode)", description=IDEMPOTENT)
def create_tb_case(request, person_id: UUID, payload: TbPresumptiveIn):
    person = _person(request, person_id)
    return _save(services.record_tb_presumptive, services.TbPresumptiveInput, request, payload, person=person)


@router.get("persons/{person_id}/tb-cases", response=list[TbCaseOut],
            summary="Episode TBC seorang penduduk (tercatat di log audit)", description=PAGES)
@person_list("tb_cases")
@paginate(Keyset)
def list_tb_cases(request, person_id: UUID, include_voided: bool = False):
    return _of_person(request, TbCase, person_id, "presumptive_on", include_voided)


@router.get("tb-cases/{tb_case_id}", response=TbCaseOut, summary="Satu episode TBC (tercatat di log audit)")
def get_tb_case(request, tb_case_id: UUID, response: HttpResponse):
    return _one(request, response, TbCase, tb_case_id, "tb_case")


def _tb_answer(case: TbCase, response: HttpResponse) -> TbCase:
    response["ETag"] = etag(case.version)
    return case


@router.post("tb-cases/{tb_case_id}/result", response=TbCaseOut, summary="Catat hasil pemeriksaan dan diagnosis TBC (nakes)",
             description=EDIT)
def record_tb_result(request, tb_case_id: UUID, payload: TbResultIn, response: HttpResponse):
    case = get_visible(TbCase, request.user, pk=tb_case_id)
    data = payload.dict()
    data["version"] = expected_version(request, data["version"])
    return _tb_answer(services.record_tb_result(request.user, case, services.TbResultInput(**data)), response)


@router.post("tb-cases/{tb_case_id}/treatment", response=TbCaseOut, summary="Mulai pengobatan TBC (nakes)",
             description=EDIT)
def start_tb_treatment(request, tb_case_id: UUID, payload: TbTreatmentIn, response: HttpResponse):
    case = get_visible(TbCase, request.user, pk=tb_case_id)
    return _tb_answer(services.start_tb_treatment(
        request.user, case, payload.started_on, payload.regimen, _facility(payload.facility, "facility"),
        expected_version(request, payload.version)), response)


@router.post("tb-cases/{tb_case_id}/outcome", response=TbCaseOut, summary="Catat hasil akhir pengobatan TBC (nakes)",
             description=EDIT)
def record_tb_outcome(request, tb_case_id: UUID, payload: TbOutcomeIn, response: HttpResponse):
    case = get_visible(TbCase, request.user, pk=tb_case_id)
    return _tb_answer(services.record_tb_outcome(request.user, case, payload.outcome, payload.outcome_on,
                                                 expected_version(request, payload.version)), response)


# Case reports of notifiable diseases

@router.post("persons/{person_id}/case-reports", response={200: CaseReportOut, 201: CaseReportOut},
             summary="Laporkan kasus penyakit wajib lapor (nakes)", description=IDEMPOTENT)
def create_case_report(request, person_id: UUID, payload: CaseReportIn):
    person = _person(request, person_id)
    return _save(services.record_case_report, services.CaseReportInput, request, payload, person=person)


@router.get("persons/{person_id}/case-reports", response=list[CaseReportOut],
            summary="Laporan kasus seorang penduduk (tercatat di log audit)", description=PAGES)
@person_list("case_reports")
@paginate(Keyset)
def list_case_reports(request, person_id: UUID, include_voided: bool = False):
    return _of_person(request, CaseReport, person_id, "reported_on", include_voided)


@router.get("case-reports/{case_report_id}", response=CaseReportOut, summary="Satu laporan kasus (tercatat di log audit)")
def get_case_report(request, case_report_id: UUID, response: HttpResponse):
    return _one(request, response, CaseReport, case_report_id, "case_report")


# What is due: the rules' due list from the stored records

class DueItemOut(Schema):
    code: str
    group: str
    title: str
    state: str
    why: list[str]
    due_from: date | None
    due_by: date | None
    where: list[str]
    rule_version: str


class DueOut(Schema):
    person_id: UUID
    on: date
    stage: str
    stages: list[str]
    items: list[DueItemOut]
    notes: list[str]


def _words(value) -> str:
    # The rules' messages in the user's language (Indonesian templates are the catalogue's msgids).
    return render_message(value, _, get_language() or "id")


@router.get("persons/{person_id}/due", response=DueOut,
            summary="Layanan yang perlu diberikan kepada seorang penduduk (tercatat di log audit)",
            description="Daftar dari aturan (siklus.rules.due) atas catatan yang tersimpan, sama dengan halaman "
                        "penduduk dan `siklus due --person`. `on`: tanggal penilaian (bawaan hari ini).")
def get_due(request, person_id: UUID, on: date | None = None):
    person = _person(request, person_id)
    day = on or timezone.localdate()
    due = records.due_for(person, day)
    log_read(request.user, [person], what="due")
    return {
        "person_id": person.pk, "on": day, "stage": _words(due.stage_title),
        "stages": [_words(s) for s in due.stage_titles], "notes": [_words(n) for n in due.remarks],
        "items": [{
            "code": item.code, "group": _words(item.heading), "title": _words(item.title),
            "state": item.state.value, "why": [_words(w) for w in item.why], "due_from": item.due_from,
            "due_by": item.due_by, "where": [_words(w) for w in item.where], "rule_version": item.rule_version,
        } for item in due.items],
    }


# The whole record: every contact, newest first, grouped by life stage (as on the person page)

class DetailOut(Schema):
    label: str
    value: str
    category: str
    category_label: str


class EntryOut(Schema):
    on: date
    kind: str
    title: str
    place: str
    facility: str
    klaster: int | None
    details: list[DetailOut]


class StageOut(Schema):
    code: str
    label: str
    entries: list[EntryOut]


class RecordTimelineOut(Schema):
    person_id: UUID
    stages: list[StageOut]


@router.get("persons/{person_id}/record", response=RecordTimelineOut,
            summary="Riwayat lengkap seorang penduduk per tahap kehidupan, terbaru dahulu (tercatat di log audit)",
            description="Sama dengan riwayat di halaman penduduk; teks dalam bahasa pengguna.")
def get_record(request, person_id: UUID):
    person = _person(request, person_id)
    stages = records.timeline(person, request.user)
    log_read(request.user, [person], what="record")
    return {"person_id": person.pk, "stages": stages}
