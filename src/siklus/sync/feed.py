"""The per-desa change feed: a gapless version counter bumped in the writer's transaction.

:func:`record` notes that records changed (or left a desa); inside :func:`batched` (the push, one
mutation at a time) the notes are gathered and written once just before the mutation's
transaction ends, so the desa's row lock is held for the shortest time; elsewhere they are written
at once. :func:`append` takes the desa's row lock with ``UPDATE … RETURNING`` before it reads
anything (PostgreSQL waits for the lock and then reads the committed counter; SQLite's writers are serialised by its
IMMEDIATE transactions), so versions are handed out in commit order: a reader can never see
version n+1 before n. The feed is compacted: one row per record and desa, at its latest version.
"""

from __future__ import annotations

import contextvars
import hashlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from uuid import UUID

from django.db import connection

from siklus.sync.models import ChangeFeed, SyncScope


@dataclass(frozen=True)
class Change:
    table: str
    record_id: UUID
    scope: str  # desa code
    removed: bool = False
    reason: str = ""


_pending: contextvars.ContextVar[list[Change] | None] = contextvars.ContextVar("siklus_sync_pending", default=None)


def hash64(table: str, record_id, version: int) -> int:
    """The first 8 bytes of SHA-256 of ``"<table>:<id>:<v>"`` as a signed 64-bit integer."""
    digest = hashlib.sha256(f"{table}:{record_id}:{version}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def checksum_hex(value: int) -> str:
    return f"{value & 0xFFFFFFFFFFFFFFFF:016x}"


def record(changes: Iterable[Change]) -> None:
    """Note changed records: gathered inside :func:`batched`, written at once otherwise."""
    changes = list(changes)
    if not changes:
        return
    pending = _pending.get()
    if pending is not None:
        pending.extend(changes)
    else:
        append(changes)


@contextmanager
def batched() -> Iterator[list[Change]]:
    """Gather the changes of the block and append them when it ends without an exception (call it
    inside the transaction). The caller clears the list when it rolls back part of the block."""
    pending: list[Change] = []
    token = _pending.set(pending)
    try:
        yield pending
    finally:
        _pending.reset(token)
    append(pending)


def _lock(scope: str) -> tuple[int, int]:
    """Take the desa's row lock (PostgreSQL waits here for a concurrent writer to commit, then
    reads its committed counter): (version, checksum). Everything read after it is current."""
    table = SyncScope._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} (code, version, checksum, epoch) VALUES (%s, 0, 0, 1) "
                       "ON CONFLICT (code) DO NOTHING", [scope])
        cursor.execute(f"UPDATE {table} SET version = version WHERE code = %s RETURNING version, checksum", [scope])
        version, checksum = cursor.fetchone()
    return int(version), int(checksum)


def append(changes: Iterable[Change]) -> None:
    """Write changes to the feed inside the current transaction (desas locked in code order)."""
    latest: dict[tuple[str, str, UUID], Change] = {}
    for change in changes:
        latest.pop((change.scope, change.table, change.record_id), None)
        latest[(change.scope, change.table, change.record_id)] = change
    by_scope: dict[str, list[Change]] = {}
    for change in latest.values():
        by_scope.setdefault(change.scope, []).append(change)
    for scope in sorted(by_scope):
        _append_scope(scope, by_scope[scope])


def _append_scope(scope: str, changes: list[Change]) -> None:
    version, checksum = _lock(scope)
    existing = {(row.table, row.record_id): row for row in ChangeFeed.objects.filter(
        scope=scope, record_id__in={c.record_id for c in changes})}
    # A removal of a record the desa does not hold is no change.
    changes = [c for c in changes if not c.removed or
               ((c.table, c.record_id) in existing and not existing[(c.table, c.record_id)].removed)]
    if not changes:
        return
    new_rows = []
    for change in changes:
        version += 1
        row = existing.get((change.table, change.record_id))
        if row is not None and not row.removed:
            checksum ^= hash64(change.table, change.record_id, row.version)
        if not change.removed:
            checksum ^= hash64(change.table, change.record_id, version)
        if row is None:
            new_rows.append(ChangeFeed(scope=scope, version=version, table=change.table, record_id=change.record_id,
                                       removed=change.removed, reason=change.reason))
        else:
            ChangeFeed.objects.filter(pk=row.pk).update(version=version, removed=change.removed, reason=change.reason)
    if new_rows:
        ChangeFeed.objects.bulk_create(new_rows)
    SyncScope.objects.filter(code=scope).update(version=version, checksum=checksum)


def recount(scope: str) -> int:
    """The checksum recomputed from the feed rows (tests and the drift repair compare it)."""
    value = 0
    for table, record_id, version in ChangeFeed.objects.filter(scope=scope, removed=False).values_list(
            "table", "record_id", "version"):
        value ^= hash64(table, record_id, version)
    return value
