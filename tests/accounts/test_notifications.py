"""Notifications: e-mailed through a real SMTP server (aiosmtpd on a free local port, tests/mailserver.py)
and read back; a failing server is tried again later and the message arrives once; one event is one
message; the page lists and marks read only the user's own."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import notifications
from accounts.models import Notification
from assessments import services
from assessments.models import Assessment
from tests import factories
from tests.factories import seen
from tests.mailserver import parts, smtp, subject  # noqa: F401 - the fixture

S = Assessment.Status
M = Notification.Mail


@pytest.fixture
def officers(users, units):
    """The commune's officer with an address, a second one without (told in the app only)."""
    users.commune_officer.email = "can.bo.xa@khanhyen.test"
    users.commune_officer.save(update_fields=["email"])
    return users.commune_officer, factories.CommuneOfficerFactory(unit=units.commune, email="")


def test_a_returned_dossier_is_mailed_to_its_commune_with_the_reason(
        smtp, officers, workflow, django_capture_on_commit_callbacks):  # noqa: F811
    officer, without_address = officers
    a = factories.AssessmentFactory(round=workflow.round, commune=workflow.units.commune, officer=officer,
                                    state=S.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_return(by=workflow.district, assessment_id=a.pk, seen_version=seen(a),
                                   on=dt.date(2024, 11, 14),
                                   comment="Bổ sung biên bản họp Hội đồng đánh giá có đủ chữ ký")

    [message] = smtp.messages
    assert message.envelope_to == ["can.bo.xa@khanhyen.test"]
    assert subject(message) == "Hồ sơ năm 2024 của Thị trấn Khánh Yên được trả lại để bổ sung"
    assert "khong-tra-loi@treem.test" in message["From"]
    text, html = parts(message)
    for body in (text, html):
        assert "Bổ sung biên bản họp Hội đồng đánh giá có đủ chữ ký" in body
        assert "Phòng Lao động - Thương binh và Xã hội huyện Văn Bàn trả lại hồ sơ" in body
        assert "14/11/2024" in body and "Hạn nộp lại hồ sơ: chậm nhất ngày 15/11/2024" in body
        assert f"https://treem.test{reverse('assessments:detail', args=[a.pk])}" in body
    assert "Kính gửi" in text and "<p>Kính gửi" in html
    sent = Notification.objects.get(recipient=officer)
    assert (sent.mail, sent.mail_attempts, sent.is_read) == (M.SENT, 1, False)
    # the officer without an address is told in the app only
    assert Notification.objects.get(recipient=without_address).mail == M.NONE
    # nobody else is told of the return (the district's officer was told of the submission before)
    assert not Notification.objects.filter(key__contains=":returned:").exclude(recipient__in=officers).exists()


def test_accepted_appraised_and_decided_are_each_one_message(
        smtp, officers, workflow, media, django_capture_on_commit_callbacks):  # noqa: F811
    from django.core.files.uploadedfile import SimpleUploadedFile

    from assessments import signing
    from tests.samples import pdf_bytes

    officer, _ = officers
    with django_capture_on_commit_callbacks(execute=True):
        a = factories.AssessmentFactory(round=workflow.round, commune=workflow.units.commune, officer=officer,
                                        recogniser=workflow.district, decider=workflow.chair, state=S.RECOGNISED)
    assert len(smtp.messages) == 2  # the decision is recorded, not issued: the commune is not told yet
    with django_capture_on_commit_callbacks(execute=True):  # issued by its scanned paper original
        signing.paper_copy_upload(by=workflow.chair, document="decision", decision=a.decision,
                                  upload=SimpleUploadedFile("qd-ban-chup.pdf", pdf_bytes()))
    assert [subject(m) for m in smtp.messages] == [
        "Hồ sơ năm 2024 của Thị trấn Khánh Yên đã được tiếp nhận",
        "Hồ sơ năm 2024 của Thị trấn Khánh Yên đã được thẩm định",
        "Thị trấn Khánh Yên được công nhận xã, phường phù hợp với trẻ em năm 2024",
    ]
    text, html = parts(smtp.messages[-1])
    assert "Quyết định số" in text and "ngày 05/12/2024 của Chủ tịch UBND huyện Văn Bàn" in text
    assert "Tổng điểm sau thẩm định" in parts(smtp.messages[1])[0]


def test_the_same_event_twice_sends_one_message(smtp, officers, django_capture_on_commit_callbacks):  # noqa: F811
    officer, _ = officers
    for _time in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            notifications.notify([officer, officer], "test:one-event", "Thông báo thử", "Nội dung có dấu: ạ ế ữ")
    assert len(smtp.messages) == 1
    assert Notification.objects.filter(recipient=officer, key="test:one-event").count() == 1
    # a task run again for a sent notification sends nothing
    n = Notification.objects.get(recipient=officer)
    assert notifications.deliver(n.pk) == "skipped" and len(smtp.messages) == 1


def test_a_failing_smtp_server_is_tried_again_later_and_the_message_arrives_once(
        smtp, officers, django_capture_on_commit_callbacks):  # noqa: F811
    officer, _ = officers
    smtp.stop()
    with django_capture_on_commit_callbacks(execute=True):
        [n] = notifications.notify([officer], "test:retry", "Nhắc hạn nộp hồ sơ", "Còn 7 ngày.")
    n.refresh_from_db()
    assert (n.mail, n.mail_attempts) == (M.PENDING, 1) and "Connection" in n.mail_error
    assert n.mail_next_at > timezone.now()  # the next try is later, not at once
    assert notifications.retry_due() == 0  # not due yet

    smtp.start()
    later = n.mail_next_at + dt.timedelta(seconds=1)
    assert notifications.retry_due(now=later) == 1
    assert notifications.retry_due(now=later + dt.timedelta(days=1)) == 0
    assert notifications.deliver(n.pk, now=later) == "skipped"

    [message] = smtp.messages
    assert subject(message) == "Nhắc hạn nộp hồ sơ" and "Còn 7 ngày." in parts(message)[0]
    n.refresh_from_db()
    assert (n.mail, n.mail_attempts, n.mail_error) == (M.SENT, 2, "")


def test_after_the_last_try_the_mail_is_given_up(smtp, officers, django_capture_on_commit_callbacks):  # noqa: F811
    officer, _ = officers
    smtp.stop()
    with django_capture_on_commit_callbacks(execute=True):
        [n] = notifications.notify([officer], "test:give-up", "Thử", "Thử")
    for _try in range(notifications.MAX_ATTEMPTS - 1):
        n.refresh_from_db()
        notifications.retry_due(now=n.mail_next_at + dt.timedelta(seconds=1))
    n.refresh_from_db()
    assert (n.mail, n.mail_attempts) == (M.FAILED, notifications.MAX_ATTEMPTS)
    smtp.start()
    assert notifications.retry_due(now=timezone.now() + dt.timedelta(days=30)) == 0 and smtp.messages == []


def test_an_export_ready_is_told_to_its_requester(smtp, settings, tmp_path, users, round_2024,  # noqa: F811
                                                  django_capture_on_commit_callbacks):
    from reports import jobs
    from reports.scope import Scope

    settings.MEDIA_ROOT = tmp_path
    staff = users.provincial_staff
    staff.email = "tinh@laocai.test"
    staff.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.export_request(by=staff, scope=Scope(staff, 2024, None), format="xlsx")
    job.refresh_from_db()
    assert job.status == "done"
    assert list(Notification.objects.values_list("key", "mail")) == [(f"export:{job.pk}", M.SENT)]
    [message] = smtp.messages
    assert subject(message) == f"Tệp “{job.title}” đã sẵn sàng"
    assert reverse("reports:export_status", args=[job.token]) in parts(message)[0]


# --- the page -----------------------------------------------------------------------------------

PAGE = reverse("notifications")
READ = reverse("notification_read")


def _make(user, key, subject, url=""):
    return Notification.objects.create(recipient=user, key=key, subject=subject, body=f"Nội dung {subject}", url=url)


def test_the_page_lists_only_the_users_own_and_marks_them_read(client, users, django_assert_num_queries):
    mine = [_make(users.commune_officer, f"k{i}", f"Thông báo số {i}") for i in range(3)]
    theirs = _make(users.district_officer, "k0", "Thư của huyện")
    client.force_login(users.commune_officer)

    client.get(PAGE)
    with django_assert_num_queries(4):  # session, user with unit, count, the page
        html = client.get(PAGE).content.decode()
    assert all(n.subject in html for n in mine) and "Thư của huyện" not in html
    assert html.count('<span class="badge text-bg-primary me-1">Mới</span>') == 3

    # another user's id changes nothing
    assert client.post(READ, {"id": [str(theirs.pk), str(mine[0].pk)]}).status_code == 302
    theirs.refresh_from_db()
    assert theirs.is_read is False
    assert [n.is_read for n in Notification.objects.filter(recipient=users.commune_officer).order_by("key")] == [
        True, False, False]

    client.post(READ, {"all": "1"})
    assert not Notification.objects.filter(recipient=users.commune_officer, is_read=False).exists()
    theirs.refresh_from_db()
    assert theirs.is_read is False
    assert "Mới</span>" not in client.get(PAGE).content.decode()


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(client, users):
    n = _make(users.commune_officer, "k", "Hồ sơ được tiếp nhận", url="/danh-gia/")
    client.force_login(users.commune_officer)
    r = client.post(READ, {"id": str(n.pk), "next": n.url})
    assert r.status_code == 302 and r["Location"] == "/danh-gia/"
    n.refresh_from_db()
    assert n.is_read
    # a link elsewhere is not followed
    r = client.post(READ, {"id": str(n.pk), "next": "//evil.example/"})
    assert r["Location"] == PAGE


def test_the_navigation_links_to_the_page_without_a_count(client, users):
    _make(users.commune_officer, "k", "Một thông báo")
    client.force_login(users.commune_officer)
    html = client.get(reverse("home")).content.decode()
    assert f'href="{PAGE}"' in html and "bi-bell" in html


def test_only_signed_in_users_see_notifications(client):
    r = client.get(PAGE)
    assert r.status_code == 302 and reverse("login") in r["Location"]
    assert client.get(READ).status_code == 405


def test_on_the_database_queue_a_failed_send_is_queued_again_for_later(
        smtp, settings, officers, django_capture_on_commit_callbacks):  # noqa: F811
    """With django-tasks-db (as in production) the retry is a task row that waits for its time."""
    from django_tasks_db.models import DBTaskResult

    officer, _ = officers
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    smtp.stop()
    with django_capture_on_commit_callbacks(execute=True):
        [n] = notifications.notify([officer], "test:queued", "Thử", "Thử")
    [first] = DBTaskResult.objects.all()
    assert first.task_path == "accounts.notifications.send_notification_mail" and first.args_kwargs["args"] == [n.pk]
    assert notifications.deliver(n.pk) == "retry"  # what the worker does with it: the server is down
    n.refresh_from_db()
    again = DBTaskResult.objects.exclude(pk=first.pk).get()
    assert again.run_after == n.mail_next_at and again.run_after > timezone.now()
    smtp.start()
    assert notifications.deliver(n.pk, now=again.run_after) == "sent"
    assert notifications.deliver(n.pk, now=again.run_after) == "skipped" and len(smtp.messages) == 1
