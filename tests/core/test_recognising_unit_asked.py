"""One rule for who recognises a commune (issue 21): a view or a service asks
``communes.selectors.recognising_unit(s)`` (the commune's parent as it was on the day of the act) or a
predicate of a permissions module; it never reads ``commune.parent`` itself, which is only today's parent."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = ("accounts", "assessments", "communes", "core", "criteria", "inspections", "reports", "reviews")


def _views_and_services():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if path.name in ("views.py", "services.py") or path.name.endswith("_views.py"):
                yield path.relative_to(ROOT).as_posix(), path


def parent_reads(source: str) -> list[int]:
    """Lines reading a commune's parent: ``commune.parent``, ``a.commune.parent_id``, or a query filtered
    by ``commune__parent`` / ``commune__parent_id``."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in ("parent", "parent_id"):
            owner = node.value
            name = owner.id if isinstance(owner, ast.Name) else owner.attr if isinstance(owner, ast.Attribute) else ""
            if name == "commune":
                lines.append(node.lineno)
        if isinstance(node, ast.keyword) and node.arg and node.arg.startswith("commune__parent"):
            lines.append(node.value.lineno)
    return sorted(lines)


def test_the_scan_finds_what_it_looks_for():
    source = ("if a.commune.parent_id != issuer.pk:\n    pass\nunit = commune.parent\n"
              "Assessment.objects.filter(commune__parent_id=1)\n")
    assert parent_reads(source) == [1, 3, 4]
    assert parent_reads('qs.select_related("commune__parent")\nrecognising_unit(a.commune, day)\n'
                        "u.parent.name\n") == []


@pytest.mark.parametrize("rel, path", list(_views_and_services()), ids=lambda v: v if isinstance(v, str) else "")
def test_no_view_or_service_reads_a_communes_parent_for_its_recognising_unit(rel, path):
    assert parent_reads(path.read_text()) == [], (
        f"{rel}: ask communes.selectors.recognising_unit(commune, day of the act) or a permissions predicate")
