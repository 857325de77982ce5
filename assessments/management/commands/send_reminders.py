"""``python manage.py send_reminders [--on YYYY-MM-DD] [--enqueue]``: the deadline reminders of a day.

Run nightly (cron or a systemd timer, see README). For each deadline 7 days and 1 day ahead of
``--on`` (default today) and each one that passed the day before, the unit that must act is told what
is missing (assessments.deadlines); e-mails go through the task queue. Then the day's digests go to the
users who asked for one (accounts.notifications.digest_due, one e-mail per user and day). Running it
twice for a day sends nothing twice. ``--enqueue`` hands the whole run to a worker (send_reminders_task) instead.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.notifications import digest_due, retry_due
from assessments import deadlines


class Command(BaseCommand):
    help = "Nhắc hạn: 7 ngày, 1 ngày trước hạn và ngày sau khi quá hạn (mặc định: hôm nay)"

    def add_arguments(self, parser):
        parser.add_argument("--on", help="ngày chạy, YYYY-MM-DD (mặc định: hôm nay)")
        parser.add_argument("--enqueue", action="store_true", help="giao cho tiến trình chạy việc nền (db_worker)")

    def handle(self, *, on=None, enqueue=False, **options):
        try:
            day = datetime.date.fromisoformat(on) if on else timezone.localdate()
        except ValueError:
            raise CommandError(f"--on phải có dạng YYYY-MM-DD, không phải {on!r}")
        if enqueue:
            result = deadlines.send_reminders_task.enqueue(day.isoformat())
            self.stdout.write(f"Đã giao việc nhắc hạn ngày {day:%d/%m/%Y}: {result.id}")
            return
        created = deadlines.send_reminders(day)
        again = retry_due()
        digests = digest_due(day)
        self.stdout.write(f"Ngày {day:%d/%m/%Y}: {len(created)} thông báo nhắc hạn mới; "
                          f"{again} thư gửi lại; {digests} thư tổng hợp.")
