import re
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

VENDOR = Path(settings.BASE_DIR) / "static" / "vendor"
FILES = [
    "bootstrap/bootstrap.min.css",
    "bootstrap/bootstrap.bundle.min.js",
    "bootstrap-icons/bootstrap-icons.min.css",
    "bootstrap-icons/fonts/bootstrap-icons.woff2",
    "bootstrap-icons/fonts/bootstrap-icons.woff",
]
TAG_URL = re.compile(r"<(?:link|script)\b[^>]*\b(?:href|src)=\"([^\"]+)\"", re.I)


def test_the_vendored_libraries_are_present_at_the_pinned_versions():
    for name in FILES:
        assert (VENDOR / name).stat().st_size > 10_000, name
    assert "Bootstrap  v5.3.9" in (VENDOR / "bootstrap/bootstrap.min.css").read_text()[:200]
    assert "Bootstrap Icons v1.13.2" in (VENDOR / "bootstrap-icons/bootstrap-icons.min.css").read_text()[:200]
    readme = (VENDOR / "README.md").read_text()
    assert "5.3.9" in readme and "1.13.2" in readme and "MIT" in readme


def test_no_vendored_file_points_at_a_missing_source_map():
    for name in FILES:
        if name.endswith((".css", ".js")):
            assert "sourceMappingURL" not in (VENDOR / name).read_text(), name


def test_base_template_links_only_local_static_files():
    base = (Path(settings.BASE_DIR) / "templates" / "base.html").read_text()

    urls = TAG_URL.findall(base)
    assert len(urls) == 6  # the icon, three stylesheets, Bootstrap and the drafts module (static/js/drafts.js)
    assert all(u.startswith("{% static ") for u in urls), urls
    assert "http://" not in base and "https://" not in base


def test_rendered_pages_load_nothing_from_another_host(signed_in):
    for html in (Client().get(reverse("login")).content.decode(),
                 signed_in.get(reverse("home")).content.decode()):
        urls = TAG_URL.findall(html)
        assert urls and all(u.startswith(settings.STATIC_URL) or u.startswith("/" + settings.STATIC_URL)
                            for u in urls), urls
        assert not re.search(r"(?:src|href)=\"(?:https?:)?//", html)


def test_collectstatic_succeeds_with_the_manifest_storage(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    # Django's manifest storage does the url() checks production's WhiteNoise storage relies on,
    # without spending seconds on gzip.
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}}
    call_command("collectstatic", interactive=False, verbosity=0)

    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "vendor/bootstrap-icons/fonts/bootstrap-icons.woff2" in manifest
    assert "css/app.css" in manifest
