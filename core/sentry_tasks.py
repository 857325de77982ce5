"""Failed background tasks reported to Sentry as events of their own, tagged with the task and the request
that queued it.

sentry-sdk has no integration for the django-tasks package: its Django integration patches Django 6's
``django.tasks`` only, which Django 5.2 does not have. So the report is made where a task runs. Both
runners, ``manage.py db_worker`` (django-tasks-db's ``Worker.run_task``, extended in
core/management/commands/db_worker.py) and the immediate backend the tests use, send django-tasks'
``task_finished`` from inside the ``except`` block that caught the task's exception: ``_finished`` here
sends that exception (``sys.exc_info()``) to Sentry, marked unhandled (mechanism ``django_tasks``),
tagged with:

- ``task``: the task's path (``reports.jobs.run_export``), also the event's transaction;
- ``task_id``: the job's id in the queue (django_tasks_database_dbtaskresult.id);
- ``request_id``: the id of the request that queued it (core/requestid.py; ``task-<id>`` when no request did).

In the worker each job runs in an isolation scope of its own (``job_scope``) that carries these tags from
the job's start, so anything else reported while it runs (an export's logged error) carries them too, and
nothing of one job stays on the next.

The event goes through ``before_send`` like every other (core.privacy.scrub_event): no frame's variables
(so none of the task's arguments), file names and quoted values hidden in the error's text. django-tasks'
own error line ("Task id=… state=FAILED", logger ``django_tasks``) still goes to the log and to ADMINS, but
not to Sentry as a second event (config/settings.py: ``ignore_logger``).
"""

import contextlib
import logging
import sys

import sentry_sdk
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished, task_started
from sentry_sdk.utils import event_from_exception

from core import requestid

MECHANISM = "django_tasks"
log = logging.getLogger(__name__)


def _immediate(sender) -> bool:
    return getattr(sender, "__name__", "") == "ImmediateBackend"


def _tag(scope, *, task, task_id, request_id=None):
    scope.set_tag("task", task)
    scope.set_tag("task_id", task_id)
    scope.set_transaction_name(task)
    if request_id is not None:
        scope.set_tag("request_id", request_id)


@contextlib.contextmanager
def job_scope(*, task: str, task_id: str):
    """The scope of one job run by the worker: everything reported while it runs names the task."""
    with sentry_sdk.isolation_scope() as scope:
        _tag(scope, task=task, task_id=task_id)
        yield scope


def _started(sender, task_result, **kwargs):
    # after core.requestid's own receiver: the request id is the one of the request that queued the job
    if not _immediate(sender):  # inside a request the scope is the request's: _finished tags its own
        sentry_sdk.get_isolation_scope().set_tag("request_id", requestid.get())


def _finished(sender, task_result, **kwargs):
    if task_result.status != TaskResultStatus.FAILED:
        return
    exc_info = sys.exc_info()  # the runner's except block is handling the task's exception
    if not isinstance(exc_info[1], Exception):  # none, or the worker being stopped (SystemExit)
        return
    client = sentry_sdk.get_client()
    if not client.is_active():
        return
    try:
        with sentry_sdk.new_scope() as scope:
            if _immediate(sender):  # the worker's job_scope and _started tagged it already
                _tag(scope, task=task_result.task.module_path, task_id=str(task_result.id),
                     request_id=requestid.get())
            event, hint = event_from_exception(exc_info, client_options=client.options,
                                               mechanism={"type": MECHANISM, "handled": False})
            sentry_sdk.capture_event(event, hint=hint)
    except Exception:  # the report never stops the worker (the failure is in the log all the same)
        log.warning("failed task %s not reported to Sentry", task_result.id, exc_info=True)


def connect():
    """After core.requestid.connect(): the request id is known when _started runs."""
    task_started.connect(_started, dispatch_uid="core.sentry_tasks.started")
    task_finished.connect(_finished, dispatch_uid="core.sentry_tasks.finished")
