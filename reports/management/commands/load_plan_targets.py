import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communes.models import Level, Unit
from reports.models import Target

K = Target.Kind
NATIONAL = ("Quyết định số 23/QĐ-TTg ngày 07/01/2021 của Thủ tướng Chính phủ phê duyệt Chương trình hành động "
            "quốc gia vì trẻ em giai đoạn 2021 - 2030 (65% đến năm 2025, 75% đến năm 2030)")
NINH_THUAN = "Kế hoạch số 965/KH-UBND ngày 22/3/2017 của Ủy ban nhân dân tỉnh Ninh Thuận"
LANG_SON = ("Kế hoạch thực hiện Quyết định số 06/QĐ-TTg năm 2022 của Sở Lao động - Thương binh và Xã hội "
            "tỉnh Lạng Sơn (tháng 3/2022)")

# (province code, the day the plan was issued, kind, from year, year, percent, maximum, source)
PLANS = [
    (None, None, K.RECOGNISED_SHARE, None, 2025, 65, None, NATIONAL),
    (None, None, K.RECOGNISED_SHARE, None, 2030, 75, None, NATIONAL),
    ("58", datetime.date(2017, 3, 22), K.RECOGNISED_SHARE, None, 2020, 80, None, NINH_THUAN),
    ("58", datetime.date(2017, 3, 22), K.NEW_SHARE, 2017, 2020, 3, 5, NINH_THUAN),
    ("20", datetime.date(2022, 3, 1), K.RECOGNISED_SHARE, 2022, 2022, 95, None, LANG_SON),
]


class Command(BaseCommand):
    help = _("Ghi các chỉ tiêu kế hoạch đã biết (Chương trình quốc gia; Ninh Thuận 2017–2020; Lạng Sơn 2022). "
             "Chạy lại nhiều lần không tạo trùng; tỉnh chưa nhập đơn vị hành chính thì bỏ qua.")

    @transaction.atomic
    def handle(self, *args, **options):
        written, skipped = 0, []
        for code, issued, kind, year_from, year, percent, percent_max, source in PLANS:
            unit = None
            if code is not None:
                unit = (Unit.objects.filter(level=Level.PROVINCE, code=code, valid_from__lte=issued)
                        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=issued)).first())
                if unit is None:
                    skipped.append(code)
                    continue
            Target.objects.update_or_create(
                unit=unit, kind=kind, year=year,
                defaults={"year_from": year_from, "percent": percent, "percent_max": percent_max, "source": source})
            written += 1
        missing = f", skipped provinces {', '.join(sorted(set(skipped)))} (import_units --pre-reform first)" \
            if skipped else ""
        self.stdout.write(f"load_plan_targets: {written} targets{missing}")
