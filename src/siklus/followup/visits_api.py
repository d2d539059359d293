"""Home visits over the JSON API: record one (idempotent by the client's UUID), list a household's,
read one. Through :mod:`siklus.followup.visits`, like the pages: the same validation, the same
findings (referral, TB symptom, tasks closed), the same audit; reads are audited once a request."""

from datetime import date, datetime
from uuid import UUID

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from siklus.audit.log import audited_api_list, log_read
from siklus.core.errors import Invalid
from siklus.core.schemas import Keyset, Text
from siklus.core.versions import etag
from siklus.core.views import get_visible
from siklus.followup import visits
from siklus.followup.visit_models import HomeVisit
from siklus.people.models import Household, Person

router = Router(tags=["kunjungan rumah"])


class MemberIn(Schema):
    person_id: UUID
    answers: dict[str, dict[str, str]] = Field(default_factory=dict,
                                               description='tahap → butir → "ya"/"tidak", mis. {"balita": {"ditimbang": "ya"}}')


class HomeVisitIn(Schema):
    id: UUID = Field(description="UUID buatan klien: kiriman ulang yang sama dijawab 200 tanpa disimpan dua kali")
    visited_on: date
    kind: Text(16) = "rutin"
    saji: list[Text(20)] = Field(default_factory=list, description="langkah SAJI yang dilakukan")
    note: Text(2000) = ""
    members: list[MemberIn]


class FindingOut(Schema):
    person_id: UUID
    stage: str
    item: str
    category: str
    referral_id: UUID | None
    follow_up_by_id: int | None


class MemberOut(Schema):
    person_id: UUID
    stages: list[str]
    answers: dict


class HomeVisitOut(Schema):
    id: UUID
    household_id: UUID
    visited_on: date
    kind: str
    saji: list[str]
    note: str
    posyandu_id: UUID | None
    rule_version: str
    members: list[MemberOut]
    findings: list[FindingOut]
    area_code: str
    version: int
    updated_at: datetime

    @staticmethod
    def resolve_members(visit: HomeVisit):
        return list(visit.members.all())

    @staticmethod
    def resolve_findings(visit: HomeVisit):
        return list(visit.findings.all())


@router.post("households/{household_id}/home-visits", response={200: HomeVisitOut, 201: HomeVisitOut},
             summary="Catat kunjungan rumah (daftar tilik per tahap hidup, SAJI, temuan)",
             description="Kiriman pertama 201; isi yang sama dengan id yang sama 200; isi berbeda 409. Tanda bahaya "
                         "dirujuk ke Pustu, gejala TBC dicatat, jawaban 'sudah diberikan di tempat lain' menutup tugasnya.")
def create_home_visit(request, household_id: UUID, payload: HomeVisitIn):
    household = get_visible(Household, request.user, pk=household_id)
    members = {p.pk: p for p in Person.objects.visible_to(request.user).filter(
        household=household, pk__in=[m.person_id for m in payload.members])}
    if len(members) != len({m.person_id for m in payload.members}):
        raise Invalid.field("members", _("Anggota ini bukan anggota keluarga yang dikunjungi."))
    visit = visits.record_visit(request.user, visits.VisitInput(
        household=household, visited_on=payload.visited_on, kind=payload.kind, saji=tuple(payload.saji),
        note=payload.note, id=payload.id,
        members=tuple(visits.MemberAnswers(members[m.person_id], m.answers) for m in payload.members)))
    return Status(200 if visits.is_resend(visit) else 201, visit)


@router.get("households/{household_id}/home-visits", response=list[HomeVisitOut],
            summary="Kunjungan rumah satu keluarga, terbaru dulu (tercatat di log audit)")
@audited_api_list("home_visits")
@paginate(Keyset)
def list_home_visits(request, household_id: UUID):
    household = get_visible(Household, request.user, pk=household_id)
    return HomeVisit.objects.visible_to(request.user).active().filter(household=household).order_by("visited_on", "id")


@router.get("home-visits/{home_visit_id}", response=HomeVisitOut, summary="Satu kunjungan rumah (tercatat di log audit)")
def get_home_visit(request, home_visit_id: UUID, response: HttpResponse):
    visit = get_visible(HomeVisit, request.user, pk=home_visit_id)
    log_read(request.user, [visit, *(m.person for m in visit.members.select_related("person"))], what="home_visit")
    response["ETag"] = etag(visit.version)
    return visit
