"""``/metrics`` in Prometheus' text format, for the configured addresses or a bearer token only.

What it holds:
- django-prometheus (its middleware and database backends, config/settings.py): requests by view,
  method and status (``django_http_responses_total_by_status_view_method_total``), latency histograms
  (``django_http_requests_latency_seconds_by_view_method``), database queries and their duration
  (``django_db_execute_total``, ``django_db_query_duration_seconds``), errors and connections;
- logins refused, counted in the process that refused them (``treem_logins_refused_total``, by
  reason: a wrong name or password, or django-axes' lock);
- read from the database at each scrape, so that every app server and every worker on any machine
  is counted once (``AppCollector``, in one snapshot of the database): the task queue's depth and the age
  of its oldest waiting job, the workers alive, the durations of the finished jobs (a histogram by task),
  the exports done and failed, the e-mails sent and failed. These counters are the rows kept plus the
  rows a prune deleted (operations.carried), so they never go down.

Under gunicorn with several workers each process keeps its own counters: set PROMETHEUS_MULTIPROC_DIR
to a folder emptied at each start (deploy/treem-web.service: RuntimeDirectory) and the answer sums
them (prometheus_client's multiprocess mode; config/gunicorn.py removes a dead worker's files).

Access: the client's address (accounts.ratelimit.client_ip: the proxy's X-Forwarded-For entry, as for
the login limit) in METRICS_ALLOWED_IPS (addresses or networks; default this machine only), or the
header ``Authorization: Bearer <METRICS_TOKEN>``. Anyone else: 403 and nothing.
"""

import contextlib
import hmac
import ipaddress
import itertools
import os

import prometheus_client
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db import connection, transaction
from django.db.models import Count
from django.dispatch import receiver
from django.http import HttpResponse, HttpResponseNotAllowed
from django.utils import timezone
from prometheus_client import Counter, multiprocess
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily
from prometheus_client.utils import floatToGoString

from accounts.ratelimit import client_ip
from operations import carried

LOGINS_REFUSED = Counter("treem_logins_refused", "Logins refused: a wrong name or password, or a locked-out name "
                         "or address (django-axes)", ["reason"])


@receiver(user_login_failed)
def _count_refused_login(sender, credentials, request=None, **kwargs):
    # django-axes' own receiver ran first: the failure that reaches the limit, and every one after, is a lock
    locked = bool(getattr(request, "axes_locked_out", False))
    LOGINS_REFUSED.labels("locked_out" if locked else "bad_credentials").inc()


@contextlib.contextmanager
def one_snapshot():
    """Every statement of the block reads the same state of the database: a prune committing between two of
    them would otherwise show its rows twice (kept, then carried) or not at all, and a counter would seem to
    reset. PostgreSQL: a REPEATABLE READ transaction. SQLite: a deferred one, whose reads all see the state of
    the first (WAL); not this project's IMMEDIATE transactions, which would make a scrape wait for a writer."""
    if connection.in_atomic_block:  # already in one transaction (a test's)
        yield
    elif connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield
    else:
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("COMMIT")


class AppCollector:
    """The figures every process shares, read from the database at each scrape (a few aggregates)."""

    def collect(self):
        with one_snapshot():
            return list(self.families())

    def families(self):
        from django_tasks_db.compat import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        from accounts.models import Notification
        from core import tasks
        from operations.health import oldest_waiting_age
        from reports.models import ExportJob

        now = timezone.now()
        depth = GaugeMetricFamily("treem_task_queue_jobs", "Jobs in the task queue by status", labels=["status"])
        by_status = dict(DBTaskResult.objects.values_list("status").annotate(n=Count("pk")).order_by())
        for status in TaskResultStatus.values:
            depth.add_metric([status.lower()], by_status.get(status, 0))
        yield depth
        waiting = oldest_waiting_age(now)
        yield GaugeMetricFamily("treem_task_oldest_waiting_seconds",
                                "How long the job waiting longest to run has waited (0: none waits)",
                                value=waiting.total_seconds() if waiting else 0)
        yield GaugeMetricFamily("treem_task_workers_alive", "db_worker processes whose heartbeat is recent",
                                value=len(tasks.alive_workers(now)))
        pruned = carried.counts()
        yield self.job_durations(DBTaskResult, TaskResultStatus, pruned)

        exports = CounterMetricFamily(carried.EXPORTS, "Exports finished, by outcome", labels=["status"])
        done = dict(ExportJob.objects.filter(status__in=[ExportJob.Status.DONE, ExportJob.Status.FAILED])
                    .values_list("status").annotate(n=Count("pk")).order_by())
        for status in (ExportJob.Status.DONE, ExportJob.Status.FAILED):
            exports.add_metric([status.value], done.get(status, 0) + carried.count_of(pruned, carried.EXPORTS, status))
        yield exports

        mails = CounterMetricFamily(carried.EMAILS, "Notification e-mails sent, and given up after every retry",
                                    labels=["status"])
        sent = dict(Notification.objects.filter(mail__in=[Notification.Mail.SENT, Notification.Mail.FAILED])
                    .values_list("mail").annotate(n=Count("pk")).order_by())
        for status in (Notification.Mail.SENT, Notification.Mail.FAILED):
            mails.add_metric([status.value], sent.get(status, 0) + carried.count_of(pruned, carried.EMAILS, status))
        yield mails
        yield GaugeMetricFamily("treem_emails_waiting", "Notification e-mails waiting to be sent or retried",
                                value=Notification.objects.filter(mail=Notification.Mail.PENDING).count())

    def job_durations(self, DBTaskResult, TaskResultStatus, pruned):
        """A histogram per task and outcome of the finished jobs: those the queue's table keeps (one query) and
        those pruned from it (``pruned``: operations.carried)."""
        family = HistogramMetricFamily(carried.JOB_DURATIONS,
                                       "Run time of finished jobs (started to finished), by task and outcome",
                                       labels=["task", "status"])
        runs = {}  # (task, status) -> [jobs in each bucket of JOB_BUCKETS and above them], their seconds
        for task, status, started, finished in DBTaskResult.objects.filter(
                status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
                started_at__isnull=False, finished_at__isnull=False,
        ).values_list("task_path", "status", "started_at", "finished_at").iterator():
            seconds = carried.job_seconds(started, finished)
            _add(runs, (task, status.lower()), carried.bucket_of(seconds), 1, seconds)
        for (metric, task, status, bucket), (count, seconds) in pruned.items():
            if metric == carried.JOB_DURATIONS:
                _add(runs, (task, status), bucket, count, seconds)
        for (task, status), (per_bucket, seconds) in sorted(runs.items()):
            cumulative = list(itertools.accumulate(per_bucket))
            buckets = [(floatToGoString(b), n) for b, n in zip(carried.JOB_BUCKETS, cumulative)]
            buckets.append(("+Inf", cumulative[-1]))
            family.add_metric([task, status], buckets, seconds)
        return family


def _add(runs, series, bucket, count, seconds):
    per_bucket, total = runs.get(series) or ([0] * (len(carried.JOB_BUCKETS) + 1), 0.0)
    per_bucket[bucket] += count
    runs[series] = (per_bucket, total + seconds)


APP_REGISTRY = prometheus_client.CollectorRegistry(auto_describe=False)
APP_REGISTRY.register(AppCollector())


def allowed(request) -> bool:
    token = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    if token and given.startswith("Bearer ") and hmac.compare_digest(given[7:].strip(), token):
        return True
    try:
        address = ipaddress.ip_address(client_ip(request) or "")
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(net, strict=False) for net in settings.METRICS_ALLOWED_IPS)


def metrics(request):
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    if not allowed(request):
        return HttpResponse("forbidden\n", status=403, content_type="text/plain")
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = prometheus_client.CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = prometheus_client.REGISTRY
    body = prometheus_client.generate_latest(registry) + prometheus_client.generate_latest(APP_REGISTRY)
    response = HttpResponse(body, content_type=prometheus_client.CONTENT_TYPE_LATEST)
    response["Cache-Control"] = "no-store"
    return response
