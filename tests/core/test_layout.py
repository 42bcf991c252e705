"""The apps depend one way: releases on modifications and acceptance, those two on nothing but the project
package, and the project package on no app. Checked on every import, at module and function level."""

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("releases", "modifications", "acceptance")
PACKAGES = (*APPS, "secreleases")
ALLOWED = {
    "secreleases": set(),
    "modifications": {"secreleases"},
    "acceptance": {"secreleases"},
    "releases": {"secreleases", "modifications", "acceptance"},
}


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports absolutely, anywhere in it (function-level imports included).

    Relative imports stay inside their own package, so they cannot cross to another.
    """
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level:
            found.add(node.module)
    return found


def dependencies() -> dict[str, dict[str, set[str]]]:
    """package -> imported package -> the files that import it."""
    graph = defaultdict(lambda: defaultdict(set))
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts or "settings" in path.parts:
                continue
            for module in imported_modules(path):
                top = module.split(".")[0]
                if top in PACKAGES and top != package:
                    graph[package][top].add(str(path.relative_to(ROOT)))
    return graph


def test_each_package_imports_only_the_packages_below_it():
    unexpected = {
        f"{package} imports {other}": sorted(files)
        for package, imports in dependencies().items()
        for other, files in imports.items()
        if other not in ALLOWED[package]
    }
    assert unexpected == {}


def test_modifications_and_acceptance_import_nothing_from_releases():
    offenders = []
    for package in ("modifications", "acceptance"):
        for path in (ROOT / package).rglob("*.py"):
            offenders += [f"{path}: {m}" for m in imported_modules(path) if m.startswith("releases")]
    assert offenders == []


def test_the_allowed_dependencies_have_no_cycle():
    seen, stack = set(), []

    def visit(package):
        assert package not in stack, f"cycle: {' -> '.join([*stack, package])}"
        if package in seen:
            return
        stack.append(package)
        for other in ALLOWED[package]:
            visit(other)
        stack.pop()
        seen.add(package)

    for package in PACKAGES:
        visit(package)
