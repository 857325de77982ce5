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
import subprocess
import sys
import time

import pytest
from openpyxl import load_workbook

from tests.reliability.conftest import ROOT, app_env, drop_pg_database, new_pg_database, run_app

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


def start(args, url, media, log):
    return subprocess.Popen([sys.executable, *args], cwd=ROOT, env=app_env(url, media, **QUEUE),
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


WORKER = ["manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2"]


def wait_for(check, what, seconds=90):
    deadline = time.monotonic() + seconds
    while not (found := check()):
        assert time.monotonic() < deadline, f"no {what} in {seconds} s"
        time.sleep(0.2)
    return found


def job_row(url, job_id):
    return query(url, "SELECT status, attempts, file, error FROM reports_exportjob WHERE id = ?", job_id)[0]


def stop(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)  # the worker finishes its job, then stops
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
    return proc.returncode


def test_a_worker_does_the_queued_export(database, tmp_path):
    url, media = database
    job = queue_export(url, media)
    assert job_row(url, job)[:2] == ("pending", 0)  # queued, nobody runs it yet
    assert query(url, "SELECT status FROM django_tasks_database_dbtaskresult") == [("READY",)]
    with open(tmp_path / "worker.log", "w") as log:
        worker = start(WORKER, url, media, log)
        try:
            status, attempts, file, error = wait_for(
                lambda: (row := job_row(url, job))[0] in ("done", "failed") and row, "finished export")
            assert query(url, "SELECT COUNT(*) FROM core_worker") == [(1,)]  # the worker's heartbeat row
        finally:
            code = stop(worker)
    assert (status, attempts, error) == ("done", 1, ""), (tmp_path / "worker.log").read_text()
    assert code == 0 and query(url, "SELECT COUNT(*) FROM core_worker") == [(0,)]  # gone when it stops
    assert load_workbook(media / file, read_only=True).sheetnames[0] == "Tổng hợp"
    [(status, value)] = query(url, "SELECT status, return_value FROM django_tasks_database_dbtaskresult")
    assert (status, value if ON_POSTGRES else json.loads(value)) == ("SUCCESSFUL", "done")  # JSON text on SQLite


def test_a_worker_killed_mid_export_leaves_nothing_running(database, tmp_path):
    url, media = database
    log = open(tmp_path / "workers.log", "w")
    first = start(["tests/reliability/_stalling_worker.py"], url, media, log)
    try:
        job = queue_export(url, media)
        wait_for(lambda: "stalled" in (tmp_path / "workers.log").read_text(), "stalled export")
        assert job_row(url, job)[:2] == ("running", 1)  # mid-job
    finally:
        first.send_signal(signal.SIGKILL)  # no goodbye: as the OOM killer or a lost machine
        first.wait(timeout=10)
    time.sleep(1.5)  # a heartbeat or two later, nothing has moved by itself
    assert job_row(url, job)[:2] == ("running", 1)
    assert query(url, "SELECT status FROM django_tasks_database_dbtaskresult") == [("RUNNING",)]

    second = start(WORKER, url, media, log)
    try:
        status, attempts, file, error = wait_for(
            lambda: (row := job_row(url, job))[0] in ("done", "failed") and row, "finished export")
    finally:
        stop(second)
        log.close()
    assert (status, attempts, error) == ("done", 2, ""), (tmp_path / "workers.log").read_text()
    assert load_workbook(media / file, read_only=True).sheetnames[0] == "Tổng hợp"
    results = query(url, "SELECT status, exception_class_path FROM django_tasks_database_dbtaskresult "
                         "ORDER BY enqueued_at")
    assert results == [("FAILED", "core.tasks.WorkerLost"), ("SUCCESSFUL", "")]
