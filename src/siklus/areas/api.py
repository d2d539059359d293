from ninja import Router, Schema
from ninja.pagination import paginate

from siklus.areas.models import Area
from siklus.core.schemas import Pages
from siklus.core.views import get_visible

router = Router(tags=["wilayah"])


class AreaOut(Schema):
    code: str
    name: str
    level: str
    kind: str
    parent_id: str | None


@router.get("", response=list[AreaOut], summary="Wilayah: anak dari `parent`, atau provinsi")
@paginate(Pages)
def list_areas(request, parent: str | None = None):
    areas = Area.objects.visible_to(request.user)
    return areas.filter(parent_id=parent) if parent else areas.filter(parent__isnull=True)


@router.get("/{code}", response=AreaOut, summary="Satu wilayah")
def get_area(request, code: str):
    return get_visible(Area, request.user, code=code)
