"""One settings module, driven by environment variables (see .env.example).

The test suite runs on config.settings_test, which imports this module and changes only what tests need.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=""):
    return os.environ.get(name, default)


def envbool(name, default):
    value = os.environ.get(name, str(default))
    if value not in ("True", "False"):
        raise ImproperlyConfigured(f"{name} must be True or False, not {value!r}")
    return value == "True"


def envint(name, default):
    return int(os.environ.get(name, default))


DEBUG = envbool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY") or ("insecure-dev-key-only" if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=True for local development).")
ALLOWED_HOSTS = [h for h in env("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in env("CSRF_TRUSTED_ORIGINS").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "rules",
    "csp",
    "django_filters",  # the list pages' filter forms (search, status, year, unit, sorting) read from the URL
    "django_htmx",  # request.htmx for the scoring page's live verdict (htmx itself is vendored in static/)
    "axes",
    "core",
    "accounts",
    "communes",
    "criteria",
    "assessments",
    "inspections",
    "reports",
    "reviews",  # period reviews (sơ kết, tổng kết), drafted from the reports' selectors (issue 27)
    "planning",  # the yearly plan (issue 27): above assessments and reports, whose rounds and targets it sets
    # No models: only so that `manage.py bench` and `bench_load` are found; bench/ imports the apps, never the reverse.
    "bench",
    # After core, whose db_worker (heartbeat, lost jobs recovered) replaces django_tasks_db's.
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.BoundedRequests",  # before anything reads the body
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "core.middleware.VietnameseErrorPages",  # 405 answered with a page, not an empty body
    "core.middleware.IdsInRange",  # an id no column can hold is not found (404), never a 500
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=envint("CONN_MAX_AGE", 60)
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Concurrent saves on SQLite (the demo, small installs): every transaction takes the write lock
    # when it begins (IMMEDIATE), so the row lock of a service never meets "database is locked" half
    # way; a writer waits up to 20 s for the other; WAL lets pages be read while someone writes.
    # The second of two saves then gets the same "changed by someone else" answer as on PostgreSQL.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"})

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# django-axes' gate first: it refuses a locked-out username before the password is even checked.
AUTHENTICATION_BACKENDS = ["accounts.ratelimit.LoginAttemptsBackend", "accounts.backends.UserBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Evidence files may hold children's personal data: MEDIA_ROOT is never served by URL,
# only through permission-checked views.
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
EVIDENCE_MAX_BYTES = envint("EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
# How long the files of a decided dossier (evidence, signed minutes) are kept after the decision's
# signing date; `manage.py purge_evidence` removes older ones (the rows and the download log stay).
EVIDENCE_RETENTION_YEARS = envint("EVIDENCE_RETENTION_YEARS", 10)
# No request body larger than the largest file plus its form: refused (413) before it is read
# (core.middleware.BoundedRequests), so no upload spools gigabytes before a limit is checked.
MAX_REQUEST_BYTES = envint("MAX_REQUEST_BYTES", EVIDENCE_MAX_BYTES + 1024 * 1024)
# Uploads over FILE_UPLOAD_MAX_MEMORY_SIZE spool here, in the app's own private folder (never the
# shared /tmp); created at start, where files left by interrupted uploads are removed (core.apps).
FILE_UPLOAD_TEMP_DIR = env("FILE_UPLOAD_TEMP_DIR", str(MEDIA_ROOT / "tmp-uploads"))
# Digitally signed documents (core/signing.py): a folder of the root certificates (PEM or DER, .pem .crt
# .cer .der) whose signers the app trusts. Empty (the default): no root is trusted and no signed file
# verifies; the operator adds the roots the README names (Ban Cơ yếu Chính phủ, the public CAs' roots).
SIGNATURE_TRUST_ROOTS = env("SIGNATURE_TRUST_ROOTS", "")

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# How long a standard's criteria and sector owners are kept for display (criteria/reference.py).
REFERENCE_DATA_SECONDS = envint("REFERENCE_DATA_SECONDS", 60)

# One cache for every process when several app servers run: Redis (Django's own RedisCache) when
# CACHE_URL or REDIS_URL is set, else the process's memory (one server, the demo).
CACHE_URL = env("CACHE_URL") or env("REDIS_URL")
CACHES = {"default": (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL,
     "KEY_PREFIX": env("CACHE_PREFIX", "treem")}
    if CACHE_URL else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"})}

# Work off the request (exports): django-tasks with its database backend. Jobs are rows in the
# database; `manage.py db_worker` processes run them (core/management/commands/db_worker.py).
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# A worker writes that it is alive every TASK_HEARTBEAT_SECONDS; a running job whose worker has not
# been seen for TASK_WORKER_LOST_SECONDS (or whose process is gone on this machine) is lost.
TASK_HEARTBEAT_SECONDS = envint("TASK_HEARTBEAT_SECONDS", 10)
TASK_WORKER_LOST_SECONDS = envint("TASK_WORKER_LOST_SECONDS", 60)

# E-mail of the notifications (accounts/notifications.py), sent by a task over SMTP. Without
# EMAIL_HOST nothing leaves the machine: the messages are written to the worker's console.
EMAIL_HOST = env("EMAIL_HOST")
EMAIL_BACKEND = ("django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST
                 else "django.core.mail.backends.console.EmailBackend")
EMAIL_PORT = envint("EMAIL_PORT", 587)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Xã phù hợp với trẻ em <khong-tra-loi@localhost>")
# The address in the links of e-mails (no request to take it from in a task).
SITE_URL = env("SITE_URL", "http://localhost:8000").rstrip("/")

SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Login rate limiting (django-axes; attempts are kept in the database, so every app process shares
# them): 5 wrong passwords in a row for one username, or from one address, lock it for 15 minutes.
# A successful login clears its username's and address's count, so an office sharing one public
# address behind NAT is not locked by a colleague's typos. Behind the HTTPS proxy the client's
# address is the last X-Forwarded-For entry the proxy added (PROXY_COUNT proxies; 0 = none).
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.ratelimit.lockout_response"
AXES_CLIENT_IP_CALLABLE = "accounts.ratelimit.client_ip"
PROXY_COUNT = envint("PROXY_COUNT", 0 if DEBUG else 1)

# Content Security Policy (django-csp 4): only this site's own files run. An inline <script> needs
# nonce="{{ request.csp_nonce }}"; style="" attributes stay allowed (Bootstrap layouts use them).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
