"""Errors reach the operator without personal data: ADMINS by e-mail (core/error_reports.py), Sentry's
events through core/privacy.scrub_event (tested directly on an event shaped as sentry-sdk builds it)."""

import copy

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from core.privacy import scrub_event

CHILD = "Nguyễn Thị Bé Lan"
FILE_NAME = "giay-khai-sinh-be-lan.pdf"


def test_a_500_is_mailed_to_the_admins_without_form_values_or_file_names(db, settings):
    settings.ROOT_URLCONF = "tests.operations.boom_urls"
    settings.ADMINS = [("Trực hệ thống", "truc@example.gov.vn")]
    settings.DEBUG = False
    c = Client(raise_request_exception=False)
    c.cookies["sessionid"] = "phien-cua-nguoi-dung-123"
    r = c.post("/boom/?tim=Võ+Lao", {"ho_ten": CHILD, "tep": SimpleUploadedFile(FILE_NAME, b"%PDF-1.4")})
    assert r.status_code == 500
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["truc@example.gov.vn"]
    assert "ValueError" in message.subject + message.body and "/boom/" in message.body
    text = message.body + "".join(str(a[0]) for a in message.alternatives)
    for secret in (CHILD, "giay-khai-sinh-be-lan", "phien-cua-nguoi-dung-123", "Võ Lao", "Vo+Lao"):
        assert secret not in text, secret
    assert "ho_ten" in message.body and "[tệp]" in message.body  # what was sent, not what it said
    assert r["X-Request-ID"]


def test_no_admins_no_mail(db, settings):
    settings.ROOT_URLCONF = "tests.operations.boom_urls"
    settings.ADMINS = []
    assert Client(raise_request_exception=False).post("/boom/", {"ho_ten": CHILD}).status_code == 500
    assert mail.outbox == []


EVENT = {  # the parts of an event sentry-sdk's Django integration sends for a failed upload
    "level": "error",
    "exception": {"values": [{
        "type": "IntegrityError",
        "value": f'duplicate key value violates unique constraint "x"\nDETAIL: Key (ho_ten)=({CHILD}) already '
                 f"exists; file {FILE_NAME} of '{CHILD}'",
        "stacktrace": {"frames": [{"filename": "assessments/views.py", "function": "evidence_upload", "lineno": 120,
                                   "vars": {"child": CHILD, "f": f"<UploadedFile: {FILE_NAME}>"}}]}}]},
    "request": {
        "url": "https://treem.example.gov.vn/danh-gia/ho-so/12/minh-chung/",
        "method": "POST", "query_string": "tim=V%C3%B5+Lao",
        "data": {"ho_ten": CHILD, "tep": FILE_NAME}, "cookies": {"sessionid": "abc", "csrftoken": "def"},
        "headers": {"Host": "treem.example.gov.vn", "Cookie": "sessionid=abc", "Authorization": "Bearer x",
                    "User-Agent": "Firefox", "X-Forwarded-For": "203.0.113.7",
                    "Referer": "https://treem.example.gov.vn/danh-gia/?tim=Lan"},
        "env": {"REMOTE_ADDR": "203.0.113.7"},
    },
    "user": {"id": "42", "username": "xa_03055", "email": "lan@example.vn", "ip_address": "203.0.113.7"},
    "logentry": {"message": "upload of %s failed", "params": [FILE_NAME],
                 "formatted": f"upload of {FILE_NAME} failed"},
    "breadcrumbs": {"values": [{"category": "query", "message": f"SELECT … WHERE original_name = '{FILE_NAME}'",
                                "data": {"params": [CHILD]}}]},
    "extra": {"form": {"ho_ten": CHILD}},
    "tags": {"request_id": "r-12345678"},
}


def test_the_scrubber_leaves_no_form_value_file_name_or_person():
    event = scrub_event(copy.deepcopy(EVENT), {})
    text = repr(event)
    for secret in (CHILD, "giay-khai-sinh", "Võ", "V%C3%B5", "xa_03055", "lan@example.vn", "203.0.113.7", "abc",
                   "Bearer", "tim=Lan"):
        assert secret not in text, secret
    assert event["exception"]["values"][0]["value"] == (
        "duplicate key value violates unique constraint [đã ẩn]\nDETAIL: Key (ho_ten)=([đã ẩn]) already exists; "
        "file [tệp] of [đã ẩn]")
    assert "vars" not in event["exception"]["values"][0]["stacktrace"]["frames"][0]
    assert event["user"] == {"id": "42"}
    assert event["request"]["headers"]["Host"] == "treem.example.gov.vn"
    assert event["request"]["headers"]["Referer"] == "https://treem.example.gov.vn/danh-gia/"
    assert event["request"]["url"] == EVENT["request"]["url"] and event["request"]["method"] == "POST"
    assert event["tags"] == {"request_id": "r-12345678"}  # what helps find the log lines stays
    assert event["exception"]["values"][0]["stacktrace"]["frames"][0]["function"] == "evidence_upload"



def test_sentry_receives_the_error_scrubbed(tmp_path):
    """A real sentry-sdk (started by config.settings from SENTRY_DSN) in another process sends its event to a
    server of this test on 127.0.0.1: the event names the error, and carries no personal data."""
    import subprocess
    import sys

    from tests.operations._sentry_server import SentryServer
    from tests.reliability.conftest import ROOT, app_env

    with SentryServer() as sentry:
        done = subprocess.run([sys.executable, "tests/operations/_sentry_boom.py"], cwd=ROOT, capture_output=True,
                              text=True, timeout=120,
                              env=app_env(f"sqlite:///{tmp_path / 'db.sqlite3'}", tmp_path / "media",
                                          SENTRY_DSN=sentry.dsn))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("500 ")
    events = sentry.events()
    assert [e["exception"]["values"][-1]["type"] for e in events] == ["ValueError"], sentry.texts()
    assert events[0]["tags"]["request_id"] == done.stdout.split()[1]  # the id the answer sent back
    text = "\n".join(sentry.texts())
    assert "ValueError" in text and "boom" in text  # the error and where it happened
    for secret in (CHILD, "Nguy\\u1ec5n", "giay-khai-sinh", "phien-cua-nguoi-dung-123", "Võ", "V%C3%B5"):
        assert secret not in text, secret
