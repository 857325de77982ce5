"""Helpers for the reliability tests: real signed-in sessions, a snapshot of every piece of official
data (to prove "nothing changed"), and dedicated PostgreSQL databases for the tests that need other
processes (gunicorn, pg_dump, pg_restore) to see committed data.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
PG_SERVER = os.environ.get("RELIABILITY_PG_SERVER", "postgres://postgres@127.0.0.1:5432")


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    # Test-only hasher: real logins, without PBKDF2's deliberate slowness on a shared 2-core machine.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- real sessions ---------------------------------------------------------------------------

def sign_in(user):
    """A client signed in through the login form, with CSRF checks on like a browser."""
    c = Client(enforce_csrf_checks=True)
    c.get(reverse("login"))
    r = c.post(reverse("login"), {"username": user.username, "password": user.raw_password,
                                  "csrfmiddlewaretoken": c.cookies["csrftoken"].value})
    assert r.status_code == 302, f"login of {user.username} failed"
    return c


def post(c, url, data=None, **kwargs):
    """POST like the page's form does: with the CSRF token from the session's cookie."""
    return c.post(url, {**(data or {}), "csrfmiddlewaretoken": c.cookies["csrftoken"].value}, **kwargs)


def page_messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- "nothing changed" -----------------------------------------------------------------------

def snapshot():
    """Every row of official data and its audit history, plus the files on disk."""
    from django.conf import settings

    from assessments import models as m

    def rows(qs, *fields):
        return sorted(tuple(str(v) for v in row) for row in qs.values_list(*fields))

    media_root = Path(settings.MEDIA_ROOT)
    return {
        "assessments": rows(m.Assessment.objects, "pk", "status", "version", "self_total", "final_total",
                            "meets_standard", "zero_criteria", "decision_id", "decision_reason", "submitted_at"),
        "scores": rows(m.Score.objects, "pk", "points", "appraised_points", "appraisal_reason", "appraised_by",
                       "source_note", "figures"),
        "evidence": rows(m.Evidence.objects, "pk", "token", "file", "original_name", "size"),
        "transitions": m.Transition.objects.count(),
        "decisions": rows(m.Decision.objects, "pk", "number"),
        "councils": rows(m.Council.objects, "pk", "meeting_date", "conclusion"),
        "history": [model.history.count() for model in
                    (m.Round, m.Assessment, m.Score, m.Evidence, m.Decision, m.Council)],
        "files": sorted(str(p.relative_to(media_root)) for p in media_root.rglob("*") if p.is_file())
        if media_root.exists() else [],
    }


# --- dedicated PostgreSQL databases ----------------------------------------------------------

def _admin_connection():
    import psycopg

    return psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=5, autocommit=True)


def _sql(statement):
    conn = _admin_connection()
    try:
        with conn.cursor() as cur:
            cur.execute(statement)
    finally:
        conn.close()


def app_env(database_url, media_root=None, **extra):
    """The environment of an app process (manage.py, gunicorn, the seed script) on that database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_"))}
    env.update(DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="config.settings_test", DEBUG="False",
               PYTHONUNBUFFERED="1")
    if media_root is not None:
        env["MEDIA_ROOT"] = str(media_root)
    env.update({k: str(v) for k, v in extra.items()})
    return env


def run_app(args, database_url, media_root=None, timeout=240, **extra):
    """Run `python <args>` from the project root against the database; its stdout."""
    done = subprocess.run([sys.executable, *args], cwd=ROOT, env=app_env(database_url, media_root, **extra),
                          capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def seed(database_url, scenario, media_root=None):
    """Build a scenario through the real services in another process (tests/reliability/_seed.py)."""
    import json

    out = run_app(["tests/reliability/_seed.py", scenario], database_url, media_root)
    return json.loads(out.strip().splitlines()[-1])


@pytest.fixture(scope="session")
def postgres():
    """The PostgreSQL server; CI has one, so there it is a failure, never a skip, when it is missing."""
    try:
        _admin_connection().close()
    except Exception as e:  # noqa: BLE001 - any connection problem means the same thing here
        message = f"PostgreSQL is not reachable at {PG_SERVER}: {e}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return PG_SERVER


@pytest.fixture(scope="session")
def pg_template(postgres):
    """A migrated database to copy from (CREATE DATABASE … TEMPLATE takes a fraction of a second)."""
    name = f"reliability_tpl_{os.getpid()}"
    _sql(f'DROP DATABASE IF EXISTS "{name}"')
    _sql(f'CREATE DATABASE "{name}"')
    try:
        run_app(["manage.py", "migrate", "--no-input", "-v", "0"], f"{postgres}/{name}")
        yield name
    finally:
        _sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def new_pg_database(server, template):
    # random, not a counter: this module is loaded twice (as a conftest and when a test imports it)
    name = f"reliability_{os.getpid()}_{secrets.token_hex(4)}"
    _sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _sql(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return name, f"{server}/{name}"


def drop_pg_database(name):
    _sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_database(postgres, pg_template):
    """A fresh migrated PostgreSQL database of its own: (name, url). Dropped afterwards."""
    name, url = new_pg_database(postgres, pg_template)
    try:
        yield name, url
    finally:
        drop_pg_database(name)
