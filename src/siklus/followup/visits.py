"""Home visits, the weekly review at the Pustu, and the ketua RT/RW's reminders (ILP.md §1.8).

* :func:`visit_plan(actor, household, on) <visit_plan>` — who is at home to be asked what: each
  active member with the checklists of their life stage (:mod:`siklus.rules.homevisit`) and the
  household's open tasks.
* :func:`record_visit(actor, VisitInput) <record_visit>` — one visit, idempotent by the client's
  UUID (the same visit sent again returns the stored one, :func:`is_resend`; another visit under
  that id is a Conflict). In one transaction: the visit, its members' answers, one ``kunjungan_rumah``
  encounter per member seen (through the care services: the contact is in the person's record and the
  household's yearly-visit task closes), and the findings — a danger sign refers the person to the
  Pustu (``care.services.record_referral``, urgency *gawat*: an unanswered referral is a task the
  next day), a TB symptom is recorded as the observation ``tb_symptoms`` (a *gejala_tbc* task opens
  at once), and "given elsewhere" closes the open task of that kind by hand with that outcome.
* :func:`week_review(actor, pustu, monday) <week_review>` — the week's visits of the Pustu's desa,
  findings in the four categories, and whom they can be assigned to; :func:`assign_finding`.
* :func:`rt_households(actor) <rt_households>` — for a ketua RT/RW: its households with an open
  follow-up, in plain words only; :func:`mark_reminded` — "sudah diingatkan", idempotent, audited.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from uuid import UUID, uuid5

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from siklus.accounts.models import Role
from siklus.accounts.policies import Perm, may, require
from siklus.audit import log as audit
from siklus.care import services as care
from siklus.care.models import Pregnancy, Referral, TbCase
from siklus.core.actors import require_actor, user_of
from siklus.core.errors import Collector, Conflict, Invalid
from siklus.core.querysets import scope_q, within_q
from siklus.core.scope import NOTHING
from siklus.facilities.models import Facility, Kind
from siklus.followup import services as tasks
from siklus.followup.models import Status, Task
from siklus.followup.visit_models import HomeVisit, Reminder, VisitFinding, VisitMember
from siklus.people.models import Household, Person
from siklus.rules import homevisit as rules
from siklus.rules.areacodes import desa_of
from siklus.rules.lifecycle import age_on

VISIT_FIELDS = ["household", "visited_on", "kind", "saji", "note", "posyandu"]

# ------------------------------------------------------------------------------------------ plan


@dataclass
class MemberPlan:
    person: Person
    stages: tuple[str, ...]
    items: dict[str, tuple[rules.Item, ...]]  # stage → its questions for this person


def _facts(persons: Sequence[Person], on: date) -> dict:
    ids = [p.pk for p in persons]
    pregnant = set(Pregnancy.objects.active().filter(person_id__in=ids, hpht__lte=on, ended_on__isnull=True)
                   .values_list("person_id", flat=True))
    delivered = dict(Pregnancy.objects.active().filter(person_id__in=ids, ended_on__lte=on)
                     .values("person_id").annotate(last=Max("ended_on")).values_list("person_id", "last"))
    tb = set(TbCase.objects.active().filter(person_id__in=ids, treatment_started_on__lte=on, outcome="")
             .values_list("person_id", flat=True))
    return {p.pk: (p.pk in pregnant, delivered.get(p.pk), p.pk in tb) for p in persons}


def _plan(persons: Sequence[Person], on: date) -> list[MemberPlan]:
    facts = _facts(persons, on)
    plans = []
    for p in persons:
        pregnant, delivered, tb = facts[p.pk]
        stages = rules.stages_for(p.birth_date, p.sex, on, pregnant=pregnant, delivered_on=delivered, tb_treatment=tb)
        years = age_on(p.birth_date, on).years if p.birth_date <= on else 0
        plans.append(MemberPlan(p, stages, {s: rules.items_for(s, p.sex, years) for s in stages}))
    return plans


def _members(household: Household, on: date):
    return [p for p in household.members.active().order_by("birth_date")
            if not (p.died_on and p.died_on <= on) and not (p.moved_out_on and p.moved_out_on <= on)]


def visit_plan(actor, household: Household, on: date | None = None) -> list[MemberPlan]:
    """The members of ``household`` with the checklists of their life stage on ``on``."""
    require_actor(actor)
    require(actor, Perm.VIEW, household)
    on = on or timezone.localdate()
    return _plan(_members(household, on), on)


# ---------------------------------------------------------------------------------------- record


@dataclass(frozen=True)
class MemberAnswers:
    person: Person
    answers: Mapping[str, Mapping[str, str]]  # stage → item → "ya"/"tidak"


@dataclass(frozen=True)
class VisitInput:
    household: Household
    visited_on: date
    kind: str = "rutin"
    saji: tuple[str, ...] = ()
    members: tuple[MemberAnswers, ...] = ()
    note: str = ""
    id: UUID | None = None


def is_resend(visit: HomeVisit) -> bool:
    return bool(getattr(visit, "_siklus_resent", False))


def _content(data: VisitInput) -> dict:
    return {"household": str(data.household.pk), "visited_on": data.visited_on.isoformat()
            if isinstance(data.visited_on, date) else data.visited_on, "kind": data.kind,
            "saji": sorted(data.saji), "note": (data.note or "").strip(),
            "members": {str(m.person.pk): {s: dict(a) for s, a in m.answers.items()} for m in data.members}}


def _stored_content(visit: HomeVisit) -> dict:
    return {"household": str(visit.household_id), "visited_on": visit.visited_on.isoformat(), "kind": visit.kind,
            "saji": sorted(visit.saji), "note": visit.note,
            "members": {str(m.person_id): m.answers for m in visit.members.all()}}


def _resent(data: VisitInput) -> HomeVisit | None:
    if data.id is None:
        return None
    found = HomeVisit._base_manager.filter(pk=data.id).first()
    if found is None:
        return None
    if _stored_content(found) != _content(data):
        raise Conflict(_("Kunjungan dengan id ini sudah tersimpan dengan isi yang berbeda. Untuk kunjungan baru "
                         "gunakan id baru."), current=_stored_content(found), version=found.version)
    setattr(found, "_siklus_resent", True)  # noqa: B010 (not a model field)
    return found


def _validate(data: VisitInput, members: dict) -> dict[object, MemberPlan]:
    errors = Collector()
    household = data.household
    today = timezone.localdate()
    if not isinstance(data.visited_on, date):
        errors.add("visited_on", _("Tanggal wajib diisi."))
    elif data.visited_on > today:
        errors.add("visited_on", _("Tanggal tidak boleh di masa depan."))
    if data.kind not in dict(rules.VISIT_KINDS):
        errors.add("kind", _("Jenis kunjungan tidak dikenal."))
    if set(data.saji) - set(rules.SAJI_CODES):
        errors.add("saji", _("Langkah SAJI tidak dikenal."))
    if len(data.note or "") > 2000:
        errors.add("note", _("Catatan paling panjang 2.000 karakter."))
    if not data.members:
        errors.add("members", _("Pilih anggota keluarga yang ditemui."))
    plans: dict[object, MemberPlan] = {}
    if isinstance(data.visited_on, date):
        seen = [m.person for m in data.members]
        if any(p.pk not in members for p in seen):
            errors.add("members", _("Anggota ini bukan anggota keluarga yang dikunjungi."))
        else:
            plans = {p.person.pk: p for p in _plan([members[p.pk] for p in seen], data.visited_on)}
            for m in data.members:
                plan = plans[m.person.pk]
                for stage, answers in m.answers.items():
                    known = {i.code for i in plan.items.get(stage, ())}
                    if stage not in plan.stages or set(answers) - known:
                        errors.add("members", _("Pertanyaan daftar tilik tidak sesuai tahap hidup %(name)s.")
                                   % {"name": m.person.name})
                    elif any(v not in rules.ANSWERS for v in answers.values()):
                        errors.add("members", _("Jawaban harus ya atau tidak."))
    if household.is_voided:
        errors.add("household", _("Data keluarga ini sudah dibatalkan."))
    errors.raise_if_any()
    return plans


def _refer_to(household: Household) -> Facility | None:
    """The Pustu of the household's desa, else the Puskesmas above its Posyandu (where a kader refers)."""
    pustu = Facility.objects.active().filter(kind=Kind.PUSTU, area_code=household.desa_id).order_by("name").first()
    if pustu is not None:
        return pustu
    if household.posyandu is not None:
        return Facility.objects.active().filter(pk=household.posyandu.parent_id).first()
    return Facility.objects.active().filter(kind=Kind.PUSKESMAS, served_areas=household.desa_id).first()


@transaction.atomic
def record_visit(actor, data: VisitInput) -> HomeVisit:
    """Store one home visit and what follows from its findings (see the module docstring)."""
    require_actor(actor)
    household = data.household
    require(actor, Perm.RECORD_CARE, household)
    found = _resent(data)
    if found is not None:
        return found
    members = {p.pk: p for p in _members(household, data.visited_on if isinstance(data.visited_on, date)
                                         else timezone.localdate())}
    plans = _validate(data, members)
    user = user_of(actor)
    facility = getattr(user, "facility", None)
    visit = HomeVisit(household=household, visited_on=data.visited_on, kind=data.kind, saji=sorted(data.saji),
                      note=(data.note or "").strip(), area_code=household.area_code, created_by=user,
                      posyandu=household.posyandu if facility is None or facility.kind != Kind.POSYANDU else facility,
                      rule_version=rules.RULE_VERSION)
    if data.id is not None:
        visit.pk = data.id
    try:
        with transaction.atomic():
            visit.save(force_insert=True)
    except IntegrityError:  # the same id sent twice at once: compare as a resend
        found = _resent(data)
        if found is None:
            raise
        return found
    audit.log("create", visit, actor=actor, changes=audit.snapshot(visit, VISIT_FIELDS))
    refer_to = None
    for m in data.members:
        person = m.person
        VisitMember.objects.create(visit=visit, person=person, stages=list(plans[person.pk].stages),
                                   answers={s: dict(a) for s, a in m.answers.items()})
        # Derived ids: the visit sent again (or retried after a failure) never records twice.
        encounter = care.record_encounter(actor, care.EncounterInput(
            person=person, on=data.visited_on, kind="kunjungan_rumah", place="rumah",
            id=uuid5(visit.pk, f"encounter:{person.pk}")))
        for stage, answers in m.answers.items():
            for f in rules.findings(stage, answers):
                referral = None
                if f.refer:
                    refer_to = refer_to or _refer_to(household)
                    if refer_to is not None:
                        referral = care.record_referral(actor, care.ReferralInput(
                            person=person, on=data.visited_on, encounter=encounter, to_facility=refer_to,
                            reason=_("Kunjungan rumah: %(sign)s") % {"sign": _(f.question)},
                            urgency=Referral.Urgency.EMERGENCY, id=uuid5(visit.pk, f"referral:{person.pk}:{f.item}")))
                if f.tb_symptom:
                    care.record_observation(actor, care.ObservationInput(
                        person=person, on=data.visited_on, code="tb_symptoms", value=1, encounter=encounter,
                        id=uuid5(visit.pk, f"tb:{person.pk}")))
                VisitFinding.objects.create(visit=visit, person=person, stage=stage, item=f.item,
                                            category=f.category or VisitFinding.Category.OTHER, referral=referral,
                                            area_code=person.area_code, created_by=user)
            for kind in rules.closed_kinds(stage, answers):
                outcome = _("Sudah diberikan di tempat lain (kunjungan rumah %(date)s).") % {
                    "date": data.visited_on.strftime("%d-%m-%Y")}
                for task in Task.objects.filter(person=person, kind=kind, status=Status.OPEN):
                    tasks.close_task(actor, task, outcome, task.version, on=data.visited_on)
    return visit


def visits_of(actor, household: Household, limit: int = 10) -> list[HomeVisit]:
    require_actor(actor)
    require(actor, Perm.VIEW, household)
    return list(HomeVisit.objects.visible_to(actor).active().filter(household=household)
                .order_by("-visited_on", "-created_at")[:limit])


def get_visit(actor, pk) -> HomeVisit:
    require_actor(actor)
    visit = HomeVisit.objects.visible_to(actor).select_related("household", "created_by").get(pk=pk)
    require(actor, Perm.VIEW, visit)
    return visit


def household_notes(actor, household_ids: Sequence) -> dict:
    """Per household: (last home visit, last RT/RW reminder) dates — shown on the worklist."""
    require_actor(actor)
    visits = dict(HomeVisit.objects.visible_to(actor).active().filter(household_id__in=household_ids)
                  .values("household_id").annotate(last=Max("visited_on")).values_list("household_id", "last"))
    reminders = dict(Reminder.objects.visible_to(actor).active().filter(household_id__in=household_ids)
                     .values("household_id").annotate(last=Max("reminded_on")).values_list("household_id", "last"))
    return {h: (visits.get(h), reminders.get(h)) for h in household_ids}


# ------------------------------------------------------------------------------- weekly review


@dataclass
class ReviewCategory:
    code: str
    label: str
    findings: list[VisitFinding] = field(default_factory=list)


@dataclass
class WeekReview:
    pustu: Facility
    monday: date
    visits: list[HomeVisit]
    categories: list[ReviewCategory]
    others: list[VisitFinding]
    assignees: list


def week_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _assignees(pustu: Facility):
    from siklus.accounts.models import User

    desa = desa_of(pustu.area_code) or pustu.area_code
    return list(User.objects.filter(is_active=True, role__in=(Role.PUSTU, Role.KADER)).filter(
        facility__area_code=desa, facility__kind__in=(Kind.PUSTU, Kind.POSYANDU), facility__voided_at__isnull=True)
        .order_by("role", "first_name", "username"))


def week_review(actor, pustu: Facility, monday: date) -> WeekReview:
    """The home visits of the Pustu's desa in the week from ``monday``, findings by category."""
    require_actor(actor)
    require(actor, Perm.VIEW, pustu)
    if pustu.kind != Kind.PUSTU:
        raise Invalid.field("pustu", _("Tinjauan mingguan dibuat per Pustu."))
    desa = desa_of(pustu.area_code) or pustu.area_code
    monday = week_of(monday)
    visits = list(HomeVisit.objects.visible_to(actor).active().filter(within_q("area_code", desa))
                  .filter(visited_on__gte=monday, visited_on__lt=monday + timedelta(days=7))
                  .select_related("household", "created_by").order_by("visited_on", "created_at"))
    found = list(VisitFinding.objects.visible_to(actor).active().filter(visit__in=visits)
                 .select_related("person", "visit__household", "follow_up_by", "referral")
                 .order_by("visit__visited_on", "person__name"))
    by = defaultdict(list)
    for f in found:
        by[f.category].append(f)
    categories = [ReviewCategory(code, label, by.get(code, [])) for code, label in rules.CATEGORIES]
    return WeekReview(pustu, monday, visits, categories, by.get(VisitFinding.Category.OTHER, []), _assignees(pustu))


def assign_finding(actor, finding: VisitFinding, assignee, version: int | None = None) -> VisitFinding:
    """Name who follows a finding up: a user of the Pustu or a Posyandu of the finding's desa."""
    require_actor(actor)
    require(actor, Perm.RECORD_CARE, finding)
    desa = desa_of(finding.area_code)
    facility = getattr(assignee, "facility", None)
    if (assignee is None or not assignee.is_active or facility is None or facility.area_code != desa
            or facility.kind not in (Kind.PUSTU, Kind.POSYANDU)):
        raise Invalid.field("follow_up_by", _("Pilih petugas Pustu atau kader Posyandu desa ini."))
    if finding.follow_up_by_id == assignee.pk:
        return finding  # the same assignment sent again
    based_on = finding.version if version is None else version
    before = finding.follow_up_by_id
    with transaction.atomic():
        if not finding.write_changes({"follow_up_by": assignee, "assigned_on": timezone.localdate()}, version=based_on):
            finding.refresh_from_db()
            raise Conflict(_("Temuan ini sudah diubah orang lain. Muat ulang lalu coba lagi."),
                           current={"follow_up_by": finding.follow_up_by_id}, version=finding.version)
        audit.log("update", finding, actor=actor, changes={"follow_up_by": [before, assignee.pk]})
    return finding


# ------------------------------------------------------------------------------------- RT/RW


@dataclass(frozen=True)
class RtHousehold:
    """What a ketua RT/RW sees of a household: who, where, what to remind of — nothing clinical."""

    id: UUID
    head_name: str
    address: str
    rt: str
    rw: str
    groups: tuple[str, ...]  # rules.homevisit reminder groups
    reminded_on: date | None
    area_code: str  # for the read audit

    @property
    def pk(self):
        return self.id


def _neighbourhood_q(actor, field_name: str = "area_code"):
    return scope_q(getattr(actor, "neighbourhood", NOTHING), field_name)


def rt_households(actor) -> list[RtHousehold]:
    """The households of the actor's RT/RW with an open follow-up, and what to remind them of."""
    require_actor(actor)
    require(actor, Perm.VIEW_REMINDERS)
    rows = (Task.objects.filter(_neighbourhood_q(actor), status=Status.OPEN, household__voided_at__isnull=True)
            .values_list("household_id", "kind"))
    kinds: dict = defaultdict(set)
    for hid, kind in rows:
        kinds[hid].add(kind)
    reminded = dict(Reminder.objects.filter(household_id__in=list(kinds), voided_at__isnull=True)
                    .values("household_id").annotate(last=Max("reminded_on")).values_list("household_id", "last"))
    out = []
    for hid, head, address, rt, rw, area in (Household.objects.filter(pk__in=list(kinds))
                                             .values_list("id", "head_name", "address", "rt", "rw", "area_code")
                                             .order_by("rw", "rt", "head_name")):
        out.append(RtHousehold(hid, head, address, rt, rw, rules.rt_reminders(kinds[hid]), reminded.get(hid), area))
    return out


def mark_reminded(actor, household_id, on: date | None = None, id: UUID | None = None) -> Reminder:
    """A ketua RT/RW reminded a household of its open follow-ups ("sudah diingatkan")."""
    require_actor(actor)
    household = Household.objects.filter(_neighbourhood_q(actor), pk=household_id, voided_at__isnull=True).first()
    if household is None:
        raise PermissionError("not a household of this RT/RW")
    require(actor, Perm.MARK_REMINDED, household)
    on = on or timezone.localdate()
    if id is not None:
        found = Reminder._base_manager.filter(pk=id).first()
        if found is not None:
            if found.household_id != household.pk:
                raise Conflict(_("Id ini sudah dipakai untuk keluarga lain."), current={}, version=found.version)
            return found
    kinds = Task.objects.filter(household=household, status=Status.OPEN).values_list("kind", flat=True)
    groups = list(rules.rt_reminders(kinds))
    if not groups:
        raise Invalid.field("household", _("Keluarga ini tidak punya tindak lanjut yang terbuka."))
    reminder = Reminder(household=household, reminded_on=on, groups=groups, area_code=household.area_code,
                        created_by=user_of(actor))
    if id is not None:
        reminder.pk = id
    with transaction.atomic():
        reminder.save(force_insert=True)
        audit.log("create", reminder, actor=actor, changes={"household": str(household.pk), "groups": groups,
                                                           "reminded_on": on.isoformat()})
    return reminder


def may_review(actor, pustu: Facility) -> bool:
    return pustu.kind == Kind.PUSTU and may(actor, Perm.RECORD_CARE, pustu)
