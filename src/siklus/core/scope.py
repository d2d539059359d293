"""Who may see which records: a pure value, below every app.

A scope is a set of area-code prefixes (``None``: the whole country; ``()``: nothing) with the
role and facility it was derived from. Users get theirs from their role and binding
(:attr:`siklus.accounts.models.User.scope`); jobs act with the system actor's, which is
everything. Querysets apply it with :func:`siklus.core.querysets.scope_q`; the policies in
:mod:`siklus.accounts.policies` use it for every "may this actor …" question.
"""

from __future__ import annotations

from dataclasses import dataclass

from siklus.rules.areacodes import ancestors, within


@dataclass(frozen=True)
class Scope:
    prefixes: tuple[str, ...] | None  # None: everything; (): nothing
    role: str | None = None
    facility_id: str | None = None  # the facility a facility-bound user works for

    @property
    def everything(self) -> bool:
        return self.prefixes is None

    def contains(self, code: str | None) -> bool:
        if self.prefixes is None:
            return True
        return bool(code) and any(within(code, p) for p in self.prefixes)

    def common_area(self) -> str | None:
        """The most specific area code holding the whole scope (None: everything or nothing)."""
        if not self.prefixes:
            return None
        common = []
        for segments in zip(*(p.split(".") for p in self.prefixes)):
            if len(set(segments)) > 1:
                break
            common.append(segments[0])
        return ".".join(common) or None

    def ancestor_codes(self) -> set[str]:
        """Areas above the scope, shown so a desa user sees the way down to their desa."""
        return {a for p in self.prefixes or () for a in ancestors(p)}


NOTHING = Scope(())
EVERYTHING = Scope(None)
