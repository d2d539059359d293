"""Follow-up tasks over the JSON API (/api/v1/tasks): list (scoped, filtered), get, close.

Tasks are opened and closed by the rules (:mod:`siklus.followup.services`), so the API creates
none; closing by hand is optimistic (If-Match or ``version``) and the same close sent again
answers as the first time. Every read is audited: tasks name persons and why they are followed up.
"""

from datetime import date, datetime
from uuid import UUID

from django.http import HttpResponse
from ninja import Router, Schema
from ninja.pagination import paginate

from siklus.audit.log import audited_api_list, log_read
from siklus.core.querysets import within_q
from siklus.core.schemas import Keyset, Text
from siklus.core.versions import etag, expected_version
from siklus.core.views import get_visible
from siklus.facilities.models import Facility
from siklus.followup import services
from siklus.followup.models import Status, Task

router = Router(tags=["tugas tindak lanjut"])


class TaskOut(Schema):
    id: UUID
    person_id: UUID | None
    household_id: UUID
    kind: str
    kind_label: str
    key: str
    reason: str
    rule_version: str
    opened_on: date
    due_on: date
    urgency: int
    needs_nakes: bool
    status: str
    closed_on: date | None
    outcome: str
    answered_by: str
    level: str
    facility_id: UUID | None
    escalation: int
    escalated_on: date | None
    area_code: str
    version: int
    updated_at: datetime

    @staticmethod
    def resolve_reason(task: Task) -> str:
        return task.reason_text


class CloseIn(Schema):
    outcome: Text(500, 1)
    version: int | None = None


@router.get("tasks", response=list[TaskOut], summary="Tugas tindak lanjut di wilayah kerja (tercatat di log audit)",
            description="Saring dengan facility (Posyandu/Pustu/Puskesmas yang ditugasi), status (open, done, closed, "
                        "cancelled), kind (kode jenis tugas), area (kode wilayah), person, household.")
@audited_api_list("tasks")
@paginate(Keyset)
def list_tasks(request, facility: UUID | None = None, status: str | None = Status.OPEN, kind: str | None = None,
               area: str | None = None, person: UUID | None = None, household: UUID | None = None):
    tasks = Task.objects.visible_to(request.user)
    if facility is not None:
        tasks = tasks.filter(facility=get_visible(Facility, request.user, pk=facility))
    if status:
        tasks = tasks.filter(status=status)
    if kind:
        tasks = tasks.filter(kind=kind)
    if area:
        tasks = tasks.filter(within_q("area_code", area))
    if person is not None:
        tasks = tasks.filter(person_id=person)
    if household is not None:
        tasks = tasks.filter(household_id=household)
    return tasks.order_by("due_on", "id")


@router.get("tasks/{task_id}", response=TaskOut, summary="Satu tugas tindak lanjut (tercatat di log audit)")
def get_task(request, task_id: UUID, response: HttpResponse):
    task = get_visible(Task, request.user, pk=task_id)
    log_read(request.user, [task], what="task")
    response["ETag"] = etag(task.version)
    return task


@router.post("tasks/{task_id}/close", response=TaskOut, summary="Tutup tugas dengan hasil tindak lanjutnya",
             description='Kirim versi di If-Match (ETag dari GET, mis. W/"1") atau di "version": bila tugas sudah '
                         "diubah sejak versi itu, 409. Mengirim penutupan yang sama lagi dijawab seperti pertama kali.")
def close_task(request, task_id: UUID, payload: CloseIn, response: HttpResponse):
    task = get_visible(Task, request.user, pk=task_id)
    version = expected_version(request, payload.version)
    task = services.close_task(request.user, task, payload.outcome, version)
    response["ETag"] = etag(task.version)
    return task
