"""Settings for the test suite: the production settings (config.settings) plus what tests need.

pytest selects this module (pyproject.toml, ``DJANGO_SETTINGS_MODULE``); an app process a test starts
(gunicorn, manage.py, the seed script) gets it through its environment. Nothing here depends on which
modules happen to be imported: production never runs with these values.
"""

import os

# A fixed key known to be public: config.settings refuses to load without SECRET_KEY unless DEBUG=True.
TEST_SECRET_KEY = "tests-only-public-key-never-use-in-production"
os.environ.setdefault("SECRET_KEY", TEST_SECRET_KEY)

from config.settings import *  # noqa: E402, F403
from config.settings import STORAGES, env, envint  # noqa: E402

SECRET_KEY = TEST_SECRET_KEY

# A fast hasher: tests create many users, and the real one costs about a second each.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Mail stays in memory (django.core.mail.outbox), never leaves the machine, unless a test of several
# processes gives them its own SMTP server on this machine (TEST_EMAIL_PORT; tests/mailserver.py).
EMAIL_BACKEND = ("django.core.mail.backends.smtp.EmailBackend" if env("TEST_EMAIL_PORT")
                 else "django.core.mail.backends.locmem.EmailBackend")
if env("TEST_EMAIL_PORT"):
    EMAIL_HOST, EMAIL_PORT, EMAIL_USE_TLS = "127.0.0.1", envint("TEST_EMAIL_PORT", 0), False

# {% static %} without running collectstatic first (no manifest).
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}

# Plain HTTP: the test client, live_server and the gunicorn of tests/reliability are not behind the
# HTTPS proxy, and their client address is the socket's (no X-Forwarded-For to trust).
PROXY_COUNT = envint("PROXY_COUNT", 0)
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
SECURE_HSTS_PRELOAD = False
SECURE_PROXY_SSL_HEADER = None

# Tasks run at once, inside the request, unless a test about the queue asks for the database backend
# (TASKS_BACKEND=django_tasks_db.DatabaseBackend in a worker or app process it starts).
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")}}

# The process's memory, unless a test of several processes gives them one Redis (TEST_CACHE_URL, with
# its own key prefix so test runs sharing that Redis never see each other's keys).
CACHES = {"default": (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env("TEST_CACHE_URL"),
     "KEY_PREFIX": env("TEST_CACHE_PREFIX", "tests")}
    if env("TEST_CACHE_URL") else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"})}

# SQLite's test database in memory, as Django makes it by default: said outright because pytest-django
# recognises SQLite by the exact ENGINE name, and ours is django-prometheus' wrapper of it (config.settings);
# without this, pytest -n would give each worker a test database named after the project's file.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"].setdefault("TEST", {})["NAME"] = ":memory:"  # noqa: F405
