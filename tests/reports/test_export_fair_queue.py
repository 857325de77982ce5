"""One user cannot starve everyone's exports: at most MAX_UNFINISHED waiting or running per user (the
next is refused, nothing queued), and the worker serves the users in turn (django-tasks-db, as in
production; the worker's own choice, ``ready().get_locked()``, is asked for the order)."""

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from reports import jobs
from reports.models import ExportJob

EXPORT = reverse("reports:export")


@pytest.fixture(autouse=True)
def _queue(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # jobs wait for a worker


def _ask(client, user, capture, fmt="xlsx"):
    client.force_login(user)
    with capture(execute=True):
        return client.post(f"{EXPORT}?year=2024", {"format": fmt}, follow=True)


def test_a_user_with_three_exports_waiting_is_refused_the_fourth_and_nothing_is_queued(
        client, world, cast, django_capture_on_commit_callbacks):
    for _ in range(jobs.MAX_UNFINISHED):
        _ask(client, cast.provincial, django_capture_on_commit_callbacks)
    waiting = list(ExportJob.objects.filter(user=cast.provincial).order_by("pk"))
    assert len(waiting) == 3 and DBTaskResult.objects.count() == 3

    page = _ask(client, cast.provincial, django_capture_on_commit_callbacks, fmt="pdf")
    assert page.status_code == 200
    assert "Bạn đang có 3 tệp xuất đang chờ hoặc đang tạo" in page.content.decode()
    assert page.redirect_chain[-1][0] == reverse("reports:export_status", args=[waiting[0].token])
    assert ExportJob.objects.count() == 3 and DBTaskResult.objects.count() == 3

    ExportJob.objects.filter(pk=waiting[0].pk).update(status=ExportJob.Status.DONE)  # one is done: room again
    _ask(client, cast.provincial, django_capture_on_commit_callbacks)
    assert ExportJob.objects.count() == 4


def test_the_worker_serves_the_users_in_turn(client, world, cast, django_capture_on_commit_callbacks):
    """Three exports of one user, then one each of two others: the newcomers wait for one, not three."""
    for user in (cast.provincial, cast.provincial, cast.provincial, cast.district, cast.national):
        _ask(client, user, django_capture_on_commit_callbacks)
    taken = []
    while (task := DBTaskResult.objects.ready().get_locked()) is not None:
        task.claim("worker-1")
        taken.append(ExportJob.objects.get(pk=task.args_kwargs["args"][0]).user)
    assert taken == [cast.provincial, cast.district, cast.national, cast.provincial, cast.provincial]
