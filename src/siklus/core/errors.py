"""Validation failures: the one way a service reports what is wrong with the input.

Messages are Indonesian and bound to a field (``None`` for the whole input). Web forms attach
them to their fields; the API turns them into a 422 whose ``loc`` names the field.
"""

from __future__ import annotations


class Invalid(Exception):
    def __init__(self, errors: dict[str | None, list[str]] | None = None, **extra):
        self.errors = {k: list(v) for k, v in (errors or {}).items() if v}
        self.extra = extra  # e.g. possible duplicates to show before saving
        super().__init__("; ".join(f"{k or 'input'}: {' '.join(v)}" for k, v in self.errors.items()))

    @classmethod
    def field(cls, name: str | None, message: str, **extra) -> Invalid:
        return cls({name: [message]}, **extra)


class Collector:
    """Gathers every problem of an input before raising, so the user sees them all at once."""

    def __init__(self) -> None:
        self.errors: dict[str | None, list[str]] = {}

    def add(self, field: str | None, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def raise_if_any(self, **extra) -> None:
        if self.errors:
            raise Invalid(self.errors, **extra)


class Conflict(Exception):
    """An edit based on a version of a record that is no longer the current one (someone saved
    meanwhile). Nothing was written. Carries what the record holds now, so the user can compare
    and choose: ``current`` maps each editable field to its current value (plain, JSON-able),
    ``version`` is the current version, ``fields`` the fields whose submitted value differs from
    the current one, ``changed_by``/``changed_at`` who saved last and when (when known)."""

    def __init__(self, message: str, *, current: dict, version: int, fields: dict | None = None,
                 changed_by: str = "", changed_at=None):
        self.message = message
        self.current = current
        self.version = version
        self.fields = fields or {}  # field -> the value the editor submitted
        self.changed_by = changed_by
        self.changed_at = changed_at
        super().__init__(message)
