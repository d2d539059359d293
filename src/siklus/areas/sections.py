"""Sections other apps add to an area's page.

``areas`` lies below ``facilities`` and ``people`` and may not import them (ARCHITECTURE.md
"Layers"), yet an area's page shows the facilities and households in it. So those apps contribute
a section here from their ``AppConfig.ready``: a template and a function that builds its context.
The area page builds the sections only for an area inside the user's scope.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# (request, area) → the section's template context, or None when it has nothing to show there.
Build = Callable[[Any, Any], "dict[str, Any] | None"]


@dataclass(frozen=True)
class Section:
    name: str
    template: str
    order: int  # lower first
    build: Build


_sections: dict[str, Section] = {}


def register(name: str, template: str, build: Build, *, order: int = 50) -> None:
    """Add (or replace, by name) a section of the area page."""
    _sections[name] = Section(name, template, order, build)


def sections_for(request, area) -> list[tuple[str, dict[str, Any]]]:
    """The (template, context) of every section with something to show for ``area``."""
    shown = []
    for section in sorted(_sections.values(), key=lambda s: (s.order, s.name)):
        context = section.build(request, area)
        if context is not None:
            shown.append((section.template, context))
    return shown
