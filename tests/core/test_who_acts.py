"""One rule for who may act (issue 21): a role is compared only in the permissions modules, the role
definitions and the moves tables; everything else asks ``user.has_perm`` (accounts.permissions)."""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = ("accounts", "assessments", "communes", "core", "criteria", "inspections", "reports", "reviews", "operations",
        "api", "config")
# where roles may be named and compared: the predicates, the role definitions (and what each does: accounts.help),
# the moves tables
ALLOWED = {"accounts/models.py", "accounts/help.py", "assessments/rules.py", "inspections/rules.py"}


def _sources():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if "/migrations/" in rel or "/bench/" in rel or path.name == "permissions.py" or rel in ALLOWED:
                continue
            yield rel, path


def role_reads(source: str) -> list[int]:
    """Lines reading a user's ``.role`` or filtering users by ``role__in``."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr == "role" and isinstance(node.ctx, ast.Load):
            lines.append(node.lineno)
        if isinstance(node, ast.keyword) and node.arg and node.arg.startswith("role__"):
            lines.append(node.value.lineno)
    return sorted(lines)


def test_the_scan_finds_what_it_looks_for():
    assert role_reads("if user.role == 'x':\n    pass\nUser.objects.filter(role__in=ROLES)\n") == [1, 3]
    assert role_reads("User(role='commune_officer')\nuser.get_role_display()\nm.team_role\n") == []


@pytest.mark.parametrize("rel, path", list(_sources()), ids=lambda v: v if isinstance(v, str) else "")
def test_no_code_outside_the_permissions_compares_a_role(rel, path):
    assert role_reads(path.read_text()) == [], f"{rel}: ask user.has_perm or a predicate of a permissions module"


def test_no_template_compares_a_role():
    found = [f"{p.relative_to(ROOT)}:{n}" for p in sorted((ROOT / "templates").rglob("*.html"))
             for n, line in enumerate(p.read_text().splitlines(), 1) if re.search(r"\buser\.role\b", line)]
    assert found == []


def test_every_menu_entry_and_act_has_one_registered_predicate():
    import rules

    from accounts.navigation import MENU

    for entry in MENU:
        assert entry.perm is None or rules.perm_exists(entry.perm), entry
    for name in ("assessments.open_round", "assessments.score", "assessments.decide", "assessments.read_merit",
                 "assessments.upload_workbook", "assessments.act_for_recognising_unit", "reports.read",
                 "reports.set_target", "reports.bundle_round", "inspections.read"):
        assert rules.perm_exists(name), name
