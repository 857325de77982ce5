"""Logs: one JSON object a line with LOG_FORMAT=json, plain lines otherwise, each with the request id;
the id of a request follows it into the task it queued and into the worker's lines (core/requestid.py)."""

import json
import logging
import subprocess
import sys

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from accounts import notifications
from accounts.models import Notification
from core import requestid
from core.models import TaskOrigin
from tests.reliability.conftest import ROOT, app_env

SNIPPET = """
import logging, django
django.setup()
from core import requestid
log = logging.getLogger("treem.test")
log.warning("không có yêu cầu")
requestid.current.set("req-0123456789")
log.warning("Xã %s: đã nộp", "Võ Lao")
try:
    1 / 0
except ZeroDivisionError:
    log.exception("lỗi\\nhai dòng")
"""


def run_snippet(**env):
    done = subprocess.run([sys.executable, "-c", SNIPPET], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env=app_env("sqlite:///:memory:", **env))
    return done


def test_json_logs_are_one_object_a_line_with_the_request_id():
    done = run_snippet(LOG_FORMAT="json")
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stderr.splitlines() if line.strip()]  # every line is JSON
    assert [x["message"] for x in lines] == ["không có yêu cầu", "Xã Võ Lao: đã nộp", "lỗi\nhai dòng"]
    assert [x["request_id"] for x in lines] == ["-", "req-0123456789", "req-0123456789"]
    assert {"time", "level", "logger", "process"} <= set(lines[1]) and lines[1]["level"] == "WARNING"
    assert lines[1]["logger"] == "treem.test"
    assert "ZeroDivisionError" in lines[2]["exc_info"]


def test_plain_logs_are_text_lines_with_the_request_id():
    done = run_snippet()
    assert done.returncode == 0, done.stderr
    assert "WARNING [req-0123456789] treem.test: Xã Võ Lao: đã nộp" in done.stderr
    with pytest.raises(json.JSONDecodeError):
        json.loads(done.stderr.splitlines()[0])


def test_an_unknown_log_format_is_refused():
    done = run_snippet(LOG_FORMAT="xml")
    assert done.returncode != 0 and "LOG_FORMAT must be plain or json" in done.stderr


class Lines(logging.Handler):
    def __init__(self):
        super().__init__()
        self.addFilter(requestid.RequestIdFilter())
        self.records = []

    def emit(self, record):
        self.records.append((record.request_id, record.name, record.getMessage()))


@pytest.fixture
def lines():
    handler = Lines()
    logger = logging.getLogger("django_tasks")
    logger.addHandler(handler)
    level, logger.level = logger.level, logging.INFO
    yield handler.records
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_the_request_id_follows_the_request_into_its_task_and_the_worker(users, settings, lines):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    users.commune_officer.email = "xa@example.vn"
    users.commune_officer.save()

    def view(request):  # a request that queues an e-mail, as a move of a dossier does after its commit
        n = Notification.objects.create(recipient=users.commune_officer, key="k", subject="Hồ sơ", body="b",
                                        mail=Notification.Mail.PENDING)
        notifications.enqueue([n.pk])
        return HttpResponse("ok")

    response = requestid.RequestId(view)(RequestFactory().get("/", HTTP_X_REQUEST_ID="proxy-id-42abc"))
    assert response["X-Request-ID"] == "proxy-id-42abc"  # the proxy's id is kept, and sent back
    assert list(TaskOrigin.objects.values_list("request_id", flat=True)) == ["proxy-id-42abc"]
    assert requestid.get() == "-"  # the request is over

    # the worker's claim and run, as db_worker does them (its loop closes the test's transaction on PostgreSQL)
    job = DBTaskResult.objects.get()
    job.claim("w-test")
    Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
           max_tasks=None, worker_id="w-test", excluded_queue_names=[]).run_task(job)
    mine = [x for x in lines if "send_notification_mail" in x[2]]
    assert [x[0] for x in mine] == ["proxy-id-42abc", "proxy-id-42abc"], lines  # started, finished
    assert Notification.objects.get().mail == Notification.Mail.SENT
    assert not TaskOrigin.objects.exists() and requestid.get() == "-"


def test_djangos_own_line_about_a_404_carries_the_request_id(db):
    """django.request logs "Not Found" after the middleware chain returned (BaseHandler.get_response)."""
    from django.test import Client

    handler = Lines()
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        r = Client().get("/khong-co-trang-nay/", HTTP_X_REQUEST_ID="req-not-found-42")
    finally:
        logger.removeHandler(handler)
    assert r.status_code == 404 and requestid.get() == "-"
    assert handler.records == [("req-not-found-42", "django.request", "Not Found: /khong-co-trang-nay/")]


def test_a_request_without_a_sane_id_gets_its_own(db):
    ids = set()
    for given in ("", "x", "<script>", "a" * 65):
        r = requestid.RequestId(lambda request: HttpResponse())(RequestFactory().get("/", HTTP_X_REQUEST_ID=given))
        assert len(r["X-Request-ID"]) == 32 and r["X-Request-ID"] != given
        ids.add(r["X-Request-ID"])
    assert len(ids) == 4
