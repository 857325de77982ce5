"""The OpenAPI 3 schema validates (drf-spectacular's --validate, warnings failing), and its documentation
(Swagger UI, Redoc) is served from the app's own static files: no CDN on an intranet."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.urls import reverse


def test_the_schema_validates_without_a_warning(tmp_path, db):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text(encoding="utf-8")
    for path in ("/api/v1/units/", "/api/v1/standards/", "/api/v1/rounds/", "/api/v1/dossiers/{id}/",
                 "/api/v1/decisions/", "/api/v1/registrations/", "/api/v1/targets/", "/api/v1/reports/summary/",
                 "/api/v1/reports/criteria/", "/api/v1/reports/trend/", "/api/v1/reports/holders/"):
        assert f"  {path}:" in text, path
    assert "ApiKey:" in text and "name: Authorization" in text


@pytest.mark.parametrize("name", ["api:docs", "api:redoc"])
def test_the_documentation_pages_load_only_the_apps_own_files(client, db, name):
    r = client.get(reverse(name))
    assert r.status_code == 200
    html = r.content.decode()
    assert not re.search(r"""(src|href)=["']https?://""", html), "a file from outside the app"
    scripts = re.findall(r"""src=["'](/static/[^"']+)["']""", html)
    assert scripts
    for src in scripts:
        assert finders.find(src.removeprefix("/static/")), src
