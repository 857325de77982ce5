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

Each user chooses how they are e-mailed (User.mail_preference, on the "Việc chờ tôi" page): each
notification at once (the default), one digest a day (``digest_due``, run by the nightly
``send_reminders`` after the reminders: one e-mail per user and day with every notification waiting,
claimed and tried again by the same rules), or none; in the app every notification is shown all the same,
and the header counts the unread ones (``with_unread``: loaded with the user, no query of its own).

The apps above (assessments, reports) call ``notify`` with Vietnamese subject and body; the e-mail's
plain text and HTML parts come from templates/notifications/email.txt and email.html (the digest's from
digest.txt and digest.html).
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import default_task_backend, task

from accounts.models import MailPreference, Notification, User

log = logging.getLogger(__name__)
M = Notification.Mail
RETRY_AFTER = [datetime.timedelta(minutes=m) for m in (1, 5, 30, 120, 720)]
MAX_ATTEMPTS = len(RETRY_AFTER) + 1
STUCK_AFTER = datetime.timedelta(hours=1)
LOST_AFTER = datetime.timedelta(minutes=10)  # PENDING with no try yet: its task was never run


def mail_state(user):
    """How a new notification of ``user`` is e-mailed: at once (PENDING), in the daily digest (DIGEST), or
    not (NONE: no address, or the user asked for none; it is shown in the app all the same)."""
    if not user.email or user.mail_preference == MailPreference.NONE:
        return M.NONE
    return M.DIGEST if user.mail_preference == MailPreference.DIGEST else M.PENDING


def notify(recipients, key, subject, body, url=""):
    """Record the notification ``key`` for each of ``recipients`` that has not had it; e-mail the new
    ones (to users with an address who want it at once) once the transaction commits; the others wait
    for the daily digest (``digest_due``) or are not mailed (``mail_state``). Returns the new notifications."""
    created = []
    seen = set()
    for user in recipients:
        if user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        n, new = Notification.objects.get_or_create(
            recipient=user, key=key[:200],
            defaults={"subject": subject[:255], "body": body, "url": url,
                      "mail": mail_state(user)})
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
    """Queue the e-mails that are due again (or whose task was lost), the digests that failed included;
    end the ones stuck SENDING. Returns how many were queued."""
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
    # a digest that failed is tried again on the same schedule (the day's first one is digest_due's)
    again = list(Notification.objects.filter(mail=M.DIGEST, mail_attempts__gt=0, mail_next_at__lte=now)
                 .order_by().values_list("recipient", flat=True).distinct())
    for user_id in again:
        _run_digest(user_id, now)
    return len(due) + len(again)


# --- the daily digest -------------------------------------------------------------------------------

def _due(now):
    return Q(mail_next_at__isnull=True) | Q(mail_next_at__lte=now)


def digest_due(day=None, now=None):
    """Queue the day's digest of every user with notifications waiting for it (DIGEST): one e-mail per
    user and day. The user's row claims the day (``digest_on``) with an update that must change exactly
    one row, so a second run of the day, or a second worker, queues nothing twice. Run nightly after the
    reminders (``send_reminders``), so the day's reminders are in it. Returns how many were queued."""
    now = now or timezone.now()
    day = day or timezone.localdate(now)
    open_day = Q(digest_on__isnull=True) | Q(digest_on__lt=day)
    waiting = Notification.objects.filter(_due(now), mail=M.DIGEST, mail_attempts=0).order_by().values("recipient")
    queued = 0
    for pk in User.objects.filter(open_day, pk__in=waiting).values_list("pk", flat=True):
        if User.objects.filter(open_day, pk=pk).update(digest_on=day) == 1:
            _run_digest(pk, now)
            queued += 1
    return queued


def _run_digest(user_id, now, run_after=None):
    if default_task_backend.supports_defer:
        (send_digest_mail.using(run_after=run_after) if run_after else send_digest_mail).enqueue(user_id)
    elif run_after is None:  # the immediate backend (tests): run now, at the time asked for
        deliver_digest(user_id, now=now)


@task()
def send_digest_mail(user_id):
    """The task: send one user's digest of the notifications waiting for it (nothing when none is due)."""
    return deliver_digest(user_id)


def digest_message(user, items, day):
    """The digest e-mail: every notification waiting, newest first, each with its link."""
    context = {"user": user, "items": [(n, f"{settings.SITE_URL}{n.url}" if n.url else "") for n in items],
               "day": day, "inbox": f"{settings.SITE_URL}/thong-bao/"}
    email = EmailMultiAlternatives(
        subject=f"Tổng hợp thông báo ngày {day:%d/%m/%Y}: {len(items)} thông báo",
        body=render_to_string("notifications/digest.txt", context), to=[user.email],
        headers={"X-Treem-Event": f"digest:{user.pk}:{day.isoformat()}"})
    email.attach_alternative(render_to_string("notifications/digest.html", context), "text/html")
    return email


def deliver_digest(user_id, now=None):
    """Send one user's digest of the notifications waiting for it and due; 'sent', 'retry', 'failed' or
    'skipped'. The rows are claimed as deliver claims one (DIGEST → SENDING), and a failure is tried
    again on the same schedule (RETRY_AFTER, then FAILED after MAX_ATTEMPTS) with whatever has come since."""
    now = now or timezone.now()
    ids = list(Notification.objects.filter(_due(now), recipient_id=user_id, mail=M.DIGEST).values_list("pk", flat=True))
    if not ids or not Notification.objects.filter(pk__in=ids, mail=M.DIGEST).update(
            mail=M.SENDING, mail_attempts=F("mail_attempts") + 1, mail_next_at=now):
        return "skipped"
    items = list(Notification.objects.filter(pk__in=ids, mail=M.SENDING, mail_next_at=now)
                 .select_related("recipient").order_by("-created_at", "-id"))
    user = items[0].recipient
    claimed = Notification.objects.filter(pk__in=[n.pk for n in items])
    if not user.email:  # the address was removed since: in the app only
        claimed.update(mail=M.NONE, mail_next_at=None)
        return "skipped"
    try:
        digest_message(user, items, timezone.localdate(now)).send()
    except (smtplib.SMTPException, OSError) as e:
        error = f"{type(e).__name__}: {e}"[:2000]
        claimed.filter(mail_attempts__gte=MAX_ATTEMPTS).update(mail=M.FAILED, mail_error=error, mail_next_at=None)
        later = []
        for attempts in sorted({n.mail_attempts for n in items if n.mail_attempts < MAX_ATTEMPTS}):
            next_at = timezone.now() + RETRY_AFTER[attempts - 1]
            claimed.filter(mail_attempts=attempts).update(mail=M.DIGEST, mail_error=error, mail_next_at=next_at)
            later.append(next_at)
        log.warning("digest of user %s: e-mail failed (%s)", user_id, error)
        if later:
            _run_digest(user_id, now, run_after=min(later))
            return "retry"
        return "failed"
    claimed.update(mail=M.SENT, mail_sent_at=timezone.now(), mail_error="", mail_next_at=None)
    return "sent"


# --- the page and the header's count ---------------------------------------------------------------

def for_user(user):
    return Notification.objects.filter(recipient=user)


def with_unread(users):
    """``users`` (a queryset) annotated with ``unread_notifications``, each user's unread count: the
    signed-in user is loaded so (accounts.backends), so the header's count costs no query of its own."""
    unread = (Notification.objects.filter(recipient=OuterRef("pk"), is_read=False).order_by()
              .values("recipient").annotate(n=Count("pk")).values("n"))
    return users.annotate(unread_notifications=Coalesce(Subquery(unread, output_field=IntegerField()), 0))


def unread_count(user):
    """The header's count: read with the user (with_unread), else counted once and kept on the user."""
    if getattr(user, "unread_notifications", None) is None:
        user.unread_notifications = Notification.objects.filter(recipient=user, is_read=False).count()
    return user.unread_notifications


def mark_read(user, ids=None):
    """Mark the user's notifications read (all, or those of ``ids``); another user's are untouched."""
    qs = Notification.objects.filter(recipient=user, is_read=False)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(is_read=True)


def preference_set(*, user, preference):
    """Save how ``user`` is e-mailed; choosing none also drops the notifications waiting for a digest
    (they stay in the app). Returns the user."""
    user.mail_preference = preference
    user.full_clean(validate_unique=False, validate_constraints=False)
    user.save(update_fields=["mail_preference"])
    if preference == MailPreference.NONE:
        Notification.objects.filter(recipient=user, mail=M.DIGEST).update(mail=M.NONE, mail_next_at=None)
    return user
