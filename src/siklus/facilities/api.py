from datetime import date
from uuid import UUID

from django.http import HttpResponse
from ninja import Router, Schema
from ninja.pagination import paginate

from siklus.core.querysets import within_q
from siklus.core.schemas import Pages
from siklus.core.versions import etag, expected_version
from siklus.core.views import get_visible
from siklus.facilities.models import Facility, Kind
from siklus.facilities.services import rollout, set_ilp_status

router = Router(tags=["fasilitas"])


class FacilityOut(Schema):
    id: UUID
    kind: str
    name: str
    code: str
    area_code: str
    parent_id: UUID | None
    ilp_active: bool
    ilp_since: date | None
    active: bool
    version: int


class RolloutRow(Schema):
    kind: str
    total: int
    ilp: int
    share: float | None


@router.get("", response=list[FacilityOut], summary="Fasilitas di wilayah kerja")
@paginate(Pages)
def list_facilities(request, kind: Kind | None = None, area: str | None = None):
    facilities = Facility.objects.visible_to(request.user).active()
    if kind:
        facilities = facilities.filter(kind=kind)
    if area:
        facilities = facilities.filter(within_q("area_code", area))
    return facilities


@router.get("/rollout", response=list[RolloutRow], summary="Capaian ILP per jenis fasilitas")
def facility_rollout(request):
    return [{**row, "kind": row["kind"].value} for row in rollout(request.user)]


@router.get("/{facility_id}", response=FacilityOut, summary="Satu fasilitas")
def get_facility(request, facility_id: UUID, response: HttpResponse):
    facility = get_visible(Facility, request.user, pk=facility_id)
    response["ETag"] = etag(facility.version)
    return facility


class IlpStatusIn(Schema):
    ilp_active: bool
    ilp_since: date | None = None
    version: int | None = None


@router.put("/{facility_id}/ilp", response=FacilityOut, summary="Catat status ILP fasilitas",
            description="Kepala Puskesmas untuk jejaringnya, Dinkes untuk wilayahnya, admin di mana saja. "
                        'Kirim versi yang Anda ubah di If-Match (ETag dari GET, mis. W/"3") atau di "version": '
                        "bila status sudah diubah orang lain sejak itu, 409 dengan status yang tersimpan sekarang.")
def put_ilp_status(request, facility_id: UUID, payload: IlpStatusIn, response: HttpResponse):
    facility = get_visible(Facility, request.user, pk=facility_id)
    facility = set_ilp_status(request.user, facility, active=payload.ilp_active, since=payload.ilp_since,
                              version=expected_version(request, payload.version))
    response["ETag"] = etag(facility.version)
    return facility
