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


# a letter only Vietnamese (or another Latin language with marks) writes; the words only English does
MARKED = re.compile(r"[À-ỹ]")
ENGLISH = re.compile(r"\b(the|this|of|and|with|identifying|unique|value|within|results|number|which|returns?|"
                     r"given|page number|per page)\b", re.IGNORECASE)


def _texts(node, where="#"):
    """Every description, title and summary of the schema, with where it is."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("description", "title", "summary") and isinstance(value, str):
                yield f"{where}/{key}", value
            else:
                yield from _texts(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _texts(value, f"{where}/{i}")


def test_every_description_a_client_reads_is_vietnamese(tmp_path, db):
    import json

    out = tmp_path / "schema.json"
    call_command("spectacular", "--format", "openapi-json", "--file", str(out))
    schema = json.loads(out.read_text(encoding="utf-8"))
    texts = list(_texts(schema))
    assert len(texts) > 100
    for where, text in texts:
        prose = re.sub(r"`[^`]*`", "", text)  # names in code spans (`page_size`, `Api-Key <khóa>`) are not prose
        assert MARKED.search(prose), (where, text)
        assert not ENGLISH.search(prose), (where, text)
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            assert operation.get("description"), (path, method)
            for parameter in operation.get("parameters", []):
                assert parameter.get("description"), (path, method, parameter["name"])
    for name, scheme in schema["components"]["securitySchemes"].items():
        assert MARKED.search(scheme["description"]), name
