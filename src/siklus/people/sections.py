"""Sections other apps add to a person's page.

``people`` lies below ``care`` and may not import it (ARCHITECTURE.md "Layers"), yet a person's
page is their record: what they are due for, growth, immunizations, pregnancies, the history of
contacts. So ``care`` contributes a section here from its ``AppConfig.ready``, as ``people`` does
for the area page (:mod:`siklus.areas.sections`). The person page builds the sections only after
the person was found visible to the user.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# (request, person, today) → the section's template context, or None when it has nothing to show.
Build = Callable[[Any, Any, Any], "dict[str, Any] | None"]


@dataclass(frozen=True)
class Section:
    name: str
    template: str
    order: int  # lower first
    build: Build


_sections: dict[str, Section] = {}


def register(name: str, template: str, build: Build, *, order: int = 50) -> None:
    """Add (or replace, by name) a section of the person page."""
    _sections[name] = Section(name, template, order, build)


def sections_for(request, person, today) -> list[tuple[str, dict[str, Any]]]:
    """The (template, context) of every section with something to show for ``person``."""
    shown = []
    for section in sorted(_sections.values(), key=lambda s: (s.order, s.name)):
        context = section.build(request, person, today)
        if context is not None:
            shown.append((section.template, context))
    return shown
