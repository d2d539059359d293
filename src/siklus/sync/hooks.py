"""How the change feed hears of writes without the apps below knowing of sync.

Every service of people, care and followup writes an audit event (create, update, void) in the
same transaction as the change; a ``post_save`` receiver on :class:`AuditEvent` turns the events of
replicated records into feed changes there and then, inside that transaction. The tasks the rules
open and close in bulk (no audit event) are caught from :mod:`siklus.care.changes`, after the
commit that changed a person's care: an open task is in its desa's feed, a task no longer open
leaves it (the phone holds open tasks only). ``siklus sync reconcile`` repairs whatever a bulk
write elsewhere changed (escalations, a household's members moving with it are handled here).
"""

from __future__ import annotations

from uuid import UUID

from django.db import transaction
from django.db.models.signals import post_save

from siklus.audit.models import AuditEvent
from siklus.rules.areacodes import desa_of
from siklus.sync import feed
from siklus.sync.feed import Change

WRITES = {"create", "update", "void"}


def _models():
    from siklus.care.models import Encounter, Immunization, Observation, Pregnancy, Supplement
    from siklus.followup.models import Task
    from siklus.people.models import Household, Person

    return {"household": Household, "person": Person, "pregnancy": Pregnancy, "task": Task,
            "encounter": Encounter, "observation": Observation, "immunization": Immunization,
            "supplement": Supplement}


def changes_of(model_name: str, record_id) -> list[Change]:
    """The feed changes for one written record (as it is now, inside the writer's transaction)."""
    models = _models()
    model = models.get(model_name)
    if model is None:
        return []
    try:
        record_id = UUID(str(record_id))
    except ValueError:
        return []
    record = model._base_manager.filter(pk=record_id).first()
    if record is None:
        return []
    scope = desa_of(record.area_code or "")
    if scope is None:
        return []
    if model_name == "task":
        if record.status == "open":
            return [Change("task", record_id, scope)]
        return [Change("task", record_id, scope, removed=True, reason="closed")]
    if model_name == "encounter":
        return [Change("visit", record_id, scope)]
    if model_name == "observation":
        if record.encounter_id is not None:
            return [Change("visit", record.encounter_id, scope)]
        return [Change("observation", record_id, scope)]
    out = [Change(model_name, record_id, scope)]
    moved = moved_from(model_name, record_id, scope)
    out += [Change(model_name, record_id, old, removed=True, reason="moved") for old in moved]
    if model_name == "household" and moved:
        # Members move with their household (people.services writes their area in bulk).
        for person_id in models["person"]._base_manager.filter(household_id=record_id).values_list("pk", flat=True):
            out.append(Change("person", person_id, scope))
            out += [Change("person", person_id, old, removed=True, reason="moved") for old in moved]
    return out


def moved_from(table: str, record_id, scope: str) -> list[str]:
    """The other desas whose feed still holds the record."""
    from siklus.sync.models import ChangeFeed

    return list(ChangeFeed.objects.filter(table=table, record_id=record_id, removed=False)
                .exclude(scope=scope).values_list("scope", flat=True))


def _on_audit(sender, instance: AuditEvent, created: bool, **kwargs) -> None:
    if created and instance.action in WRITES and instance.object_id:
        feed.record(changes_of(instance.model, instance.object_id))


def tasks_after_change(person_ids: set) -> None:
    """After a care change committed (and followup refreshed the persons' tasks): open tasks are
    in the feed, the others leave it."""
    from siklus.followup.models import Task
    from siklus.sync.models import ChangeFeed

    if not person_ids:
        return
    with transaction.atomic():
        tasks = list(Task.objects.filter(person_id__in=person_ids).values_list("pk", "status", "area_code"))
        held = set(ChangeFeed.objects.filter(table="task", record_id__in=[t[0] for t in tasks], removed=False)
                   .values_list("record_id", flat=True))
        changes = []
        for pk, status, area in tasks:
            scope = desa_of(area or "")
            if scope is None:
                continue
            if status == "open" and pk not in held:
                changes.append(Change("task", pk, scope))
            elif status != "open" and pk in held:
                changes.append(Change("task", pk, scope, removed=True, reason="closed"))
        feed.append(changes)


def connect() -> None:
    from siklus.care import changes

    post_save.connect(_on_audit, sender=AuditEvent, dispatch_uid="siklus.sync.feed")
    changes.subscribe(tasks_after_change)
