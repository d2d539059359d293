"""Who wants to know that a person's care record changed (apps above care subscribe; care cannot
import them).

:func:`changed` is called by the care services for every record they create or edit; once the
transaction commits, each subscriber is called once with the ids of the persons whose records
changed in it (``followup`` updates their tasks at once). Nothing is called for a rolled-back
transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import connection, transaction

Subscriber = Callable[[set], None]
_subscribers: list[Subscriber] = []
_PENDING = "_siklus_changed_persons"


def subscribe(callback: Subscriber) -> None:
    if callback not in _subscribers:
        _subscribers.append(callback)


def person_of(record) -> object | None:
    """The id of the person a care record is about (a birth's: its mother's)."""
    person_id = getattr(record, "person_id", None)
    if person_id is None and getattr(record, "pregnancy_id", None) is not None:
        person_id = record.pregnancy.person_id
    return person_id


def changed(person_ids: Iterable) -> None:
    """Note that these persons' records changed; subscribers hear of it after the commit."""
    ids = {pid for pid in person_ids if pid is not None}
    if not ids or not _subscribers:
        return
    pending = getattr(connection, _PENDING, None)
    if pending is None or not _flush_registered():
        # First change of this transaction, or the one that registered the call was rolled back
        # (with its savepoint): register again; refreshing a person too many is harmless.
        pending = set() if pending is None else pending
        setattr(connection, _PENDING, pending)
        transaction.on_commit(_flush)
    pending.update(ids)


def _flush_registered() -> bool:
    return not connection.in_atomic_block or any(entry[1] is _flush for entry in connection.run_on_commit)


def _flush() -> None:
    ids = getattr(connection, _PENDING, None) or set()
    setattr(connection, _PENDING, None)
    for callback in list(_subscribers):
        callback(set(ids))
