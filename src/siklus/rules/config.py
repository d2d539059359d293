"""Deployment settings of the rules.

Facts that ILP.md tags [M] (not verified against the regulation) and choices where two
sources disagree are *settings*: each has a documented default (the unverified value) and a
deployment may override it — the Django project passes ``settings.SIKLUS_RULES`` to
:func:`configure` at start-up; tests use :func:`override`.

Modules declare their settings at import time with :func:`declare`, so the full list with
descriptions is always available (``siklus rules-settings`` prints it).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any, Iterator


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    description: str
    source: str  # where the default comes from, e.g. "ILP.md §3.4 [M]"


_declared: dict[str, Setting] = {}
_overrides: dict[str, Any] = {}


def declare(name: str, default: Any, description: str, source: str) -> Setting:
    setting = Setting(name, default, description, source)
    existing = _declared.get(name)
    if existing is not None and existing != setting:
        raise ValueError(f"rule setting {name!r} declared twice with different defaults")
    _declared[name] = setting
    return setting


def get(name: str) -> Any:
    try:
        setting = _declared[name]
    except KeyError:
        raise KeyError(f"unknown rule setting {name!r}") from None
    return _overrides.get(name, setting.default)


def configure(values: dict[str, Any]) -> None:
    """Replace all overrides (called once at start-up with the deployment's values).

    Names are checked lazily by :func:`get` would be too late for a typo in a settings file,
    so an unknown name is rejected here once all rule modules are imported.
    """
    _import_all_rule_modules()
    unknown = sorted(set(values) - set(_declared))
    if unknown:
        raise KeyError(f"unknown rule settings: {', '.join(unknown)}")
    _overrides.clear()
    _overrides.update(values)


@contextlib.contextmanager
def override(**values: Any) -> Iterator[None]:
    """Temporarily change settings (tests, what-if analyses)."""
    _import_all_rule_modules()
    unknown = sorted(set(values) - set(_declared))
    if unknown:
        raise KeyError(f"unknown rule settings: {', '.join(unknown)}")
    saved = dict(_overrides)
    _overrides.update(values)
    try:
        yield
    finally:
        _overrides.clear()
        _overrides.update(saved)


def declared() -> list[Setting]:
    _import_all_rule_modules()
    return sorted(_declared.values(), key=lambda s: s.name)


def _import_all_rule_modules() -> None:
    import importlib
    import pkgutil

    import siklus.rules as package

    for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(module.name)
