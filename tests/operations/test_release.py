"""Release hygiene (issue 28): one version (config/version.py) in the footer, /health/, CHANGELOG.md and
operations/releases.py; the changelog in Keep a Changelog's form; the deploy units agree with the code."""

import configparser
import datetime
import io
import re
from pathlib import Path

from django.conf import settings
from django.core.management import call_command, get_commands
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from config.version import VERSION
from operations import carried
from operations.releases import RELEASES, previous
from reports.models import ExportJob

ROOT = Path(settings.BASE_DIR)


def test_the_version_is_semantic_and_released_in_order():
    assert re.fullmatch(r"\d+\.\d+\.\d+", VERSION)
    versions = [tuple(map(int, r.version.split("."))) for r in RELEASES]
    assert versions == sorted(versions) and len(set(versions)) == len(versions)
    assert RELEASES[-1].version == VERSION and previous().version != VERSION


def test_the_changelog_keeps_a_changelog_form():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert text.startswith("# Changelog\n") and "Keep a Changelog" in text
    headings = re.findall(r"^## \[(.+?)\](?: - (\d{4}-\d{2}-\d{2}))?$", text, re.M)
    assert headings[0] == ("Unreleased", "")
    released = [(v, day) for v, day in headings[1:]]
    assert released == [(r.version, r.day) for r in reversed(RELEASES)]  # newest first, each with its day
    sections = set(re.findall(r"^### (\w+)$", text, re.M))
    assert sections <= {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}


def units():
    for path in sorted((ROOT / "deploy").glob("*.service")):
        parser = configparser.ConfigParser(strict=False, interpolation=None)
        parser.optionxform = str
        parser.read(path, encoding="utf-8")
        yield path.name, parser


def exec_starts(name):
    """Every ``ExecStart=`` of a unit, in order (a oneshot service runs them one after the other; configparser
    keeps only the last)."""
    text = (ROOT / "deploy" / name).read_text(encoding="utf-8")
    return [line.split("=", 1)[1].split() for line in text.splitlines() if line.startswith("ExecStart=")]


def manage_py(start):
    """``manage.py``'s command and its arguments in an ``ExecStart``, or None."""
    return start[start.index("manage.py") + 1:] if "manage.py" in start else None


def test_the_deploy_units_agree_with_the_code():
    commands = get_commands()
    seen = set()
    for name, unit in units():
        service = unit["Service"]
        assert service["WorkingDirectory"] == "/srv/treem/app" and service["EnvironmentFile"] == "/srv/treem/env"
        assert service["User"] == "treem"
        starts = exec_starts(name)
        assert starts and (len(starts) == 1 or service["Type"] == "oneshot"), name
        for start in starts:
            assert start[0].startswith("/srv/treem/app/.venv/bin/")
            if manage_py(start):
                command = manage_py(start)[0]
                assert command in commands, f"{name}: no command {command}"
                seen.add(command)
            if start[0].endswith("gunicorn"):
                assert start[start.index("-c") + 1] == "config/gunicorn.py" and (ROOT / "config/gunicorn.py").exists()
                assert "config.wsgi" in start
                # /metrics sums gunicorn's processes through a folder systemd empties at each start
                assert service["Environment"] == f"PROMETHEUS_MULTIPROC_DIR=/run/{service['RuntimeDirectory']}"
                seen.add("gunicorn")
    assert seen == {"gunicorn", "db_worker", "send_reminders", "prune_exports", "prune_db_task_results"}
    for path in sorted((ROOT / "deploy").glob("*.timer")):  # each timer starts the service of its name, daily
        timer = configparser.ConfigParser(strict=False, interpolation=None)
        timer.read(path, encoding="utf-8")
        assert timer["Timer"]["OnCalendar"] and (ROOT / "deploy" / f"{path.stem}.service").exists()


def test_the_nightly_prune_runs_as_its_unit_says(users, settings):
    """treem-prune.service's commands, run with its own arguments: old exports and old finished jobs go, recent
    ones and the counters stay."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # as in production
    now = timezone.now()
    for age in (8, 1):
        job = ExportJob.objects.create(user=users.provincial_staff, format="xlsx", title=f"{age} ngày", status="done")
        ExportJob.objects.filter(pk=job.pk).update(created_at=now - datetime.timedelta(days=age))
    for status, age in (("SUCCESSFUL", 15), ("SUCCESSFUL", 2), ("FAILED", 15), ("FAILED", 31)):
        DBTaskResult.objects.create(args_kwargs={"args": [], "kwargs": {}}, task_path=f"t.{status}.{age}",
                                    backend_name="default", run_after=get_date_max(), status=status,
                                    started_at=now - datetime.timedelta(days=age, seconds=1),
                                    finished_at=now - datetime.timedelta(days=age))
    for start in exec_starts("treem-prune.service"):
        command, *args = manage_py(start)
        call_command(command, *args, stdout=io.StringIO())
    assert list(ExportJob.objects.values_list("title", flat=True)) == ["1 ngày"]
    assert sorted(DBTaskResult.objects.values_list("task_path", flat=True)) == ["t.FAILED.15", "t.SUCCESSFUL.2"]
    pruned = carried.counts()
    assert carried.count_of(pruned, carried.EXPORTS, "done") == 1
    assert sum(n for (metric, *_rest), (n, _s) in pruned.items() if metric == carried.JOB_DURATIONS) == 2
