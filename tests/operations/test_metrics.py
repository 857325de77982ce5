"""/metrics (operations/metrics.py): Prometheus' text format, for the configured addresses or a token.

Every figure is produced for real: requests through the middleware, queries through the database
wrapper, logins refused through the login form and django-axes, and the queue, export and e-mail
rows the scrape reads.
"""

import datetime
import io
import threading
import time

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max
from prometheus_client.parser import text_string_to_metric_families

from accounts.models import Notification
from core import tasks
from reports.models import ExportJob

URL = "/metrics"


def scrape(client=None, **headers):
    r = (client or Client()).get(URL, **headers)
    assert r.status_code == 200, r.content
    assert r["Content-Type"].startswith("text/plain; version=")
    samples = {}
    for family in text_string_to_metric_families(r.content.decode()):
        for s in family.samples:
            samples[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return samples


def value(samples, name, **labels):
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def total(samples, name, **labels):
    """The sum over every sample of ``name`` whose labels include ``labels``."""
    return sum(v for (n, ls), v in samples.items()
               if n == name and all(dict(ls).get(k) == w for k, w in labels.items()))


def test_the_url_is_the_one_prometheus_asks_for():
    assert reverse("operations:metrics") == URL


def test_this_machine_may_scrape_and_others_may_not(db, settings):
    settings.METRICS_ALLOWED_IPS = ["127.0.0.1", "::1"]
    assert Client().get(URL).status_code == 200  # the test client's REMOTE_ADDR is 127.0.0.1
    far = Client(REMOTE_ADDR="203.0.113.7")
    r = far.get(URL)
    assert r.status_code == 403 and b"django_http" not in r.content


def test_a_configured_network_may_scrape(db, settings):
    settings.METRICS_ALLOWED_IPS = ["10.20.0.0/16"]
    assert Client(REMOTE_ADDR="10.20.3.4").get(URL).status_code == 200
    assert Client(REMOTE_ADDR="10.21.3.4").get(URL).status_code == 403
    assert Client().get(URL).status_code == 403


def test_behind_the_proxy_the_forwarded_address_counts_not_the_proxys(db, settings):
    settings.METRICS_ALLOWED_IPS = ["127.0.0.1"]
    settings.PROXY_COUNT = 1
    # the proxy on this machine forwards a request from outside: refused
    assert Client().get(URL, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 403
    # a client cannot pick the address it is counted under: only the proxy's entry is read
    assert Client().get(URL, HTTP_X_FORWARDED_FOR="127.0.0.1, 203.0.113.7").status_code == 403


def test_a_token_opens_it_from_anywhere(db, settings):
    settings.METRICS_ALLOWED_IPS = []
    settings.METRICS_TOKEN = "s3cret-token-for-prometheus"
    far = Client(REMOTE_ADDR="203.0.113.7")
    assert far.get(URL, HTTP_AUTHORIZATION="Bearer s3cret-token-for-prometheus").status_code == 200
    assert far.get(URL, HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    assert far.get(URL).status_code == 403
    settings.METRICS_TOKEN = ""  # no token configured: an empty bearer opens nothing
    assert far.get(URL, HTTP_AUTHORIZATION="Bearer ").status_code == 403


def test_a_post_is_refused(db):
    assert Client().post(URL).status_code == 405


def test_requests_by_view_and_status_latency_and_queries(users):
    c = Client()
    c.force_login(users.commune_officer)
    before = scrape()
    assert c.get(reverse("home")).status_code == 200
    assert c.get("/danh-gia/ho-so/999999999/").status_code == 404
    after = scrape()
    by_view = "django_http_responses_total_by_status_view_method_total"
    assert value(after, by_view, status="200", view="home", method="GET") - \
        value(before, by_view, status="200", view="home", method="GET") == 1
    assert total(after, by_view, status="404") - total(before, by_view, status="404") >= 1
    latency = "django_http_requests_latency_seconds_by_view_method_count"
    assert value(after, latency, view="home", method="GET") - value(before, latency, view="home", method="GET") == 1
    assert value(after, "django_http_requests_latency_seconds_by_view_method_bucket",
                 view="home", method="GET", le="+Inf") >= 1
    assert total(after, "django_db_execute_total") > total(before, "django_db_execute_total")
    assert total(after, "django_db_query_duration_seconds_count") > 0


def test_logins_refused_are_counted_with_axes_lockouts(users, settings):
    settings.AXES_FAILURE_LIMIT = 2
    before = scrape()
    c = Client()
    for _ in range(3):
        c.post(reverse("login"), {"username": users.commune_officer.username, "password": "sai-mat-khau"})
    after = scrape()
    name = "treem_logins_refused_total"
    # the first is a wrong password; the second reaches the limit and locks; the third meets the lock
    assert value(after, name, reason="bad_credentials") - value(before, name, reason="bad_credentials") == 1
    assert value(after, name, reason="locked_out") - value(before, name, reason="locked_out") == 2


def _job(task, status, seconds=None, enqueued_ago=0):
    now = timezone.now()
    job = DBTaskResult.objects.create(args_kwargs={"args": [], "kwargs": {}}, task_path=task, backend_name="default",
                                      run_after=get_date_max(), status=status)
    fields = {"enqueued_at": now - datetime.timedelta(seconds=enqueued_ago)}
    if seconds is not None:
        fields.update(started_at=now - datetime.timedelta(seconds=seconds), finished_at=now)
    DBTaskResult.objects.filter(pk=job.pk).update(**fields)


def test_queue_depth_waiting_age_workers_and_job_durations(db):
    _job("reports.tasks.run_export", "READY", enqueued_ago=90)
    _job("reports.tasks.run_export", "READY", enqueued_ago=10)
    _job("reports.tasks.run_export", "RUNNING")
    _job("reports.tasks.run_export", "SUCCESSFUL", seconds=3)
    _job("reports.tasks.run_export", "SUCCESSFUL", seconds=45)
    _job("reports.tasks.run_export", "FAILED", seconds=0.2)
    _job("accounts.notifications.send_notification_mail", "SUCCESSFUL", seconds=0.4)
    tasks.register(tasks.new_worker_id())
    m = scrape()
    assert value(m, "treem_task_queue_jobs", status="ready") == 2
    assert value(m, "treem_task_queue_jobs", status="running") == 1
    assert value(m, "treem_task_queue_jobs", status="successful") == 3
    assert 89 <= value(m, "treem_task_oldest_waiting_seconds") < 100
    assert value(m, "treem_task_workers_alive") == 1
    h = "treem_task_duration_seconds"
    export_ok = {"task": "reports.tasks.run_export", "status": "successful"}
    assert value(m, h + "_count", **export_ok) == 2
    assert value(m, h + "_bucket", le="5.0", **export_ok) == 1
    assert value(m, h + "_bucket", le="60.0", **export_ok) == 2
    assert 47.9 < value(m, h + "_sum", **export_ok) < 48.2
    assert value(m, h + "_count", task="reports.tasks.run_export", status="failed") == 1
    assert value(m, h + "_count", task="accounts.notifications.send_notification_mail", status="successful") == 1


def test_exports_and_emails_done_and_failed(users):
    for status in ("done", "done", "failed", "pending", "running"):
        ExportJob.objects.create(user=users.provincial_staff, format="xlsx", title="Tổng hợp", status=status)
    for i, mail in enumerate(("sent", "sent", "sent", "failed", "pending", "none")):
        Notification.objects.create(recipient=users.commune_officer, key=f"k{i}", subject="s", body="b", mail=mail)
    m = scrape()
    assert value(m, "treem_exports_total", status="done") == 2
    assert value(m, "treem_exports_total", status="failed") == 1
    assert value(m, "treem_emails_total", status="sent") == 3
    assert value(m, "treem_emails_total", status="failed") == 1
    assert value(m, "treem_emails_waiting") == 1


@pytest.mark.parametrize("status", [200])
def test_the_scrape_takes_a_fixed_number_of_queries(db, django_assert_max_num_queries, status):
    _job("reports.tasks.run_export", "SUCCESSFUL", seconds=1)
    # nine reads, and the two statements of its snapshot (here a savepoint in the test's transaction)
    with django_assert_max_num_queries(11):
        assert Client().get(URL).status_code == status


# --- a prune never lowers a counter (operations.carried) -------------------------------------------

def _counters(m):
    h = "treem_task_duration_seconds"
    return {k: v for k, v in m.items() if k[0] in ("treem_exports_total", "treem_emails_total")
            or k[0].startswith(h + "_")}


def test_pruning_old_exports_leaves_the_export_counters_as_they_were(users):
    for status in ("done", "done", "failed", "pending"):
        ExportJob.objects.create(user=users.provincial_staff, format="xlsx", title="Tổng hợp", status=status)
    before = scrape()
    out = io.StringIO()
    call_command("prune_exports", "--days", "0", stdout=out)  # the real command: files and rows gone
    assert out.getvalue().strip() == "prune_exports: 4 exports older than 0 days removed"
    assert not ExportJob.objects.exists()
    after = scrape()
    assert value(after, "treem_exports_total", status="done") == 2
    assert value(after, "treem_exports_total", status="failed") == 1
    assert _counters(after) == _counters(before)
    ExportJob.objects.create(user=users.provincial_staff, format="pdf", title="Tổng hợp", status="failed")
    assert value(scrape(), "treem_exports_total", status="failed") == 2  # and it counts on from there


def test_pruning_finished_jobs_leaves_their_histogram_as_it_was(db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # as in production
    _job("reports.tasks.run_export", "SUCCESSFUL", seconds=3)
    _job("reports.tasks.run_export", "SUCCESSFUL", seconds=45)
    _job("reports.tasks.run_export", "FAILED", seconds=0.2)
    _job("reports.tasks.run_export", "SUCCESSFUL", seconds=4000)  # above every bound
    _job("reports.tasks.run_export", "READY")  # not finished: neither counted nor pruned
    before = scrape()
    DBTaskResult.objects.update(finished_at=F("finished_at") - datetime.timedelta(days=20),
                                started_at=F("started_at") - datetime.timedelta(days=20))
    call_command("prune_db_task_results", "--min-age-days", "14")  # django-tasks-db's own command
    assert list(DBTaskResult.objects.values_list("status", flat=True)) == ["READY"]
    after = scrape()
    h, ok = "treem_task_duration_seconds", {"task": "reports.tasks.run_export", "status": "successful"}
    assert value(after, h + "_count", **ok) == 3
    assert value(after, h + "_bucket", le="5.0", **ok) == 1
    assert value(after, h + "_bucket", le="60.0", **ok) == 2
    assert value(after, h + "_bucket", le="1800.0", **ok) == 2
    assert value(after, h + "_bucket", le="+Inf", **ok) == 3
    assert value(after, h + "_count", task="reports.tasks.run_export", status="failed") == 1
    assert {k: round(v, 6) for k, v in _counters(after).items()} == \
        {k: round(v, 6) for k, v in _counters(before).items()}
    _job("reports.tasks.run_export", "SUCCESSFUL", seconds=2)  # a job kept, beside the pruned ones
    again = scrape()
    assert value(again, h + "_count", **ok) == 4
    assert value(again, h + "_bucket", le="2.5", **ok) == 1
    assert value(again, h + "_bucket", le="5.0", **ok) == 2
    assert 4049.9 < value(again, h + "_sum", **ok) < 4050.2


def test_deleting_a_user_leaves_the_mail_counters_as_they_were(users):
    for i, mail in enumerate(("sent", "sent", "failed", "pending")):
        Notification.objects.create(recipient=users.commune_officer, key=f"k{i}", subject="s", body="b", mail=mail)
    before = scrape()
    users.commune_officer.delete()  # the notifications go with their recipient
    assert not Notification.objects.exists()
    after = scrape()
    assert value(after, "treem_emails_total", status="sent") == 2
    assert value(after, "treem_emails_total", status="failed") == 1
    assert _counters(after) == _counters(before)


def test_a_prune_committed_in_the_middle_of_a_scrape_is_not_seen_half_way(users, transactional_db):
    """The scrape reads every figure from one snapshot. A prune started between its reading of the carried
    counts and of the rows either commits at once and stays unseen (PostgreSQL: REPEATABLE READ), or waits
    for the scrape to end (SQLite's in-memory test database: the scrape's read transaction locks the table; the
    prune retries as the busy timeout would. On a WAL file, as installed, it commits at once and stays unseen)."""
    for status in ("done", "done", "failed"):
        ExportJob.objects.create(user=users.provincial_staff, format="xlsx", title="Tổng hợp", status=status)
    pruned = threading.Event()

    def prune_in_another_connection():
        try:
            for _ in range(300):
                try:
                    ExportJob.objects.all().delete()
                    pruned.set()
                    return
                except OperationalError:  # SQLite's in-memory test database: "table is locked", at once
                    time.sleep(0.1)
        finally:
            connection.close()

    thread = threading.Thread(target=prune_in_another_connection)
    seen_pruned = []  # whether the prune had committed when the scrape read the exports

    def prune_after_the_carried_counts(execute, sql, params, many, context):
        if "reports_exportjob" in sql:
            seen_pruned.append(pruned.is_set())
        result = execute(sql, params, many, context)
        if not thread.ident and "operations_carriedcount" in sql:  # carried read: the rows are read next
            thread.start()
            pruned.wait(timeout=2)
        return result

    with connection.execute_wrapper(prune_after_the_carried_counts):
        during = scrape()
    thread.join(timeout=60)
    assert pruned.is_set() and not ExportJob.objects.exists()
    assert seen_pruned == [connection.vendor == "postgresql"]
    assert value(during, "treem_exports_total", status="done") == 2
    assert value(during, "treem_exports_total", status="failed") == 1
    after = scrape()
    assert value(after, "treem_exports_total", status="done") == 2
    assert value(after, "treem_exports_total", status="failed") == 1
