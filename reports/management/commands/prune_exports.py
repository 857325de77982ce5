import datetime

from django.core.management.base import BaseCommand
from django.utils.translation import gettext_lazy as _

from reports.jobs import prune


class Command(BaseCommand):
    help = _("Xóa các tệp báo cáo đã xuất cũ hơn số ngày cho trước (mặc định 7) và bản ghi của chúng.")

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7)

    def handle(self, *args, days, **options):
        removed = prune(older_than=datetime.timedelta(days=days))
        self.stdout.write(f"prune_exports: {removed} exports older than {days} days removed")
