"""The task queue with real workers: `manage.py db_worker` processes on a database of their own
(PostgreSQL when the tests run on it, else a SQLite file), exports queued by another process.

An export queued is done by a worker; a worker SIGKILLed in the middle of an export leaves the job
'running' only until a worker starts: that one ends the lost run (core.tasks.recover_lost) and the
export is run again, to DONE, with the lost run recorded as failed (WorkerLost).
"""

import json
import os
import shutil
import signal
import sqlite3
import time

import pytest
from openpyxl import load_workbook

from bench.stack import Stack
from tests.reliability.conftest import app_env, drop_pg_database, new_pg_database, run_app

QUEUE = {"TASKS_BACKEND": "django_tasks_db.DatabaseBackend", "TASK_HEARTBEAT_SECONDS": "1"}
ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")


@pytest.fixture(scope="module")
def sqlite_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("queue") / "template.sqlite3"
    run_app(["manage.py", "migrate", "--no-input", "-v", "0"], f"sqlite:///{path}")
    return path


@pytest.fixture
def database(request, tmp_path):
    """(url, media root) of a migrated database no other test uses."""
    media = tmp_path / "media"
    media.mkdir()
    if ON_POSTGRES:
        template = request.getfixturevalue("pg_template")
        name, url = new_pg_database(request.getfixturevalue("postgres"), template)
        yield url, media
        drop_pg_database(name)
    else:
        path = tmp_path / "db.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}", media


def query(url, sql, *params):
    if url.startswith("sqlite"):
        conn = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=20)
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute(sql.replace("?", "%s"), params).fetchall()


def queue_export(url, media):
    """A national officer asks for the Excel export in another process; the job's id."""
    code = (
        "from django.db import transaction\n"
        "from accounts.models import Role, User\n"
        "from reports import jobs\n"
        "from reports.scope import Scope\n"
        "u = User.objects.create_user('tw', password='x', role=Role.NATIONAL_STAFF)\n"
        "with transaction.atomic():\n"
        "    job = jobs.export_request(by=u, scope=Scope(u, 2024, None), format='xlsx')\n"
        "print(job.pk)\n")
    return int(run_app(["manage.py", "shell", "-c", code], url, media, **QUEUE).split()[-1])


def stack(url, media, tmp_path):
    return Stack(app_env(url, media, **QUEUE), tmp_path / "logs")


def wait_for(check, what, seconds=90):
    deadline = time.monotonic() + seconds
    while not (found := check()):
        assert time.monotonic() < deadline, f"no {what} in {seconds} s"
        time.sleep(0.2)
    return found


def job_row(url, job_id):
    return query(url, "SELECT status, attempts, file, error FROM reports_exportjob WHERE id = ?", job_id)[0]


def test_a_worker_does_the_queued_export(database, tmp_path):
    url, media = database
    job = queue_export(url, media)
    assert job_row(url, job)[:2] == ("pending", 0)  # queued, nobody runs it yet
    assert query(url, "SELECT status FROM django_tasks_database_dbtaskresult") == [("READY",)]
    with stack(url, media, tmp_path) as processes:
        worker = processes.worker(name="worker")
        status, attempts, file, error = wait_for(
            lambda: (row := job_row(url, job))[0] in ("done", "failed") and row, "finished export")
        assert query(url, "SELECT COUNT(*) FROM core_worker") == [(1,)]  # the worker's heartbeat row
        code = processes.end(worker)  # SIGTERM: it finishes, says goodbye, stops
        assert (status, attempts, error) == ("done", 1, ""), processes.log("worker")
    assert code == 0 and query(url, "SELECT COUNT(*) FROM core_worker") == [(0,)]  # gone when it stops
    assert load_workbook(media / file, read_only=True).sheetnames[0] == "Tổng hợp"
    [(status, value)] = query(url, "SELECT status, return_value FROM django_tasks_database_dbtaskresult")
    assert (status, value if ON_POSTGRES else json.loads(value)) == ("SUCCESSFUL", "done")  # JSON text on SQLite


def test_a_worker_killed_mid_export_leaves_nothing_running(database, tmp_path):
    url, media = database
    with stack(url, media, tmp_path) as processes:
        first = processes.worker(["tests/reliability/_stalling_worker.py"], name="stalling")
        job = queue_export(url, media)
        wait_for(lambda: "stalled" in processes.log("stalling"), "stalled export")
        assert job_row(url, job)[:2] == ("running", 1)  # mid-job
        processes.end(first, signal.SIGKILL)  # no goodbye: as the OOM killer or a lost machine
        time.sleep(1.5)  # a heartbeat or two later, nothing has moved by itself
        assert job_row(url, job)[:2] == ("running", 1)
        assert query(url, "SELECT status FROM django_tasks_database_dbtaskresult") == [("RUNNING",)]

        processes.worker(name="second")
        status, attempts, file, error = wait_for(
            lambda: (row := job_row(url, job))[0] in ("done", "failed") and row, "finished export")
        assert (status, attempts, error) == ("done", 2, ""), processes.logs()
    assert load_workbook(media / file, read_only=True).sheetnames[0] == "Tổng hợp"
    results = query(url, "SELECT status, exception_class_path FROM django_tasks_database_dbtaskresult "
                         "ORDER BY enqueued_at")
    assert results == [("FAILED", "core.tasks.WorkerLost"), ("SUCCESSFUL", "")]
