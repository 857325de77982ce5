from django.core.management.base import BaseCommand
from django.db import transaction

from assessments.demo import PASSWORD, load_assessment_demo
from inspections.demo import load_inspection_demo


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu: đơn vị hành chính, bộ tiêu chuẩn, người dùng mỗi vai trò và hồ sơ ở các bước."

    def handle(self, *args, **options):
        # the whole demo or nothing; inspections sit above assessments, so the demo is put together here
        with transaction.atomic():
            users = load_assessment_demo()
            load_inspection_demo()
        self.stdout.write("Tài khoản mẫu (mật khẩu chung: %s):" % PASSWORD)
        for u in users:
            self.stdout.write(f"  {u.username:<20} {u.get_role_display():<40} {u.unit or 'Toàn quốc'}")
        self.stdout.write(f"load_demo: {len(users)} users ready")
