"""``python manage.py purge_evidence [--older-than YEARS] [--dry-run]``: the end of the files' retention.

Removes the evidence files and signed council minutes of dossiers decided (recognised or not) more
than YEARS (default: settings.EVIDENCE_RETENTION_YEARS) before today, by the decision's signing date;
the rows stay, marked "đã xóa theo thời hạn lưu trữ" (assessments.retention). ``--dry-run`` lists
what would be removed and removes nothing. Run it by hand or yearly from cron, after a dry run.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from assessments import retention


class Command(BaseCommand):
    help = "Xóa tệp minh chứng và biên bản của hồ sơ đã có quyết định quá thời hạn lưu trữ"

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, dest="years", default=None,
                            help="số năm lưu trữ kể từ ngày ký quyết định (mặc định: EVIDENCE_RETENTION_YEARS)")
        parser.add_argument("--dry-run", action="store_true", help="chỉ liệt kê, không xóa")

    def handle(self, *, years=None, dry_run=False, **options):
        years = settings.EVIDENCE_RETENTION_YEARS if years is None else years
        if years < 1:
            raise CommandError("--older-than phải là số năm từ 1 trở lên.")
        found = retention.due(years) if dry_run else retention.purge(years)
        verb = "Sẽ xóa" if dry_run else "Đã xóa"
        last = retention.cutoff(years, timezone.localdate())
        for ev in found.evidence:
            a = ev.score.assessment
            self.stdout.write(f"{verb}: minh chứng “{ev.original_name}” – hồ sơ {a.pk} ({a.commune}, {a.round.year})")
        for c in found.councils:
            a = c.assessment
            self.stdout.write(f"{verb}: biên bản hội đồng đã ký – hồ sơ {a.pk} ({a.commune}, {a.round.year})")
        self.stdout.write(f"{verb} {len(found.evidence)} tệp minh chứng và {len(found.councils)} biên bản "
                          f"của hồ sơ có quyết định ký đến ngày {last:%d/%m/%Y} "
                          f"(lưu trữ {years} năm)" + (" – chạy thử, chưa xóa gì." if dry_run else "."))

