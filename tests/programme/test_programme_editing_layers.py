"""The programme package owns the rules of editing and depends on no interface: organiser builds on it, not back."""
from __future__ import annotations

import ast

from confsched import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "confsched"
INTERFACES = ("confsched.organiser", "confsched.agenda", "confsched.registration", "confsched.printing")


def imported_modules(path) -> set[str]:
    """Every module a source file imports, at any depth (imports inside functions included)."""
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
            modules.update(f"{node.module}.{alias.name}" for alias in node.names)
    return modules


def test_the_programme_package_imports_no_interface():
    offending = {
        path.name: sorted(module for module in imported_modules(path) if module.startswith(INTERFACES))
        for path in sorted((PACKAGE / "programme").glob("*.py"))
    }
    assert {name: modules for name, modules in offending.items() if modules} == {}


def test_the_editing_rules_and_the_re_flow_live_in_the_programme_package():
    assert not (PACKAGE / "organiser" / "operations.py").exists()
    assert not (PACKAGE / "organiser" / "reflow.py").exists()
    for name in ("editing", "reflow", "items", "workshops", "entries", "assignments", "conferences"):
        assert (PACKAGE / "programme" / f"{name}.py").exists(), name


def test_the_editor_and_the_api_reach_the_programme_through_its_operations_and_queries():
    """Views, the day table and the API import programme modules only by their public names, never a rule module."""
    rule_modules = {f"confsched.programme.{name}" for name in ("items", "workshops", "entries", "assignments",
                                                              "conferences", "reflow", "tracking", "schedule")}
    organiser = PACKAGE / "organiser"
    paths = [*sorted((organiser / "views").glob("*.py")), organiser / "day_table.py", organiser / "api.py"]
    assert len(paths) > 3
    for path in paths:
        modules = imported_modules(path)
        assert not {module for module in modules if module in rule_modules
                    or any(module.startswith(f"{rule}.") for rule in rule_modules)}, path.name

