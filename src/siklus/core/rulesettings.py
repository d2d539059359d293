"""Loads the deployment's rule settings into :mod:`siklus.rules.config` (which knows no Django).

Two layers come from the deployment (see ``siklus rules-settings``):

- ``SIKLUS_RULES``: ``{"setting.name": value}`` for the whole server;
- ``SIKLUS_RULES_BY_AREA``: ``{"area-code prefix": {"setting.name": value}}``, e.g.
  ``{"35.09": {"immunization.je_endemic": true}}``; the most specific prefix wins.

Each is taken from Django's settings and then from the environment variable of the same name
holding JSON, which is merged on top (per setting; per prefix and setting for the areas), so a
container can set them without a settings file. Called from ``CoreConfig.ready`` and by the
``siklus rules-settings`` command.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from siklus.rules import config


def read(settings: Any = None, environ: Mapping[str, str] | None = None) -> tuple[dict, dict]:
    """(deployment values, area values) from ``settings`` and ``environ`` (default: Django's
    settings and ``os.environ``)."""
    if settings is None:
        from django.conf import settings as django_settings

        settings = django_settings
    environ = os.environ if environ is None else environ
    values = dict(getattr(settings, "SIKLUS_RULES", None) or {})
    values.update(_json(environ, "SIKLUS_RULES"))
    by_area = {key: dict(layer) for key, layer in (getattr(settings, "SIKLUS_RULES_BY_AREA", None) or {}).items()}
    for key, layer in _json(environ, "SIKLUS_RULES_BY_AREA").items():
        if not isinstance(layer, dict):
            raise ImproperlyConfigured(f"SIKLUS_RULES_BY_AREA[{key!r}] (environment) must be a JSON object of settings")
        by_area.setdefault(key, {}).update(layer)
    return values, by_area


def load(settings: Any = None, environ: Mapping[str, str] | None = None) -> None:
    """Read both layers and hand them to :func:`siklus.rules.config.configure`; a refused value
    stops the start with the message naming the setting and the area."""
    values, by_area = read(settings, environ)
    try:
        config.configure(values, by_area)
    except config.SettingsError as error:
        raise ImproperlyConfigured(str(error)) from error


def _json(environ: Mapping[str, str], name: str) -> dict:
    text = environ.get(name, "").strip()
    if not text:
        return {}
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImproperlyConfigured(f"environment variable {name} is not valid JSON: {error}") from None
    if not isinstance(data, dict):
        raise ImproperlyConfigured(f"environment variable {name} must hold a JSON object")
    return data
