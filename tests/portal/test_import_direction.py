"""Imports point down the grant's lifecycle (docs/architecture.md): regions/ is reference data
and core/ the shared tools that every step uses, so they import none of the steps; portal/
gathers every step for the start pages, so nothing below it imports portal."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STEPS = {"grants", "requisitions", "reports", "repayments", "reminders", "reporting", "portal"}
# Besides portal itself, only the root URL configuration and the tests may name it.
MAY_IMPORT_PORTAL = {"portal", "config", "tests"}


def imported_apps(path: Path) -> set[str]:
    """The top-level packages a module imports, wherever in the module the import stands."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def modules(*parts: str) -> list[Path]:
    return sorted((ROOT.joinpath(*parts)).rglob("*.py"))


@pytest.mark.parametrize("package", ["regions", "core"])
def test_reference_data_and_core_import_none_of_the_grant_steps(package):
    wrong = {
        str(path.relative_to(ROOT)): sorted(imported_apps(path) & STEPS)
        for path in modules(package)
        if imported_apps(path) & STEPS
    }
    assert wrong == {}


def test_nothing_but_portal_imports_portal():
    wrong = [
        str(path.relative_to(ROOT))
        for package in ROOT.iterdir()
        if (package / "__init__.py").exists() and package.name not in MAY_IMPORT_PORTAL
        for path in package.rglob("*.py")
        if "portal" in imported_apps(path)
    ]
    assert wrong == []


def test_the_test_sees_an_import_of_a_step(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from grants.models import Grant\n")
    assert "grants" in imported_apps(module)
