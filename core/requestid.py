"""A request id on every log line of a request, and of the task that request queued.

``RequestId`` (middleware, first in the list) takes the proxy's ``X-Request-ID`` when it is a sane token,
else makes one, keeps it in a context variable for the request and sends it back in ``X-Request-ID``; an
error reported to Sentry during the request is tagged with it (``request_id``; a failed task: core/sentry_tasks.py).
``RequestIdFilter`` puts it on every log record (``%(request_id)s``; "-" outside a request or task).
When a request queues a task, the id is recorded with the task's id (``TaskOrigin``); the worker
(django-tasks' ``task_started``) takes it back before running the job, so the job's lines carry the id
of the request that asked for it; ``task_finished`` drops it. With tasks run inside the request (the
tests' immediate backend) the id is simply still set.
"""

import contextvars
import logging
import re
import uuid

import sentry_sdk
from django_tasks.signals import task_enqueued, task_finished, task_started

NONE = "-"
current = contextvars.ContextVar("request_id", default=NONE)
SANE = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
log = logging.getLogger(__name__)


def get():
    return current.get()


class RequestId:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        rid = given if SANE.match(given) else uuid.uuid4().hex
        token = current.set(rid)
        request.request_id = rid
        sentry_sdk.get_isolation_scope().set_tag("request_id", rid)  # the request's own scope (Django integration)
        try:
            response = self.get_response(request)
        finally:
            current.reset(token)
        response["X-Request-ID"] = rid
        return response


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        rid = current.get()
        if rid == NONE:
            # Django logs a 4xx answer ("Not Found: /…", django.request) once the middleware has returned: the
            # record names the request, which kept its id
            rid = getattr(getattr(record, "request", None), "request_id", NONE)
        record.request_id = rid
        return True


def _enqueued(sender, task_result, **kwargs):
    rid = current.get()
    if rid == NONE or getattr(sender, "__name__", "") == "ImmediateBackend":
        return
    from core.models import TaskOrigin

    try:
        TaskOrigin.objects.update_or_create(task_id=str(task_result.id), defaults={"request_id": rid})
    except Exception:  # a log's convenience never fails the request that queued the task
        log.warning("request id of task %s not recorded", task_result.id, exc_info=True)


def _started(sender, task_result, **kwargs):
    if getattr(sender, "__name__", "") == "ImmediateBackend":
        return
    from core.models import TaskOrigin

    rid = TaskOrigin.objects.filter(task_id=str(task_result.id)).values_list("request_id", flat=True).first()
    current.set(rid or f"task-{task_result.id}")


def _finished(sender, task_result, **kwargs):
    if getattr(sender, "__name__", "") == "ImmediateBackend":
        return
    from core.models import TaskOrigin

    TaskOrigin.objects.filter(task_id=str(task_result.id)).delete()
    current.set(NONE)


def connect():
    from django_tasks import signals

    task_enqueued.connect(_enqueued, dispatch_uid="core.requestid.enqueued")
    # before django-tasks' own "Task … state=RUNNING" line, so that it carries the id too
    task_started.disconnect(signals.log_task_started)
    task_started.connect(_started, dispatch_uid="core.requestid.started")
    task_started.connect(signals.log_task_started)
    task_finished.connect(_finished, dispatch_uid="core.requestid.finished")
