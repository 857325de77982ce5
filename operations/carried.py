"""The finished rows /metrics counts, still counted after a prune deletes them (operations.models.CarriedCount).

The scrape's counters (exports and e-mails done and failed, the finished jobs' durations) are read from rows the
database keeps, and ``prune_exports``, ``prune_db_task_results`` or a cascade delete those rows. Each finished
row is added to its carried count by a ``post_delete`` receiver, which Django's deletion runs inside the
deletion's own transaction: a scrape (one snapshot, operations.metrics) sees either the rows or their count.
"""

import bisect

from django.db.models import F
from django.db.models.signals import post_delete

# Seconds: an e-mail, an export of a district, of a province, the country's workbook, a round's ZIP.
JOB_BUCKETS = (0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800)

EXPORTS, EMAILS, JOB_DURATIONS = "treem_exports", "treem_emails", "treem_task_duration_seconds"


def job_seconds(started_at, finished_at):
    return max((finished_at - started_at).total_seconds(), 0.0)


def bucket_of(seconds):
    """The index of the smallest bound of JOB_BUCKETS at or above ``seconds`` (len(JOB_BUCKETS): above them all)."""
    return bisect.bisect_left(JOB_BUCKETS, seconds)


def carry(metric, status, *, task="", seconds=None):
    """Add one deleted row to its series (and its seconds to the histogram's sum)."""
    from operations.models import CarriedCount

    key = {"metric": metric, "task": task, "status": status, "bucket": 0 if seconds is None else bucket_of(seconds)}
    series = CarriedCount.objects.filter(**key)
    add = {"count": F("count") + 1, "seconds": F("seconds") + (seconds or 0)}
    if not series.update(**add):  # its first row: created (or by a concurrent prune, then found), then added to
        CarriedCount.objects.get_or_create(**key)
        series.update(**add)


def counts():
    """{(metric, task, status, bucket): (count, seconds)} of every carried series (one query)."""
    from operations.models import CarriedCount

    return {(m, t, s, b): (n, sec) for m, t, s, b, n, sec in CarriedCount.objects.values_list(
        "metric", "task", "status", "bucket", "count", "seconds")}


def count_of(pruned, metric, status):
    """A plain counter's carried count in ``counts()``'s answer (0: none deleted yet)."""
    return pruned.get((metric, "", status, 0), (0, 0.0))[0]


def _export_deleted(sender, instance, **kwargs):
    if instance.status in (instance.Status.DONE, instance.Status.FAILED):
        carry(EXPORTS, instance.status)


def _mail_deleted(sender, instance, **kwargs):
    if instance.mail in (instance.Mail.SENT, instance.Mail.FAILED):
        carry(EMAILS, instance.mail)


def _job_deleted(sender, instance, **kwargs):
    from django_tasks_db.compat import TaskResultStatus

    if (instance.status in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED)
            and instance.started_at is not None and instance.finished_at is not None):
        carry(JOB_DURATIONS, instance.status.lower(), task=instance.task_path,
              seconds=job_seconds(instance.started_at, instance.finished_at))


def connect():
    from django_tasks_db.models import DBTaskResult

    from accounts.models import Notification
    from reports.models import ExportJob

    post_delete.connect(_export_deleted, sender=ExportJob, dispatch_uid="operations.carried.exports")
    post_delete.connect(_mail_deleted, sender=Notification, dispatch_uid="operations.carried.emails")
    post_delete.connect(_job_deleted, sender=DBTaskResult, dispatch_uid="operations.carried.jobs")
