"""A real worker process, as production runs it (deploy/treem-worker.service: ``manage.py db_worker --no-reload``
on the production settings, config.settings), on the test's own database, taking jobs that requests of
this test queued through the middleware:

- its JSON log lines about the job carry the request id of the request that queued it (core/requestid.py);
- a job that fails reaches Sentry (a Sentry-compatible server of this test on 127.0.0.1) as one event of its
  own, tagged with the task and that request id, without the personal data of its error or arguments
  (core/sentry_tasks.py, core/privacy.py).

The test's database: PostgreSQL's test database itself (the test's writes are committed:
``transactional_db``), or, on SQLite, whose test database lives in this process's memory, a copy of it in a
file made by SQLite's backup API once the requests are done.
"""

import json
import sqlite3
import time
import urllib.parse

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from bench.stack import Stack
from tests.operations._sentry_server import SentryServer
from tests.reliability.conftest import app_env

pytestmark = pytest.mark.django_db(transaction=True)

PRODUCTION_WORKER = ["manage.py", "db_worker", "--no-reload"]  # deploy/treem-worker.service's ExecStart
FAILING_TASK = "tests.operations._failing_task.read_birth_certificate"
CHILD = "Nguyễn Thị Bé Lan"
FILE_NAME = "giay-khai-sinh-be-lan.pdf"


@pytest.fixture
def queue(settings, tmp_path):
    """Jobs wait in the database for a worker, as in production; MEDIA_ROOT a folder the worker shares."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES}
    return tmp_path / "media"


def database_for_another_process(tmp_path):
    """The URL another process opens this test's database by (see the module's docstring)."""
    s = connection.settings_dict
    if connection.vendor == "postgresql":
        auth = urllib.parse.quote(s["USER"] or "postgres", safe="")
        if s["PASSWORD"]:
            auth += ":" + urllib.parse.quote(s["PASSWORD"], safe="")
        return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    path = tmp_path / "test-database.sqlite3"
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    try:
        connection.connection.backup(copy)
    finally:
        copy.close()
    return f"sqlite:///{path}"


def worker_env(database_url, media, **extra):
    # production's settings module, not the tests' (app_env's default), with the variables production sets
    return app_env(database_url, media, DJANGO_SETTINGS_MODULE="config.settings",
                   SECRET_KEY="worker-process-test-key-" + "k" * 40, LOG_FORMAT="json", **extra)


def json_lines(text):
    """Every line of the worker's output: each must be one JSON object."""
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def wait_for(check, what, seconds=60, stack=None):
    deadline = time.monotonic() + seconds
    while not (found := check()):
        if time.monotonic() > deadline:
            raise AssertionError(f"no {what} in {seconds} s\n{stack.logs() if stack else ''}")
        time.sleep(0.2)
    return found


def test_the_workers_json_lines_about_a_job_carry_the_request_id_that_queued_it(queue, users, round_2024,
                                                                                  tmp_path):
    c = Client()
    c.force_login(users.provincial_staff)
    r = c.post(f"{reverse('reports:export')}?year=2024", {"format": "xlsx"}, HTTP_X_REQUEST_ID="req-export-2024-lc")
    assert r.status_code == 302 and r["X-Request-ID"] == "req-export-2024-lc"
    url = database_for_another_process(tmp_path)

    with Stack(worker_env(url, queue), tmp_path / "logs") as stack:
        worker = stack.worker(PRODUCTION_WORKER, name="worker")
        done = wait_for(lambda: [x for x in json_lines(stack.log("worker"))
                                 if x["message"].endswith("path=reports.jobs.run_export state=SUCCESSFUL")],
                        "finished export", stack=stack)
    lines = json_lines(stack.log("worker"))  # every line is JSON, the worker's own too
    job = [x for x in lines if "path=reports.jobs.run_export" in x["message"]]
    assert [x["message"].rsplit(" ", 1)[-1] for x in job] == ["state=RUNNING", "state=SUCCESSFUL"], lines
    assert {x["request_id"] for x in job} == {"req-export-2024-lc"}  # the request's, in the worker's lines
    assert {x["logger"] for x in job} == {"django_tasks"} and {x["level"] for x in job} == {"INFO"}
    assert done[0]["process"] == worker.pid and "time" in done[0]
    started = [x for x in lines if x["message"].startswith("Starting worker")]
    assert started and started[0]["request_id"] == "-"  # outside any job: no request's id
    assert list(queue.glob("exports/*.xlsx"))  # the job did its work: the workbook is in MEDIA_ROOT


def test_a_failing_job_reaches_sentry_tagged_with_its_task_and_request_without_personal_data(
        queue, settings, tmp_path):
    settings.ROOT_URLCONF = "tests.operations.boom_urls"
    r = Client().post("/queue-failing-task/", {"ho_ten": CHILD, "ten_tep": FILE_NAME},
                      HTTP_X_REQUEST_ID="req-sentry-0042")
    assert r.status_code == 200
    task_id = r.content.decode()
    url = database_for_another_process(tmp_path)

    with SentryServer() as sentry, Stack(worker_env(url, queue, SENTRY_DSN=sentry.dsn), tmp_path / "logs") as stack:
        stack.worker(PRODUCTION_WORKER, name="worker")
        wait_for(lambda: any("state=FAILED" in x["message"] for x in json_lines(stack.log("worker"))),
                 "failed job", stack=stack)
        wait_for(sentry.events, "event at the Sentry server", stack=stack)
        time.sleep(1)  # a second event (the failure's log line) would have come by now
    [event] = sentry.events()  # one event: the task's, not a second one from django-tasks' error line
    assert event["tags"]["task"] == FAILING_TASK and event["transaction"] == FAILING_TASK
    assert event["tags"]["request_id"] == "req-sentry-0042"
    assert event["tags"]["task_id"] == task_id
    [exception] = event["exception"]["values"]
    assert exception["type"] == "ValueError" and exception["mechanism"] == {"type": "django_tasks", "handled": False}
    assert exception["value"] == "cannot read [tệp] of [đã ẩn]"
    assert exception["stacktrace"]["frames"][-1]["function"] == "read_birth_certificate"
    assert event["release"].startswith("treem@") and event["level"] == "error"
    text = "\n".join(sentry.texts())
    for secret in (CHILD, "Nguy\\u1ec5n", "giay-khai-sinh", FILE_NAME):
        assert secret not in text, secret
    # the log keeps its own line about the failure, with the same request id
    failed = [x for x in json_lines(stack.log("worker")) if "state=FAILED" in x["message"]]
    assert failed[0]["level"] == "ERROR" and failed[0]["request_id"] == "req-sentry-0042"
