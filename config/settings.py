"""One settings module, driven by environment variables (see .env.example).

The test suite runs on config.settings_test, which imports this module and changes only what tests need.
"""

import datetime
import os
from email.utils import parseaddr
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
    "rest_framework",
    "rest_framework_api_key",  # its abstract key model (api.models.ApiKey); its own APIKey table stays unused
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI and Redoc as static files (no CDN)
    "api",
    # No models: only so that `manage.py bench` and `bench_load` are found; bench/ imports the apps, never the reverse.
    "bench",
    # The operator's URLs (health, metrics) and error reporting: above every app, like bench.
    "operations",
    # After core, whose db_worker (heartbeat, lost jobs recovered) replaces django_tasks_db's.
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",  # /metrics: every request, timed from here
    "core.requestid.RequestId",  # a request id on every log line, carried into the tasks it queues
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.BoundedRequests",  # before anything reads the body
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # pages and JSON gzip-compressed for browsers that accept it (a scoring page: 50 KB → about 8 KB on
    # a weak connection; README "Weak connections"); after WhiteNoise, which serves its own compressed
    # static files. CSRF tokens are masked per response (Django), so compression does not expose them.
    "django.middleware.gzip.GZipMiddleware",
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
    "django_prometheus.middleware.PrometheusAfterMiddleware",  # the view and status of each answer
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
                "core.context_processors.version",
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

# /metrics counts every query and its duration through django-prometheus' wrappers of the same backends.
_PROMETHEUS_ENGINES = {"django.db.backends.postgresql": "django_prometheus.db.backends.postgresql",
                       "django.db.backends.sqlite3": "django_prometheus.db.backends.sqlite3"}
DATABASES["default"]["ENGINE"] = _PROMETHEUS_ENGINES.get(DATABASES["default"]["ENGINE"],
                                                         DATABASES["default"]["ENGINE"])

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
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))  # collectstatic writes here
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
# The demo only: a file where `manage.py load_demo` writes the root of the demo's own certificate authority (made at
# load time, assessments/demo_signing.py), trusted beside the roots above with DEBUG=True only; scripts/run_demo.sh
# sets it. Never a production setting: refused below unless DEBUG.
SIGNATURE_DEMO_ROOT = env("SIGNATURE_DEMO_ROOT", "")
if SIGNATURE_DEMO_ROOT and not DEBUG:
    raise ImproperlyConfigured("SIGNATURE_DEMO_ROOT is the demo's (DEBUG=True) only: never trust its root elsewhere")

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
# The health URL fails when the job that has waited longest to run has waited longer than this.
TASK_QUEUE_MAX_WAIT_SECONDS = envint("TASK_QUEUE_MAX_WAIT_SECONDS", 300)

# /metrics (operations/metrics.py) answers these addresses or networks (the client's address as the
# login limit reads it, behind the proxy too), or a request with "Authorization: Bearer METRICS_TOKEN".
METRICS_ALLOWED_IPS = [a.strip() for a in env("METRICS_ALLOWED_IPS", "127.0.0.1,::1").split(",") if a.strip()]
METRICS_TOKEN = env("METRICS_TOKEN")

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

# The read-only API under /api/v1/ (api/, issue 26): JSON or CSV, paged, throttled per key, errors as JSON.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.ApiKeyAuthentication",
                                       "rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.CanRead"],
    "DEFAULT_RENDERER_CLASSES": ["api.base.JSONRenderer", "api.base.CSVRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "api.base.Negotiation",
    "DEFAULT_PAGINATION_CLASS": "api.base.Paging",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": ["api.base.KeyThrottle"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.Schema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "COERCE_DECIMAL_TO_STRING": False,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# requests a minute, an hour or a day per API key ("1200/hour"); the count is kept in CACHES["default"]
API_KEY_THROTTLE_RATE = env("API_KEY_THROTTLE_RATE", "1200/hour")
SPECTACULAR_SETTINGS = {
    "TITLE": "API xã, phường, thị trấn phù hợp với trẻ em",
    "DESCRIPTION": "API chỉ đọc: đơn vị hành chính, bộ tiêu chuẩn, đợt đánh giá, hồ sơ, quyết định công nhận, "
                   "đăng ký, chỉ tiêu và số liệu báo cáo, trong phạm vi của khóa (một tỉnh hoặc toàn quốc) hoặc "
                   "của người dùng đăng nhập. Phân trang (page, page_size ≤ 500), ?format=csv, ETag/Last-Modified.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],  # the schema and its pages are public: no key is read, no session needed
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {"UnitKindEnum": "communes.models.Kind", "UnitLevelEnum": "communes.models.Level",
                            "TargetKindEnum": "reports.models.Target.Kind"},
    # the answers of every operation described in Vietnamese, errors with their JSON shape (api.schema)
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.describe_answers"],
}

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
    # A load balancer that probes over plain HTTP: HEALTH_PLAIN_HTTP=True answers health/ without the
    # redirect (it reveals nothing but ok/fail); every other URL still goes to HTTPS.
    SECURE_REDIRECT_EXEMPT = [r"^health/(web/)?$"] if envbool("HEALTH_PLAIN_HTTP", False) else []
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Logs: plain lines, or one JSON object a line with LOG_FORMAT=json (python-json-logger), each with the
# request id of the request or of the request that queued the task (core/requestid.py).
LOG_FORMAT = env("LOG_FORMAT", "plain")
if LOG_FORMAT not in ("plain", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be plain or json, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "core.requestid.RequestIdFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        "one_line": {"()": "core.logfilters.OneLine"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
        "json": {"()": "pythonjsonlogger.json.JsonFormatter",
                 "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(process)d",
                 "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
                 "json_ensure_ascii": False},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": LOG_FORMAT},
        # pyHanko's warnings of a refused signature, one line each without the traceback (core/logfilters.py)
        "console_one_line": {"class": "logging.StreamHandler", "filters": ["request_id", "one_line"],
                             "formatter": LOG_FORMAT},
        # errors (a 500, a failed task) to ADMINS by e-mail, without personal data (core/error_reports.py)
        "mail_admins": {"class": "django.utils.log.AdminEmailHandler", "level": "ERROR",
                        "filters": ["require_debug_false", "request_id"]},
    },
    "root": {"handlers": ["console", "mail_admins"], "level": env("LOG_LEVEL", "WARNING")},
    "loggers": {
        # Django's own loggers propagate to the root (no second e-mail from django's default config)
        "django": {"handlers": [], "level": env("LOG_LEVEL", "WARNING"), "propagate": True},
        "django_tasks": {"level": "INFO", "propagate": True},  # each job's start and end (with the request id)
        # a signature refused in verification (untrusted root, expired certificate, content added after signing)
        # is an outcome, said in one line by assessments.signing: pyHanko's own line without its traceback; an
        # error of pyHanko still goes to ADMINS first, with its traceback (the handlers run in this order)
        "pyhanko": {"handlers": ["mail_admins", "console_one_line"], "level": "WARNING", "propagate": False},
        "pyhanko_certvalidator": {"handlers": ["mail_admins", "console_one_line"], "level": "WARNING",
                                  "propagate": False},
    },
}

# Errors: e-mailed to ADMINS ("Name <address>, Name <address>"); to Sentry as well when SENTRY_DSN is set.
ADMINS = [parseaddr(a.strip()) for a in env("ADMINS").split(",") if a.strip()]
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_SUBJECT_PREFIX = env("EMAIL_SUBJECT_PREFIX", "[treem] ")
DEFAULT_EXCEPTION_REPORTER_FILTER = "core.error_reports.PrivateExceptionReporterFilter"
DEFAULT_EXCEPTION_REPORTER = "core.error_reports.PrivateExceptionReporter"
SENTRY_DSN = env("SENTRY_DSN")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.integrations.logging import ignore_logger

    from config.version import VERSION
    from core.privacy import scrub_event

    sentry_sdk.init(
        dsn=SENTRY_DSN, release=f"treem@{VERSION}", environment=env("SENTRY_ENVIRONMENT", "production"),
        integrations=[DjangoIntegration()],  # requests; a failed task: core/sentry_tasks.py
        send_default_pii=False, include_local_variables=False, max_request_body_size="never",
        before_send=scrub_event, traces_sample_rate=float(env("SENTRY_TRACES_SAMPLE_RATE", "0")))
    # a failed task is reported by core/sentry_tasks.py (tagged with the task and the request id): django-tasks'
    # own error line about it stays in the log and the ADMINS' mail, not a second event in Sentry
    ignore_logger("django_tasks")
