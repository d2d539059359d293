"""Merging a person registered twice (offline, on two phones) into one.

The kept person takes the other's history: every record that points at the merged person (visits,
observations, immunizations, supplements, pregnancies, tasks, conditions, referrals … and the
children whose mother they are) is re-pointed, each re-pointing audited as an update of that
record (so the feed carries it to the phones). The merged person is voided with the reason "merged
into …" through the people services; a :class:`~siklus.sync.models.Redirect` sends every later
mutation that still names them to the kept person, and a ``merge`` row in the feed tells the phones
to rewrite their pending outbox entries. A NIK only the merged person (or the duplicate item) had
moves to the kept person once the merged one is voided (one active record per NIK).
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from siklus.accounts.policies import Perm, require
from siklus.audit import log as audit
from siklus.core.actors import require_actor
from siklus.core.errors import Invalid
from siklus.people import services as people
from siklus.people.models import Person
from siklus.rules.areacodes import desa_of
from siklus.sync import feed
from siklus.sync.feed import Change
from siklus.sync.models import Redirect


@transaction.atomic
def merge_persons(actor, *, keep: Person, merged: Person, nik: str = "") -> Person:
    require_actor(actor)
    require(actor, Perm.EDIT_PEOPLE, keep)
    require(actor, Perm.EDIT_PEOPLE, merged)
    if keep.pk == merged.pk:
        raise Invalid.field("keep", _("Tidak dapat menggabungkan orang dengan dirinya sendiri."))
    if keep.is_voided or merged.is_voided:
        raise Invalid.field(None, _("Salah satu data sudah dibatalkan."))
    for relation in Person._meta.related_objects:
        if relation.one_to_one or relation.field.primary_key:
            continue  # a birth's baby, a per-person row keyed by the person: not history to carry
        model, name = relation.related_model, relation.field.name
        assert not isinstance(model, str)
        ids = list(model._base_manager.filter(**{name: merged}).values_list("pk", flat=True))
        if not ids:
            continue
        model._base_manager.filter(pk__in=ids).update(**{name: keep})
        for record in model._base_manager.filter(pk__in=ids):
            audit.log("update", record, actor=actor, changes={name: [str(merged.pk), str(keep.pk)]})
    take_nik = nik or merged.nik or ""
    people.void(actor, merged, _("Digabung ke %(name)s (%(id)s)") % {"name": keep.name, "id": keep.pk})
    Redirect.objects.filter(kept=merged).update(kept=keep)
    Redirect.objects.create(merged_id=merged.pk, kept=keep, area_code=merged.area_code)
    if take_nik and not keep.nik:
        keep.refresh_from_db()
        people.update_person(actor, keep, people.PersonChanges(nik=take_nik), confirm_warnings=True)
    scope = desa_of(merged.area_code) or ""
    feed.record([Change("merge", merged.pk, scope),
                 Change("person", merged.pk, scope, removed=True, reason="merged")])
    keep.refresh_from_db()
    return keep
