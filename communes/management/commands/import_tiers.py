from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy as _

from communes.tiers import COLUMNS, import_tiers


class Command(BaseCommand):
    """Loads CSV lists, each whole or not at all; import_unit_changes loads its lists the same way."""

    help = _("Nạp danh sách nhóm ngưỡng công nhận của các đơn vị cấp xã từ tệp CSV (cột: %(cols)s). "
             "Cả tệp hoặc không gì cả; chạy lại không thay đổi gì.") % {"cols": ", ".join(COLUMNS)}
    example = "fixtures/tiers/lao_cai.csv"
    label = "import_tiers"
    load = staticmethod(import_tiers)

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help=_("Tệp CSV (UTF-8), ví dụ %(f)s") % {"f": self.example})

    def summary(self, r):
        return f"{r.rows} rows (created {r.created}, updated {r.updated}, unchanged {r.unchanged})"

    def handle(self, *args, files, **options):
        for name in files:
            path = Path(name)
            try:
                text = path.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as e:
                raise CommandError(_("Không đọc được %(f)s: %(e)s") % {"f": name, "e": e})
            r = self.load(text)
            if r.problems:
                for p in r.problems:
                    self.stderr.write(str(p))
                raise CommandError(_("%(f)s: %(n)s lỗi, không lưu dòng nào.") % {"f": name, "n": len(r.problems)})
            self.stdout.write(f"{self.label}: {path.name}: {self.summary(r)}")
