"""Notifications: a row per event and recipient, shown at /thong-bao/ and e-mailed by a task.

``notify(recipients, key, subject, body, url)`` records the notification for each recipient once per
``key`` (Notification's unique (recipient, key)): an event announced twice – a task run again, the
reminders run twice for one day – adds nothing and sends nothing. After the commit a task
(``send_notification_mail``, run by ``manage.py db_worker``) sends each new one with an address.

A send is claimed by an update that must change exactly one row (PENDING → SENDING), so two workers
never both send one message. An SMTP failure puts it back to PENDING with the time of its next try
(RETRY_AFTER; the task is queued again for then when the backend can defer, and ``retry_due`` – run by
the nightly ``send_reminders`` and as a task – queues whatever is due), FAILED after MAX_ATTEMPTS.
A worker killed between the SMTP conversation and the row's update leaves it SENDING: ``retry_due``
marks it FAILED after STUCK_AFTER rather than risk a second message.

The apps above (assessments, reports) call ``notify`` with Vietnamese subject and body; the e-mail's
plain text and HTML parts come from templates/notifications/email.txt and email.html.
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import default_task_backend, task

from accounts.models import Notification

log = logging.getLogger(__name__)
M = Notification.Mail
RETRY_AFTER = [datetime.timedelta(minutes=m) for m in (1, 5, 30, 120, 720)]
MAX_ATTEMPTS = len(RETRY_AFTER) + 1
STUCK_AFTER = datetime.timedelta(hours=1)
LOST_AFTER = datetime.timedelta(minutes=10)  # PENDING with no try yet: its task was never run


def notify(recipients, key, subject, body, url=""):
    """Record the notification ``key`` for each of ``recipients`` that has not had it; e-mail the new
    ones (to users with an address) once the transaction commits. Returns the new notifications."""
    created = []
    seen = set()
    for user in recipients:
        if user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        n, new = Notification.objects.get_or_create(
            recipient=user, key=key[:200],
            defaults={"subject": subject[:255], "body": body, "url": url,
                      "mail": M.PENDING if user.email else M.NONE})
        if new:
            created.append(n)
    to_mail = [n.pk for n in created if n.mail == M.PENDING]
    if to_mail:
        transaction.on_commit(lambda: enqueue(to_mail))
    return created


def enqueue(ids, run_after=None):
    for pk in ids:
        (send_notification_mail.using(run_after=run_after) if run_after else send_notification_mail).enqueue(pk)


@task()
def send_notification_mail(notification_id):
    """The task: send one notification's e-mail (nothing when it was sent or is not due)."""
    return deliver(notification_id)


def message(n):
    """The e-mail of notification ``n``: Vietnamese subject, plain text and HTML parts."""
    context = {"n": n, "user": n.recipient, "link": f"{settings.SITE_URL}{n.url}" if n.url else "",
               "inbox": f"{settings.SITE_URL}/thong-bao/"}
    email = EmailMultiAlternatives(subject=n.subject, body=render_to_string("notifications/email.txt", context),
                                   to=[n.recipient.email], headers={"X-Treem-Event": n.key})
    email.attach_alternative(render_to_string("notifications/email.html", context), "text/html")
    return email


def deliver(notification_id, now=None):
    """Send the e-mail of one notification if it is due; returns 'sent', 'retry', 'failed' or 'skipped'."""
    now = now or timezone.now()
    claimed = (Notification.objects.filter(pk=notification_id, mail=M.PENDING)
               .filter(Q(mail_next_at__isnull=True) | Q(mail_next_at__lte=now))
               .update(mail=M.SENDING, mail_attempts=F("mail_attempts") + 1, mail_next_at=now))  # now: claimed at
    if claimed != 1:
        return "skipped"  # sent, being sent by another worker, or not due yet
    n = Notification.objects.select_related("recipient").get(pk=notification_id)
    try:
        message(n).send()
    except (smtplib.SMTPException, OSError) as e:
        error = f"{type(e).__name__}: {e}"[:2000]
        if n.mail_attempts >= MAX_ATTEMPTS:
            Notification.objects.filter(pk=n.pk).update(mail=M.FAILED, mail_error=error, mail_next_at=None)
            log.error("notification %s: e-mail failed %s times, given up: %s", n.pk, n.mail_attempts, error)
            return "failed"
        next_at = timezone.now() + RETRY_AFTER[n.mail_attempts - 1]
        Notification.objects.filter(pk=n.pk).update(mail=M.PENDING, mail_error=error, mail_next_at=next_at)
        log.warning("notification %s: e-mail failed (%s), next try at %s", n.pk, error, next_at)
        if default_task_backend.supports_defer:
            enqueue([n.pk], run_after=next_at)
        return "retry"
    Notification.objects.filter(pk=n.pk).update(mail=M.SENT, mail_sent_at=timezone.now(), mail_error="",
                                                mail_next_at=None)
    return "sent"


def retry_due(now=None):
    """Queue the e-mails that are due again (or whose task was lost); end the ones stuck SENDING.
    Returns how many were queued."""
    now = now or timezone.now()
    Notification.objects.filter(mail=M.SENDING, mail_next_at__lt=now - STUCK_AFTER).update(
        mail=M.FAILED, mail_error="Không rõ thư đã gửi hay chưa (tiến trình gửi dừng giữa chừng); không gửi lại.")
    due = list(Notification.objects.filter(mail=M.PENDING).filter(
        Q(mail_next_at__lte=now) | Q(mail_next_at__isnull=True, created_at__lt=now - LOST_AFTER))
        .values_list("pk", flat=True)[:5000])
    for pk in due:
        if default_task_backend.supports_defer:
            send_notification_mail.enqueue(pk)
        else:  # the immediate backend (tests): run now, at the time asked for
            deliver(pk, now=now)
    return len(due)


# --- the page -----------------------------------------------------------------------------------

def for_user(user):
    return Notification.objects.filter(recipient=user)


def mark_read(user, ids=None):
    """Mark the user's notifications read (all, or those of ``ids``); another user's are untouched."""
    qs = Notification.objects.filter(recipient=user, is_read=False)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(is_read=True)
