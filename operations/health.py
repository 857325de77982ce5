"""The health URL for load balancers and monitoring (django-health-check's view and checks).

``health/`` runs every check: the database, the cache (Redis when CACHE_URL is set), MEDIA_ROOT
writable, every migration applied, and the task queue (the oldest waiting job younger than
TASK_QUEUE_MAX_WAIT_SECONDS, a worker whose heartbeat is within TASK_WORKER_LOST_SECONDS).
``health/web/`` runs only what an app server needs to serve pages (no task queue), for a load balancer
that must not take every app server out of service because the workers stopped.

Anyone may ask, without signing in: the answer is ``ok`` (200) or ``fail`` (503) and nothing else.
An administrator (``operations.see_health_detail``) gets every check's result and the version, as JSON.
The checks run at once (asyncio); the migrations check reads the migration files only until it has
once found everything applied in this process.
"""

import dataclasses
import datetime

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from health_check.base import HealthCheck
from health_check.checks import Cache, Database, Storage
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

from config.version import VERSION

DB_TASKS_BACKEND = "django_tasks_db.DatabaseBackend"
_migrated = set()  # database aliases found fully migrated by this process (code does not change under it)


def uses_task_database():
    return settings.TASKS["default"]["BACKEND"].endswith(DB_TASKS_BACKEND)


@dataclasses.dataclass
class MigrationsApplied(HealthCheck):
    """Every migration of the code is applied: new code on an old schema answers 500s, say so first."""

    alias: str = DEFAULT_DB_ALIAS

    def check(self):
        if self.alias in _migrated:
            return
        loader = MigrationExecutor(connections[self.alias]).loader
        # every migration of the code, not only the plan to the leaves: a hole below an applied one counts
        missing = sorted(set(loader.graph.nodes) - set(loader.applied_migrations))
        if missing:
            names = ", ".join(f"{app}.{name}" for app, name in missing[:5])
            raise ServiceUnavailable(f"{len(missing)} migration(s) not applied: {names}")
        _migrated.add(self.alias)

    async def run(self):
        # in the request's own thread: its connection, no connection left open in a pool thread
        await sync_to_async(self.check, thread_sensitive=True)()


@dataclasses.dataclass
class TaskQueue(HealthCheck):
    """Jobs are taken: the oldest job waiting to run is younger than TASK_QUEUE_MAX_WAIT_SECONDS and at
    least one worker's heartbeat is within TASK_WORKER_LOST_SECONDS (core.tasks.alive_workers)."""

    def check(self):
        if not uses_task_database():
            return  # tasks run inside the request (tests) or elsewhere: no queue here to watch
        from core import tasks  # the workers' registry and heartbeat

        now = timezone.now()
        if not tasks.alive_workers(now):
            raise ServiceUnavailable(
                f"no worker seen in the last {settings.TASK_WORKER_LOST_SECONDS} s (manage.py db_worker)")
        age = oldest_waiting_age(now)
        if age is not None and age > datetime.timedelta(seconds=settings.TASK_QUEUE_MAX_WAIT_SECONDS):
            raise ServiceUnavailable(f"the oldest waiting job has waited {int(age.total_seconds())} s "
                                     f"(more than {settings.TASK_QUEUE_MAX_WAIT_SECONDS} s)")

    async def run(self):
        await sync_to_async(self.check, thread_sensitive=True)()


def oldest_waiting_age(now=None):
    """How long the job that has waited longest to run has waited (None: no job waits).

    A job waits from when it may run: its ``run_after`` (a retry deferred by minutes is not late
    before then), else when it was queued."""
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = now or timezone.now()
    ready = DBTaskResult.objects.ready()
    queued = ready.filter(run_after=get_date_max()).order_by("enqueued_at").values_list("enqueued_at", flat=True)
    deferred = ready.exclude(run_after=get_date_max()).order_by("run_after").values_list("run_after", flat=True)
    since = [t for t in (queued.first(), deferred.first()) if t is not None]
    return now - min(since) if since else None


WEB_CHECKS = (Database, Cache, Storage, MigrationsApplied)
ALL_CHECKS = (*WEB_CHECKS, TaskQueue)


class Health(HealthCheckView):
    checks = ALL_CHECKS

    async def get(self, request, *args, **kwargs):
        import asyncio

        with self.get_executor() as executor:
            self.results = await asyncio.gather(*(check.get_result(executor) for check in self.get_checks()))
        healthy = not any(result.error for result in self.results)
        status = 200 if healthy else 503
        user = await request.auser()
        if await sync_to_async(user.has_perm)("operations.see_health_detail"):
            return JsonResponse({
                "status": "ok" if healthy else "fail", "version": VERSION,
                "checks": {type(r.check).__name__: {"ok": not r.error, "message": str(r.error) if r.error else "OK",
                                                    "seconds": round(r.time_taken, 4)}
                           for r in self.results},
            }, status=status, json_dumps_params={"ensure_ascii": False, "indent": 2})
        return HttpResponse("ok\n" if healthy else "fail\n", status=status, content_type="text/plain; charset=utf-8")

    async def dispatch(self, request, *args, **kwargs):
        response = await super().dispatch(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response


class WebHealth(Health):
    checks = WEB_CHECKS
