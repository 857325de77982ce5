"""A worker that dies mid-export (core.tasks.recover_lost, reports.jobs.job_lost and settle), in one
process on the test database with the database backend; the same with real worker processes is
tests/reliability/test_task_queue.py."""

import datetime
import os

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core import tasks
from core.models import Worker
from reports import jobs
from reports.models import ExportJob


@pytest.fixture(autouse=True)
def _database_queue(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MEDIA_ROOT = tmp_path


def running(cast, world, worker_id, attempts):
    """An export a worker took (its task RUNNING under ``worker_id``), after ``attempts`` runs."""
    job = ExportJob.objects.create(user=cast.provincial, format="xlsx", title="Tổng hợp",
                                   params={"year": 2024, "unit": world.nt.pk}, status="running", attempts=attempts)
    jobs.enqueue(job.pk)
    job.refresh_from_db()
    result = DBTaskResult.objects.get(pk=job.task_id)
    result.claim(worker_id)
    return job, result


def test_a_lost_run_is_queued_again_then_failed(world, cast):
    job, result = running(cast, world, "gone-1", attempts=1)
    assert tasks.recover_lost() == 1 and tasks.recover_lost() == 0  # ended once
    result.refresh_from_db()
    assert (result.status, result.exception_class_path) == ("FAILED", "core.tasks.WorkerLost")
    job.refresh_from_db()
    assert job.status == "pending" and job.task_id != str(result.pk)  # queued again, a new task
    again = DBTaskResult.objects.get(pk=job.task_id)
    assert again.status == "READY" and again.args_kwargs["args"] == [job.pk]
    again.claim("gone-2")
    ExportJob.objects.filter(pk=job.pk).update(status="running", attempts=2)
    assert tasks.recover_lost() == 1
    job.refresh_from_db()
    assert (job.status, job.error) == ("failed", "Máy chạy việc nền đã dừng giữa chừng.")  # two runs lost: no third
    assert not DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists()


def test_a_live_worker_keeps_its_job(world, cast):
    now = timezone.now()
    Worker.objects.create(worker_id="here", host=tasks.host(), pid=os.getpid(), started_at=now, seen_at=now)
    Worker.objects.create(worker_id="elsewhere", host="other-machine", pid=1, started_at=now, seen_at=now)
    job, _ = running(cast, world, "here", attempts=1)
    assert tasks.recover_lost() == 0
    job2, _ = running(cast, world, "elsewhere", attempts=1)
    assert tasks.recover_lost() == 0  # another machine's worker, seen lately: alive
    later = now + datetime.timedelta(seconds=61)  # TASK_WORKER_LOST_SECONDS after its last beat
    Worker.objects.filter(pk="here").update(seen_at=later)
    assert tasks.recover_lost(now=later) == 1
    assert ExportJob.objects.get(pk=job2.pk).status == "pending"  # the silent machine's job, queued again
    assert ExportJob.objects.get(pk=job.pk).status == "running"


def test_a_process_gone_on_this_machine_is_lost_at_once(world, cast):
    now = timezone.now()
    Worker.objects.create(worker_id="dead", host=tasks.host(), pid=2 ** 22 + 7, started_at=now, seen_at=now)
    running(cast, world, "dead", attempts=2)
    assert tasks.recover_lost() == 1
    assert ExportJob.objects.get().status == "failed"


def test_the_status_page_reads_a_task_that_ended_without_the_row(client, world, cast):
    job, result = running(cast, world, "w", attempts=1)
    result.set_failed(RuntimeError("database went away"))  # failed outside export_run's own handling
    client.force_login(cast.provincial)
    html = client.get(reverse("reports:export_status", args=[job.token])).content.decode()
    assert "Không tạo được tệp" in html and "refresh" not in html
    job.refresh_from_db()
    assert (job.status, job.error) == ("failed", "Việc tạo tệp dừng vì lỗi.")
