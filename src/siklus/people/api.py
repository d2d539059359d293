from datetime import date, datetime
from typing import Literal
from uuid import UUID

from django.http import HttpResponse
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from siklus.audit.log import audited_api_list, log_read
from siklus.core.querysets import within_q
from siklus.core.schemas import Keyset, Text
from siklus.core.versions import etag, expected_version
from siklus.core.views import get_visible
from siklus.people import services
from siklus.people.models import Household, Person, Relation

router = Router(tags=["keluarga dan penduduk"])

RelationCode = Literal[tuple(Relation.values)]  # type: ignore[valid-type]
# Text limits here only bound the request; the services refuse what is longer than the model
# holds with a field message ("Nama lengkap terlalu panjang (maksimal 150 huruf).") and RT/RW
# outside 1–999, in the user's language, instead of a schema error.
LONG = 1000


class HouseholdIn(Schema):
    desa: Text(20, 1)
    head_name: Text(LONG, 1)
    address: Text(LONG, 1)
    no_kk: Text(20) = ""
    rt: Text(20) = ""
    rw: Text(20) = ""
    sub_area: Text(40) | None = None
    posyandu: UUID | None = None


class HouseholdPatch(Schema):
    head_name: Text(LONG, 1) | None = None
    address: Text(LONG, 1) | None = None
    no_kk: Text(20) | None = None
    rt: Text(20) | None = None
    rw: Text(20) | None = None
    sub_area: Text(40) | None = None
    posyandu: UUID | None = None
    version: int | None = None


class HouseholdOut(Schema):
    id: UUID
    no_kk: str
    head_name: str
    address: str
    rt: str
    rw: str
    desa_id: str
    area_code: str
    posyandu_id: UUID | None
    voided_at: datetime | None
    void_reason: str
    version: int


class PersonIn(Schema):
    household: UUID
    name: Text(LONG, 1)
    sex: Literal["L", "P"]
    birth_date: date
    relation: RelationCode
    nik: Text(24) = ""
    jkn_number: Text(20) = ""
    mother: UUID | None = None
    phone: Text(20) = ""
    confirm_duplicate: bool = False
    confirm_warnings: bool = False


class PersonPatch(Schema):
    household: UUID | None = None
    name: Text(LONG, 1) | None = None
    sex: Literal["L", "P"] | None = None
    birth_date: date | None = None
    relation: RelationCode | None = None
    nik: Text(24) | None = None
    jkn_number: Text(20) | None = None
    mother: UUID | None = None
    phone: Text(20) | None = None
    version: int | None = None
    confirm_warnings: bool = False


class PersonOut(Schema):
    id: UUID
    household_id: UUID
    nik: str | None
    name: str
    sex: str
    birth_date: date
    relation: str
    jkn_number: str
    mother_id: UUID | None
    phone: str
    area_code: str
    without_nik: bool
    voided_at: datetime | None
    void_reason: str
    version: int


class VoidIn(Schema):
    reason: Text(500, 1)


# Keyset pagination (siklus.core.schemas.Keyset): the cost of a page does not grow with its depth.
PAGES = (
    "Halaman berikutnya: kirim `after` berisi `next` dari jawaban sebelumnya (null: halaman terakhir). "
    "`count` (jumlah total) hanya bila diminta dengan `count=true`. `offset` masih diterima tetapi usang "
    "(makin dalam makin lambat) dan akan dihapus."
)


@router.get("households", response=list[HouseholdOut], summary="Keluarga di wilayah kerja (tercatat di log audit)",
            description=PAGES)
@audited_api_list("households")
@paginate(Keyset)
def list_households(request, area: str | None = None, include_voided: bool = False):
    households = Household.objects.visible_to(request.user)
    if not include_voided:
        households = households.active()
    if area:
        households = households.filter(within_q("area_code", area))
    return households.order_by("head_name", "id")


@router.post("households", response={201: HouseholdOut}, summary="Daftarkan keluarga")
def create_household(request, payload: HouseholdIn):
    return Status(201, services.register_household(request.user, services.HouseholdInput(**payload.dict())))


@router.get("households/{household_id}", response=HouseholdOut, summary="Satu keluarga")
def get_household(request, household_id: UUID, response: HttpResponse):
    household = get_visible(Household, request.user, pk=household_id)
    log_read(request.user, [household], what="household")
    response["ETag"] = etag(household.version)
    return household


# How an edit names its base version; the same for every PATCH/PUT of a record.
EDIT_VERSIONS = (
    'Kirim versi yang Anda ubah di header If-Match (ETag dari GET, mis. W/"3") atau di "version". '
    "Bila data sudah diubah orang lain sejak versi itu: 409 dengan nilai yang tersimpan sekarang dan ETag-nya "
    "(kirim ulang dengan ETag itu bila tetap memilih nilai Anda). Tanpa versi: hanya kolom yang dikirim diubah, "
    "pada data terkini (kolom lain tidak pernah tertimpa)."
)


@router.patch("households/{household_id}", response=HouseholdOut, summary="Ubah keluarga", description=EDIT_VERSIONS)
def update_household(request, household_id: UUID, payload: HouseholdPatch, response: HttpResponse):
    household = get_visible(Household, request.user, pk=household_id)
    data = payload.dict(exclude_unset=True)
    version = expected_version(request, data.pop("version", None))
    household = services.update_household(request.user, household, services.HouseholdChanges(**data), version=version)
    response["ETag"] = etag(household.version)
    return household


@router.post("households/{household_id}/void", response=HouseholdOut, summary="Batalkan keluarga (dengan alasan)")
def void_household(request, household_id: UUID, payload: VoidIn):
    return services.void(request.user, get_visible(Household, request.user, pk=household_id), payload.reason)


@router.get("persons", response=list[PersonOut],
            summary="Penduduk: cari dengan NIK atau nama (q), atau per keluarga (tercatat di log audit)",
            description=PAGES)
@audited_api_list("persons", query_param="q")
@paginate(Keyset)
def list_persons(request, q: str | None = None, household: UUID | None = None):
    if q:
        return services.search_persons(request.user, q, limit=None)
    persons = Person.objects.visible_to(request.user).active()
    if household:
        persons = persons.filter(household_id=household)
    return persons.order_by("name", "id")


@router.post("persons", response={201: PersonOut}, summary="Daftarkan penduduk",
             description="409 bila mirip penduduk yang sudah ada (kirim ulang dengan confirm_duplicate=true) "
                         "atau bila ada peringatan kewajaran, mis. kepala keluarga di bawah 15 tahun "
                         "(kirim ulang dengan confirm_warnings=true).")
def create_person(request, payload: PersonIn):
    data = payload.dict()
    confirm = data.pop("confirm_duplicate")
    warnings = data.pop("confirm_warnings")
    return Status(201, services.register_person(request.user, services.PersonInput(**data), confirm_duplicate=confirm,
                                                confirm_warnings=warnings))


@router.get("persons/{person_id}", response=PersonOut, summary="Satu penduduk (tercatat di log audit)")
def get_person(request, person_id: UUID, response: HttpResponse):
    person = services.view_person(request.user, get_visible(Person, request.user, pk=person_id))
    response["ETag"] = etag(person.version)
    return person


@router.patch("persons/{person_id}", response=PersonOut, summary="Ubah penduduk", description=EDIT_VERSIONS)
def update_person(request, person_id: UUID, payload: PersonPatch, response: HttpResponse):
    person = get_visible(Person, request.user, pk=person_id)
    # Only the fields sent are changed (an explicit null is sent, and clears the field).
    data = payload.dict(exclude_unset=True)
    version = expected_version(request, data.pop("version", None))
    warnings = data.pop("confirm_warnings", False)
    person = services.update_person(request.user, person, services.PersonChanges(**data), version=version,
                                    confirm_warnings=warnings)
    response["ETag"] = etag(person.version)
    return person


@router.post("persons/{person_id}/void", response=PersonOut, summary="Batalkan penduduk (dengan alasan)")
def void_person(request, person_id: UUID, payload: VoidIn):
    return services.void(request.user, get_visible(Person, request.user, pk=person_id), payload.reason)
