"""A failing request with personal data, in a process whose settings start Sentry (SENTRY_DSN in the
environment): what test_errors.py's Sentry test receives on its own server on this machine."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django  # noqa: E402

django.setup()

import sentry_sdk  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

with override_settings(ROOT_URLCONF="tests.operations.boom_urls", ALLOWED_HOSTS=["testserver"]):
    c = Client(raise_request_exception=False)
    c.cookies["sessionid"] = "phien-cua-nguoi-dung-123"
    r = c.post("/boom/?tim=Võ+Lao", {"ho_ten": "Nguyễn Thị Bé Lan",
                                     "tep": SimpleUploadedFile("giay-khai-sinh-be-lan.pdf", b"%PDF-1.4")})
    print(r.status_code, r["X-Request-ID"])
sentry_sdk.flush(timeout=10)
