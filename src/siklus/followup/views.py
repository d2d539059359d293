"""Follow-up pages: the worklist of a Posyandu (or the escalated tasks of a Pustu/Puskesmas) with
its sheet per RT, the home-visit form, the weekly review at the Pustu, and the ketua RT/RW's list.

Thin: reads go through ``visible_to``/``get_visible`` and the services of :mod:`siklus.followup`;
every page showing residents audits the read once.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from siklus.accounts.models import Role
from siklus.accounts.policies import Perm, may
from siklus.audit.log import log_read
from siklus.audit.models import Action
from siklus.core.errors import Conflict, Invalid
from siklus.core.views import get_visible
from siklus.facilities.models import Facility, Kind
from siklus.followup import pdf, services, visits
from siklus.followup.models import Task
from siklus.followup.visit_models import HomeVisit, VisitFinding
from siklus.people.models import Household
from siklus.rules import homevisit as rules


def _uuid(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


# ------------------------------------------------------------------------------------- worklist


@login_required
def worklist(request, pk):
    user = request.user
    facility = get_visible(Facility, user, pk=pk)
    if request.method == "POST":
        return _close_task(request, facility)
    rt = request.GET.get("rt") or None
    page = services.worklist_page(user, facility, rt=rt)
    notes = visits.household_notes(user, [h.household.pk for h in page.households] + [h.pk for h in page.unvisited])
    groups = [(label, [(h, notes.get(h.household.pk, (None, None))) for h in cards],
               [(h, notes.get(h.pk, (None, None))) for h in rest]) for label, cards, rest in page.groups]
    log_read(user, [*page.tasks, *(t.person for t in page.tasks if t.person_id), *page.unvisited],
             what="followup_worklist")
    return render(request, "followup/worklist.html", {
        "facility": facility, "work": page, "groups": groups, "rts": page.rts, "rt": rt,
        "today": page.on, "can_act": may(user, Perm.RECORD_CARE, facility), "task_count": page.task_count,
        "urgent_only": page.long and rt is None,
    })


def _close_task(request, facility):
    user = request.user
    task = Task.objects.visible_to(user).filter(pk=_uuid(request.POST.get("task")), facility=facility).first()
    if task is None:
        raise Http404
    try:
        services.close_task(user, task, request.POST.get("outcome", ""), _int(request.POST.get("version")))
        messages.success(request, _("Tugas ditutup."))
    except Invalid as e:
        messages.error(request, " ".join(m for ms in e.errors.values() for m in ms))
    except Conflict as e:
        messages.error(request, str(e))
    except PermissionError:
        raise PermissionDenied from None
    return redirect("followup_worklist", pk=facility.pk)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def worklist_pdf(request, pk):
    user = request.user
    facility = get_visible(Facility, user, pk=pk)
    work = services.worklist(user, facility)
    content = pdf.worklist_pdf(work, user.get_full_name() or user.username)
    log_read(user, [*work.tasks, *(t.person for t in work.tasks if t.person_id)], what="followup_worklist_pdf",
             action=Action.EXPORT)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="tindak-lanjut-{work.on.isoformat()}.pdf"'
    return response


# ------------------------------------------------------------------------------------ home visit


def _answers_from(post, plans) -> tuple[tuple[visits.MemberAnswers, ...], dict]:
    members, chosen = [], {}
    for plan in plans:
        pid = str(plan.person.pk)
        if not post.get(f"m-{pid}"):
            continue
        answers = {}
        for stage, items in plan.items.items():
            given = {i.code: post.get(f"a-{pid}-{stage}-{i.code}") for i in items}
            answers[stage] = {k: v for k, v in given.items() if v}
        chosen[pid] = answers
        members.append(visits.MemberAnswers(plan.person, answers))
    return tuple(members), chosen


@login_required
def homevisit_new(request, pk):
    user = request.user
    household = get_visible(Household, user, pk=pk)
    if not may(user, Perm.RECORD_CARE, household):
        raise PermissionDenied
    today = timezone.localdate()
    day = today
    errors: dict = {}
    post = request.POST if request.method == "POST" else None
    if post is not None:
        try:
            day = date.fromisoformat(post.get("visited_on", ""))
        except ValueError:
            day = None
    plans = visits.visit_plan(user, household, day if isinstance(day, date) and day <= today else today)
    chosen: dict = {}
    if post is not None:
        members, chosen = _answers_from(post, plans)
        try:
            visit = visits.record_visit(user, visits.VisitInput(
                household=household, visited_on=day, kind=post.get("kind", ""), saji=tuple(post.getlist("saji")),
                members=members, note=post.get("note", ""), id=_uuid(post.get("id"))))
        except Invalid as e:
            errors = e.errors
        except Conflict as e:
            errors = {None: [str(e)]}
        else:
            messages.success(request, _("Kunjungan rumah tersimpan."))
            return redirect("homevisit", pk=visit.pk)
    open_tasks = services.household_tasks(user, household)
    log_read(user, [household, *(p.person for p in plans)], what="homevisit_form")
    return render(request, "followup/homevisit_form.html", {
        "household": household, "plans": [(p, [(s, rules.STAGE_LABELS[s], p.items[s]) for s in p.stages])
                                          for p in plans],
        "tasks": open_tasks, "saji": rules.SAJI, "kinds": rules.VISIT_KINDS, "errors": errors,
        "values": post or {}, "chosen": chosen, "visited_on": (post or {}).get("visited_on") or today.isoformat(),
        "client_id": (post or {}).get("id") or uuid.uuid4(), "saji_done": post.getlist("saji") if post else [],
        "today": today,
    })


@login_required
def homevisit_detail(request, pk):
    user = request.user
    visit = get_visible(HomeVisit, user, pk=pk)
    members = list(visit.members.select_related("person"))
    findings = {(f.person_id, f.stage, f.item): f for f in visit.findings.select_related("referral")}
    rows = []
    for m in members:
        stages = []
        for stage in m.stages:
            items = [(i, m.answers.get(stage, {}).get(i.code, ""), findings.get((m.person_id, stage, i.code)))
                     for i in rules.CHECKLISTS.get(stage, ())]
            stages.append((rules.STAGE_LABELS.get(stage, stage), [r for r in items if r[1]]))
        rows.append((m.person, stages))
    log_read(user, [visit, *(m.person for m in members)], what="homevisit")
    return render(request, "followup/homevisit_detail.html", {
        "visit": visit, "rows": rows, "saji": [(c, label, c in visit.saji) for c, label, _h in rules.SAJI],
        "kind": dict(rules.VISIT_KINDS).get(visit.kind, visit.kind),
        "tasks": services.household_tasks(user, visit.household),
    })


# --------------------------------------------------------------------------------- weekly review


def _week(value: str | None) -> date:
    """``2026-W49`` → its Monday; anything else → this week's Monday."""
    try:
        year, week = (value or "").split("-W")
        return date.fromisocalendar(int(year), int(week), 1)
    except ValueError:
        return visits.week_of(timezone.localdate())


@login_required
def review(request, pk):
    user = request.user
    pustu = get_visible(Facility, user, pk=pk)
    if pustu.kind != Kind.PUSTU:
        raise Http404
    monday = _week(request.GET.get("minggu") or request.POST.get("minggu"))
    if request.method == "POST":
        finding = VisitFinding.objects.visible_to(user).filter(pk=_uuid(request.POST.get("finding"))).first()
        if finding is None:
            raise Http404
        from siklus.accounts.models import User

        assignee = User.objects.filter(pk=_int(request.POST.get("follow_up_by"))).first()
        try:
            visits.assign_finding(user, finding, assignee, _int(request.POST.get("version")))
            messages.success(request, _("Petugas tindak lanjut tersimpan."))
        except Invalid as e:
            messages.error(request, " ".join(m for ms in e.errors.values() for m in ms))
        except Conflict as e:
            messages.error(request, str(e))
        except PermissionError:
            raise PermissionDenied from None
        year, week, _d = monday.isocalendar()
        return redirect(f"{request.path}?minggu={year}-W{week:02d}")
    week = visits.week_review(user, pustu, monday)
    year, number, _d = monday.isocalendar()
    prev_year, prev_week, _d = (monday.fromordinal(monday.toordinal() - 7)).isocalendar()
    next_year, next_week, _d = (monday.fromordinal(monday.toordinal() + 7)).isocalendar()
    shown = [f for c in week.categories for f in c.findings] + week.others
    log_read(user, [*week.visits, *(f.person for f in shown)], what="followup_review")
    return render(request, "followup/review.html", {
        "pustu": pustu, "week": week, "iso": f"{year}-W{number:02d}", "sunday": monday.fromordinal(monday.toordinal() + 6),
        "prev": f"{prev_year}-W{prev_week:02d}", "next": f"{next_year}-W{next_week:02d}",
        "can_assign": visits.may_review(user, pustu), "finding_count": len(shown),
        "items": {(s, i.code): i.question for s, items in rules.CHECKLISTS.items() for i in items},
    })


# ------------------------------------------------------------------------------------------ RT/RW


@login_required
def rt_list(request):
    user = request.user
    if getattr(user, "role", None) != Role.RT or not may(user, Perm.VIEW_REMINDERS):
        raise PermissionDenied
    rows = visits.rt_households(user)
    log_read(user, rows, what="followup_rt")
    return render(request, "followup/rt.html", {
        # Each "sudah diingatkan" form carries its own id: a double tap stores one reminder.
        "rows": [(r, [rules.RT_WORDS[g] for g in r.groups], uuid.uuid4()) for r in rows],
        "area": user.area, "today": timezone.localdate(),
    })


@login_required
def rt_remind(request, pk):
    user = request.user
    if not may(user, Perm.VIEW_REMINDERS):
        raise PermissionDenied
    if request.method != "POST":
        return redirect("followup_rt")
    try:
        visits.mark_reminded(user, pk, id=_uuid(request.POST.get("id")))
        messages.success(request, _("Tercatat: keluarga sudah diingatkan."))
    except PermissionError:
        raise Http404 from None
    except (Invalid, Conflict) as e:
        messages.error(request, str(e))
    return redirect("followup_rt")

