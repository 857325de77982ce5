"""The alert rules shipped for Prometheus (deploy/prometheus/alerts.yml): a rules file of Prometheus' shape,
every expression parsed as Prometheus parses it (promql-parser, a port of its parser), and every series an
expression selects (a metric name with its label matchers) one that the running app's /metrics exports once
the work that makes it has been done: pages asked for, a server error, a refused login, an export run and a
task failed by a worker.
"""

import re
from pathlib import Path

import promql_parser
import pytest
import yaml
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from prometheus_client.parser import text_string_to_metric_families

from core import tasks
from core.management.commands.db_worker import Worker

ROOT = Path(settings.BASE_DIR)
RULES = ROOT / "deploy/prometheus/alerts.yml"
# series Prometheus makes itself for each target it scrapes, never exported by an app
PROMETHEUS_OWN = {"up"}
DURATION = re.compile(r"^((\d+)(y|w|d|h|m|s|ms))+$")  # Prometheus' duration ("1h30m")
GROUP_KEYS = {"name", "interval", "limit", "query_offset", "labels", "rules"}
RULE_KEYS = {"alert", "expr", "for", "keep_firing_for", "labels", "annotations"}


def rules():
    return [rule for group in yaml.safe_load(RULES.read_text(encoding="utf-8"))["groups"] for rule in group["rules"]]


def selectors(expr):
    """(metric name, [(label, operator, value)]) of every series selector in a PromQL expression."""
    found = []

    def visit(node):
        if isinstance(node, promql_parser.VectorSelector):
            found.append((node.name, [(m.name, m.op, m.value) for m in node.matchers.matchers]))

    promql_parser.walk(promql_parser.parse(expr), visit)
    return found


def test_it_is_a_prometheus_rules_file():
    doc = yaml.safe_load(RULES.read_text(encoding="utf-8"))
    assert set(doc) == {"groups"} and doc["groups"]
    names = [group["name"] for group in doc["groups"]]
    assert len(set(names)) == len(names)
    for group in doc["groups"]:
        assert set(group) <= GROUP_KEYS and group["rules"], group.get("name")
        for rule in group["rules"]:
            assert set(rule) <= RULE_KEYS, rule
            assert isinstance(rule["alert"], str) and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", rule["alert"])
            assert isinstance(rule["expr"], str) and rule["expr"].strip()
            promql_parser.parse(rule["expr"])  # raises on a syntax error
            assert DURATION.match(rule.get("for", "0s")), rule["alert"]
            assert rule["labels"]["severity"] in ("critical", "warning"), rule["alert"]
            assert all(isinstance(v, str) for v in [*rule["labels"].values(), *rule["annotations"].values()])
            assert rule["annotations"]["summary"] and rule["annotations"]["description"]
    alerts = [rule["alert"] for rule in rules()]
    assert len(set(alerts)) == len(alerts)
    # what issue 28 and the README ask to be told of
    assert {"TreemNoWorker", "TreemQueueStuck", "Treem5xx", "TreemLoginRefusalsSpike", "TreemExportsFailing"} <= \
        set(alerts)


def test_a_broken_expression_is_refused_by_the_parser():
    with pytest.raises(Exception):
        promql_parser.parse("sum(rate(treem_logins_refused_total[15m]) > 50")
    assert selectors('max by (task) (increase(x_count{status="failed",task=~"a.*"}[1h])) > 0') == [
        ("x_count", [("status", promql_parser.MatchOp.Equal, "failed"), ("task", promql_parser.MatchOp.Re, "a.*")])]


def matches(labels, matchers):
    """Whether a sample's labels satisfy every matcher (a label it lacks reads as "", as in Prometheus)."""
    for name, op, value in matchers:
        got = labels.get(name, "")
        if op == promql_parser.MatchOp.Equal:
            ok = got == value
        elif op == promql_parser.MatchOp.NotEqual:
            ok = got != value
        elif op == promql_parser.MatchOp.Re:
            ok = re.fullmatch(value, got) is not None
        else:
            assert op == promql_parser.MatchOp.NotRe, op
            ok = re.fullmatch(value, got) is None
        if not ok:
            return False
    return True


def scrape():
    r = Client().get("/metrics")
    assert r.status_code == 200
    return [(s.name, s.labels) for family in text_string_to_metric_families(r.content.decode())
            for s in family.samples]


def run_queued_jobs():
    """Run what is queued as db_worker does (its Worker: claim, run, record the outcome)."""
    worker = Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
                    max_tasks=None, worker_id="w-alert-rules", excluded_queue_names=[])
    while (job := DBTaskResult.objects.ready().get_locked()) is not None:
        job.claim("w-alert-rules")
        worker.run_task(job)


def test_every_series_an_alert_selects_is_exported_by_the_running_app(users, round_2024, settings, tmp_path,
                                                                     django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES}
    settings.AXES_FAILURE_LIMIT = 2
    tasks.register(tasks.new_worker_id())  # a worker alive (its heartbeat row)

    # pages, and a page that fails: the requests' counters and latency histograms
    signed_in = Client()
    signed_in.force_login(users.provincial_staff)
    assert signed_in.get(reverse("home")).status_code == 200
    settings.ROOT_URLCONF = "tests.operations.boom_urls"
    settings.DEBUG = False
    assert Client(raise_request_exception=False).post("/boom/", {"ho_ten": "x"}).status_code == 500
    # a refused login
    Client().post(reverse("login"), {"username": users.commune_officer.username, "password": "sai"})
    # an export done and a task failed, run by the worker's code
    with django_capture_on_commit_callbacks(execute=True):  # the export is queued once its row is committed
        r = signed_in.post(f"{reverse('reports:export')}?year=2024", {"format": "xlsx"})
    assert r.status_code == 302
    Client().post("/queue-failing-task/", {"ho_ten": "x", "ten_tep": "y"})
    run_queued_jobs()
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL", "FAILED"}

    exported = scrape()
    missing = []
    for rule in rules():
        for name, matchers in selectors(rule["expr"]):
            if name in PROMETHEUS_OWN:
                continue
            if not any(sample == name and matches(labels, matchers) for sample, labels in exported):
                missing.append(f"{rule['alert']}: {name}{{{matchers}}}")
    assert not missing, missing
    # and the series each alert is about has the value the work left
    assert ("treem_task_duration_seconds_count", {"task": "tests.operations._failing_task.read_birth_certificate",
                                                  "status": "failed"}) in exported
