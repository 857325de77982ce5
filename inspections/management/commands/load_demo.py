from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.help import duty_of
from accounts.models import User
from assessments.demo import PASSWORD, load_assessment_demo
from assessments.selectors import sector_named_for
from inspections.demo import RECORDERS, load_inspection_demo


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu: đơn vị hành chính, bộ tiêu chuẩn, người dùng mỗi vai trò và hồ sơ ở các bước."

    def handle(self, *args, **options):
        # the whole demo or nothing; inspections sit above assessments, so the demo is put together here
        with transaction.atomic():
            users = load_assessment_demo()
            load_inspection_demo()
        made = {u.pk for u in users}
        users += [u for u in User.objects.filter(username__in=RECORDERS).order_by("username") if u.pk not in made]
        today = timezone.localdate()
        self.stdout.write("Tài khoản mẫu (mật khẩu chung: %s):" % PASSWORD)
        for u in users:
            # who, where, and what they do (accounts.help: the same line heads their "Hướng dẫn" page); the sector
            # as named in their period (a former district's office of 2024: LĐTBXH, not today's Y tế)
            sector = f", ngành {sector_named_for(u, today)}" if u.sector_id else ""
            self.stdout.write(f"  {u.username:<20} {u.get_role_display():<40} {u.unit or 'Toàn quốc'}{sector}"
                              f" — {duty_of(u)}")
        self.stdout.write(f"load_demo: {len(users)} users ready")
