"""Settings of the rules, in layers, per area, with provenance.

Facts that ILP.md tags [M] (not verified against the regulation) and choices where two
sources disagree are *settings*: each has a documented default (the unverified value) that a
deployment may change. Modules declare their settings at import time with :func:`declare`, so
the full list with descriptions is always available (``siklus rules-settings`` prints it).

Layers, weakest first — :func:`get` returns the first one that sets the name, read from the end:

1. the **default** declared in the rule module;
2. the **deployment** value (Django's ``settings.SIKLUS_RULES``);
3. **area** values by Kemendagri area-code prefix (``settings.SIKLUS_RULES_BY_AREA``: a province
   ``"35"``, a kabupaten ``"35.09"``, a kecamatan ``"35.09.01"``, a desa ``"35.09.01.2001"``);
   the most specific prefix that sets the name wins, per setting, so a kabupaten that sets one
   thing still inherits the rest from its province. Some settings are regional decisions by
   nature (``immunization.je_endemic``: JE is given in endemic areas only) and one server
   serves a whole province;
4. :func:`override` (tests, what-if analyses).

Layers 2 and 3 are set once at start-up by :func:`configure` (the Django side,
``siklus.core.rulesettings``, reads them); they are validated there: an unknown name, a value of
another type than the default, or an area key that is not a dotted numeric Kemendagri code is
refused with an error naming the setting and the area.

*Which* area a computation is for is said with :func:`for_area` (a context manager) or the
``area=`` argument of :func:`get`, :func:`in_force` and :func:`signature`. Both the area and the
overrides live in :mod:`contextvars`, so concurrent requests (threads, asyncio tasks) each see
their own. Outside any area the deployment value applies. Area prefixes match at segment
boundaries only: ``62.02.01.200`` does not contain ``62.02.01.2003``.

Provenance: :func:`in_force` gives the settings whose effective value differs from the default,
and :func:`signature` names that set with a short stable string — ``"default"`` when nothing
differs, else ``"s:"`` and the first 8 hex digits of the SHA-256 of the canonical JSON of the
sorted ``{name: value}`` map (the same configuration gives the same signature in any process).
A stored classification records its ``rule_version`` and this signature; :func:`explain` turns a
signature back into its settings for every signature computed in this process and for every
configured area (it recomputes those on demand), so a signature stays explainable after a
restart as long as the configuration that produced it is still deployed.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import json
import re
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any


def gettext_noop(template: str) -> str:
    """Marks a message for translation catalogues without importing any i18n machinery."""
    return template


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    description: str
    source: str  # where the default comes from, e.g. "ILP.md §3.4 [M]"


# Where an effective value came from (Resolved.origin is one of these, or "area" with .area set).
DEFAULT, DEPLOYMENT, AREA, OVERRIDE = "default", "deployment", "area", "override"

# Indonesian labels of the origins for people (command, interface); params: area.
ORIGIN_LABELS = {
    DEFAULT: gettext_noop("bawaan aturan"),
    DEPLOYMENT: gettext_noop("pengaturan server (SIKLUS_RULES)"),
    AREA: gettext_noop("pengaturan wilayah %(area)s"),
    OVERRIDE: gettext_noop("diubah sementara (uji/simulasi)"),
}


@dataclass(frozen=True)
class Resolved:
    """The effective value of one setting for one area, and which layer gave it."""

    name: str
    value: Any
    origin: str  # DEFAULT, DEPLOYMENT, AREA or OVERRIDE
    area: str | None = None  # the configured prefix that gave the value when origin is AREA
    default: Any = None

    @property
    def origin_label(self) -> tuple[str, dict]:
        """(Indonesian template, params) for people; the interface translates the template."""
        return ORIGIN_LABELS[self.origin], {"area": self.area or ""}


class SettingsError(KeyError, ValueError):
    """A rule setting refused at configure/override time. A KeyError for compatibility with
    callers that caught unknown names as KeyError; its message is not quoted like a KeyError's."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


_declared: dict[str, Setting] = {}
_deployment: dict[str, Any] = {}
_by_area: dict[str, dict[str, Any]] = {}
_generation = 0  # bumped by configure/declare; keys the signature cache
_signatures: dict[str, dict[str, Any]] = {}  # signature -> in_force, seen in this process
_signature_cache: dict[tuple, str] = {}
_lock = threading.Lock()

_EMPTY: Mapping[str, Any] = MappingProxyType({})
_current_area: contextvars.ContextVar[str | None] = contextvars.ContextVar("siklus_rules_area", default=None)
_overrides: contextvars.ContextVar[Mapping[str, Any]] = contextvars.ContextVar("siklus_rules_overrides", default=_EMPTY)

# Kemendagri codes: province 2 digits, kabupaten/kota .2, kecamatan .2, desa/kelurahan .4.
_AREA_KEY = re.compile(r"\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?")
# A code a computation may be *for*: any dotted code (sub-desa codes such as 62.02.01.2003.RW001 too).
_AREA_CODE = re.compile(r"[0-9A-Za-z]+(\.[0-9A-Za-z]+)*")


# --------------------------------------------------------------------------------------------
# Declaring and reading
# --------------------------------------------------------------------------------------------


def declare(name: str, default: Any, description: str, source: str) -> Setting:
    global _generation
    setting = Setting(name, default, description, source)
    existing = _declared.get(name)
    if existing is not None and existing != setting:
        raise ValueError(f"rule setting {name!r} declared twice with different defaults")
    if existing is None:
        _declared[name] = setting
        _generation += 1
    return setting


def get(name: str, area: str | None = None) -> Any:
    """The effective value of ``name`` for ``area`` (default: the area of :func:`for_area`, or
    none — the deployment value)."""
    overrides = _overrides.get()
    if name in overrides:  # only declared names get there (override() checks them)
        return overrides[name]
    try:
        setting = _declared[name]
    except KeyError:
        raise KeyError(f"unknown rule setting {name!r}") from None
    code = _area_for(area)
    if code is not None and _by_area:
        for prefix in _prefixes(code):
            values = _by_area.get(prefix)
            if values is not None and name in values:
                return values[name]
    return _deployment.get(name, setting.default)


def resolve(name: str, area: str | None = None) -> Resolved:
    """Like :func:`get`, and says which layer gave the value."""
    try:
        setting = _declared[name]
    except KeyError:
        raise KeyError(f"unknown rule setting {name!r}") from None
    overrides = _overrides.get()
    if name in overrides:
        return Resolved(name, overrides[name], OVERRIDE, default=setting.default)
    code = _area_for(area)
    if code is not None:
        for prefix in _prefixes(code):
            values = _by_area.get(prefix)
            if values is not None and name in values:
                return Resolved(name, values[name], AREA, prefix, default=setting.default)
    if name in _deployment:
        return Resolved(name, _deployment[name], DEPLOYMENT, default=setting.default)
    return Resolved(name, setting.default, DEFAULT, default=setting.default)


def declared() -> list[Setting]:
    _import_all_rule_modules()
    return sorted(_declared.values(), key=lambda s: s.name)


# --------------------------------------------------------------------------------------------
# Configuring (start-up) and overriding (tests, what-if)
# --------------------------------------------------------------------------------------------


def configure(values: Mapping[str, Any], by_area: Mapping[str, Mapping[str, Any]] | None = None) -> None:
    """Replace the deployment values and the area values (called once at start-up).

    Everything is checked before anything changes, once all rule modules are imported (a typo in
    a settings file must stop the start, not surface at the first ``get``). Values are
    normalised to the default's shape (JSON lists become tuples, ints become floats where the
    default is a float).
    """
    global _generation
    _import_all_rule_modules()
    deployment = _checked_layer(values or {}, "the deployment (SIKLUS_RULES)")
    areas: dict[str, dict[str, Any]] = {}
    for key, layer in (by_area or {}).items():
        if not isinstance(key, str) or not _AREA_KEY.fullmatch(key):
            raise SettingsError(
                f"SIKLUS_RULES_BY_AREA: {key!r} is not a Kemendagri area code (dotted digits: province "
                "'35', kabupaten/kota '35.09', kecamatan '35.09.01', desa/kelurahan '35.09.01.2001')"
            )
        if not isinstance(layer, Mapping):
            raise SettingsError(f"SIKLUS_RULES_BY_AREA[{key!r}] must be a mapping of setting names to values")
        areas[key] = _checked_layer(layer, f"area {key} (SIKLUS_RULES_BY_AREA)")
    with _lock:
        _deployment.clear()
        _deployment.update(deployment)
        _by_area.clear()
        _by_area.update(areas)
        _generation += 1
        _signature_cache.clear()


def configured() -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """Copies of the deployment values and the area values in effect (for display)."""
    return dict(_deployment), {key: dict(values) for key, values in sorted(_by_area.items())}


@contextlib.contextmanager
def override(**values: Any) -> Iterator[None]:
    """Temporarily change settings on top of every other layer, in this context only (tests,
    what-if analyses). Values are checked like :func:`configure`'s."""
    _import_all_rule_modules()
    checked = _checked_layer(values, "override()")
    token = _overrides.set(MappingProxyType({**_overrides.get(), **checked}))
    try:
        yield
    finally:
        _overrides.reset(token)


@contextlib.contextmanager
def for_area(code: str | None) -> Iterator[None]:
    """Compute for the area ``code`` (any dotted area code, e.g. a person's desa or RT) inside the
    block; ``None`` leaves every area (deployment values). Nests; safe across threads/tasks."""
    token = _current_area.set(_valid_code(code))
    try:
        yield
    finally:
        _current_area.reset(token)


def current_area() -> str | None:
    return _current_area.get()


# --------------------------------------------------------------------------------------------
# Provenance
# --------------------------------------------------------------------------------------------


def in_force(area: str | None = None) -> dict[str, Any]:
    """The settings whose effective value for ``area`` (default: the current context) differs
    from the declared default, sorted by name."""
    _import_all_rule_modules()
    code = _area_for(area)
    result = {}
    for name in sorted(_declared):
        value = get(name, code)
        if not _same(value, _declared[name].default):
            result[name] = value
    return result


def signature(area: str | None = None) -> str:
    """``"default"`` or ``"s:"`` + 8 hex digits naming :func:`in_force` for ``area`` (see the
    module documentation); deterministic across processes."""
    _import_all_rule_modules()
    code = _area_for(area)
    overrides = _overrides.get()
    key = None
    if not overrides:  # without overrides only the configured prefixes that match matter
        key = (_generation, tuple(p for p in _prefixes(code) if p in _by_area) if code else ())
        cached = _signature_cache.get(key)
        if cached is not None:
            return cached
    settings = in_force(code)
    sig = _signature_of(settings)
    with _lock:
        _signatures.setdefault(sig, settings)
        if key is not None:
            _signature_cache[key] = sig
    return sig


def explain(sig: str) -> dict[str, Any]:
    """The settings (name → value, differing from the defaults) a signature stands for.

    Known: ``"default"``, every signature computed in this process, and the signatures of the
    deployment and of every configured area. Raises KeyError for any other.
    """
    if sig == "default":
        return {}
    if sig not in _signatures:
        with _overrides_cleared():
            for code in [None, *_by_area]:
                signature(code)
    try:
        return dict(_signatures[sig])
    except KeyError:
        raise KeyError(f"unknown rule settings signature {sig!r} (not computed in this process nor by the current configuration)") from None


# --------------------------------------------------------------------------------------------
# Internals
# --------------------------------------------------------------------------------------------


@contextlib.contextmanager
def _overrides_cleared() -> Iterator[None]:
    token = _overrides.set(_EMPTY)
    try:
        yield
    finally:
        _overrides.reset(token)


def _area_for(area: str | None) -> str | None:
    return _valid_code(area) if area is not None else _current_area.get()


def _valid_code(code: str | None) -> str | None:
    if code is None:
        return None
    if not isinstance(code, str) or not _AREA_CODE.fullmatch(code):
        raise ValueError(f"not an area code: {code!r} (dotted, e.g. '62.02.01.2001')")
    return code


def _prefixes(code: str) -> list[str]:
    """``62.02.01.2001`` → the code itself and its ancestors at segment boundaries, most
    specific first: ``62.02.01.2001``, ``62.02.01``, ``62.02``, ``62``."""
    parts = code.split(".")
    return [".".join(parts[:n]) for n in range(len(parts), 0, -1)]


def _checked_layer(values: Mapping[str, Any], where: str) -> dict[str, Any]:
    unknown = sorted(set(values) - set(_declared))
    if unknown:
        raise SettingsError(f"unknown rule settings for {where}: {', '.join(map(str, unknown))} (see `siklus rules-settings`)")
    checked = {}
    for name, value in values.items():
        default = _declared[name].default
        try:
            checked[name] = _conform(value, default)
        except TypeError as error:
            raise SettingsError(f"rule setting {name!r} for {where}: {error} (default {default!r})") from None
    return checked


def _kind(value: Any) -> str:
    if value is None:
        return "None"
    if isinstance(value, bool):  # before int: bool is an int in Python
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "str"
    if isinstance(value, (list, tuple)):
        return "list/tuple"
    if isinstance(value, Mapping):
        return "dict"
    return type(value).__name__


def _conform(value: Any, default: Any) -> Any:
    """``value`` in the shape of ``default``, or TypeError saying what differs.

    A default of None (an optional setting, "off" by default) accepts any value. Sequences are
    checked element by element against the default's elements when those share one kind (e.g.
    a tuple of ints) or position by position for a fixed-length record of mixed kinds.
    """
    want, got = _kind(default), _kind(value)
    if want == "None":
        return _frozen(value)
    if want == "float" and got == "int":
        return float(value)
    if want != got:
        raise TypeError(f"expected {want}, got {got} {value!r}")
    if want == "list/tuple":
        items = list(value)
        kinds = {_kind(d) for d in default}
        if len(kinds) == 1:
            items = [_item(i, item, default[0]) for i, item in enumerate(items)]
        elif kinds and len(items) == len(default):
            items = [_item(i, item, d) for i, (item, d) in enumerate(zip(items, default))]
        elif kinds:
            raise TypeError(f"expected {len(default)} items, got {len(items)}: {value!r}")
        return tuple(items) if isinstance(default, tuple) else items
    if want == "dict" and default:
        missing, extra = sorted(set(default) - set(value)), sorted(set(value) - set(default))
        if missing or extra:
            raise TypeError(f"expected the keys {sorted(default)}, missing {missing}, unknown {extra}")
        return {key: _conform(item, default[key]) for key, item in value.items()}
    return value


def _item(index: int, value: Any, default: Any) -> Any:
    try:
        return _conform(value, default)
    except TypeError as error:
        raise TypeError(f"item {index}: {error}") from None


def _frozen(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    return value


def _same(a: Any, b: Any) -> bool:
    return _kind(a) == _kind(b) and _canonical(a) == _canonical(b)


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=repr)


def _signature_of(settings: Mapping[str, Any]) -> str:
    if not settings:
        return "default"
    return "s:" + hashlib.sha256(_canonical(dict(settings)).encode("utf-8")).hexdigest()[:8]


_all_imported = False


def _import_all_rule_modules() -> None:
    global _all_imported
    if _all_imported:
        return
    import importlib
    import pkgutil

    import siklus.rules as package

    for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(module.name)
    _all_imported = True
