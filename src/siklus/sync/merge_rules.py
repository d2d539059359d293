"""Per-field three-way merge of a registry edit made offline (OFFLINE-SYNC.md §2.2), as data.

``base`` is the value the user saw, ``yours`` the value they wrote, ``theirs`` the value on the
server when the edit arrives. Equal base and theirs: nobody else changed the field, the edit
applies. Equal yours and theirs: both wrote the same, nothing to do. Otherwise the field's policy
decides. Values are compared as the phone sends them (plain JSON: text, numbers, ISO dates).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Policy(StrEnum):
    REVIEW = "review"  # identity: the server value stays, the bidan decides
    PER_FIELD = "per_field"  # contact/address: the later arrival wins, the loser is kept (informational)
    MONOTONIC = "monotonic"  # lifecycle: the furthest state wins
    UNION = "union"  # sets: per-element union


FIELD_POLICY: dict[str, dict[str, Policy]] = {
    "person": {
        "nik": Policy.REVIEW, "name": Policy.REVIEW, "birth_date": Policy.REVIEW, "sex": Policy.REVIEW,
        "mother": Policy.REVIEW, "household": Policy.REVIEW,  # a move
        "phone": Policy.PER_FIELD, "jkn_number": Policy.PER_FIELD, "relation": Policy.PER_FIELD,
    },
    "household": {
        "no_kk": Policy.REVIEW,
        "head_name": Policy.PER_FIELD, "address": Policy.PER_FIELD, "rt": Policy.PER_FIELD, "rw": Policy.PER_FIELD,
        "sub_area": Policy.PER_FIELD, "posyandu": Policy.PER_FIELD,
    },
    "task": {"status": Policy.MONOTONIC},
}

# Lifecycle orders: a later state never goes back. States of the same rank that differ are
# incomparable (two different endings): they go to review.
ORDER: dict[tuple[str, str], dict[str, int]] = {
    ("task", "status"): {"open": 0, "done": 1, "closed": 1, "cancelled": 1},
}


class Outcome(StrEnum):
    APPLY = "apply"  # write yours
    SAME = "same"  # theirs already equals yours (or is further along): nothing to write
    REVIEW = "review"  # keep theirs, open a conflict for the bidan
    APPLY_INFO = "apply_info"  # write yours, keep theirs as an informational conflict
    KEEP_INFO = "keep_info"  # keep theirs (further along), note yours as an informational conflict


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    value: Any = None  # what to write, for APPLY / APPLY_INFO


def decide(table: str, field: str, base: Any, yours: Any, theirs: Any) -> Decision:
    policy = FIELD_POLICY[table][field]
    if policy is Policy.UNION:
        return _union(base, yours, theirs)
    if theirs == yours:
        return Decision(Outcome.SAME)
    if theirs == base:
        return Decision(Outcome.APPLY, yours)
    if policy is Policy.REVIEW:
        return Decision(Outcome.REVIEW)
    if policy is Policy.PER_FIELD:
        return Decision(Outcome.APPLY_INFO, yours)
    order = ORDER[(table, field)]
    mine, server = order.get(yours, -1), order.get(theirs, -1)
    if mine > server:
        return Decision(Outcome.APPLY, yours)
    if mine < server:
        return Decision(Outcome.KEEP_INFO)
    return Decision(Outcome.REVIEW)


def _union(base: Any, yours: Any, theirs: Any) -> Decision:
    """Elements added by either side are kept; an element removed by yours goes only if the base
    had it (a remove never deletes what someone else added meanwhile)."""
    base_set, mine, server = set(base or ()), set(yours or ()), set(theirs or ())
    removed = base_set - mine
    merged = (server | (mine - base_set)) - removed
    if merged == server:
        return Decision(Outcome.SAME)
    return Decision(Outcome.APPLY, sorted(merged))
