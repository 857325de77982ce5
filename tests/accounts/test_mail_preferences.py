"""How each person is e-mailed (issue 22): each notification at once (the default), one digest a day, or
none; in the app every notification is shown all the same. The digest is one e-mail per person and day
with every notification waiting, sent through the same queue and retry rules (a real SMTP server)."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts import notifications
from accounts.models import MailPreference, Notification
from tests.mailserver import parts, smtp, subject  # noqa: F401 - the fixture

M = Notification.Mail
P = MailPreference


@pytest.fixture
def person(users):
    officer = users.district_officer
    officer.email = "huyen@vanban.test"
    officer.save(update_fields=["email"])
    return officer


def _prefer(user, preference):
    return notifications.preference_set(user=user, preference=preference)


def _tell(user, key, subject="Hồ sơ chờ tiếp nhận", url="/ho-so/1/", capture=None):
    with capture(execute=True):
        return notifications.notify([user], key, subject, f"Nội dung: {subject}", url=url)


def test_immediately_is_the_default(smtp, person, django_capture_on_commit_callbacks):  # noqa: F811
    assert person.mail_preference == P.IMMEDIATE
    [n] = _tell(person, "k:1", capture=django_capture_on_commit_callbacks)
    n.refresh_from_db()
    assert n.mail == M.SENT and [subject(m) for m in smtp.messages] == ["Hồ sơ chờ tiếp nhận"]


def test_none_shows_it_in_the_app_and_mails_nothing(smtp, person, django_capture_on_commit_callbacks):  # noqa: F811
    _prefer(person, P.NONE)
    [n] = _tell(person, "k:1", capture=django_capture_on_commit_callbacks)
    n.refresh_from_db()
    assert (n.mail, n.is_read) == (M.NONE, False) and smtp.messages == []
    assert notifications.digest_due() == 0 and smtp.messages == []


def test_a_daily_digest_is_one_mail_a_day_with_everything_waiting(
        smtp, person, users, django_capture_on_commit_callbacks):  # noqa: F811
    _prefer(person, P.DIGEST)
    for i in range(3):
        _tell(person, f"k:{i}", subject=f"Hồ sơ số {i} chờ tiếp nhận", url=f"/ho-so/{i}/",
              capture=django_capture_on_commit_callbacks)
    assert smtp.messages == []  # nothing at once
    assert set(Notification.objects.values_list("mail", flat=True)) == {M.DIGEST}

    today = timezone.localdate()
    assert notifications.digest_due(today) == 1
    [message] = smtp.messages
    assert subject(message) == f"Tổng hợp thông báo ngày {today:%d/%m/%Y}: 3 thông báo"
    assert message.envelope_to == ["huyen@vanban.test"]
    text, html = parts(message)
    for body in (text, html):
        assert body.index("Hồ sơ số 2") < body.index("Hồ sơ số 1") < body.index("Hồ sơ số 0")  # newest first
        assert "https://treem.test/ho-so/1/" in body
    assert set(Notification.objects.values_list("mail", flat=True)) == {M.SENT}

    # the same day again, and a notification arriving after: nothing more today; it goes tomorrow
    _tell(person, "k:later", subject="Nhắc hạn thẩm định", capture=django_capture_on_commit_callbacks)
    assert notifications.digest_due(today) == 0 and len(smtp.messages) == 1
    assert notifications.digest_due(today + dt.timedelta(days=1)) == 1
    assert len(smtp.messages) == 2 and "1 thông báo" in subject(smtp.messages[1])


def test_the_nightly_reminders_run_sends_the_digest(smtp, person, django_capture_on_commit_callbacks):  # noqa: F811
    _prefer(person, P.DIGEST)
    _tell(person, "k:1", capture=django_capture_on_commit_callbacks)
    call_command("send_reminders", "--on", timezone.localdate().isoformat())
    [message] = smtp.messages
    assert "1 thông báo" in subject(message)
    call_command("send_reminders", "--on", timezone.localdate().isoformat())  # twice a day sends nothing twice
    assert len(smtp.messages) == 1


def test_a_failed_digest_is_tried_again_on_the_same_schedule_and_arrives_once(
        smtp, person, django_capture_on_commit_callbacks):  # noqa: F811
    _prefer(person, P.DIGEST)
    [n] = _tell(person, "k:1", capture=django_capture_on_commit_callbacks)
    smtp.stop()
    assert notifications.digest_due() == 1
    n.refresh_from_db()
    assert (n.mail, n.mail_attempts) == (M.DIGEST, 1) and "Connection" in n.mail_error
    assert n.mail_next_at > timezone.now()
    assert notifications.retry_due() == 0  # not due yet
    smtp.start()
    later = n.mail_next_at + dt.timedelta(seconds=1)
    assert notifications.retry_due(now=later) == 1
    assert notifications.retry_due(now=later + dt.timedelta(days=1)) == 0
    [message] = smtp.messages
    assert "1 thông báo" in subject(message)
    n.refresh_from_db()
    assert (n.mail, n.mail_attempts, n.mail_error) == (M.SENT, 2, "")


def test_choosing_none_drops_the_waiting_digest(smtp, person, django_capture_on_commit_callbacks):  # noqa: F811
    _prefer(person, P.DIGEST)
    [n] = _tell(person, "k:1", capture=django_capture_on_commit_callbacks)
    _prefer(person, P.NONE)
    n.refresh_from_db()
    assert n.mail == M.NONE and notifications.digest_due() == 0 and smtp.messages == []


def test_the_page_saves_the_users_own_preference(client, person, users):
    client.force_login(person)
    page = client.get(reverse("notifications")).content.decode()
    assert 'id="mail-preference"' in page and 'value="immediate" class="form-check-input"' in page
    assert "checked" in page.split('value="immediate"')[1].split(">")[0]
    r = client.post(reverse("notification_preference"), {"mail_preference": "digest"})
    assert r.status_code == 302 and r["Location"] == reverse("notifications")
    person.refresh_from_db()
    users.commune_officer.refresh_from_db()
    assert person.mail_preference == P.DIGEST and users.commune_officer.mail_preference == P.IMMEDIATE
    assert "Đã lưu cách nhận thư: Một thư tổng hợp mỗi ngày." in client.get(reverse("notifications")).content.decode()
    # an unknown choice changes nothing and says so
    client.post(reverse("notification_preference"), {"mail_preference": "weekly"})
    person.refresh_from_db()
    assert person.mail_preference == P.DIGEST
    assert "Hãy chọn một cách nhận thư" in client.get(reverse("notifications")).content.decode()
    assert client.get(reverse("notification_preference")).status_code == 405
