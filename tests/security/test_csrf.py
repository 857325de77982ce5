"""CSRF on every form: every POST form carries the token and no view is exempt from the check.

The permission matrix (test_permission_matrix.py) also posts to every state-changing view without
a token, with CSRF checks on, and expects 403 with the database unchanged.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.security.urlconf import all_patterns

ROOT = Path(settings.BASE_DIR)
TEMPLATE_DIRS = [ROOT / "templates", *ROOT.glob("*/templates")]
FORM = re.compile(r"<form\b[^>]*>.*?</form>", re.S | re.I)
POST = re.compile(r"""method\s*=\s*["']?post""", re.I)


def post_forms():
    for folder in TEMPLATE_DIRS:
        for path in sorted(folder.rglob("*.html")):
            for match in FORM.finditer(path.read_text(encoding="utf-8")):
                opening = match.group(0).split(">", 1)[0]
                if POST.search(opening):
                    yield path.relative_to(ROOT), match.group(0)


def test_there_are_post_forms_to_check():
    assert len(list(post_forms())) >= 10


@pytest.mark.parametrize("path, form", [pytest.param(p, f, id=f"{p}#{i}") for i, (p, f) in enumerate(post_forms())])
def test_every_post_form_carries_the_csrf_token(path, form):
    assert "{% csrf_token %}" in form, f"{path}: a POST form without {{% csrf_token %}}"


SAFE = {"get", "head", "options"}


def _writes(callback):
    """The methods other than GET, HEAD and OPTIONS a view answers (a DRF viewset: its routed actions)."""
    actions = getattr(callback, "actions", None)
    if actions is not None:
        return set(actions) - SAFE
    view = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if view is None:
        return {"unknown"}
    return {m for m in view.http_method_names if hasattr(view, m)} - SAFE


def test_no_view_that_writes_is_exempt_from_the_csrf_check(db):
    """Django REST framework exempts its views from the middleware (it checks CSRF itself for a session's
    unsafe requests): the read-only API's views are exempt and answer no method that writes (405)."""
    exempt = [(name, _writes(pattern.callback)) for name, pattern in all_patterns()
              if getattr(pattern.callback, "csrf_exempt", False)]
    assert all(name.startswith("api:") for name, _ in exempt), exempt
    assert [(name, writes) for name, writes in exempt if writes] == []
    assert len(exempt) >= 20  # the API's views were found, so the check above checked something


def test_the_csrf_middleware_is_on():
    assert "django.middleware.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE
