"""Imports point down only: core → communes → criteria → accounts → assessments → inspections, reports → reviews,
planning, api → bench (reviews, issue 27, drafts from the reports' selectors; planning, issue 27, sets the rounds'
deadlines and the reports' targets; the two do not import each other; api, issue 26, the read-only API over every app).

Every import of every module of the apps (module level, inside functions, in templatetags and
management commands) is read with ``ast``; one that names an app above its own floor fails with its
file and line. inspections and reports share a floor but do not import each other. The benchmark and
load harness (``bench``, issue 21) sits above every app: it imports them, none imports it.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAYERS = {"core": 0, "communes": 1, "criteria": 2, "accounts": 3, "assessments": 4, "inspections": 5, "reports": 5,
          "reviews": 6, "planning": 6, "api": 6, "bench": 7, "operations": 7}


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module


def upward_imports(root: Path = ROOT) -> list[str]:
    problems = []
    for app, floor in LAYERS.items():
        for path in sorted((root / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue  # a migration names the apps its models depend on, as Django writes it
            for line, module in _imports(path):
                target = module.split(".")[0]
                if target not in LAYERS or target == app:
                    continue
                if LAYERS[target] > floor or (LAYERS[target] == floor):
                    problems.append(f"{path.relative_to(root)}:{line} imports {module} ({app} may not import {target})")
    return problems


def test_no_import_runs_back_up():
    assert upward_imports() == []


def test_the_check_sees_an_upward_import_inside_a_function(tmp_path):
    (tmp_path / "accounts").mkdir()
    (tmp_path / "accounts" / "views.py").write_text("def home():\n    from assessments import selectors\n")
    for app in LAYERS:
        (tmp_path / app).mkdir(exist_ok=True)
    assert upward_imports(tmp_path) == [
        "accounts/views.py:2 imports assessments (accounts may not import assessments)"]


def test_the_check_refuses_an_app_that_imports_the_bench(tmp_path):
    for app in LAYERS:
        (tmp_path / app).mkdir()
    (tmp_path / "reports" / "selectors.py").write_text("from bench.floor import averages\n")
    (tmp_path / "bench" / "harness.py").write_text("from reports import selectors\nimport core.pdf\n")
    assert upward_imports(tmp_path) == [
        "reports/selectors.py:1 imports bench.floor (reports may not import bench)"]
