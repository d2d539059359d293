"""The shape of the code, read from the source with ``ast`` (ARCHITECTURE.md "Layers").

Arrows point down only: ``rules`` imports nothing of siklus; the base (``core``, ``accounts``,
``audit``) imports no app; and no two packages import each other, directly or round a longer
loop — counting imports inside functions too, which is how circles used to hide.
"""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "siklus"
BASE = {"core", "accounts", "audit"}
# What each package may build on, besides rules and the base. Delivery (web, api, commands, the
# CLI) sits on top and may import anything.
APPS_BELOW = {
    "areas": set(),
    "facilities": {"areas"},
    "people": {"areas", "facilities"},
    "care": {"areas", "facilities", "people"},
    "synth": {"areas", "facilities", "people", "care", "monitoring"},  # builds the fact table of its history
    "reports": {"areas", "facilities", "people", "care", "monitoring"},
    "followup": {"areas", "facilities", "people", "care"},
    "monitoring": {"areas", "facilities", "people", "care"},
    "interop": {"areas", "facilities", "people", "care", "monitoring"},
    "national": {"areas", "facilities", "people", "care", "monitoring"},  # the catalogue's SQL on other engines
    "sync": {"areas", "facilities", "people", "care", "followup"},
    "kader": {"areas", "facilities", "people", "care", "followup", "sync"},
}
DELIVERY = {"web", "api", "commands", "cli", "urls", "settings", "wsgi", "__init__"}


def package_of(path: Path) -> str:
    parts = path.relative_to(SRC).parts
    return parts[0].removesuffix(".py")


def imports_of(path: Path) -> set[str]:
    """The siklus packages a module imports, anywhere in it (also inside functions)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "siklus" and len(parts) > 1:
                found.add(parts[1])
    return found


def graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        package = package_of(path)
        edges.setdefault(package, set()).update(imports_of(path) - {package})
    return edges


def test_rules_import_nothing_of_siklus():
    assert graph().get("rules", set()) == set()


def test_the_base_imports_no_app():
    edges = graph()
    for package in BASE:
        assert edges[package] <= BASE | {"rules"}, f"{package} imports {edges[package] - BASE - {'rules'}}"


@pytest.mark.parametrize("app", sorted(APPS_BELOW))
def test_an_app_imports_only_what_it_builds_on(app):
    allowed = APPS_BELOW[app] | BASE | {"rules"}
    assert graph()[app] <= allowed, f"{app} imports {graph()[app] - allowed}"


def test_every_package_has_a_place_in_the_layers():
    known = BASE | {"rules"} | set(APPS_BELOW) | DELIVERY
    assert set(graph()) <= known, f"unplaced packages: {set(graph()) - known}: add them to this test's layers"


def test_there_is_no_import_circle_between_packages():
    edges = graph()
    seen: dict[str, str] = {}

    def visit(node, path):
        if seen.get(node) == "done":
            return
        if seen.get(node) == "open":
            cycle = path[path.index(node):] + [node]
            pytest.fail("import circle: " + " → ".join(cycle))
        seen[node] = "open"
        for nxt in sorted(edges.get(node, ())):
            visit(nxt, path + [node])
        seen[node] = "done"

    for node in sorted(edges):
        visit(node, [])


def test_the_checks_above_can_fail(tmp_path):
    """The reader sees imports inside functions, which is how circles used to hide."""
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from siklus.accounts.scoping import scope_of\n    import siklus.care.models\n")
    assert imports_of(module) == {"accounts", "care"}
