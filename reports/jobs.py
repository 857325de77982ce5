"""Exports off the request: a job row, a background thread that writes the file, a status page.

``export_request`` records what the user asked for (the filter, the format, the document's number
and signer) and starts the job on commit; ``export_run`` rebuilds the scope for the job's user (so
the file holds exactly what that user may see), writes the file under MEDIA_ROOT/exports and
reports progress in the row. A job whose row has not moved for STALE_AFTER is shown as interrupted
(the worker process was restarted) and can be asked for again.
"""

import datetime
import logging
import threading
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communes.models import Unit
from reports import exports
from reports.models import ExportJob
from reports.scope import Scope

log = logging.getLogger(__name__)
STALE_AFTER = datetime.timedelta(minutes=15)
J = ExportJob.Status


def export_request(*, by, scope, format, number="", signer_name="", signer_title=""):
    """Record an export of ``scope`` for ``by`` and start it once the row is committed."""
    area = str(scope.unit) if scope.unit is not None else _("Toàn quốc")
    title = (_("Báo cáo năm %(y)s - %(a)s") if format == ExportJob.Format.PDF
             else _("Tổng hợp năm %(y)s - %(a)s")) % {"y": scope.year, "a": area}
    job = ExportJob.objects.create(
        user=by, format=format, title=title,
        params={"year": scope.year, "unit": scope.unit.pk if scope.unit is not None else None,
                "number": number.strip(), "signer_name": signer_name.strip(), "signer_title": signer_title.strip()})
    transaction.on_commit(lambda: start(job.pk))
    return job


def start(job_id):
    """Run the job in a daemon thread (the request returns at once)."""
    threading.Thread(target=_run_in_thread, args=(job_id,), name=f"export-{job_id}", daemon=True).start()


def _run_in_thread(job_id):
    close_old_connections()
    try:
        export_run(job_id)
    finally:
        connection.close()  # the thread's own connection


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
    updated = ExportJob.objects.filter(pk=job_id, status=J.PENDING).update(status=J.RUNNING,
                                                                           updated_at=timezone.now())
    if updated != 1:
        return None  # already taken by another run
    job = ExportJob.objects.select_related("user__unit").get(pk=job_id)
    try:
        unit = (Unit.objects.visible_to(job.user).get(pk=job.params["unit"])
                if job.params.get("unit") else None)
        scope = Scope(job.user, job.params["year"], unit)
        folder = Path(settings.MEDIA_ROOT) / "exports"
        folder.mkdir(parents=True, exist_ok=True)
        name = f"exports/{job.token}.{job.format}"
        path = Path(settings.MEDIA_ROOT) / name
        if job.format == ExportJob.Format.XLSX:
            exports.write_workbook(scope, path, progress=_progress(job.pk))
        else:
            exports.write_pdf(scope, path, params=job.params)
    except Exception as e:  # the user sees that it failed; the log keeps the details
        log.exception("export %s failed", job_id)
        ExportJob.objects.filter(pk=job_id).update(status=J.FAILED, error=str(e)[:2000], updated_at=timezone.now())
        return None
    ExportJob.objects.filter(pk=job_id).update(status=J.DONE, progress=100, file=name, updated_at=timezone.now())
    return path


def is_stale(job, now=None):
    now = now or timezone.now()
    return not job.finished and now - job.updated_at > STALE_AFTER


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
