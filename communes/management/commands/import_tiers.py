from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy as _

from communes.tiers import COLUMNS, import_tiers


class Command(BaseCommand):
    help = _("Nạp danh sách nhóm ngưỡng công nhận của các đơn vị cấp xã từ tệp CSV (cột: %(cols)s). "
             "Cả tệp hoặc không gì cả; chạy lại không thay đổi gì.") % {"cols": ", ".join(COLUMNS)}

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help=_("Tệp CSV (UTF-8), ví dụ fixtures/tiers/lao_cai.csv"))

    def handle(self, *args, files, **options):
        for name in files:
            path = Path(name)
            try:
                text = path.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as e:
                raise CommandError(_("Không đọc được %(f)s: %(e)s") % {"f": name, "e": e})
            r = import_tiers(text)
            if r.problems:
                for p in r.problems:
                    self.stderr.write(str(p))
                raise CommandError(_("%(f)s: %(n)s lỗi, không lưu dòng nào.") % {"f": name, "n": len(r.problems)})
            self.stdout.write(f"import_tiers: {path.name}: {r.rows} rows (created {r.created}, "
                              f"updated {r.updated}, unchanged {r.unchanged})")
