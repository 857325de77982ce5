"""Workers of the task queue: who is alive, and what happens to a job whose worker died mid-way.

Jobs are django-tasks rows (django-tasks-db's DBTaskResult) run by ``manage.py db_worker`` processes
(core/management/commands/db_worker.py), on this machine or on others. Each worker has a ``Worker``
row it touches every TASK_HEARTBEAT_SECONDS. A worker killed by SIGKILL, the OOM killer or a lost
machine cannot say so; its job would stay RUNNING for ever. ``recover_lost`` (run by every worker when
it starts and at each heartbeat) finds RUNNING jobs whose worker is gone – its process no longer
exists on this machine, or it has not been seen for TASK_WORKER_LOST_SECONDS – and marks each FAILED
with ``WorkerLost``, by an update that must change exactly one row, so two workers recovering at
once end a job once. Then ``task_lost`` is sent: the app whose row the user sees (an export, …)
records the failure or enqueues the job again.
"""

import datetime
import logging
import os
import socket
import threading

from django.conf import settings
from django.db import DatabaseError, connection
from django.dispatch import Signal
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from core.models import Worker

log = logging.getLogger(__name__)

task_lost = Signal()  # task_result: the TaskResult of a job whose worker died; sent once per job
FORGET_WORKERS_AFTER = datetime.timedelta(days=1)


class WorkerLost(Exception):
    """The worker running the job stopped before the job ended (recorded as the job's error)."""


def host():
    return socket.gethostname()[:255]


def new_worker_id():
    """Unique across machines and restarts, at most 64 characters: host, process, random."""
    return f"{host()[:40]}-{os.getpid()}-{get_random_string(8)}"


def _process_exists(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: it exists
        return True
    return True


def register(worker_id, now=None):
    now = now or timezone.now()
    Worker.objects.update_or_create(worker_id=worker_id, defaults={
        "host": host(), "pid": os.getpid(), "started_at": now, "seen_at": now})


def beat(worker_id, now=None):
    if not Worker.objects.filter(pk=worker_id).update(seen_at=now or timezone.now()):
        register(worker_id, now)  # forgotten while this process was stalled: here again


def unregister(worker_id):
    Worker.objects.filter(pk=worker_id).delete()


def alive_workers(now=None):
    """The ids of the workers that are running: seen lately, and on this machine their process exists."""
    now = now or timezone.now()
    since = now - datetime.timedelta(seconds=settings.TASK_WORKER_LOST_SECONDS)
    here = host()
    return {w.worker_id for w in Worker.objects.filter(seen_at__gte=since)
            if w.host != here or _process_exists(w.pid)}


def recover_lost(now=None):
    """End every RUNNING job whose worker is gone; returns how many this call ended."""
    now = now or timezone.now()
    running = list(DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING))
    if not running:
        return 0
    alive = alive_workers(now)  # read after the jobs: a job's worker registered before it claimed it
    ended = 0
    for result in running:
        worker = result.worker_ids[-1] if result.worker_ids else ""
        if worker in alive:
            continue
        changed = DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED, finished_at=now, return_value=None,
            exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
            traceback=f"WorkerLost: worker {worker or '?'} stopped while running this job\n")
        if changed != 1:
            continue  # another worker recovered it first
        ended += 1
        log.warning("job %s (%s) lost with worker %s", result.pk, result.task_path, worker)
        result.refresh_from_db()
        try:
            task_lost.send(sender=Worker, task_result=result.task_result)
        except Exception:
            log.exception("after job %s was lost", result.pk)
    Worker.objects.filter(seen_at__lt=now - FORGET_WORKERS_AFTER).delete()
    return ended


def was_lost(task_result):
    """True when ``task_result`` (a TaskResult) failed because its worker died."""
    return any(e.exception_class_path.endswith(".WorkerLost") for e in task_result.errors)


class Heartbeat(threading.Thread):
    """Touches the worker's row and recovers lost jobs every TASK_HEARTBEAT_SECONDS, beside the jobs."""

    def __init__(self, worker_id):
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.stopped = threading.Event()

    def run(self):
        try:
            while not self.stopped.wait(settings.TASK_HEARTBEAT_SECONDS):
                try:
                    beat(self.worker_id)
                    recover_lost()
                except DatabaseError:  # a locked SQLite file, a restarting server: next beat
                    log.warning("heartbeat of %s failed", self.worker_id, exc_info=True)
        finally:
            connection.close()  # this thread's own connection

    def stop(self):
        self.stopped.set()
