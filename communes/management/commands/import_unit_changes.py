from django.utils.translation import gettext_lazy as _

from communes.unit_changes import COLUMNS, import_changes

from .import_tiers import Command as ListCommand


class Command(ListCommand):
    help = _("Nạp tên, loại và đơn vị cấp trên của các đơn vị hành chính theo giai đoạn từ tệp CSV, mỗi nghị "
             "quyết một tệp (cột: %(cols)s; cột thứ tám successor_code, nếu có: đơn vị nhận đơn vị đã kết thúc). "
             "Cả tệp hoặc không gì cả; chạy lại không thay đổi gì.") % {"cols": ", ".join(COLUMNS)}
    example = "fixtures/unit_changes/nq_767_2019_sa_pa.csv"
    label = "import_unit_changes"
    load = staticmethod(import_changes)

    def summary(self, r):
        return f"units created {r.units_created}, ended {r.units_ended}, {super().summary(r)}"
