"""Exports off the request: a job row, a task a worker runs, a status page.

``export_request`` records what the user asked for (the filter, the format, the document's number
and signer) and enqueues ``run_export`` once the row is committed (django-tasks; ``manage.py
db_worker`` runs it, in another process or on another machine). ``export_run`` rebuilds the scope
for the job's user (so the file holds exactly what that user may see), writes the file through the
default storage and reports progress in the row: PENDING (queued), RUNNING, DONE or FAILED. A worker
killed mid-way leaves its job to the next worker that starts or beats (core.tasks.recover_lost):
``job_lost`` queues the export again once, then records it as failed; it never stays RUNNING.

One user cannot starve the others: ``export_create`` (every export row is made there) refuses a
request while the user has MAX_UNFINISHED exports waiting or running, and ``enqueue`` gives each job
the priority of its rank among its user's unfinished jobs (0 for the first, -1 for the second, …),
so the worker, which takes the highest priority first and then the oldest, serves the users in turn.
"""

import datetime
import logging
import tempfile
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import default_task_backend, task
from django_tasks.exceptions import TaskResultDoesNotExist

from accounts.notifications import notify
from communes.models import Unit
from core import tasks as queue
from reports import bundles, exports
from reports.models import ExportJob
from reports.scope import Scope

log = logging.getLogger(__name__)
J = ExportJob.Status
MAX_ATTEMPTS = 2  # a run lost with its worker is tried once more
MAX_UNFINISHED = 3  # exports one user may have waiting or running


class TooManyExports(ValidationError):
    """The user already has MAX_UNFINISHED exports waiting or running; ``waiting`` is the oldest."""

    def __init__(self, waiting):
        self.waiting = waiting
        super().__init__(_("Bạn đang có %(n)s tệp xuất đang chờ hoặc đang tạo: hãy đợi một tệp xong rồi yêu cầu "
                           "tiếp (để việc của người khác không phải chờ).") % {"n": MAX_UNFINISHED})


def export_request(*, by, scope, format, number="", signer_name="", signer_title=""):
    """Record an export of ``scope`` for ``by`` and queue it once the row is committed."""
    area = str(scope.unit) if scope.unit is not None else _("Toàn quốc")
    title = (_("Báo cáo năm %(y)s - %(a)s") if format == ExportJob.Format.PDF
             else _("Tổng hợp năm %(y)s - %(a)s")) % {"y": scope.year, "a": area}
    return export_create(by=by, format=format, title=title, params={
        "year": scope.year, "unit": scope.unit.pk if scope.unit is not None else None,
        "number": number.strip(), "signer_name": signer_name.strip(), "signer_title": signer_title.strip()})


@transaction.atomic
def export_create(*, by, format, title, params) -> ExportJob:
    """Record an export for ``by`` and queue it once the row is committed; TooManyExports (nothing
    recorded) while the user has MAX_UNFINISHED unfinished. The user's row is locked, so requests sent
    at the same instant are counted one after the other."""
    get_user_model().objects.select_for_update().only("pk").get(pk=by.pk)
    unfinished = list(_unfinished(by.pk)[:MAX_UNFINISHED])
    if len(unfinished) >= MAX_UNFINISHED:
        raise TooManyExports(unfinished[0])
    job = ExportJob.objects.create(user=by, format=format, title=title, params=params)
    transaction.on_commit(lambda: enqueue(job.pk))
    return job


def _unfinished(user_id):
    return ExportJob.objects.filter(user_id=user_id, status__in=[J.PENDING, J.RUNNING]).order_by("pk")


def enqueue(job_id):
    """Queue the job's task, its priority its rank among its user's unfinished jobs (round robin by
    user), and remember its result's id (the immediate backend of tests runs it here)."""
    job = ExportJob.objects.only("user_id").get(pk=job_id)
    rank = _unfinished(job.user_id).filter(pk__lt=job_id).count()
    result = run_export.using(priority=-rank).enqueue(job_id)  # rank < MAX_UNFINISHED
    ExportJob.objects.filter(pk=job_id).update(task_id=str(result.id))


@task()
def run_export(job_id):
    """The task: write the job's file (a second run of a finished job does nothing)."""
    export_run(job_id)
    return ExportJob.objects.values_list("status", flat=True).get(pk=job_id)


def _lost():
    return _("Máy chạy việc nền đã dừng giữa chừng.")


def job_lost(sender, task_result, **_kw):
    """core.tasks.task_lost: the worker running ``run_export`` died; queue it again or record the failure."""
    if task_result.task.module_path != run_export.module_path:
        return
    job_id = task_result.args[0]
    unfinished = ExportJob.objects.filter(pk=job_id, status__in=[J.PENDING, J.RUNNING])
    if unfinished.filter(attempts__lt=MAX_ATTEMPTS).update(status=J.PENDING, progress=0,
                                                           updated_at=timezone.now()):
        log.warning("export %s lost with its worker: queued again", job_id)
        enqueue(job_id)
    else:
        unfinished.update(status=J.FAILED, error=_lost(), updated_at=timezone.now())


def settle(job):
    """The job as its task ended: a task that ended while the row says otherwise (it failed outside
    ``export_run``) makes the row FAILED. The row is the user's answer; the task's result backs it."""
    if job.finished or not job.task_id:
        return job
    try:
        result = default_task_backend.get_result(job.task_id)
    except (NotImplementedError, TaskResultDoesNotExist):  # the immediate backend keeps no results
        return job
    if result.is_finished:
        error = _lost() if queue.was_lost(result) else _("Việc tạo tệp dừng vì lỗi.")
        ExportJob.objects.filter(pk=job.pk, status__in=[J.PENDING, J.RUNNING], task_id=job.task_id).update(
            status=J.FAILED, error=error, updated_at=timezone.now())
        job.refresh_from_db()
    return job


def _progress(job_id):
    last = {"percent": -1}

    def report(done, total):
        percent = min(99, int(done * 100 / total)) if total else 99
        if percent != last["percent"]:
            ExportJob.objects.filter(pk=job_id).update(progress=percent, updated_at=timezone.now())
            last["percent"] = percent

    return report


def export_run(job_id):
    """Write the job's file; the row ends DONE with the file, or FAILED with a message."""
    updated = ExportJob.objects.filter(pk=job_id, status=J.PENDING).update(
        status=J.RUNNING, attempts=F("attempts") + 1, updated_at=timezone.now())
    if updated != 1:
        return None  # already taken by another run, or finished
    job = ExportJob.objects.select_related("user__unit").get(pk=job_id)
    try:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"{job.token}.{job.format}"
            if job.format == ExportJob.Format.ZIP:
                bundles.write_zip(job.user, job.params["round"], path, progress=_progress(job.pk))
            else:
                _write_report(job, path)
            with path.open("rb") as f:  # through the storage API: a shared volume or object storage
                name = default_storage.save(f"exports/{job.token}.{job.format}", File(f))
    except Exception as e:  # the user sees that it failed; the log keeps the details
        log.exception("export %s failed", job_id)
        ExportJob.objects.filter(pk=job_id).update(status=J.FAILED, error=str(e)[:2000], updated_at=timezone.now())
        return None
    ExportJob.objects.filter(pk=job_id).update(status=J.DONE, progress=100, file=name, updated_at=timezone.now())
    _tell_ready(job)
    return name


def _tell_ready(job):
    """The requester is told (in the app, and by e-mail) that the file is ready; once per job."""
    notify([job.user], f"export:{job.pk}", _("Tệp “%(t)s” đã sẵn sàng") % {"t": job.title},
           _("Tệp %(f)s bạn yêu cầu lúc %(at)s đã tạo xong. Tệp được giữ 7 ngày.")
           % {"f": job.get_format_display(), "at": timezone.localtime(job.created_at).strftime("%H:%M %d/%m/%Y")},
           url=reverse("reports:export_status", args=[job.token]))


def _write_report(job, path):
    unit = Unit.objects.visible_to(job.user).get(pk=job.params["unit"]) if job.params.get("unit") else None
    scope = Scope(job.user, job.params["year"], unit)
    if job.format == ExportJob.Format.XLSX:
        exports.write_workbook(scope, path, progress=_progress(job.pk))
    else:
        exports.write_pdf(scope, path, params=job.params)


def jobs_for(user, limit=10):
    return ExportJob.objects.filter(user=user)[:limit]


def prune(older_than=datetime.timedelta(days=7), now=None):
    """Delete old export files and their rows; returns how many."""
    now = now or timezone.now()
    old = list(ExportJob.objects.filter(created_at__lt=now - older_than))
    for job in old:
        if job.file:
            job.file.delete(save=False)
    ExportJob.objects.filter(pk__in=[j.pk for j in old]).delete()
    return len(old)
