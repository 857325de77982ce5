"""The health URL (operations/health.py): ok/fail for everyone, each check's detail for administrators.

The checks run for real: the test database, the cache, MEDIA_ROOT, the migration records, and the
task queue's rows (django-tasks-db's table and core_worker, the heartbeat of core/tasks.py).
"""

import datetime
import json
import time

import pytest
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from config.version import VERSION
from core import tasks
from core.models import Worker
from operations import health

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def _fresh(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES}  # storages re-read MEDIA_ROOT
    health._migrated.clear()
    yield
    health._migrated.clear()


def admin(users):
    c = Client()
    c.force_login(users.sysadmin)
    return c


def queue_job(enqueued_ago=0, run_after=None):
    job = DBTaskResult.objects.create(args_kwargs={"args": [], "kwargs": {}}, task_path="reports.tasks.run_export",
                                      backend_name="default", run_after=run_after or get_date_max())
    DBTaskResult.objects.filter(pk=job.pk).update(
        enqueued_at=timezone.now() - datetime.timedelta(seconds=enqueued_ago))
    return job


def test_it_answers_ok_to_anyone_without_detail(db, client):
    started = time.monotonic()
    r = client.get(reverse("operations:health"))
    took = time.monotonic() - started
    assert r.status_code == 200
    assert r.content == b"ok\n" and r["Content-Type"].startswith("text/plain")
    assert "no-cache" in r["Cache-Control"] and "max-age=0" in r["Cache-Control"]
    assert took < 2, took  # fast: the checks run at once, the migration graph is read once


def test_the_second_answer_is_faster_than_a_tenth_of_a_second(db, client):
    client.get(reverse("operations:health"))  # reads the migration files once
    started = time.monotonic()
    for _ in range(5):
        assert client.get(reverse("operations:health")).status_code == 200
    assert (time.monotonic() - started) / 5 < 0.1


def test_the_administrator_sees_every_check_and_the_version(users):
    r = admin(users).get(reverse("operations:health"))
    assert r.status_code == 200
    body = json.loads(r.content)
    assert body["status"] == "ok" and body["version"] == VERSION
    assert set(body["checks"]) == {"Database", "Cache", "Storage", "MigrationsApplied", "TaskQueue"}
    assert all(c["ok"] and c["message"] == "OK" for c in body["checks"].values())


@pytest.mark.parametrize("role", ["commune_officer", "provincial_staff", "national_staff"])
def test_other_users_get_no_detail(users, role):
    c = Client()
    c.force_login(getattr(users, role))
    assert c.get(reverse("operations:health")).content == b"ok\n"


def test_a_post_is_refused(db, client):
    assert client.post(reverse("operations:health")).status_code == 405


def test_an_unapplied_migration_fails_it_and_says_which_to_the_administrator(users, client):
    MigrationRecorder.Migration.objects.filter(app="core", name="0001_worker_heartbeat").delete()
    r = client.get(reverse("operations:health"))
    assert r.status_code == 503 and r.content == b"fail\n"
    body = json.loads(admin(users).get(reverse("operations:health")).content)
    assert body["status"] == "fail"
    assert not body["checks"]["MigrationsApplied"]["ok"]
    assert "core.0001_worker_heartbeat" in body["checks"]["MigrationsApplied"]["message"]
    assert body["checks"]["Database"]["ok"]


def test_an_unwritable_media_root_fails_it(settings, users, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")
    settings.MEDIA_ROOT = blocked
    settings.STORAGES = {**settings.STORAGES}
    r = admin(users).get(reverse("operations:health"))
    assert r.status_code == 503
    assert not json.loads(r.content)["checks"]["Storage"]["ok"]


def test_an_unreachable_redis_fails_it(settings, users):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:1/0"}}  # nothing listens on port 1
    r = admin(users).get(reverse("operations:health"))
    assert r.status_code == 503
    assert not json.loads(r.content)["checks"]["Cache"]["ok"]


def test_a_live_redis_passes(settings, users):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:6379/0", "KEY_PREFIX": "tests-health"}}
    r = admin(users).get(reverse("operations:health"))
    assert json.loads(r.content)["checks"]["Cache"]["ok"], r.content


class TestTaskQueue:
    @pytest.fixture(autouse=True)
    def _db_tasks(self, settings):
        settings.TASKS = DB_TASKS
        settings.TASK_WORKER_LOST_SECONDS = 60
        settings.TASK_QUEUE_MAX_WAIT_SECONDS = 300

    def detail(self, users):
        r = admin(users).get(reverse("operations:health"))
        return r.status_code, json.loads(r.content)["checks"]["TaskQueue"]

    def test_no_worker_fails_it(self, users):
        status, check = self.detail(users)
        assert status == 503 and not check["ok"]
        assert "no worker seen in the last 60 s" in check["message"]

    def test_a_worker_whose_heartbeat_is_too_old_fails_it(self, users):
        tasks.register("w-old", now=timezone.now() - datetime.timedelta(seconds=61))
        status, check = self.detail(users)
        assert status == 503 and "no worker" in check["message"]

    def test_a_live_worker_and_a_fresh_job_pass(self, users):
        tasks.register(tasks.new_worker_id())  # this process: alive
        queue_job(enqueued_ago=30)
        status, check = self.detail(users)
        assert status == 200 and check["ok"]

    def test_a_job_waiting_too_long_fails_it(self, users):
        tasks.register(tasks.new_worker_id())
        queue_job(enqueued_ago=301)
        status, check = self.detail(users)
        assert status == 503 and "the oldest waiting job has waited 30" in check["message"]

    def test_a_deferred_retry_waits_from_its_run_after(self, users):
        tasks.register(tasks.new_worker_id())
        queue_job(enqueued_ago=3600, run_after=timezone.now() - datetime.timedelta(seconds=10))
        queue_job(enqueued_ago=3600, run_after=timezone.now() + datetime.timedelta(hours=1))  # not yet due
        assert health.oldest_waiting_age().total_seconds() < 20
        assert self.detail(users)[0] == 200

    def test_the_web_check_leaves_the_queue_to_monitoring(self, users, client):
        assert client.get(reverse("operations:health")).status_code == 503  # no worker
        assert client.get(reverse("operations:health_web")).status_code == 200
        body = json.loads(admin(users).get(reverse("operations:health_web")).content)
        assert set(body["checks"]) == {"Database", "Cache", "Storage", "MigrationsApplied"}

    def test_a_worker_of_another_machine_counts_while_it_beats(self, users):
        Worker.objects.create(worker_id="other-1", host="another-host", pid=1, started_at=timezone.now(),
                              seen_at=timezone.now())
        assert self.detail(users)[0] == 200


def test_the_version_is_in_every_pages_footer(users):
    r = admin(users).get(reverse("home"))
    assert f"Phiên bản {VERSION}" in r.content.decode()


def _production_setting(name, **env):
    import subprocess
    import sys

    from tests.reliability.conftest import ROOT, app_env

    done = subprocess.run([sys.executable, "-c", f"from config import settings; print(repr(settings.{name}))"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={**app_env("sqlite:///:memory:"), "DJANGO_SETTINGS_MODULE": "config.settings",
                               "SECRET_KEY": "k" * 50, "DEBUG": "False", **env})
    assert done.returncode == 0, done.stderr
    return eval(done.stdout)  # noqa: S307 - a repr of a list of strings, printed by the line above


def test_plain_http_for_the_probe_only_when_asked(db, settings, client):
    assert _production_setting("SECURE_REDIRECT_EXEMPT") == []
    exempt = _production_setting("SECURE_REDIRECT_EXEMPT", HEALTH_PLAIN_HTTP="True")
    settings.SECURE_SSL_REDIRECT, settings.SECURE_REDIRECT_EXEMPT = True, exempt
    assert client.get(reverse("operations:health")).status_code == 200
    assert client.get(reverse("operations:health_web")).status_code == 200
    assert client.get(reverse("operations:metrics")).status_code == 301  # everything else still goes to HTTPS
    assert client.get(reverse("login")).status_code == 301
