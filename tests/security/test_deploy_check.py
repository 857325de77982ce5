"""Production settings (DEBUG=False, a real SECRET_KEY, nothing else set) pass `check --deploy`.

Each check runs manage.py in a fresh process with the environment production would have, because
the settings module reads the environment once, at import, and the tests themselves run on
config.settings_test. That pytest is importable changes nothing in config.settings: the probe below
imports pytest first and still gets production's HTTPS settings.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HOST = "treem.example.gov.vn"


def production_env(**extra):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DJANGO_", "SECURE_", "SESSION_", "DEBUG", "SECRET_KEY", "PYTEST"))}
    env.update(DEBUG="False", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS=HOST,
               CSRF_TRUSTED_ORIGINS=f"https://{HOST}", **extra)
    return env


def run(*args, env):
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


def test_check_deploy_finds_nothing_to_warn_about():
    result = run("manage.py", "check", "--deploy", "--fail-level", "WARNING", env=production_env())

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    del env["SECRET_KEY"]

    result = run("manage.py", "check", env=env)

    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_a_secret_key_even_with_pytest_imported():
    """The key of the tests lives in config.settings_test only: importing pytest hands out nothing."""
    env = production_env()
    del env["SECRET_KEY"]

    result = run("-c", "import pytest, django; django.setup()",
                 env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"})

    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_the_tests_run_on_their_own_settings_module():
    from django.conf import settings

    from config import settings_test

    assert os.environ["DJANGO_SETTINGS_MODULE"] == "config.settings_test"  # pyproject.toml, via pytest-django
    assert settings.SECRET_KEY == settings_test.TEST_SECRET_KEY
    assert not settings.SECURE_SSL_REDIRECT and not settings.SESSION_COOKIE_SECURE


# What a browser receives from production: headers of the login page over HTTPS (behind the proxy)
# and the redirect of plain HTTP. The login page's GET needs no database; static file names are
# left unhashed, as collectstatic has not run here.
PROBE = """
import json, django, pytest  # pytest imported: production settings must not notice
django.setup()
from django.conf import settings
settings.STORAGES = {**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
from django.test import Client
c = Client(HTTP_HOST="%(host)s")
https = c.get("/dang-nhap/", HTTP_X_FORWARDED_PROTO="https")
http = c.get("/dang-nhap/")
cookie = https.cookies.get(settings.CSRF_COOKIE_NAME)
print(json.dumps({
    "status": https.status_code, "headers": dict(https.headers),
    "http_status": http.status_code, "http_location": http.get("Location"),
    "csrf_cookie_secure": bool(cookie and cookie["secure"]),
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "session_cookie_httponly": settings.SESSION_COOKIE_HTTPONLY,
    "session_age": settings.SESSION_COOKIE_AGE,
}))
""" % {"host": HOST}


@pytest.fixture(scope="module")
def production():
    result = run("-c", PROBE, env=production_env(DJANGO_SETTINGS_MODULE="config.settings"))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_https_is_enforced_with_hsts_and_secure_cookies(production):
    assert production["status"] == 200
    assert production["http_status"] == 301 and production["http_location"] == f"https://{HOST}/dang-nhap/"
    assert production["headers"]["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert production["csrf_cookie_secure"] and production["session_cookie_secure"]
    assert production["session_cookie_httponly"]


def test_a_content_security_policy_lets_only_the_sites_own_files_run(production):
    policy = dict(part.strip().split(" ", 1) for part in production["headers"]["Content-Security-Policy"].split(";"))

    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"  # the login page has no inline script, so no nonce either
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'" and policy["base-uri"] == "'self'"
    assert "'unsafe-inline'" not in policy["style-src"] and "'unsafe-eval'" not in production["headers"][
        "Content-Security-Policy"]


def test_pages_cannot_be_framed_sniffed_or_leak_the_referrer(production):
    headers = production["headers"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"

